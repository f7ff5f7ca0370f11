"""Stations enrolled with the office server (máy trạm tham gia): make a join code, list, revoke.

The page calls the store's enrolment operations (db/store/enrolment.py), so it works the same on
the server PC's own admin (the database, with the server's certificate fingerprint told to the
store: `know_local_server`) and on an admin station through the office server (which fills the
fingerprint in itself).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from core.i18n import N_, tr
from db.store.enrolment import KINDS, set_server_fingerprint
from ui import theme
from admin.qt_common import QtPage, button_row, confirm_twice

KIND_NAMES = {"kiosk": N_("Kiosk lấy số"), "counter": N_("Máy quầy"), "display": N_("Màn hình chờ"),
              "admin": N_("Máy quản lý")}


def know_local_server(settings, store) -> None:
    """On the server PC the admin app opens the database itself: tell its store the certificate that join codes
    must carry (nothing when this PC holds no server certificate, or when the store is remote)."""
    if not hasattr(store, "ctx"):
        return
    try:
        from server.tls import local_fingerprint
    except ImportError:  # a build without the office server
        return
    found = local_fingerprint(settings.serve.resolved_tls_dir())
    if found:
        set_server_fingerprint(store.ctx, found)


def _when(at, tz) -> str:
    return f"{at.astimezone(tz):%H:%M %d/%m/%Y}" if at else "—"


def _two_lines(fingerprint: str) -> str:
    """AB:CD:… (32 bytes) on two lines of 16, so it fits beside the table on a 1366-pixel screen."""
    parts = fingerprint.split(":")
    return ":".join(parts[:16]) + ":\n" + ":".join(parts[16:]) if len(parts) > 16 else fingerprint


class QtEnrolmentPage(QtPage):
    """Every station that joined, when it was last seen, revoke one; a new single-use join code, shown big."""

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(lambda: (self.store.setup.stations_enrolled(), self.store.office().tz), self._show)
        self.stations: list = []
        self.tz = None  # the office's zone, from the first read
        headers = [tr("Tên máy"), tr("Loại"), tr("Liên lạc lần cuối"), tr("Trạng thái")]
        left, form = self.list_and_form(tr("Máy trạm tham gia máy chủ"), headers, 0, tr("Cấp mã tham gia"))
        self.revoke_button = QPushButton(tr("Thu hồi máy đang chọn"))
        self.revoke_button.setProperty("role", "danger")
        self.revoke_button.setEnabled(False)
        confirm_twice(self.revoke_button, self.revoke)
        left.addWidget(self.revoke_button)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(tr(KIND_NAMES[kind]), kind)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(tr("ví dụ: Kiosk sảnh, Quầy 3"))
        form.addRow(tr("Loại máy"), self.kind)
        form.addRow(tr("Tên máy"), self.name)
        buttons, (self.make_button,) = button_row((tr("Cấp mã"), "ok", self.make_code))
        form.addRow(buttons)
        self.code = QLabel("")
        self.code.setFont(theme.font(22, bold=True))
        self.code.setStyleSheet(f"color: {theme.NAVY}; font-family: 'DejaVu Sans Mono', monospace;")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setWordWrap(True)
        form.addRow(self.code)
        self.copy_button = QPushButton(tr("Chép mã"))
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setVisible(False)
        form.addRow(self.copy_button)
        self.about_code = QLabel("")
        self.about_code.setWordWrap(True)
        self.about_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.about_code)

    def _show(self, answer) -> None:
        stations, tz = answer
        current = self._chosen()
        self.stations = stations
        rows = [[s.name, tr(KIND_NAMES.get(s.kind, s.kind)), _when(s.last_seen_at, tz),
                 tr("Đã thu hồi lúc {at}", at=f"{s.revoked_at.astimezone(tz):%H:%M %d/%m}") if s.revoked_at else tr("Đang hoạt động")]
                for s in stations]
        if not self.show_rows(rows, stations, lambda s: current is not None and s.id == current.id):
            self.revoke_button.setEnabled(False)
        self.tz = tz

    def _chosen(self):
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        return self.stations[row] if 0 <= row < len(self.stations) else None

    def _edit(self, row: int) -> None:
        chosen = self.stations[row] if 0 <= row < len(self.stations) else None
        self.revoke_button.setEnabled(chosen is not None and chosen.revoked_at is None)

    def make_code(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.sig_message.emit(tr("Hãy nhập tên máy trạm."), True)
            return
        self.act(self.store.setup.create_join_code, self.kind.currentData(), name, then=self._code_made)

    def _code_made(self, info) -> None:
        self.code.setText(info.code)
        self.copy_button.setVisible(True)
        server = getattr(getattr(getattr(self.store, "client", None), "credential", None), "server", "")
        self.about_code.setText(tr(
            "Cho máy “{name}” ({kind}). Dùng một lần, hết hạn lúc {expires}.\nTrên máy đó chạy:\nmotcua station join "
            "{server} {code}\nDấu vân tay chứng chỉ máy chủ:\n{fp}", name=info.name,
            kind=tr(KIND_NAMES.get(info.kind, info.kind)), expires=_when(info.expires_at, self.tz),
            server=server or "https://<IP-máy-chủ>:8443", code=info.code, fp=_two_lines(info.fingerprint)))
        self.name.clear()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code.text())
        self.sig_message.emit(tr("Đã chép mã vào bộ nhớ tạm."), False)

    def revoke(self) -> None:
        chosen = self._chosen()
        if chosen is None or chosen.revoked_at is not None:
            return
        self.act(self.store.setup.revoke_station, chosen.name,
                 done=tr("Đã thu hồi máy {name}: máy bị từ chối ngay từ yêu cầu tiếp theo.", name=chosen.name))
