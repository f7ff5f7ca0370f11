"""The monthly report a one-stop centre sends upward: Biểu II.06a and QĐ 766/QĐ-TTg's progress indicators.

Biểu II.06a (Thông tư 01/2018/TT-VPCP, "Tình hình, kết quả giải quyết thủ tục
hành chính"): per field and for the office, the dossiers received (carried
over from the last period; new this period online; new in person or by post),
resolved (early / on time / late) and still in progress at the end (on time /
late). Every dossier accepted before the period's end and not resolved before
its start is counted once: received = resolved + in progress.

QĐ 766/QĐ-TTg (23/6/2022) judges "tiến độ giải quyết" (progress) among its
indicators; this report gives the shares that group is computed from.

"Late" is judged at the moment of the report: the period's end, or now when
the period has not ended. A dossier waiting for the citizen's papers (chờ bổ
sung) is in progress on time (the wait is not the office's), and shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from core.i18n import tr
from db.models import Dossier, Service
from db.store.base import StoreService
from db.store.reports import check_period, day_before, period_bounds


@dataclass(frozen=True)
class MonthlyRow:
    key: str  # the field's letter; "" for the whole office
    name: str
    carried_over: int  # kỳ trước chuyển qua
    new_online: int  # mới tiếp nhận trực tuyến
    new_direct: int  # mới tiếp nhận trực tiếp và qua bưu chính
    resolved_early: int  # trả trước hạn
    resolved_on_time: int  # trả đúng hạn
    resolved_late: int  # trả quá hạn
    open_on_time: int  # đang giải quyết trong hạn (chờ bổ sung included)
    open_late: int  # đang giải quyết quá hạn
    open_supplement: int  # of which waiting for the citizen's papers
    late_with_apology: int  # late (resolved late or in progress late) with a Phiếu xin lỗi

    @property
    def received(self) -> int:
        return self.carried_over + self.new_online + self.new_direct

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress(self) -> int:
        return self.open_on_time + self.open_late

    @property
    def late(self) -> int:
        return self.resolved_late + self.open_late

    # -- QĐ 766/QĐ-TTg, nhóm "Tiến độ giải quyết" ----------------------------------------------------
    @property
    def resolved_on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved early or on time."""
        return (self.resolved_early + self.resolved_on_time) / self.resolved if self.resolved else None

    @property
    def in_progress_on_time_rate(self) -> float | None:
        """Share of dossiers in progress that are not yet late."""
        return self.open_on_time / self.in_progress if self.in_progress else None

    @property
    def online_rate(self) -> float | None:
        """Share of new dossiers received online."""
        new = self.new_online + self.new_direct
        return self.new_online / new if new else None

    @property
    def apology_rate(self) -> float | None:
        """Share of late dossiers the citizen got a written apology for (Nghị định 61/2018, Điều 19)."""
        return self.late_with_apology / self.late if self.late else None


MONTHLY_COUNTS = ("carried_over", "new_online", "new_direct", "resolved_early", "resolved_on_time", "resolved_late",
                  "open_on_time", "open_late", "open_supplement", "late_with_apology")


@dataclass(frozen=True)
class MonthlyReport:
    start: date
    end: date
    judged_at: date  # the day "late" was judged on (the period's end, or today)
    office_name: str
    total: MonthlyRow
    rows: tuple[MonthlyRow, ...]


class MonthlyOps(StoreService):
    def monthly_report(self, start: date, end: date) -> MonthlyReport:
        """Biểu II.06a with the progress indicators, per field and for the office, over `start`..`end`."""
        check_period(self.ctx, start, end, None, "monthly_report")
        D, S = Dossier.__table__, Service.__table__
        tz = self.ctx.office().tz
        lo, hi = period_bounds(self.ctx, start, end)
        moment = min(hi, self.ctx.now())
        dialect = self.ctx.engine.dialect.name
        accepted = D.c.status != "refused"
        carried = and_(accepted, D.c.received_at < lo, (D.c.resolved_at.is_(None)) | (D.c.resolved_at >= lo))
        new = and_(accepted, D.c.received_at >= lo, D.c.received_at < hi)
        resolved = and_(accepted, D.c.resolved_at >= lo, D.c.resolved_at < hi)
        early = and_(resolved, day_before(D.c.resolved_at, D.c.due_at, dialect, tz, start))
        late = and_(resolved, D.c.resolved_at > D.c.due_at)
        on_time = and_(resolved, ~late, ~day_before(D.c.resolved_at, D.c.due_at, dialect, tz, start))
        still_open = and_(accepted, D.c.received_at < hi, (D.c.resolved_at.is_(None)) | (D.c.resolved_at >= hi))
        waiting = and_(still_open, D.c.status == "supplement_requested", D.c.resolved_at.is_(None))
        open_late = and_(still_open, ~waiting, D.c.due_at < moment)
        open_on_time = and_(still_open, ~open_late)

        def n(cond):
            return func.sum(case((cond, 1), else_=0))

        query = select(
            S.c.prefix.label("key"), S.c.name.label("name"),
            n(carried), n(and_(new, D.c.channel_in == "online")), n(and_(new, D.c.channel_in != "online")),
            n(early), n(on_time), n(late), n(open_on_time), n(open_late), n(waiting),
            n(and_((late | open_late), D.c.apology_count > 0)),
        ).select_from(D.outerjoin(S, S.c.id == D.c.service_id)).where(
            D.c.office_id == self.ctx.office().id, D.c.received_at < hi,
            (D.c.resolved_at.is_(None)) | (D.c.resolved_at >= lo)).group_by(S.c.prefix, S.c.name)
        with self.ctx.read() as s:
            rows = [MonthlyRow(str(r.key or ""), r.name or "", *(int(v or 0) for v in r[2:]))
                    for r in s.execute(query).all()]
        rows = sorted((r for r in rows if r.received), key=lambda r: r.key)
        total = MonthlyRow("", tr("Toàn cơ quan"), *(sum(getattr(r, f) for r in rows) for f in MONTHLY_COUNTS))
        judged = end if moment >= hi else moment.astimezone(tz).date()
        return MonthlyReport(start, end, judged, self.ctx.office().name, total, tuple(rows))


__all__ = ["MonthlyOps", "MonthlyReport", "MonthlyRow"]
