"""The audit log (nhật ký thao tác): every change, who made it and when, filtered by day, person, action, text."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core.i18n import N_, tr
from db.store.dossiers import ACTION_LABELS as DOSSIER_STEPS
from db.events import Topic
from admin.qt_common import ROLE_NAMES, QtPage, RowsModel, heading, table_view
from db.store.desk import SCORES

ACTIONS = {
    "login": N_("Đăng nhập"), "login_failed": N_("Đăng nhập sai"), "login_locked": N_("Đăng nhập khi đang bị khóa"),
    "kiosk_pin_failed": N_("Nhập sai mã PIN kiosk"), "kiosk_pin_locked": N_("Nhập mã PIN kiosk khi đang bị khóa"),
    "dossier_lookup_failed": N_("Tra cứu hồ sơ sai mã (kiosk)"),
    "user_add": N_("Tạo người dùng"), "user_update": N_("Sửa người dùng"),
    "user_password_reset": N_("Đặt lại mật khẩu"), "office_setup": N_("Khai báo cơ quan"),
    "office_update": N_("Sửa thông tin cơ quan"), "setting_set": N_("Đổi thiết lập"),
    "service_save": N_("Lưu lĩnh vực"), "service_close_today": N_("Ngừng/mở cấp số hôm nay"),
    "counter_save": N_("Lưu quầy"), "counter_opened": N_("Mở quầy"), "counter_closed": N_("Đóng quầy"),
    "procedure_save": N_("Lưu thủ tục"), "catalog_import": N_("Nhập danh mục thủ tục"),
    "notice_add": N_("Thêm thông báo"), "media_add": N_("Thêm video"), "cancel": N_("Hủy số"),
    "transfer": N_("Chuyển số"), "reactivate": N_("Gọi lại số vắng mặt"), "resume": N_("Tiếp tục số tạm dừng"),
    "ticket_reprint": N_("In lại số"), "ticket_print": N_("In số"), "tickets_expire": N_("Hết hạn số ngày cũ"),
    "printer_status": N_("Trạng thái máy in"), "rating_recorded": N_("Đánh giá hài lòng"),
    "calendar_override_add": N_("Thêm ngày nghỉ/ngày làm bù"),
    "calendar_override_remove": N_("Bỏ ngày nghỉ/ngày làm bù"), "notice_update": N_("Sửa thông báo"),
    "notice_remove": N_("Gỡ thông báo"), "media_order": N_("Xếp lại video"), "media_update": N_("Sửa video"),
    "media_remove": N_("Bỏ video"), "station_settings_save": N_("Lưu thiết bị máy trạm"),
    "station_settings_remove": N_("Xóa thiết bị máy trạm"), "ticket_issue": N_("Cấp số"),
    "ticket_called": N_("Gọi số"), "ticket_recalled": N_("Gọi lại số"), "start_serving": N_("Bắt đầu phục vụ"),
    "finish": N_("Xong"), "mark_no_show": N_("Vắng mặt"), "park": N_("Tạm dừng số"),
    "ticket_waiting_on_leave": N_("Trả số về hàng chờ khi đóng quầy"),
    "ticket_no_show_on_leave": N_("Ghi vắng mặt khi đóng quầy"), "ticket_done_on_leave": N_("Xong số khi đóng quầy"),
    "official_calendar_import": N_("Nhập lịch nghỉ lễ chính thức"),
}

ENTITIES = {
    "user": N_("Người dùng"), "office": N_("Cơ quan"), "setting": N_("Thiết lập"), "service": N_("Lĩnh vực"),
    "counter": N_("Quầy"), "procedure": N_("Thủ tục"), "ticket": N_("Số thứ tự"), "dossier": N_("Hồ sơ"),
    "notice": N_("Thông báo"), "media": N_("Video"), "calendar_override": N_("Lịch làm việc"), "station": N_("Máy trạm"),
}
DETAIL_KEYS = {
    "code": N_("mã"), "name": N_("tên"), "username": N_("tài khoản"), "role": N_("vai trò"),
    "active": N_("được đăng nhập"), "full_name": N_("họ tên"), "station": N_("máy"), "prefix": N_("chữ"),
    "number": N_("số"), "services": N_("lĩnh vực"), "rows": N_("số dòng"), "file": N_("tệp"), "key": N_("khóa"),
    "value": N_("giá trị"), "reason": N_("lý do"), "text": N_("nội dung"), "path": N_("tệp"), "note": N_("ghi chú"),
    "priority": N_("ưu tiên"), "counter": N_("quầy"), "procedure": N_("thủ tục"), "ok": N_("in được"),
    "score": N_("đánh giá"), "closed": N_("ngừng cấp số hôm nay"), "status": N_("trạng thái"),
    "detail": N_("chi tiết"), "service": N_("lĩnh vực"), "to_counter": N_("đến quầy"), "count": N_("số lượng"),
    "day": N_("ngày"), "kind": N_("loại"), "starts_on": N_("từ ngày"), "ends_on": N_("đến ngày"),
    "title": N_("tiêu đề"), "order": N_("thứ tự"), "ticket": N_("số thứ tự"), "agency_code": N_("mã cơ quan"),
    "years": N_("các năm"), "request_id": N_("mã yêu cầu"), "header": N_("tiêu đề cơ quan"),
    "failures": N_("lần sai liên tiếp"),
}
PRIORITY_NAMES = {"elderly": N_("Người cao tuổi"), "disabled": N_("Người khuyết tật"),
                  "pregnant": N_("Phụ nữ mang thai"), "veteran": N_("Người có công"), "child": N_("Trẻ em")}
PRINTER_STATES = {"ok": N_("bình thường"), "near_end": N_("sắp hết giấy"), "out": N_("hết giấy"),
                  "offline": N_("mất kết nối")}
DAY_KINDS = {"holiday": N_("ngày nghỉ"), "workday": N_("ngày làm bù")}
# the values a key holds in English (codes of the program), in words
VALUE_WORDS = {"priority": PRIORITY_NAMES, "role": ROLE_NAMES, "score": SCORES, "status": PRINTER_STATES,
               "kind": DAY_KINDS}
# what names the thing a line is about: a ticket's or dossier's code, a counter's number, a user's name
NAMING_KEYS = ("code", "number", "username", "prefix")


def action_name(action: str) -> str:
    """An audit action in words; a dossier's step as the dossier's history names it."""
    if action in ACTIONS:
        return tr(ACTIONS[action])
    step = action.removeprefix("dossier_")
    return tr(DOSSIER_STEPS[step]) if action.startswith("dossier_") and step in DOSSIER_STEPS else action


class QtAuditPage(QtPage):
    """Newest first; the filters are applied in the store (a year of changes stays quick)."""

    topics = frozenset(Topic)  # every change writes an audit line

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.lines = []
        root = QVBoxLayout(self)
        root.addWidget(heading(tr("Nhật ký thao tác")))
        bar = QHBoxLayout()
        self.start, self.end = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd/MM/yyyy")
        self.user, self.action = QComboBox(), QComboBox()
        self.user.setMinimumWidth(160)
        self.action.setMinimumWidth(220)
        self.text = QLineEdit(placeholderText=tr("Tìm trong nội dung (mã, tên…)"))
        for label, widget in ((tr("Từ"), self.start), (tr("đến"), self.end), (tr("Người"), self.user),
                              (tr("Thao tác"), self.action)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        search = QPushButton(tr("Lọc"))
        search.clicked.connect(self.refresh)
        bar.addWidget(search)
        root.addLayout(bar)
        self.model = RowsModel([tr("Thời gian"), tr("Người"), tr("Thao tác"), tr("Đối tượng"), tr("Chi tiết")])
        self.table = table_view(self.model, stretch=4)
        root.addWidget(self.table, 1)
        self.count = QLabel()
        root.addWidget(self.count)
        self.filter_timer = QTimer(self, singleShot=True, interval=300, timeout=self.refresh)
        self.text.textChanged.connect(self.filter_timer.start)
        for combo in (self.user, self.action):
            combo.activated.connect(self.filter_timer.start)
        self._dates_set = False
        self.follow(_read, self._show, args=self._filters)

    def _filters(self) -> tuple:
        if not self._dates_set:  # the first time: the last 7 office days
            today = self.store.business_day()
            self.start.setDate(QDate(today - timedelta(days=6)))
            self.end.setDate(QDate(today))
            self._dates_set = True
        return self.store, dict(start=self.start.date().toPython(), end=self.end.date().toPython(),
                                username=self.user.currentData() or "", action=self.action.currentData() or "",
                                text=self.text.text())

    def _show(self, data) -> None:
        users, actions, lines = data
        for combo, values, label in ((self.user, users, action_name), (self.action, actions, action_name)):
            if [combo.itemData(i) for i in range(1, combo.count())] != values:
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(tr("Tất cả"), "")
                for value in values:
                    combo.addItem(value if combo is self.user else label(value), value)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
        tz = self.store.office().tz
        self.lines = lines
        self.model.set_rows([[f"{line.at.astimezone(tz):%d/%m/%Y %H:%M:%S}", line.username, action_name(line.action),
                              entity_name(line.entity, line.entity_id, line.detail),
                              describe(line.detail, named=True)] for line in lines],
                            lines)
        self.count.setText(tr("{n} dòng (mới nhất trước; tối đa 1000)", n=len(lines)))


def naming_key(detail: dict) -> str | None:
    """The detail's key that names the thing a line is about (its code, number…), if any."""
    return next((k for k in NAMING_KEYS if detail.get(k) not in (None, "")), None)


