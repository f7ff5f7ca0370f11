"""The căn cước QR: what a real card holds is read, anything else is refused with one sentence."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from core.cccd import CccdCard, CccdError, mask_id, parse_cccd
from core.codes import ScanKind, classify_scan

ADDRESS = "Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Đào, Quận Hoàn Kiếm, Hà Nội"
CARD7 = f"001099012345|123456789|Nguyễn Văn An|01021990|Nam|{ADDRESS}|15082021"


def test_a_seven_field_card_is_read_in_full():
    card = parse_cccd(CARD7)
    assert (card.id_number, card.old_id_number, card.full_name, card.birth_date, card.sex, card.address,
            card.issued) == ("001099012345", "123456789", "Nguyễn Văn An", date(1990, 2, 1), "Nam", ADDRESS,
                             date(2021, 8, 15))


@pytest.mark.parametrize("text", [
    f"079301000123||Trần Thị Bé|29022000|Nữ|{ADDRESS}|01072024",  # no old number, a leap day
    f"079301000123||Trần Thị Bé|29022000|Nữ|{ADDRESS}",  # 6 fields: no issue date
    f"079301000123||Trần Thị Bé|29022000|Nữ|{ADDRESS}|",  # an empty issue date
])
def test_six_fields_an_empty_old_number_and_no_issue_date_are_accepted(text):
    card = parse_cccd(text)
    assert card.id_number == "079301000123" and card.old_id_number == "" and card.birth_date == date(2000, 2, 29)
    assert card.sex == "Nữ"


@pytest.mark.parametrize("text, says", [
    (CARD7.replace("001099012345", "00109901234"), "đúng 12 chữ số"),  # 11 digits
    (CARD7.replace("001099012345", "00109901234A"), "đúng 12 chữ số"),
    (CARD7.replace("01021990", "31021990"), "ngày sinh không hợp lệ"),  # 31 February
    (CARD7.replace("01021990", "1990-02-01"), "ngày sinh không hợp lệ"),
    (CARD7.replace("15082021", "32082021"), "ngày cấp không hợp lệ"),
    (CARD7.replace("15082021", "15081980"), "sớm hơn ngày sinh"),
    (CARD7.replace("|123456789|", "|12345|"), "Số CMND cũ"),
    (CARD7.replace("Nam", "X"), "Nam hoặc Nữ"),
    (CARD7.replace("Nguyễn Văn An", ""), "Họ tên"),
    (CARD7 + "|thừa", "6 hoặc 7 trường"),
    ("001099012345|Nguyễn Văn An", "6 hoặc 7 trường"),
    (CARD7.replace("Nguyễn", "Nguy\x07n"), "ký tự điều khiển"),
    (CARD7 + "|" + "x" * 10_240, "quá dài"),  # 10 kB
])
def test_anything_else_is_refused_with_one_vietnamese_sentence(text, says):
    with pytest.raises(CccdError) as refused:
        parse_cccd(text)
    message = str(refused.value)
    assert says in message and message.count(".") <= 2 and "\n" not in message
    scan = classify_scan(text)  # what a scanner delivers: the same sentence, nothing filled
    assert scan.kind is ScanKind.INVALID and scan.message == message and scan.card is None


def test_a_scan_of_the_card_is_classified_and_never_shows_the_number_in_full(caplog):
    scan = classify_scan(CARD7.encode("utf-8"))  # serial and camera scanners hand over bytes
    assert scan.kind is ScanKind.CCCD and scan.card == parse_cccd(CARD7)
    assert scan.code == "N. V. A. · *********345"
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("scanned %s / %r", scan, scan)
    assert "001099012345" not in caplog.text and "Nguyễn Văn An" not in caplog.text and "*********345" in caplog.text
    assert "001099012345" not in repr(scan.card) and "001099012345" not in str(scan.card)


def test_masks():
    assert mask_id("001099012345") == "*********345"
    assert mask_id("0912345678") == "*******678"
    assert mask_id("12") == "**"
    assert isinstance(parse_cccd(CARD7), CccdCard)


def test_a_ticket_or_dossier_code_is_still_what_it_was():
    assert classify_scan("A023").kind is ScanKind.TICKET
    assert classify_scan("000.00.20.H10-200520-0001").kind is ScanKind.DOSSIER
