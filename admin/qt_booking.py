"""Lịch hẹn và lấy số từ xa: which fields take bookings on which days and sessions, how many per session,
whether a field gives numbers to phones; and the office's rules for bookings."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

from core.booking import MERGE_RULES, SESSIONS
from core.calendar import WEEKDAY_NAMES
from core.i18n import N_, tr
from db.events import Topic
from admin.qt_common import QtPage, button_row, heading

WEEKDAYS = WEEKDAY_NAMES
SHORT_DAYS = (N_("T2"), N_("T3"), N_("T4"), N_("T5"), N_("T6"), N_("T7"), N_("CN"))  # as office notices write them


def _read(store):
    services = [s for s in store.setup.services() if s.active]
    return services, {s.code: store.phones.field_booking(s.code) for s in services}, store.phones.appointment_rules()


class QtBookingPage(QtPage):
    """Bookings per field on the left; the chosen field's slots and the office's rules on the right."""

    topics = frozenset({Topic.catalog, Topic.office})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(_read, self._show, args=lambda: (self.store,))
        self.services: list = []
        self.bookings: dict = {}
        headers = [tr("Chữ"), tr("Lĩnh vực"), tr("Ngày nhận hẹn"), tr("Buổi"), tr("Chỗ mỗi buổi"), tr("Số từ xa")]
        _, form = self.list_and_form(tr("Lịch hẹn theo lĩnh vực"), headers, 1, tr("Chọn một lĩnh vực trong bảng"))
        self.field = form.itemAt(0).widget()  # the form's heading names the chosen field
        self.field.setWordWrap(True)
        form.setVerticalSpacing(4)  # fourteen rows: a tighter rhythm keeps the page inside 1366×768
        # whole-width boxes: the day names never share a row with the form's labels (1366×768)
        days_box = QGroupBox(tr("Ngày, buổi nhận hẹn và lấy số từ xa"))
        days = QGridLayout(days_box)
        self.weekdays = [QCheckBox(tr(name)) for name in WEEKDAYS]
        for i, box in enumerate(self.weekdays):
            days.addWidget(box, i // 4, i % 4)
        self.sessions = {key: QCheckBox(tr(label)) for key, label in SESSIONS.items()}
        for i, box in enumerate(self.sessions.values()):
            days.addWidget(box, 2, i)
        self.remote = QCheckBox(tr("Cho lấy số từ xa"))
        self.remote.setToolTip(tr("Cho lấy số từ xa (trực tuyến) trong giờ làm việc"))
        days.addWidget(self.remote, 2, 2, 1, 2)
        form.addRow(days_box)
        self.per_slot = QSpinBox()
        self.per_slot.setRange(0, 500)
        form.addRow(tr("Chỗ mỗi buổi"), self.per_slot)
        buttons, (self.save_button,) = button_row((tr("Lưu lĩnh vực"), "ok", self.save_field))
        form.addRow(buttons)
        form.addRow(heading(tr("Quy định chung")))
        self.rules: dict[str, QSpinBox] = {}
        for key, label in (("days_ahead", N_("Đặt trước tối đa (ngày)")),
                           ("per_person_day", N_("Số lượt mỗi người mỗi ngày")),
                           ("early_minutes", N_("Nhận sớm trước buổi hẹn (phút)")),
                           ("grace_minutes", N_("Chờ sau buổi hẹn (phút), quá thì vắng")),
                           ("retention_days", N_("Xóa số điện thoại, số căn cước sau (ngày)")),
                           ("near_ahead", N_("Điện thoại báo sắp đến lượt khi còn (người)"))):
            box = QSpinBox()
            self.rules[key] = box
            form.addRow(tr(label), box)
        self.merge = QComboBox()
        for key, label in MERGE_RULES.items():
            self.merge.addItem(tr(label), key)
        form.addRow(QLabel(tr("Gọi người có hẹn")))
        form.addRow(self.merge)  # its own row: the rule's words are long
        buttons, (self.rules_button,) = button_row((tr("Lưu quy định"), "ok", self.save_rules))
        form.addRow(buttons)
        self._enable(False)

    def _show(self, state) -> None:
        current = self.field.property("code")
        self.services, self.bookings, rules = state
        rows = []
        for s in self.services:
            b = self.bookings[s.code]
            rows.append([s.prefix, s.name, " ".join(tr(SHORT_DAYS[d]) for d in b.weekdays) or "—",
                         ", ".join(tr(SESSIONS[x]) for x in b.sessions) or "—", b.per_slot,
                         tr("Bật") if b.remote_numbers else tr("Tắt")])
        self.show_rows(rows, self.services, lambda s: s.code == current)
        for key, box in self.rules.items():
            low, high = rules.LIMITS[key]
            box.setRange(low, high)
            box.setValue(getattr(rules, key))
        self.merge.setCurrentIndex(max(0, self.merge.findData(rules.merge)))

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.services):
            return
        s = self.services[row]
        b = self.bookings[s.code]
        self.field.setText(f"{s.prefix} · {s.name}")
        self.field.setProperty("code", s.code)
        for day, box in enumerate(self.weekdays):
            box.setChecked(day in b.weekdays)
        for key, box in self.sessions.items():
            box.setChecked(key in b.sessions)
        self.per_slot.setValue(b.per_slot)
        self.remote.setChecked(b.remote_numbers)
        self._enable(True)

    def _enable(self, on: bool) -> None:
        for w in (*self.weekdays, *self.sessions.values(), self.per_slot, self.remote, self.save_button):
            w.setEnabled(on)

    def save_field(self) -> None:
        code = self.field.property("code")
        if not code:
            return
        self.act(self.store.phones.set_field_booking, code,
                 weekdays=[d for d, box in enumerate(self.weekdays) if box.isChecked()],
                 sessions=[key for key, box in self.sessions.items() if box.isChecked()],
                 per_slot=self.per_slot.value(), remote_numbers=self.remote.isChecked(),
                 done=tr("Đã lưu lịch hẹn của lĩnh vực {name}.", name=self.field.text()))

    def save_rules(self) -> None:
        self.act(self.store.phones.set_appointment_rules, merge=self.merge.currentData(),
                 **{key: box.value() for key, box in self.rules.items()}, done=tr("Đã lưu quy định lịch hẹn."))
