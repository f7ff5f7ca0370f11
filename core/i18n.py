"""The translation layer: every user-visible string goes through `tr`.

Source strings are Vietnamese, the office's language, so the primary UI never
depends on a catalog. English lives in per-package catalogs
`<package>/locale/en.json` (or `<package>/<sub>/locale/en.json`) ({"Vietnamese source": "English"}), merged on first
use. `N_` marks a string for translation where it is defined (module
constants) and `tr` translates it where it is shown.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path

SUPPORTED = ("vi", "en")
PACKAGES = ("core", "db", "devices", "ui", "kiosk", "counter", "display", "admin", "motcua", "server")

_language = "vi"
# one request's own language (the phone pages' English switch), over the process's for that context only
_request_language: ContextVar[str | None] = ContextVar("motcua_request_language", default=None)


def set_language(language: str) -> None:
    """Switch every later `tr` call to `language` ("vi" or "en")."""
    global _language
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED}")
    _language = language


def language() -> str:
    return _request_language.get() or _language


@contextmanager
def speaking(language: str):
    """`tr` in `language` ("vi" or "en") inside the block, for this thread or task only (a web request)."""
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED}")
    token = _request_language.set(language)
    try:
        yield
    finally:
        _request_language.reset(token)


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """All packages' catalogs for `language`, merged."""
    merged: dict[str, str] = {}
    if language == "vi":
        return merged
    for package in PACKAGES:
        try:
            root = Path(str(resources.files(package)))
        except ModuleNotFoundError:
            continue
        # each package, and each sub-package, may keep its own catalog
        for path in sorted(root.rglob(f"locale/{language}.json")):
            merged.update(json.loads(path.read_text("utf-8")))
    return merged


def tr(message: str, /, **values: object) -> str:
    """`message` in the current language, with `{name}` fields filled from `values`."""
    current = _request_language.get() or _language
    text = catalog(current).get(message, message) if current != "vi" else message
    return text.format(**values) if values else text


def N_(message: str, /) -> str:
    """Mark `message` for translation without translating it yet."""
    return message


def decimal(value: float, places: int | None = None) -> str:
    """A number as the reader writes it: "0,5" and "1,2" in Vietnamese, "0.5" in English; `places` fixes
    the digits after the comma (`None`: as few as needed, "2" not "2.0")."""
    text = f"{value:g}" if places is None else f"{value:.{places}f}"
    return text.replace(".", ",") if language() == "vi" else text
