"""Start the office server: its certificate, the store, the event hub, uvicorn over TLS."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from core.i18n import tr
from core.settings import Settings
from db import Store
from server.app import EventHub, create_app
from server.web.run import web_server
from server.tls import ensure_certificate, fingerprint_text

log = logging.getLogger(__name__)


def run_server(settings: Settings, *, host: str, port: int) -> int:
    cert, key = ensure_certificate(settings.serve.resolved_tls_dir())
    pem = cert.read_text("ascii")
    store = Store.open(settings.db_url)
    store.office()
    hub = EventHub(store)
    hub.start()
    app = create_app(store, certificate_pem=pem, hub=hub)
    print(tr("Máy chủ motcua: https://{host}:{port} — dấu vân tay chứng chỉ {fp}", host=host, port=port,
             fp=fingerprint_text(pem)), flush=True)
    api = uvicorn.Server(uvicorn.Config(app, host=host, port=port, ssl_certfile=str(cert), ssl_keyfile=str(key),
                                        log_level="warning", timeout_graceful_shutdown=2))
    servers = [api]
    if settings.web.port:  # the phone pages, plain HTTP on their own port (docs/ARCHITECTURE.md)
        servers.append(web_server(settings, store, hub, host=settings.web.host, port=settings.web.port))
        print(tr("Trang cho điện thoại: http://{host}:{port}/", host=settings.web.host, port=settings.web.port),
              flush=True)

    async def serve_all() -> None:
        await asyncio.gather(*(server.serve() for server in servers))

    try:
        asyncio.run(serve_all())
    finally:
        hub.stop()
        store.close()
    return 0
