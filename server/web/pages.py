"""The citizens' phone pages (issue 16): server-rendered Jinja2, a few lines of plain JS, no CDN, no fonts.

    GET  /                      the office: fields with waiting counts and estimated waits, last calls, hours, notices
    GET  /t/{token}             the ticket's page (the printed QR); /t/{token}/events: its live state (SSE)
    POST /t/{token}/rate        the satisfaction question, once, after service
    GET/POST /dossier           dossier status by code + check code (masked, as the kiosk)
    GET  /procedures[/{code}]   the public procedure catalog, searchable without diacritics
    GET/POST /book/{field}      a booking: slots, then name, phone, căn cước → code + QR
    GET/POST /booking           a booking by code: status, cancel
    GET/POST /remote/{field}    lấy số từ xa (when the field allows it) → the ticket's page
    GET  /lang/{vi|en}          the language switch (a cookie)

Every rule is a store operation (docs/ARCHITECTURE.md, "what the server's phone pages call"), acting as the
anonymous public. The pages add what is the web's: rate limits per client address, a CSRF token on every form,
no personal data in a URL or a log line (forms are POSTed; the access log is off), fields over 10 kB refused.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from core.calendar import VN_TZ
from core.i18n import SUPPORTED, N_, decimal, speaking, tr
from core.status import TicketStatus
from core.text import fold
from db import Store
from db.errors import NotFound, StoreError
from db.events import Topic
from db.store.base import Actor
from db.store.desk import SCORES
from db.store.dossiers import status_label as dossier_label
from db.store.tickets import status_label
from db.store.views import TicketInfo
from server.web.guard import CSRF_COOKIE, CSRF_FIELD, FormTooLarge, RateLimiter, csrf_ok, new_csrf, parse_form

log = logging.getLogger(__name__)
LANG_COOKIE = "motcua_lang"
PUBLIC_ACTOR = Actor(role="kiosk", username="web", station="web")  # the anonymous public, as at the kiosk
PING_S = 15.0  # a comment line on a quiet stream, so proxies and phones keep it open
SESSIONS = {"am": "Sáng", "pm": "Chiều"}
BOOKING_LABELS = {"booked": N_("Đã đặt"), "cancelled": N_("Đã hủy"), "checked_in": N_("Đã đến, đã nhận số"),
                  "no_show": N_("Không đến")}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass
class PhoneState:
    """What the ticket's page shows, as sent to it on every change."""

    code: str
    status: str
    counter: int | None
    call_count: int
    ahead: int | None
    wait: int | None
    near: bool
    rated: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def qr_svg(data: str) -> str:
    """`data` as an inline SVG QR code (qrcode's own SVG writer: no image files, no network)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def office_time(at: datetime) -> datetime:
    """A stored moment as the office's wall-clock time."""
    return at.astimezone(VN_TZ) if at.tzinfo else at


DOCUMENT_FORMS = {"original": N_("bản chính"), "copy": N_("bản sao"), "original_or_copy": N_("bản chính hoặc bản sao")}


def document_text(d: dict) -> str:
    """A procedure's document as the kiosk lists it: "Tờ khai (1 bản chính)"."""
    form = tr(DOCUMENT_FORMS.get(d.get("form", ""), d.get("form", "")))
    return tr("{name} ({n} {form})", name=d.get("name", ""), n=d.get("quantity", 1), form=form)


def days_text(days: float) -> str:
    return tr("{n} ngày làm việc", n=decimal(days))


def vn_date(day: date) -> str:
    return f"{tr(WEEKDAYS[day.weekday()])}, {day.day:02d}/{day.month:02d}/{day.year}"


