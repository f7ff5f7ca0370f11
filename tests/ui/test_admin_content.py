"""The manager's calendar, display content and stations pages, driven as a manager would, on a real store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QDate

from admin.content.qt_calendar import KIND_ROLE, QtCalendarPage
from admin.content.qt_display_content import QtDisplayContentPage
from admin.content.qt_stations import QtStationsPage
from db.store.base import KIOSK
from ui.runner import Runner


@pytest.fixture
def open_page(qtbot, sqlite_demo_store):
    """open_page(PageClass, user="quanly") → the page, shown and read once, as the shell builds it."""
    runners = []

    def make(cls, user: str = "quanly"):
        runner = Runner()
        runners.append(runner)
        page = cls(runner, sqlite_demo_store.as_user(user))
        page.messages = []
        page.sig_message.connect(lambda text, error: page.messages.append((text, error)))
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)  # answers shown, not only threads done
        return page

    yield make
    for runner in runners:
        runner.wait()


def said(qtbot, page, count: int) -> tuple[str, bool]:
    """Wait for the page's `count`-th message and return it."""
    qtbot.waitUntil(lambda: len(page.messages) >= count, timeout=5000)
    return page.messages[count - 1]


def test_the_calendar_shows_tet_2027_weekends_and_the_years_days_off(open_page, qtbot):
    page = open_page(QtCalendarPage)
    assert (page.year, page.month) == (2026, 11)
    assert page.cell(date(2026, 11, 28)).data(KIND_ROLE) == "weekend"
    page.step(3)  # November 2026 → February 2027: a new year is read again
    qtbot.waitUntil(lambda: page.days_off_title.text().endswith("2027"), timeout=5000)
    qtbot.waitUntil(lambda: page.days_off.count() > 0, timeout=5000)
    tet = [date(2027, 2, d) for d in range(4, 11)]
    assert all(page.cell(d).data(KIND_ROLE) == "holiday" for d in tet)
    assert "Tết" in page.cell(date(2027, 2, 6)).text()
    assert page.cell(date(2027, 2, 3)).data(KIND_ROLE) == "work"
    lines = [page.days_off.item(i).text() for i in range(page.days_off.count())]
    assert any(line.startswith("Thứ Bảy 06/02") and "Tết" in line for line in lines)


def test_a_day_off_added_on_the_page_is_in_the_grid_and_the_store_and_can_be_removed(open_page, qtbot,
                                                                                    sqlite_demo_store):
    page = open_page(QtCalendarPage)
    day = date(2026, 12, 2)
    page.show_month(2026, 12)
    page.day_edit.setDate(QDate(day))
    page.kind.setCurrentIndex(page.kind.findData("off"))
    page.note.setText("Đại hội công đoàn")
    page.add_button.click()
    qtbot.waitUntil(lambda: page.cell(day).data(KIND_ROLE) == "office_off", timeout=5000)
    assert "Đại hội công đoàn" in page.cell(day).text()
    assert [(o.day, o.kind, o.note) for o in sqlite_demo_store.calendar.calendar_overrides()] == [
        (day, "off", "Đại hội công đoàn")]
    assert said(qtbot, page, 1)[1] is False
    page.day_edit.setDate(QDate(2026, 12, 5))  # a Saturday, worked in the morning
    page.kind.setCurrentIndex(page.kind.findData("work"))
    page.session.setCurrentIndex(page.session.findData("am"))
    page.add_button.click()
    qtbot.waitUntil(lambda: page.cell(date(2026, 12, 5)).data(KIND_ROLE) == "office_work", timeout=5000)
    page.own_days.setCurrentRow(0)
    page.remove_button.click()  # the first press only asks again
    assert page.remove_button.text() == "Bấm lần nữa để xác nhận" and not page.runner.busy
    assert len(sqlite_demo_store.calendar.calendar_overrides()) == 2
    page.remove_button.click()
    qtbot.waitUntil(lambda: page.cell(day).data(KIND_ROLE) == "work", timeout=5000)
    assert page.remove_button.text() == "Bỏ ngày đã chọn"
    assert [o.day for o in sqlite_demo_store.calendar.calendar_overrides()] == [date(2026, 12, 5)]


