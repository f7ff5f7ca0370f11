"""The citizens' phone pages in a real browser (headless chromium at 360×800) against a real `motcua web` on
127.0.0.1, on SQLite and PostgreSQL: the printed QR opens the ticket's page, a counter's call reaches it live,
the satisfaction question after service, a booking checked in at the kiosk; bad input changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import func, select

from clock_tools import running_clock
from db import Store
from db.models import Appointment, Rating, Ticket
from kiosk.printing import KioskPrinting
from server_tools import OfficeServer
from web_tools import PhoneSite, phone_browser, screenshot, until

AN = {"full_name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "001099012345"}
NOT_FOUND = "Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."


class FixedClock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def office(request, tmp_path_factory, make_database):
    """One demo office per database for the module: its store (on the running clock), its phone pages."""
    folder = tmp_path_factory.mktemp(f"phones-{request.param}")
    url = make_database(folder, "demo", request.param, label="phones")
    store = Store.open(url, clock=running_clock, migrate=False)
    manager = store.login("quanly", "quanly123")
    manager.phones.set_field_booking("B", weekdays=list(range(7)), sessions=["am", "pm"], per_slot=3,
                                     remote_numbers=True)
    site = PhoneSite.start(folder / "web", url)
    yield store, site, request.param
    site.stop()
    store.close()


@pytest.fixture(scope="module")
def browser():
    driver = phone_browser()
    yield driver
    driver.quit()


def page_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def test_the_printed_qr_opens_the_ticket_which_follows_the_call_live_and_asks_once(office, browser):
    store, site, backend = office
    store.queue.issue_ticket("B")
    ticket = store.queue.issue_ticket("B")
    link = KioskPrinting(store, None, station="kiosk", public_base_url=site.url).qr(ticket, "H10")  # the slip's QR
    assert link.startswith(f"{site.url}/t/")
    browser.get(link)
    assert browser.find_element(By.ID, "number").text == ticket.code
    until(browser, lambda d: "người đang chờ trước bạn" in page_text(d))
    until(browser, lambda d: d.find_element(By.ID, "ahead").text == "1")  # the live part is replaced on connect
    until(browser, lambda d: "Sắp đến lượt bạn" in page_text(d))  # 1 ahead ≤ the manager's 3
    screenshot(browser, "ticket_waiting") if backend == "sqlite" else None
    browser.execute_script("window.notReloaded = true")
    clerk = store.login("mai", "mai12345")
    clerk.queue.call_next(3)  # the one before
    until(browser, lambda d: d.find_element(By.ID, "ahead").text == "0")
    called = clerk.queue.call_next(3)
    assert called.code == ticket.code
    overlay = until(browser, lambda d: d.find_element(By.ID, "overlay") if d.find_element(By.ID, "overlay")
                    .is_displayed() else None)
    assert "Mời đến quầy 3" in overlay.text and ticket.code in overlay.text
    assert browser.execute_script("return window.notReloaded") is True  # pushed, not reloaded
    screenshot(browser, "ticket_called") if backend == "sqlite" else None
    overlay.click()
    clerk.queue.start_serving(3)
    clerk.queue.finish(3)
    button = until(browser, lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "button.score3")), None))
    assert "Bạn có hài lòng với việc phục vụ không?" in page_text(browser)
    screenshot(browser, "ticket_rating") if backend == "sqlite" else None
    button.click()
    until(browser, lambda d: "Cảm ơn bạn đã đánh giá." in page_text(d))
    with store.ctx.read() as s:
        rating = s.scalars(select(Rating).where(Rating.ticket_id == ticket.id)).one()
    assert (rating.score, rating.user_id) == (3, clerk.ctx.actor.user_id)  # against the ticket, counter, clerk
    assert rating.counter_id == store.queue.ticket(ticket.code).counter_id
    browser.get(link)  # asked once: no question on a second visit
    assert "Cảm ơn bạn đã đánh giá." in page_text(browser) and not browser.find_elements(By.CSS_SELECTOR, "form.rating")


def test_a_booking_made_on_the_phone_checks_in_at_the_kiosk(office, browser):
    store, site, backend = office
    if backend != "sqlite":
        pytest.skip("the booking's pages are the same on both databases; the store's tests cover PostgreSQL")
    browser.get(f"{site.url}/book/B")
    options = Select(browser.find_element(By.ID, "slot")).options
    assert options and "còn 3 chỗ" in options[0].text
    screenshot(browser, "book")
    Select(browser.find_element(By.ID, "slot")).select_by_index(0)
    for name, value in AN.items():
        browser.find_element(By.ID, name).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    code = until(browser, lambda d: next(iter(d.find_elements(By.ID, "code")), None)).text
    assert len(code) == 9 and code[4] == "-"
    assert browser.find_elements(By.CSS_SELECTOR, ".qr svg")
    assert AN["id_number"] not in browser.current_url and AN["phone"] not in browser.current_url
    screenshot(browser, "booked")
    # at the kiosk on the booked day, at the session's start: "Tôi đã đặt lịch" with the code
    slot = store.phones.appointment_slots("B")[0]
    kiosk = Store.open(site.db_url, clock=FixedClock(slot.starts + timedelta(minutes=5)), migrate=False)
    try:
        check_in = kiosk.phones.check_in_appointment(code=code)
    finally:
        kiosk.close()
    assert check_in.ticket.code.startswith("B")
    browser.get(f"{site.url}/booking")
    browser.find_element(By.ID, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "button[value=show]").click()
    until(browser, lambda d: "Đã đến, đã nhận số" in page_text(d))
    assert check_in.ticket.code in page_text(browser)
    screenshot(browser, "booking_status")


def test_the_office_page_catalog_and_dossier_look_up(office, browser):
    store, site, backend = office
    if backend != "sqlite":
        pytest.skip("read-only pages: once is enough")
    mine = store.queue.issue_ticket("B").code  # a call of its own: the page lists the last calls
    clerk = store.login("mai", "mai12345")
    while (called := clerk.queue.call_next(3)) is not None and called.code != mine:
        pass  # whatever an earlier test left waiting at counter 3 is called first
    browser.get(site.url)
    assert "Hàng chờ hôm nay" in page_text(browser) and "Tư pháp - Hộ tịch" in page_text(browser)
    assert mine in browser.find_element(By.CSS_SELECTOR, "#calls").text
    screenshot(browser, "office")
    browser.get(f"{site.url}/procedures?q=ho tich")  # no diacritics
    found = [li.text.lower() for li in browser.find_elements(By.CSS_SELECTOR, "#procedures li")]
    assert found and all("hộ tịch" in text for text in found)
    screenshot(browser, "procedures")
    browser.find_elements(By.CSS_SELECTOR, "#procedures a")[0].click()
    until(browser, lambda d: "Thành phần hồ sơ" in page_text(d))
    assert "Thời hạn giải quyết" in page_text(browser) and "Nơi nộp" in page_text(browser)
    screenshot(browser, "procedure")
    browser.get(f"{site.url}/dossier")
    browser.find_element(By.ID, "code").send_keys("KHONG-CO")
    browser.find_element(By.ID, "check").send_keys("123456")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    until(browser, lambda d: "Không tìm thấy hồ sơ" in page_text(d))
    # a real dossier, by its code and the receipt's check code: the person masked, as on the kiosk
    dossier = store.login("lan", "lan12345").dossiers.receive_dossier(
        procedure="1.000894.000.00.00.H10", applicant_name="Nguyễn Văn An", applicant_id_number="092085001234",
        phone="0912345678", address="12 Lê Lợi, phường Thốt Nốt, TP Cần Thơ")
    browser.get(f"{site.url}/dossier")
    browser.find_element(By.ID, "code").send_keys(dossier.code)
    browser.find_element(By.ID, "check").send_keys(dossier.check_code)
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    shown = until(browser, lambda d: d.find_element(By.ID, "dossier")).text
    assert dossier.code in shown and "Nguyễn Văn An" not in shown and "092085001234" not in page_text(browser)
    assert dossier.check_code not in browser.current_url  # POSTed: nothing of it in the address
    screenshot(browser, "dossier")
    browser.get(f"{site.url}/remote/B")
    assert "Lấy số từ xa" in page_text(browser)
    screenshot(browser, "remote")
    browser.get(f"{site.url}/lang/en?next=/")
    assert "Today's queue" in page_text(browser)
    browser.get(f"{site.url}/lang/vi?next=/")


def test_forged_tokens_oversized_fields_and_over_the_limit_get_one_vietnamese_answer(office):
    store, site, backend = office
    if backend != "sqlite":
        pytest.skip("the refusals are the pages' own; the store's limits are tested on both databases")
    with store.ctx.read() as s:
        before = (s.scalar(select(func.count()).select_from(Ticket)), s.scalar(select(func.count()).select_from(Appointment)))
    with httpx.Client(base_url=site.url, timeout=30, follow_redirects=False) as web:
        forged = web.get("/t/AAAAAAAAAAAAAAAAAAAAAA")
        assert forged.status_code == 404 and NOT_FOUND in forged.text
        assert web.get("/t/%2e%2e%2fetc").status_code == 404
        form = web.get("/book/B")
        csrf = web.cookies["motcua_csrf"]
        slot = form.text.split('option value="')[-1].split('"')[0]  # the last session: no one booked it yet
        no_csrf = web.post("/book/B", data={"slot": slot, **AN})
        assert no_csrf.status_code == 403 and "Biểu mẫu đã hết hạn" in no_csrf.text
        huge = web.post("/book/B", data={"slot": slot, "csrf": csrf, **AN, "full_name": "A" * 10_240})
        assert huge.status_code == 413 and "quá dài" in huge.text
        bad_id = web.post("/book/B", data={"slot": slot, "csrf": csrf, **AN, "id_number": "12345"})
        assert bad_id.status_code == 400 and "Số căn cước phải có đúng 12 chữ số." in bad_id.text
        with store.ctx.read() as s:
            assert (s.scalar(select(func.count()).select_from(Ticket)),
                    s.scalar(select(func.count()).select_from(Appointment))) == before
        person = {**AN, "id_number": "079301000999", "phone": "0987654321"}
        made = [web.post("/book/B", data={"slot": slot, "csrf": csrf, **person}) for _ in range(3)]
        assert [r.status_code for r in made] == [200, 200, 400]  # 2 a day per person (the manager's rule)
        assert "tối đa 2 số trong một ngày" in made[2].text
        # one address books at most 10 at once, then 2 a minute: the next is refused before the store is asked
        answers = [web.post("/book/B", data={"slot": slot, "csrf": csrf, **AN, "id_number": "1"}) for _ in range(12)]
        assert answers[-1].status_code == 429 and "Bạn thao tác quá nhanh" in answers[-1].text
        with store.ctx.read() as s:
            assert s.scalar(select(func.count()).select_from(Appointment)) == before[1] + 2
        remote = web.post("/remote/B", data={"csrf": csrf, **AN, "id_number": "079301000888"})
        assert remote.status_code == 303 and remote.headers["location"].startswith("/t/")
        assert "B0" in web.get(remote.headers["location"]).text


def test_the_office_server_serves_the_pages_on_plain_http_beside_its_tls_api(office, tmp_path):
    store, site, backend = office
    if backend != "sqlite":
        pytest.skip("the same pages; the server's start is what is tested")
    server = OfficeServer.start(tmp_path / "server", site.db_url)
    try:
        ticket = store.queue.issue_ticket("B")
        token = store.phones.phone_token(ticket.id)
        pages = f"http://127.0.0.1:{server.web_port}"
        assert "Hàng chờ hôm nay" in httpx.get(f"{pages}/", timeout=30).text
        assert ticket.code in httpx.get(f"{pages}/t/{token}", timeout=30).text
        assert httpx.get(f"{server.url}/api/time", verify=False, timeout=30).status_code == 200  # TLS as before
    finally:
        server.stop()
