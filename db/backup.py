"""Backups of the office's database: a consistent copy taken while the stations keep working.

PostgreSQL: `pg_dump` in custom format (`.dump`), run on a snapshot exported from our
own REPEATABLE READ transaction, so the row counts written beside it (`.json`, the
manifest) describe exactly what the dump holds. SQLite: the online backup API
(`.sqlite3`), checked with `PRAGMA integrity_check`. `backup_into_folder` names the
file after the time and keeps the newest N (rotation). Restoring is `db.restore`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import NullPool

from core.i18n import tr
from core.version import __version__
from db.engine import is_sqlite, normalize_url
from db.errors import StoreError

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
NAME = re.compile(r"^motcua-\d{8}-\d{6}(-\d+)?\.(sqlite3|dump)$")


class BackupError(StoreError):
    """A backup or restore could not be done; the message says what to do."""


@dataclass
class Manifest:
    """What a backup holds: its kind, schema revision, time, and the rows of every table."""

    kind: str
    revision: str | None
    taken_at: str
    counts: dict[str, int] = field(default_factory=dict)
    motcua_version: str = ""

    def write(self, backup_file: Path) -> Path:
        path = manifest_path(backup_file)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), "utf-8")
        return path

    @classmethod
    def read(cls, backup_file: Path) -> "Manifest | None":
        path = manifest_path(backup_file)
        if not path.exists():
            return None
        return cls(**json.loads(path.read_text("utf-8")))


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + ".json")


def kind_of(url: str) -> str:
    return "sqlite" if is_sqlite(normalize_url(url)) else "postgresql"


# -- taking a backup ------------------------------------------------------
def backup_to(url: str, target: Path, *, now: datetime) -> Manifest:
    """Copy the database at `url` into `target` (written whole or not at all) and its manifest beside it."""
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # dossiers hold citizens' ID numbers: the copy is the owner's alone, from its first byte
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    except OSError as error:
        raise BackupError(tr("Không ghi được bản sao lưu vào {path}: {reason}", path=target.parent,
                             reason=error.strerror or error)) from error
    try:
        if kind_of(url) == "sqlite":
            manifest = _backup_sqlite(url, partial, now)
        else:
            manifest = _backup_postgresql(url, partial, now)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    manifest.write(target)
    return manifest


def backup_into_folder(url: str, folder: Path, *, now: datetime, keep: int) -> tuple[Path, Manifest, list[Path]]:
    """A new backup named after `now` in `folder`, then only the newest `keep` kept; returns it and what was removed."""
    folder = Path(folder)
    suffix = SUFFIXES[kind_of(url)]
    stem = f"motcua-{now:%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}{suffix}", 1
    while target.exists():  # two backups within one second
        target, n = folder / f"{stem}-{n}{suffix}", n + 1
    manifest = backup_to(url, target, now=now)
    return target, manifest, rotate(folder, keep)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups (by the time in their names) and their manifests."""
    if keep < 1:
        raise BackupError(tr("Số bản sao lưu giữ lại phải từ 1 trở lên."))
    backups = sorted((p for p in Path(folder).iterdir() if NAME.match(p.name)), key=_name_order, reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink()
        manifest_path(path).unlink(missing_ok=True)
    return removed


def _name_order(path: Path) -> tuple[str, int]:
    stem = path.name.split(".", 1)[0]
    parts = stem.split("-")
    return (parts[1] + parts[2], int(parts[3]) if len(parts) > 3 else 0)


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows per table (Alembic's own table left out), read in the caller's transaction."""
    names = sorted(n for n in inspect(connection).get_table_names() if n != "alembic_version")
    preparer = connection.dialect.identifier_preparer
    return {n: connection.execute(text(f"SELECT count(*) FROM {preparer.quote(n)}")).scalar_one() for n in names}


def revision_of(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _manifest(kind: str, connection: Connection, now: datetime) -> Manifest:
    return Manifest(kind=kind, revision=revision_of(connection), taken_at=now.isoformat(),
                    counts=table_counts(connection), motcua_version=__version__)


def sqlite_path(url: str) -> Path:
    path = make_url(normalize_url(url)).database
    if not path or path == ":memory:":
        raise BackupError(tr("Địa chỉ SQLite không chỉ tới một tệp: {url}", url=url))
    return Path(path)


def _backup_sqlite(url: str, partial: Path, now: datetime) -> Manifest:
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(tr("Không tìm thấy tệp cơ sở dữ liệu {path}.", path=source_path))
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=15)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # one step: a consistent copy while kiosks keep issuing (WAL)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
    finally:
        source.close()
        target.close()
    engine = create_engine(f"sqlite:///{partial}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            ok = connection.execute(text("PRAGMA integrity_check")).scalar()
            if ok != "ok":
                raise BackupError(tr("Bản sao lưu không đạt kiểm tra toàn vẹn: {result}", result=ok))
            return _manifest("sqlite", connection, now)
    finally:
        engine.dispose()


# -- PostgreSQL client programs -------------------------------------------
def pg_environment(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment carrying it (not on the command line)."""
    parsed: URL = make_url(normalize_url(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def server_major(connection: Connection) -> int:
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def client_program(name: str, major: int) -> Path:
    """`pg_dump`/`pg_restore` at least as new as the server (Debian keeps one per major version)."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}"),
                  Path(f"C:/Program Files/PostgreSQL/{major}/bin/{name}.exe")]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.exists() and _program_major(path) >= major:
            return path
    raise BackupError(tr(
        "Không có {program} phiên bản {major} (bằng phiên bản máy chủ PostgreSQL). "
        "Cài gói postgresql-client-{major} (Debian/Ubuntu) hoặc công cụ dòng lệnh PostgreSQL {major} (Windows).",
        program=name, major=major))


def _program_major(path: Path) -> int:
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def run_client(argv: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(tr("{what} không thành công: {detail}", what=what, detail=detail[-1] if detail else ""))


def _backup_postgresql(url: str, partial: Path, now: datetime) -> Manifest:
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                connection.execute(text("SET TRANSACTION READ ONLY"))
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                manifest = _manifest("postgresql", connection, now)
                program = client_program("pg_dump", server_major(connection))
                conninfo, env = pg_environment(url)
                # the dump sees exactly the snapshot the counts were read in, while our transaction stays open
                run_client([str(program), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
                            "--no-privileges", f"--file={partial}", f"--dbname={conninfo}"], env, "pg_dump")
    finally:
        engine.dispose()
    return manifest
