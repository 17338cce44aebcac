"""The package as pip builds it: one version (src/awesomelint/_version.py, read by hatch), the MIT licence
shipped, project URLs and classifiers, and the py.typed marker; the release workflow that publishes it, and
the install lines of the README and docs/install.md."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml

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


def test_the_release_workflow_builds_once_and_publishes_by_trusted_publishing() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML reads `on:` as True
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "uv build" in [step.get("run") for step in build["steps"]]
    assert publish["needs"] == "build" and publish["environment"]["name"] == "pypi"
    # the OIDC token only where it is needed, and no stored password
    assert publish["permissions"] == {"id-token": "write"} and workflow["permissions"] == {"contents": "read"}
    (step,) = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert "password" not in step.get("with", {})


@pytest.mark.slow
def test_uv_build_writes_what_the_release_publishes_and_the_wheel_installs_as_a_tool(tmp_path: Path) -> None:
    """`uv build` (the release workflow's build) writes the sdist and the wheel of this version, and
    `uv tool install dist/awesomelint-*.whl` (the README's install line) gives a working command."""
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed beside this interpreter (it comes with the test extra)")
    dist = tmp_path / "dist"
    proc = subprocess.run(
        [str(uv), "build", "--out-dir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in dist.iterdir() if not p.name.startswith(".")) == [
        f"awesomelint-{__version__}-py3-none-any.whl",
        f"awesomelint-{__version__}.tar.gz",
    ]
    env = {
        **os.environ,
        "UV_TOOL_DIR": str(tmp_path / "tools"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
    }
    wheel = dist / f"awesomelint-{__version__}-py3-none-any.whl"
    proc = subprocess.run(
        [str(uv), "tool", "install", "--python", sys.executable, str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    example = ROOT / "examples" / "awesome-llm-serving.md"
    proc = subprocess.run(
        [str(tmp_path / "bin" / "awesomelint"), "--offline", str(example)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1 and "Found 5 errors and 1 warning in 1 file" in proc.stdout
    for page in ("README.md", "docs/install.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        assert "uv tool install dist/awesomelint-*.whl" in text and "uv tool install ." in text
