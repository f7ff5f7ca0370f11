"""Every service refuses a wrong type, an oversize text or a negative number with one sentence in the
user's language (a StoreError, with its English), and writes nothing; the queue's own cases are in
test_store_load.py."""

from __future__ import annotations

from datetime import date

import pytest

from core.i18n import set_language, tr
from db.errors import StoreError

KET_HON = "1.000894.000.00.00.H10"
LONG = "x" * 5000
D1, D2 = date(2026, 11, 1), date(2026, 11, 30)

BAD = [  # (who, service, operation, args, kwargs)
    ("clerk", "dossiers", "receive_dossier", (), {"procedure": 5, "applicant_name": "An"}),
    ("clerk", "dossiers", "receive_dossier", (), {"procedure": KET_HON, "applicant_name": 7}),
    ("clerk", "dossiers", "receive_dossier", (), {"procedure": KET_HON, "applicant_name": LONG}),
    ("clerk", "dossiers", "receive_dossier", (), {"procedure": KET_HON, "applicant_name": "An", "note": LONG}),
    ("clerk", "dossiers", "receive_dossier", (), {"procedure": KET_HON, "applicant_name": "An", "address": 5}),
    ("clerk", "dossiers", "refuse_dossier", (), {"procedure": KET_HON, "applicant_name": "An", "reason": LONG}),
    ("clerk", "dossiers", "dossier", (5,), {}),
    ("clerk", "dossiers", "due_soon", ("x",), {}),
    ("clerk", "dossiers", "due_soon", (-1,), {}),
    ("clerk", "dossiers", "request_supplement", ("{code}", "Bản sao"), {}),
    ("clerk", "dossiers", "request_supplement", ("{code}", [LONG]), {}),
    ("clerk", "dossiers", "hand_over", ("{code}",), {"agency": 5}),
    ("clerk", "dossiers", "issue_apology", ("{code}", "ngày mai", "Chờ xác minh"), {}),
    ("manager", "setup", "add_user", (5, "Tên", "mat-khau-1"), {}),
    ("manager", "setup", "add_user", ("moi", LONG, "mat-khau-1"), {}),
    ("manager", "setup", "save_service", (), {"code": 5, "name": "X", "prefix": "Z"}),
    ("manager", "setup", "save_service", (), {"code": "ZZ", "name": LONG, "prefix": "Z"}),
    ("manager", "setup", "save_counter", (), {"number": "1"}),
    ("manager", "setup", "save_counter", (), {"number": 9, "name": LONG}),
    ("manager", "setup", "save_procedure", (), {"code": LONG, "name": "X", "service": "A", "processing_days": 1}),
    ("manager", "setup", "save_procedure", (), {"code": "P1", "name": "X", "service": "A", "processing_days": -3}),
    ("manager", "setup", "set_setting", (5, "x"), {}),
    ("manager", "content", "add_notice", (5,), {}),
    ("manager", "content", "update_notice", ("1", "Thông báo"), {}),
    ("manager", "content", "add_media", (5,), {}),
    ("manager", "content", "add_media", (LONG,), {}),
    ("manager", "content", "save_station_settings", (5, {}, {}), {}),
    ("manager", "calendar", "add_calendar_override", ("2026-12-01", "off"), {}),
    ("manager", "calendar", "opening_status", ("bây giờ",), {}),
    ("manager", "reports", "queue_report", ("2026-11-01", D2), {}),
    ("manager", "reports", "dossier_report", (D1, 5), {}),
    ("manager", "reports", "satisfaction_report", (D2, D1), {}),
    ("manager", "reports", "monthly_report", (D1, "x"), {}),
    ("manager", "reports", "audit_log", (), {"start": "hôm qua"}),
    ("manager", "reports", "audit_log", (), {"limit": -5}),
]


@pytest.mark.parametrize("who,service,name,args,kwargs", BAD, ids=[f"{b[2]}{b[3]}{b[4]}"[:70] for b in BAD])
def test_a_bad_argument_is_one_clear_sentence_and_writes_nothing(demo_store, who, service, name, args, kwargs):
    actor = demo_store.login(*{"clerk": ("lan", "lan12345"), "manager": ("quanly", "quanly123")}[who])
    code = actor.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Nguyễn Văn An").code \
        if service == "dossiers" else ""
    args = tuple(a.format(code=code) if isinstance(a, str) and "{code}" in a else a for a in args)
    before = _written(demo_store)
    op = getattr(getattr(actor, service), name)
    with pytest.raises(StoreError) as vietnamese:
        op(*args, **kwargs)
    set_language("en")
    try:
        with pytest.raises(StoreError) as english:
            op(*args, **kwargs)
    finally:
        set_language("vi")
    assert str(english.value) != str(vietnamese.value)  # the English catalog has the sentence
    assert "{" not in str(english.value) or str(english.value) == tr(str(english.value))
    assert _written(demo_store) == before  # nothing changed


def _written(store) -> int:
    from sqlalchemy import func, select

    from db.models import AuditLog
    with store.ctx.read() as s:
        return s.scalar(select(func.count()).select_from(AuditLog)) or 0
