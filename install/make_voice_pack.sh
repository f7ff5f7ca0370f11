#!/usr/bin/env bash
# Regenerates the bundled Vietnamese voice pack (devices/audio/voice/vi-south) offline with espeak-ng + sox.
#   bash install/make_voice_pack.sh [OUT_DIR] [--voice vi-vn-x-south|vi-vn-x-central|vi] [--speed 140]
# An office that records its own clips puts WAVs with the same names (see VOICE.txt and
# core/speech.py CLIP_TEXT) in a folder and sets [voice] pack_dir in motcua.toml; any clip it
# lacks falls back to the bundled pack.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PYTHON: the interpreter to use (the tests pass their own); else the repository's .venv, else python3.
python="${PYTHON:-$here/.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"
cd "$here"
exec "$python" -m devices.audio.make_pack "$@"
