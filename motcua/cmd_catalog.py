"""`motcua catalog import FILE [--dry-run]` / `motcua catalog export FILE`: the procedure catalog (CSV, XLSX)."""

from __future__ import annotations

from pathlib import Path

from core.i18n import tr
from db import Store, StoreError
from motcua.output import fail


def register(sub) -> None:
    catalog = sub.add_parser("catalog", help=tr("danh mục thủ tục hành chính"))
    csub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    p = csub.add_parser("import", help=tr("nhập danh mục từ tệp CSV/XLSX (tất cả hoặc không)"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=tr("chỉ kiểm tra, không ghi"))
    p.add_argument("--user", default="quanly", help=tr("tên đăng nhập của người lập báo cáo (quản lý)"))
    p.set_defaults(func=run_import)
    p = csub.add_parser("export", help=tr("xuất danh mục ra tệp CSV/XLSX"))
    p.add_argument("file", type=Path)
    p.add_argument("--user", default="quanly", help=tr("tên đăng nhập của người lập báo cáo (quản lý)"))
    p.set_defaults(func=run_export)


def run_import(args, settings) -> int:
    try:
        store = Store.open(settings.db_url).as_user(args.user)
        preview = store.preview_catalog(args.file)
        for problem in preview.problems:
            print(tr("Dòng {line}: {reason}", line=problem.line, reason=problem.reason))
        if not preview.ok:
            return fail(tr("Tệp có {n} dòng lỗi; chưa ghi gì.", n=len(preview.problems)))
        if args.dry_run:
            print(tr("{n} dòng hợp lệ; chưa ghi (--dry-run).", n=len(preview.rows)))
            return 0
        print(tr("Đã nhập {n} thủ tục.", n=store.import_catalog(args.file)))
    except (StoreError, OSError) as error:
        return fail(str(error))
    return 0


def run_export(args, settings) -> int:
    try:
        n = Store.open(settings.db_url).as_user(args.user).export_catalog(args.file)
    except (StoreError, OSError) as error:
        return fail(str(error))
    print(tr("Đã xuất {n} thủ tục ra {file}.", n=n, file=args.file))
    return 0
