"""A station's device settings kept in the store (máy in, máy quét của từng máy trạm).

The manager sets each station's printer and scanner in the admin app; the
store keeps them under the setting `station:<name>`. At start a kiosk,
counter or display reads them and lays them over its local `motcua.toml`:
a field the manager set wins, a field not set keeps the local value.
A station's name is `--station NAME`, else the PC's host name.
"""

from __future__ import annotations

import logging
import re
import socket
from typing import Any

from pydantic import BaseModel, ValidationError

from core.i18n import N_, tr
from core.printer_url import PrinterUrlError, parse_printer_url
from core.settings import PrinterSettings, ScannerSettings, Settings

log = logging.getLogger(__name__)
NAME = re.compile(r"[\w.\- ]{1,60}")
PRINTER_FOLDER_KEY = "printer_folder"  # the office's store setting; only an admin sets it
PRINTER_FIELDS = ("url", "paper_width_mm", "profile", "text_mode", "footer", "timeout_s")
SCANNER_FIELDS = ("kind", "serial_url", "baudrate", "camera")

_FIELD_PROBLEMS = {
    "paper_width_mm": N_("Khổ giấy máy in phải là 58 hoặc 80 mm."),
    "kind": N_("Loại máy quét phải là wedge (bàn phím), serial (cổng COM), camera hoặc none (không có)."),
    "timeout_s": N_("Thời gian chờ máy in phải là một số giây."),
    "baudrate": N_("Tốc độ cổng COM (baudrate) phải là một số."),
}


class StationSettingsError(ValueError):
    """Device settings the station could not use; `str()` is a sentence for the manager."""


def station_name(given: str | None = None) -> str:
    """The name this PC goes by in the store: `--station NAME`, else its host name."""
    return (given or "").strip() or socket.gethostname()


def check_station_name(name: str) -> str:
    """`name` stripped; raises StationSettingsError when it cannot name a station."""
    name = (name or "").strip()
    if not NAME.fullmatch(name):
        raise StationSettingsError(tr("Tên máy trạm gồm 1–60 chữ, số, dấu cách, chấm hoặc gạch."))
    return name


def printer_url_problem(url: str, folder: str = "") -> str | None:
    """Why a printer URL cannot be opened (its shape, or a file:// outside the device files and the office's
    printer `folder`), or None when it looks right."""
    if not url:
        return None  # the default: preview images in the data folder
    try:
        parse_printer_url(url, folder)
    except PrinterUrlError as error:
        return str(error)
    return None


def check_station_settings(printer: dict[str, Any], scanner: dict[str, Any],
                           folder: str = "") -> tuple[dict, dict]:
    """The printer and scanner fields as they will be stored (`folder`: the office's printer folder); raises
    StationSettingsError."""
    printer_out = _checked(PrinterSettings, PRINTER_FIELDS, printer or {})
    scanner_out = _checked(ScannerSettings, SCANNER_FIELDS, scanner or {})
    problem = printer_url_problem(printer_out.get("url", ""), folder)
    if problem:
        raise StationSettingsError(problem)
    return printer_out, scanner_out


def apply_station(settings: Settings, stored: dict[str, Any], folder: str = "") -> Settings:
    """A copy of `settings` with the station's stored printer and scanner fields over the local ones (and the
    office's printer `folder`, when it names one, over the local folder)."""
    printer = {**settings.printer.model_dump(), **(stored or {}).get("printer", {}), **({"folder": folder}
                                                                                       if folder else {})}
    scanner = {**settings.scanner.model_dump(), **(stored or {}).get("scanner", {})}
    return settings.model_copy(update={
        "printer": PrinterSettings.model_validate(printer), "scanner": ScannerSettings.model_validate(scanner),
    })


def with_station_settings(settings: Settings, store: Any, name: str) -> Settings:
    """`settings` with station `name`'s stored devices over them; the local ones when the store cannot say.

    A station started while the database is down, or given settings it cannot read,
    still starts on its own file: its window then shows the store's state by itself.
    """
    try:
        return apply_station(settings, store.content.station_settings(name), store.setup.setting(PRINTER_FOLDER_KEY) or "")
    except Exception as error:  # noqa: BLE001 - any failure here must not stop the station
        log.warning("station settings for %s not applied: %s", name, error)
        return settings


def _checked(model: type[BaseModel], allowed: tuple[str, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Only the fields given, each validated by `model`."""
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise StationSettingsError(tr("Không có thiết lập {names}.", names=", ".join(unknown)))
    try:
        valid = model.model_validate(given)
    except ValidationError as error:
        field = str(error.errors()[0]["loc"][0])
        message = _FIELD_PROBLEMS.get(field)
        raise StationSettingsError(tr(message) if message else tr("Giá trị của {field} không hợp lệ.", field=field)) \
            from None
    return {name: getattr(valid, name) for name in given}
