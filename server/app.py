"""The office server's HTTP API (FastAPI), served over TLS by uvicorn (`motcua server`).

    POST /api/join            {"secret": base32}            → the station's credential (once per join code)
    POST /api/op/{name}       {"args": [...], "kwargs": {}}  → {"result": ...} (db/wire.py's codec)
    GET  /api/events          text/event-stream of the store's events, resumable (Last-Event-ID)
    GET  /api/time            the server's time (also on every answer: the X-Motcua-Time header)

Every request but /api/join and /api/time carries the station's token (`Authorization: Bearer …`);
a signed-in user's session rides in `X-Motcua-Session`. The server binds the actor from those
two alone; the arguments a station sends never choose who acts.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
from collections import deque
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from db import Store
from core.i18n import tr
from db.errors import InvalidInput, PermissionDenied, StationRefused, StoreError
from db.events import EventRecord
from db.listener import EventListener, _record
from db.models import Event
from db.store.base import Actor
from db.wire import WireError, decode, encode, error_to_wire
from db.store.enrolment import set_server_fingerprint
from server import policy, stations
from server.stations import StationRecord
from server.tls import fingerprint

log = logging.getLogger(__name__)
TIME_HEADER = "X-Motcua-Time"
SESSION_HEADER = "X-Motcua-Session"
KEEP = 5000  # recent events kept for stations that reconnect
PING_S = 5.0
REVOKE_CHECK_S = 1.0


class EventHub:
    """One listener on the database for all stations: each push stream gets every batch."""

    def __init__(self, store: Store):
        self.store = store
        self.url = store.engine.url.render_as_string(hide_password=False)
        self.recent: deque[EventRecord] = deque(maxlen=KEEP)
        self.subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]] = set()
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self.listener = EventListener(self.url, poll_interval=0.05)
        self.listener.start_from_latest()
        self.thread = threading.Thread(target=self._run, daemon=True, name="motcua-event-hub")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(5)
        self.listener.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            batch = self.listener.wait(0.5)
            if not batch:
                continue
            with self.lock:
                self.recent.extend(batch)
                for loop, queue in list(self.subscribers):
                    loop.call_soon_threadsafe(queue.put_nowait, batch)

    def subscribe(self, after: int | None) -> tuple[asyncio.Queue, list[EventRecord] | None]:
        """A queue of new batches, and what the station missed after event `after` (None: must read the table)."""
        queue: asyncio.Queue = asyncio.Queue()
        with self.lock:
            self.subscribers.add((asyncio.get_running_loop(), queue))
            if after is None:
                return queue, []
            ids = [e.id for e in self.recent]
            if after in ids:
                return queue, list(self.recent)[ids.index(after) + 1:]
            if after >= self.listener.last_id and not any(i > after for i in ids):
                return queue, []
        return queue, None

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self.lock:
            self.subscribers = {(lp, q) for lp, q in self.subscribers if q is not queue}

    def read_after(self, after: int) -> list[EventRecord]:
        with self.store.ctx.read() as s:
            rows = s.execute(select(Event).where(Event.id > after).order_by(Event.id).limit(KEEP)).scalars().all()
            return [_record(r) for r in rows]


def resolve(store: Store, name: str) -> Any:
    """The operation `name` (already allowed: `queue.issue_ticket`, or the store's own `office`) on `store`."""
    if name in policy.STORE_OWN:
        return getattr(store, name)
    service, _, method = name.partition(".")
    return getattr(getattr(store, service), method)


def create_app(store: Store, *, certificate_pem: str = "", hub: EventHub | None = None) -> FastAPI:
    """The API over `store` (acting as nobody: every request binds its own actor)."""
    app = FastAPI(title="motcua", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store, app.state.hub = store, hub
    if certificate_pem:  # the join codes a manager makes through the server carry its fingerprint
        set_server_fingerprint(store.ctx, fingerprint(certificate_pem))

    def now_header() -> dict[str, str]:
        return {TIME_HEADER: store.now().isoformat()}

    def refused(error: StoreError) -> JSONResponse:
        status, body = error_to_wire(error)
        return JSONResponse(body, status_code=status, headers=now_header())

    def station_of(request: Request) -> StationRecord:
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        return stations.station_for(store, token)

    def actor_of(request: Request, station: StationRecord) -> tuple[Actor, str | None]:
        session = request.headers.get(SESSION_HEADER, "")
        if not session:
            return Actor(role="kiosk", username="kiosk", station=station.name), None
        actor = stations.session_actor(store, station, session)
        return actor, actor.role

    @app.get("/api/time")
    def server_time() -> JSONResponse:
        return JSONResponse({"time": store.now().isoformat()}, headers=now_header())

    @app.post("/api/join")
    def join(body: dict[str, Any]) -> JSONResponse:
        try:
            secret = base64.b32decode(str(body.get("secret", "")))
            station, token = stations.join(store, secret)
        except StoreError as error:
            return refused(error)
        except ValueError:
            return refused(StationRefused())
        return JSONResponse({"station_id": station.id, "name": station.name, "kind": station.kind, "token": token,
                             "certificate": certificate_pem}, headers=now_header())

    @app.post("/api/op/{name}")
    def operation(name: str, request: Request, body: dict[str, Any]) -> JSONResponse:
        try:
            station = station_of(request)
            actor, role = actor_of(request, station)
            if not policy.allowed(name, station.kind, role):
                log.warning("refused %s for station %s (%s, %s)", name, station.name, station.kind, role)
                raise PermissionDenied(name)
            try:
                args = decode(body.get("args") or [])
                kwargs = decode(body.get("kwargs") or {})
            except WireError:
                raise PermissionDenied(name) from None
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise PermissionDenied(name)
            bound = store.acting_as(actor)
            if name == "login":
                return JSONResponse(login(bound, station, args, kwargs), headers=now_header())
            if name == "logout":
                stations.end_session(store, request.headers.get(SESSION_HEADER, ""))
                return JSONResponse({"result": None}, headers=now_header())
            result = resolve(bound, name)(*args, **kwargs)
            return JSONResponse({"result": encode(result)}, headers=now_header())
        except StoreError as error:
            return refused(error)
        except TypeError as error:  # arguments the operation does not take
            log.warning("bad arguments for %s: %s", name, error)
            return refused(InvalidInput(tr("Giá trị không hợp lệ; chưa ghi gì.")))

    def login(bound: Store, station: StationRecord, args: list, kwargs: dict) -> dict[str, Any]:
        username = str(kwargs.get("username", args[0] if args else ""))
        password = str(kwargs.get("password", args[1] if len(args) > 1 else ""))
        user = bound.login(username, password, station=station.name)
        actor = user.actor
        if not policy.signed_in(station.kind, actor.role):
            raise PermissionDenied("login")
        token = stations.open_session(store, station, actor)
        return {"result": None, "session": token, "actor": encode(actor)}

    @app.get("/api/events")
    async def events(request: Request) -> Any:
        try:
            station = await run_in_threadpool(station_of, request)
        except StoreError as error:
            return refused(error)
        if hub is None:
            return refused(PermissionDenied("events"))
        last = request.headers.get("last-event-id") or request.query_params.get("after")
        after = int(last) if last and last.lstrip("-").isdigit() else None

        async def stream():
            queue, backlog = hub.subscribe(after)
            try:
                if backlog is None:
                    backlog = await run_in_threadpool(hub.read_after, after or 0)
                sent: set[int] = set()
                yield _frame("hello", {"time": store.now().isoformat(), "last_id": hub.listener.last_id})
                if backlog:
                    sent.update(e.id for e in backlog)
                    yield _batch(backlog)
                while True:
                    try:
                        batch = await asyncio.wait_for(queue.get(), REVOKE_CHECK_S)
                    except asyncio.TimeoutError:
                        batch = None
                    if await request.is_disconnected():
                        return
                    if not await run_in_threadpool(stations.still_enrolled, store, station.id):
                        yield _frame("revoked", {})
                        return
                    if batch:
                        fresh = [e for e in batch if e.id not in sent]
                        if len(sent) > KEEP:
                            sent.clear()
                        if fresh:
                            yield _batch(fresh)
                    else:
                        yield _frame("time", {"time": store.now().isoformat()})
            finally:
                hub.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={**now_header(), "Cache-Control": "no-store"})

    return app


def _frame(kind: str, data: Any, event_id: int | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode("utf-8")


def _batch(batch: list[EventRecord]) -> bytes:
    """One frame for a batch (its id the batch's last event id: where a reconnect resumes)."""
    return _frame("events", encode(batch), batch[-1].id)
