"""Screenshot of the start-up screen every app shows while its store cannot be used (docs/screenshots/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_startup.py
"""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from db.errors import DatabaseMissing
from ui.app import qt_app
from ui.startup import QtStoreScreen

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> None:
    app = qt_app(Settings(), "screenshots")
    screen = QtStoreScreen("motcua")
    screen.show_problem(DatabaseMissing("/srv/share/motcua/motcua.sqlite3"))
    screen.resize(1280, 720)
    screen.show()
    app.processEvents()
    path = OUT / "startup-missing-database.png"
    screen.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    main()
