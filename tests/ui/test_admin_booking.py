"""The manager's page for bookings and remote numbers: set a field's slots and the office's rules."""

from __future__ import annotations

from test_admin import idle, make_admin, messages, signed_in  # noqa: F401 - make_admin is a fixture


def test_the_manager_opens_bookings_for_a_field_and_sets_the_rules(qtbot, make_admin, sqlite_demo_store):
    window, page = signed_in(qtbot, make_admin, "booking")
    said = messages(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5000)
    assert not page.save_button.isEnabled()  # nothing chosen yet
    row = next(i for i, s in enumerate(page.services) if s.prefix == "B")
    page.table.selectRow(row)
    assert page.save_button.isEnabled() and "Tư pháp" in page.field.text()
    for day in range(5):
        page.weekdays[day].setChecked(True)
    page.sessions["am"].setChecked(True)
    page.per_slot.setValue(12)
    page.remote.setChecked(True)
    page.save_button.click()
    idle(qtbot, page)
    booking = sqlite_demo_store.phones.field_booking("B")
    assert (booking.weekdays, booking.sessions, booking.per_slot, booking.remote_numbers) == (
        (0, 1, 2, 3, 4), ("am",), 12, True)
    qtbot.waitUntil(lambda: page.model.index(row, 4).data() == "12", timeout=5000)
    assert page.model.index(row, 5).data() == "Bật"
    page.rules["per_person_day"].setValue(3)
    page.merge.setCurrentIndex(page.merge.findData("interleave"))
    page.rules_button.click()
    idle(qtbot, page)
    rules = sqlite_demo_store.phones.appointment_rules()
    assert (rules.per_person_day, rules.merge) == (3, "interleave")
    assert [text for text, error in said if not error] == ["Đã lưu lịch hẹn của lĩnh vực B · Tư pháp - Hộ tịch.",
                                                          "Đã lưu quy định lịch hẹn."]
