"""PostgreSQL helpers for the tests: run admin statements, name per-test databases, cut a database off."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PG_URL = os.environ.get("MOTCUA_TEST_PG_URL", "")
# Databases are named per checkout, so two clones testing against one server never drop each other's.
PG_PREFIX = "motcua_" + hashlib.sha1(str(Path(__file__).resolve().parent).encode()).hexdigest()[:6]


def _pg_admin_url() -> str:
    from db.engine import normalize_url

    return normalize_url(PG_URL)


def _pg_exec(*statements: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as c:
        for statement in statements:
            c.execute(text(statement))
    admin.dispose()


def _pg_url_for(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)


def pg_cut_off(url: str, allow: bool) -> None:
    """Stop (or allow again) every connection to the database at `url`, as if its server went away."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if allow:
        _pg_exec(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    else:
        _pg_exec(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false',
                 f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")

