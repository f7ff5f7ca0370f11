"""`motcua doctor`'s checks: what an installer checks on a station, each failure with what to do.

Each check returns a `Check`: ok, warn (works, but look at it) or fail, with a
detail and, when not ok, a `fix` sentence in the user's language. The checks
touch the real things (the database, the printer's port, the serial device, the
disk, the font files, the audio devices); nothing is assumed.
"""

from __future__ import annotations

import os
import shutil
import socket
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.i18n import tr
from core.settings import Settings
from core.version import __version__
from db.engine import is_sqlite, normalize_url
from db.errors import SchemaTooNew
from db.migrate import check_schema, head_revision

OK, WARN, FAIL = "ok", "warn", "fail"
MAX_SKEW_S = 60  # stations warn beyond a minute (issue 17 asks the same of the server's clients)
LOW_DISK_MB, MIN_DISK_MB = 2048, 500


@dataclass
class Check:
    """One line of the doctor's screen."""

    name: str
    status: str
    detail: str
    fix: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def safe_url(url: str) -> str:
    return make_url(normalize_url(url)).render_as_string(hide_password=True)


def check_database(url: str, now: datetime, *, timeout_s: int = 5) -> list[Check]:
    """Reachable, its version, the schema against this motcua's, and the station's clock against the server's."""
    name = tr("Cơ sở dữ liệu")
    url = normalize_url(url)
    if is_sqlite(url):
        path = make_url(url).database or ""
        if not Path(path).is_file():
            return [Check(name, FAIL, tr("Chưa có tệp {path}.", path=path),
                          tr("Chạy `motcua db upgrade` (hoặc `motcua demo`) trên máy này, hoặc sửa db_url trong motcua.toml."))]
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)
    else:
        engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": timeout_s})
    try:
        with engine.connect() as connection:
            if is_sqlite(url):
                server, server_now = "SQLite " + connection.execute(text("SELECT sqlite_version()")).scalar(), None
            else:
                server = "PostgreSQL " + connection.execute(text("SHOW server_version")).scalar().split()[0]
                server_now = connection.execute(text("SELECT now()")).scalar()
        checks = [Check(name, OK, tr("{server} tại {url}", server=server, url=safe_url(url)))]
        checks.append(_schema(engine))
    except SchemaTooNew as error:
        return [Check(name, OK, safe_url(url)), Check(tr("Lược đồ"), FAIL, str(error),
                                                      tr("Cài motcua cùng phiên bản với máy chủ."))]
    except Exception as error:  # any driver error: the operator needs the reason, not a traceback
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [Check(name, FAIL, tr("Không kết nối được {url}: {reason}", url=safe_url(url), reason=reason),
                      tr("Kiểm tra máy chủ đã bật, PostgreSQL đang chạy, địa chỉ db_url trong motcua.toml và "
                         "tường lửa (cổng 5432) giữa hai máy."))]
    finally:
        engine.dispose()
    checks.append(check_clock(now, server_now))
    return checks


def check_office_server(settings: Settings, now: datetime) -> list[Check]:
    """A station of an office server: the server answers this station's credential, and the clocks agree."""
    from db.errors import StoreError
    from db.remote import RemoteStore

    name = tr("Máy chủ văn phòng")
    try:
        store = RemoteStore.open(settings.credential_path(), server=settings.server)
    except StoreError as error:
        return [Check(name, FAIL, str(error), tr("Kiểm tra máy chủ đã bật (motcua-server), mạng và tường lửa (cổng "
                                                 "8443); máy bị thu hồi thì tham gia lại bằng `motcua station join`."))]
    try:
        credential, office, offset = store.client.credential, store.office(), store.client.offset
    finally:
        store.close()
    return [Check(name, OK, tr("{server}: {office}; máy trạm {station} ({kind})", server=credential.server,
                               office=office.name, station=credential.name, kind=credential.kind)),
            check_clock(now, now + offset)]


def _schema(engine) -> Check:
    current = check_schema(engine)
    name = tr("Lược đồ")
    if current is None:
        return Check(name, FAIL, tr("Cơ sở dữ liệu trống."), tr("Chạy `motcua db upgrade` trên máy chủ."))
    if current != head_revision():
        return Check(name, FAIL, tr("Lược đồ {current}, motcua này cần {head}.", current=current, head=head_revision()),
                     tr("Chạy `motcua db upgrade` trên máy chủ (tự sao lưu trước)."))
    return Check(name, OK, tr("motcua {version}, lược đồ {revision}", version=__version__, revision=current))


