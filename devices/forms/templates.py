"""Form wording and the regulation it cites, from editable TOML templates.

The bundled defaults live in `defaults/`; an office overrides any key of any form
in its own folder (same file names) or in the store's settings table (a dict per
form), because the forms change with the regulations (last in 07/2025).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Mapping

from core.i18n import tr
from devices.errors import DeviceError

DEFAULTS = Path(__file__).resolve().parent / "defaults"
FORMS = ("receipt", "control", "refusal", "supplement", "apology")


class FormTemplateError(DeviceError):
    """A form template an office wrote cannot be read."""


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FormTemplateError(tr("Không đọc được mẫu biểu {path}: {error}", path=str(path), error=str(error)),
                                str(error)) from error


def load_template(form: str, folder: str | Path | None = None,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The template of `form`: defaults, then the office's folder, then the store's overrides."""
    if form not in FORMS:
        raise FormTemplateError(tr("Không có mẫu biểu {form}.", form=form))
    merged = _read(DEFAULTS / "common.toml") | _read(DEFAULTS / f"{form}.toml")
    if folder:
        for name in ("common", form):
            path = Path(folder) / f"{name}.toml"
            if path.exists():
                merged |= _read(path)
    for name in ("common", form):
        merged |= dict((overrides or {}).get(name, {}))
    return merged
