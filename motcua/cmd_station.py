"""`motcua station`: enrol stations with the office server (join codes, join, list, revoke)."""

from __future__ import annotations

import os
from pathlib import Path

from core.i18n import tr
from core.settings import save_settings
from db import Store, StoreError
from db.store.enrolment import KINDS
from motcua.output import add_json, emit, fail

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


def _when(at) -> str:
    return f"{at.astimezone():%H:%M %d/%m/%Y}"  # in this PC's zone, Vietnamese order


def _server_store(settings) -> Store:
    """The server's own database as the installer (these commands run on the server PC, from its shell),
    told the fingerprint of the server's certificate (made now if the server never started)."""
    from db.store.enrolment import set_server_fingerprint
    from server.tls import ensure_certificate, fingerprint

    cert, _key = ensure_certificate(settings.serve.resolved_tls_dir())
    store = Store.open(settings.db_url, migrate=False).as_system()
    set_server_fingerprint(store.ctx, fingerprint(cert.read_bytes()))
    return store


def code_message(info, port: int) -> str:
    return tr("Mã tham gia cho {name} ({kind}), dùng một lần, hết hạn lúc {expires}:\n  {code}\nTrên máy trạm: "
              "motcua station join https://<IP-máy-chủ>:{port} {code}\nDấu vân tay chứng chỉ máy chủ: {fp}",
              name=info.name, kind=info.kind, expires=_when(info.expires_at), code=info.code, port=port,
              fp=info.fingerprint)


def code(args, settings) -> int:
    store = _server_store(settings)
    try:
        info = store.setup.create_join_code(args.kind, args.name, hours=args.hours)
    except StoreError as error:
        return fail(str(error))
    finally:
        store.close()
    return emit(args, {"code": info.code, "kind": info.kind, "name": info.name, "expires_at": info.expires_at,
                       "fingerprint": info.fingerprint}, code_message(info, settings.serve.port))


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
    store = _server_store(settings)
    try:
        rows = store.setup.stations_enrolled()
    finally:
        store.close()
    lines = [f"{r.name}\t{r.kind}\t{tr('đã thu hồi') if r.revoked_at else tr('đang hoạt động')}\t"
             f"{_when(r.last_seen_at) if r.last_seen_at else '—'}" for r in rows]
    return emit(args, rows, "\n".join(lines) or tr("Chưa có máy trạm nào tham gia."))


def revoke(args, settings) -> int:
    store = _server_store(settings)
    try:
        count = store.setup.revoke_station(args.name)
    except StoreError as error:
        return fail(str(error))
    finally:
        store.close()
    print(tr("Đã thu hồi {count} máy trạm tên {name}: chúng bị từ chối ngay từ yêu cầu tiếp theo.", count=count,
             name=args.name))
    return 0
