"""Dossier intake and its life afterwards, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.errors import InvalidInput, InvalidState, NotFound, PermissionDenied

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KHAI_SINH = "1.001193.000.00.00.H10"  # 0.5 working day
KET_HON = "1.000894.000.00.00.H10"  # 1 working day


@pytest.fixture
def clerk(demo_store):
    return demo_store.login("mai", "mai12345")


def receive(clerk, **extra):
    values = dict(procedure=KET_HON, applicant_name="Nguyễn Văn An", applicant_id_number="092085001234",
                  phone="0912345678", documents=[{"name": "Tờ khai theo mẫu", "form": "original", "quantity": 1}])
    values.update(extra)
    return clerk.dossiers.receive_dossier(**values)


def test_intake_assigns_codes_per_day_and_a_due_date(clerk, clock):
    first, second = receive(clerk), receive(clerk, procedure=KHAI_SINH)
    assert first.code == "000.00.20.H10-261125-0001" and second.code == "000.00.20.H10-261125-0002"
    assert first.due_at == datetime(2026, 11, 26, 11, 30, tzinfo=VN)  # Wed 09:00 + 1 day
    assert second.due_at == datetime(2026, 11, 25, 17, 0, tzinfo=VN)  # half a day: this afternoon
    assert first.received_by_name == "Phạm Thị Mai" and first.status == "received"
    assert [s.action for s in clerk.dossiers.dossier(first.code).history] == ["received"]
    clock.advance(days=1)
    assert receive(clerk).code.endswith("-261126-0001")


def test_friday_1530_before_the_hung_kings_holiday(clerk, clock):
    clock.set(2026, 4, 24, 15, 30)
    preview = clerk.dossiers.preview_due_date(KET_HON)
    dossier = receive(clerk)
    assert dossier.due_at == preview.due_at == datetime(2026, 4, 29, 11, 30, tzinfo=VN)
    assert preview.after_cutoff and any("27/04/2026" in line for line in preview.explain())


def test_an_office_day_off_moves_the_date(clerk, demo_store, clock):
    from db.models import CalendarOverride

    with demo_store.ctx.tx() as s:
        s.add(CalendarOverride(office_id=demo_store.office().id, day=datetime(2026, 11, 26).date(), kind="off",
                               note="Nghỉ bù"))
    assert receive(clerk).due_at == datetime(2026, 11, 27, 11, 30, tzinfo=VN)


def test_bad_intake_is_refused_and_uses_no_code(clerk):
    for bad in (dict(applicant_name=" "), dict(applicant_id_number="123"), dict(phone="12ab"),
                dict(email="not-mail"), dict(channel_in="fax"), dict(procedure="9.999")):
        with pytest.raises((InvalidInput, NotFound)):
            receive(clerk, **bad)
    assert receive(clerk).code.endswith("-0001")


def test_the_kiosk_cannot_receive(demo_store):
    with pytest.raises(PermissionDenied):
        receive(demo_store)


def test_ticket_is_linked(demo_store, clerk):
    ticket = demo_store.queue.issue_ticket("C")
    clerk.queue.call_next(5)
    dossier = receive(clerk, ticket_code=ticket.code, counter=5)
    assert dossier.ticket_code == ticket.code and dossier.counter_number == 5


def test_hand_over_resolve_and_return_by_post(clerk, clock):
    code = receive(clerk, channel_out="postal").code
    clerk.dossiers.hand_over(code, "Phòng Tư pháp")
    clock.advance(hours=3)
    clerk.dossiers.mark_resolved(code)
    with pytest.raises(InvalidInput):
        clerk.dossiers.return_result(code, "Nguyễn Văn An", "postal")  # no tracking number
    done = clerk.dossiers.return_result(code, "Nguyễn Văn An", "postal", "EMS123456789VN")
    assert (done.status, done.return_channel, done.tracking_number) == ("returned", "postal", "EMS123456789VN")
    steps = clerk.dossiers.dossier(code).history
    assert [s.action for s in steps] == ["received", "handed_over", "resolved", "returned"]
    assert steps[1].agency == "Phòng Tư pháp" and steps[1].user_name == "Phạm Thị Mai"
    with pytest.raises(InvalidState):
        clerk.dossiers.hand_over(code, "Phòng Tư pháp")


def test_supplement_restarts_the_count(clerk, clock):
    code = receive(clerk).code
    clerk.dossiers.request_supplement(code, ["Bản sao Giấy khai sinh"])
    assert clerk.dossiers.dossier(code).status == "supplement_requested"
    clock.set(2026, 11, 27, 9, 0)
    again = clerk.dossiers.record_supplement(code)
    assert again.status == "received" and again.due_at == datetime(2026, 11, 30, 11, 30, tzinfo=VN)
    assert again.original_due_at == datetime(2026, 11, 26, 11, 30, tzinfo=VN)


def test_late_dossier_gets_an_apology_and_a_new_date(clerk, clock):
    code = receive(clerk).code
    clock.set(2026, 11, 27, 9, 0)
    assert [d.code for d in clerk.dossiers.overdue()] == [code]
    new_date = datetime(2026, 12, 2, 11, 30, tzinfo=VN)
    late = clerk.dossiers.issue_apology(code, new_date, "Chờ xác minh của cơ quan khác")
    assert late.apology_count == 1 and late.due_at == new_date
    assert clerk.dossiers.overdue() == []
    with pytest.raises(InvalidInput):
        clerk.dossiers.issue_apology(code, clock() - timedelta(days=1), "x")


def test_refusal_is_recorded_with_its_reason(clerk):
    refused = clerk.dossiers.refuse_dossier(procedure=KET_HON, applicant_name="Trần Thị Bé", reason="Không thuộc thẩm quyền")
    assert refused.status == "refused" and refused.note == "Không thuộc thẩm quyền"
    with pytest.raises(InvalidInput):
        clerk.dossiers.refuse_dossier(procedure=KET_HON, applicant_name="X", reason=" ")


def test_unknown_code_is_not_found(clerk):
    with pytest.raises(NotFound) as error:
        clerk.dossiers.dossier("000.00.20.H10-200101-9999")
    assert "Không tìm thấy hồ sơ" in str(error.value)
