"""Backups and restore on both databases: whole, checked, rotated, and refused when unsafe."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from backup_tools import empty_target
from db import Store
from db.backup import BackupError, Manifest, backup_into_folder, backup_to, client_program, rotate
from db.restore import restore

KET_HON = "1.000894.000.00.00.H10"


@pytest.fixture
def target(request, tmp_path, demo_db_url):
    yield from empty_target(request, tmp_path, demo_db_url)


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as c:
        names = [n for n in inspect(c).get_table_names() if n != "alembic_version"]
        out = {n: c.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    engine.dispose()
    return out


def busy_office(store):
    """Three tickets, one served into a dossier: rows in tickets, dossiers, history, events and audit."""
    for _ in range(3):
        store.queue.issue_ticket("B")
    clerk = store.login("mai", "mai12345")
    called = clerk.queue.call_next(counter=3)
    return clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Nguyễn Văn An", ticket_code=called.code, counter=3)


def test_restored_office_carries_on_numbering(demo_store, demo_db_url, target, tmp_path, clock):
    dossier = busy_office(demo_store)
    backup = tmp_path / "office.bak"
    manifest = backup_to(demo_db_url, backup, now=clock())
    assert manifest.counts["tickets"] == 3 and manifest.counts["dossiers"] == 1
    assert Manifest.read(backup).counts == manifest.counts

    report = restore(backup, target)

    assert report.counts == counts(demo_db_url) == manifest.counts
    restored = Store.open(target, clock=clock)
    assert restored.as_user("lan").dossiers.dossier(dossier.code).applicant_name == "Nguyễn Văn An"
    assert restored.queue.issue_ticket("B").code == "B004"  # numbering goes on, never hands out B001 again
    clerk = restored.login("mai", "mai12345")
    clerk.queue.call_next(counter=3)
    next_dossier = clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Lê Thị Bình", counter=3)
    assert next_dossier.code.endswith("-0002")
    restored.close()


def test_restore_refuses_a_database_that_holds_data(demo_store, demo_db_url, tmp_path, clock):
    backup = tmp_path / "office.bak"
    backup_to(demo_db_url, backup, now=clock())
    demo_store.queue.issue_ticket("A")
    before = counts(demo_db_url)
    with pytest.raises(BackupError, match="đã có dữ liệu"):
        restore(backup, demo_db_url)
    assert counts(demo_db_url) == before


def test_a_restore_that_fails_its_checks_leaves_the_target_empty(demo_store, demo_db_url, target, tmp_path, clock):
    busy_office(demo_store)
    backup = tmp_path / "office.bak"
    backup_to(demo_db_url, backup, now=clock())
    manifest = json.loads(Manifest.read(backup) and (tmp_path / "office.bak.json").read_text("utf-8"))
    manifest["counts"]["tickets"] += 1  # the copy lost a ticket on its way
    (tmp_path / "office.bak.json").write_text(json.dumps(manifest), "utf-8")

    with pytest.raises(BackupError, match="bảng tickets: 3 dòng, bản sao lưu ghi 4"):
        restore(backup, target)
    engine = create_engine(target, poolclass=NullPool)
    with engine.connect() as c:
        assert inspect(c).get_table_names() == []
    engine.dispose()


def test_restore_refuses_the_wrong_kind_a_stranger_file_and_a_newer_schema(demo_db_url, target, tmp_path, clock):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("không phải bản sao lưu", "utf-8")
    with pytest.raises(BackupError, match="không phải bản sao lưu"):
        restore(stranger, target)
    with pytest.raises(BackupError, match="Không tìm thấy tệp sao lưu"):
        restore(tmp_path / "missing.dump", target)

    backup = tmp_path / "office.bak"
    backup_to(demo_db_url, backup, now=clock())
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}" if demo_db_url.startswith("postgresql") else \
        "postgresql+psycopg://nobody@127.0.0.1:1/none"
    with pytest.raises(BackupError, match="hãy khôi phục vào cùng loại"):
        restore(backup, other)

    manifest = json.loads((tmp_path / "office.bak.json").read_text("utf-8"))
    manifest["revision"] = "9999_from_the_future"
    (tmp_path / "office.bak.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(BackupError, match="mới hơn motcua này"):
        restore(backup, target)


def test_rotation_keeps_the_newest(demo_store, demo_db_url, tmp_path, clock):
    folder = tmp_path / "backups"
    made = []
    for _ in range(4):
        path, _, removed = backup_into_folder(demo_db_url, folder, now=clock(), keep=2)
        made.append(path)
        clock.advance(hours=12)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [made[2].name, made[2].name + ".json", made[3].name, made[3].name + ".json"])
    assert removed == [made[1]]
    (folder / "notes.txt").write_text("của văn phòng", "utf-8")  # not ours: never removed
    rotate(folder, 1)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["notes.txt", made[3].name, made[3].name + ".json"])


def test_two_backups_in_one_second_both_kept(demo_db_url, tmp_path, clock):
    first, _, _ = backup_into_folder(demo_db_url, tmp_path, now=clock(), keep=5)
    second, _, _ = backup_into_folder(demo_db_url, tmp_path, now=clock() + timedelta(milliseconds=10), keep=5)
    assert first != second and first.exists() and second.exists()


def test_backup_files_are_readable_by_their_owner_only(demo_db_url, tmp_path, clock):
    backup = tmp_path / "office.bak"
    backup_to(demo_db_url, backup, now=clock())
    assert backup.stat().st_mode & 0o777 == 0o600  # dossiers hold citizens' ID numbers


def test_a_missing_client_program_says_which_package_to_install():
    with pytest.raises(BackupError, match="postgresql-client-99"):
        client_program("pg_dump", 99)


def test_numbering_behind_its_tickets_is_refused_with_a_short_message(demo_store, demo_db_url, target, tmp_path, clock):
    """A copy whose ticket numbering is behind the tickets would hand out numbers already on paper."""
    for _ in range(3):
        demo_store.queue.issue_ticket("B")
    for _ in range(1, 13):  # twelve days, each with a ticket and its numbering row
        clock.advance(days=1)
        demo_store.queue.issue_ticket("B")
    engine = create_engine(demo_db_url, poolclass=NullPool)
    with engine.begin() as c:
        c.execute(text("UPDATE ticket_sequences SET last_number = 0"))
    engine.dispose()
    backup = tmp_path / "office.bak"
    backup_to(demo_db_url, backup, now=clock())
    with pytest.raises(BackupError) as refused:
        restore(backup, target)
    assert "sẽ bị cấp trùng" in str(refused.value) and "và 3 lỗi khác" in str(refused.value)
