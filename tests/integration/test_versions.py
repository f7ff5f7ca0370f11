"""Versions: one version source, a station refuses a newer schema, `db upgrade` backs up first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

import db.migrate
from core.version import __version__
from db import Store
from db.backup import Manifest
from db.errors import SchemaTooNew
from db.migrate import current_revision, head_revision, upgrade
from motcua.cli import main

ROOT = Path(__file__).resolve().parents[2]
FUTURE = '''"""a release after this one"""
import sqlalchemy as sa
from alembic import op

revision = "9001_future"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("future_things", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("future_things")
'''


@pytest.fixture
def next_release(tmp_path, monkeypatch):
    """This motcua's migrations plus one more, as the next release will ship them (the real files, copied)."""
    folder = tmp_path / "migrations"
    shutil.copytree(db.migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_future.py").write_text(FUTURE.format(head=head_revision()), "utf-8")

    def use():
        monkeypatch.setattr(db.migrate, "MIGRATIONS", folder)

    return use


def run_motcua(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "motcua", *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})))


def test_one_version_everywhere():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "core.version.__version__"}
    assert version("motcua") == __version__
    done = run_motcua("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"motcua {__version__} (lược đồ cơ sở dữ liệu {head_revision()})"


def test_a_station_refuses_a_schema_newer_than_it_knows(demo_db_url, next_release, monkeypatch):
    next_release()
    engine = create_engine(demo_db_url, poolclass=NullPool)
    upgrade(engine)  # the server was upgraded by the next release
    assert current_revision(engine) == "9001_future"
    monkeypatch.undo()  # this PC still runs this release

    for migrate in (True, False):
        with pytest.raises(SchemaTooNew) as refused:
            Store.open(demo_db_url, migrate=migrate)
        assert "9001_future" in str(refused.value) and "cùng phiên bản với máy chủ" in str(refused.value)
    assert current_revision(engine) == "9001_future"  # nothing was written
    engine.dispose()

    # (an app shows the same sentence on its start-up screen, which retries: ui/startup.py)
    for command in (["queue"], ["db", "upgrade"]):
        done = run_motcua("--db", demo_db_url, *command, env={"QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "mới hơn phiên bản motcua trên máy này" in done.stderr, done.stderr
    done = run_motcua("--lang", "en", "--db", demo_db_url, "queue")
    assert "newer than this motcua" in done.stderr


def _config(tmp_path: Path, backup_dir: Path, monkeypatch) -> None:
    config = tmp_path / "motcua.toml"
    config.write_text(f'[backup]\ndir = "{backup_dir.as_posix()}"\nkeep = 3\n', "utf-8")
    monkeypatch.setenv("MOTCUA_CONFIG", str(config))


def test_db_upgrade_backs_up_first(demo_store, demo_db_url, next_release, tmp_path, monkeypatch, capsys):
    demo_store.queue.issue_ticket("A")
    this_release = head_revision()
    backups = tmp_path / "backups"
    _config(tmp_path, backups, monkeypatch)
    next_release()

    assert main(["--db", demo_db_url, "db", "upgrade"]) == 0

    out = capsys.readouterr().out
    [backup] = [p for p in backups.iterdir() if not p.name.endswith(".json")]
    assert f"Đã sao lưu trước khi nâng cấp: {backup}" in out and "9001_future" in out
    manifest = Manifest.read(backup)
    assert manifest.revision == this_release and manifest.counts["tickets"] == 1  # the database as it was
    engine = create_engine(demo_db_url, poolclass=NullPool)
    with engine.connect() as c:
        assert "future_things" in inspect(c).get_table_names()
    engine.dispose()

    assert main(["--db", demo_db_url, "db", "upgrade"]) == 0  # already new: nothing to back up
    assert len([p for p in backups.iterdir() if not p.name.endswith(".json")]) == 1


def test_no_backup_no_upgrade(demo_db_url, next_release, tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", "utf-8")
    _config(tmp_path, blocked, monkeypatch)
    this_release = head_revision()
    next_release()

    assert main(["--db", demo_db_url, "db", "upgrade"]) == 1

    assert "Chưa nâng cấp vì không sao lưu được" in capsys.readouterr().err
    engine = create_engine(demo_db_url, poolclass=NullPool)
    assert current_revision(engine) == this_release
    engine.dispose()
