"""The GitHub Action's cold install: uv against pip, as action/install.sh runs them, interleaved.

    .venv/bin/python benchmarks/action_install.py [--repeat 3] [--python python3]

Copies the working tree (as actions/checkout leaves the action's checkout), then runs ``action/install.sh``
into a new environment, alternately with ``UV=none`` (pip, the installer before) and with ``UV=<uv>``
(the uv of this venv, as ``astral-sh/setup-uv`` puts one on a runner's PATH). Every run is cold: pip gets
``PIP_NO_CACHE_DIR=1`` and uv a new, empty ``UV_CACHE_DIR``, so each one downloads and builds everything
as a runner does whose environment cache missed. Prints each installer's median, minimum and maximum wall
time, the ratio, and the goal of issue 26 (a cold install within 5 s where pip took 24 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 5.0


def install(source: Path, work: Path, uv: str, python: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "VIRTUAL_ENV"))}
    env.update(
        ACTION_PATH=str(source),
        PYTHON=python,
        ENV_DIR=str(work / "venv"),
        UV=uv,
        PIP_NO_CACHE_DIR="1",
        UV_CACHE_DIR=str(work / "uv-cache"),
        RUNNER_TEMP=str(work),
    )
    start = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "action" / "install.sh")], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python", default=shutil.which("python3") or sys.executable)
    args = parser.parse_args()
    uv = str(Path(sys.executable).with_name("uv"))
    if not Path(uv).exists():
        raise SystemExit(f"no uv at {uv}: .venv/bin/pip install uv")
    times: dict[str, list[float]] = {"pip": [], "uv": []}
    with tempfile.TemporaryDirectory(prefix="awesomelint-install-") as tmp:
        source = Path(tmp) / "action"
        shutil.copytree(
            ROOT,
            source,
            ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", ".work"),
        )
        for i in range(args.repeat):
            for name, chosen in (("pip", "none"), ("uv", uv)):
                work = Path(tmp) / f"{name}-{i}"
                work.mkdir()
                seconds = install(source, work, chosen, args.python)
                times[name].append(seconds)
                print(f"run {i + 1}: {name} {seconds:.2f} s", flush=True)
                shutil.rmtree(work)
    print()
    for name, values in times.items():
        print(
            f"{name:4} median {statistics.median(values):6.2f} s  min {min(values):6.2f}  max {max(values):6.2f}"
        )
    pip, uv_median = statistics.median(times["pip"]), statistics.median(times["uv"])
    verdict = "ok" if uv_median <= GOAL_SECONDS else "MISSED"
    print(f"uv / pip: {uv_median / pip:.2f}; goal: uv cold install <= {GOAL_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
