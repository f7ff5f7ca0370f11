"""What the manager's pages share: a base page, a read-only table model, a progress job that can be cancelled."""

from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QProgressDialog, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from core.i18n import N_, decimal, tr
from db.errors import StoreError
from db.events import Topic
from ui import theme
from ui.live import LiveRead
from ui.runner import Runner, describe_error


class QtPage(QWidget):
    """A page of the manager's app: reads and writes through the runner, speaks through `sig_message`."""

    sig_message = Signal(str, bool)
    """A sentence for the user (text, is_error): the shell shows it as a toast."""
    topics: frozenset[Topic] = frozenset()
    """What changes make the page read again (while it is shown; a hidden page reads when shown)."""

    def __init__(self, runner: Runner, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.live: LiveRead | None = None

    def follow(self, read: Callable[..., Any], show: Callable[[Any], None], *,
               args: Callable[[], tuple] | None = None,
               on_error: Callable[[Exception], bool] | None = None) -> LiveRead:
        """Declare what the page shows: `read(*args())` on the runner, then `show(answer)`; read again when
        the page's `topics` change, only the answer to the latest read shown."""
        self.live = LiveRead(self.runner, read, show, owner=self, topics=self.topics, args=args, only_visible=True,
                             on_error=on_error or self._refused)
        return self.live

    def list_and_form(self, title: str, headers: list[str], stretch: int, form_title: str
                      ) -> tuple[QVBoxLayout, QFormLayout]:
        """The usual page: a table of things on the left (`self.model`, `self.table`; choosing a row calls
        `self._edit(row)`), an edit form on the right. Returns both layouts to be filled."""
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(heading(title))
        self.model = RowsModel(headers)
        self.table = table_view(self.model, stretch=stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._edit(current.row()))
        left.addWidget(self.table, 1)
        root.addLayout(left, 3)
        box = QWidget()
        box.setMaximumWidth(460)
        form = QFormLayout(box)
        form.addRow(heading(form_title))
        root.addWidget(box, 2)
        return left, form

    def _edit(self, row: int) -> None:
        """Show the thing on table row `row` in the form."""

    def show_rows(self, rows: list[list], items: list, chosen: Callable[[Any], bool]) -> bool:
        """Fill the table with `rows` (one per item) and select again the item the form was showing
        (the first for which `chosen(item)` holds). False when it is no longer there."""
        self.model.set_rows(rows, items)
        row = next((i for i, item in enumerate(items) if chosen(item)), None)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def refresh(self) -> None:
        """Read again what the page shows (the shell calls it when the page is shown)."""
        if self.live is not None:
            self.live.refresh_now()

    def act(self, fn: Callable, *args, done: str = "", then: Callable[[Any], None] | None = None, **kwargs) -> None:
        """Run one store operation; on success say `done` and refresh; a refusal is shown, nothing changes."""
        def finished(result) -> None:
            if done:
                self.sig_message.emit(done, False)
            if then:
                then(result)
            self.refresh()
        self.runner.run(fn, *args, on_done=finished, on_error=self._refused, owner=self, **kwargs)

    def _refused(self, error: Exception) -> bool:
        """Show a refusal or a file problem in the page's words; anything else goes to the runner."""
        if isinstance(error, (StoreError, OSError)):
            self.sig_message.emit(describe_error(error), True)
            return True
        return False


ROLE_NAMES = {"clerk": N_("cán bộ một cửa"), "manager": N_("quản lý"), "admin": N_("quản trị viên")}


def role_name(role: str) -> str:
    """The role as the office says it (mark only: pass it through `tr` where shown)."""
    return ROLE_NAMES.get(role, role)


def button_row(*buttons: tuple[str, str, Callable[[], None]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    """A row of buttons from (text, role, slot): role "quiet", "ok", "danger" or "" (the theme's colours)."""
    row, made = QHBoxLayout(), []
    for text, role, slot in buttons:
        button = QPushButton(text)
        if role:
            button.setProperty("role", role)
        if role == "danger":
            confirm_twice(button, slot)
        else:
            button.clicked.connect(lambda _=False, slot=slot: slot())
        row.addWidget(button)
        made.append(button)
    return row, made


def confirm_twice(button: QPushButton, slot: Callable[[], None], msecs: int = 4000) -> None:
    """A button that removes something asks once more: the first press turns it into
    "Bấm lần nữa để xác nhận" for a few seconds, and only a second press then does it."""
    label = button.text()
    timer = QTimer(button, singleShot=True, interval=msecs)

    def disarm() -> None:
        button.setProperty("armed", False)
        button.setText(label)
    timer.timeout.connect(disarm)

    def pressed() -> None:
        if button.property("armed"):
            timer.stop()
            disarm()
            slot()
        else:
            button.setProperty("armed", True)
            button.setText(tr("Bấm lần nữa để xác nhận"))
            timer.start()
    button.clicked.connect(pressed)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(theme.font(17, bold=True))
    label.setStyleSheet(f"color: {theme.NAVY};")
    label.setWordWrap(True)  # a long heading takes two lines on a narrow screen rather than widening the page
    return label


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows; `items[i]` is the object behind row i."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list[Any]] = []
        self.items: list[Any] = []
        self.bold_rows: set[int] = set()

    def set_rows(self, rows: list[list[Any]], items: list[Any] | None = None, bold: set[int] = frozenset()) -> None:
        self.beginResetModel()
        self.rows, self.items, self.bold_rows = rows, list(items if items is not None else rows), set(bold)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return decimal(value)  # 2,5 phút, not 2.5
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)) and not isinstance(value,
                                                                                                              bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() in self.bold_rows:
            font = QFont(theme.FAMILY)
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def cell(self, row: int, column: int) -> str:
        return self.data(self.index(row, column)) or ""


def table_view(model: RowsModel, stretch: int | None = 1) -> QTableView:
    """A table that selects whole rows, one at a time, with the `stretch` column taking the spare width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class ProgressJob(QObject):
    """A long store or file job with a progress dialog and a Cancel button.

    `fn(progress)` runs on the runner; `progress(done, total)` returns False once the
    user has pressed Cancel (the job then stops and writes nothing).
    """

    sig_progress = Signal(int, int)
    """(done, total), from the worker thread."""

    def __init__(self, runner: Runner, parent: QWidget, title: str):
        super().__init__(parent)
        self.runner = runner
        self.cancelled = threading.Event()
        self.dialog = QProgressDialog(title, tr("Hủy"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancelled.set)
        self.sig_progress.connect(self._show)

    def start(self, fn: Callable[[Callable[[int, int], bool]], Any], on_done: Callable[[Any], None],
              on_error: Callable[[Exception], bool | None]) -> None:
        def progress(done: int, total: int) -> bool:
            self.sig_progress.emit(done, total)
            return not self.cancelled.is_set()

        def finish(callback, value):
            self.dialog.reset()
            self.dialog.hide()
            return callback(value)
        self.runner.run(fn, progress, on_done=lambda r: finish(on_done, r), on_error=lambda e: finish(on_error, e),
                        owner=self)  # the page (and this job) may be gone when it ends: nothing to show then

    def _show(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
