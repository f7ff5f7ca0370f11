from core.privacy import initials


def test_only_initials_are_shown():
    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("  đặng   thị   bé ") == "Đ. T. B."
    assert initials("") == ""


def test_masks_keep_enough_to_recognise_and_nothing_to_use():
    from core.privacy import mask_address, mask_digits, mask_email, mask_name

    assert mask_name("Nguyễn Văn An") == "Ng*** V** A"
    assert mask_name("Trần Thị Ngọc Bích") == "Tr*** T** N** B"
    assert mask_name("Lan") == "L***" and mask_name("") == ""
    assert mask_digits("012345678945") == "0*********45"
    assert mask_digits("0912345678") == "0*******78" and mask_digits("12") == "**"
    assert mask_email("lan.nguyen@gmail.com") == "l***@gmail.com" and mask_email("") == ""
    assert mask_address("12 Lê Lợi, phường Thốt Nốt, TP Cần Thơ") == "***, TP Cần Thơ"
    assert mask_address("12 Lê Lợi") == "***" and mask_address("") == ""
