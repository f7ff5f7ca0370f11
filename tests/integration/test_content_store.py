"""The manager's content: calendar overrides, ticker notices, the video playlist and stations' devices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.settings import Settings
from core.stations import apply_station, with_station_settings
from db.errors import InvalidInput, NotFound, PermissionDenied
from db.models import AuditLog, Event
from db.store.base import KIOSK

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROCEDURE_3_DAYS = "1.004245.000.00.00.H10"  # 3 working days in the demo catalog


def _counts(store) -> tuple[int, int]:
    """(events, audit lines): a refused operation leaves both as they were."""
    with store.engine.connect() as c:
        return c.scalar(select(func.count()).select_from(Event)), c.scalar(select(func.count()).select_from(AuditLog))


def _audit_actions(store) -> list[str]:
    with store.engine.connect() as c:
        return list(c.scalars(select(AuditLog.action).order_by(AuditLog.id)))


# -- calendar ------------------------------------------------------------------------------
def test_an_extra_day_off_moves_the_due_date_and_removing_it_moves_it_back(demo_store):
    manager = demo_store.as_user("quanly")
    received = datetime(2026, 11, 25, 9, 0, tzinfo=VN)
    before = demo_store.dossiers.preview_due_date(PROCEDURE_3_DAYS, received)
    override = manager.calendar.add_calendar_override(date(2026, 11, 26), "off", note="Đại hội công đoàn")
    after = demo_store.dossiers.preview_due_date(PROCEDURE_3_DAYS, received)
    assert after.due_at.date() > before.due_at.date()
    assert (date(2026, 11, 26), "Đại hội công đoàn") in after.skipped
    assert [(o.day, o.kind, o.session, o.note) for o in demo_store.calendar.calendar_overrides(2026)] == [
        (date(2026, 11, 26), "off", None, "Đại hội công đoàn")]
    assert demo_store.calendar.calendar_overrides(2027) == []
    manager.calendar.remove_calendar_override(override)
    assert demo_store.dossiers.preview_due_date(PROCEDURE_3_DAYS, received).due_at == before.due_at
    assert _audit_actions(demo_store)[-2:] == ["calendar_override_add", "calendar_override_remove"]


def test_a_second_override_for_the_same_day_and_half_replaces_the_first(demo_store):
    manager = demo_store.as_user("quanly")
    saturday = date(2026, 12, 5)
    first = manager.calendar.add_calendar_override(saturday, "work", note="Làm bù")
    manager.calendar.add_calendar_override(saturday, "off", session="pm", note="Chiều nghỉ")
    again = manager.calendar.add_calendar_override(saturday, "work", note="Làm bù cả ngày")
    assert again == first
    rows = demo_store.calendar.calendar_overrides()
    assert [(o.kind, o.session, o.note) for o in rows] == [("work", None, "Làm bù cả ngày"),
                                                           ("off", "pm", "Chiều nghỉ")]
    assert demo_store.calendar.calendar().working_sessions(saturday) == ("am",)


@pytest.mark.parametrize("kind, session", [("nghỉ", None), ("off", "evening")])
def test_a_bad_override_is_refused_and_nothing_is_written(demo_store, kind, session):
    manager = demo_store.as_user("quanly")
    before = _counts(demo_store)
    with pytest.raises(InvalidInput):
        manager.calendar.add_calendar_override(date(2026, 12, 1), kind, session=session)
    assert demo_store.calendar.calendar_overrides() == [] and _counts(demo_store) == before


# -- permissions -----------------------------------------------------------------------------
def test_a_clerk_can_change_none_of_it(demo_store):
    manager, clerk = demo_store.as_user("quanly"), demo_store.as_user("lan")
    override = manager.calendar.add_calendar_override(date(2026, 12, 1), "off")
    notice = manager.content.add_notice("Giữ trật tự")
    media = manager.content.add_media("/srv/a.mp4", title="A")
    manager.content.save_station_settings("kiosk-1", {"paper_width_mm": 58}, {})
    before = _counts(demo_store)
    writes = [
        lambda: clerk.calendar.add_calendar_override(date(2026, 12, 2), "off"),
        lambda: clerk.calendar.remove_calendar_override(override),
        lambda: clerk.content.update_notice(notice, "Đổi"),
        lambda: clerk.content.remove_notice(notice),
        lambda: clerk.content.set_media_order([media]),
        lambda: clerk.content.move_media(media, 0),
        lambda: clerk.content.update_media(media, "B"),
        lambda: clerk.content.remove_media(media),
        lambda: clerk.content.save_station_settings("kiosk-1", {"paper_width_mm": 80}, {}),
        lambda: clerk.content.remove_station_settings("kiosk-1"),
        lambda: clerk.content.all_notices(),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert _counts(demo_store) == before
    assert [n.text for n in demo_store.content.notices()] == ["Giữ trật tự"]
    assert [(m.title, m.path) for m in demo_store.content.media_playlist()] == [("A", "/srv/a.mp4")]
    assert demo_store.content.station_settings("kiosk-1") == {"printer": {"paper_width_mm": 58}, "scanner": {}}
    assert len(demo_store.calendar.calendar_overrides()) == 1


# -- notices -------------------------------------------------------------------------------
def test_notices_past_present_future_and_removed_for_the_manager_only_current_on_the_ticker(demo_store):
    manager = demo_store.as_user("quanly")
    today = demo_store.business_day()
    old = manager.content.add_notice("Tháng trước", ends_on=date(2026, 10, 31))
    now = manager.content.add_notice("Không hút thuốc")
    soon = manager.content.add_notice("Nghỉ Tết", starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 10))
    gone = manager.content.add_notice("Đã gỡ")
    manager.content.remove_notice(gone)
    rows = {n.id: n for n in manager.content.all_notices()}
    assert {i: rows[i].state(today) for i in (old, now, soon, gone)} == {
        old: "expired", now: "showing", soon: "upcoming", gone: "removed"}
    assert [n.text for n in demo_store.content.notices()] == ["Không hút thuốc"]
    manager.content.update_notice(old, "  Tháng này  ", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    assert [n.text for n in demo_store.content.notices()] == ["Tháng này", "Không hút thuốc"]
    assert manager.content.all_notices()[0].id == gone and not manager.content.all_notices()[0].active
    with pytest.raises(InvalidInput, match="Ngày kết thúc"):
        manager.content.update_notice(now, "Ngược", starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 1))
    with pytest.raises(InvalidInput, match="nội dung"):
        manager.content.update_notice(now, "   ")
    with pytest.raises(NotFound):
        manager.content.remove_notice(99999)
    assert [n.text for n in demo_store.content.notices()] == ["Tháng này", "Không hút thuốc"]
    assert _audit_actions(demo_store).count("notice_update") == 1


# -- playlist ------------------------------------------------------------------------------
def test_reordering_renaming_and_removing_give_the_playlist_the_display_plays(demo_store):
    manager = demo_store.as_user("quanly")
    a, b, c = (manager.content.add_media(f"/srv/{n}.mp4", title=n.upper()) for n in "abc")
    manager.content.move_media(c, 0)
    assert [m.path for m in demo_store.content.media_playlist()] == ["/srv/c.mp4", "/srv/a.mp4", "/srv/b.mp4"]
    assert [m.position for m in demo_store.content.media_playlist()] == [0, 1, 2]
    manager.content.set_media_order([b, a, c])
    manager.content.move_media(b, 99)
    manager.content.update_media(a, "  Hướng dẫn   khai sinh ")
    manager.content.remove_media(c)
    assert [(m.path, m.title) for m in demo_store.content.media_playlist()] == [("/srv/a.mp4", "Hướng dẫn khai sinh"),
                                                                        ("/srv/b.mp4", "B")]
    assert demo_store.as_user("quanly").content.media_items() == demo_store.content.media_playlist()
    before = _counts(demo_store)
    with pytest.raises(InvalidInput):
        manager.content.set_media_order([a])  # b left out
    with pytest.raises(InvalidInput):
        manager.content.set_media_order([a, b, c])  # c was removed
    assert _counts(demo_store) == before
    with demo_store.engine.connect() as conn:
        kinds = list(conn.scalars(select(Event.kind).order_by(Event.id.desc()).limit(5)))
    assert set(kinds) == {"media_changed"}


# -- stations ------------------------------------------------------------------------------
def test_station_settings_are_checked_stored_and_listed_with_the_printer_state(demo_store):
    manager = demo_store.as_user("quanly")
    assert demo_store.content.station_settings("quay-1") == {}
    manager.content.save_station_settings("quay-1", {"url": "tcp://192.168.1.50:9100", "paper_width_mm": 58},
                                  {"kind": "serial", "serial_url": "/dev/ttyACM0"})
    demo_store.acting_as(replace(KIOSK, station="kiosk-sanh")).setup.report_printer_status("kiosk-sanh", "near_end",
                                                                                      "giấy sắp hết")
    assert demo_store.content.station_settings("quay-1") == {
        "printer": {"url": "tcp://192.168.1.50:9100", "paper_width_mm": 58},
        "scanner": {"kind": "serial", "serial_url": "/dev/ttyACM0"}}
    listed = {s.name: s for s in demo_store.content.stations()}
    assert list(listed) == ["kiosk-sanh", "quay-1"]
    assert listed["kiosk-sanh"].printer_status == "near_end" and listed["kiosk-sanh"].printer == {}
    assert listed["quay-1"].printer["url"] == "tcp://192.168.1.50:9100" and listed["quay-1"].printer_status == ""
    manager.content.remove_station_settings("quay-1")
    assert demo_store.content.station_settings("quay-1") == {}


@pytest.mark.parametrize("printer, scanner, words", [
    ({"paper_width_mm": 76}, {}, "58 hoặc 80"),
    ({}, {"kind": "laser"}, "Loại máy quét"),
    ({"url": "http://printer"}, {}, "tcp://"),
    ({"url": "tcp://:9100"}, {}, "sai dạng"),
    ({"url": "tcp://host:abc"}, {}, "sai dạng"),
    ({"url": "usb://epson"}, {}, "sai dạng"),
    ({"colour": "red"}, {}, "colour"),
])
def test_bad_station_settings_are_refused_in_vietnamese_and_nothing_is_written(demo_store, printer, scanner, words):
    manager = demo_store.as_user("quanly")
    manager.content.save_station_settings("quay-2", {"paper_width_mm": 80}, {})
    before = _counts(demo_store)
    with pytest.raises(InvalidInput, match=words):
        manager.content.save_station_settings("quay-2", printer, scanner)
    with pytest.raises(InvalidInput, match="Tên máy trạm"):
        manager.content.save_station_settings("quầy:2", {}, {})
    assert _counts(demo_store) == before
    assert demo_store.content.station_settings("quay-2") == {"printer": {"paper_width_mm": 80}, "scanner": {}}


def test_a_kiosk_prints_where_the_manager_said(demo_store, tmp_path):
    """What kiosk/main.py does at start: the store's printer URL wins over the local file's."""
    local = Settings(db_url="sqlite://")
    local.printer.url = f"preview://{tmp_path}"
    demo_store.as_user("quanly").content.save_station_settings("kiosk-sanh", {"url": "tcp://10.0.0.9:9100"}, {"kind": "none"})
    settings = with_station_settings(local, demo_store, "kiosk-sanh")
    assert (settings.printer.url, settings.scanner.kind) == ("tcp://10.0.0.9:9100", "none")
    assert settings.printer.paper_width_mm == local.printer.paper_width_mm
    assert apply_station(local, {}) == local
    assert with_station_settings(local, demo_store, "another-pc") == local
