"""Booking codes and phone tokens: unguessable, typeable, read back however they are typed or scanned."""

from __future__ import annotations

import pytest

from core.booking import (
    CODE_ALPHABET, AppointmentRules, FieldBooking, booking_qr, new_booking_code, new_token, phone_link,
    read_booking_code, secret_hash, show_code,
)
from core.codes import ScanKind, classify_scan


def test_codes_are_random_and_read_back_from_every_form():
    codes = {new_booking_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 8 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01IO") & set(CODE_ALPHABET) and len(CODE_ALPHABET) == 32  # 40 bits, no look-alikes
    code = next(iter(codes))
    for typed in (code, code.lower(), show_code(code), f" {show_code(code).lower()} ", booking_qr(code)):
        assert read_booking_code(typed) == code
    for bad in ("ABCD-234", "ABCD-23450", "ABCD-2O45", "x" * 10_240, None, 42, "HEN-ABCD234"):
        assert read_booking_code(bad) is None
    assert classify_scan(booking_qr(code)).kind is ScanKind.BOOKING
    assert classify_scan(booking_qr(code)).code == code


def test_tokens_have_128_bits_and_only_their_hash_is_kept():
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and all(len(t) == 22 for t in tokens)
    token = next(iter(tokens))
    assert len(secret_hash(token)) == 64 and token not in secret_hash(token)
    assert phone_link("https://motcua.example.vn/", token) == f"https://motcua.example.vn/t/{token}"


@pytest.mark.parametrize("raw", [{"per_person_day": 0}, {"days_ahead": 61}, {"merge": "fifo"},
                                 {"grace_minutes": True}, {"retention_days": "30"}])
def test_rules_out_of_range_are_refused(raw):
    with pytest.raises(ValueError):
        AppointmentRules.parse(raw)


def test_a_fields_slots():
    booking = FieldBooking.parse({"weekdays": [4, 0, 0], "sessions": ["pm", "am"], "per_slot": 3})
    assert booking.weekdays == (0, 4) and booking.sessions == ("am", "pm") and not booking.remote_numbers
    assert booking.takes(0, "am") and not booking.takes(2, "am")
    assert not FieldBooking.parse({}).takes(0, "am")  # nothing bookable until the manager says so
