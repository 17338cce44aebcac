"""The package as PyPI shows it: the README is its description, with every relative link (to a file or a
folder of the repository) made a link to it on GitHub, and nothing else of the text changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from awesomelint.document.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
UV = Path(sys.executable).with_name("uv")  # a test dependency
BLOB = "https://github.com/awesomelint/awesomelint/blob/main/"


def test_the_readme_on_pypi_links_the_repository_files(tmp_path: Path) -> None:
    """Built from this checkout (PyPI is needed for the build dependencies, as for the Action's install)."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache")
    )
    proc = subprocess.run(
        [str(UV), "build", "--wheel", "-o", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        raw = zf.read(name).decode("utf-8")
    headers, description = raw.split("\n\n", 1)  # the body of the metadata is the long description
    assert "Description-Content-Type: text/markdown" in headers
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the links of the README as GitHub reads them (code spans are no links): the relative ones
    relative = [
        link.url
        for link in parse_bytes(readme.encode(), "README.md").iter_links()
        if ":" not in link.url.split("/", 1)[0] and not link.url.startswith(("#", "/"))
    ]
    assert len(relative) >= 40  # the docs pages and one page per rule
    for url in relative:
        assert f"]({BLOB}{url})" in description, url
    # each of them, and nothing else: the examples in code spans (`[Name](url)`) are left as written
    assert description.count(BLOB) == len(relative)
    assert description.replace(BLOB, "").strip() == readme.strip()
