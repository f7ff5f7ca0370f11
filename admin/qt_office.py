"""The office (cơ quan): name and code, opening hours per weekday, priority policy, kiosk manager PIN."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
    QSpinBox, QTimeEdit, QVBoxLayout, QWidget,
)

from core.calendar import WEEKDAY_NAMES
from core.i18n import tr
from db.store.kiosk import check_kiosk_pin
from db.events import Topic
from admin.qt_common import QtPage, heading

SESSIONS = (("07:30", "11:30"), ("13:30", "17:00"))  # what a new working session starts with


class QtOfficePage(QtPage):
    """One form: who the office is, when it opens, how priority tickets are called."""

    topics = frozenset({Topic.office})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(self._read, self._show)
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(heading(tr("Cơ quan")))
        form = QFormLayout()
        self.name, self.agency_code, self.address = QLineEdit(), QLineEdit(), QLineEdit()
        form.addRow(tr("Tên cơ quan"), self.name)
        form.addRow(tr("Mã cơ quan"), self.agency_code)
        form.addRow(tr("Địa chỉ"), self.address)
        left.addLayout(form)
        left.addWidget(heading(tr("Giờ làm việc")))
        grid = QGridLayout()
        grid.addWidget(QLabel(tr("Buổi sáng")), 0, 1, 1, 3)
        grid.addWidget(QLabel(tr("Buổi chiều")), 0, 4, 1, 3)
        self.hours: list[list[tuple[QCheckBox, QTimeEdit, QTimeEdit]]] = []
        for day in range(7):
            grid.addWidget(QLabel(tr(WEEKDAY_NAMES[day])), day + 1, 0)
            row = []
            for session, (start, end) in enumerate(SESSIONS):
                works = QCheckBox(tr("làm việc"))
                begin, finish = QTimeEdit(QTime.fromString(start, "HH:mm")), QTimeEdit(QTime.fromString(end, "HH:mm"))
                for edit in (begin, finish):
                    edit.setDisplayFormat("HH:mm")
                works.toggled.connect(begin.setEnabled)
                works.toggled.connect(finish.setEnabled)
                column = 1 + 3 * session
                grid.addWidget(works, day + 1, column)
                grid.addWidget(begin, day + 1, column + 1)
                grid.addWidget(finish, day + 1, column + 2)
                row.append((works, begin, finish))
            self.hours.append(row)
        left.addLayout(grid)
        left.addStretch(1)
        root.addLayout(left, 3)

        right = QVBoxLayout()
        right.addWidget(heading(tr("Thứ tự gọi số ưu tiên")))
        self.strict = QRadioButton(tr("Luôn gọi người được ưu tiên trước"))
        # two lines: on one, this sentence alone made the page wider than a 1366-pixel screen
        self.interleave = QRadioButton(tr("Xen kẽ: sau một số lượt ưu tiên liên tiếp, gọi một người thường")
                                       .replace(", ", ",\n", 1))
        group = QButtonGroup(self)
        group.addButton(self.strict)
        group.addButton(self.interleave)
        self.every = QSpinBox()
        self.every.setRange(1, 20)
        self.every.setSuffix(tr(" lượt ưu tiên"))
        self.interleave.toggled.connect(self.every.setEnabled)
        right.addWidget(self.strict)
        right.addWidget(self.interleave)
        right.addWidget(self.every)
        right.addWidget(QLabel(tr("Người được ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai, "
                                  "người có công, trẻ em."), wordWrap=True))
        right.addWidget(heading(tr("Mã PIN trang quản lý của máy lấy số")))
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(tr("4–8 chữ số; để trống nếu không đổi"))
        right.addWidget(self.pin)
        right.addStretch(1)
        self.save_button = QPushButton(tr("Lưu"))
        self.save_button.setProperty("role", "ok")
        self.save_button.clicked.connect(self.save)
        right.addWidget(self.save_button)
        root.addLayout(right, 2)

    def _read(self):
        self.store.refresh_office()  # as saved, not as cached at sign-in
        return self.store.office(), self.store.setup.priority_policy()

    def _show(self, data) -> None:
        office, policy = data
        self.name.setText(office.name)
        self.agency_code.setText(office.agency_code)
        self.address.setText(office.address)
        for day, row in enumerate(self.hours):
            sessions = office.opening_hours.get(str(day), [])
            # a session starting before noon is the morning one, the others the afternoon
            placed = [next((x for x in sessions if (x[0] < "12:00") == (half == 0)), None) for half in (0, 1)]
            for (works, begin, finish), session in zip(row, placed):
                works.setChecked(session is not None)
                begin.setEnabled(session is not None)
                finish.setEnabled(session is not None)
                if session:
                    begin.setTime(QTime.fromString(session[0], "HH:mm"))
                    finish.setTime(QTime.fromString(session[1], "HH:mm"))
        (self.strict if policy.interleave is None else self.interleave).setChecked(True)
        self.every.setValue(policy.interleave or 3)
        self.every.setEnabled(policy.interleave is not None)

    def opening_hours(self) -> dict[str, list[list[str]]]:
        out = {}
        for day, row in enumerate(self.hours):
            sessions = [[b.time().toString("HH:mm"), f.time().toString("HH:mm")] for works, b, f in row
                        if works.isChecked()]
            if sessions:
                out[str(day)] = sessions
        return out

    def save(self) -> None:
        changes = {"name": self.name.text(), "agency_code": self.agency_code.text(), "address": self.address.text(),
                   "opening_hours": self.opening_hours()}
        policy = "strict" if self.strict.isChecked() else f"interleave {self.every.value()}"
        pin = self.pin.text().strip()

        def save_all():
            if pin:
                check_kiosk_pin(pin)  # checked before anything is written
            self.store.setup.update_office(**changes)  # checked first: a bad hour changes nothing
            self.store.setup.set_priority_policy(policy)
            if pin:
                self.store.setup.set_kiosk_pin(pin)
        self.act(save_all, done=tr("Đã lưu thông tin cơ quan."), then=lambda _: self.pin.clear())
