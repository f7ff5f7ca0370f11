"""The manager's store operations on people, the office and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from db.errors import InvalidInput, LoginFailed, NotFound, PermissionDenied


def test_reset_password_lets_the_user_in_with_the_new_one_only(demo_store):
    manager = demo_store.as_user("quanly")
    manager.setup.reset_password("lan", "moi-mat-khau")
    with pytest.raises(LoginFailed):
        demo_store.login("lan", "lan12345")
    assert demo_store.login("lan", "moi-mat-khau").actor.username == "lan"
    line = manager.reports.audit_log(action="user_password_reset")[0]
    assert line.username == "quanly" and line.detail == {"username": "lan"}  # no password in the log


def test_deactivated_user_cannot_sign_in_and_leaves_their_counter_but_keeps_their_history(demo_store):
    lan = demo_store.login("lan", "lan12345")
    lan.queue.open_counter(1)
    demo_store.queue.issue_ticket("A")
    lan.queue.call_next(counter=1)
    demo_store.as_user("quanly").setup.update_user("lan", active=False)
    with pytest.raises(LoginFailed):
        demo_store.login("lan", "lan12345")
    counter = next(c for c in demo_store.setup.counters() if c.number == 1)
    assert counter.clerk == ""
    assert demo_store.queue.ticket("A001").status == "called"  # the ticket she called is untouched
    assert "lan" in [u.username for u in demo_store.as_user("quanly").setup.users()]  # never deleted
    demo_store.as_user("quanly").setup.update_user("lan", active=True)
    assert demo_store.login("lan", "lan12345").actor.role == "clerk"


def test_roles_change_and_the_rules_that_prevent_a_lock_out(demo_store):
    manager, admin = demo_store.as_user("quanly"), demo_store.as_user("admin")
    manager.setup.update_user("lan", role="manager", full_name="Nguyễn Thị Lan")
    assert demo_store.setup.user_for("lan").role == "manager"
    assert demo_store.setup.user_for("lan").full_name == "Nguyễn Thị Lan"
    with pytest.raises(InvalidInput, match="quản trị viên"):
        manager.setup.update_user("lan", role="admin")
    with pytest.raises(InvalidInput, match="quản trị viên"):
        manager.setup.reset_password("admin", "abcdef")
    with pytest.raises(InvalidInput, match="chính mình"):
        manager.setup.update_user("quanly", active=False)
    with pytest.raises(InvalidInput, match="ít nhất một quản trị viên"):
        demo_store.as_system().setup.update_user("admin", role="manager")
    with pytest.raises(InvalidInput):
        admin.setup.update_user("lan", role="boss")
    with pytest.raises(NotFound):
        admin.setup.update_user("nobody", active=False)
    admin.setup.update_user("quanly", role="admin")
    with pytest.raises(InvalidInput, match="chính mình"):
        admin.setup.update_user("admin", role="manager")
    demo_store.as_user("quanly").setup.update_user("admin", role="manager")  # another admin remains: allowed
    assert demo_store.setup.user_for("admin").role == "manager"


def test_a_clerk_can_open_none_of_the_managers_operations(demo_store):
    clerk = demo_store.as_user("lan")
    before = demo_store.as_user("quanly").reports.audit_log()
    calls = [
        lambda: clerk.setup.update_user("mai", active=False), lambda: clerk.setup.reset_password("mai", "abcdef"),
        lambda: clerk.setup.update_office(name="X"), lambda: clerk.setup.set_priority_policy("strict"),
        lambda: clerk.reports.audit_log(), lambda: clerk.setup.add_user("x", "X", "abcdef"), lambda: clerk.setup.users(),
        lambda: clerk.setup.save_service(code="Z", name="Z", prefix="Z"), lambda: clerk.setup.save_counter(number=9),
        lambda: clerk.setup.close_service_today("A"), lambda: clerk.setup.set_setting("priority_policy", "strict"),
        lambda: clerk.setup.save_procedure(code="1.1", name="x", service="A", processing_days=1),
        lambda: clerk.reports.queue_report(date(2026, 11, 1), date(2026, 11, 25)),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert demo_store.as_user("quanly").reports.audit_log() == before


def test_opening_hours_are_checked_and_then_govern_the_kiosk(demo_store, clock):
    manager = demo_store.as_user("quanly")
    office_before = demo_store.office()
    for bad in ({"0": [["7:30", "11:30"]]}, {"0": [["11:30", "07:30"]]},
                {"0": [["07:30", "11:30"], ["11:00", "17:00"]]}, {"8": [["07:30", "11:30"]]}, "all day"):
        with pytest.raises(InvalidInput):
            manager.setup.update_office(opening_hours=bad)
    assert demo_store.office() == office_before
    # Wednesday 09:00: open with the default hours; closed when Wednesday is afternoons only
    assert demo_store.calendar.opening_status().open
    manager.setup.update_office(opening_hours={"2": [["13:30", "17:00"]]}, kiosk_footer="Xin cảm ơn")
    assert not demo_store.calendar.opening_status().open
    assert demo_store.calendar.opening_status().next_opening.hour == 13
    assert demo_store.office().kiosk_footer == "Xin cảm ơn"
    with pytest.raises(InvalidInput):
        manager.setup.update_office(name="  ")
    with pytest.raises(InvalidInput):
        manager.setup.update_office(colour="red")


def test_priority_policy_is_checked_before_it_reaches_call_next(demo_store):
    manager = demo_store.as_user("quanly")
    manager.setup.set_priority_policy("interleave 2")
    assert manager.setup.priority_policy().interleave == 2
    for bad in ("sometimes", "interleave 0"):
        with pytest.raises(InvalidInput):
            manager.setup.set_priority_policy(bad)
        with pytest.raises(InvalidInput):
            manager.setup.set_setting("priority_policy", bad)
    assert demo_store.setup.setting("priority_policy") == "interleave 2"
    manager.setup.set_priority_policy("strict")
    assert manager.setup.priority_policy().interleave is None


def test_audit_log_filters_by_day_user_action_and_text(demo_store, clock):
    manager, admin = demo_store.as_user("quanly"), demo_store.as_user("admin")
    manager.setup.save_service(code="Z", name="Lĩnh vực thử", prefix="Z")
    clock.advance(days=1)
    admin.setup.reset_password("mai", "mat-khau-moi")
    manager.setup.update_office(header="UBND")
    log = manager.reports.audit_log(start=date(2026, 11, 25), end=date(2026, 11, 26))
    assert [line.action for line in log[:3]] == ["office_update", "user_password_reset", "service_save"]
    assert [line.action for line in manager.reports.audit_log(start=date(2026, 11, 26))] == [
        "office_update", "user_password_reset"]
    assert [line.action for line in manager.reports.audit_log(username="admin", start=date(2026, 11, 25))] == [
        "user_password_reset"]
    assert manager.reports.audit_log(text="Lĩnh vực thử")[0].entity == "service"
    assert manager.reports.audit_log(entity="office", start=date(2026, 11, 26))[0].detail == {"header": "UBND"}
    assert {"office_update", "service_save", "user_password_reset"} <= set(manager.reports.audit_actions())
    with pytest.raises(InvalidInput):
        manager.reports.audit_log(start=date(2026, 11, 26), end=date(2026, 11, 25))


def test_every_change_the_manager_can_make_leaves_one_audit_line(demo_store, tmp_path):
    m = demo_store.as_user("admin")
    catalog = tmp_path / "c.csv"
    catalog.write_text("ma,ten,linh_vuc,so_ngay\n1.000948.H38,Đăng ký thường trú,B,7\n", "utf-8")
    ids = {}
    changes = [
        ("service_save", lambda: m.setup.save_service(code="Z", name="Thử", prefix="Z")),
        ("service_close_today", lambda: m.setup.close_service_today("Z")),
        ("counter_save", lambda: m.setup.save_counter(number=9, services=["Z"])),
        ("user_add", lambda: m.setup.add_user("hoa", "Lê Hoa", "hoa12345")),
        ("user_update", lambda: m.setup.update_user("hoa", role="manager")),
        ("user_password_reset", lambda: m.setup.reset_password("hoa", "moi-12345")),
        ("office_update", lambda: m.setup.update_office(address="Cần Thơ")),
        ("setting_set", lambda: m.setup.set_priority_policy("interleave 4")),
        ("setting_set", lambda: m.setup.set_kiosk_pin("1357")),
        ("procedure_save", lambda: m.setup.save_procedure(code="9.9", name="Thử", service="Z", processing_days=2)),
        ("catalog_import", lambda: m.setup.import_catalog(catalog)),
        ("notice_add", lambda: ids.setdefault("notice", m.content.add_notice("Nghỉ Tết"))),
        ("notice_update", lambda: m.content.update_notice(ids["notice"], "Nghỉ Tết Đinh Mùi")),
        ("notice_remove", lambda: m.content.remove_notice(ids["notice"])),
        ("media_add", lambda: ids.setdefault("media", m.content.add_media("/srv/a.mp4", title="A"))),
        ("media_update", lambda: m.content.update_media(ids["media"], "Hướng dẫn")),
        ("media_order", lambda: m.content.set_media_order([ids["media"]])),
        ("media_remove", lambda: m.content.remove_media(ids["media"])),
        ("calendar_override_add", lambda: ids.setdefault("day", m.calendar.add_calendar_override(date(2026, 12, 31), "off"))),
        ("calendar_override_remove", lambda: m.calendar.remove_calendar_override(ids["day"])),
        ("station_settings_save", lambda: m.content.save_station_settings("quay-1", {"paper_width_mm": 58}, {})),
        ("station_settings_remove", lambda: m.content.remove_station_settings("quay-1")),
    ]
    for action, change in changes:
        before = m.reports.audit_log(limit=100_000)
        change()
        after = m.reports.audit_log(limit=100_000)
        assert len(after) == len(before) + 1 and after[0].action == action and after[0].username == "admin", action
