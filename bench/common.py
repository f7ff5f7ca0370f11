"""Helpers for the benchmark scripts: fresh databases, percentiles, a demo office."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

PG_URL = os.environ.get("MOTCUA_BENCH_PG_URL") or os.environ.get("MOTCUA_TEST_PG_URL") or \
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def fresh_sqlite(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    return f"sqlite:///{folder / (name + '.sqlite3')}"


def fresh_pg(name: str) -> str:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg(url: str) -> None:
    """Drop a benchmark database made by `fresh_pg` (the shared server is not ours to fill)."""
    name = make_url(url).database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values_s: list[float]) -> str:
    ms = [v * 1000 for v in values_s]
    return (f"p50 {percentile(ms, 50):.2f} ms, p95 {percentile(ms, 95):.2f} ms, p99 {percentile(ms, 99):.2f} ms, "
            f"mean {statistics.fmean(ms):.2f} ms, n={len(ms)}")
