"""Telling a wedge scanner's burst from a person typing."""

from __future__ import annotations

from devices.scanners.wedge import WedgeDetector

CODE = "000.00.20.H10-200520-0001"


def feed(detector: WedgeDetector, keys: str, gap_ms: float, start: float = 0.0):
    results, t = [], start
    for key in keys:
        results.append(detector.feed(key, t))
        t += gap_ms
    return results, t


def test_a_fast_burst_ending_in_enter_is_a_scan_and_is_swallowed():
    detector = WedgeDetector(max_gap_ms=35, min_length=4)
    results, _ = feed(detector, CODE + "\r", gap_ms=8)
    assert results[-1].scan == CODE
    assert all(r.swallow for r in results) and not any(r.release for r in results)


def test_tab_also_ends_a_scan():
    detector = WedgeDetector()
    results, _ = feed(detector, "A023\t", gap_ms=5)
    assert results[-1].scan == "A023"


def test_slow_typing_is_released_as_text_not_a_scan():
    detector = WedgeDetector(max_gap_ms=35)
    results, t = feed(detector, "dang ky", gap_ms=180)
    released = "".join(r.release for r in results) + detector.poll(t + 100)
    assert released == "dang ky"
    end = detector.feed("\r", t + 200)
    assert end.scan is None and not end.swallow  # Enter goes to the app as a normal key


def test_typing_then_a_scan():
    detector = WedgeDetector(max_gap_ms=35)
    typed, t = feed(detector, "ab", gap_ms=200)
    results, _ = feed(detector, "B001\r", gap_ms=10, start=t + 300)
    assert "".join(r.release for r in typed + results) == "ab"
    assert results[-1].scan == "B001"


def test_a_short_burst_is_not_a_scan():
    detector = WedgeDetector(min_length=4)
    results, _ = feed(detector, "ab\r", gap_ms=5)
    assert results[-1].scan is None and results[-1].release == "ab"


def test_a_pause_inside_the_burst_breaks_it():
    detector = WedgeDetector(max_gap_ms=35)
    results, t = feed(detector, "A0", gap_ms=5)
    results2, _ = feed(detector, "23\r", gap_ms=5, start=t + 500)
    assert results2[0].release == "A0" and results2[-1].scan is None


def test_timings_are_configurable():
    slow_scanner = WedgeDetector(max_gap_ms=120)
    results, _ = feed(slow_scanner, "A023\r", gap_ms=90)
    assert results[-1].scan == "A023"
    assert WedgeDetector(max_gap_ms=35).feed("A", 0).swallow


def test_garbage_does_not_break_it():
    detector = WedgeDetector(max_length=64)
    results, _ = feed(detector, "x" * 10_000 + "\r", gap_ms=1)
    assert all(r.scan is None or len(r.scan) <= 64 for r in results)
