"""A station of an office server: the remote store and its events, over HTTPS pinned to the server.

    store = RemoteStore.open(settings)           # motcua.toml: server = "https://…" + the credential file
    ticket = store.issue_ticket("A")             # POST /api/op/issue_ticket, same answer, same errors
    clerk = store.login("lan", "mật khẩu")       # a copy bound to the clerk's session on the server

The station holds no database address and no password: only its credential (a token the server
gave it at `motcua station join`, in a file only its OS user can read) and the server's
certificate, the only one it trusts. Every answer carries the server's time: `now()` is the
server's clock (the store's), and `clock_warning()` says when this PC's own clock is off.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import queue
import ssl
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from core.clock import system_now
from core.i18n import tr
from core.joincode import BadCode, parse_code
from db.errors import PermissionDenied, ServerUnreachable, StationRefused, StoreError, StoreUnavailable
from db.events import EventRecord
from db.store.base import KIOSK, Actor, OfficeInfo
from db.wire import decode, encode, error_from_wire

log = logging.getLogger(__name__)
TIME_HEADER = "X-Motcua-Time"
SESSION_HEADER = "X-Motcua-Session"
SKEW_LIMIT = timedelta(minutes=1)


@dataclass(frozen=True)
class Credential:
    """What `motcua station join` saved: the server, this station's token, the certificate it pins."""

    server: str
    station_id: int
    name: str
    kind: str
    token: str
    certificate: str

    @classmethod
    def load(cls, path: Path) -> "Credential":
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})
        except FileNotFoundError:
            raise StationRefused(tr("Máy trạm chưa tham gia máy chủ (không có tệp {path}). Hãy chạy `motcua station "
                                    "join https://MÁY-CHỦ:8443 MÃ`.", path=path)) from None
        except (OSError, ValueError, KeyError, TypeError):
            raise StationRefused(tr("Tệp quyền máy trạm {path} hỏng hoặc không đọc được. Hãy tham gia lại bằng "
                                    "`motcua station join`.", path=path)) from None

    def save(self, path: Path) -> Path:
        """Write the credential readable only by this OS user (0600)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.__dict__, out, ensure_ascii=False, indent=1)
        os.chmod(path, 0o600)
        return path


def pinned_context(certificate: str) -> ssl.SSLContext:
    """TLS that trusts exactly this one certificate (the server's own), whatever its host name."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # the LAN address may change; the pinned certificate is the identity
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=certificate)
    return context


def certificate_fingerprint(certificate: str) -> bytes:
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(certificate)).digest()


def join(server: str, code: str, path: Path, *, timeout: float = 10.0) -> Credential:
    """Enrol this PC with the office server using a manager's join code; saves and returns the credential."""
    try:
        secret, prefix = parse_code(code)
    except BadCode:
        raise StationRefused(tr("Mã tham gia không đúng dạng (32 chữ và số, ví dụ ABCD-EFGH-…).")) from None
    parts = urlsplit(server)
    if parts.scheme != "https" or not parts.hostname:
        raise StationRefused(tr("Địa chỉ máy chủ phải có dạng https://MÁY-CHỦ:CỔNG."))
    try:
        certificate = ssl.get_server_certificate((parts.hostname, parts.port or 443), timeout=timeout)
    except (OSError, ssl.SSLError) as error:
        raise ServerUnreachable(server, str(error)) from None
    if certificate_fingerprint(certificate)[:len(prefix)] != prefix:
        raise StationRefused(tr("Chứng chỉ của máy chủ {server} không khớp với mã tham gia: có thể đã gõ sai địa chỉ "
                                "hoặc mã, hoặc có máy khác giả làm máy chủ. Chưa lưu gì.", server=server))
    with httpx.Client(base_url=server, verify=pinned_context(certificate), timeout=timeout) as client:
        try:
            reply = client.post("/api/join", json={"secret": base64.b32encode(secret).decode("ascii")})
        except httpx.HTTPError as error:
            raise ServerUnreachable(server, str(error)) from None
    if reply.status_code != 200:
        raise error_from_wire(_json(reply))
    data = reply.json()
    credential = Credential(server=server.rstrip("/"), station_id=int(data["station_id"]), name=str(data["name"]),
                            kind=str(data["kind"]), token=str(data["token"]), certificate=certificate)
    credential.save(path)
    return credential


def _json(reply: httpx.Response) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None


