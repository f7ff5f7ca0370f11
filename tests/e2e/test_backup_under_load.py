"""A backup taken while a station issues tickets and receives dossiers, restored with nothing missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from backup_tools import empty_target

WRITER = str(Path(__file__).with_name("backup_writer.py"))
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture
def target(request, tmp_path, demo_db_url):
    yield from empty_target(request, tmp_path, demo_db_url)


class Writer:
    """The busy station's process, and every id it has reported committed so far."""

    def __init__(self, url: str):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([sys.executable, WRITER, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        assert self.proc.stdout.readline().strip() == "ready", self.proc.stderr.read()
        self.tickets: list[int] = []
        self.dossiers: list[int] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            row = json.loads(line)
            with self.lock:
                (self.dossiers if "dossier" in row else self.tickets).append(row.get("dossier", row["ticket"]))

    def committed(self) -> tuple[set[int], set[int]]:
        with self.lock:
            return set(self.tickets), set(self.dossiers)

    def wait_for(self, dossiers: int, deadline_s: float = 120) -> None:
        end = time.monotonic() + deadline_s
        while len(self.committed()[1]) < dossiers:
            assert self.proc.poll() is None, self.proc.stderr.read()
            assert time.monotonic() < end, f"the writer committed only {self.committed()} in {deadline_s} s"
            threading.Event().wait(0.05)  # time.sleep fails under libfaketime here (EINVAL)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def rows(url: str, sql: str) -> dict:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as c:
        out = {r[0]: tuple(r) for r in c.execute(text(sql))}
    engine.dispose()
    return out


TABLES = {
    "tickets": "SELECT id, code, day, number, issued_at FROM tickets",  # status moves on after the backup
    "dossiers": "SELECT id, code, ticket_id, applicant_name, applicant_id_number, due_at FROM dossiers",
    "dossier_history": "SELECT id, dossier_id, action FROM dossier_history",
    "events": "SELECT id, kind, ticket_id, dossier_id FROM events",
    "audit_log": "SELECT id, action, entity, entity_id FROM audit_log",
}


def test_backup_taken_under_load_restores_every_committed_row(demo_store, demo_db_url, target, tmp_path):
    writer = Writer(demo_db_url)
    try:
        writer.wait_for(dossiers=5)
        before_tickets, before_dossiers = writer.committed()  # surely committed before the backup starts
        done = subprocess.run([sys.executable, "-m", "motcua", "--db", demo_db_url, "backup", str(tmp_path / "b.bak")],
                              capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert done.returncode == 0, done.stderr
        writer.wait_for(dossiers=len(before_dossiers) + 3)  # it kept working during and after the backup
    finally:
        writer.stop()

    restored = subprocess.run([sys.executable, "-m", "motcua", "--db", target, "restore", str(tmp_path / "b.bak")],
                              capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert restored.returncode == 0, restored.stderr
    assert "khớp với bản sao lưu" in restored.stdout

    source = {name: rows(demo_db_url, sql) for name, sql in TABLES.items()}
    copy = {name: rows(target, sql) for name, sql in TABLES.items()}
    # every ticket and dossier the station had committed before the backup is there, as it was
    assert before_tickets <= set(copy["tickets"]) and before_dossiers <= set(copy["dossiers"])
    # ... with the events committed with them (a ticket issued before may be called after the backup),
    # its dossier's history and its audit lines
    assert {e[0] for e in source["events"].values()
            if (e[1] == "ticket_issued" and e[2] in before_tickets) or e[3] in before_dossiers} <= set(copy["events"])
    assert {h[0] for h in source["dossier_history"].values() if h[1] in before_dossiers} <= set(copy["dossier_history"])
    assert {a[0] for a in source["audit_log"].values() if a[2] == "dossier" and int(a[3]) in before_dossiers} \
        <= set(copy["audit_log"])
    # nothing torn or invented: each restored row is the source's row, and the copy is not simply everything
    for name in TABLES:
        assert all(source[name][key] == row for key, row in copy[name].items()), name
    assert len(copy["tickets"]) < len(source["tickets"])
    # a dossier in the copy has its ticket; a ticket committed with a dossier never lost it
    assert all(d[2] in copy["tickets"] for d in copy["dossiers"].values())
