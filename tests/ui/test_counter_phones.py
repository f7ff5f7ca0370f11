"""The counter and phones: a remote number and a booking wait in the list like any ticket; a ticket's QR that
holds its phone page (public_base_url set) still calls it when scanned."""

from __future__ import annotations

from datetime import date

from test_counter import make_counter, scan  # noqa: F401 - make_counter is a fixture

AN = {"full_name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "001099012345"}


def _waiting(window) -> list[tuple[str, str]]:
    table = window.queue.waiting
    return [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]


def test_remote_and_booked_tickets_wait_like_any_and_a_phone_link_qr_calls_its_ticket(make_counter, qtbot,
                                                                                        sqlite_demo_store, clock):
    manager = sqlite_demo_store.login("quanly", "quanly123")
    manager.phones.set_field_booking("B", weekdays=[2], sessions=["pm"], per_slot=3, remote_numbers=True)
    booked = sqlite_demo_store.phones.book_appointment("B", date(2026, 11, 25), "pm", **AN)
    clock.set(2026, 11, 25, 13, 35)
    walk_in = sqlite_demo_store.queue.issue_ticket("B")
    remote, token = sqlite_demo_store.phones.issue_remote_ticket("B", **(AN | {"id_number": "079301000123"}))
    checked = sqlite_demo_store.phones.check_in_appointment(code=booked.code)
    window = make_counter(3)
    qtbot.waitUntil(lambda: len(_waiting(window)) == 3, timeout=5000)
    assert _waiting(window) == [(checked.ticket.code, "★ Có lịch hẹn"), (walk_in.code, ""), (remote.code, "")]
    scan(window, f"https://motcua.example.vn/t/{token}")  # the remote ticket's QR on the citizen's phone
    qtbot.waitUntil(lambda: window.current is not None and window.current.code == remote.code, timeout=5000)
    assert window.serving.code.text() == remote.code
