"""What the wall display shows besides the numbers: guidance videos, ticker notices, header and kiosk footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from db.events import Topic
from admin.qt_common import QtPage, RowsModel, button_row, heading, table_view
from core.i18n import N_, tr

VIDEO_FILTER = N_("Video (*.mp4 *.mkv *.avi *.mov *.webm);;Mọi tệp (*)")
NOTICE_STATES = {
    "showing": N_("đang hiển thị"), "upcoming": N_("sắp tới"), "expired": N_("đã hết hạn"), "removed": N_("đã gỡ"),
}


class QtOptionalDate(QWidget):
    """A date that may be left open (a notice with no start or no end)."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = QDateEdit(calendarPopup=True, displayFormat="dd/MM/yyyy")
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, day: date | None, fallback: date) -> None:
        self.check.setChecked(day is not None)
        self.edit.setDate(QDate(day or fallback))


class QtDisplayContentPage(QtPage):
    """Playlist on the left, ticker notices on the right, the office's header and kiosk footer below."""

    topics = frozenset({Topic.content, Topic.office})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(_read, self._loaded, args=lambda: (self.store,))
        self.media, self.notice_rows = [], []
        self.today = store.business_day()  # the office's day, from the store's clock (office cached at sign-in)
        root = QGridLayout(self)
        root.addLayout(self._playlist_side(), 0, 0)
        root.addLayout(self._notice_side(), 0, 1)
        root.addLayout(self._texts(), 1, 0, 1, 2)
        root.setColumnStretch(0, 2)
        root.setColumnStretch(1, 3)
        root.setRowStretch(0, 1)

    # -- building -------------------------------------------------------------------------------
    def _playlist_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(heading(tr("Video hướng dẫn (theo thứ tự phát)")))
        self.playlist = QListWidget()
        self.playlist.currentRowChanged.connect(self._pick_video)
        side.addWidget(self.playlist, 1)
        side.addLayout(button_row((tr("Thêm video…"), "ok", self.add_video_dialog), (tr("Lên"), "quiet", self.move_up),
                                  (tr("Xuống"), "quiet", self.move_down), (tr("Gỡ"), "danger", self.remove_video))[0])
        rename = QHBoxLayout()
        self.video_title = QLineEdit()
        self.video_title.setMaxLength(200)
        self.video_title.setPlaceholderText(tr("Tên video"))
        rename_button = QPushButton(tr("Đổi tên"))
        rename_button.clicked.connect(self.rename_video)
        rename.addWidget(self.video_title, 1)
        rename.addWidget(rename_button)
        side.addLayout(rename)
        return side

    def _notice_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(heading(tr("Thông báo chạy chữ")))
        self.notice_model = RowsModel([tr("Nội dung"), tr("Từ ngày"), tr("Đến ngày"), tr("Trạng thái")])
        self.notices = table_view(self.notice_model, stretch=0)
        self.notices.selectionModel().currentRowChanged.connect(lambda cur, _: self._pick_notice(cur.row()))
        side.addWidget(self.notices, 1)
        form = QFormLayout()
        self.notice_text = QLineEdit()
        self.notice_text.setMaxLength(500)
        self.starts_on, self.ends_on = QtOptionalDate(tr("Từ ngày")), QtOptionalDate(tr("Đến ngày"))
        form.addRow(tr("Nội dung"), self.notice_text)
        form.addRow(self.starts_on)
        form.addRow(self.ends_on)
        side.addLayout(form)
        side.addLayout(button_row((tr("Thêm thông báo"), "ok", self.add_notice), (tr("Lưu sửa"), "", self.save_notice),
                                  (tr("Gỡ thông báo"), "danger", self.remove_notice))[0])
        return side

    def _texts(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(heading(tr("Dòng chữ của cơ quan")))
        self.header, self.footer = QLineEdit(), QLineEdit()
        for field in (self.header, self.footer):
            field.setMaxLength(300)
        self.header.setPlaceholderText(tr("Ví dụ: ỦY BAN NHÂN DÂN QUẬN … — BỘ PHẬN MỘT CỬA"))
        self.footer.setPlaceholderText(tr("Ví dụ: Vui lòng chờ đến lượt. Xin cảm ơn!"))
        form.addRow(tr("Dòng đầu màn hình, phiếu"), self.header)
        form.addRow(tr("Dòng cuối phiếu số"), self.footer)
        row, _ = button_row((tr("Lưu dòng chữ"), "ok", self.save_texts))
        row.insertStretch(0, 1)
        form.addRow(row)
        return form

    # -- reading --------------------------------------------------------------------------------

    def _loaded(self, result) -> None:
        self.media, self.notice_rows, office, self.today = result
        chosen = self.selected_video()
        self.playlist.clear()
        for number, m in enumerate(self.media, 1):
            item = QListWidgetItem(f"{number}. {m.title or Path(m.path).stem}\n     {m.path}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.playlist.addItem(item)
            if m.id == chosen:
                self.playlist.setCurrentItem(item)
        self.notice_model.set_rows([[n.text, _day(n.starts_on), _day(n.ends_on), tr(NOTICE_STATES[n.state(self.today)])]
                                    for n in self.notice_rows], self.notice_rows)
        self.header.setText(office.header)
        self.footer.setText(office.kiosk_footer)

    def selected_video(self) -> int | None:
        item = self.playlist.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def selected_notice(self) -> int | None:
        row = self.notices.currentIndex().row()
        return self.notice_rows[row].id if 0 <= row < len(self.notice_rows) else None

    def _pick_video(self, row: int) -> None:
        if 0 <= row < len(self.media):
            self.video_title.setText(self.media[row].title)

    def _pick_notice(self, row: int) -> None:
        if 0 <= row < len(self.notice_rows):
            n = self.notice_rows[row]
            self.notice_text.setText(n.text)
            self.starts_on.set_value(n.starts_on, self.today)
            self.ends_on.set_value(n.ends_on, self.today)

    # -- the playlist ---------------------------------------------------------------------------
    def add_video_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn video hướng dẫn"), "", tr(VIDEO_FILTER))
        if path:
            self.add_video(path)

    def add_video(self, path: str) -> None:
        """Put a video file (as the display PC sees its path) at the end of the playlist."""
        self.act(self.store.content.add_media, path, title=Path(path).stem, done=tr("Đã thêm video vào cuối danh sách."))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        media_id, row = self.selected_video(), self.playlist.currentRow()
        if media_id is None or not 0 <= row + step < len(self.media):
            return
        self.act(self.store.content.move_media, media_id, row + step)

    def rename_video(self) -> None:
        if self._need(self.selected_video(), tr("Hãy chọn một video.")):
            self.act(self.store.content.update_media, self.selected_video(), self.video_title.text(),
                     done=tr("Đã đổi tên video."))

    def remove_video(self) -> None:
        if self._need(self.selected_video(), tr("Hãy chọn một video.")):
            self.act(self.store.content.remove_media, self.selected_video(), done=tr("Đã gỡ video khỏi danh sách phát."))

    # -- the ticker -----------------------------------------------------------------------------
    def add_notice(self) -> None:
        self.act(self.store.content.add_notice, self.notice_text.text(), starts_on=self.starts_on.value(),
                 ends_on=self.ends_on.value(), done=tr("Đã thêm thông báo."))

    def save_notice(self) -> None:
        if self._need(self.selected_notice(), tr("Hãy chọn một thông báo.")):
            self.act(self.store.content.update_notice, self.selected_notice(), self.notice_text.text(),
                     self.starts_on.value(), self.ends_on.value(), done=tr("Đã lưu thông báo."))

    def remove_notice(self) -> None:
        if self._need(self.selected_notice(), tr("Hãy chọn một thông báo.")):
            self.act(self.store.content.remove_notice, self.selected_notice(), done=tr("Đã gỡ thông báo khỏi màn hình."))

    # -- the office's lines ---------------------------------------------------------------------
    def save_texts(self) -> None:
        self.act(self.store.setup.update_office, header=self.header.text(), kiosk_footer=self.footer.text(),
                 done=tr("Đã lưu dòng chữ của cơ quan."))

    def _need(self, chosen: int | None, ask: str) -> bool:
        if chosen is None:
            self.sig_message.emit(ask, True)
        return chosen is not None


def _day(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def _read(store):
    store.refresh_office()  # the header and footer as saved, not as cached at sign-in
    with store.together():
        return store.content.media_items(), store.content.all_notices(), store.office(), store.business_day()
