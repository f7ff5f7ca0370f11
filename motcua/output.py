"""Printing command results: readable Vietnamese by default, JSON on request."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import date, datetime
from typing import Any, Callable

from core.i18n import tr


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def emit(args, data: Any, text: str) -> int:
    """Print `text`, or `data` as JSON when the user asked for --json."""
    if getattr(args, "json", False):
        print(json.dumps(_plain(data), ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


def fail(message: str, code: int = 1) -> int:
    print(tr("Lỗi: {message}", message=message), file=sys.stderr)
    return code


def add_json(parser) -> None:
    parser.add_argument("--json", action="store_true", help=tr("in kết quả dạng JSON"))


def closed_pipe_is_quiet(run: Callable[[], int]) -> int:
    """`run()`, but a reader that stops early (`motcua queue | head -3`) ends it quietly, not in a traceback.

    Output is flushed here so a closed pipe is met inside the try, not at exit; stdout is then pointed at
    /dev/null so Python's own flush at exit does not complain again. Exit status 141 as for SIGPIPE."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
