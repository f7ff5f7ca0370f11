"""The phone pages' own walls, without a server: token buckets per address, CSRF, bounded forms, and the
language of one request."""

from __future__ import annotations

import threading

import pytest

from core.i18n import language, speaking, tr
from server.web.guard import MAX_FIELD, FormTooLarge, Limit, RateLimiter, csrf_ok, new_csrf, parse_form


class Ticking:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_pace_per_address():
    clock = Ticking()
    limiter = RateLimiter({"book": Limit(burst=3, per_minute=2)}, monotonic=clock)
    assert [limiter.allow("book", "10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("book", "10.0.0.2")  # another address has its own bucket
    clock.now += 29
    assert not limiter.allow("book", "10.0.0.1")  # under one token back after 29 s at 2 a minute
    clock.now += 2
    assert limiter.allow("book", "10.0.0.1") and not limiter.allow("book", "10.0.0.1")
    clock.now += 3600
    assert sum(limiter.allow("book", "10.0.0.1") for _ in range(10)) == 3  # never more than the burst


def test_csrf_is_a_double_submit_that_refuses_a_missing_or_different_token():
    token = new_csrf()
    assert len(token) >= 32 and token != new_csrf()
    assert csrf_ok(token, token)
    assert not csrf_ok(token, new_csrf()) and not csrf_ok(None, token) and not csrf_ok(token, None)
    assert not csrf_ok("", "") and not csrf_ok("x" * 100, "x" * 100)


def test_forms_over_ten_thousand_characters_a_field_are_refused_whole():
    assert parse_form("code=AB%2012&check=1".encode()) == {"code": "AB 12", "check": "1"}
    assert parse_form(("name=" + "a" * MAX_FIELD).encode())["name"] == "a" * MAX_FIELD
    for body in (("name=" + "a" * (MAX_FIELD + 1)).encode(), b"x=" + b"%C3%A1" * 20_000, b"name=%ff%fe",
                 b"&".join(b"f%d=1" % i for i in range(60))):
        with pytest.raises(FormTooLarge):
            parse_form(body)


def test_one_request_may_read_english_while_the_process_stays_vietnamese():
    seen = {}

    def other():
        seen["other"] = (language(), tr("Vừa gọi"))

    with speaking("en"):
        assert (language(), tr("Vừa gọi"), tr("Quầy {n}", n=3)) == ("en", "Just called", "Counter 3")
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
    assert seen["other"] == ("vi", "Vừa gọi")  # another thread (request) is not switched
    assert (language(), tr("Vừa gọi")) == ("vi", "Vừa gọi")
    with pytest.raises(ValueError):
        with speaking("fr"):
            pass
