"""The server's allow-lists name real operations, and each of the store's operations is placed: a new one
is refused to every station until someone decides who may ask for it."""

from __future__ import annotations

import inspect

from db import Store
from server import policy

SERVER_ONLY = {"logout"}  # handled by the server itself


def operations() -> set[str]:
    return {name for name, value in inspect.getmembers(Store) if not name.startswith("_") and callable(value)}


def test_every_allowed_operation_is_one_of_the_stores():
    lists = policy.PUBLIC | policy.KIOSK | policy.DISPLAY | policy.SIGN_IN | policy.CLERK | policy.MANAGER
    assert lists - SERVER_ONLY <= operations()


def test_each_of_the_stores_operations_is_placed():
    """A new operation must be put in a list (or NEVER) on purpose: until then no station may ask for it."""
    lists = policy.PUBLIC | policy.KIOSK | policy.DISPLAY | policy.SIGN_IN | policy.CLERK | policy.MANAGER
    assert operations() - lists - policy.NEVER == set()


def test_no_station_reaches_what_binds_the_actor_or_the_clock():
    for kind in ("kiosk", "display", "counter", "admin"):
        for role in (None, "clerk", "manager", "admin"):
            for name in ("acting_as", "as_user", "as_system", "with_clock", "queue.acting_as", "a.b.call_next",
                         "_tx", "queue._tx", "engine.dispose", ""):
                assert not policy.allowed(name, kind, role), (name, kind, role)


def test_before_sign_in_a_counter_or_admin_pc_may_only_sign_in():
    for kind in ("counter", "admin"):
        assert policy.allowed("login", kind, None) and not policy.allowed("call_next", kind, None)
    assert policy.allowed("queue.call_next", "counter", "clerk")  # a service's operation, by its own name
    assert not policy.allowed("users", "counter", "manager") and policy.allowed("users", "admin", "manager")
    assert not policy.allowed("users", "admin", "clerk")
