"""A citizen's personal data reaches only the staff who need it; the public kiosk cannot walk dossier codes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.codes import dossier_code
from db.errors import NotFound
from db.store.base import KIOSK

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
    revealed, missing_words = [], set()
    for seq in range(1, 201):
        code = dossier_code(agency, day, seq)
        try:
            revealed.append(kiosk.dossiers.dossier(code, "ABCDEF"))
        except NotFound as error:
            missing_words.add(str(error).replace(code, "<mã>"))
    assert revealed == [] and missing_words == {"Không tìm thấy hồ sơ <mã>."}
    assert [d.code for d in received] == [dossier_code(agency, day, n) for n in (1, 2, 3)]  # they were there


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
