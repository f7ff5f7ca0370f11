"""Screenshots of the counter station on the demo office, and its PDF forms as PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_counter.py
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdfium2 as pdfium  # noqa: E402

from screenshots import OUT, VN, demo_store, save, wait_until  # noqa: E402
from ui.app import qt_app  # noqa: E402


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def counter() -> None:
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow

    clock = Clock(datetime(2026, 11, 25, 9, 0, tzinfo=VN))
    store, settings = demo_store(clock)
    qt_app(settings, "counter")
    forms = Path(settings.db_url.removeprefix("sqlite:///")).parent / "forms"
    clerk = store.login("hung", "hung12345")
    late = clerk.dossiers.receive_dossier(procedure="1.004245.000.00.00.H10", applicant_name="Trần Văn Bảy",
                                 phone="0939123456")
    clock.at = datetime(2026, 11, 25, 8, 40, tzinfo=VN)
    for prefix in "BBGBB":
        store.queue.issue_ticket(prefix)
    store.queue.issue_ticket("B", "elderly")
    window = QtCounterWindow(settings, store, paperwork=Paperwork(forms), open_pdfs=False)
    window.resize(1600, 960)
    window.show()
    wait_until(lambda: window.login.counter.count() > 0)
    window.login.username.setText("mai")
    window.login.password.setText("mai12345")
    window.login.counter.setCurrentIndex(window.login.counter.findData(3))
    save(window, "counter-login")
    window.login.submit()
    wait_until(lambda: window.clerk is not None)
    clock.at = datetime(2026, 11, 25, 9, 0, tzinfo=VN)
    window.act("call_next")
    wait_until(lambda: window.current is not None)
    window.act("start")
    wait_until(lambda: window.current.status == "serving" and window.queue.waiting.rowCount() == 5)
    save(window, "counter-serving")
    window.tabs.setCurrentIndex(1)
    intake = window.desk.intake
    intake.search.setText("ket hon")
    wait_until(lambda: intake.results.count() == 1)
    intake.results.setCurrentRow(0)
    wait_until(lambda: intake.procedure is not None)
    for key, value in dict(applicant_name="Nguyễn Văn An", applicant_id_number="092085001234", phone="0912345678",
                           address="Khu vực Phụng Thạnh 1, phường Thốt Nốt").items():
        intake.fields[key].setText(value)
    save(window, "counter-intake")
    intake._save()
    wait_until(lambda: len(window.desk.last_pdfs) == 2 and window.desk.dossier.info is not None)
    save(window, "counter-dossier")
    for pdf in window.desk.last_pdfs:
        form = pdf.stem.rsplit("-", 1)[1]
        pdfium.PdfDocument(pdf.read_bytes())[0].render(scale=110 / 72).to_pil().save(OUT / f"counter-form-{form}.png")
    clock.at = datetime(2026, 11, 30, 14, 0, tzinfo=VN)  # Monday afternoon: one dossier late, one due
    window.desk.refresh_due()
    window.tabs.setCurrentIndex(3)
    wait_until(lambda: window.desk.due.table.rowCount() >= 1)
    save(window, "counter-due")
    window.desk.open(late.code)
    wait_until(lambda: window.desk.dossier.info is not None and window.desk.dossier.info.code == late.code)
    window.desk.dossier.note.setText("Chờ ý kiến của Văn phòng đăng ký đất đai")
    window.desk.dossier.buttons["apology"].click()
    wait_until(lambda: any("apology" in p.name for p in window.desk.last_pdfs))
    pdfium.PdfDocument(window.desk.last_pdfs[0].read_bytes())[0].render(scale=110 / 72).to_pil().save(
        OUT / "counter-form-apology.png")
    save(window, "counter-dossier-late")
    clock.at = datetime(2026, 11, 25, 9, 30, tzinfo=VN)  # back at the calling desk
    window.tabs.setCurrentIndex(0)
    window.act("call_next")  # the citizen served is done, the next one called ...
    wait_until(lambda: window.current is not None and window.current.status == "called" and not window.serving.busy)
    window.act("call_next")  # ... and did not come: F1 asks first
    wait_until(lambda: window.serving.note.isVisible())
    save(window, "counter-ask-no-show")
    window.sign_out()  # with a number called: asks what becomes of it
    wait_until(lambda: window.question.isVisible())
    save(window, "counter-sign-out")
    window.show_citizen_screen(True)
    window.citizen.resize(1280, 800)
    window.citizen.show_code("B006")
    window.citizen.ask(True)
    save(window.citizen, "counter-citizen")
    window.close()


if __name__ == "__main__":
    counter()
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down
