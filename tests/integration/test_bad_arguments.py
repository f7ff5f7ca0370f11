"""Every service refuses a wrong type, an oversize text or a negative number with one sentence in the
user's language (a StoreError, with its English), and writes nothing; the queue's own cases are in
test_store_load.py."""

from __future__ import annotations

import re
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


# -- every operation, every argument: a value of the wrong kind is an InvalidInput, nothing else ----------

WRONG = [10**30, -1, "x" * 5000, "", [5], {"a": 1}, 1.5, True, None, "a\x00b"]


def _fits(value, hint) -> bool:
    """Whether `value` could be meant for `hint`, by a rule of its own (not the store's check): a list or
    a dict only where the annotation names one, a number past 64 bits never."""
    shown = repr(hint)
    if isinstance(value, list):
        return any(w in shown for w in ("list", "Sequence", "tuple", "Any", "object"))
    if isinstance(value, dict):
        return any(w in shown for w in ("dict", "Any", "object"))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return "Any" in shown or "object" in shown
    return True


def _sweep():
    import inspect
    import typing

    from db.store import SERVICES

    skip = {"together", "acting_as", "as_user", "as_system", "with_clock"}
    for service, cls in SERVICES.items():
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_") or name in skip:
                continue
            hints = typing.get_type_hints(fn)
            params = [p for p in inspect.signature(fn).parameters.values()
                      if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            for param in params:
                yield service, name, params, param, hints.get(param.name, typing.Any)


def test_every_operation_refuses_a_value_of_the_wrong_kind_in_every_argument(demo_store):
    """Each argument of each public operation of every service, given values of every kind (the others
    "1"): the store answers or refuses with a StoreError; a value that cannot be meant (a list for a
    name, a 100-bit number) is always an InvalidInput in one sentence."""
    from db.errors import InvalidInput

    manager = demo_store.login("quanly", "quanly123")
    crashed, accepted, checked = [], [], 0
    for service, name, params, param, hint in _sweep():
        op = getattr(getattr(manager, service), name)
        for value in WRONG:
            kwargs = {p.name: "1" for p in params if p.default is p.empty}
            kwargs[param.name] = value
            checked += 1
            try:
                op(**kwargs)
            except InvalidInput as refused:
                assert not re.search(r"\{[a-z_]+\}", str(refused)), refused  # a sentence, every blank filled
                continue
            except StoreError:
                continue
            except Exception as error:  # noqa: BLE001 - what the test is for
                crashed.append(f"{service}.{name}({param.name}={value!r:.30}): {type(error).__name__}: {error}"[:200])
                continue
            if not _fits(value, hint):
                accepted.append(f"{service}.{name}({param.name}={value!r:.30})")
    assert checked > 2000
    assert not crashed, "\n".join(crashed)
    assert not accepted, "taken without a word:\n" + "\n".join(accepted)
