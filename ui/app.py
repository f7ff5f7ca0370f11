"""The QApplication every app runs in: settings → language → theme (ui/startup.py does the rest)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from core.i18n import set_language
from core.settings import Settings
from ui.qt_catalog import use_language_in_qt
from ui.theme import apply_theme


def qt_app(settings: Settings, name: str) -> QApplication:
    """The QApplication (created once), themed, in the configured language."""
    # force: python-escpos calls logging.basicConfig() when imported, which would leave us at WARNING, unformatted
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", force=True)
    set_language(settings.language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(f"motcua-{name}")
    apply_theme(app)
    use_language_in_qt(app, settings.language)  # Qt's own buttons, file dialogs and menus too
    return app