def check_clock(now: datetime, server_now: datetime | None) -> Check:
    """The station's clock against the database server's: off by more than a minute corrupts waits and days."""
    name = tr("Đồng hồ")
    if server_now is None:
        return Check(name, OK, tr("Cơ sở dữ liệu ở ngay máy này: cùng một đồng hồ."))
    skew = (now - server_now).total_seconds()
    detail = tr("Lệch {seconds} giây so với máy chủ cơ sở dữ liệu.", seconds=f"{round(skew):+d}")
    if abs(skew) > MAX_SKEW_S:
        return Check(name, FAIL, detail, tr("Bật đồng bộ giờ: Linux `sudo timedatectl set-ntp true`; Windows: Cài đặt > "
                                            "Thời gian > Đồng bộ ngay. Cả hai máy phải đúng giờ."))
    return Check(name, OK, detail)


def check_printer(settings: Settings) -> Check:
    from devices.printers import PrinterError, open_printer

    name = tr("Máy in phiếu")
    try:
        printer = open_printer(settings.printer)
        state = printer.status()
    except PrinterError as error:
        return Check(name, FAIL, str(error), tr("Bật máy in, kiểm tra cáp/mạng và [printer] url; rồi chạy "
                                                "`motcua printer test`."))
    detail = f"{printer.url}: {state.describe()}"
    if not state.can_print:
        return Check(name, FAIL, detail, tr("Đóng nắp, thay giấy hoặc bật máy in."))
    return Check(name, WARN if state.paper.value == "near_end" else OK, detail,
                 tr("Chuẩn bị cuộn giấy mới.") if state.paper.value == "near_end" else "")


def check_scanner(settings: Settings) -> Check:
    from devices.scanners import ScannerUnavailable, camera_libraries, serial_port

    name, scanner = tr("Máy quét mã"), settings.scanner
    if scanner.kind in ("wedge", "none"):
        return Check(name, OK, tr("Kiểu {kind}: không cần kiểm tra cổng (quét thử trong ứng dụng quầy).",
                                  kind=scanner.kind))
    try:
        if scanner.kind == "camera":
            camera_libraries()
            return Check(name, OK, tr("Camera {camera}: đã có OpenCV và zbar.", camera=scanner.camera))
        port, baudrate = serial_port(scanner.serial_url, scanner.baudrate)
        import serial

        serial.Serial(port, baudrate, timeout=0.2).close()
    except ScannerUnavailable as error:
        return Check(name, FAIL, str(error), tr("Sửa [scanner] trong motcua.toml."))
    except Exception as error:  # serial.SerialException and OSError: not plugged in, or no permission
        return Check(name, FAIL, tr("Không mở được {port}: {reason}", port=scanner.serial_url, reason=error),
                     tr("Cắm máy quét, xem tên cổng (Linux: ls /dev/ttyACM* /dev/ttyUSB*; Windows: Device Manager > "
                        "Ports) và quyền (Linux: sudo usermod -aG dialout $USER)."))
    return Check(name, OK, tr("Mở được cổng {port} ({baudrate} baud).", port=port, baudrate=baudrate))


def check_voice(settings: Settings) -> Check:
    from devices.audio.voice import VoicePack
    from devices.audio.wavfile import VoicePackError

    name = tr("Bộ giọng đọc")
    try:
        pack = VoicePack.for_settings(settings.voice)
        missing = pack.missing()
    except VoicePackError as error:
        return Check(name, FAIL, str(error), tr("Sửa [voice] pack_dir trong motcua.toml hoặc để trống."))
    if missing:
        return Check(name, FAIL, tr("Thiếu {n} đoạn: {clips}", n=len(missing), clips=", ".join(missing[:8])),
                     tr("Cài lại motcua, hoặc tạo bộ giọng bằng install/make_voice_pack.sh."))
    return Check(name, OK, ", ".join(str(f) for f in pack.folders))


