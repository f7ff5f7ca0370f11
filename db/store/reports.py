"""The reports an office is judged by: queue, dossiers, satisfaction, over any date range.

Counting happens in SQL; only the duration columns needed for medians and
percentiles come back to Python, as plain floats (a year is ~200,000 rows).
Managers and admins only.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, cast, func, literal_column, select, text
from sqlalchemy.sql import ColumnElement

from core.i18n import tr
from core.status import DossierStatus, TicketStatus
from db.errors import InvalidInput
from db.models import Counter, Dossier, Rating, Service, Ticket, User
from db.store.appointments import AppointmentFigures
from db.store.arguments import date_arg
from db.store.base import MANAGERS, Context, StoreService

GROUPINGS = ("field", "counter", "clerk")


@dataclass(frozen=True)
class Durations:
    """Minutes: mean, median, 90th percentile, max (None when nothing was measured)."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, values: list[float]) -> "Durations":
        if not values:
            return cls(0, None, None, None, None)
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, max(0, int(round(0.9 * (len(ordered) - 1)))))]
        return cls(len(ordered), statistics.fmean(ordered), statistics.median(ordered), p90, ordered[-1])


@dataclass(frozen=True)
class QueueRow:
    key: str  # field prefix, counter number or username; "" for the whole office
    name: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    wait: Durations
    service: Durations
    within_target: int  # called within the field's service-level target
    called: int

    @property
    def within_target_share(self) -> float | None:
        return self.within_target / self.called if self.called else None


@dataclass(frozen=True)
class QueueReport:
    start: date
    end: date
    by: str | None
    total: QueueRow
    rows: tuple[QueueRow, ...]
    by_hour: dict[int, int] = field(default_factory=dict)  # local hour → tickets issued
    appointments: AppointmentFigures | None = None  # bookings of the period (lịch hẹn): made, checked in, no-shows


@dataclass(frozen=True)
class DossierRow:
    key: str
    name: str
    received: int
    received_direct: int
    received_postal: int
    received_online: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    open_not_due: int
    open_overdue: int
    returned_by_post: int
    apologies: int
    open_supplement: int = 0  # open, waiting for the citizen's missing papers (chờ bổ sung): neither due nor late

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time_rate(self) -> float | None:
        """Tỷ lệ trả sớm và đúng hạn: (early + on time) / resolved."""
        return (self.resolved_early + self.resolved_on_time) / self.resolved if self.resolved else None


@dataclass(frozen=True)
class DossierReport:
    start: date
    end: date
    total: DossierRow
    rows: tuple[DossierRow, ...]


@dataclass(frozen=True)
class SatisfactionRow:
    key: str
    name: str
    very_satisfied: int
    satisfied: int
    unsatisfied: int

    @property
    def answers(self) -> int:
        return self.very_satisfied + self.satisfied + self.unsatisfied


@dataclass(frozen=True)
class SatisfactionReport:
    start: date
    end: date
    by: str
    total: SatisfactionRow
    rows: tuple[SatisfactionRow, ...]


@dataclass(frozen=True)
class LedgerLine:
    """One line of the follow-up ledger (sổ theo dõi hồ sơ)."""

    code: str
    applicant_name: str
    procedure: str
    received_at: datetime
    due_at: datetime | None  # None for a refused dossier: it has no appointment
    resolved_at: datetime | None
    returned_at: datetime | None
    status: str
    apology_count: int


