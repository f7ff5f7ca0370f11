"""A real `motcua server` for the tests: a child process on 127.0.0.1 over real TLS, on the test's clock.

    office = OfficeServer.start(folder, db_url)    # waits until it answers
    path = office.enrol("kiosk", "Kiosk sảnh", folder / "kiosk")   # code + `station join`: a credential file
    office.stop()
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import httpx

from clock_tools import env_at, running_clock

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def station_env(folder: Path, config: Path, at=None) -> dict[str, str]:
    """A station's environment: its own HOME, no database address anywhere, the test's clock."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CONFIG_HOME": str(folder / "config"), "MOTCUA_CONFIG": str(config), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    return env_at(at, env)


@dataclass
class OfficeServer:
    folder: Path
    db_url: str
    port: int
    proc: subprocess.Popen
    log: Path
    clock: Callable[[], datetime]
    web_port: int = 0

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def certificate(self) -> str:
        return (self.folder / "tls" / "server.crt").read_text("ascii")

    @classmethod
    def start(cls, folder: Path, db_url: str, *, at=None, deadline_s: float = 90) -> "OfficeServer":
        """Start it on the test's running clock, or at `at` (an aware datetime), and wait until it answers."""
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        config = folder / "server.toml"
        web_port = free_port()  # the phone pages beside the API (plain HTTP, server/web)
        config.write_text(f'db_url = "{db_url}"\n[serve]\nport = {port}\ntls_dir = "{folder / "tls"}"\n'
                          f'[web]\nhost = "127.0.0.1"\nport = {web_port}\n', "utf-8")
        log = folder / "server.log"
        env = env_at(at, {**os.environ, "MOTCUA_CONFIG": str(config)})
        env.pop("MOTCUA_DB_URL", None)
        with open(log, "w") as out:
            proc = subprocess.Popen([sys.executable, "-m", "motcua", "server", "--host", "127.0.0.1"], cwd=ROOT,
                                    env=env, stdout=out, stderr=subprocess.STDOUT)
        started = time.monotonic()
        clock = running_clock if at is None else (lambda: at + timedelta(seconds=time.monotonic() - started))
        office = cls(folder, db_url, port, proc, log, clock, web_port)
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            assert proc.poll() is None, log.read_text()
            if (folder / "tls" / "server.crt").exists():
                try:
                    httpx.get(f"{office.url}/api/time", verify=False, timeout=2)
                    return office
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        office.stop()
        raise AssertionError(f"the server did not answer: {log.read_text()}")

    def _store(self):
        """The server's database as its installer on the test's clock, told the server's fingerprint."""
        from db import Store
        from db.store.enrolment import set_server_fingerprint
        from server.tls import fingerprint

        store = Store.open(self.db_url, clock=self.clock, migrate=False).as_system()
        set_server_fingerprint(store.ctx, fingerprint(self.certificate))
        return store

    def code(self, kind: str, name: str, *, hours: int = 24, made_ago: timedelta = timedelta(0)) -> str:
        """A join code, made with the server's store on the test's clock (as `motcua station code` does),
        `made_ago` before now (a code past its hours is made hours ago, not at the edge of now: the
        server's clock may run a few milliseconds behind the test's)."""
        store = self._store()
        try:
            if made_ago:
                store = store.with_clock(lambda: self.clock() - made_ago)
            return store.setup.create_join_code(kind, name, hours=hours).code
        finally:
            store.close()

    def enrol(self, kind: str, name: str, folder: Path) -> Path:
        """A station folder joined to this server by the `motcua station join` command; its config file."""
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "motcua.toml"
        done = subprocess.run([sys.executable, "-m", "motcua", "station", "join", self.url, self.code(kind, name),
                               "--credential", str(folder / "station.json")], cwd=ROOT,
                              env=station_env(folder, config), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return config

    def revoke(self, name: str) -> None:
        store = self._store()
        try:
            store.setup.revoke_station(name)
        finally:
            store.close()

    def stop(self) -> None:
        stop_process(self.proc)


def stop_process(proc: subprocess.Popen) -> None:
    """End a server process: terminate, then kill if it has not ended within 20 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def wait_in_log(proc: subprocess.Popen, log: Path, text: str, seconds: float = 90) -> str:
    """Wait until an app's log says `text` (the app still running); the log."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text() and time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        time.sleep(0.2)
    assert text in log.read_text(), log.read_text()
    return log.read_text()
