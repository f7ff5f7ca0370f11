"""Terminal screenshots for docs/INSTALL.md: the real commands, run here, their output drawn as PNG.

    MOTCUA_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python tools/screenshots_install.py [--smoke-log FILE]

Works in /tmp/motcua-guide (paths in the pictures are real). The server part uses a fresh
role and database `motcua_guide` on the PostgreSQL of MOTCUA_TEST_PG_URL and drops them at
the end; units are written to a folder, never installed. `--smoke-log` adds the last lines
of an `install/bundle_smoke.sh` run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WORK = Path("/tmp/motcua-guide")
NAME = "motcua_guide"
SYMBOLS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _runs(line: str) -> list[tuple[str, bool]]:
    """The line cut where it changes between ordinary text and the symbols ✓ ✗ →."""
    runs: list[tuple[str, bool]] = []
    for ch in line:
        symbol = ch in "✓✗→"
        if runs and runs[-1][1] == symbol:
            runs[-1] = (runs[-1][0] + ch, symbol)
        else:
            runs.append((ch, symbol))
    return runs


def render(lines: list[str], target: Path, width: int = 112) -> None:
    """Draw terminal lines (wrapped at `width`) as a dark terminal window."""
    # the bundled Noto Sans: the system's monospace font lacks precomposed Vietnamese letters (ồ, ữ…)
    font = ImageFont.truetype(str(ROOT / "devices" / "fonts" / "NotoSans-Regular.ttf"), 15)
    wrapped = [part for line in lines for part in (textwrap.wrap(line, width, subsequent_indent="    ") or [""])]
    symbol_font = ImageFont.truetype(str(SYMBOLS), 15) if SYMBOLS.exists() else font
    widest = max(font.getlength(line) for line in wrapped)
    image = Image.new("RGB", (int(widest) + 40, 21 * len(wrapped) + 40), "#1e2430")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(wrapped):
        colour = "#8be28b" if line.startswith("$ ") else "#ff8c8c" if line.lstrip().startswith(("✗", "Lỗi")) \
            else "#ffd27f" if line.lstrip().startswith(("!", "→")) else "#e8ecf2"
        x = 20
        for run_text, symbols in _runs(line):  # ✓ ✗ → are not in Noto Sans: DejaVu Sans draws them
            face = symbol_font if symbols else font
            draw.text((x, 20 + 21 * i), run_text, font=face, fill=colour)
            x += face.getlength(run_text)
    image.save(target)
    print("wrote", target)


def run(shown: str, argv: list[str], env: dict | None = None) -> list[str]:
    """Run a motcua command; returns the prompt line and what it printed (stdout and stderr)."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_LOGGING_RULES="qt.multimedia*=false", **(env or {}))
    full_env.pop("MOTCUA_DB_URL", None)
    done = subprocess.run([sys.executable, "-m", "motcua", *argv], capture_output=True, text=True, env=full_env)
    noise = ("qt.multimedia", "PulseAudioService")
    err = [line for line in done.stderr.splitlines() if not line.startswith(noise)]
    return [f"$ {shown}", *done.stdout.splitlines(), *err, ""]