class ReportOps(StoreService):
    # -- queue ------------------------------------------------------------------------------
    def queue_report(self, start: date, end: date, by: str | None = "field") -> QueueReport:
        """Tickets issued, served, no-show, cancelled; waiting and service times; SLA share; load by hour."""
        check_period(self.ctx, start, end, by, "queue_report")
        T = Ticket.__table__
        key, name, joins = self._grouping(by)
        wait = _minutes(T.c.issued_at, T.c.first_called_at, self.ctx.engine.dialect.name)
        service = _minutes(T.c.started_at, T.c.finished_at, self.ctx.engine.dialect.name)
        S = Service.__table__
        in_range = and_(T.c.day >= start, T.c.day <= end, T.c.office_id == self.ctx.office().id)
        with self.ctx.read() as s:
            counts = select(
                key.label("key"), name.label("name"), func.count().label("issued"),
                func.sum(case((T.c.status == TicketStatus.done, 1), else_=0)).label("served"),
                func.sum(case((T.c.status == TicketStatus.no_show, 1), else_=0)).label("no_show"),
                func.sum(case((T.c.status.in_((TicketStatus.cancelled, TicketStatus.expired)), 1), else_=0))
                .label("cancelled"),
                func.sum(case((and_(T.c.first_called_at.is_not(None), wait <= S.c.sla_minutes), 1),
                              else_=0)).label("within"),
                func.count(T.c.first_called_at).label("called"),
            ).select_from(joins(T.join(S, S.c.id == T.c.service_id))).where(in_range).group_by(key, name)
            rows = s.execute(counts).all()
            durations = s.execute(
                select(key.label("key"), wait.label("wait"), service.label("service"))
                .select_from(joins(T.join(S, S.c.id == T.c.service_id))).where(in_range)
            ).all()
            hours = s.execute(
                select(_local_hour(T.c.issued_at, self.ctx.engine.dialect.name, self.ctx.office().tz, start).label("h"),
                       func.count()).where(in_range).group_by(literal_column("h"))
            ).all()
        waits: dict[str, list[float]] = {}
        services: dict[str, list[float]] = {}
        for k, w, sv in durations:
            if w is not None and w >= 0:
                waits.setdefault(str(k), []).append(float(w))
            if sv is not None and sv >= 0:
                services.setdefault(str(k), []).append(float(sv))
        out = []
        for r in sorted(rows, key=lambda r: str(r.key)):
            k = str(r.key)
            if by in ("counter", "clerk") and not r.name and k in ("0", ""):
                k, name = "", tr("Chưa gọi")  # tickets no counter called: no counter, no clerk
            else:
                name = r.name or ""
            out.append(QueueRow(k, name, r.issued, r.served or 0, r.no_show or 0, r.cancelled or 0,
                                Durations.of(waits.get(k, [])), Durations.of(services.get(k, [])),
                                r.within or 0, r.called or 0))
        out.sort(key=lambda r: r.key == "")  # "Chưa gọi" after the counters or clerks
        all_waits = [v for vs in waits.values() for v in vs]
        all_services = [v for vs in services.values() for v in vs]
        total = QueueRow("", tr("Toàn cơ quan"), sum(r.issued for r in out), sum(r.served for r in out),
                         sum(r.no_show for r in out), sum(r.cancelled for r in out), Durations.of(all_waits),
                         Durations.of(all_services), sum(r.within_target for r in out), sum(r.called for r in out))
        return QueueReport(start, end, by, total, tuple(out), {int(h): n for h, n in hours if h is not None},
                           self.store.phones.appointment_figures(start, end))

    def _grouping(self, by: str | None):
        T, S, C, U = Ticket.__table__, Service.__table__, Counter.__table__, User.__table__
        if by is None:
            return literal_column("''"), literal_column("''"), lambda j: j
        if by == "field":
            return S.c.prefix, S.c.name, lambda j: j
        if by == "counter":
            return func.coalesce(C.c.number, 0), func.coalesce(C.c.name, ""), \
                lambda j: j.outerjoin(C, C.c.id == T.c.counter_id)
        return func.coalesce(U.c.username, ""), func.coalesce(U.c.full_name, ""), \
            lambda j: j.outerjoin(U, U.c.id == T.c.user_id)

    # -- dossiers ---------------------------------------------------------------------------
    def dossier_report(self, start: date, end: date, by: str | None = "field") -> DossierReport:
        """Received by channel; resolved early / on time / late; still open (not yet due / overdue) at the
        end of the range; returned by post; apologies; the "trả sớm và đúng hạn" rate."""
        check_period(self.ctx, start, end, by if by != "clerk" else "field", "dossier_report")
        D, S = Dossier.__table__, Service.__table__
        tz = self.ctx.office().tz
        lo, hi = period_bounds(self.ctx, start, end)
        key = S.c.prefix if by == "field" else literal_column("''")
        name = S.c.name if by == "field" else literal_column("''")
        received = and_(D.c.received_at >= lo, D.c.received_at < hi)
        resolved = and_(D.c.resolved_at >= lo, D.c.resolved_at < hi)
        due_day_end = D.c.due_at  # on time = resolved no later than the appointment
        early = and_(resolved, day_before(D.c.resolved_at, D.c.due_at, self.ctx.engine.dialect.name, tz, start))
        on_time = and_(resolved, D.c.resolved_at <= due_day_end, ~day_before(D.c.resolved_at, D.c.due_at,
                                                                              self.ctx.engine.dialect.name, tz, start))
        late = and_(resolved, D.c.resolved_at > due_day_end)
        still_open = and_(D.c.received_at < hi, D.c.status != DossierStatus.refused,
                          (D.c.resolved_at.is_(None)) | (D.c.resolved_at >= hi))
        # overdue means past due at the moment of the report: the range's end, or now when that is sooner
        moment = min(hi, self.ctx.now())
        waiting = and_(still_open, D.c.status == "supplement_requested", D.c.resolved_at.is_(None))
        counted_open = and_(still_open, ~waiting)

        def n(cond) -> ColumnElement:
            return func.sum(case((cond, 1), else_=0))

        query = select(
            key.label("key"), name.label("name"),
            n(and_(received, D.c.status != DossierStatus.refused)).label("received"),
            n(and_(received, D.c.channel_in == "direct", D.c.status != DossierStatus.refused)).label("direct"),
            n(and_(received, D.c.channel_in == "postal", D.c.status != DossierStatus.refused)).label("postal"),
            n(and_(received, D.c.channel_in == "online", D.c.status != DossierStatus.refused)).label("online"),
            n(early).label("early"), n(on_time).label("on_time"), n(late).label("late"),
            n(and_(counted_open, D.c.due_at >= moment)).label("not_due"),
            n(and_(counted_open, D.c.due_at < moment)).label("overdue"),
            n(and_(D.c.returned_at >= lo, D.c.returned_at < hi, D.c.return_channel == "postal")).label("by_post"),
            func.sum(case((received, D.c.apology_count), else_=0)).label("apologies"),
            n(waiting).label("waiting"),
        ).select_from(D.outerjoin(S, S.c.id == D.c.service_id)).where(
            D.c.office_id == self.ctx.office().id, D.c.received_at < hi).group_by(key, name)
        with self.ctx.read() as s:
            rows = [DossierRow(str(r.key or ""), r.name or "", *(int(v or 0) for v in r[2:]))
                    for r in s.execute(query).all()]
        rows = [r for r in rows if any((r.received, r.resolved, r.open_not_due, r.open_overdue, r.open_supplement))]
        rows.sort(key=lambda r: r.key)
        total = DossierRow("", tr("Toàn cơ quan"), *(sum(getattr(r, f) for r in rows) for f in _DOSSIER_COUNTS))
        return DossierReport(start, end, total, tuple(rows))

    def dossier_ledger(self, start: date, end: date, limit: int = 100_000) -> list[LedgerLine]:
        """Sổ theo dõi hồ sơ: every dossier received in the range, in order."""
        check_period(self.ctx, start, end, None, "dossier_ledger")
        lo, hi = period_bounds(self.ctx, start, end)
        from db.models import Procedure

        with self.ctx.read() as s:
            rows = s.execute(
                select(Dossier.code, Dossier.applicant_name, Procedure.name, Dossier.received_at, Dossier.due_at,
                       Dossier.resolved_at, Dossier.returned_at, Dossier.status, Dossier.apology_count)
                .join(Procedure, Procedure.id == Dossier.procedure_id)
                .where(Dossier.received_at >= lo, Dossier.received_at < hi).order_by(Dossier.received_at)
                .limit(limit)
            ).all()
        # a refused dossier was never accepted: the ledger shows no appointment for it
        return [LedgerLine(*r[:4], None if r.status == "refused" else r.due_at, *r[5:]) for r in rows]

    # -- satisfaction -------------------------------------------------------------------------
    def satisfaction_report(self, start: date, end: date, by: str = "counter") -> SatisfactionReport:
        """Answers (rất hài lòng / hài lòng / không hài lòng) per counter or clerk."""
        check_period(self.ctx, start, end, by, "satisfaction_report")
        R, C, U = Rating.__table__, Counter.__table__, User.__table__
        lo, hi = period_bounds(self.ctx, start, end)
        if by == "clerk":
            key, name, src = func.coalesce(U.c.username, ""), func.coalesce(U.c.full_name, ""), \
                R.outerjoin(U, U.c.id == R.c.user_id)
        else:
            key, name, src = func.coalesce(C.c.number, 0), func.coalesce(C.c.name, ""), \
                R.outerjoin(C, C.c.id == R.c.counter_id)
        query = select(key.label("key"), name.label("name"),
                       *(func.sum(case((R.c.score == score, 1), else_=0)) for score in (3, 2, 1))) \
            .select_from(src).where(R.c.at >= lo, R.c.at < hi).group_by(key, name)
        with self.ctx.read() as s:
            rows = sorted((SatisfactionRow(str(r[0]), r[1], int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
                           for r in s.execute(query).all()), key=lambda r: r.key)
        total = SatisfactionRow("", tr("Toàn cơ quan"), sum(r.very_satisfied for r in rows),
                                sum(r.satisfied for r in rows), sum(r.unsatisfied for r in rows))
        return SatisfactionReport(start, end, by, total, tuple(rows))


_DOSSIER_COUNTS = ("received", "received_direct", "received_postal", "received_online", "resolved_early",
                   "resolved_on_time", "resolved_late", "open_not_due", "open_overdue", "returned_by_post",
                   "apologies", "open_supplement")


def _minutes(a, b, dialect: str) -> ColumnElement:
    """Minutes from `a` to `b` (NULL when either is missing), in SQL."""
    if dialect == "sqlite":
        return (func.julianday(b) - func.julianday(a)) * 1440.0
    return func.extract("epoch", b - a) / 60.0


def _utc_offset_hours(tz: ZoneInfo, on: date) -> int:
    """The office's offset from UTC on `on`, whole hours (an aware datetime always has one)."""
    offset = datetime.combine(on, time(12), tz).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 3600)


