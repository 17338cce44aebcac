#!/usr/bin/env bash
# GitHub Action helper: install awesomelint (the action's own checkout) into its own virtual environment
# and put it on the job's PATH. An environment restored from the cache with the same key is used as it is.
#   PYTHON           the interpreter (3.11+) to create the environment with
#   ACTION_PATH      the action's checkout, the source installed
#   INPUT_ONLINE     'true' also installs the network checks' dependencies
#   ENV_DIR          where the environment lives (default: $RUNNER_TEMP/awesomelint-venv)
#   ENV_KEY          what it was built from (action/keys.sh); a restored environment must carry the same
set -euo pipefail
venv="${ENV_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/awesomelint-venv}"
key="${ENV_KEY:-}"
bin="$venv/bin"
if [ -d "$venv/Scripts" ]; then bin="$venv/Scripts"; fi
if [ -n "$key" ] && [ "$(cat "$venv/.awesomelint-key" 2>/dev/null || true)" = "$key" ] &&
  "$bin/awesomelint" --version >/dev/null 2>&1; then
  echo "awesomelint: using the environment restored from the cache ($key)"
else
  rm -rf "$venv"
  "${PYTHON:?}" -m venv "$venv"
  if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
  extras=""
  if [ "${INPUT_ONLINE:-true}" = "true" ]; then extras="[online]"; fi
  "$bin/python" -m pip install --quiet --disable-pip-version-check "${ACTION_PATH:?}${extras}"
  if [ -n "$key" ]; then printf '%s\n' "$key" >"$venv/.awesomelint-key"; fi
fi
"$bin/awesomelint" --version
echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
echo "AWESOMELINT_BIN=$bin/awesomelint" >>"${GITHUB_ENV:-/dev/null}"
