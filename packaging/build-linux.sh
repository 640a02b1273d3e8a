#!/usr/bin/env bash
# Build the Linux one-folder bundle into dist/asip-desktop/ and smoke-test it:
# --version, and --self-test offscreen. Run from anywhere; uses .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install -q "pyinstaller==6.22.3"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/asip-desktop.spec
BUNDLE=dist/asip-desktop
cp packaging/linux/asip-desktop.desktop resources/icons/asip-desktop-256.png "$BUNDLE/"
echo "Bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
"$BUNDLE/asip-desktop-cli" --version
smoke_data=$(mktemp -d)
QT_QPA_PLATFORM=offscreen ASIP_DESKTOP_DATA_DIR="$smoke_data" \
  scripts/with-secret-service.sh "$BUNDLE/asip-desktop-cli" --self-test
rm -rf "$smoke_data"