def _local_hour(column, dialect: str, tz: ZoneInfo, on: date) -> ColumnElement:
    if dialect == "sqlite":  # stored as naive UTC text; the office's offset (Việt Nam keeps no DST)
        hours = _utc_offset_hours(tz, on)
        return cast(func.strftime("%H", column, f"{hours:+d} hours"), Integer)
    return func.extract("hour", func.timezone(str(tz), column))


def day_before(a, b, dialect: str, tz: ZoneInfo, on: date) -> ColumnElement:
    """`a` falls on an earlier calendar day (office time) than `b`: returned early."""
    if dialect == "sqlite":  # the office's offset on the report's first day (Việt Nam keeps no DST)
        shift = f"{_utc_offset_hours(tz, on):+d} hours"
        return func.date(a, shift) < func.date(b, shift)
    return func.date(func.timezone(str(tz), a)) < func.date(func.timezone(str(tz), b))


def period_bounds(ctx: Context, start: date, end: date) -> tuple[datetime, datetime]:
    """The range as instants: from the start day's midnight to the midnight after the end day (office time)."""
    tz = ctx.office().tz
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def check_period(ctx: Context, start: date, end: date, by: str | None, action: str) -> None:
    """A report's range and grouping, and the caller's right to see it."""
    ctx.require(MANAGERS, action)
    start, end = date_arg(start, tr("Ngày bắt đầu")), date_arg(end, tr("Ngày kết thúc"))
    if end < start:
        raise InvalidInput(tr("Ngày kết thúc trước ngày bắt đầu."))
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(tr("Không nhóm được theo {by}: chọn field, counter hoặc clerk.", by=by))


__all__ = ["ReportOps", "QueueReport", "DossierReport", "SatisfactionReport", "Durations", "text"]
