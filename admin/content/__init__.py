"""The manager's content pages: the working calendar, what the wall display shows, each station's devices."""

from __future__ import annotations

from typing import Callable


def button_row(*buttons: tuple[str, Callable[[], None], str]):
    """A row of buttons from (text, slot, role) — role is the theme's "ok", "quiet", "danger" or ""."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    row = QHBoxLayout()
    for text, slot, role in buttons:
        button = QPushButton(text)
        button.setProperty("role", role)
        button.clicked.connect(slot)
        row.addWidget(button)
    return row


def read_latest(page, fn: Callable[[], object], show: Callable[[object], None]) -> None:
    """Read with `fn` on the page's runner and `show` the answer, unless a newer read was started meanwhile.

    Reads overlap (two runner threads: a change's refresh while an older one is out);
    a late, older answer must not paint over a newer one.
    """
    page._read_seq = getattr(page, "_read_seq", 0) + 1
    seq = page._read_seq

    def done(result) -> None:
        if seq == page._read_seq:
            show(result)
    page.runner.run(fn, on_done=done, on_error=page._refused)
