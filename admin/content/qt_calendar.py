"""The working calendar (lịch làm việc): public holidays, weekends, swapped Saturdays and the office's own days.

The month grid is drawn from a `WorkingCalendar` read once per refresh (pure, no
database); the office's days of the shown year are listed beside it to remove.
Due dates everywhere use the same calendar, so a day off added here moves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QFormLayout,
    QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from db.events import Topic
from admin.qt_common import QtPage, confirm_twice, heading
from core.calendar import SESSION_NAMES, WEEKDAY_NAMES, WorkingCalendar, business_day
from core.i18n import N_, tr
from ui import theme
from ui.runner import describe_error

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Look:
    """How one kind of day is drawn, and its name in the legend."""

    colour: str
    label: str


LOOKS = {
    "work": Look(theme.PAPER, N_("Ngày làm việc")),
    "weekend": Look("#D9DDE4", N_("Cuối tuần")),
    "holiday": Look("#F6C4CB", N_("Ngày lễ, Tết")),
    "swapped": Look("#CDEBD5", N_("Thứ Bảy làm bù")),
    "office_off": Look("#FFB74D", N_("Cơ quan nghỉ")),
    "office_half": Look("#FFE0A8", N_("Nghỉ nửa ngày")),
    "office_work": Look("#8FD19E", N_("Cơ quan làm việc")),
}


def day_look(calendar: WorkingCalendar, day: date) -> tuple[str, str]:
    """(kind, words under the date) for one day of the month grid; kind keys `LOOKS`."""
    own = {session: o for (d, session), o in calendar.overrides.items() if d == day}
    sessions = calendar.working_sessions(day)
    if own:
        note = "; ".join(f"{o.note} ({tr(SESSION_NAMES[s])})" if s else o.note for s, o in own.items() if o.note)
        if not sessions:
            return "office_off", note or tr("Cơ quan nghỉ")
        if len(sessions) == 1 and (day.weekday() < 5 or any(o.kind == "off" for o in own.values())):
            return "office_half", note or tr("Nghỉ {session}", session=tr(SESSION_NAMES[_other(sessions[0])]))
        return "office_work", note or tr("Làm việc")
    holiday = calendar.holiday_name(day)
    if holiday and not sessions:
        return "holiday", holiday
    official = calendar.official_day(day)
    if official is not None and official.kind == "work":
        return "swapped", tr("Làm bù")
    if day.weekday() >= 5:
        if sessions and not calendar.week[day.weekday()]:
            return "swapped", tr("Làm bù")  # a swap the holidays package knows of, in a year we keep no file for
        return ("work", "") if sessions else ("weekend", "")
    return "work", ""


def _other(session: str) -> str:
    return "pm" if session == "am" else "am"


class QtCalendarPage(QtPage):
    """A month at a time, the year's days off beside it, and the office's own days to add or remove."""

    topics = frozenset({Topic.office})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(_read, self._loaded, args=lambda: (self.store, self.year))
        self.calendar = WorkingCalendar()
        self.overrides = []
        self.today = business_day(store.now())  # the store's clock, no database read on the GUI thread
        self.year, self.month = self.today.year, self.today.month
        root = QHBoxLayout(self)
        root.addLayout(self._month_side(), 3)
        root.addLayout(self._list_side(), 2)
        self.day_edit.setDate(QDate(self.today))

    # -- building -------------------------------------------------------------------------------
    def _month_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(heading(tr("Lịch làm việc")))
        bar = QHBoxLayout()
        self.prev_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        self.prev_button.setToolTip(tr("Tháng trước"))
        self.next_button.setToolTip(tr("Tháng sau"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.month_box = QComboBox()
        self.month_box.addItems([tr("Tháng {month}", month=m) for m in range(1, 13)])
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.month_box.activated.connect(lambda i: self.show_month(self.year, i + 1))
        self.year_box.editingFinished.connect(lambda: self.show_month(self.year_box.value(), self.month))
        this_month = QPushButton(tr("Tháng này"))
        this_month.setProperty("role", "quiet")
        this_month.clicked.connect(lambda: self.show_month(self.today.year, self.today.month))
        for widget in (self.prev_button, self.month_box, self.year_box, self.next_button, this_month):
            bar.addWidget(widget)
        bar.addStretch(1)
        side.addLayout(bar)
        self.grid = QTableWidget(6, 7)
        self.grid.setHorizontalHeaderLabels([tr(n) for n in WEEKDAY_NAMES])
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.cellClicked.connect(self._pick)
        side.addWidget(self.grid, 1)
        legend = QGridLayout()  # four a row: seven in one made the page wider than a 1366-pixel screen
        for i, look in enumerate(LOOKS.values()):
            chip = QLabel(tr(look.label))
            chip.setStyleSheet(f"background: {look.colour}; border: 1px solid #B8C2D6; border-radius: 6px;"
                               " padding: 4px 8px;")
            legend.addWidget(chip, i // 4, i % 4)
        legend.setColumnStretch(4, 1)
        side.addLayout(legend)
        return side

    def _list_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        self.days_off_title = heading("")
        side.addWidget(self.days_off_title)
        self.days_off = QListWidget()
        side.addWidget(self.days_off, 2)
        side.addLayout(self._official_import())
        side.addWidget(heading(tr("Ngày riêng của cơ quan")))
        self.own_days = QListWidget()
        side.addWidget(self.own_days, 1)
        self.remove_button = QPushButton(tr("Bỏ ngày đã chọn"))
        self.remove_button.setProperty("role", "danger")
        confirm_twice(self.remove_button, self.remove_selected)
        side.addWidget(self.remove_button)
        form = QFormLayout()
        self.day_edit = QDateEdit(calendarPopup=True, displayFormat="dd/MM/yyyy")
        self.kind = QComboBox()
        self.kind.addItem(tr("Nghỉ"), "off")
        self.kind.addItem(tr("Làm việc"), "work")
        self.session = QComboBox()
        self.session.addItem(tr("Cả ngày"), None)
        for key, name in SESSION_NAMES.items():
            self.session.addItem(tr(name).capitalize(), key)
        self.note = QLineEdit()
        self.note.setMaxLength(300)
        self.note.setPlaceholderText(tr("Ví dụ: Nghỉ bù, Đại hội công đoàn"))
        self.add_button = QPushButton(tr("Thêm ngày"))
        self.add_button.setProperty("role", "ok")
        self.add_button.clicked.connect(self.add_override)
        form.addRow(tr("Ngày"), self.day_edit)
        form.addRow(tr("Cơ quan"), self.kind)
        form.addRow(tr("Buổi"), self.session)
        form.addRow(tr("Ghi chú"), self.note)
        form.addRow(self.add_button)
        side.addLayout(form)
        return side

    def _official_import(self) -> QVBoxLayout:
        """A newer year's official calendar file: chosen, previewed, then imported whole (or not at all)."""
        box = QVBoxLayout()
        row = QHBoxLayout()
        self.official_pick = QPushButton(tr("Nhập lịch nhà nước…"))
        self.official_pick.setProperty("role", "quiet")
        self.official_pick.clicked.connect(self._choose_official_file)
        self.official_apply = QPushButton(tr("Nhập cả tệp"))
        self.official_apply.setProperty("role", "ok")
        self.official_apply.setEnabled(False)
        self.official_apply.clicked.connect(self.import_official)
        row.addWidget(self.official_pick)
        row.addWidget(self.official_apply)
        self.official_preview = QLabel("")
        self.official_preview.setObjectName("official-preview")
        self.official_preview.setWordWrap(True)
        box.addLayout(row)
        box.addWidget(self.official_preview)
        self._official_data: bytes | None = None
        return box

    def _choose_official_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp lịch nhà nước"), "", tr("Tệp lịch (*.json)"))
        if path:
            self.preview_official(path)

    def preview_official(self, path: str | Path) -> None:
        """Read the file and show what it would change; nothing is written until "Nhập cả tệp"."""
        store = self.store
        self._official_data = None
        self.official_apply.setEnabled(False)
        self.runner.run(lambda: (data := Path(path).read_bytes(), store.calendar.preview_official_calendar(data)),
                        on_done=self._official_previewed, on_error=self._official_refused)

    def _official_previewed(self, result) -> None:
        self._official_data, preview = result
        lines = []
        for y in preview.years:
            was = {"package": tr("thay lịch có sẵn"), "import": tr("thay tệp đã nhập"), "": tr("năm mới")}[y.replaces]
            lines.append(tr("Năm {year} ({was}): {off} ngày nghỉ, {work} ngày làm bù; {added} ngày thay đổi, {removed} "
                            "ngày bỏ.", year=y.year, was=was, off=y.days_off, work=y.days_worked, added=len(y.added),
                            removed=len(y.removed)))
        lines += [tr("Căn cứ: {document}", document=d) for d in preview.documents]
        self.official_preview.setText("\n".join(lines))
        self.official_apply.setEnabled(True)

    def _official_refused(self, error: Exception) -> bool:
        self.official_preview.setText(describe_error(error))
        return self._refused(error)

    def import_official(self) -> None:
        if self._official_data is None:
            return
        self.official_apply.setEnabled(False)
        self.act(self.store.calendar.import_official_calendar, self._official_data,
                 done=tr("Đã nhập lịch nhà nước; hạn trả hồ sơ mới tính theo lịch này."),
                 then=lambda _: self.official_preview.setText(""))

    # -- reading --------------------------------------------------------------------------------

    def _loaded(self, result) -> None:
        self.calendar, self.overrides, self.today = result
        self._draw()

    def show_month(self, year: int, month: int) -> None:
        """Show `month` of `year`; a new year's own days are read again."""
        year_changed = year != self.year
        self.year, self.month = year, month
        self._draw()
        if year_changed:
            self.refresh()

    def step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def _draw(self) -> None:
        self.month_box.setCurrentIndex(self.month - 1)
        self.year_box.setValue(self.year)
        first = date(self.year, self.month, 1)
        start = first - timedelta(days=first.weekday())
        for cell in range(42):
            day = start + timedelta(days=cell)
            kind, words = day_look(self.calendar, day)
            item = QTableWidgetItem(f"{day.day}\n{words}".rstrip())
            item.setData(KIND_ROLE, kind)
            item.setData(DAY_ROLE, day.isoformat())
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            item.setBackground(QBrush(QColor(LOOKS[kind].colour)))
            item.setToolTip(words)
            if day.month != self.month:
                item.setForeground(QBrush(QColor("#A0A6B0")))
            if day == self.today:
                item.setFont(theme.font(12, bold=True))
            self.grid.setItem(cell // 7, cell % 7, item)
        self.days_off_title.setText(tr("Ngày nghỉ năm {year}", year=self.year))
        self.days_off.clear()
        for day, name in self.calendar.holidays_in(self.year):
            self.days_off.addItem(f"{tr(WEEKDAY_NAMES[day.weekday()])} {day:%d/%m}: {name}")
        self.own_days.clear()
        for o in self.overrides:
            half = tr(SESSION_NAMES[o.session]) if o.session else tr("cả ngày")
            what = tr("Nghỉ") if o.kind == "off" else tr("Làm việc")
            item = QListWidgetItem(f"{o.day:%d/%m/%Y} · {what} {half}" + (f" · {o.note}" if o.note else ""))
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            self.own_days.addItem(item)

    def cell(self, day: date) -> QTableWidgetItem | None:
        """The grid's cell for `day`, when it is on screen."""
        for row in range(6):
            for column in range(7):
                item = self.grid.item(row, column)
                if item is not None and item.data(DAY_ROLE) == day.isoformat():
                    return item
        return None

    def _pick(self, row: int, column: int) -> None:
        item = self.grid.item(row, column)
        if item is not None:
            self.day_edit.setDate(QDate.fromString(item.data(DAY_ROLE), Qt.DateFormat.ISODate))

    # -- changing -------------------------------------------------------------------------------
    def add_override(self) -> None:
        day = self.day_edit.date().toPython()
        kind, session, note = self.kind.currentData(), self.session.currentData(), self.note.text()
        what = tr("Đã thêm ngày {day}.", day=f"{day:%d/%m/%Y}")
        self.act(self.store.calendar.add_calendar_override, day, kind, session, note, done=what,
                 then=lambda _: self.note.clear())

    def remove_selected(self) -> None:
        item = self.own_days.currentItem()
        if item is None:
            self.sig_message.emit(tr("Hãy chọn một ngày riêng của cơ quan để bỏ."), True)
            return
        self.act(self.store.calendar.remove_calendar_override, item.data(Qt.ItemDataRole.UserRole),
                 done=tr("Đã bỏ ngày riêng; lịch chung áp dụng lại."))


def _read(store, year: int):
    with store.together():
        return store.calendar.calendar(), store.calendar.calendar_overrides(year), store.business_day()
