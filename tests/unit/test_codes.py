"""Ticket and dossier codes, and what a scan is."""

from __future__ import annotations

from datetime import date

import pytest

from core.codes import ScanKind, classify_scan, dossier_code, ticket_code
from core.i18n import set_language


def test_ticket_code_is_prefix_and_padded_number():
    assert ticket_code("A", 23) == "A023"
    assert ticket_code("B", 1) == "B001"
    assert ticket_code("AB", 1234, 4) == "AB1234"


def test_dossier_code_has_the_circular_01_2018_shape():
    assert dossier_code("000.00.20.H10", date(2020, 5, 20), 1) == "000.00.20.H10-200520-0001"


@pytest.mark.parametrize(
    "raw, kind, code",
    [
        ("000.00.20.H10-200520-0001", ScanKind.DOSSIER, "000.00.20.H10-200520-0001"),
        ("  000.00.20.h10-200520-0001\r\n", ScanKind.DOSSIER, "000.00.20.H10-200520-0001"),
        ("a023", ScanKind.TICKET, "A023"),
        (b"B001", ScanKind.TICKET, "B001"),
        ("000.00.20.H10-201340-0001", ScanKind.INVALID, ""),  # month 13
        ("hello world", ScanKind.INVALID, ""),
        ("A02\x003", ScanKind.INVALID, ""),
        ("\x1b[31mA023", ScanKind.INVALID, ""),
        ("X" * 10_000, ScanKind.INVALID, ""),
        ("", ScanKind.INVALID, ""),
        (None, ScanKind.INVALID, ""),
        (b"\xff\xfe\x00garbage", ScanKind.INVALID, ""),
    ],
)
def test_classify_scan(raw, kind, code):
    scan = classify_scan(raw)
    assert (scan.kind, scan.code) == (kind, code)
    assert scan.ok == (kind is not ScanKind.INVALID)


def test_an_invalid_scan_says_so_in_the_users_language():
    assert classify_scan("???").message.startswith("Mã không hợp lệ")
    set_language("en")
    assert classify_scan("???").message.startswith("Invalid code")


def test_a_check_code_is_random_unambiguous_and_rides_in_the_receipts_qr():
    from core.codes import CHECK_RE, dossier_qr, new_check_code

    codes = {new_check_code() for _ in range(200)}
    assert len(codes) == 200 and all(CHECK_RE.fullmatch(c) for c in codes)
    assert not set("".join(codes)) & set("01OI")
    scan = classify_scan(dossier_qr("000.00.20.H10-200520-0001", "K7P2QX").lower())
    assert (scan.kind, scan.code, scan.check) == (ScanKind.DOSSIER, "000.00.20.H10-200520-0001", "K7P2QX")
    assert classify_scan("000.00.20.H10-200520-0001").check == ""
    assert not classify_scan("000.00.20.H10-200520-0001/K7P2Q").ok  # a check code is 6 characters
