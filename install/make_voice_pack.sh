#!/usr/bin/env bash
# Regenerates the bundled Vietnamese voice pack (devices/audio/voice/vi-south) offline with espeak-ng.
#   bash install/make_voice_pack.sh [OUT_DIR] [VOICE]     VOICE: vi | vi-vn-x-central | vi-vn-x-south
# An office that records its own clips puts WAVs with the same names in a folder and sets
# [voice] pack_dir in motcua.toml; missing clips fall back to this pack.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/devices/audio/voice/vi-south}"
voice="${2:-vi-vn-x-south}"
"$here/.venv/bin/python" -m devices.audio.make_pack "$out" --voice "$voice"
