"""Restore a backup (`db.backup`) into an empty database, then prove it whole.

Checks after restoring: the schema is one this motcua knows; every table holds the
rows its manifest counted at the backup's snapshot; ticket and dossier numbering
never hands out a number already on paper (`ticket_sequences`, `dossier_sequences`)
and PostgreSQL's id sequences are past every id; SQLite's integrity and foreign keys
hold, PostgreSQL's constraints are all validated. A failed check empties the target
again, so a half-good database is never left for stations to open.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from core.i18n import tr
from db.backup import (BackupError, Manifest, client_program, kind_of, pg_environment, run_client, server_major,
                       sqlite_path, table_counts)
from db.engine import normalize_url
from db.migrate import known_revisions, head_revision

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
MAX_SHOWN = 10  # problems named in the message; the rest counted


@dataclass
class RestoreReport:
    """What was restored and what was checked (each check one line the operator can read)."""

    kind: str
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    manifest_found: bool = True


def backup_kind(file: Path) -> str:
    """`sqlite` or `postgresql`, from the file's first bytes."""
    with open(file, "rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(tr("{file} không phải bản sao lưu của motcua (SQLite hoặc pg_dump).", file=file))


def restore(file: Path, url: str) -> RestoreReport:
    """Restore `file` into the empty database at `url` and check it; refuses a non-empty target."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(tr("Không tìm thấy tệp sao lưu {file}.", file=file))
    kind, target = backup_kind(file), kind_of(url)
    if kind != target:
        raise BackupError(tr("Bản sao lưu là {kind} nhưng cơ sở dữ liệu đích là {target}: hãy khôi phục vào cùng loại.",
                             kind=kind, target=target))
    manifest = Manifest.read(file)
    if manifest and manifest.revision and manifest.revision not in known_revisions():
        raise BackupError(tr("Bản sao lưu có lược đồ {found}, mới hơn motcua này (biết đến {known}): "
                             "hãy dùng motcua mới hơn để khôi phục.", found=manifest.revision, known=head_revision()))
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        _require_empty(engine, url, kind)
        if kind == "sqlite":
            _restore_sqlite(file, url)
        else:
            _restore_postgresql(file, url, engine)
        try:
            return _check(engine, kind, manifest)
        except BackupError:
            _empty_again(engine, url, kind)
            raise
    finally:
        engine.dispose()


def _require_empty(engine, url: str, kind: str) -> None:
    if kind == "sqlite":
        path = sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            return
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if tables:
        raise BackupError(tr("Cơ sở dữ liệu đích đã có dữ liệu ({n} bảng). Chỉ khôi phục vào một cơ sở dữ liệu trống: "
                             "tạo cơ sở dữ liệu mới rồi chạy lại.", n=len(tables)))


def _restore_sqlite(file: Path, url: str) -> None:
    path = sqlite_path(url)
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_postgresql(file: Path, url: str, engine) -> None:
    with engine.connect() as connection:
        program = client_program("pg_restore", server_major(connection))
    conninfo, env = pg_environment(url)
    # one transaction: an error leaves the target as empty as it was
    run_client([str(program), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                f"--dbname={conninfo}", str(file)], env, "pg_restore")


def _check(engine, kind: str, manifest: Manifest | None) -> RestoreReport:
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            if "alembic_version" in inspect(connection).get_table_names() else None
        report = RestoreReport(kind=kind, revision=revision, counts=table_counts(connection),
                               manifest_found=manifest is not None)
        problems: list[str] = []
        if revision not in known_revisions():
            problems.append(tr("lược đồ {revision} không phải của motcua", revision=revision))
        if manifest is not None:
            for table, expected in manifest.counts.items():
                got = report.counts.get(table)
                if got != expected:
                    problems.append(tr("bảng {table}: {got} dòng, bản sao lưu ghi {expected}",
                                       table=table, got=got, expected=expected))
            report.checks.append(tr("Số dòng của {n} bảng khớp với bản sao lưu.", n=len(manifest.counts)))
        problems += _numbering_problems(connection)
        report.checks.append(tr("Số thứ tự phiếu và số hồ sơ tiếp theo đều lớn hơn số đã cấp."))
        if kind == "postgresql":
            problems += _pg_sequence_problems(connection) + _pg_constraint_problems(connection)
            report.checks.append(tr("Bộ đếm mã (sequence) đều vượt mã lớn nhất; mọi ràng buộc đã được kiểm tra."))
        else:
            problems += _sqlite_integrity_problems(connection)
            report.checks.append(tr("SQLite: kiểm tra toàn vẹn và khóa ngoại đạt."))
    if problems:
        shown = "; ".join(problems[:MAX_SHOWN])
        if len(problems) > MAX_SHOWN:
            shown += "; " + tr("và {n} lỗi khác", n=len(problems) - MAX_SHOWN)
        raise BackupError(tr("Bản khôi phục không đạt kiểm tra, đã xóa lại: {problems}", problems=shown))
    return report


def _numbering_problems(connection: Connection) -> list[str]:
    tables = set(inspect(connection).get_table_names())
    problems = []
    if {"tickets", "ticket_sequences"} <= tables:
        rows = connection.execute(text(
            "SELECT t.issued_service_id, t.day, max(t.number), s.last_number FROM tickets t "
            "LEFT JOIN ticket_sequences s ON s.service_id = t.issued_service_id AND s.day = t.day "
            "GROUP BY t.issued_service_id, t.day, s.last_number "
            "HAVING s.last_number IS NULL OR s.last_number < max(t.number)")).all()
        problems += [tr("số phiếu của lĩnh vực {service} ngày {day} sẽ bị cấp trùng", service=r[0], day=r[1])
                     for r in rows]
    if {"dossiers", "dossier_sequences"} <= tables:
        rows = connection.execute(text(
            "SELECT d.office_id, d.day FROM dossiers d "
            "LEFT JOIN dossier_sequences s ON s.office_id = d.office_id AND s.day = d.day "
            "GROUP BY d.office_id, d.day, s.last_seq HAVING s.last_seq IS NULL OR s.last_seq < max(d.seq)")).all()
        problems += [tr("số hồ sơ ngày {day} sẽ bị cấp trùng", day=r[1]) for r in rows]
    return problems


def _pg_sequence_problems(connection: Connection) -> list[str]:
    problems = []
    for table in inspect(connection).get_table_names():
        columns = {c["name"] for c in inspect(connection).get_columns(table)}
        if "id" not in columns:
            continue
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
        if not sequence:
            continue
        last, called = connection.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
        top = connection.execute(text(f'SELECT coalesce(max(id), 0) FROM "{table}"')).scalar_one()
        if top and (last < top or (last == top and not called)):
            problems.append(tr("bộ đếm mã của bảng {table} ({last}) chưa vượt mã lớn nhất {top}",
                               table=table, last=last, top=top))
    return problems


def _pg_constraint_problems(connection: Connection) -> list[str]:
    rows = connection.execute(text(
        "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = current_schema() AND NOT c.convalidated")).scalars().all()
    return [tr("ràng buộc {name} chưa được kiểm tra", name=name) for name in rows]


def _sqlite_integrity_problems(connection: Connection) -> list[str]:
    ok = connection.execute(text("PRAGMA integrity_check")).scalar()
    problems = [] if ok == "ok" else [tr("kiểm tra toàn vẹn: {result}", result=ok)]
    broken = connection.execute(text("PRAGMA foreign_key_check")).all()
    problems += [tr("khóa ngoại hỏng ở bảng {table}", table=row[0]) for row in broken[:5]]
    return problems


def _empty_again(engine, url: str, kind: str) -> None:
    """Undo a restore that failed its checks: the target was empty before, so it is emptied again."""
    engine.dispose()
    if kind == "sqlite":
        path = sqlite_path(url)
        for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            extra.unlink(missing_ok=True)
        return
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))


__all__ = ["restore", "RestoreReport", "backup_kind"]
