"""Typed settings, loaded once by the `motcua` command and passed in.

A TOML file in the platform config dir (``motcua.toml``); the environment
variable ``MOTCUA_DB_URL`` overrides the database, ``MOTCUA_CONFIG`` the file.
Office-wide content (catalog, counters, ticker…) lives in the store; these are
the per-station choices: which database, which printer, which scanner.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal, Mapping

import platformdirs
import tomli_w
from pydantic import BaseModel, Field, ValidationError, field_validator

from core.i18n import tr

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
    # the office's printer folder (printer_folder): the only place outside /dev a file:// printer may write;
    # a station takes the one its admin set in the store over this local one
    folder: str = ""

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
    # what citizens' phones open, printed in each ticket's QR as {public_base_url}/t/{token}
    # (e.g. https://motcua.phuong-x.gov.vn); empty: the QR holds the office, the day and the number
    public_base_url: str = ""
    # the phone pages (`motcua web`, and `motcua server` beside its HTTPS API): plain HTTP on the office
    # Wi-Fi; beyond the LAN, a reverse proxy adds HTTPS (README). port 0: `motcua server` serves no pages
    host: str = "0.0.0.0"
    port: int = Field(default=8080, ge=0, le=65535)
    # addresses of reverse proxies whose X-Forwarded-For names the client (for the per-address limits)
    trusted_proxies: str = "127.0.0.1"

    @field_validator("public_base_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", value):
            raise ValueError("public_base_url must be an http:// or https:// address")
        return value.rstrip("/")


class ServeSettings(BaseModel):
    """`motcua server` on the office's server PC: where it listens, where its TLS key and certificate live."""

    host: str = "0.0.0.0"
    port: int = Field(default=8443, ge=1, le=65535)
    tls_dir: str = ""  # empty: <data dir>/tls

    def resolved_tls_dir(self) -> Path:
        return Path(self.tls_dir) if self.tls_dir else data_dir() / "tls"


def default_credential() -> str:
    return str(data_dir() / "station.json")


class Settings(BaseModel):
    db_url: str = Field(default_factory=default_db_url)
    # a station enrolled with an office server (`motcua station join`): the server's address and the
    # credential file (0600); set, the station never opens a database itself
    server: str = ""
    credential: str = ""
    language: Literal["vi", "en"] = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    scanner: ScannerSettings = Field(default_factory=ScannerSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    station: StationSettings = Field(default_factory=StationSettings)
    backup: BackupSettings = Field(default_factory=BackupSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)
    paper_dir: str = ""  # where the counter writes its forms (giấy hẹn, phiếu…); empty: Documents/motcua

    def credential_path(self) -> Path:
        return Path(self.credential or default_credential())

    def resolved_paper_dir(self) -> Path:
        """The folder the counter's PDFs go to: `paper_dir`, else the user's Documents/motcua (the clerk
        finds it in the file manager; the counter's status bar says it and opens it)."""
        return Path(self.paper_dir).expanduser() if self.paper_dir else (
            Path(platformdirs.user_documents_dir()) / APP)


class SettingsError(ValueError):
    """A settings file the station cannot use; `str()` names the file and says what to fix."""


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the TOML file (if any), then the environment; raises SettingsError."""
    env = os.environ if env is None else env
    path = path or Path(env.get("MOTCUA_CONFIG") or config_path())
    data: dict = {}
    if path.exists():
        data = _read_toml(path)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "?"
        raise SettingsError(tr("Tệp cấu hình {path}: mục {field} có giá trị không hợp lệ ({value}). Hãy sửa mục "
                               "này hoặc xóa nó để dùng mặc định.", path=path, field=field,
                               value=repr(problem.get("input"))[:60])) from None
    if env.get("MOTCUA_DB_URL"):
        settings.db_url = env["MOTCUA_DB_URL"]
    return settings


def _read_toml(path: Path) -> dict:
    """The file's TOML table; SettingsError for a folder, an unreadable, non-UTF-8 or malformed file."""
    if path.is_dir():
        raise SettingsError(tr("{path} là một thư mục, không phải tệp cấu hình. Hãy chỉ đến tệp motcua.toml.",
                               path=path))
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(tr("Tệp cấu hình {path} không phải văn bản UTF-8 (có thể đã lưu dạng UTF-16). Hãy lưu "
                               "lại với mã hóa UTF-8.", path=path)) from None
    except OSError as error:
        raise SettingsError(tr("Không đọc được tệp cấu hình {path}: {error}", path=path,
                               error=error.strerror or error)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = where.groups() if where else ("?", "?")
        raise SettingsError(tr("Tệp cấu hình {path} sai cú pháp TOML ở dòng {line}, cột {column}. Hãy sửa dòng này "
                               "(ví dụ: db_url = \"sqlite:///...\").", path=path, line=line, column=column)) from None


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write `settings` to the TOML file, creating its folder; readable by its owner only (it may hold the
    database's password)."""
    path = path or config_path()
    write_private(path, tomli_w.dumps(settings.model_dump(exclude_none=True)))
    return path


def write_private(path: Path, content: str) -> None:
    """Write a file that holds secrets (settings, credentials): mode 0600 from its first byte, replaced whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    handle = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(content)
    os.chmod(partial, 0o600)  # an existing .part keeps its old mode otherwise
    os.replace(partial, path)
