#!/usr/bin/env bash
# Runs a command on Node 24 (see node24.sh): npm scripts go through here so tests, benchmarks
# and the demo run on the Node that Electron 45's main process runs on, whatever the system has.
set -euo pipefail
# shellcheck source=./node24.sh
source "$(dirname "$0")/node24.sh" >/dev/null
exec "$@"
