"""Counter names on the wall: broken between words, never inside one; shrunk, or ending in "…" when long."""

from __future__ import annotations

import pytest

from core.settings import Settings
from display.qt_display import QtDisplayWindow
from fit_tools import at_size, label_problem, problems, themed  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("themed")
LONG = "Quầy 2 - Tư pháp - Hộ tịch, Chứng thực bản sao từ bản chính, Đăng ký kết hôn có yếu tố nước ngoài"
ONE_WORD = "Quầy 5 - Đăngkýkinhdoanhhộcáthểvàhợptácxãliênhiệphợptácxã"  # one word wider than the tile


def rename(store, number: int, name: str) -> None:
    prefixes = {s.id: s.prefix for s in store.setup.services()}
    counter = next(c for c in store.setup.counters() if c.number == number)
    store.as_user("quanly").setup.save_counter(number=number, name=name,
                                         services=[prefixes[i] for i in counter.service_ids])


def whole_words(shown: str, full: str) -> bool:
    """Every word shown is one of the name's words, whole (the last may end in "…")."""
    words = full.split()
    shown_words = shown.split()
    for i, word in enumerate(shown_words):
        last = i == len(shown_words) - 1
        if word != words[i] and not (last and word.endswith("…") and words[i].startswith(word[:-1])):
            return False
    return True


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_counter_names_break_between_words(qtbot, sqlite_demo_store, size):
    store = sqlite_demo_store
    rename(store, 2, LONG)
    rename(store, 5, ONE_WORD)
    store.queue.issue_ticket("A")
    clerk = store.login("lan", "lan12345")
    clerk.queue.open_counter(2)
    clerk.queue.call_next(2)
    window = QtDisplayWindow(Settings(db_url=store.engine.url.render_as_string(hide_password=False)), store,
                             video=False, speak=False, start_bridge=False)
    qtbot.addWidget(window)
    window.show()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.ready and window.hero.code.text() == "A001")
    qtbot.waitUntil(lambda: window.grid.tiles[2].name.full_text.startswith("Tư pháp"))
    qtbot.wait(10)
    for number, full in ((2, LONG.removeprefix("Quầy 2 - ")), (5, ONE_WORD.removeprefix("Quầy 5 - "))):
        name = window.grid.tiles[number].name
        lines = name.text().split("\n")
        assert 1 <= len(lines) <= 2, lines
        assert whole_words(name.text(), full), f"counter {number} shows {lines!r} of {full!r}"
        assert label_problem(name) is None, label_problem(name)  # each line fits the tile, the lines its height
    hero = window.hero.counter_name
    assert "\n" not in hero.text() and whole_words(hero.text(), hero.full_text)
    assert label_problem(hero) is None
    assert not problems(window, *size)
    window.shutdown()
    window.close()
