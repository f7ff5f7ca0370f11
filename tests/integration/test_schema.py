"""One migration chain; the models and the migrations describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.engine import make_engine
from db.migrate import alembic_config, current_revision, head_revision, upgrade
from db.models import Base


def test_there_is_exactly_one_head():
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_models_match_the_migrated_schema(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision()
    assert upgrade(engine) == head_revision()  # upgrading again is harmless
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    engine.dispose()
