"""Catalog text is text on every screen: an imported link or tag shows as typed and opens nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from fit_tools import themed  # noqa: F401 - a fixture: the style every app runs under
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture

LINK = '<a href="file:///etc/passwd">Xem biểu phí</a>'


def test_a_link_in_an_imported_fee_shows_as_text_and_a_click_opens_nothing(themed, make_kiosk, qtbot,
                                                                          sqlite_demo_store):
    manager = sqlite_demo_store.login("quanly", "quanly123")
    manager.setup.save_procedure(code="9.999999.000.00.00.H10", name="Thủ tục <b>thử</b> an toàn", service="A",
                           processing_days=1, fee=f"50.000 đồng {LINK}", documents=[])
    manager.setup.update_office(header='<img src="file:///etc/motcua/logo.png">UBND', kiosk_footer="<i>Cảm ơn</i>")
    window = make_kiosk()
    assert window.footer.text() == "<i>Cảm ơn</i>" and window.footer.textFormat() == Qt.TextFormat.PlainText
    assert window.office_label.text().startswith('<img src="file:///etc/motcua/logo.png">UBND')

    tap(qtbot, window.home.procedures)
    page = window.procedure_page
    page.query.setText("thu tuc thu an toan")
    qtbot.waitUntil(lambda: page.results.count() > 0 and "<b>thử</b>" in page.results.item(0).text())
    page.results.itemClicked.emit(page.results.item(0))
    qtbot.waitUntil(lambda: LINK in page.detail.toPlainText())
    assert "Thủ tục <b>thử</b> an toàn" in page.detail.toPlainText()

    # a finger on the words the link would have been: no anchor there, the page stays, no file is shown
    cursor = page.detail.document().find("Xem biểu phí")
    cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, 3)
    where = page.detail.cursorRect(cursor).center()
    assert page.detail.anchorAt(where) == ""
    shown = page.detail.toPlainText()
    QTest.mouseClick(page.detail.viewport(), Qt.MouseButton.LeftButton, pos=where)
    themed.processEvents()  # a navigation happens in the click itself; this runs anything it queued
    assert page.detail.toPlainText() == shown and page.detail.source().isEmpty()
    assert "root:" not in page.detail.toPlainText()
    assert not page.detail.openLinks() and not page.detail.openExternalLinks()