class RemoteClient:
    """The HTTPS connection to the office server: operations, and the server's clock from each answer."""

    def __init__(self, credential: Credential, *, timeout: float = 15.0):
        self.credential = credential
        self.context = pinned_context(credential.certificate)
        self.http = httpx.Client(base_url=credential.server, verify=self.context, timeout=timeout,
                                 headers={"Authorization": f"Bearer {credential.token}"},
                                 limits=httpx.Limits(max_connections=8, max_keepalive_connections=8))
        self.offset = timedelta(0)  # server clock - this PC's clock
        self.timed = False

    def call(self, name: str, args: tuple, kwargs: dict, session: str = "") -> Any:
        return self.call_raw(name, args, kwargs, session).get("result")

    def call_raw(self, name: str, args: tuple, kwargs: dict, session: str = "") -> dict:
        body = {"args": encode(list(args)), "kwargs": encode({k: v for k, v in kwargs.items() if not callable(v)})}
        headers = {SESSION_HEADER: session} if session else {}
        sent = system_now()
        try:
            reply = self.http.post(f"/api/op/{name}", json=body, headers=headers)
        except httpx.HTTPError as error:
            raise ServerUnreachable(self.credential.server, str(error)) from None
        self.note_time(reply.headers.get(TIME_HEADER), sent)
        data = _json(reply)
        if reply.status_code != 200:
            raise error_from_wire(data)
        data = decode(data)
        if not isinstance(data, dict):
            raise StoreUnavailable("bad answer")
        return data

    def note_time(self, stamp: str | None, sent: datetime) -> None:
        """The server's time from an answer: this PC's clock is off by the difference (half the round trip
        is the error: milliseconds on a LAN)."""
        if not stamp:
            return
        try:
            server = datetime.fromisoformat(stamp)
        except ValueError:
            return
        received = system_now()
        self.offset = server - (sent + (received - sent) / 2)
        self.timed = True

    def now(self) -> datetime:
        return system_now() + self.offset

    def clock_warning(self) -> str:
        """A sentence for the screen when this PC's clock is more than a minute off the server's ("" if not)."""
        return clock_warning_text(self.offset) if self.timed else ""

    def close(self) -> None:
        self.http.close()


def clock_warning_text(offset: timedelta) -> str:
    """What a station shows when its clock is `offset` behind the server's (negative: ahead); "" within a minute."""
    if abs(offset) <= SKEW_LIMIT:
        return ""
    total = round(abs(offset).total_seconds() / 60)
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [tr("{n} ngày", n=days) if days else "", tr("{n} giờ", n=hours) if hours else "",
             tr("{n} phút", n=minutes) if minutes else ""]
    how_much = " ".join(p for p in parts if p)
    if offset > timedelta(0):
        return tr("Đồng hồ máy này chậm {how_much} so với máy chủ. Giờ trên phiếu và màn hình lấy theo máy chủ; "
                  "hãy báo kỹ thuật chỉnh lại đồng hồ.", how_much=how_much)
    return tr("Đồng hồ máy này nhanh {how_much} so với máy chủ. Giờ trên phiếu và màn hình lấy theo máy chủ; "
              "hãy báo kỹ thuật chỉnh lại đồng hồ.", how_much=how_much)


class _Operation:
    """`store.name(...)` or `store.service.name(...)` on the server."""

    def __init__(self, store: "RemoteStore", name: str):
        self._store, self._name = store, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._store.call(self._name, *args, **kwargs)

    def __getattr__(self, name: str) -> "_Operation":
        if name.startswith("_"):
            raise AttributeError(name)
        return _Operation(self._store, f"{self._name}.{name}")

    def __repr__(self) -> str:
        return f"<remote operation {self._name}>"


_CLIENTS: dict[str, RemoteClient] = {}


class RemoteStore:
    """The store's interface, run by the office server; a signed-in copy carries the user's session."""

    def __init__(self, client: RemoteClient, *, actor: Actor = KIOSK, session: str = ""):
        self.client, self.actor, self.session = client, actor, session
        self._shared: dict[str, Any] = {"office": None}

    @classmethod
    def open(cls, credential_path: Path, *, server: str = "") -> "RemoteStore":
        credential = Credential.load(credential_path)
        if server and server.rstrip("/") != credential.server:
            credential = Credential(**{**credential.__dict__, "server": server.rstrip("/")})
        client = RemoteClient(credential)
        _CLIENTS[credential.server] = client
        store = cls(client, actor=Actor(role="kiosk", username="kiosk", station=credential.name))
        store.refresh_office()
        return store

    @property
    def url(self) -> str:
        return self.client.credential.server

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self.client.call(name, args, kwargs, self.session)

    def __getattr__(self, name: str) -> Any:
        """The store's services (`store.queue.issue_ticket(...)`), each operation a request to the server."""
        from db.store import SERVICES

        if name not in SERVICES:
            raise AttributeError(name)
        return _Operation(self, name)

    # -- who acts: only the server decides ------------------------------------------------------
    def login(self, username: str, password: str, station: str = "") -> "RemoteStore":
        data = self.client.call_raw("login", (username, password), {"station": station}, self.session)
        bound = RemoteStore(self.client, actor=data["actor"], session=str(data["session"]))
        bound._shared = self._shared
        return bound

    def logout(self) -> None:
        if self.session:
            self.client.call("logout", (), {}, self.session)

    def acting_as(self, actor: Actor) -> "RemoteStore":
        raise PermissionDenied("acting_as")

    def as_user(self, username: str) -> "RemoteStore":
        raise PermissionDenied("as_user")

    def as_system(self) -> "RemoteStore":
        raise PermissionDenied("as_system")

    # -- time: the server's ---------------------------------------------------------------------
    def now(self) -> datetime:
        return self.client.now()

    @property
    def clock(self):
        return self.client.now

    def local_now(self) -> datetime:
        return self.now().astimezone(self.office().tz)

    def business_day(self, at: datetime | None = None) -> date:
        return (at or self.now()).astimezone(self.office().tz).date()

    def clock_warning(self) -> str:
        return self.client.clock_warning()

    # -- the office, cached like the embedded store's ------------------------------------------
    def office(self) -> OfficeInfo:
        if self._shared["office"] is None:
            self.refresh_office()
        return self._shared["office"]

    def refresh_office(self) -> None:
        self._shared["office"] = self.call("office")

    # -- what has no meaning at a distance ------------------------------------------------------
    def together(self, *, write: bool = False):
        """Each call is its own request (the server keeps each one a transaction)."""
        return nullcontext()

    def check_file(self) -> None:
        """No database file here to lose."""

    def close(self) -> None:
        _CLIENTS.pop(self.url, None)
        self.client.close()


