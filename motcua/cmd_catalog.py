"""`motcua catalog import FILE [--dry-run]` / `motcua catalog export FILE`: the procedure catalog (CSV, XLSX)."""

from __future__ import annotations

from pathlib import Path

from core.i18n import tr
from db import Store, StoreError
from motcua.signin import sign_in, user_help
from motcua.output import fail


def register(sub) -> None:
    catalog = sub.add_parser("catalog", help=tr("danh mục thủ tục hành chính"))
    csub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    p = csub.add_parser("import", help=tr("nhập danh mục từ tệp CSV/XLSX (tất cả hoặc không)"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=tr("chỉ kiểm tra và cho xem thay đổi, không ghi"))
    p.add_argument("--map-field", action="append", default=[], metavar="TÊN=MÃ",
                   help=tr("lĩnh vực trong tệp ứng với lĩnh vực nào của cơ quan (chữ, mã hoặc tên)"))
    p.add_argument("--user", default="quanly", help=user_help())
    p.set_defaults(func=run_import)
    p = csub.add_parser("export", help=tr("xuất danh mục ra tệp CSV/XLSX"))
    p.add_argument("file", type=Path)
    p.add_argument("--user", default="quanly", help=user_help())
    p.set_defaults(func=run_export)


def run_import(args, settings) -> int:
    try:
        store = sign_in(Store.open(settings.db_url), args.user)
        field_map = dict(m.split("=", 1) for m in args.map_field)
        preview = store.setup.preview_catalog(args.file, field_map=field_map)
        print_preview(preview)
        if not preview.ok:
            return fail(tr("Tệp có {n} dòng lỗi; chưa ghi gì.", n=preview.problem_count))
        if args.dry_run:
            print(tr("Chưa ghi gì (--dry-run)."))
            return 0
        print(tr("Đã nhập {n} thủ tục.", n=store.setup.import_catalog(args.file, field_map=field_map)))
    except (StoreError, OSError) as error:
        return fail(str(error))
    return 0


def print_preview(preview) -> None:
    """What the import would do: each procedure added or changed (field: before → after), then the totals."""
    from db.catalog_io import CHANGE_KINDS

    for problem in preview.problems:
        where = f" ({problem.sheet})" if problem.sheet else ""
        print(tr("Dòng {line}{sheet}: {reason}", line=problem.line, sheet=where, reason=problem.reason))
    if preview.problem_count > len(preview.problems):
        print(tr("… và {n} dòng lỗi khác.", n=preview.problem_count - len(preview.problems)))
    for field in preview.unknown_fields:
        print(tr("Lĩnh vực “{field}” không khớp lĩnh vực nào: thêm --map-field \"{field}=MÃ\".", field=field))
    if preview.ignored_columns:
        print(tr("Cột không dùng: {columns}", columns=", ".join(preview.ignored_columns)))
    for change in preview.changes:
        if change.kind != "unchanged":
            print(f"{tr(CHANGE_KINDS[change.kind])}: {change.code} {change.name}")
            for label, old, new in change.fields:
                print(f"    {label}: “{old}” → “{new}”")
    print(tr("Thêm mới {added}, thay đổi {changed}, không đổi {unchanged} thủ tục.", added=preview.count("added"),
             changed=preview.count("changed"), unchanged=preview.count("unchanged")))


def run_export(args, settings) -> int:
    try:
        n = sign_in(Store.open(settings.db_url), args.user).setup.export_catalog(args.file)
    except (StoreError, OSError) as error:
        return fail(str(error))
    print(tr("Đã xuất {n} thủ tục ra {file}.", n=n, file=args.file))
    return 0
