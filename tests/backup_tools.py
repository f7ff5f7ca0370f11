"""Empty restore targets for the backup tests: a new SQLite path, or a new PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

from pg_tools import PG_PREFIX, _pg_exec, _pg_url_for


def empty_target(request, tmp_path: Path, like_url: str, label: str = "restore"):
    """An empty database of the same kind as `like_url` (a generator: the fixture drops it afterwards)."""
    if like_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        return
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    name = f"{PG_PREFIX}_{label}_{worker}"
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    yield _pg_url_for(name)
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
