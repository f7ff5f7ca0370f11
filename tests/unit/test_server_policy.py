"""The server's allow-lists name real operations, and each of the store's operations is placed: a new one
is refused to every station until someone decides who may ask for it."""

from __future__ import annotations

import inspect

from db import Store
from db.store import SERVICES
from server import policy

LISTS = policy.PUBLIC | policy.KIOSK | policy.DISPLAY | policy.SIGN_IN | policy.CLERK | policy.MANAGER


def methods() -> set[str]:
    return {name for cls in SERVICES.values() for name, value in inspect.getmembers(cls)
            if not name.startswith("_") and callable(value)}


def test_every_allowed_operation_is_a_services_or_the_stores_own():
    assert LISTS - policy.STORE_OWN <= methods()
    assert {"office", "login"} <= {n for n, v in inspect.getmembers(Store) if callable(v)}


def test_each_of_the_services_operations_is_placed():
    """A new operation must be put in a list (or NEVER) on purpose: until then no station may ask for it."""
    assert methods() - LISTS - policy.NEVER == set()


def test_no_station_reaches_what_binds_the_actor_or_the_clock():
    for kind in ("kiosk", "display", "counter", "admin"):
        for role in (None, "clerk", "manager", "admin"):
            for name in ("acting_as", "as_user", "as_system", "with_clock", "queue.acting_as", "ctx.acting_as",
                         "queue.store.setup.users", "_tx", "queue._tx", "engine.dispose", "setup.call_next",
                         "call_next", "users", ""):
                assert not policy.allowed(name, kind, role), (name, kind, role)


def test_before_sign_in_a_counter_or_admin_pc_may_only_sign_in():
    for kind in ("counter", "admin"):
        assert policy.allowed("login", kind, None) and not policy.allowed("queue.call_next", kind, None)
    assert policy.allowed("queue.call_next", "counter", "clerk")
    assert policy.allowed("queue.issue_ticket", "kiosk", None) and not policy.allowed("setup.issue_ticket", "kiosk", None)
    assert not policy.allowed("setup.users", "counter", "manager") and policy.allowed("setup.users", "admin", "manager")
    assert not policy.allowed("setup.users", "admin", "clerk")
