"""Starting an app: settings → language → QApplication with the theme → store."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from core.i18n import set_language
from core.settings import Settings
from db import Store
from ui.qt_catalog import use_language_in_qt
from ui.theme import apply_theme


@dataclass
class AppContext:
    """What a window needs, built once by the `motcua` command and passed in."""

    settings: Settings
    store: Store


def qt_app(settings: Settings, name: str) -> QApplication:
    """The QApplication (created once), themed, in the configured language."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    set_language(settings.language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(f"motcua-{name}")
    apply_theme(app)
    use_language_in_qt(app, settings.language)  # Qt's own buttons, file dialogs and menus too
    return app


def open_context(settings: Settings) -> AppContext:
    return AppContext(settings=settings, store=Store.open(settings.db_url))
