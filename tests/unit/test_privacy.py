from core.privacy import initials


def test_only_initials_are_shown():
    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("  đặng   thị   bé ") == "Đ. T. B."
    assert initials("") == ""
