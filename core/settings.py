"""Typed settings, loaded once by the `motcua` command and passed in.

A TOML file in the platform config dir (``motcua.toml``); the environment
variable ``MOTCUA_DB_URL`` overrides the database, ``MOTCUA_CONFIG`` the file.
Office-wide content (catalog, counters, ticker…) lives in the store; these are
the per-station choices: which database, which printer, which scanner.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal, Mapping

import platformdirs
import tomli_w
from pydantic import BaseModel, Field

APP = "motcua"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "motcua.toml"


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'motcua.sqlite3'}"


class PrinterSettings(BaseModel):
    """Thermal printer: a URL (usb://, serial://, tcp://, file://, win32://, preview://)."""

    url: str = ""  # empty: preview://<data dir>/tickets
    paper_width_mm: Literal[58, 80] = 80
    profile: str = "default"
    text_mode: bool = False  # print Vietnamese with the profile's code page instead of raster
    footer: str = ""
    timeout_s: float = 5.0

    def resolved_url(self) -> str:
        return self.url or f"preview://{data_dir() / 'tickets'}"


class ScannerSettings(BaseModel):
    kind: Literal["wedge", "serial", "camera", "none"] = "wedge"
    serial_url: str = ""  # e.g. /dev/ttyACM0 or serial:///dev/ttyACM0?baudrate=9600
    baudrate: int = 9600
    camera: str = "0"  # device index or a file/URL for OpenCV
    wedge_max_gap_ms: int = 35  # keys closer than this belong to a scan
    wedge_min_length: int = 4


class VoiceSettings(BaseModel):
    pack_dir: str = ""  # an office's own clips; empty = the bundled pack
    enabled: bool = True
    volume: float = 1.0


class StationSettings(BaseModel):
    counter_number: int | None = None
    username: str = ""
    fullscreen: bool = False
    display_layout: Literal["board", "compact"] = "board"
    video_dir: str = ""


class BackupSettings(BaseModel):
    """Where `motcua backup` (and the server's backup timer) keeps its copies, and how many."""

    dir: str = ""  # empty: <data dir>/backups
    keep: int = Field(default=14, ge=1)

    def resolved_dir(self) -> Path:
        return Path(self.dir) if self.dir else data_dir() / "backups"


class WebSettings(BaseModel):
    """The office's web service (office server, phone pages), if this office runs one."""

    url: str = ""  # e.g. https://192.168.1.10:8443/ ; empty: none, `motcua doctor` skips it


class Settings(BaseModel):
    db_url: str = Field(default_factory=default_db_url)
    language: Literal["vi", "en"] = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    scanner: ScannerSettings = Field(default_factory=ScannerSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    station: StationSettings = Field(default_factory=StationSettings)
    backup: BackupSettings = Field(default_factory=BackupSettings)
    web: WebSettings = Field(default_factory=WebSettings)


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the TOML file (if any), then the environment."""
    env = os.environ if env is None else env
    path = path or Path(env.get("MOTCUA_CONFIG") or config_path())
    data: dict = {}
    if path.exists():
        data = tomllib.loads(path.read_text("utf-8"))
    settings = Settings.model_validate(data)
    if env.get("MOTCUA_DB_URL"):
        settings.db_url = env["MOTCUA_DB_URL"]
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write `settings` to the TOML file, creating its folder."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(settings.model_dump(exclude_none=True)), "utf-8")
    return path
