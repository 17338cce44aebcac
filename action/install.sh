#!/usr/bin/env bash
# GitHub Action helper: install awesomelint into its own virtual environment and put it on the job's PATH.
#   PYTHON           the interpreter (3.11+) to create the environment with
#   ACTION_PATH      the action's checkout, installed unless INPUT_VERSION is set
#   INPUT_VERSION    install this version from PyPI instead
#   INPUT_ONLINE     'true' also installs the network checks' dependencies
set -euo pipefail
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/awesomelint-venv"
"${PYTHON:?}" -m venv "$venv"
if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
extras=""
if [ "${INPUT_ONLINE:-true}" = "true" ]; then extras="[online]"; fi
if [ -n "${INPUT_VERSION:-}" ]; then
  spec="awesomelint${extras}==${INPUT_VERSION#v}"
else
  spec="${ACTION_PATH:?}${extras}"
fi
"$bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
"$bin/awesomelint" --version
echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
echo "AWESOMELINT_BIN=$bin/awesomelint" >>"${GITHUB_ENV:-/dev/null}"
