"""A throw-away PostgreSQL server of a test's own, whose database lives on a tiny tmpfs (root only).

The cluster (catalogs of `postgres`, WAL) stays on the ordinary disk; a tablespace on a small tmpfs holds the
office's database, so filling that tmpfs makes PostgreSQL answer "could not extend file" (SQLSTATE 53100,
disk_full) as an ordinary error, never a PANIC of a WAL write. Never the machine's server on 5432.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest


def pg_bin() -> Path | None:
    """The folder of initdb and pg_ctl (Debian keeps them off PATH), or None."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*cmd: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, text=True,
                   timeout=120)


@contextmanager
def private_server_on_tiny_disk(size_mb: int = 64):
    """Yields (url of an empty database `motcua` on a `size_mb` tmpfs, that tmpfs's folder); skips with the
    reason where it cannot be done (not root, no initdb, no tmpfs)."""
    if os.geteuid() != 0:
        pytest.skip("a full disk for PostgreSQL needs root (to mount a small tmpfs)")
    binaries = pg_bin()
    if binaries is None:
        pytest.skip("no initdb/pg_ctl on this machine: PostgreSQL server binaries are not installed")
    base = Path(tempfile.mkdtemp(prefix="motcua-pg-full-"))
    tiny = base / "tiny"
    tiny.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(tiny)],
                      capture_output=True).returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip("a tmpfs cannot be mounted here")
    data, started = base / "data", False
    try:
        for path in (base, tiny):
            shutil.chown(path, "postgres", "postgres")
        _as_postgres(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        port = _free_port()
        _as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
                     f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                     "start")
        started = True
        from sqlalchemy import create_engine, text

        admin = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"CREATE TABLESPACE tiny LOCATION '{tiny}'"))
            c.execute(text("CREATE DATABASE motcua TABLESPACE tiny"))
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/motcua", tiny
    finally:
        if started:
            subprocess.run(["runuser", "-u", "postgres", "--", str(binaries / "pg_ctl"), "-D", str(data), "-m",
                            "immediate", "-w", "stop"], capture_output=True, timeout=120)
        subprocess.run(["umount", "-l", str(tiny)], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
