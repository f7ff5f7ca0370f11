"""test_screen_sizes.py again, with every window a real X11 window on an X server (Xvfb), as on an office PC.

The suite runs offscreen; this runs the same checks (each app at each size: controls on the screen, no text
clipped) in a child pytest under `xvfb-run` with Qt's xcb platform: fonts, window geometry and style as X
gives them. Skipped where Xvfb is not installed (install/setup.sh installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (apt install xvfb xauth)")
def test_every_app_fits_every_size_on_a_real_x_server():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTEST_XDIST_WORKER")}
    env["QT_QPA_PLATFORM"] = "xcb"
    # a screen larger than every size tested: each window is given exactly the size it is tested at
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 3840x2160x24 -nolisten tcp", sys.executable, "-m", "pytest", "-q",
         "-p", "no:cacheprovider", "-x", str(HERE / "test_screen_sizes.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    tail = (run.stdout + run.stderr)[-4000:]
    assert run.returncode == 0, tail
    assert " passed" in run.stdout and "skipped" not in run.stdout.split("\n")[-2], tail
