"""The office server as an attacker meets it, on SQLite and PostgreSQL: a real `motcua server` on
127.0.0.1 over real TLS, stations as separate processes holding a credential and no database address."""

from __future__ import annotations

import json
import os
import secrets
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from clock_tools import running_clock
from db.errors import InvalidInput, PermissionDenied, SessionEnded, StationRefused
from db.remote import Credential, RemoteStore, join, pinned_context
from server import policy
from server_tools import ROOT, OfficeServer, station_env, wait_in_log

WORKER = str(Path(__file__).with_name("station_worker.py"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def office(request, tmp_path_factory, make_database):
    folder = tmp_path_factory.mktemp(f"office-{request.param}")
    url = make_database(folder, "demo", request.param, label="server")
    server = OfficeServer.start(folder / "server", url)
    yield server
    server.stop()


def run_station(config: Path, *args: str, at=None, timeout: float = 120) -> dict:
    done = subprocess.run([sys.executable, WORKER, *args], cwd=ROOT, env=station_env(config.parent, config, at),
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def remote(config: Path) -> RemoteStore:
    return RemoteStore.open(config.parent / "station.json")


def test_kiosk_counter_and_display_stations_work_through_the_server_with_no_database_address(office, tmp_path):
    kiosk = office.enrol("kiosk", "Kiosk sảnh", tmp_path / "kiosk")
    counter = office.enrol("counter", "Quầy 1", tmp_path / "counter")
    display = office.enrol("display", "Tivi", tmp_path / "display")
    for config in (kiosk, counter, display):
        text = config.read_text("utf-8") + (config.parent / "station.json").read_text("utf-8")
        assert office.db_url not in text and "postgresql" not in text  # nothing here reaches the database
        assert stat.S_IMODE(os.stat(config.parent / "station.json").st_mode) == 0o600
    watcher = subprocess.Popen([sys.executable, WORKER, "display"], cwd=ROOT, env=station_env(display.parent, display),
                               stdout=subprocess.PIPE, text=True)
    try:
        assert json.loads(watcher.stdout.readline())["ready"]
        issued = run_station(kiosk, "kiosk", "A", "2")
        assert [c[0] for c in issued["codes"]] == ["A", "A"]
        served = run_station(counter, "counter", "lan", "lan12345", "1")
        assert served["called"] and served["finished"] == "done" and served["clerk"]
        seen = json.loads(watcher.stdout.readline())  # the display saw the call pushed by the server
        assert seen["call"] == served["called"] and seen["counter"] == 1
    finally:
        watcher.kill()
        watcher.wait(10)


def test_doctor_on_a_station_checks_the_office_server_and_the_clock(office, tmp_path):
    config = office.enrol("counter", "Quầy bác sĩ", tmp_path / "counter")
    done = subprocess.run([sys.executable, "-m", "motcua", "doctor", "--json"], cwd=ROOT,
                          env=station_env(config.parent, config), capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("{"), done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["Máy chủ văn phòng"]["status"] == "ok" and "Quầy bác sĩ (counter)" in checks["Máy chủ văn phòng"]["detail"]
    assert checks["Đồng hồ"]["status"] == "ok" and "Cơ sở dữ liệu" not in checks


def test_forged_used_expired_and_revoked_credentials_are_refused(office, tmp_path):
    config = office.enrol("kiosk", "Kiosk cũ", tmp_path / "kiosk")
    good = Credential.load(config.parent / "station.json")
    forged = Credential(**{**good.__dict__, "token": secrets.token_urlsafe(32)})
    with pytest.raises(StationRefused):
        RemoteStore.open(forged.save(tmp_path / "forged.json"))
    code = office.code("kiosk", "Kiosk hai")
    join(office.url, code, tmp_path / "first.json")
    with pytest.raises(StationRefused):  # a join code works once
        join(office.url, code, tmp_path / "again.json")
    with pytest.raises(StationRefused):  # a code past its hours
        join(office.url, office.code("kiosk", "Kiosk ba", hours=1, made_ago=timedelta(hours=2)), tmp_path / "late.json")
    assert not (tmp_path / "again.json").exists() and not (tmp_path / "late.json").exists()
    store = remote(config)
    store.setup.services()
    from db.remote import RemoteEventListener

    listener = RemoteEventListener(store.client)
    listener.wait(0.1)
    deadline = time.monotonic() + 60
    while not listener.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert listener.connected
    office.revoke("Kiosk cũ")
    with pytest.raises(StationRefused):  # its very next request
        store.setup.services()
    deadline = time.monotonic() + 60
    while not listener.revoked and time.monotonic() < deadline:  # and its open push stream is cut
        time.sleep(0.1)
    assert listener.revoked and not listener.connected
    listener.close()
    store.close()


def test_a_wall_that_reconnects_gets_the_events_it_missed(office, tmp_path):
    """The push stream is resumable: a follower started from the last event id it saw (Last-Event-ID)
    gets every event committed while it was away, in order, and nothing twice."""
    from db.remote import RemoteEventListener

    kiosk = remote(office.enrol("kiosk", "Kiosk nối lại", tmp_path / "kiosk"))
    wall = remote(office.enrol("display", "Tivi nối lại", tmp_path / "display"))
    first = RemoteEventListener(wall.client)
    first.wait(0.1)
    deadline = time.monotonic() + 60
    while not first.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    seen = kiosk.queue.issue_ticket("D")
    got: list = []
    while not any(e.ticket_id == seen.id for e in got) and time.monotonic() < deadline:
        got += first.wait(1.0)
    last = first.last_id
    first.close()  # the wall is off
    missed = [kiosk.queue.issue_ticket("D") for _ in range(3)]
    again = RemoteEventListener(wall.client, after_id=last)  # back on, from where it was
    events: list = []
    while len({e.ticket_id for e in events} & {t.id for t in missed}) < 3 and time.monotonic() < deadline:
        events += again.wait(1.0)
    issued = [e.ticket_id for e in events if e.kind == "ticket_issued"]
    assert issued == [t.id for t in missed] and seen.id not in issued
    again.close()
    for store in (kiosk, wall):
        store.close()


def test_a_wrong_certificate_is_never_trusted(office, tmp_path):
    """A join code carries the server's fingerprint: a code for another server's certificate is refused
    before anything is sent, and the credential pins exactly this certificate."""
    from core.joincode import make_code

    code, _secret = make_code(b"\x01" * 32)
    with pytest.raises(StationRefused):
        join(office.url, code, tmp_path / "wrong.json")
    assert not (tmp_path / "wrong.json").exists()
    other = OfficeServer.start(tmp_path / "other", office.db_url)
    try:
        config = office.enrol("display", "Tivi hai", tmp_path / "display")
        credential = Credential.load(config.parent / "station.json")
        with pytest.raises(httpx.ConnectError):  # same address style, another certificate: refused by TLS
            httpx.get(f"{other.url}/api/time", verify=pinned_context(credential.certificate))
    finally:
        other.stop()


def test_a_kiosk_or_display_credential_reaches_no_clerk_or_manager_operation(office, tmp_path):
    for kind, allowed in (("kiosk", policy.KIOSK), ("display", policy.DISPLAY)):
        store = remote(office.enrol(kind, f"{kind} thử", tmp_path / kind))
        for name in sorted((policy.CLERK | policy.MANAGER | {"acting_as", "as_system", "as_user", "login"})
                           - allowed):
            with pytest.raises(PermissionDenied):
                store.call(policy.full_name(name))
        for name in ("setup.issue_ticket", "queue.store.setup.users", "queue.ctx", "ctx.acting_as"):
            with pytest.raises(PermissionDenied):  # nor under another service's name, nor through the insides
                store.call(name)
        if kind == "kiosk":  # an actor smuggled in the arguments is a bad argument, not a way in
            with pytest.raises(InvalidInput, match="Giá trị không hợp lệ"):
                store.queue.issue_ticket("A", actor={"role": "admin"})
        store.close()


def test_a_clerk_session_is_refused_every_manager_operation(office, tmp_path):
    admin = remote(office.enrol("admin", "Máy quản lý", tmp_path / "admin"))
    with pytest.raises(PermissionDenied):
        admin.setup.users()  # nothing but sign-in before a user signs in
    clerk = admin.login("lan", "lan12345")
    assert clerk.actor.role == "clerk"
    refused = sorted(policy.MANAGER - policy.CLERK)
    assert len(refused) > 30
    for name in refused:
        with pytest.raises(PermissionDenied):
            clerk.call(policy.full_name(name))
    for name in ("acting_as", "as_system", "as_user", "with_clock"):
        with pytest.raises(PermissionDenied):
            clerk.call(name, "admin")
    manager = admin.login("quanly", "quanly123")
    assert [u.username for u in manager.setup.users() if u.username == "lan"] == ["lan"]
    counter = remote(office.enrol("counter", "Quầy thử", tmp_path / "counter"))
    at_counter = counter.login("quanly", "quanly123")  # a manager at a counter PC gets a clerk's operations
    with pytest.raises(PermissionDenied):
        at_counter.setup.users()
    at_counter.logout()
    with pytest.raises(SessionEnded):
        at_counter.setup.counters()
    for store in (admin, counter):
        store.close()


def test_a_station_a_day_and_ten_minutes_behind_issues_into_todays_sequence(office, tmp_path):
    """libfaketime: the kiosk PC's clock is a day and ten minutes slow; the server stamps everything."""
    config = office.enrol("kiosk", "Kiosk lệch giờ", tmp_path / "kiosk")
    on_time = run_station(config, "kiosk", "B", "2")
    slow = run_station(config, "kiosk", "B", "2", at=running_clock() - timedelta(days=1, minutes=10))
    fast = run_station(config, "kiosk", "B", "1", at=running_clock() + timedelta(minutes=10))
    assert on_time["warning"] == ""
    assert "chậm" in slow["warning"] and "nhanh" in fast["warning"]  # shown on the station's screen
    assert slow["today"] == on_time["today"] == fast["today"] == on_time["days"][0]
    assert set(slow["days"] + fast["days"]) == {on_time["days"][0]}  # today's sequence, not yesterday's
    numbers = [int(c[1:]) for c in on_time["codes"] + slow["codes"] + fast["codes"]]
    assert numbers == list(range(numbers[0], numbers[0] + 5))  # one sequence, in the order issued
    assert slow["ahead"] == [on_time["ahead"][1] + 1, on_time["ahead"][1] + 2]  # waits counted on the server
    issued = [running_clock().fromisoformat(x) for x in on_time["issued"] + slow["issued"] + fast["issued"]]
    assert issued == sorted(issued) and issued[-1] - issued[0] < timedelta(minutes=5)


@pytest.mark.parametrize("app", ["kiosk", "counter", "display", "admin"])
def test_each_app_opens_through_the_server_on_a_pc_with_no_database(office, tmp_path, app):
    config = office.enrol(app, f"{app} máy", tmp_path / app)
    log = tmp_path / "stderr.txt"
    extra = ["--printer", f"preview://{tmp_path / 'paper'}"] if app in ("kiosk", "counter") else []
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "motcua", app, *extra], cwd=ROOT,
                                env=station_env(config.parent, config), stdout=subprocess.DEVNULL, stderr=err)
    try:
        assert "Traceback" not in wait_in_log(proc, log, "store opened")
    finally:
        proc.terminate()
        proc.wait(30)
    assert not list(config.parent.rglob("*.sqlite3"))  # no database was made on this PC
