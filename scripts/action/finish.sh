#!/usr/bin/env bash
# The GitHub Action's last step (action.yml): fails the job with the lint step's exit-code, after
# the SARIF upload. A missing exit-code (the lint step crashed) fails too.
set -euo pipefail
case "${EXIT_CODE:-}" in
  0) echo "Scale-out Lint passed" ;;
  1) echo "Scale-out Lint: findings at or above fail-on (see the lint step's log)"; exit 1 ;;
  *) echo "Scale-out Lint could not lint (exit code ${EXIT_CODE:-missing})"; exit 2 ;;
esac
