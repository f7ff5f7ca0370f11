#!/usr/bin/env bash
# Installs everything, creates a demo office and starts the apps.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/install/setup.sh"
exec "$here/.venv/bin/motcua" demo "$@"
