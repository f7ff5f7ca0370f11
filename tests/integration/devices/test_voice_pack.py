"""The bundled voice pack is what install/make_voice_pack.sh makes: regenerable offline."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

from devices.audio import BUNDLED, Announcer, VoicePack

ROOT = Path(__file__).resolve().parents[3]
ENV = dict(os.environ, PYTHON=sys.executable)  # the interpreter running the tests, not a ./.venv that may not exist


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="espeak-ng and sox needed")
def test_the_script_regenerates_the_bundled_pack_byte_for_byte(tmp_path):
    out = tmp_path / "vi-south"
    subprocess.run(["bash", str(ROOT / "install/make_voice_pack.sh"), str(out), "--voice", "vi-vn-x-south"],
                   check=True, capture_output=True, timeout=300, env=ENV)
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(p.name for p in BUNDLED.iterdir())
    assert all((out / name).read_bytes() == (BUNDLED / name).read_bytes() for name in made)
    other = tmp_path / "vi-north"
    subprocess.run(["bash", str(ROOT / "install/make_voice_pack.sh"), str(other), "--voice", "vi"],
                   check=True, capture_output=True, timeout=300, env=ENV)
    assert Announcer(VoicePack([other])).announcement_for("A023", 3)[:4] == b"RIFF"
