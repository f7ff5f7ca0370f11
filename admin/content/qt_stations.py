"""Each station's printer and scanner (thiết bị các máy), kept in the store and picked up when the station starts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from db.events import Topic
from admin.qt_common import QtPage, button_row
from core.i18n import N_, tr
from core.stations import PRINTER_FOLDER_KEY

SCANNER_KINDS = {
    "wedge": N_("Đầu đọc kiểu bàn phím (USB)"), "serial": N_("Đầu đọc cổng COM"), "camera": N_("Camera"),
    "none": N_("Không có máy quét"),
}
PRINTER_STATES = {
    "ok": N_("sẵn sàng"), "near_end": N_("sắp hết giấy"), "out": N_("hết giấy"), "offline": N_("không kết nối"),
    "unknown": N_("không rõ"),
}
SAME_AS_PC = N_("Theo máy (không đặt)")
UNSET = N_("(theo máy)")


class QtStationsPage(QtPage):
    """Stations that have settings or reported their printer; pick one, or type a new name, then save."""

    topics = frozenset({Topic.devices})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(_read, self._show, args=lambda: (self.store,))
        self.stations = []
        left, form = self.list_and_form(tr("Thiết bị các máy"), [tr("Tên máy"), tr("Máy in"), tr("Khổ giấy"),
                                        tr("Máy quét"), tr("Máy in báo gần nhất")], 4, tr("Thiết lập máy"))
        hint = QLabel(tr("Mỗi máy lấy số, máy quầy, màn hình dùng tên của máy tính (hoặc --station TÊN) và nhận "
                         "thiết lập ở đây khi khởi động; mục để trống thì dùng tệp thiết lập trên máy đó."))
        hint.setWordWrap(True)
        left.addWidget(hint)
        folder_hint = QLabel(tr("Thư mục cho máy in file:// (chỉ quản trị viên):"))
        folder_hint.setWordWrap(True)
        left.addWidget(folder_hint)
        left.addLayout(self._folder_row())
        self._fill(form)

    def _folder_row(self) -> QHBoxLayout:
        """The office's printer folder: the only place outside /dev a file:// printer may write (admins only)."""
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setMinimumWidth(120)
        self.folder.setPlaceholderText(tr("không đặt: file:// chỉ ghi vào /dev/usb/lp…, /dev/lp…, /dev/tty…"))
        admin = self.store.actor.role == "admin"
        self.folder.setEnabled(admin)
        row.addWidget(self.folder, 1)
        buttons, (self.folder_button,) = button_row((tr("Lưu thư mục"), "ok", self.save_folder))
        self.folder_button.setEnabled(admin)
        row.addLayout(buttons)
        return row

    def _fill(self, form: QFormLayout) -> None:
        """The edit form: the station's name, its printer and scanner fields, the buttons."""
        self.name, self.url, self.serial_url = QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setMaxLength(60)
        self.url.setPlaceholderText("tcp://192.168.1.50:9100 · usb://04b8:0e15 · serial:///dev/ttyUSB0")
        self.serial_url.setPlaceholderText("/dev/ttyACM0 · COM3")
        self.width, self.scanner = QComboBox(), QComboBox()
        self.width.addItem(tr(SAME_AS_PC), None)
        for mm in (80, 58):
            self.width.addItem(f"{mm} mm", mm)
        self.scanner.addItem(tr(SAME_AS_PC), None)
        for kind, label in SCANNER_KINDS.items():
            self.scanner.addItem(tr(label), kind)
        self.baudrate = QSpinBox()
        self.baudrate.setRange(0, 921600)
        self.baudrate.setSpecialValueText(tr(SAME_AS_PC))
        self.footer = QLineEdit()
        self.footer.setMaxLength(200)
        form.addRow(tr("Tên máy"), self.name)
        form.addRow(tr("Địa chỉ máy in"), self.url)
        form.addRow(tr("Khổ giấy"), self.width)
        form.addRow(tr("Dòng cuối phiếu"), self.footer)
        form.addRow(tr("Máy quét"), self.scanner)
        form.addRow(tr("Cổng máy quét"), self.serial_url)
        form.addRow(tr("Tốc độ cổng (baudrate)"), self.baudrate)
        form.addRow(button_row((tr("Máy mới"), "quiet", self.new), (tr("Bỏ thiết lập"), "danger", self.forget),
                               (tr("Lưu"), "ok", self.save))[0])

    # -- reading --------------------------------------------------------------------------------

    def _show(self, result) -> None:
        stations, tz, folder = result
        if not self.folder.hasFocus():
            self.folder.setText(folder)
        current = self.name.text().strip()
        self.stations = stations
        unset = tr(UNSET)
        self.show_rows([[s.name, s.printer.get("url") or unset, _width(s.printer) or unset,
                         _scanner(s.scanner) or unset, _state(s, tz)] for s in stations], stations,
                       lambda s: s.name == current)

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.stations):
            return
        s = self.stations[row]
        self.name.setText(s.name)
        self.url.setText(s.printer.get("url", ""))
        self.footer.setText(s.printer.get("footer", ""))
        self.width.setCurrentIndex(max(0, self.width.findData(s.printer.get("paper_width_mm"))))
        self.scanner.setCurrentIndex(max(0, self.scanner.findData(s.scanner.get("kind"))))
        self.serial_url.setText(s.scanner.get("serial_url", ""))
        self.baudrate.setValue(s.scanner.get("baudrate", 0))

    def new(self) -> None:
        self.table.clearSelection()
        for field in (self.name, self.url, self.footer, self.serial_url):
            field.clear()
        self.width.setCurrentIndex(0)
        self.scanner.setCurrentIndex(0)
        self.baudrate.setValue(0)
        self.name.setFocus()

    # -- changing -------------------------------------------------------------------------------
    def values(self) -> tuple[str, dict, dict]:
        """(name, printer, scanner) as the form says; an empty field is left to the station's own file."""
        printer = {"url": self.url.text().strip(), "paper_width_mm": self.width.currentData(),
                   "footer": self.footer.text().strip()}
        scanner = {"kind": self.scanner.currentData(), "serial_url": self.serial_url.text().strip(),
                   "baudrate": self.baudrate.value() or None}
        return (self.name.text(), {k: v for k, v in printer.items() if v not in (None, "")},
                {k: v for k, v in scanner.items() if v not in (None, "")})

    def save(self) -> None:
        name, printer, scanner = self.values()
        self.act(self.store.content.save_station_settings, name, printer, scanner,
                 done=tr("Đã lưu thiết lập máy {name}; máy nhận khi khởi động lại.", name=name.strip()))

    def save_folder(self) -> None:
        folder = self.folder.text().strip()
        self.act(self.store.setup.set_setting, PRINTER_FOLDER_KEY, folder,
                 done=tr("Đã lưu thư mục máy in {folder}.", folder=folder) if folder else
                 tr("Đã bỏ thư mục máy in: file:// chỉ ghi vào thiết bị máy in."))

    def forget(self) -> None:
        name = self.name.text().strip()
        self.act(self.store.content.remove_station_settings, name,
                 done=tr("Máy {name} sẽ dùng tệp thiết lập của chính nó.", name=name))


def _width(printer: dict) -> str:
    return f"{printer['paper_width_mm']} mm" if "paper_width_mm" in printer else ""


def _scanner(scanner: dict) -> str:
    kind = scanner.get("kind")
    where = scanner.get("serial_url", "")
    return " · ".join(x for x in (tr(SCANNER_KINDS[kind]) if kind in SCANNER_KINDS else "", where) if x)


def _state(station, tz) -> str:
    """The printer's last report in a word, and when (office time)."""
    if not station.printer_status:
        return ""
    said = tr(PRINTER_STATES.get(station.printer_status, PRINTER_STATES["unknown"]))
    when = f"{datetime.fromisoformat(station.status_at).astimezone(tz):%H:%M %d/%m}" if station.status_at else ""
    return " · ".join(x for x in (said, when) if x)


def _read(store):
    return store.content.stations(), store.office().tz, store.setup.setting(PRINTER_FOLDER_KEY) or ""
