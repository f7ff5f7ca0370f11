"""A full disk for real: a tiny tmpfs (as root), else SQLite's max_page_count on the store's connections."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event


@contextmanager
def tiny_disk(folder: Path):
    """Yields True with a 2 MB tmpfs mounted at `folder` (root only), False where none can be mounted."""
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def _cap(connection, _record) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages}")


def cap_file_size(store) -> None:
    """The fallback where no filesystem can be mounted: the database file may not grow any more,
    and the free pages inside it are used up (by tickets of field B), so the next write fails."""
    event.listen(store.engine, "connect", _cap)
    store.engine.dispose()
    use_up_room(store)


def use_up_room(store, tries: int = 300) -> int:
    """Once the disk can take no more: issue tickets of field B until the free room left inside the database's
    pages is used up too and the store says DiskFull; returns how many were issued."""
    from db.errors import DiskFull

    for issued in range(tries):
        try:
            store.queue.issue_ticket("B")
        except DiskFull:
            return issued
    raise AssertionError(f"{tries} tickets issued on a full disk")


def uncap(store) -> None:
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
