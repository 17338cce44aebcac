#!/usr/bin/env bash
# GitHub Action helper: run action/run.py (awesomelint with the action's inputs, then the outputs and the
# job summary) on the interpreter awesomelint was installed with. See run.py for the inputs.
#   AWESOMELINT_BIN  the awesomelint to run (default: the one on PATH); its folder holds its python
set -euo pipefail
bin="${AWESOMELINT_BIN:-$(command -v awesomelint || echo awesomelint)}"
dir="$(dirname "$bin")"
py=python3
for candidate in "$dir/python" "$dir/python.exe" "$dir/python3"; do
  if [ -x "$candidate" ]; then py="$candidate" && break; fi
done
exec "$py" "$(dirname "${BASH_SOURCE[0]}")/run.py"
