#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keytar
# talks to a real Secret Service (Linux). Elsewhere the OS keychain is already there.
set -euo pipefail
if [ "$(uname -s)" != "Linux" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon missing (apt-get install -y dbus gnome-keyring)" >&2
  exit 1
fi
export REDRAW_REQUIRE_KEYCHAIN=1
# A throwaway keyring home: tests never touch the user's own keyring.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" XDG_RUNTIME_DIR="$keyring_home"
exec dbus-run-session -- bash -c 'echo -n redraw-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' _ "$@"