def test_a_clerk_is_told_no_and_nothing_changes(open_page, qtbot, sqlite_demo_store):
    page = open_page(QtCalendarPage, user="lan")
    page.add_button.click()
    text, error = said(qtbot, page, 1)
    assert error and "quyền" in text
    assert sqlite_demo_store.calendar.calendar_overrides() == []


def test_the_playlist_is_edited_in_the_order_the_display_plays(open_page, qtbot, sqlite_demo_store):
    page = open_page(QtDisplayContentPage)
    for count, name in enumerate(("dang-ky-khai-sinh", "chung-thuc"), 1):
        page.add_video(f"/srv/videos/{name}.mp4")
        qtbot.waitUntil(lambda: page.playlist.count() == count, timeout=5000)  # one after the other, as a user does
    page.playlist.setCurrentRow(1)
    page.move_up()
    qtbot.waitUntil(lambda: page.playlist.item(0).text().startswith("1. chung-thuc"), timeout=5000)
    assert [m.path for m in sqlite_demo_store.content.media_playlist()] == ["/srv/videos/chung-thuc.mp4",
                                                                    "/srv/videos/dang-ky-khai-sinh.mp4"]
    assert page.playlist.currentRow() == 0  # the moved video stays chosen
    page.video_title.setText("Chứng thực bản sao")
    page.rename_video()
    qtbot.waitUntil(lambda: page.playlist.item(0).text().startswith("1. Chứng thực bản sao"), timeout=5000)
    page.remove_video()
    qtbot.waitUntil(lambda: page.playlist.count() == 1, timeout=5000)
    assert [m.title for m in sqlite_demo_store.content.media_playlist()] == ["dang-ky-khai-sinh"]


def test_notices_show_their_state_and_the_office_lines_are_saved(open_page, qtbot, sqlite_demo_store):
    page = open_page(QtDisplayContentPage)
    page.notice_text.setText("Tháng trước nghỉ lễ")
    page.ends_on.set_value(date(2026, 10, 31), date(2026, 10, 31))
    page.add_notice()
    qtbot.waitUntil(lambda: page.notice_model.rowCount() == 1, timeout=5000)
    assert page.notice_model.cell(0, 3) == "đã hết hạn"
    assert sqlite_demo_store.content.notices() == []
    page.notices.selectRow(0)
    assert page.notice_text.text() == "Tháng trước nghỉ lễ" and page.ends_on.value() == date(2026, 10, 31)
    page.notice_text.setText("Giữ trật tự chung")
    page.ends_on.check.setChecked(False)
    page.save_notice()
    qtbot.waitUntil(lambda: page.notice_model.cell(0, 3) == "đang hiển thị", timeout=5000)
    assert [n.text for n in sqlite_demo_store.content.notices()] == ["Giữ trật tự chung"]
    page.notices.selectRow(0)
    page.remove_notice()
    qtbot.waitUntil(lambda: page.notice_model.cell(0, 3) == "đã gỡ", timeout=5000)
    assert sqlite_demo_store.content.notices() == []
    agency = sqlite_demo_store.office().agency_code
    page.header.setText("UBND QUẬN NINH KIỀU — BỘ PHẬN MỘT CỬA")
    page.footer.setText("Xin cảm ơn quý khách!")
    page.save_texts()
    assert said(qtbot, page, 4) == ("Đã lưu dòng chữ của cơ quan.", False)
    sqlite_demo_store.refresh_office()
    office = sqlite_demo_store.office()
    assert (office.header, office.kiosk_footer, office.agency_code) == (
        "UBND QUẬN NINH KIỀU — BỘ PHẬN MỘT CỬA", "Xin cảm ơn quý khách!", agency)


