"""A4 forms of the one-stop desk, as PDF, from editable templates (no Qt here).

    data = FormData(code=..., office_name=..., procedure_name=..., applicant_name=..., received_at=...)
    pdf = render_form("receipt", data, folder=office_forms_dir, overrides=store_setting)
    save_form("apology", data, out_dir)      # → <code>-apology.pdf

Forms: receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, dossier code as Code 128
and QR), control (Phiếu kiểm soát quá trình giải quyết hồ sơ), refusal (Phiếu từ
chối), supplement (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ), apology (Phiếu xin
lỗi và hẹn lại ngày trả kết quả).
"""

from devices.forms.data import FormData, FormStep, when
from devices.forms.pdf import fill, register_fonts, render_form, save_form
from devices.forms.templates import DEFAULTS, FORMS, FormTemplateError, load_template

__all__ = ["FormData", "FormStep", "when", "render_form", "save_form", "register_fonts", "fill", "load_template",
           "FORMS", "DEFAULTS", "FormTemplateError"]
