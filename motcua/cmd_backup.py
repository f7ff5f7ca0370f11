"""`motcua backup` and `motcua restore`: copies of the office's database and getting one back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core.i18n import tr
from db import Store
from db.backup import BackupError, backup_into_folder, backup_to
from db.engine import make_engine
from db.restore import restore
from motcua.output import add_json, emit, fail


def register(sub) -> None:
    p = sub.add_parser("backup", help=tr("sao lưu cơ sở dữ liệu (SQLite hoặc PostgreSQL) khi các máy vẫn làm việc"))
    p.add_argument("file", nargs="?", type=Path, help=tr("tệp đích; bỏ trống để ghi vào thư mục sao lưu"))
    p.add_argument("--dir", type=Path, help=tr("thư mục sao lưu (mặc định theo cấu hình [backup] dir)"))
    p.add_argument("--keep", type=int, help=tr("giữ lại bấy nhiêu bản mới nhất trong thư mục (mặc định 14)"))
    add_json(p)
    p.set_defaults(func=backup)

    p = sub.add_parser("restore", help=tr("khôi phục một bản sao lưu vào cơ sở dữ liệu trống rồi kiểm tra"))
    p.add_argument("file", type=Path, help=tr("tệp sao lưu (.sqlite3 hoặc .dump)"))
    add_json(p)
    p.set_defaults(func=restore_cmd)


def office_now(settings) -> datetime:
    """Now by the store's clock, in the office's time zone: backups are named after it."""
    engine = make_engine(settings.db_url)
    try:
        return Store(engine).now().astimezone(ZoneInfo(settings.timezone))
    finally:
        engine.dispose()


def take_backup(settings, folder: Path | None = None, keep: int | None = None) -> tuple[Path, object, list[Path]]:
    """A rotated backup in the configured folder (what `db upgrade` and the timer run)."""
    folder = folder or settings.backup.resolved_dir()
    return backup_into_folder(settings.db_url, folder, now=office_now(settings), keep=keep or settings.backup.keep)


def backup(args, settings) -> int:
    """Write a consistent backup; exit 1 with the reason when it cannot be made."""
    try:
        if args.file:
            manifest, removed, target = backup_to(settings.db_url, args.file, now=office_now(settings)), [], args.file
        else:
            target, manifest, removed = take_backup(settings, args.dir, args.keep)
    except BackupError as error:
        return fail(str(error))
    rows = sum(manifest.counts.values())
    text = tr("Đã sao lưu vào {file} ({rows} dòng, lược đồ {revision}).", file=target, rows=rows,
              revision=manifest.revision)
    if removed:
        text += "\n" + tr("Đã xóa {n} bản cũ nhất (giữ {keep}).", n=len(removed),
                          keep=args.keep or settings.backup.keep)
    return emit(args, {"file": str(target), "counts": manifest.counts, "revision": manifest.revision,
                       "removed": [str(p) for p in removed]}, text)


def restore_cmd(args, settings) -> int:
    """Restore into the (empty) database named by --db or the settings; exit 1 when refused or a check fails."""
    try:
        report = restore(args.file, settings.db_url)
    except BackupError as error:
        return fail(str(error))
    lines = [tr("Đã khôi phục {file}: {rows} dòng, lược đồ {revision}.", file=args.file,
                rows=sum(report.counts.values()), revision=report.revision)]
    if not report.manifest_found:
        lines.append(tr("Không có tệp .json đi kèm: không so được số dòng với lúc sao lưu."))
    lines += [f"  ✓ {check}" for check in report.checks]
    return emit(args, {"file": str(args.file), "counts": report.counts, "revision": report.revision,
                       "checks": report.checks}, "\n".join(lines))