def pg_admin(url: str, *statements: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        for statement in statements:
            c.execute(text(statement))
    engine.dispose()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke-log", type=Path)
    args = parser.parse_args()
    admin = os.environ.get("MOTCUA_TEST_PG_URL")
    if not admin:
        sys.exit("set MOTCUA_TEST_PG_URL (a PostgreSQL superuser URL) to draw the server's screens")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    drop = (f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{NAME}"')
    pg_admin(admin, *drop)
    setup = (f"server setup --admin-url {admin} --role {NAME} --database {NAME} --config-dir {WORK}/etc "
             f"--data-dir {WORK}/var --units-dir {WORK}/units")
    port = closed_port()  # a free port for the office server (this machine is shared)
    (WORK / "etc").mkdir()
    (WORK / "etc" / "motcua.toml").write_text(f"[serve]\nport = {port}\n", "utf-8")
    office = None
    try:
        render(run(f"sudo motcua {setup} --dry-run", [*setup.split(), "--dry-run"]),
               OUT / "install-server-dry-run.png")
        done = run(f"sudo motcua {setup}", setup.split())
        render(done, OUT / "install-server-setup.png")
        first = next(line.strip() for i, line in enumerate(done) if i > 0 and done[i - 2].startswith("Mã tham gia đầu"))
        server = {"MOTCUA_CONFIG": str(WORK / "etc" / "motcua.toml")}
        run("motcua demo --no-launch", ["demo", "--no-launch"], server)
        office = subprocess.Popen([sys.executable, "-m", "motcua", "server", "--host", "127.0.0.1"],
                                  env=dict(os.environ, PYTHONPATH=str(ROOT), **server), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        address = f"https://127.0.0.1:{port}"
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)

        def station(name: str) -> dict:
            folder = WORK / name
            folder.mkdir(parents=True)
            return {"MOTCUA_CONFIG": str(folder / "motcua.toml"), "XDG_DATA_HOME": str(folder / "data"),
                    "HOME": str(folder)}

        manager, kiosk, counter = station("quanly"), station("kiosk"), station("quay1")
        lines = run("motcua --version", ["--version"])
        lines += run(f"motcua station join {address} {first}        # máy quản lý", ["station", "join", address, first],
                     manager)
        for env, kind, name in ((kiosk, "kiosk", "Kiosk sảnh"), (counter, "counter", "Quầy 1")):
            made = subprocess.run([sys.executable, "-m", "motcua", "station", "code", "--kind", kind, "--name", name,
                                   "--json"], capture_output=True, text=True,
                                  env=dict(os.environ, PYTHONPATH=str(ROOT), **server))
            code = json.loads(made.stdout)["code"]  # as the manager's Máy trạm page makes it
            lines += run(f"motcua station join {address} {code}        # {name}", ["station", "join", address, code],
                         env)
        lines += run("motcua ticket issue A        # máy lấy số", ["ticket", "issue", "A"], kiosk)
        lines += run("motcua call-next --counter 1 --user lan        # quầy 1 (mật khẩu của lan)",
                     ["call-next", "--counter", "1", "--user", "lan"], {**counter, "MOTCUA_AS_PASSWORD": "lan12345"})
        render(lines, OUT / "install-first-ticket.png")

        render(run("motcua doctor        # máy lấy số", ["doctor"], kiosk), OUT / "install-doctor.png")
        broken = WORK / "broken" / "motcua.toml"
        broken.parent.mkdir()
        broken.write_text(f'db_url = "postgresql://motcua:x@127.0.0.1:{closed_port()}/motcua"\n'
                          f'[printer]\nurl = "tcp://127.0.0.1:{closed_port()}"\ntimeout_s = 1\n', "utf-8")
        render(run("motcua doctor        # máy chủ tắt, máy in chưa bật", ["doctor"], {"MOTCUA_CONFIG": str(broken)}),
               OUT / "install-doctor-failing.png")

        lines = run("motcua backup        # như bộ hẹn giờ chạy", ["backup"], server)
        lines += [f"$ ls {WORK}/var/backups", *sorted(p.name for p in (WORK / "var" / "backups").iterdir()), ""]
        pg_admin(admin, 'DROP DATABASE IF EXISTS "motcua_guide_restored" WITH (FORCE)',
                 'CREATE DATABASE "motcua_guide_restored"')
        dump = next((WORK / "var" / "backups").glob("*.dump"))
        restored = admin.rsplit("/", 1)[0] + "/motcua_guide_restored"
        lines += run(f"motcua --db {restored} restore {dump}", ["--db", restored, "restore", str(dump)])
        lines += run("motcua db upgrade", ["db", "upgrade"], server)
        render(lines, OUT / "install-backup-restore.png")
    finally:
        if office is not None:
            office.terminate()
            office.wait(20)
        pg_admin(admin, *drop, 'DROP DATABASE IF EXISTS "motcua_guide_restored" WITH (FORCE)')

    if args.smoke_log:
        tail = args.smoke_log.read_text("utf-8").splitlines()
        keep = [line for line in tail if line.startswith(("==", "motcua ", "printer received", "kiosk:", "counter:",
                                                          "display:", "admin:", "bundle smoke", "ok  ", "warn",
                                                          "ticket issued through"))]
        render(["$ bash install/bundle_smoke.sh dist/motcua", *keep], OUT / "install-bundle-smoke.png")


if __name__ == "__main__":
    main()
