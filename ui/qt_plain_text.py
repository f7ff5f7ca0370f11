"""Text from the office's data (catalog, notices, names) is shown as text, never as a web page.

Qt reads a label's text as HTML when it looks like HTML: an imported fee holding
`<a href="file:///etc/passwd">` would become a link on the public kiosk. The style
every app runs under (`ui.theme.apply_theme`) polishes each label to plain text and
each text browser to follow no link; the few screens that lay out their own HTML
escape every value they put in it (`html.escape`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProxyStyle, QTextBrowser, QWidget


class QtPlainTextStyle(QProxyStyle):
    """The app's style (Fusion underneath) that makes every label plain text and every text browser link-dead."""

    def polish(self, widget, *args):  # type: ignore[override] - QStyle.polish is overloaded (widget/palette/app)
        if isinstance(widget, QWidget):
            make_plain(widget)
        return super().polish(widget, *args)


def make_plain(widget: QWidget) -> None:
    """A label shows its text as typed; a text browser opens no link (file://, http://) when clicked."""
    if isinstance(widget, QLabel):
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.setOpenExternalLinks(False)
    elif isinstance(widget, QTextBrowser):
        widget.setOpenLinks(False)
        widget.setOpenExternalLinks(False)
