#!/usr/bin/env bash
# GitHub Action helper: install awesomelint (the action's own checkout) into its own virtual environment
# and put it on the job's PATH. An environment restored from the cache with the same key is used as it is.
# A new environment is built with uv when it is on PATH (action.yml sets it up: a cold install in a few
# seconds), else with pip (the same result, several times slower).
#   PYTHON           the interpreter (3.11+) to create the environment with
#   ACTION_PATH      the action's checkout, the source installed
#   ENV_DIR          where the environment lives (default: $RUNNER_TEMP/awesomelint-venv)
#   ENV_KEY          what it was built from (action/keys.sh); a restored environment must carry the same
#   UV               the uv to use (default: uv on PATH); 'none' installs with pip
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
  uv="${UV:-$(command -v uv || true)}"
  if [ "$uv" = "none" ]; then uv=""; fi
  if [ -n "$uv" ]; then
    "$uv" venv --quiet --python "${PYTHON:?}" "$venv"
    if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
    "$uv" pip install --quiet --python "$bin/python" "${ACTION_PATH:?}"
  else
    "${PYTHON:?}" -m venv "$venv"
    if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
    "$bin/python" -m pip install --quiet --disable-pip-version-check "${ACTION_PATH:?}"
  fi
  if [ -n "$key" ]; then printf '%s\n' "$key" >"$venv/.awesomelint-key"; fi
fi
"$bin/awesomelint" --version
echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
echo "AWESOMELINT_BIN=$bin/awesomelint" >>"${GITHUB_ENV:-/dev/null}"
