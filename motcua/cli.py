"""The `motcua` command: wires settings, store, devices and apps.

Each sub-command lives in a `motcua/cmd_*.py` module with
``register(subparsers)``; its parser sets ``func=run`` where
``run(args, settings) -> int``. Bad arguments: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys

from sqlalchemy import exc

import motcua
from core.i18n import N_, set_language, tr
from core.settings import SettingsError, load_settings
from db.errors import StoreError, StoreUnavailable
from db.failures import sqlite_path, store_error
from motcua.output import closed_pipe_is_quiet, fail


_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (?P<x>.*)$"), N_("thiếu tham số bắt buộc: {x}")),
    (re.compile(r"^unrecognized arguments: (?P<x>.*)$"), N_("tham số không nhận ra: {x}")),
    (re.compile(r"^argument (?P<x>[^:]+): invalid choice: (?P<y>'[^']*') \(choose from (?P<z>.*)\)$"),
     N_("tham số {x}: lựa chọn không hợp lệ {y}; chọn một trong: {z}")),
    (re.compile(r"^argument (?P<x>[^:]+): invalid choice: (?P<y>.*)$"), N_("tham số {x}: lựa chọn không hợp lệ {y}")),
    (re.compile(r"^argument (?P<x>[^:]+): invalid (?P<y>\w+) value: (?P<z>.*)$"),
     N_("tham số {x}: giá trị không hợp lệ {z}")),
    (re.compile(r"^argument (?P<x>[^:]+): expected one argument$"), N_("tham số {x} cần một giá trị")),
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line in the user's language, exit 2
        for pattern, text in _ARGPARSE_MESSAGES:
            match = pattern.match(message)
            if match:
                message = tr(text, **match.groupdict())
                break
        self.exit(2, f"motcua: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="motcua", description=tr("Phần mềm bộ phận một cửa: lấy số, gọi số, tiếp nhận hồ sơ."))
    parser.add_argument("--db", dest="db_url", help=tr("địa chỉ cơ sở dữ liệu (ghi đè cấu hình)"))
    parser.add_argument("--lang", choices=["vi", "en"], help=tr("ngôn ngữ"))
    parser.add_argument("--version", action="version", version=version_text(),
                        help=tr("in phiên bản motcua và lược đồ cơ sở dữ liệu nó biết, rồi thoát"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(motcua.__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"motcua.{info.name}").register(sub)
    return parser


def version_text() -> str:
    """`motcua 0.1.0 (lược đồ CSDL 0001_initial_schema)`: what an installer compares between PCs."""
    from db.migrate import head_revision

    return tr("motcua {version} (lược đồ cơ sở dữ liệu {schema})", version=motcua.__version__,
              schema=head_revision())


def _language_asked(argv: list[str]) -> str | None:
    """The value of `--lang X` / `--lang=X` in `argv`, if it is a language we speak."""
    for word, following in zip(argv, [*argv[1:], None]):
        value = word.split("=", 1)[1] if word.startswith("--lang=") else following if word == "--lang" else None
        if value in ("vi", "en"):
            return value
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    early = _language_asked(argv)  # before the parser is built, so its help texts are in that language too
    try:
        settings = load_settings()
    except SettingsError as error:
        set_language(early or "vi")
        return fail(str(error))
    set_language(settings.language)
    if early:
        set_language(early)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
        settings.language = args.lang
    if args.db_url:
        settings.db_url = args.db_url
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return closed_pipe_is_quiet(lambda: int(args.func(args, settings) or 0))
    except StoreError as error:  # a missing, damaged, full, newer or unreachable database: one line, no traceback
        return fail(str(error))
    except exc.DBAPIError as error:  # from a command that works on the engine itself (`db upgrade`)
        return fail(str(store_error(error, sqlite_path(settings.db_url)) or StoreUnavailable()))
    except exc.ArgumentError:
        return fail(tr("Địa chỉ cơ sở dữ liệu không hợp lệ: {url}", url=settings.db_url))
    except OSError as error:  # a folder or file the command needed (the database's folder, an output file)
        return fail(tr("Không đọc/ghi được tệp {path}: {error}", path=error.filename or "",
                       error=error.strerror or error))
    except KeyboardInterrupt:
        return 130
