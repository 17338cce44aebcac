"""How soon the language server answers, driven over stdio as an editor drives it (issue 26).

    .venv/bin/python benchmarks/server.py --repeat 7        # --list PATH (default: the corpus's DefTruth list)

Each round starts, interleaved, ``python -c pass`` and ``awesomelint server`` (both with byte-code caches
on, as an installed package has them), and times through tests/lspclient.py (a client that stamps each
message as it arrives):

- initialize: from the server's start to the answer of ``initialize``, against ``python -c pass``'s whole
  run (goal: at most 0.3 s more);
- first diagnostics: from that answer to the diagnostics of the list, opened at once (goal: 0.1 s);
- a change's diagnostics: from a one-cell edit to its diagnostics (goal: the debounce plus 50 ms).

It prints the medians with ``ok`` or ``MISSED`` (against wall time), the CPU time the server spent on each
(all its threads, read from Linux's schedstat: far less sensitive to a loaded machine than wall time), the
load average, and, when pygls is installed, what importing it (and lsprotocol) costs over ``python -c
pass``: the reason the server speaks JSON-RPC itself.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.lspclient import StdioClient  # noqa: E402

#: the corpus as the tests find it: the folder AWESOMELINT_CORPUS names, else ../shared/corpus
CORPUS = Path(os.environ.get("AWESOMELINT_CORPUS") or ROOT.parent / "shared" / "corpus").expanduser()
CORPUS_LIST = CORPUS / "DefTruth__Awesome-LLM-Inference__README.md"
DEBOUNCE = 0.3  # awesomelint.commands.server.DEBOUNCE_SECONDS (not imported: this process stays a client)
GOALS = {"initialize": 0.3, "first": 0.1, "change": DEBOUNCE + 0.05}
TIMEOUT = 60


def make_list(rows: int) -> str:
    """A paper list of ``rows`` table rows (a date, a title with a link, a paper and a code link), one date
    in forty written otherwise."""
    out = ["# Awesome Things", "", "## Papers", "", "|Date|Title|Paper|Code|", "|:---:|:---:|:---:|:---:|"]
    for i in range(rows):
        sep = "-" if i % 40 == 7 else "."  # a date to fix now and then
        out.append(
            f"|2024{sep}{i % 12 + 1:02d}|[Title {i}](https://example.org/{i})|"
            f"[[pdf]](https://arxiv.org/abs/2401.{i:05d})|[[code]](https://github.com/o{i}/r{i})|"
        )
    return "\n".join(out) + "\n"


def changed(text: str) -> str:
    """``text`` with a letter typed into the middle table row's last cell."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("|") and line.rstrip().endswith("|")]
    i = rows[len(rows) // 2] if rows else len(lines) // 2
    line = lines[i].rstrip()
    lines[i] = line[:-1] + "x|" if line.endswith("|") else line + "x"
    return "\n".join(lines)


class Run:
    """One server's timings (wall clock, s) and the CPU time it had spent by then (all threads, s)."""

    def __init__(self) -> None:
        self.initialize = self.first = self.change = 0.0
        self.cpu_initialize = self.cpu_first = self.cpu_change = 0.0
        self.first_findings: list[tuple[int, str, str]] = []
        self.change_findings: list[tuple[int, str, str]] = []


def _findings(params: dict) -> list[tuple[int, str, str]]:
    return sorted((d["range"]["start"]["line"], d["code"], d["message"]) for d in params["diagnostics"])


def cpu_seconds(pid: int) -> float:
    """The CPU time of a running process, all its threads, to the nanosecond (Linux's schedstat; 0 where
    there is none). Read while the server waits for the next message, it is the work done so far."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that just ended
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def run_server(python: str, path: Path, text: str, debounce: float = DEBOUNCE) -> Run:
    """One server's life: start, initialize, open ``path`` with ``text``, change it, shut down."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = Run()
    client = StdioClient("--today", "2026-11-29", cwd=str(path.parent), env=env, python=python)
    pid = client.proc.pid
    try:
        answered, _ = client.initialize(path.parent.as_uri())
        run.initialize = answered - client.started
        run.cpu_initialize = cpu_seconds(pid)
        uri = path.as_uri()
        client.open(uri, text)
        arrived, params = client.diagnostics(uri, TIMEOUT)
        run.first = arrived - answered
        run.first_findings = _findings(params)
        time.sleep(debounce + 0.2)  # an editor's pause: nothing pending
        before = cpu_seconds(pid)
        run.cpu_first = before - run.cpu_initialize
        sent = client.change(uri, changed(text), 2)
        arrived, params = client.diagnostics(uri, TIMEOUT)
        assert params["version"] == 2, params["version"]
        run.change = arrived - sent
        run.change_findings = _findings(params)
        time.sleep(0.1)
        run.cpu_change = cpu_seconds(pid) - before
        code = client.shutdown_and_exit()
        assert code == 0, (code, client.stderr())
    finally:
        client.close()
    return run


def time_process(argv: list[str]) -> tuple[float, float]:
    """The wall time of a whole process and its CPU time (s)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, argv
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument(
        "--list", type=Path, help="the list to open (default: the corpus's DefTruth list, else 500 made rows)"
    )
    p.add_argument("--python", default=sys.executable)
    args = p.parse_args()
    source = args.list or (CORPUS_LIST if CORPUS_LIST.exists() else None)
    text = source.read_text(encoding="utf-8") if source else make_list(500)
    work = ROOT / "benchmarks" / ".work" / "server"
    work.mkdir(parents=True, exist_ok=True)
    path = work / "README.md"
    path.write_text(text, encoding="utf-8")
    print(f"list: {source or 'made'} ({len(text.splitlines())} lines), {args.repeat} rounds, interleaved")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))

    try:
        import pygls  # noqa: F401  # only to say what it would cost
    except ImportError:
        has_pygls = False
    else:
        has_pygls = True
    passes, pygls_imports, runs = [], [], []
    for _ in range(args.repeat):
        passes.append(time_process([args.python, "-c", "pass"]))
        runs.append(run_server(args.python, path, text))
        if has_pygls:
            pygls_imports.append(time_process([args.python, "-c", "import pygls.lsp.server"]))
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    report(passes, runs, pygls_imports)
    return 0 if all(runs_meet_goals(passes, runs).values()) else 1


def _median(values: list[float]) -> float:
    return statistics.median(values)


def medians(passes: list[tuple[float, float]], runs: list[Run]) -> dict[str, tuple[float, float]]:
    """Each timing's median wall and CPU time (initialize's over python -c pass's)."""
    wall, cpu = _median([p[0] for p in passes]), _median([p[1] for p in passes])
    return {
        "initialize": (
            _median([r.initialize for r in runs]) - wall,
            _median([r.cpu_initialize for r in runs]) - cpu,
        ),
        "first": (_median([r.first for r in runs]), _median([r.cpu_first for r in runs])),
        "change": (_median([r.change for r in runs]), _median([r.cpu_change for r in runs])),
    }


def runs_meet_goals(passes: list[tuple[float, float]], runs: list[Run]) -> dict[str, bool]:
    return {key: wall <= GOALS[key] for key, (wall, _) in medians(passes, runs).items()}


def report(
    passes: list[tuple[float, float]], runs: list[Run], pygls_imports: list[tuple[float, float]]
) -> None:
    got = medians(passes, runs)
    ok = runs_meet_goals(passes, runs)
    base = _median([p[0] for p in passes])
    print(f"python -c pass: {base * 1000:.0f} ms wall, {_median([p[1] for p in passes]) * 1000:.0f} ms CPU")
    labels = {
        "initialize": "initialize answered, over python -c pass",
        "first": "first diagnostics, after initialize",
        "change": "a change's diagnostics, after the edit",
    }
    print(f"{'':<42} {'wall':>7} {'goal':>7}        {'CPU':>7}")
    for key, label in labels.items():
        wall, cpu = got[key]
        verdict = "ok" if ok[key] else "MISSED"
        print(
            f"{label:<42} {wall * 1000:4.0f} ms {GOALS[key] * 1000:4.0f} ms {verdict:<6} {cpu * 1000:4.0f} ms"
        )
    if pygls_imports:
        wall = _median([p[0] for p in pygls_imports]) - base
        cpu = _median([p[1] for p in pygls_imports]) - _median([p[1] for p in passes])
        print(
            f"{'(import pygls.lsp.server, over python -c pass)':<42} {wall * 1000:4.0f} ms {'':<14} {cpu * 1000:4.0f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
