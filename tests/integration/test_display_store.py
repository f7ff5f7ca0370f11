"""The wall display's reads (recent calls, notices, playlist, the whole board) and the manager's writes."""

from __future__ import annotations

from datetime import date

import pytest

from db.errors import InvalidInput, PermissionDenied


def test_recent_calls_newest_first_and_a_recall_moves_up(demo_store, clock):
    for prefix in ("A", "A", "B"):
        demo_store.queue.issue_ticket(prefix)
    lan, hung = demo_store.login("lan", "lan12345"), demo_store.login("hung", "hung12345")
    lan.queue.call_next(1)
    lan.queue.start_serving(1)
    clock.advance(seconds=5)
    hung.queue.call_next(3)
    clock.advance(seconds=5)
    lan.queue.call_next(1)  # A001 is finished, A002 called
    assert [(c.code, c.counter_number) for c in demo_store.queue.recent_calls(8)] == [("A002", 1), ("B001", 3), ("A001", 1)]
    clock.advance(seconds=5)
    hung.queue.recall(3)
    recent = demo_store.queue.recent_calls(2)
    assert [(c.code, c.call_count, c.counter_name) for c in recent] == [("B001", 2, "Quầy 3 - Tư pháp - Hộ tịch"),
                                                                        ("A002", 1, "Quầy 1 - Đất đai")]
    assert demo_store.queue.recent_calls(0) == []
    hung.queue.mark_no_show(3)  # B001 never came: no longer shown as called
    assert [c.code for c in demo_store.queue.recent_calls(8)] == ["A002", "A001"]


def test_yesterdays_calls_are_not_recent(demo_store, clock):
    demo_store.queue.issue_ticket("A")
    demo_store.login("lan", "lan12345").queue.call_next(1)
    clock.advance(days=1)
    assert demo_store.queue.recent_calls() == []


def test_notices_between_their_dates_only_and_only_managers_write_them(demo_store, clock):
    manager = demo_store.login("quanly", "quanly123")
    manager.content.add_notice("  Nghỉ   lễ ngày 2/9  ", starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 30))
    manager.content.add_notice("Không hút thuốc")
    manager.content.add_notice("Tháng trước", ends_on=date(2026, 10, 31))
    assert [n.text for n in demo_store.content.notices()] == ["Nghỉ lễ ngày 2/9", "Không hút thuốc"]
    assert [n.text for n in demo_store.content.notices(date(2026, 12, 1))] == ["Không hút thuốc"]
    with pytest.raises(PermissionDenied):
        demo_store.content.add_notice("từ máy lấy số")
    with pytest.raises(PermissionDenied):
        demo_store.login("lan", "lan12345").content.add_notice("từ quầy")
    with pytest.raises(InvalidInput, match="nội dung"):
        manager.content.add_notice("   ")
    with pytest.raises(InvalidInput, match="Ngày kết thúc"):
        manager.content.add_notice("ngược", starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 1))
    assert len(demo_store.content.notices()) == 2


def test_media_playlist_in_order(demo_store):
    manager = demo_store.login("quanly", "quanly123")
    manager.content.add_media("/srv/videos/b.mp4", title="Đăng ký khai sinh")
    manager.content.add_media("/srv/videos/a.mp4", title="Chứng thực", position=-1)
    manager.content.add_media("/srv/videos/c.mp4")
    assert [m.path for m in demo_store.content.media_playlist()] == ["/srv/videos/a.mp4", "/srv/videos/b.mp4",
                                                             "/srv/videos/c.mp4"]
    with pytest.raises(InvalidInput):
        manager.content.add_media("  ")
    with pytest.raises(PermissionDenied):
        demo_store.content.add_media("/tmp/x.mp4")


def test_the_board_is_the_store_at_one_moment(demo_store):
    for prefix in ("A", "B", "B", "G"):
        demo_store.queue.issue_ticket(prefix)
    hung = demo_store.login("hung", "hung12345")
    hung.queue.open_counter(3)
    hung.queue.call_next(3)
    board = demo_store.queue.display_board(recent=4)
    assert board.office_name == demo_store.office().name and board.day == date(2026, 11, 25)
    by_number = {c.number: c for c in board.counters}
    assert by_number[3].current.code == "B001" and by_number[3].clerk == "Lê Văn Hùng"
    assert by_number[1].current is None
    assert {s.prefix: s.waiting for s in board.services}["B"] == 1
    assert [c.code for c in board.recent] == ["B001"]
