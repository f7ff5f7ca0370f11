"""`motcua report queue|dossiers|satisfaction|monthly`: the office's reports, for scheduled export."""

from __future__ import annotations

from datetime import date, timedelta

from core.i18n import tr
from db import Store, StoreError
from motcua.signin import sign_in, user_help
from motcua.output import add_json, emit, fail


# the groupings each report offers (the first is the default); "office": the whole office in one row
BY = {"queue": ["field", "counter", "clerk", "office"], "dossiers": ["field", "office"],
      "satisfaction": ["counter", "clerk"]}


def register(sub) -> None:
    report = sub.add_parser("report", help=tr("báo cáo hàng chờ, hồ sơ, mức độ hài lòng"))
    rsub = report.add_subparsers(dest="report_command", required=True, metavar="KIND")
    for kind, text in (("queue", tr("báo cáo hàng chờ")), ("dossiers", tr("báo cáo hồ sơ")),
                       ("satisfaction", tr("báo cáo mức độ hài lòng"))):
        p = rsub.add_parser(kind, help=text)
        p.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
        p.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
        p.add_argument("--by", choices=BY[kind], help=tr("nhóm theo"))
        p.add_argument("--user", default="quanly", help=user_help())
        p.add_argument("--xlsx", help=tr("ghi ra tệp XLSX"))
        p.add_argument("--pdf", help=tr("ghi ra tệp PDF"))
        add_json(p)
        p.set_defaults(func=run, kind=kind)
    p = rsub.add_parser("monthly", help=tr("Biểu II.06a: kết quả giải quyết TTHC trong tháng (gửi cấp trên)"))
    p.add_argument("--month", type=_month, help="YYYY-MM")
    p.add_argument("--from", dest="start", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("--user", default="quanly", help=user_help())
    p.add_argument("--xlsx", help=tr("ghi ra tệp XLSX"))
    p.add_argument("--pdf", help=tr("ghi ra tệp PDF"))
    add_json(p)
    p.set_defaults(func=run_monthly)


def _month(text: str) -> tuple[date, date]:
    """`2026-11` → (1/11/2026, 30/11/2026)."""
    try:
        first = date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise ValueError(text) from error
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def run_monthly(args, settings) -> int:
    """Biểu II.06a over a month (or any days), to the screen, XLSX and PDF."""
    from ui.monthly_files import monthly_table, write_monthly_pdf, write_monthly_xlsx

    if args.month is None and (args.start is None or args.end is None):
        return fail(tr("Cần --month YYYY-MM, hoặc --from và --to."), 2)
    start, end = args.month if args.month else (args.start, args.end)
    try:
        store = sign_in(Store.open(settings.db_url), args.user)
        report = store.reports.monthly_report(start, end)
        if args.xlsx:
            write_monthly_xlsx(args.xlsx, report)
        if args.pdf:
            write_monthly_pdf(args.pdf, report)
    except StoreError as error:
        return fail(str(error))
    def cell(v) -> str:  # Vietnamese decimals: 66,7
        return "" if v is None else f"{v:.1f}".replace(".", ",") if isinstance(v, float) else str(v)
    text = "\n".join(" | ".join(cell(v) for v in row) for row in monthly_table(report))
    return emit(args, report, text)


def run(args, settings) -> int:
    from ui.report_files import cell_text, dossier_table, queue_table, satisfaction_table, write_pdf, write_xlsx

    try:
        store = sign_in(Store.open(settings.db_url), args.user)
        by = args.by or BY[args.kind][0]
        by = None if by == "office" else by
        if args.kind == "queue":
            report = store.reports.queue_report(args.start, args.end, by)
            table, files = queue_table(report), {"queue": report}
        elif args.kind == "dossiers":
            report = store.reports.dossier_report(args.start, args.end, by)
            table, files = dossier_table(report), {"dossiers": report}
        else:
            report = store.reports.satisfaction_report(args.start, args.end, by)
            table, files = satisfaction_table(report), {"satisfaction": report}
        labels = dict(office_name=store.office().name, made_at=store.local_now())
        if args.xlsx:
            write_xlsx(args.xlsx, **files, **labels)
        if args.pdf:
            write_pdf(args.pdf, **files, **labels)
    except StoreError as error:
        return fail(str(error))
    text = "\n".join(" | ".join(cell_text(v) for v in row) for row in table)
    return emit(args, report, text)
