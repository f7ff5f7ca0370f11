"""What went wrong under the store, in words a clerk can act on (never a raw SQLAlchemy error).

`store_error(error, path)` turns a driver error into a `StoreError`: a full
disk, a read-only file or folder, a damaged file, an unreachable server. A
SQLite store also remembers which file it opened (`DatabaseFile`), so a file
deleted or replaced under the running stations is noticed before the next
ticket is acknowledged into it.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc
from sqlalchemy.engine import make_url

from core.i18n import N_
from db.errors import (
    DatabaseDamaged,
    DatabaseFolderMissing,
    DatabaseLost,
    DatabaseMissing,
    DiskFull,
    Duplicate,
    ReadOnlyStorage,
    StoreError,
    StoreUnavailable,
)

_FULL = ("database or disk is full", "no space left on device", "disk full")
_READ_ONLY = ("attempt to write a readonly database", "read-only file system", "readonly database",
              "read-only transaction")
_DAMAGED = ("file is not a database", "database disk image is malformed", "file is encrypted")
_CONNECTION = ("connection", "server closed", "terminating", "could not connect", "database is locked",
               "unable to open", "the database system is", "could not translate host name", "timeout expired")
_PG_CODES = {"53100": DiskFull, "25006": ReadOnlyStorage}  # disk_full, read_only_sql_transaction


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL and in-memory databases)."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


# what each unique key of the schema names, for the sentence a duplicate gets: (table, last column)
_UNIQUE_WHAT = {
    ("users", "username"): N_("Tên đăng nhập"),
    ("services", "prefix"): N_("Chữ cái đầu số"),
    ("services", "code"): N_("Mã lĩnh vực"),
    ("counters", "number"): N_("Quầy số"),
    ("procedures", "code"): N_("Mã thủ tục"),
    ("dossiers", "code"): N_("Mã hồ sơ"),
    ("tickets", "request_id"): N_("Mã yêu cầu"),
    ("ratings", "ticket_id"): N_("Đánh giá của phiếu"),
    ("calendar_overrides", "session"): N_("Ngày đặc biệt"),
}
_SQLITE_UNIQUE = re.compile(r"unique constraint failed: ([\w.]+(?:, [\w.]+)*)", re.IGNORECASE)
_PG_KEY = re.compile(r"Key \((.+?)\)=\((.*)\) already exists")
_PG_INDEX_COLUMNS = {"ix_tickets_request": ("office_id", "request_id")}


def duplicate(error: exc.IntegrityError) -> Duplicate | None:
    """A unique key's violation as the sentence naming what is duplicated; None for other integrity errors
    (a missing foreign key, a NULL: programming errors, left as they are)."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # psycopg
        if getattr(diag, "sqlstate", None) != "23505":
            return None
        table = diag.table_name or ""
        key = _PG_KEY.search(diag.message_detail or "")
        columns = tuple(c.strip() for c in key.group(1).split(",")) if key else \
            _PG_INDEX_COLUMNS.get(diag.constraint_name or "", ())
        value = key.group(2).split(", ")[-1] if key else ""
    else:
        found = _SQLITE_UNIQUE.search(str(orig))
        if found is None:
            return None
        qualified = [c.strip().split(".") for c in found.group(1).split(",")]
        table = qualified[0][0]
        columns = tuple(c[-1] for c in qualified)
        value = str(_inserted(error).get(columns[-1], "")) if columns else ""
    what = _UNIQUE_WHAT.get((table, columns[-1] if columns else ""))
    return Duplicate(what or N_("Giá trị"), value, columns)


def _inserted(error: exc.IntegrityError) -> dict:
    """{column: value} of the refused statement (SQLite names no value in its message)."""
    params = error.params
    if isinstance(params, dict):
        return params
    columns = _INSERT_COLUMNS.search(error.statement or "")
    if columns is None or not isinstance(params, (tuple, list)):
        return {}
    return dict(zip((c.strip().strip('"') for c in columns.group(1).split(",")), params))


_INSERT_COLUMNS = re.compile(r"INSERT INTO \S+ \(([^)]*)\)", re.IGNORECASE)


def store_error(error: exc.DBAPIError, path: Path | None = None) -> StoreError | None:
    """The StoreError that says what `error` means for the office; None when it is a programming error."""
    message = str(error.orig if error.orig is not None else error).lower()
    code = getattr(getattr(error.orig, "diag", None), "sqlstate", None) or getattr(error.orig, "sqlstate", None)
    name = getattr(error.orig, "sqlite_errorname", "") or ""  # SQLITE_FULL, SQLITE_READONLY_…, SQLITE_IOERR_…
    where = str(path) if path else ""
    if code in _PG_CODES:
        return _PG_CODES[code](where, message)
    if name == "SQLITE_FULL" or any(needle in message for needle in _FULL) or _no_room(path, name):
        return DiskFull(where, message)
    if name.startswith("SQLITE_READONLY") or any(needle in message for needle in _READ_ONLY):
        return ReadOnlyStorage(where, message)
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or any(needle in message for needle in _DAMAGED):
        return DatabaseDamaged(where, message)
    if "unable to open" in message and path is not None:
        if not path.parent.is_dir():
            return DatabaseFolderMissing(where, str(path.parent))
        if not path.exists():
            return DatabaseMissing(where)
        if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
            return ReadOnlyStorage(where, message)  # WAL needs to create files beside the database
    if getattr(error, "connection_invalidated", False) or any(needle in message for needle in _CONNECTION):
        return StoreUnavailable(message)
    if "disk i/o error" in message:
        return StoreUnavailable(message)
    return None


def _no_room(path: Path | None, name: str) -> bool:
    """An I/O error on a SQLite file whose disk has no room left (the WAL index could not grow)."""
    if path is None or not (name.startswith("SQLITE_IOERR") or name == "SQLITE_CANTOPEN"):
        return False
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


@dataclass(frozen=True)
class DatabaseFile:
    """The SQLite file a store opened, by identity (device and inode), not only by name."""

    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> "DatabaseFile":
        """The file at `path` now; DatabaseMissing, or DatabaseDamaged when it is empty or a folder."""
        try:
            info = path.stat()
        except FileNotFoundError:
            raise DatabaseMissing(str(path)) from None
        except OSError as error:
            raise StoreUnavailable(str(error)) from error
        if not path.is_file():
            raise DatabaseDamaged(str(path), "not a file")
        if info.st_size == 0:
            raise DatabaseDamaged(str(path), "empty file")
        return cls(path, info.st_dev, info.st_ino)

    def check(self) -> None:
        """Raise DatabaseLost when the file was deleted or replaced since it was opened."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            raise DatabaseLost(str(self.path)) from None
        except OSError as error:  # a share gone away: say so, do not guess
            raise StoreUnavailable(str(error)) from error
        if (info.st_dev, info.st_ino) != (self.device, self.inode):
            raise DatabaseLost(str(self.path))
