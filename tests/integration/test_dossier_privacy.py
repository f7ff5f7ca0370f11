"""A citizen's personal data reaches only the staff who need it; the public kiosk cannot walk dossier codes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.codes import dossier_code
from sqlalchemy import select

from db.errors import LoginLocked, NotFound
from db.models import AuditLog
from db.store.base import KIOSK
from db.store.guard import FREE_TRIES

PROCEDURE = "1.000894.000.00.00.H10"
PERSON = dict(applicant_name="Nguyễn Văn An", applicant_id_number="092085001234", phone="0912345678",
              email="an.nguyen@gmail.com", address="12 Lê Lợi, phường Thốt Nốt, TP Cần Thơ")


@pytest.fixture
def kiosk(demo_store):
    return demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))


def test_staff_see_the_person_whole_and_the_receipts_check_code(clerk):
    d = clerk.dossiers.receive_dossier(procedure=PROCEDURE, note="CCCD bản gốc đã xem", **PERSON)
    assert len(d.check_code) == 6
    seen = clerk.dossiers.dossier(d.code)
    assert (seen.applicant_name, seen.applicant_id_number, seen.phone, seen.email, seen.address) == tuple(
        PERSON.values())
    assert seen.check_code == d.check_code and seen.note == "CCCD bản gốc đã xem"
    assert clerk.dossiers.due_soon(30)[0].applicant_id_number == "092085001234"


def test_the_kiosk_needs_the_check_code_and_sees_the_person_masked(clerk, kiosk):
    d = clerk.dossiers.receive_dossier(procedure=PROCEDURE, note="CCCD bản gốc đã xem", **PERSON)
    for check in ("", "ABCDEF" if d.check_code != "ABCDEF" else "ABCDEG", d.check_code[:5]):
        with pytest.raises(NotFound) as refused:
            kiosk.dossiers.dossier(d.code, check)
        assert str(refused.value) == f"Không tìm thấy hồ sơ {d.code}."  # the words of a code that does not exist
    shown = kiosk.dossiers.dossier(d.code.lower(), f" {d.check_code.lower()} ")  # as typed on the on-screen keys
    assert (shown.code, shown.status, shown.procedure_name) == (d.code, "received", d.procedure_name)
    assert (shown.applicant_name, shown.applicant_id_number, shown.phone, shown.email, shown.address) == (
        "Ng*** V** A", "0*********34", "0*******78", "a***@gmail.com", "***, TP Cần Thơ")
    assert shown.note == shown.check_code == "" and all(not h.note and not h.user_name for h in shown.history)
    listed = kiosk.dossiers.due_soon(30)
    assert listed and {x.applicant_name for x in listed} == {"Ng*** V** A"}
    assert "092085001234" not in repr(listed) + repr(shown) and d.check_code not in repr(listed) + repr(shown)


def test_two_hundred_sequential_guesses_reveal_nothing(clerk, kiosk, demo_store):
    received = [clerk.dossiers.receive_dossier(procedure=PROCEDURE, **PERSON) for _ in range(3)]
    day, agency = demo_store.business_day(), demo_store.office().agency_code
    revealed, missing_words, locked = [], set(), 0
    for seq in range(1, 201):
        code = dossier_code(agency, day, seq)
        try:
            revealed.append(kiosk.dossiers.dossier(code, "ABCDEF"))
        except NotFound as error:
            missing_words.add(str(error).replace(code, "<mã>"))
        except LoginLocked:
            locked += 1
    assert revealed == [] and missing_words == {"Không tìm thấy hồ sơ <mã>."}
    assert locked == 200 - FREE_TRIES  # past a few wrong look-ups the kiosk's look-up waits: no walking the codes
    assert [d.code for d in received] == [dossier_code(agency, day, n) for n in (1, 2, 3)]  # they were there


def _audit(store, action: str) -> list[AuditLog]:
    with store.engine.connect() as c:
        return list(c.execute(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_wrong_check_codes_lock_that_kiosks_look_up_for_a_growing_while(clerk, kiosk, demo_store, clock):
    """10⁹ check codes cannot be walked: wrong ones count per kiosk station like wrong PINs; the lock holds
    even for the right code, other kiosks and the staff are not locked, and it ends by the store's clock."""
    d = clerk.dossiers.receive_dossier(procedure=PROCEDURE, **PERSON)
    wrong = "ABCDEF" if d.check_code != "ABCDEF" else "ABCDEG"
    for _ in range(FREE_TRIES):
        with pytest.raises(NotFound):
            kiosk.dossiers.dossier(d.code, wrong)
    with pytest.raises(LoginLocked, match="thử lại sau 1 phút"):
        kiosk.dossiers.dossier(d.code, d.check_code)  # the right code too: a walk would find it otherwise
    other = demo_store.acting_as(replace(KIOSK, station="kiosk-tang-2"))
    assert other.dossiers.dossier(d.code, d.check_code).code == d.code
    assert clerk.dossiers.dossier(d.code).applicant_id_number == PERSON["applicant_id_number"]
    assert [r.entity_id for r in _audit(demo_store, "dossier_lookup_failed")] == ["kiosk-sanh"] * FREE_TRIES
    clock.advance(seconds=31)
    assert kiosk.dossiers.dossier(d.code, d.check_code).code == d.code  # the lock ended; the right code clears it
    for _ in range(FREE_TRIES):  # counting starts again
        with pytest.raises(NotFound):
            kiosk.dossiers.dossier(d.code, wrong)
    with pytest.raises(LoginLocked):
        kiosk.dossiers.dossier(d.code, wrong)
    clock.advance(seconds=31)
    with pytest.raises(NotFound):  # a code that is not there counts too
        kiosk.dossiers.dossier("000.00.00.H10-000000-9999", wrong)
    with pytest.raises(LoginLocked) as longer:
        kiosk.dossiers.dossier(d.code, d.check_code)
    assert longer.value.seconds > 31  # one more wrong look-up after a lock: a longer lock


def test_dossiers_received_before_the_check_code_get_one_at_upgrade(demo_store, clerk):
    """Migration 0006 back-fills every earlier dossier, so a reprinted receipt carries a check code too."""
    from alembic import command
    from sqlalchemy import text

    from core.codes import CHECK_RE
    from db.migrate import alembic_config, upgrade

    for _ in range(12):
        clerk.dossiers.receive_dossier(procedure=PROCEDURE, **PERSON)
    with demo_store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005_audit_append_only")
    upgrade(demo_store.engine)
    with demo_store.engine.connect() as c:
        checks = list(c.scalars(text("SELECT check_code FROM dossiers")))
    assert len(checks) > 10 and all(CHECK_RE.fullmatch(check) for check in checks)
    assert len(set(checks)) == len(checks)
