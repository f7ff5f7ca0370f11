"""The `motcua` command as an installer or a script uses it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from clock_tools import env_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'office.sqlite3'}"
    result = motcua(url, "demo", "--no-launch")
    assert result.returncode == 0 and "Đã tạo văn phòng mẫu" in result.stdout
    return url


def motcua(url: str, *args: str, lang: str | None = None, stdin: str = "",
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    extra = ["--lang", lang] if lang else []
    return subprocess.run([sys.executable, "-m", "motcua", "--db", url, *extra, *args], capture_output=True,
                          text=True, cwd=ROOT, input=stdin,
                          env=env_at(env={"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": "/nonexistent", **(env or {})}))


def test_issue_queue_and_call(demo_db):
    issued = motcua(demo_db, "ticket", "issue", "B", "--json")
    assert issued.returncode == 0 and json.loads(issued.stdout)["code"] == "B001"
    assert "Số B002" in motcua(demo_db, "ticket", "issue", "B").stdout
    queue = motcua(demo_db, "queue", "--json")
    assert {s["prefix"]: s["waiting"] for s in json.loads(queue.stdout)["services"]}["B"] == 2
    called = motcua(demo_db, "call-next", "--counter", "3", "--user", "lan", stdin="lan12345\n")
    assert called.returncode == 0 and called.stdout.strip() == "Mời số B001 đến quầy 3."
    assert "B001 (đã gọi)" in motcua(demo_db, "queue").stdout


def test_english_on_request(demo_db):
    assert motcua(demo_db, "call-next", "--counter", "6", "--user", "lan", lang="en", env={"MOTCUA_AS_PASSWORD": "lan12345"}).stdout.strip() == \
        "Nobody is waiting for counter 6."


def test_help_follows_lang_and_lists_the_managers_app(demo_db):
    english = motcua(demo_db, "admin", "--help", lang="en").stdout
    assert "username filled in" in english and "tên đăng nhập" not in english
    assert "tên đăng nhập điền sẵn" in motcua(demo_db, "admin", "--help").stdout
    assert "Quản lý: danh mục, quầy, người dùng, báo cáo" in motcua(demo_db, "--help").stdout


def test_bad_arguments_are_one_line_and_exit_2(demo_db):
    for args in (["ticket", "issue"], ["call-next", "--counter", "x", "--user", "lan"], ["nonsense"],
                 ["ticket", "issue", "A", "--priority", "vip"]):
        result = motcua(demo_db, *args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("motcua: ")


def test_refusals_are_exit_1_with_a_sentence(demo_db):
    result = motcua(demo_db, "ticket", "issue", "Z")
    assert result.returncode == 1 and result.stderr.strip() == "Lỗi: Không có lĩnh vực Z."
    result = motcua(demo_db, "call-next", "--counter", "1", "--user", "nobody", stdin="doan-bua\n")
    assert result.returncode == 1 and "không đúng" in result.stderr


def test_acting_as_a_user_asks_that_users_password(demo_db):
    """`--user NAME` once acted as NAME with no password: anyone at a station's shell could call as any clerk
    or export the office's reports as its manager. Now the password is asked (stdin, MOTCUA_AS_PASSWORD)."""
    before = json.loads(motcua(demo_db, "queue", "--json").stdout)
    assert motcua(demo_db, "ticket", "issue", "A").returncode == 0
    waiting = json.loads(motcua(demo_db, "queue", "--json").stdout)
    for attempt in ({"stdin": ""}, {"stdin": "sai-mat-khau\n"}, {"env": {"MOTCUA_AS_PASSWORD": "lan"}}):
        refused = motcua(demo_db, "call-next", "--counter", "2", "--user", "lan", **attempt)
        assert refused.returncode == 1 and "không đúng" in refused.stderr, attempt
    assert json.loads(motcua(demo_db, "queue", "--json").stdout) == waiting != before  # nobody was called
    report = ["report", "monthly", "--month", "2026-11", "--user", "quanly"]
    assert motcua(demo_db, *report, stdin="doan-bua\n").returncode == 1
    assert motcua(demo_db, *report, stdin="quanly123\n").returncode == 0
    called = motcua(demo_db, "call-next", "--counter", "2", "--user", "lan", env={"MOTCUA_AS_PASSWORD": "lan12345"})
    assert called.returncode == 0 and called.stdout.startswith("Mời số A"), called.stderr