def test_stations_list_printer_reports_and_a_bad_setting_is_refused_with_the_stores_words(open_page, qtbot,
                                                                                          sqlite_demo_store):
    sqlite_demo_store.acting_as(replace(KIOSK, station="kiosk-sanh")).setup.report_printer_status(
        "kiosk-sanh", "near_end", "Máy in sắp hết giấy.")
    page = open_page(QtStationsPage)
    assert [page.model.cell(0, c) for c in range(4)] == ["kiosk-sanh", "(theo máy)", "(theo máy)", "(theo máy)"]
    assert page.model.cell(0, 4) == "sắp hết giấy · 09:00 25/11"
    page.new()
    page.name.setText("quay-3")
    page.url.setText("http://192.168.1.60")
    page.save()
    text, error = said(qtbot, page, 1)
    assert error and "tcp://" in text
    assert sqlite_demo_store.content.station_settings("quay-3") == {}
    page.url.setText("tcp://192.168.1.60:9100")
    page.width.setCurrentIndex(page.width.findData(58))
    page.scanner.setCurrentIndex(page.scanner.findData("serial"))
    page.serial_url.setText("/dev/ttyACM0")
    page.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert sqlite_demo_store.content.station_settings("quay-3") == {
        "printer": {"url": "tcp://192.168.1.60:9100", "paper_width_mm": 58},
        "scanner": {"kind": "serial", "serial_url": "/dev/ttyACM0"}}
    assert [page.model.cell(1, c) for c in range(4)] == ["quay-3", "tcp://192.168.1.60:9100", "58 mm",
                                                         "Đầu đọc cổng COM · /dev/ttyACM0"]
    page.table.selectRow(0)
    assert page.name.text() == "kiosk-sanh" and page.url.text() == ""


def test_a_newer_official_calendar_file_is_previewed_then_imported_on_the_calendar_page(open_page, qtbot, tmp_path,
                                                                                        sqlite_demo_store):
    import json

    page = open_page(QtCalendarPage)
    bad = tmp_path / "sai.json"
    bad.write_text('{"format": "motcua-official-days/1", "years": [2027], "days": [{"date": "2027-02-31"}]}')
    page.preview_official(bad)
    qtbot.waitUntil(lambda: "2027-02-31" in page.official_preview.text(), timeout=5000)
    assert not page.official_apply.isEnabled()
    good = tmp_path / "lich-2027.json"
    good.write_text(json.dumps({"format": "motcua-official-days/1", "years": [2027], "documents": {
        "T": {"number": "1/TB-BNV", "date": "2026-11-20", "issuer": "Bộ Nội vụ"}}, "days": [
        {"date": "2027-02-11", "kind": "off", "basis": "swap", "name": "Nghỉ Tết (hoán đổi)", "document": "T"},
        {"date": "2027-02-20", "kind": "work", "basis": "swap", "name": "Làm bù cho 11/02/2027", "document": "T"}]}))
    page.preview_official(good)
    qtbot.waitUntil(page.official_apply.isEnabled, timeout=5000)
    assert "Năm 2027" in page.official_preview.text() and "1/TB-BNV, 20/11/2026, Bộ Nội vụ" in page.official_preview.text()
    assert sqlite_demo_store.calendar.calendar().is_working_day(date(2027, 2, 11))  # the preview wrote nothing
    page.official_apply.click()
    qtbot.waitUntil(lambda: not sqlite_demo_store.calendar.calendar().is_working_day(date(2027, 2, 11)), timeout=5000)
    page.show_month(2027, 2)
    qtbot.waitUntil(lambda: page.cell(date(2027, 2, 20)).data(KIND_ROLE) == "swapped", timeout=5000)
    assert page.cell(date(2027, 2, 11)).data(KIND_ROLE) == "holiday"


def test_only_an_admin_names_the_printer_folder(open_page, qtbot, sqlite_demo_store, tmp_path):
    managers = open_page(QtStationsPage)
    assert not managers.folder.isEnabled() and not managers.folder_button.isEnabled()
    page = open_page(QtStationsPage, user="admin")
    assert page.folder.isEnabled() and page.folder.text() == ""
    page.folder.setText("/")
    page.save_folder()
    text, error = said(qtbot, page, 1)
    assert error and "thư mục gốc" in text and sqlite_demo_store.setup.setting("printer_folder") is None
    page.folder.setText(str(tmp_path))
    page.save_folder()
    text, error = said(qtbot, page, 2)
    assert not error and sqlite_demo_store.setup.setting("printer_folder") == str(tmp_path)
    page.new()
    page.name.setText("kiosk-sanh")
    page.url.setText(f"file://{tmp_path}/ve.bin")
    page.save()
    assert said(qtbot, page, 3) == ("Đã lưu thiết lập máy kiosk-sanh; máy nhận khi khởi động lại.", False)
