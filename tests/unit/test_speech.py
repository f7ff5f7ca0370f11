"""What the display says: Vietnamese numbers and the call phrase."""

from __future__ import annotations

import pytest

from core.speech import CLIP_TEXT, call_text, call_tokens, number_words


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "không"), (3, "ba"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
        (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (100, "một trăm"),
        (105, "một trăm linh năm"), (110, "một trăm mười"), (999, "chín trăm chín mươi chín"),
        (1005, "một nghìn không trăm linh năm"), (2026, "hai nghìn không trăm hai mươi sáu"),
    ],
)
def test_number_words(n, words):
    assert number_words(n) == words


def test_call_text_reads_the_ticket_digit_by_digit():
    assert call_text("A023", 3) == "Mời công dân có số thứ tự A 0 2 3 đến quầy số 3"


def test_call_tokens_name_clips_of_the_voice_pack():
    tokens = call_tokens("A023", 12)
    assert tokens == ["invite", "letter_A", "digit_0", "digit_2", "digit_3", "to_counter", "muoi", "digit_2"]
    assert all(t in CLIP_TEXT for t in tokens)
    assert call_tokens("B001", 1, recall=True)[0] == "recall"


def test_out_of_range_numbers_are_refused():
    with pytest.raises(ValueError):
        number_words(-1)