def test_user_add_and_backup(demo_db, tmp_path):
    added = motcua(demo_db, "user", "add", "an", "--name", "Trần An", "--password", "matkhau1", "--as", "quanly",
                   env={"MOTCUA_AS_PASSWORD": "quanly123"})
    assert added.returncode == 0 and "an" in added.stdout
    assert motcua(demo_db, "user", "add", "an", "--name", "X", "--password", "matkhau1", "--as", "quanly",
                  stdin="quanly123\n").returncode == 1  # already there
    target = tmp_path / "backup.sqlite3"
    assert motcua(demo_db, "backup", str(target)).returncode == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM users WHERE username = 'an'").fetchone()[0] == 1


def test_db_upgrade_is_idempotent(demo_db):
    from db.migrate import head_revision

    assert head_revision() in motcua(demo_db, "db", "upgrade").stdout


def test_monthly_report_ii06a_to_screen_json_xlsx_and_pdf(demo_db, tmp_path):
    """The demo has a month of past dossiers: the form adds up, and both files are written."""
    xlsx, pdf = tmp_path / "ii06a.xlsx", tmp_path / "ii06a.pdf"
    result = motcua(demo_db, "report", "monthly", "--from", "2020-01-01", "--to", "2030-12-31", "--json",
                    "--xlsx", str(xlsx), "--pdf", str(pdf), stdin="quanly123\n")
    assert result.returncode == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    resolved = total["resolved_early"] + total["resolved_on_time"] + total["resolved_late"]
    received = total["carried_over"] + total["new_online"] + total["new_direct"]
    assert received > 0 and received == resolved + total["open_on_time"] + total["open_late"]
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
    text = motcua(demo_db, "report", "monthly", "--month", "2026-11", stdin="quanly123\n").stdout
    assert "Tổng số" in text.splitlines()[0] and "Toàn cơ quan" in text
    bad = motcua(demo_db, "report", "monthly")
    assert bad.returncode == 2 and "--month" in bad.stderr


def _users(url: str) -> list[tuple[str, str]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return db.execute("SELECT username, role FROM users ORDER BY username").fetchall()


def test_nobody_at_the_shell_gets_admin_rights_without_an_admin_sign_in(demo_db):
    """The CLI once ran `user add` as the installer: anyone at a station's shell could make themselves admin."""
    before = _users(demo_db)
    new_admin = ["user", "add", "ke_gian", "--name", "Kẻ gian", "--role", "admin", "--password", "matkhau1"]
    refused = {
        "no sign-in": motcua(demo_db, *new_admin),
        "wrong password": motcua(demo_db, *new_admin, "--as", "admin", stdin="doan-bua\n"),
        "a clerk": motcua(demo_db, *new_admin, "--as", "lan", env={"MOTCUA_AS_PASSWORD": "lan12345"}),
        "a manager": motcua(demo_db, *new_admin, "--as", "quanly", env={"MOTCUA_AS_PASSWORD": "quanly123"}),
    }
    assert {why: r.returncode for why, r in refused.items()} == dict.fromkeys(refused, 1)
    assert "--as" in refused["no sign-in"].stderr
    assert "không đúng" in refused["wrong password"].stderr
    assert "Chỉ quản trị viên" in refused["a manager"].stderr
    assert _users(demo_db) == before
    added = motcua(demo_db, *new_admin, "--as", "admin", stdin="admin123\n")
    assert added.returncode == 0, added.stderr
    assert ("ke_gian", "admin") not in before and ("ke_gian", "admin") in _users(demo_db)


def test_an_office_with_no_user_gets_its_first_admin_from_the_installer(tmp_path):
    url = f"sqlite:///{tmp_path / 'moi.sqlite3'}"
    assert motcua(url, "db", "upgrade").returncode == 0
    first = motcua(url, "user", "add", "admin", "--name", "Quản trị", "--role", "admin", "--password", "matkhau1")
    assert first.returncode == 0, first.stderr
    second = motcua(url, "user", "add", "admin2", "--name", "Ai đó", "--role", "admin", "--password", "matkhau1")
    assert second.returncode == 1 and _users(url) == [("admin", "admin")]
