#!/usr/bin/env bash
# The whole test suite: types, core and keychain tests (in a private D-Bus session with a real
# Secret Service), the production build, then the end-to-end specs in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=./node24.sh
source scripts/node24.sh

echo "== typecheck"
npm run --silent typecheck

echo "== unit and integration tests (vitest, real keychain)"
bash scripts/with-keyring.sh npx vitest run

echo "== build"
npx electron-vite build

echo "== end to end (Playwright, Chromium)"
npx playwright test
