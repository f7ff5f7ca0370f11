"""`motcua web`: the phone pages alone (a single-PC office), plain HTTP; and the uvicorn server of the pages
that `motcua server` runs beside its HTTPS API."""

from __future__ import annotations

import uvicorn

from core.i18n import tr
from core.settings import Settings
from db import Store
from server.web.pages import create_web_app


def web_server(settings: Settings, store: Store, hub, *, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server of the phone pages over `store` and `hub` (no access log: a ticket's link is its key)."""
    app = create_web_app(store, hub, public_base_url=settings.web.public_base_url)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=True,
                            forwarded_allow_ips=settings.web.trusted_proxies, timeout_graceful_shutdown=2)
    return uvicorn.Server(config)


def run_web(settings: Settings, *, host: str, port: int) -> int:
    """The phone pages in the foreground until stopped, following the store's events for live updates."""
    from server.app import EventHub

    store = Store.open(settings.db_url)
    store.office()
    hub = EventHub(store)
    hub.start()
    print(tr("Trang cho điện thoại: http://{host}:{port}/", host=host, port=port), flush=True)
    try:
        web_server(settings, store, hub, host=host, port=port).run()
    finally:
        hub.stop()
        store.close()
    return 0
