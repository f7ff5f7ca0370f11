"""Attacks on sign-in and the kiosk PIN: guessing is locked out, audited, and tells nothing about who exists."""

from __future__ import annotations

from dataclasses import replace

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from db.demo import DEMO_PIN
from db.errors import InvalidInput, LoginFailed, LoginLocked, PermissionDenied
from db.models import AuditLog
from db.store.base import KIOSK
from db.store.guard import FREE_TRIES


def _audit(store, action: str) -> list[AuditLog]:
    with store.engine.connect() as c:
        return list(c.execute(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def _tries(store, username: str, password: str, n: int) -> list[str]:
    outcomes = []
    for _ in range(n):
        try:
            store.login(username, password)
            outcomes.append("in")
        except LoginLocked:
            outcomes.append("locked")
        except LoginFailed:
            outcomes.append("wrong")
    return outcomes


@pytest.mark.parametrize("username", ["lan", "khong-co-ai"])
def test_a_hundred_wrong_passwords_lock_the_name_whether_or_not_it_exists(demo_store, clock, username):
    outcomes = _tries(demo_store, username, "doan-bua", 100)
    assert outcomes == ["wrong"] * FREE_TRIES + ["locked"] * (100 - FREE_TRIES)
    with pytest.raises(LoginLocked, match="thử lại sau 1 phút"):
        demo_store.login(username, "lan12345")  # even the right password waits out the lock
    clock.advance(seconds=31)
    if username == "lan":
        assert demo_store.login("lan", "lan12345").actor.username == "lan"  # and a success clears the count
        assert _tries(demo_store, "lan", "doan-bua", FREE_TRIES) == ["wrong"] * FREE_TRIES
    else:
        # one more guess once the lock ends, then a lock twice as long (60 s): about one guess an hour soon
        assert _tries(demo_store, username, "doan-bua", 2) == ["wrong", "locked"]
        clock.advance(seconds=59)
        assert _tries(demo_store, username, "doan-bua", 1) == ["locked"]
        clock.advance(seconds=2)
        assert _tries(demo_store, username, "doan-bua", 1) == ["wrong"]
    assert demo_store.login("quanly", "quanly123").actor.role == "manager"  # other names are not locked


def test_failed_sign_ins_are_audited_with_the_name_as_typed_never_the_password(demo_store):
    typed = "x" * 200
    _tries(demo_store, typed, "mat-khau-bi-mat-123", 2)
    _tries(demo_store, "lan", "mat-khau-bi-mat-456", 1)
    failed = _audit(demo_store, "login_failed")
    assert [(r.entity, r.entity_id) for r in failed] == [("user", "x" * 32)] * 2 + [("user", "lan")]
    with demo_store.engine.connect() as c:
        everything = " ".join(str(tuple(r)) for r in c.execute(select(AuditLog)))
    assert "mat-khau-bi-mat" not in everything


def test_a_known_and_an_unknown_user_cost_the_same_one_hash_check(demo_store, monkeypatch):
    """Timing equal for known and unknown users: the same path runs, one argon2 verify each
    (the figures are in BENCHMARKS.md, bench/bench_sign_in.py)."""
    checked: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hash, password):  # argon2's own method, counted, not replaced
        checked.append(password)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    for username in ("lan", "khong-co-ai", "lan", "khong-co-ai"):
        before = len(checked)
        with pytest.raises(LoginFailed):
            demo_store.login(username, "doan-bua")
        assert len(checked) == before + 1, username


def test_the_kiosk_pin_hash_never_leaves_the_store(demo_store, manager):
    for reader in (demo_store, manager):
        with pytest.raises(PermissionDenied):
            reader.setup.setting("kiosk_pin_hash")
        with pytest.raises(PermissionDenied):
            reader.setup.setting("signin_lock:user:lan")
    kiosk = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    assert kiosk.setup.verify_kiosk_pin(DEMO_PIN) is True
    assert "argon2" not in repr(manager.content.stations()) + repr(demo_store.setup.printer_statuses())


def test_wrong_pins_lock_that_kiosk_only_and_are_audited(demo_store, clock):
    sanh = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    tang2 = demo_store.acting_as(replace(KIOSK, station="kiosk-tang-2"))
    assert [sanh.setup.verify_kiosk_pin("0000") for _ in range(FREE_TRIES)] == [False] * FREE_TRIES
    with pytest.raises(LoginLocked):
        sanh.setup.verify_kiosk_pin(DEMO_PIN)
    assert tang2.setup.verify_kiosk_pin(DEMO_PIN) is True
    assert [r.entity_id for r in _audit(demo_store, "kiosk_pin_failed")] == ["kiosk-sanh"] * FREE_TRIES
    assert len(_audit(demo_store, "kiosk_pin_locked")) == 1
    clock.advance(seconds=31)
    assert sanh.setup.verify_kiosk_pin(DEMO_PIN) is True


@pytest.mark.parametrize("pin", ["١٢٣٤", "１２３４", "12\x0034", "12 34", "123", "123456789", "abcd"])
def test_a_pin_is_ascii_digits_only(manager, demo_store, pin):
    with pytest.raises(InvalidInput, match="chữ số từ 0 đến 9"):
        manager.setup.set_kiosk_pin(pin)
    assert demo_store.acting_as(replace(KIOSK, station="kiosk-sanh")).setup.verify_kiosk_pin(pin) is False
    assert demo_store.acting_as(replace(KIOSK, station="kiosk-sanh")).setup.verify_kiosk_pin(DEMO_PIN) is True


def test_a_kiosk_writes_only_for_its_own_station_and_its_own_tickets(demo_store):
    sanh = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    tang2 = demo_store.acting_as(replace(KIOSK, station="kiosk-tang-2"))
    mine = sanh.queue.issue_ticket("A", kiosk="kiosk-sanh", request_id="r-1")
    other = tang2.queue.issue_ticket("A", kiosk="kiosk-tang-2", request_id="r-2")
    counter = demo_store.queue.issue_ticket("A")  # no kiosk: issued by a script or a clerk
    for attack in (lambda: sanh.setup.report_printer_status("kiosk-tang-2", "out", "giả"),
                   lambda: demo_store.setup.report_printer_status("kiosk-tang-2", "out", "giả"),  # no station at all
                   lambda: sanh.queue.mark_printed(other.id, True), lambda: sanh.queue.confirm_ticket(other.id),
                   lambda: sanh.queue.mark_printed(counter.id, False, "giả")):
        with pytest.raises(PermissionDenied):
            attack()
    assert "kiosk-tang-2" not in demo_store.setup.printer_statuses()
    sanh.setup.report_printer_status("", "near_end", "giấy sắp hết")  # its own, named or not
    sanh.setup.report_printer_status("kiosk-sanh", "ok", "")
    sanh.queue.mark_printed(mine.id, True)
    assert demo_store.setup.printer_statuses()["kiosk-sanh"]["status"] == "ok"
    assert demo_store.queue.ticket(mine.code).print_status == "printed"
    assert demo_store.queue.ticket(other.code).print_status == "pending"
