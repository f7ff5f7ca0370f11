"""The layers point down: core, db and devices never import Qt (import-linter)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# What reads the wall clock as a date or an hour; time.monotonic() (durations) is fine.
WALL_CLOCK = re.compile(r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.(?:time|localtime|gmtime|ctime)"
                        r"|QDateTime\.currentDateTime(?:Utc)?|QDate\.currentDate|QTime\.currentTime)\s*\(")
CLOCK_SOURCE = ROOT / "core" / "clock.py"
CHECKED = ["core", "db", "devices", "ui", "kiosk", "counter", "display", "admin", "motcua", "tools", "tests"]


def test_only_the_store_clock_reads_the_wall_clock():
    """Time is an input: no module but core/clock.py reads the machine's date or hour (bench/ measures time)."""
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for folder in CHECKED for path in sorted((ROOT / folder).rglob("*.py")) if path != CLOCK_SOURCE
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if WALL_CLOCK.search(line.split("#", 1)[0]) and "WALL_CLOCK" not in line]
    assert not found, "reads the wall clock (use the store's clock, or core.clock.system_now):\n" + "\n".join(found)
