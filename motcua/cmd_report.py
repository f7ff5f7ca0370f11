"""`motcua report queue|dossiers|satisfaction`: the office's reports, for scheduled export."""

from __future__ import annotations

from datetime import date

from core.i18n import tr
from db import Store, StoreError
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
        p.add_argument("--user", default="quanly", help=tr("tên đăng nhập của người lập báo cáo (quản lý)"))
        p.add_argument("--xlsx", help=tr("ghi ra tệp XLSX"))
        p.add_argument("--pdf", help=tr("ghi ra tệp PDF"))
        add_json(p)
        p.set_defaults(func=run, kind=kind)


def run(args, settings) -> int:
    from ui.report_files import cell_text, dossier_table, queue_table, satisfaction_table, write_pdf, write_xlsx

    try:
        store = Store.open(settings.db_url).as_user(args.user)
        by = args.by or BY[args.kind][0]
        by = None if by == "office" else by
        if args.kind == "queue":
            report = store.queue_report(args.start, args.end, by)
            table, files = queue_table(report), {"queue": report}
        elif args.kind == "dossiers":
            report = store.dossier_report(args.start, args.end, by)
            table, files = dossier_table(report), {"dossiers": report}
        else:
            report = store.satisfaction_report(args.start, args.end, by)
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
