#!/usr/bin/env bash
# ASIP Desktop on a Debian/Ubuntu machine, from a fresh clone:
#   ./dev.sh run    install what is missing, then launch the application
#   ./dev.sh test   install what is missing, then run the whole test suite (offscreen)
# System packages are installed with apt only when missing (root or sudo);
# Python packages go into .venv beside this file.
set -euo pipefail
cd "$(dirname "$0")"

# Qt's runtime libraries (xcb for a real screen), the Secret Service for the
# key store.
APT_RUN=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
         libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
         dbus gnome-keyring)
# poppler for PDF checks; PostgreSQL for the team-base tests (the suite starts its own
# throw-away cluster on a Unix socket: tests/team/pg_cluster.py); e2fsprogs (chattr) and
# mount for the store's fault tests (an immutable file, a small tmpfs: under CI a missing
# tool fails those tests rather than skipping them, tests/support/system.py).
APT_TEST=(poppler-utils postgresql postgresql-client e2fsprogs mount)

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

python_env() {
  local extra="$1"
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is required (found $(python3 --version))." >&2
    exit 1
  fi
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
}

case "${1:-}" in
  run)
    apt_install "${APT_RUN[@]}"
    python_env ""
    shift
    exec .venv/bin/asip-desktop "$@"
    ;;
  test)
    apt_install "${APT_RUN[@]}" "${APT_TEST[@]}"
    python_env "[test]"
    shift
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh run | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