class RemoteEventListener:
    """Follows the server's push stream (SSE) with EventListener's interface, so EventBridge and
    LiveRead work the same; resumes after a drop from the last event it saw."""

    def __init__(self, client: RemoteClient, after_id: int | None = None):
        self.client = client
        self.last_id = after_id if after_id is not None else -1
        self.connected = False
        self.revoked = False
        self.holes = 0
        self._batches: queue.Queue[list[EventRecord]] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start_from_latest(self) -> int:
        """Follow only what happens from now on (the server's stream starts there when asked for nothing older)."""
        self.last_id = -1
        return self.last_id

    def wait(self, timeout: float = 1.0) -> list[EventRecord]:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="motcua-remote-events")
            self._thread.start()
        try:
            batch = self._batches.get(timeout=timeout)
        except queue.Empty:
            return []
        while True:  # what else arrived meanwhile, as one batch
            try:
                batch = batch + self._batches.get_nowait()
            except queue.Empty:
                return batch

    def close(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set() and not self.client.http.is_closed:
            try:
                self._follow()
            except (httpx.HTTPError, StoreError, ValueError, RuntimeError) as error:  # RuntimeError: client closed
                if self.connected and not self._stop.is_set():
                    log.warning("push stream from the server lost: %s", error)
            self.connected = False
            self._stop.wait(0.5)

    def _follow(self) -> None:
        headers = {"Last-Event-ID": str(self.last_id)} if self.last_id >= 0 else {}
        timeout = httpx.Timeout(10.0, read=10.0)
        with self.client.http.stream("GET", "/api/events", headers=headers, timeout=timeout) as reply:
            if reply.status_code != 200:
                reply.read()
                error = error_from_wire(_json(reply))
                self.revoked = isinstance(error, StationRefused)
                raise error
            kind, data, event_id = "", [], ""
            for line in reply.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line.startswith("id:"):
                    event_id = line[3:].strip()
                elif not line:
                    if data:
                        self._frame(kind, json.loads("\n".join(data)), event_id)
                    kind, data, event_id = "", [], ""

    def _frame(self, kind: str, data: Any, event_id: str) -> None:
        if kind == "hello":
            self.connected = True
            if self.last_id < 0:
                self.last_id = int(data.get("last_id") or 0)
            self.client.note_time(data.get("time"), system_now())
        elif kind == "time":
            self.client.note_time(data.get("time"), system_now())
        elif kind == "revoked":
            self.connected = False  # first: whoever sees `revoked` sees the stream already cut
            self.revoked = True
            raise StationRefused()
        elif kind == "events":
            batch = decode(data)
            if event_id:
                self.last_id = int(event_id)
            self._batches.put(batch)


def listener_for(url: str, after_id: int | None = None, *, poll_interval: float = 0.1):
    """The events follower for a station's store: the server's push stream for an https:// office server,
    the database's event table otherwise."""
    if url.startswith("https://"):
        client = _CLIENTS.get(url.rstrip("/"))
        if client is None:
            raise StationRefused()
        return RemoteEventListener(client, after_id)
    from db.listener import EventListener

    return EventListener(url, after_id, poll_interval=poll_interval)


def open_store(settings) -> Any:
    """The station's store: remote when motcua.toml names an office server, embedded (db_url) otherwise."""
    if settings.server:
        return RemoteStore.open(settings.credential_path(), server=settings.server)
    from db import Store

    return Store.open(settings.db_url)


__all__ = ["Credential", "RemoteStore", "RemoteClient", "RemoteEventListener", "join", "listener_for", "open_store"]
