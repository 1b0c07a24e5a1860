#!/usr/bin/env bash
# The GitHub Action's setup step (action.yml): makes the CLI bundle and writes its path to
# $GITHUB_OUTPUT as `cli`.
#   INPUT_PACKAGE empty: builds dist/cli.js from the action's own source (npm ci, then esbuild);
#                        npm ci is skipped when the action's node_modules already holds esbuild
#   INPUT_PACKAGE set:   installs that npm package instead: a tarball made by `npm pack`
#                        (path relative to the workspace) or, once published, a registry spec
#                        such as scaleout-lint@0.1.0
# Environment: GITHUB_ACTION_PATH, GITHUB_OUTPUT, RUNNER_TEMP (all set by the runner).
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
if [ -n "${INPUT_PACKAGE:-}" ]; then
  prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/scaleout-lint-cli"
  spec=$INPUT_PACKAGE
  # a local tarball or folder is resolved against the workspace, where the step runs
  case "$spec" in ./* | ../* | *.tgz) spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec") ;; esac
  npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "$spec"
  cli="$prefix/lib/node_modules/scaleout-lint/dist/cli.js"
else
  cd "$action_path"
  [ -d node_modules/esbuild ] || npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  node esbuild.mjs
  cli="$action_path/dist/cli.js"
fi
echo "scaleout-lint $(node "$cli" --version)"
echo "cli=$cli" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
