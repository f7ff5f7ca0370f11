#!/usr/bin/env bash
# Installs what motcua needs on Debian/Ubuntu: system packages (apt), a venv
# in .venv, and the package itself. `--dev` adds the test tools.
# Safe to run again: it installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

extras="postgres,camera,server"
[[ "${1:-}" == "--dev" ]] && extras="postgres,camera,server,dev"

apt_pkgs=(
  python3-venv python3-dev
  libzbar0                       # pyzbar: barcode/QR decoding
  libusb-1.0-0                   # pyusb: usb:// thermal printers
  espeak-ng sox                  # offline Vietnamese voice pack generation
  xvfb xauth                     # screenshots and kiosk on a headless box
  poppler-utils                  # pdftoppm: look at generated PDFs
  postgresql-client              # pg_dump/pg_restore for motcua backup/restore (the distribution's version)
  x11-utils                      # xwininfo: the bundle smoke test looks for each app's window
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0
  libpulse0 libasound2
)
# --dev: libfaketime runs child processes and the whole suite on a chosen clock (tests/clock_tools.py)
[[ "${1:-}" == "--dev" ]] && apt_pkgs+=(faketime)
# --dev: the phone pages' browser tests (tests/web) drive Debian's chromium with its chromedriver
[[ "${1:-}" == "--dev" ]] && apt_pkgs+=(chromium chromium-driver)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${apt_pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "motcua: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "motcua: no apt-get here; install libzbar0, espeak-ng and Qt's xcb libraries yourself" >&2
fi

py="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[${extras}]"
echo "motcua: installed in $here/.venv (extras: $extras)"