def check_audio_output() -> Check:
    """An audio output device Qt can play the calls on (the wall display needs one)."""
    name = tr("Loa")
    # Qt's media back-end lists every codec library it could not find: noise on an installer's screen
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false;qt.multimedia.*=false")
    try:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtMultimedia import QMediaDevices

        _app = QCoreApplication.instance() or QCoreApplication([])
        outputs = [d.description() for d in QMediaDevices.audioOutputs()]
    except ImportError as error:
        return Check(name, FAIL, str(error), tr("Cài lại motcua (thiếu QtMultimedia)."))
    if not outputs:
        return Check(name, WARN, tr("Không thấy thiết bị phát âm thanh."),
                     tr("Máy màn hình tivi cần loa: cắm loa/HDMI có âm thanh, bật âm lượng. Máy khác có thể bỏ qua."))
    return Check(name, OK, ", ".join(outputs[:3]))


def check_disk(folders: list[Path], *, min_mb: int = MIN_DISK_MB, low_mb: int = LOW_DISK_MB) -> Check:
    """Free space where the database and the backups are written."""
    name = tr("Dung lượng đĩa")
    existing = [_existing_parent(f) for f in folders]
    free_mb = min(shutil.disk_usage(f).free for f in existing) // (1024 * 1024)
    detail = tr("Còn trống {free} MB ({where}).", free=f"{free_mb:,}".replace(",", "."),
                where=", ".join(str(f) for f in dict.fromkeys(existing)))
    if free_mb < min_mb:
        return Check(name, FAIL, detail, tr("Giải phóng ổ đĩa (xóa bản sao lưu cũ, tệp tạm) trước khi làm việc tiếp."))
    if free_mb < low_mb:
        return Check(name, WARN, detail, tr("Sắp đầy: dọn bớt hoặc chuyển thư mục sao lưu sang ổ khác."))
    return Check(name, OK, detail)


def _existing_parent(path: Path) -> Path:
    path = Path(path).expanduser().resolve()
    while not path.exists():
        path = path.parent
    return path


def check_fonts(folder: Path | None = None) -> Check:
    """The bundled Noto Sans that every ticket and window is drawn with."""
    from PIL import ImageFont

    from devices.fonts import FOLDER

    folder = Path(folder or FOLDER)
    name = tr("Phông chữ")
    for file in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        try:
            ImageFont.truetype(str(folder / file), 20)
        except OSError:
            return Check(name, FAIL, tr("Không đọc được {path}.", path=folder / file),
                         tr("Cài lại motcua: thiếu phông chữ tiếng Việt đi kèm."))
    return Check(name, OK, tr("Noto Sans (tiếng Việt) tại {path}", path=folder))


def check_web(url: str, *, timeout_s: float = 5) -> Check:
    """The office's web service (when [web] url, or else public_base_url, is set): answers over HTTP."""
    name = tr("Dịch vụ web")
    if not url:
        return Check(name, OK, tr("Chưa cấu hình (bỏ qua)."))
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return Check(name, OK, tr("{url} trả lời {code}.", url=url, code=response.status))
    except urllib.error.HTTPError as error:
        return Check(name, FAIL, tr("{url} trả lời {code}.", url=url, code=error.code),
                     tr("Xem nhật ký dịch vụ trên máy chủ (journalctl -u motcua-server)."))
    except (urllib.error.URLError, socket.timeout, OSError) as error:
        reason = getattr(error, "reason", error)
        return Check(name, FAIL, tr("Không kết nối được {url}: {reason}", url=url, reason=reason),
                     tr("Kiểm tra dịch vụ đã chạy trên máy chủ, địa chỉ [web] url và tường lửa."))


def run_all(settings: Settings, now: datetime, *, min_disk_mb: int = MIN_DISK_MB) -> list[Check]:
    """Every check, in the order an installer goes through them."""
    from core.settings import data_dir

    folders = [settings.backup.resolved_dir(), data_dir()]
    if is_sqlite(normalize_url(settings.db_url)) and not settings.server:
        folders.insert(0, Path(make_url(normalize_url(settings.db_url)).database or ".").parent)
    return [
        *(check_office_server(settings, now) if settings.server else check_database(settings.db_url, now)),
        check_printer(settings),
        check_scanner(settings),
        check_audio_output(),
        check_voice(settings),
        check_disk(folders, min_mb=min_disk_mb, low_mb=max(min_disk_mb, LOW_DISK_MB)),
        check_fonts(),
        check_web(settings.web.url or settings.web.public_base_url),
    ]
