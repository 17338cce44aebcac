"""The package as pip builds it: one version (src/awesomelint/_version.py, read by hatch), the MIT licence
shipped, project URLs and classifiers, and the py.typed marker."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from awesomelint._version import __version__

from .conftest import ROOT


def test_the_version_is_written_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/awesomelint/_version.py"
    hits = [
        p.relative_to(ROOT).as_posix()
        for p in [*(ROOT / "src").rglob("*.py"), ROOT / "pyproject.toml"]
        if re.search(rf"""['"]{re.escape(__version__)}['"]""", p.read_text(encoding="utf-8"))
    ]
    assert hits == ["src/awesomelint/_version.py"]


@pytest.mark.slow
def test_the_wheel_carries_license_metadata_and_types(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("awesomelint-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        dist = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(z.read(f"{dist}/METADATA").decode("utf-8"))
        assert "MIT License" in z.read(f"{dist}/licenses/LICENSE").decode("utf-8")
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT" and meta["License-File"] == "LICENSE"
    classifiers = meta.get_all("Classifier")
    assert {
        "Typing :: Typed",
        "Programming Language :: Python :: 3.11",
        "Development Status :: 3 - Alpha",
    } <= set(classifiers)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert "awesomelint/py.typed" in names