class PhonePages:
    """The pages over one store (acting as the public) and the server's event hub (None: no live updates)."""

    def __init__(self, store: Store, hub: Any, *, limiter: RateLimiter | None = None, public_base_url: str = ""):
        self.store = store.acting_as(PUBLIC_ACTOR)
        self.hub = hub
        self.limiter = limiter or RateLimiter()
        self.public_base_url = public_base_url.rstrip("/")
        self.place_reads: dict[int, tuple[int, asyncio.Future]] = {}
        self.near_ahead = 3
        self.env = Environment(loader=PackageLoader("server.web", "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(tr=tr, status_label=status_label, vn_date=vn_date, SESSIONS=SESSIONS,
                                SCORES=sorted(SCORES.items(), reverse=True), dossier_label=dossier_label,
                                booking_label=lambda status: tr(BOOKING_LABELS.get(status, status)),
                                local=lambda at: f"{office_time(at):%H:%M %d/%m/%Y}",
                                local_time=lambda at: f"{office_time(at):%H:%M}", days=days_text,
                                document=document_text)

    # -- rendering ---------------------------------------------------------------------------------
    def lang_of(self, request: Request) -> str:
        lang = request.cookies.get(LANG_COOKIE, "vi")
        return lang if lang in SUPPORTED else "vi"

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """`template` rendered in the request's language, with a CSRF token in every form (set as a cookie)."""
        token = csrf_of(request)
        with speaking(self.lang_of(request)):
            office = self.store.office()
            html = self.env.get_template(template).render(
                office=office, lang=self.lang_of(request), path=request.url.path, csrf=token, **values)
        response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=86400)
        return response

    def refusal(self, request: Request, message: str, status: int = 400, back: str = "/") -> HTMLResponse:
        """One clear sentence (already in the request's language) and a way back; nothing was written."""
        return self.page(request, "message.html", status=status, message=message, back=back)

    def state(self, token: str) -> PhoneState:
        return self.state_of(token)[0]

    def state_of(self, token: str) -> tuple[PhoneState, TicketInfo]:
        """The ticket's page state, and the ticket; NotFound for a forged, replaced or yesterday's token."""
        ticket = self.store.phones.ticket_by_token(token)
        rated = self.store.phones.rated_by_token(token) if ticket.status == TicketStatus.done else None
        near = self.near_ahead = self.store.phones.appointment_rules().near_ahead
        return PhoneState(code=ticket.code, status=ticket.status, counter=ticket.counter_number,
                          call_count=ticket.call_count, ahead=ticket.ahead, wait=ticket.wait_minutes,
                          near=ticket.ahead is not None and ticket.ahead <= near, rated=rated), ticket

    async def places(self, service_id: int, batch_id: int) -> dict[int, tuple[int, int]]:
        """The field's waiting places after event `batch_id`, read once for all its followers (one event loop)."""
        known = self.place_reads.get(service_id)
        if known is None or known[0] != batch_id:
            task = asyncio.ensure_future(run_in_threadpool(self.store.phones.queue_places, service_id))
            known = self.place_reads[service_id] = (batch_id, task)
        return await asyncio.shield(known[1])

    def live_part(self, state: PhoneState, lang: str, csrf: str, token: str) -> str:
        with speaking(lang):
            return self.env.get_template("_live.html").render(s=state, csrf=csrf, token=token)

    # -- forms ---------------------------------------------------------------------------------------
    async def form(self, request: Request, kind: str | None) -> dict[str, str] | HTMLResponse:
        """The POSTed form, checked: size, CSRF, the client's rate limit; or the refusal page to send."""
        lang = self.lang_of(request)
        try:
            form = parse_form(await request.body())
        except FormTooLarge:
            with speaking(lang):
                message = tr("Nội dung gửi lên quá dài (tối đa 10.000 ký tự mỗi ô); chưa ghi gì.")
            return await run_in_threadpool(self.refusal, request, message, 413)
        if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            with speaking(lang):
                message = tr("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy mở lại trang và gửi lại; chưa ghi gì.")
            return await run_in_threadpool(self.refusal, request, message, 403)
        if kind and not self.limiter.allow(kind, client_of(request)):
            with speaking(lang):
                message = tr("Bạn thao tác quá nhanh. Hãy đợi vài phút rồi thử lại; chưa ghi gì.")
            return await run_in_threadpool(self.refusal, request, message, 429)
        return form

    def limited(self, request: Request, kind: str) -> HTMLResponse | None:
        if self.limiter.allow(kind, client_of(request)):
            return None
        with speaking(self.lang_of(request)):
            return self.refusal(request, tr("Bạn thao tác quá nhanh. Hãy đợi vài phút rồi thử lại; chưa ghi gì."), 429)


