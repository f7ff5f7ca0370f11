#!/usr/bin/env bash
# Installs the dev extras, runs ruff and mypy, then the whole test suite.
# PostgreSQL tests run when MOTCUA_TEST_PG_URL is set, e.g.
#   MOTCUA_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/install/setup.sh" --dev
cd "$here"
export QT_QPA_PLATFORM=offscreen
# the habits first (a few seconds with mypy's cache): lint, then types on core/ and db/ (pyproject.toml)
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 "$@"