def entity_name(entity: str, entity_id: str, detail: dict | None = None) -> str:
    """"Số thứ tự A005", "Hồ sơ 000.00.20.H10-261125-0001", "Quầy 3": by code or number, never a row id."""
    detail = detail or {}
    kind = tr(ENTITIES[entity]) if entity in ENTITIES else entity
    key = naming_key(detail)
    if key is not None:
        return f"{kind} {detail[key]}"
    named_by_id = entity in ("station", "setting")  # their ids are names ("kiosk", a setting's key)
    return f"{kind} {entity_id}".strip() if named_by_id else kind


def describe(detail: dict, named: bool = False) -> str:
    """The detail as "tên: giá trị; …", keys and coded values in words; `named`: the code or number that
    names the thing is shown with it (entity_name), not again here."""
    skip = naming_key(detail) if named else None

    def value(k: str, v) -> str:
        if isinstance(v, bool):
            return tr("có") if v else tr("không")
        if isinstance(v, (list, tuple)):
            return ", ".join(str(x) for x in v)
        words = VALUE_WORDS.get(k, {})
        return tr(words[v]) if v in words else str(v)
    return "; ".join(f"{tr(DETAIL_KEYS[k]) if k in DETAIL_KEYS else k}: {value(k, v)}" for k, v in detail.items()
                     if v not in (None, "", [], ()) and k != skip and k != "request_id")


def _read(store, filters: dict):
    with store.together():
        return [u.username for u in store.setup.users()], store.reports.audit_actions(), store.reports.audit_log(**filters)
