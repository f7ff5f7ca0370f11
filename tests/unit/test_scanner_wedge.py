"""Telling a wedge scanner's burst of keys from a person typing."""

from __future__ import annotations

from core.codes import ScanKind
from devices.scanners import WedgeDetector

DOSSIER = "000.00.20.H10-200520-0001"


def feed(detector: WedgeDetector, keys, gap_ms: float, start: float = 0.0):
    """Type `keys` with `gap_ms` between presses; the results and the time after the last key."""
    results, t = [], start
    for key in keys:
        results.append(detector.feed(key, t))
        t += gap_ms
    return results, t


def released(results) -> str:
    return "".join(r.release for r in results)


def test_a_fast_burst_ending_in_enter_is_a_dossier_scan_and_every_key_is_swallowed():
    detector = WedgeDetector(max_gap_ms=35, min_length=4)
    results, _ = feed(detector, DOSSIER + "\r", gap_ms=8)
    assert results[-1].scan == DOSSIER
    assert (results[-1].classified.kind, results[-1].classified.code) == (ScanKind.DOSSIER, DOSSIER)
    assert all(r.swallow for r in results) and released(results) == ""
    assert [r for r in results[:-1] if r.scan] == []


def test_tab_also_ends_a_scan_and_a_ticket_is_recognised():
    results, _ = feed(WedgeDetector(), "a023\t", gap_ms=5)
    assert (results[-1].classified.kind, results[-1].classified.code) == (ScanKind.TICKET, "A023")


def test_slow_typing_is_released_as_text_not_a_scan():
    detector = WedgeDetector(max_gap_ms=35)
    results, t = feed(detector, "dang ky", gap_ms=180)
    assert released(results) + detector.poll(t + 100) == "dang ky"
    end = detector.feed("\r", t + 200)
    assert end.scan is None and not end.swallow  # Enter reaches the form as a normal key


def test_a_fast_typist_with_a_pause_before_enter_is_not_a_scan():
    detector = WedgeDetector(max_gap_ms=35)
    results, t = feed(detector, "A023", gap_ms=30)  # quick fingers, or key rollover
    end = detector.feed("\r", t + 150)
    assert end.scan is None and not end.swallow and end.release == "A023"


def test_typing_then_a_scan_then_typing():
    detector = WedgeDetector(max_gap_ms=35)
    typed, t = feed(detector, "ab", gap_ms=200)
    scan, t = feed(detector, "B001\r", gap_ms=10, start=t + 300)
    more, t = feed(detector, "cd", gap_ms=150, start=t + 400)
    assert released(typed + scan + more) + detector.poll(t + 100) == "abcd"
    assert [r.scan for r in typed + scan + more if r.scan] == ["B001"]


def test_a_short_burst_is_not_a_scan():
    results, _ = feed(WedgeDetector(min_length=4), "ab\r", gap_ms=5)
    assert results[-1].scan is None and results[-1].release == "ab" and not results[-1].swallow


def test_a_pause_inside_the_burst_breaks_it():
    detector = WedgeDetector(max_gap_ms=35)
    _, t = feed(detector, "A0", gap_ms=5)
    rest, _ = feed(detector, "23\r", gap_ms=5, start=t + 500)
    assert rest[0].release == "A0" and rest[-1].scan is None and rest[-1].release == "23"


def test_timings_are_configurable():
    results, _ = feed(WedgeDetector(max_gap_ms=120, min_length=6), "A023\r", gap_ms=90)
    assert results[-1].scan is None  # too short for this station
    results, _ = feed(WedgeDetector(max_gap_ms=120, min_length=4), "A023\r", gap_ms=90)
    assert results[-1].scan == "A023"
    results, _ = feed(WedgeDetector(max_gap_ms=20), "A023\r", gap_ms=30)
    assert results[-1].scan is None


def test_shift_presses_inside_a_scan_do_not_break_it():
    keys = ["", "A", "", "0", "2", "3", "\r"]  # Qt gives Shift an empty text
    results, _ = feed(WedgeDetector(), keys, gap_ms=6)
    assert results[-1].scan == "A023"


def test_a_persons_backspace_is_passed_through_not_held():
    detector = WedgeDetector()
    detector.feed("x", 0)
    result = detector.feed("\x08", 400)
    assert result.release == "x" and not result.swallow


def test_control_characters_in_a_burst_are_an_invalid_scan():
    results, _ = feed(WedgeDetector(), "A0\x1b[31m\x0023\r", gap_ms=4)
    last = results[-1]
    assert last.swallow and last.classified.kind is ScanKind.INVALID
    assert last.classified.message.startswith("Mã không hợp lệ") and released(results) == ""


def test_10kb_of_garbage_is_refused_once_and_nothing_leaks_into_the_form():
    got = []
    detector = WedgeDetector(on_scan=got.append)
    results, t = feed(detector, "x" * 10_240 + "\r", gap_ms=1)
    assert released(results) == "" and all(r.swallow for r in results)
    assert [s.kind for s in got] == [ScanKind.INVALID] and got[0].message == "Mã không hợp lệ"
    after, _ = feed(detector, "A001\r", gap_ms=5, start=t + 500)
    assert after[-1].scan == "A001"  # and the next scan reads normally


def test_a_garbage_burst_without_enter_is_dropped_not_typed():
    detector = WedgeDetector(max_length=64)
    results, t = feed(detector, "y" * 5000, gap_ms=1)
    assert released(results) + detector.poll(t + 100) == ""
    assert not detector.holding


def test_the_listener_gets_each_scan_and_its_failure_stays_inside():
    got = []
    feed(WedgeDetector(on_scan=got.append), "C042\r", gap_ms=5)
    assert [(s.kind, s.code) for s in got] == [(ScanKind.TICKET, "C042")]

    def broken(scan):
        raise RuntimeError("listener bug")

    results, _ = feed(WedgeDetector(on_scan=broken), "C042\r", gap_ms=5)
    assert results[-1].scan == "C042"


def test_poll_without_a_time_uses_the_detectors_own_clock():
    now = [1000.0]
    detector = WedgeDetector(clock=lambda: now[0])
    detector.feed("q", 987_654)  # the event's timestamp comes from another clock (X server, Qt)
    assert detector.poll() == ""
    now[0] += 50
    assert detector.poll() == "q" and not detector.holding


def test_a_timestamp_going_backwards_breaks_the_burst():
    detector = WedgeDetector()
    feed(detector, "AB", gap_ms=5, start=10_000)
    results, _ = feed(detector, "01\r", gap_ms=5, start=0)
    assert results[0].release == "AB" and results[-1].scan is None
