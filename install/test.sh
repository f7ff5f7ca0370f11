#!/usr/bin/env bash
# Installs the dev extras, runs ruff and mypy, then the whole test suite.
#   bash install/test.sh [--at 'YYYY-MM-DD HH:MM' [--tz ZONE]] [pytest arguments…]
# PostgreSQL tests run when MOTCUA_TEST_PG_URL is set, e.g.
#   MOTCUA_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres
# --at runs the suite with the whole process tree's clock set to that moment in office time
# (Asia/Ho_Chi_Minh) by libfaketime; --tz gives the machine another time zone for the run.
# No test may depend on the day, hour or zone it runs in: CI runs it at closed hours too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
at="" tz=""
while [[ "${1:-}" == "--at" || "${1:-}" == "--tz" ]]; do
  [[ $# -ge 2 ]] || { echo "install/test.sh: $1 needs a value" >&2; exit 2; }
  [[ "$1" == "--at" ]] && at="$2" || tz="$2"
  shift 2
done
bash "$here/install/setup.sh" --dev
cd "$here"
export QT_QPA_PLATFORM=offscreen
# the habits first (a few seconds with mypy's cache): lint, then types on core/ and db/ (pyproject.toml)
.venv/bin/ruff check .
.venv/bin/mypy
[[ -n "$tz" ]] && export TZ="$tz"
if [[ -z "$at" && ( -n "${FAKETIME:-}" || "${LD_PRELOAD:-}" == *faketime* ) ]]; then
  # the whole command already runs under libfaketime (`faketime -f '@…' bash install/test.sh`): the same
  # mend of time.sleep as --at gives its run (tests/faketime_site/sitecustomize.py)
  echo "motcua: running the suite under libfaketime (FAKETIME=${FAKETIME:-})"
  export PYTHONPATH="$here/tests/faketime_site${PYTHONPATH:+:$PYTHONPATH}"
fi
if [[ -n "$at" ]]; then
  # faketime reads its timestamp in the machine's zone: convert from office time first.
  start="$(date -d "TZ=\"Asia/Ho_Chi_Minh\" $at" '+%Y-%m-%d %H:%M:%S')"
  echo "motcua: running the suite with the clock at $at office time ($start ${TZ:-machine time})"
  export FAKETIME_DONT_FAKE_MONOTONIC=1
  # tests/faketime_site/sitecustomize.py mends time.sleep under Debian's libfaketime
  export PYTHONPATH="$here/tests/faketime_site${PYTHONPATH:+:$PYTHONPATH}"
  exec faketime -f "@$start" .venv/bin/python -m pytest -n 3 --dist worksteal "$@"
fi
exec .venv/bin/python -m pytest -n 3 --dist worksteal "$@"
