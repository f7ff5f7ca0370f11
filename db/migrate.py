"""Create or upgrade a database to the newest schema (Alembic), and refuse one newer than we know."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.errors import SchemaTooNew

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
__all__ = ["SchemaTooNew", "check_schema", "current_revision", "head_revision", "needs_upgrade", "upgrade"]


def earlier_migration(filename: str) -> ModuleType:
    """An earlier migration's module, for a later one that builds on its text (a server function changed
    in a few lines): its file read as written, each time it is asked for."""
    spec = importlib.util.spec_from_file_location(f"motcua_migration_{filename[:4]}", MIGRATIONS / "versions" / filename)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:  # the package always ships its migrations
        raise RuntimeError("no migration scripts found")
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_schema(engine: Engine) -> str | None:
    """The database's schema revision; raises SchemaTooNew when this motcua does not know it."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(current, head_revision())
    return current


def needs_upgrade(engine: Engine) -> bool:
    """True when the database holds an older schema than this motcua's (a new, empty one does not count)."""
    current = check_schema(engine)
    return current is not None and current != head_revision()


def upgrade(engine: Engine) -> str:
    """Bring the schema at `engine` to the head revision; returns it. Refuses a newer schema."""
    if check_schema(engine) == head_revision():
        return head_revision()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    return head_revision()
