"""The audit log keeps what was done: its rows cannot be changed or erased, even by direct SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, func, select, text

from db.models import AuditLog


def _lines(store) -> list[tuple]:
    with store.engine.connect() as c:
        return [tuple(r) for r in c.execute(select(AuditLog.id, AuditLog.username, AuditLog.action))]


@pytest.mark.parametrize("attack", ["UPDATE audit_log SET username = 'ai-do'", "DELETE FROM audit_log",
                                    "DELETE FROM audit_log WHERE action = 'login'"])
def test_direct_sql_cannot_change_or_erase_audit_lines(manager, demo_store, attack):
    before = _lines(demo_store)
    assert ("quanly", "login") in {(u, a) for _, u, a in before}
    with demo_store.engine.connect() as c, pytest.raises(exc.DatabaseError, match="append-only"):
        c.execute(text(attack))
        c.commit()
    assert _lines(demo_store) == before
    manager.setup.reset_password("lan", "mat-khau-moi")  # adding lines still works
    with demo_store.engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(AuditLog)) == len(before) + 1


def test_emptying_the_audit_table_is_refused_on_postgresql(pg_demo_store):
    before = _lines(pg_demo_store)
    with pg_demo_store.engine.connect() as c, pytest.raises(exc.DatabaseError, match="append-only"):
        c.execute(text("TRUNCATE audit_log"))
    assert _lines(pg_demo_store) == before


def test_audit_search_takes_percent_and_underscore_as_typed(manager):
    manager.setup.add_user("ab_c", "Trần Thị B", "mat-khau-1")
    manager.setup.add_user("abxc", "Trần Thị C", "mat-khau-2")
    assert {line.detail.get("username") for line in manager.reports.audit_log(text="ab_c")} == {"ab_c"}
    assert manager.reports.audit_log(text="%") == []  # no line holds a % sign: a bare % is not "everything"
    assert manager.reports.audit_log(text="\\") == []
