"""A value that must be unique and is already there is one clear sentence naming it, on both databases;
other integrity errors (programming errors) stay exceptions; nothing is written either way."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, func, insert, select

from core.i18n import set_language
from db.errors import Duplicate, InvalidInput
from db.models import Counter, Procedure, Service, User


def _count(store, model) -> int:
    with store.ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_adding_a_user_whose_username_exists_says_so_and_adds_nobody(manager):
    before = _count(manager, User)
    with pytest.raises(InvalidInput, match="Tên đăng nhập lan đã có"):
        manager.setup.add_user("lan", "Lan khác", "mat-khau-1")
    assert _count(manager, User) == before


def test_a_username_taken_meanwhile_is_a_duplicate_naming_it(manager):
    """Two managers adding the same username at once: the later write hits the unique key."""
    before = _count(manager, User)
    with pytest.raises(Duplicate) as taken:
        with manager.ctx.tx() as s:
            s.add(User(username="lan", full_name="Lan khác", password_hash="x", role="clerk", active=True,
                       created_at=manager.now()))
    assert str(taken.value) == "Tên đăng nhập lan đã có; chưa ghi gì."
    assert taken.value.columns[-1] == "username" and isinstance(taken.value, InvalidInput)
    set_language("en")
    try:
        assert str(Duplicate("Tên đăng nhập", "lan")) == "Username lan already exists; nothing was saved."
    finally:
        set_language("vi")
    assert _count(manager, User) == before


@pytest.mark.parametrize("model,values,sentence", [
    (Counter, {"number": 1, "name": "Quầy trùng", "active": True}, "Quầy số 1 đã có"),
    (Service, {"code": "XX", "name": "Trùng chữ", "prefix": "A", "number_start": 1, "number_end": 999,
               "sla_minutes": 15, "active": True, "sort_order": 99}, "Chữ cái đầu số A đã có"),
    (Procedure, {"code": "{code}", "name": "Trùng mã", "processing_days": 1, "fee": "", "documents": [],
                 "online_level": "", "where_to_submit": "", "agency": "", "legal_basis": "", "active": True},
     "Mã thủ tục {code} đã có"),
])
def test_a_number_or_code_taken_meanwhile_is_a_duplicate_and_writes_nothing(manager, model, values, sentence):
    office = manager.office().id
    code = manager.setup.procedures()[0].code
    values = {k: v.format(code=code) if isinstance(v, str) else v for k, v in values.items()}
    before = _count(manager, model)
    with pytest.raises(Duplicate, match=sentence.format(code=code)):
        with manager.ctx.tx() as s:
            s.execute(insert(model).values(office_id=office, **values))
    assert _count(manager, model) == before


def test_another_integrity_error_stays_a_programming_error(manager):
    with pytest.raises(exc.IntegrityError):
        with manager.ctx.tx() as s:
            s.execute(insert(User).values(username="khong-mat-khau"))  # NOT NULL columns missing: a bug, not input
    assert "khong-mat-khau" not in [u.username for u in manager.setup.users()]


def test_a_kiosk_retry_with_the_same_request_id_still_gets_its_ticket(demo_store):
    first = demo_store.queue.issue_ticket("A", request_id="touch-1")
    again = demo_store.queue.issue_ticket("A", request_id="touch-1")
    assert again.code == first.code and len(demo_store.queue.waiting("A")) == 1
