"""Qt's own words in Vietnamese: dialog buttons, file dialogs, context menus, numbers and dates.

Qt ships no Vietnamese catalog for qtbase, so a file dialog said "Look in:" and a text box's
right-click menu "&Copy" on an otherwise Vietnamese screen. `ui/qtbase_vi.json` holds the
strings our windows show ({context: {English: Vietnamese}}); a translator serves them, and
the default QLocale becomes vi_VN so Qt's spin boxes and calendars write 0,5 and Vietnamese
month names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator


@lru_cache(maxsize=1)
def qtbase_vietnamese() -> dict[str, dict[str, str]]:
    """The catalog: {context: {Qt's English source: Vietnamese}}."""
    return json.loads(resources.files("ui").joinpath("qtbase_vi.json").read_text("utf-8"))


class QtVietnameseTranslator(QTranslator):
    """Answers Qt's own strings from `qtbase_vietnamese()`; anything it does not know stays as Qt wrote it."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 (Qt's signature)
        return qtbase_vietnamese().get(context or "", {}).get(source or "")

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


_installed: dict[int, QtVietnameseTranslator] = {}


def use_language_in_qt(app: QCoreApplication, language: str) -> None:
    """Qt's own strings, numbers and dates in `language` ("vi" or "en") from now on."""
    old = _installed.pop(id(app), None)
    if old is not None:
        app.removeTranslator(old)
    if language == "vi":
        translator = QtVietnameseTranslator(app)
        app.installTranslator(translator)
        _installed[id(app)] = translator
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
