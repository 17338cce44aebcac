#!/usr/bin/env bash
# GitHub Action helper: the folders and cache keys of the action, to $GITHUB_OUTPUT:
#   env-dir, env-key      the built environment, keyed on the action's version and content and the
#                         interpreter (so a run reuses it instead of building again)
#   cache-dir, links-key  the link cache, keyed on the lists linted (the run id is added by action.yml,
#                         so each run saves a fresh cache and the next one restores the newest)
#   PYTHON       the interpreter awesomelint is installed with
#   ACTION_PATH  the action's checkout
#   INPUT_FILES
set -euo pipefail
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
"${PYTHON:?}" - "${ACTION_PATH:?}" "$temp" <<'PY' >>"${GITHUB_OUTPUT:-/dev/null}"
import hashlib, os, platform, re, sys
from pathlib import Path

action, temp = Path(sys.argv[1]), Path(sys.argv[2])
version = re.search(r'__version__ = "([^"]+)"', (action / "src/awesomelint/_version.py").read_text()).group(1)
content = hashlib.sha256()
for path in sorted([action / "pyproject.toml", *(action / "src").rglob("*.py")]):
    content.update(path.relative_to(action).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
interpreter = hashlib.sha256(f"{sys.executable}\0{sys.version}".encode()).hexdigest()[:12]
files = "\n".join(line.strip() for line in os.environ.get("INPUT_FILES", "").splitlines() if line.strip())
system = os.environ.get("RUNNER_OS") or platform.system()
print(f"env-dir={temp / 'awesomelint-venv'}")
print(f"env-key=awesomelint-env-{system}-{version}-{content.hexdigest()[:16]}-{interpreter}")
print(f"cache-dir={temp / 'awesomelint-links'}")
print(f"links-key=awesomelint-links-{system}-{hashlib.sha256(files.encode()).hexdigest()[:16]}")
PY
