"""A4 forms: rendered to PDF, then to an image, then read back (text and barcodes)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from pyzbar.pyzbar import decode

from devices.forms import FORMS, FormData, FormStep, FormTemplateError, render_form, save_form

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.20.H10-260424-0001"


def data(**extra) -> FormData:
    values = dict(code=CODE, office_name="UBND quận Thốt Nốt", procedure_name="Đăng ký kết hôn",
                  applicant_name="Nguyễn Văn <An> & Bình", received_at=datetime(2026, 4, 24, 15, 30, tzinfo=VN),
                  due_at=datetime(2026, 4, 29, 11, 30, tzinfo=VN), processing_days=1, clerk_name="Phạm Thị Mai",
                  documents=({"name": "Tờ khai theo mẫu", "form": "original", "quantity": 1},),
                  channel_in="Trực tiếp", channel_out="Bưu chính", reason="Thiếu giấy xác nhận",
                  items=("Giấy xác nhận tình trạng hôn nhân",), new_due_at=datetime(2026, 5, 4, 16, 0, tzinfo=VN),
                  history=(FormStep(datetime(2026, 4, 24, 15, 30, tzinfo=VN), "Tiếp nhận hồ sơ", "Phạm Thị Mai"),))
    values.update(extra)
    return FormData(**values)


def page(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    text = " ".join(doc[0].get_textpage().get_text_range().split())  # lines wrap anywhere
    return text, doc[0].render(scale=200 / 72).to_pil()


def test_receipt_carries_code128_and_qr_of_the_dossier_code():
    text, image = page(render_form("receipt", data()))
    found = {(c.type, c.data.decode()) for c in decode(image)}
    assert ("CODE128", CODE) in found and ("QRCODE", CODE) in found
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "11 giờ 30 phút, ngày 29/04/2026" in text and "Nguyễn Văn <An> & Bình" in text
    assert "Nghị định số 118/2025/NĐ-CP" in text


@pytest.mark.parametrize("form,needle", [
    ("control", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), ("refusal", "Thiếu giấy xác nhận"),
    ("supplement", "Giấy xác nhận tình trạng hôn nhân"), ("apology", "16 giờ 00 phút, ngày 04/05/2026"),
])
def test_each_form_says_what_it_is_for(form, needle):
    text, image = page(render_form(form, data()))
    assert needle in text
    assert CODE in {c.data.decode() for c in decode(image)}


def test_an_office_rewords_a_form_from_its_folder_and_from_the_store(tmp_path):
    (tmp_path / "common.toml").write_text('regulation = "Theo Thông tư 01/2018/TT-VPCP"\n', "utf-8")
    (tmp_path / "apology.toml").write_text('title = "THƯ XIN LỖI"\n', "utf-8")
    text, _ = page(render_form("apology", data(), folder=tmp_path))
    assert "THƯ XIN LỖI" in text and "Thông tư 01/2018/TT-VPCP" in text and "118/2025" not in text
    text, _ = page(render_form("apology", data(), folder=tmp_path,
                               overrides={"apology": {"title": "PHIẾU XIN LỖI (MẪU TỈNH)"}}))
    assert "PHIẾU XIN LỖI (MẪU TỈNH)" in text
    (tmp_path / "receipt.toml").write_text("title = [unclosed", "utf-8")
    with pytest.raises(FormTemplateError) as error:
        render_form("receipt", data(), folder=tmp_path)
    assert "receipt.toml" in str(error.value)


def test_save_form_names_the_file_by_code(tmp_path):
    paths = [save_form(form, data(), tmp_path) for form in FORMS]
    assert [p.name for p in paths][0] == f"{CODE}-receipt.pdf"
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths)


def test_every_page_of_a_long_form_carries_its_number_and_the_dossier_code():
    many = tuple({"name": f"Giấy tờ số {n}", "form": "copy", "quantity": 1} for n in range(1, 90))
    doc = pdfium.PdfDocument(render_form("receipt", data(documents=many)))
    pages = len(doc)
    assert pages >= 2
    for number in range(1, pages + 1):
        text = " ".join(doc[number - 1].get_textpage().get_text_range().split())
        assert f"Mã hồ sơ {CODE} · Trang {number}/{pages}" in text
