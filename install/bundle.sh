#!/usr/bin/env bash
# Builds the one-folder program dist/motcua/ (PyInstaller; no Python needed where it runs),
# then smoke-tests it with install/bundle_smoke.sh unless --no-test.
#
#   bash install/bundle.sh [--no-test]
#
# Needs install/setup.sh first (the .venv); adds PyInstaller to it. Windows: install/bundle.ps1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[[ -x .venv/bin/python ]] || bash install/setup.sh
.venv/bin/python -m pip install -q -e ".[postgres,server,bundle]"
start=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller install/bundle/motcua.spec
echo "motcua: dist/motcua/ built in $(( $(date +%s) - start )) s, $(du -sh dist/motcua | cut -f1)"
[[ "${1:-}" == "--no-test" ]] || bash install/bundle_smoke.sh dist/motcua
