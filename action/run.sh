#!/usr/bin/env bash
# GitHub Action helper: run awesomelint as the action's inputs say. Every input arrives in an environment
# variable (never pasted into the script), so a file name or an argument cannot inject shell code.
#   INPUT_FILES      files or folders, separated by spaces or newlines (default README.md)
#   INPUT_CONFIG     a config file
#   INPUT_ONLINE     'false' adds --offline
#   INPUT_DIFF_BASE  a revision; empty: the pull request's base (PR_BASE_SHA) on pull_request events;
#                    'none': every line
#   INPUT_FORMAT     output format (default github)
#   INPUT_ARGS       more arguments, split on whitespace
#   AWESOMELINT_BIN  the awesomelint to run (default: the one on PATH)
set -euo pipefail
bin="${AWESOMELINT_BIN:-awesomelint}"
base="${INPUT_DIFF_BASE:-}"
case "${GITHUB_EVENT_NAME:-}" in
  pull_request | pull_request_target)
    if [ -z "$base" ]; then base="${PR_BASE_SHA:-}"; fi
    ;;
esac
if [ "$base" = "none" ]; then base=""; fi

args=(--format "${INPUT_FORMAT:-github}")
if [ -n "$base" ]; then
  if ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
    # a shallow checkout (actions/checkout's default) lacks the base commit: fetch just that commit
    echo "awesomelint: fetching $base, the revision to compare with"
    git fetch --quiet --no-tags --depth=1 origin "$base" ||
      echo "awesomelint: could not fetch $base; awesomelint will say what is missing"
  fi
  args+=(--diff-base "$base")
fi
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
if [ "${INPUT_ONLINE:-true}" = "false" ]; then args+=(--offline); fi
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then read -r -d '' -a extra <<<"$INPUT_ARGS" || true; fi
files=()
for f in ${INPUT_FILES:-README.md}; do files+=("$f"); done
if [ "${#files[@]}" -eq 0 ]; then files=(README.md); fi

# ${a[@]+"${a[@]}"}: an empty array under `set -u` in old bash (macOS)
echo "awesomelint ${args[*]} ${extra[*]+${extra[*]}} ${files[*]}"
exec "$bin" "${args[@]}" ${extra[@]+"${extra[@]}"} -- "${files[@]}"
