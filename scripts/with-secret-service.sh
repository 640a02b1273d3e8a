#!/usr/bin/env bash
# Run a command inside a private D-Bus session with an unlocked GNOME Keyring
# (a real Secret Service), e.g. on a build or CI machine with no desktop:
#   scripts/with-secret-service.sh dist/asip-desktop/asip-desktop-cli --self-test
# Uses a throw-away HOME so no real keyring is touched. Needs dbus and gnome-keyring.
set -euo pipefail
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/share" XDG_RUNTIME_DIR="$scratch/run"
cmd=$(printf '%q ' "$@")
exec dbus-run-session -- sh -c "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; $cmd"
