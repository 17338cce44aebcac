#!/usr/bin/env bash
# GitHub Action helper: print "path=<interpreter>" to $GITHUB_OUTPUT when INPUT_PYTHON (default python3) is
# Python 3.11 or newer, "path=" otherwise (the action then sets one up with actions/setup-python).
set -euo pipefail
py="${INPUT_PYTHON:-python3}"
found=""
if command -v "$py" >/dev/null 2>&1 &&
  "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  found="$(command -v "$py")"
  echo "awesomelint: using $("$found" --version 2>&1) at $found"
else
  echo "awesomelint: $py is missing or older than Python 3.11; setting up Python 3.12"
fi
echo "path=$found" >>"${GITHUB_OUTPUT:-/dev/null}"
