"""`motcua station`: enrol stations with the office server (join codes, join, list, revoke)."""

from __future__ import annotations

import os
from pathlib import Path

from core.i18n import tr
from core.settings import save_settings
from db import Store
from motcua.output import add_json, emit

KINDS = ("kiosk", "counter", "display", "admin")


def register(sub) -> None:
    station = sub.add_parser("station", help=tr("máy trạm của máy chủ văn phòng"))
    ssub = station.add_subparsers(dest="station_command", required=True, metavar="ACTION")
    p = ssub.add_parser("code", help=tr("(trên máy chủ) cấp mã tham gia dùng một lần cho một máy trạm"))
    p.add_argument("--kind", choices=KINDS, required=True, help=tr("loại máy trạm"))
    p.add_argument("--name", required=True, help=tr("tên máy trạm, ví dụ \"Kiosk sảnh\""))
    p.add_argument("--hours", type=int, default=24, help=tr("mã hết hạn sau số giờ này (mặc định 24)"))
    add_json(p)
    p.set_defaults(func=code)
    p = ssub.add_parser("join", help=tr("(trên máy trạm) tham gia máy chủ bằng mã quản lý đưa"))
    p.add_argument("server", help=tr("địa chỉ máy chủ, ví dụ https://192.168.1.10:8443"))
    p.add_argument("code", help=tr("mã tham gia"))
    p.add_argument("--credential", type=Path, help=tr("nơi lưu tệp quyền của máy trạm (mặc định trong thư mục dữ "
                                                       "liệu)"))
    p.set_defaults(func=join)
    p = ssub.add_parser("list", help=tr("(trên máy chủ) các máy trạm đã tham gia"))
    add_json(p)
    p.set_defaults(func=list_stations)
    p = ssub.add_parser("revoke", help=tr("(trên máy chủ) thu hồi quyền của một máy trạm ngay lập tức"))
    p.add_argument("name", help=tr("tên máy trạm"))
    p.set_defaults(func=revoke)


def _server_store(settings) -> Store:
    return Store.open(settings.db_url, migrate=False)


def code(args, settings) -> int:
    from server import stations
    from server.tls import ensure_certificate, fingerprint, fingerprint_text

    cert, _key = ensure_certificate(settings.serve.resolved_tls_dir())
    pem = cert.read_text("ascii")
    store = _server_store(settings)
    try:
        text = stations.create_code(store, args.kind, args.name, fingerprint(pem), hours=args.hours)
    finally:
        store.close()
    return emit(args, {"code": text, "kind": args.kind, "name": args.name, "fingerprint": fingerprint_text(pem)},
                tr("Mã tham gia cho {name} ({kind}), dùng một lần, hết hạn sau {hours} giờ:\n  {code}\nTrên máy "
                   "trạm: motcua station join https://<IP-máy-chủ>:{port} {code}\nDấu vân tay chứng chỉ máy chủ: {fp}",
                   name=args.name, kind=args.kind, hours=args.hours, code=text, port=settings.serve.port,
                   fp=fingerprint_text(pem)))


def join(args, settings) -> int:
    from db.remote import join as join_server

    path = args.credential or settings.credential_path()
    credential = join_server(args.server, args.code, path)
    settings.server, settings.credential = credential.server, str(path)
    config = os.environ.get("MOTCUA_CONFIG")
    saved = save_settings(settings, Path(config) if config else None)
    print(tr("Đã tham gia máy chủ {server} với tên {name} ({kind}). Quyền máy trạm: {path} (chỉ người dùng này đọc "
             "được). Cấu hình: {config}", server=credential.server, name=credential.name, kind=credential.kind,
             path=path, config=saved))
    return 0


def list_stations(args, settings) -> int:
    from server import stations

    store = _server_store(settings)
    try:
        rows = stations.stations(store)
    finally:
        store.close()
    lines = [f"{r.name}\t{r.kind}\t{tr('đã thu hồi') if r.revoked_at else tr('đang hoạt động')}" for r in rows]
    return emit(args, rows, "\n".join(lines) or tr("Chưa có máy trạm nào tham gia."))


def revoke(args, settings) -> int:
    from server import stations

    store = _server_store(settings)
    try:
        count = stations.revoke(store.as_system(), args.name)
    finally:
        store.close()
    print(tr("Đã thu hồi {count} máy trạm tên {name}: chúng bị từ chối ngay từ yêu cầu tiếp theo.", count=count,
             name=args.name))
    return 0