def csrf_of(request: Request) -> str:
    """This request's CSRF token: the cookie's, or a new one (set as the cookie by `PhonePages.page`)."""
    if not getattr(request.state, "csrf", None):
        request.state.csrf = request.cookies.get(CSRF_COOKIE) or new_csrf()
    return request.state.csrf


def client_of(request: Request) -> str:
    """The client's address (behind a reverse proxy: uvicorn's proxy headers, from the proxy only)."""
    return request.client.host if request.client else "?"


def create_web_app(store: Store, hub: Any = None, *, limiter: RateLimiter | None = None,
                   public_base_url: str = "") -> FastAPI:
    """The phone pages as their own ASGI app (plain HTTP on the office Wi-Fi; HTTPS by a reverse proxy)."""
    app = FastAPI(title="motcua-web", docs_url=None, redoc_url=None, openapi_url=None)
    pages = PhonePages(store, hub, limiter=limiter, public_base_url=public_base_url)
    app.state.pages = pages
    app.mount("/static", StaticFiles(packages=[("server.web", "static")]), name="static")
    add_routes(app, pages)
    return app


def add_routes(app: FastAPI, pages: PhonePages) -> None:
    store = pages.store

    def in_lang(request: Request, fn, *args, **kwargs):
        with speaking(pages.lang_of(request)):
            return fn(*args, **kwargs)

    @app.get("/lang/{lang}")
    def switch_language(lang: str, request: Request) -> Response:
        back = request.query_params.get("next", "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        response.set_cookie(LANG_COOKIE, lang if lang in SUPPORTED else "vi", samesite="lax", max_age=365 * 86400)
        return response

    @app.get("/", response_class=HTMLResponse)
    def office_page(request: Request) -> HTMLResponse:
        def read():
            return dict(fields=store.phones.field_waits(), calls=store.queue.recent_calls(6),
                        opening=store.calendar.opening_status(), notices=store.content.notices(),
                        hours=today_hours(store), today=store.business_day())
        return pages.page(request, "office.html", **in_lang(request, read))

    # -- the ticket --------------------------------------------------------------------------------
    @app.get("/t/{token}", response_class=HTMLResponse)
    def ticket_page(token: str, request: Request) -> HTMLResponse:
        try:
            state, info = in_lang(request, pages.state_of, token)
        except NotFound as error:
            return pages.refusal(request, in_lang(request, str, error), 404)
        return pages.page(request, "ticket.html", s=state, ticket=info, token=token,
                          live=pages.live_part(state, pages.lang_of(request), csrf_of(request), token))

    @app.get("/t/{token}/events")
    async def ticket_events(token: str, request: Request) -> Response:
        lang = pages.lang_of(request)
        csrf = request.cookies.get(CSRF_COOKIE, "")
        try:
            first, info = await run_in_threadpool(pages.state_of, token)
        except NotFound:
            return JSONResponse({"error": "not_found"}, status_code=404)
        return StreamingResponse(follow(pages, request, token, info.id, info.service_id, first, lang, csrf),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @app.post("/t/{token}/rate")
    async def rate(token: str, request: Request) -> Response:
        form = await pages.form(request, "rate")
        if isinstance(form, Response):
            return form
        score = form.get("score", "")
        try:
            await run_in_threadpool(in_lang, request, store.phones.rate_by_token, token,
                                    int(score) if score.isdigit() else -1)
        except StoreError as error:
            return await run_in_threadpool(pages.refusal, request, str(error), 404 if isinstance(error, NotFound)
                                           else 400, f"/t/{token}")
        return RedirectResponse(f"/t/{token}", status_code=303)

    # -- dossiers and the catalog ----------------------------------------------------------------
    @app.get("/dossier", response_class=HTMLResponse)
    def dossier_form(request: Request) -> HTMLResponse:
        return pages.page(request, "dossier.html", dossier=None)

    @app.post("/dossier")
    async def dossier_lookup(request: Request) -> Response:
        form = await pages.form(request, "lookup")
        if isinstance(form, Response):
            return form
        try:
            info = await run_in_threadpool(in_lang, request, store.dossiers.dossier, form.get("code", "").strip()[:40],
                                           form.get("check", "").strip()[:40])
        except StoreError as error:
            return await run_in_threadpool(pages.refusal, request, str(error), 404, "/dossier")
        return await run_in_threadpool(pages.page, request, "dossier.html", dossier=info)

    @app.get("/procedures", response_class=HTMLResponse)
    def procedures(request: Request, q: str = "") -> HTMLResponse:
        q = q[:100]
        found = in_lang(request, store.setup.procedures, None, q, limit=200)
        return pages.page(request, "procedures.html", procedures=found, q=q, folded=fold(q))

    @app.get("/procedures/{code}", response_class=HTMLResponse)
    def procedure(code: str, request: Request) -> HTMLResponse:
        try:
            info = in_lang(request, store.setup.procedure, code[:40])
        except StoreError as error:
            return pages.refusal(request, str(error), 404, "/procedures")
        return pages.page(request, "procedure.html", p=info)

    # -- bookings ----------------------------------------------------------------------------------
    @app.get("/book/{field}", response_class=HTMLResponse)
    def booking_form(field: str, request: Request) -> HTMLResponse:
        try:
            slots = in_lang(request, store.phones.appointment_slots, field[:40])
            svc = field_named(store, field)
        except StoreError as error:
            return pages.refusal(request, str(error), 404)
        return pages.page(request, "book.html", field=svc, slots=slots)

    @app.post("/book/{field}")
    async def book(field: str, request: Request) -> Response:
        form = await pages.form(request, "book")
        if isinstance(form, Response):
            return form
        day_text, _, session = form.get("slot", "").partition("|")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return await run_in_threadpool(pages.refusal, request, in_lang(request, tr, "Hãy chọn một buổi còn chỗ."),
                                           400, f"/book/{quote(field)}")
        try:
            booking = await run_in_threadpool(
                in_lang, request, store.phones.book_appointment, field[:40], day, session,
                full_name=form.get("full_name", ""), phone=form.get("phone", ""), id_number=form.get("id_number", ""))
        except StoreError as error:
            return await run_in_threadpool(pages.refusal, request, str(error), 400, f"/book/{quote(field)}")
        log.info("booking made for field %s on %s %s", field, day, session)  # never the person
        return await run_in_threadpool(pages.page, request, "booked.html", b=booking, qr=qr_svg(booking.qr))

    @app.get("/booking", response_class=HTMLResponse)
    def booking_lookup_form(request: Request) -> HTMLResponse:
        return pages.page(request, "booking.html", b=None)

    @app.post("/booking")
    async def booking_lookup(request: Request) -> Response:
        form = await pages.form(request, "lookup")
        if isinstance(form, Response):
            return form
        cancel = form.get("action") == "cancel"
        if cancel and not pages.limiter.allow("book", client_of(request)):
            return await run_in_threadpool(pages.refusal, request, in_lang(
                request, tr, "Bạn thao tác quá nhanh. Hãy đợi vài phút rồi thử lại; chưa ghi gì."), 429, "/booking")
        op = store.phones.cancel_appointment if cancel else store.phones.appointment
        try:
            booking = await run_in_threadpool(in_lang, request, op, form.get("code", "")[:40])
        except StoreError as error:
            return await run_in_threadpool(pages.refusal, request, str(error), 404, "/booking")
        return await run_in_threadpool(pages.page, request, "booking.html", b=booking, cancelled=cancel)

    # -- remote numbers ----------------------------------------------------------------------------
    @app.get("/remote/{field}", response_class=HTMLResponse)
    def remote_form(field: str, request: Request) -> HTMLResponse:
        try:
            svc = field_named(store, field)
            booking = store.phones.field_booking(svc.code)
        except StoreError as error:
            return pages.refusal(request, str(error), 404)
        if not booking.remote_numbers:
            return pages.refusal(request, in_lang(request, tr, "Lĩnh vực {name} không cấp số từ xa.", name=svc.name),
                                 404)
        return pages.page(request, "remote.html", field=svc)

    @app.post("/remote/{field}")
    async def remote(field: str, request: Request) -> Response:
        form = await pages.form(request, "remote")
        if isinstance(form, Response):
            return form
        try:
            _, token = await run_in_threadpool(
                in_lang, request, store.phones.issue_remote_ticket, field[:40], full_name=form.get("full_name", ""),
                phone=form.get("phone", ""), id_number=form.get("id_number", ""))
        except StoreError as error:
            return await run_in_threadpool(pages.refusal, request, str(error), 400, f"/remote/{quote(field)}")
        return RedirectResponse(f"/t/{token}", status_code=303)


def field_named(store: Store, field: str):
    """The active field whose code (or letter) is `field`; NotFound (one sentence) otherwise."""
    for svc in store.setup.services():
        if field in (svc.code, svc.prefix) and svc.active:
            return svc
    raise NotFound(tr("Không có lĩnh vực {code}.", code=field[:40]))


def today_hours(store: Store) -> list[tuple[str, str, str]]:
    """Today's sessions as (name, start, end), e.g. ("Sáng", "07:30", "11:30"); empty on a day off."""
    calendar = store.calendar.calendar()
    day = store.business_day()
    out = []
    for session in calendar.working_sessions(day):
        start, end = calendar.session_hours(day, session)
        out.append((tr(SESSIONS.get(str(session), str(session))), start.strftime("%H:%M"), end.strftime("%H:%M")))
    return out


async def follow(pages: PhonePages, request: Request, token: str, ticket_id: int, service_id: int,
                 first: PhoneState, lang: str, csrf: str):
    """The ticket page's stream: its state now, then again whenever the store's events change it. An event
    of this ticket (its call) is read back at once; an event elsewhere in its field changes only "how many
    ahead", taken from one read of the field's places shared by all its followers."""

    def frame(state: PhoneState) -> bytes:
        data = state.as_dict() | {"html": pages.live_part(state, lang, csrf, token)}
        return f"event: state\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode("utf-8")

    yield frame(first)
    if pages.hub is None:
        return
    queue, _ = pages.hub.subscribe(None)
    last = first
    try:
        while True:
            try:
                batch = await asyncio.wait_for(queue.get(), PING_S)
            except asyncio.TimeoutError:
                batch = None
            if await request.is_disconnected():
                return
            if not batch:
                yield b": ping\n\n"
                continue
            mine = any(e.ticket_id == ticket_id for e in batch)
            field = any(e.topic == Topic.queue and e.payload.get("service_id") in (None, service_id) for e in batch)
            # a ticket's own steps (call, serve, finish, transfer…) are its own events; others change only its place
            state, whole = last, mine
            if field and not whole and last.status == TicketStatus.waiting:
                place = (await pages.places(service_id, batch[-1].id)).get(ticket_id)
                if place is None:  # no longer waiting: read it whole
                    whole = True
                else:
                    state = replace(last, ahead=place[0], wait=place[1], near=place[0] <= pages.near_ahead)
            if whole:
                try:
                    state = await run_in_threadpool(pages.state, token)
                except NotFound:  # the day ended (or a new token replaced this one)
                    yield b"event: gone\ndata: {}\n\n"
                    return
            if state != last:
                last = state
                yield frame(state)
    finally:
        pages.hub.unsubscribe(queue)
