"""A demo office of today: a ward's public administrative service centre, 8 fields, 6 counters, staff,
~40 procedures, and (for `motcua demo` and the screenshots) a month of past dossiers in every state.

Since 1/7/2025 there are no districts: a ward (phường) receives the procedures
the district did, at its Trung tâm Phục vụ hành chính công (Nghị định
118/2025/NĐ-CP). Procedure names, documents, days and fees follow a published
list; the codes have the national database's shape but are illustrative.
Used by `motcua demo`, the screenshots and the tests that need a lived-in office.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from db.store import Store

OFFICE = {
    "agency_code": "000.00.20.H10",
    "name": "UBND phường Thốt Nốt",
    "header": "Trung tâm Phục vụ hành chính công phường Thốt Nốt",
    "kiosk_footer": "Cảm ơn quý công dân! Đường dây nóng: 0292 3851 205",
    "address": "Khu vực Phụng Thạnh 1, phường Thốt Nốt, thành phố Cần Thơ",
}

# code, name, English name, prefix, SLA minutes
FIELDS = [
    ("DD", "Đất đai", "Land", "A", 20),
    ("TP", "Tư pháp - Hộ tịch", "Justice - Civil status", "B", 15),
    ("LD", "Lao động - Thương binh và Xã hội", "Labour, invalids and social affairs", "C", 15),
    ("KD", "Đăng ký kinh doanh", "Business registration", "D", 15),
    ("XD", "Xây dựng", "Construction", "E", 20),
    ("NV", "Nội vụ", "Home affairs", "F", 15),
    ("CT", "Chứng thực", "Certification", "G", 10),
    ("TN", "Tài nguyên - Môi trường", "Natural resources and environment", "H", 20),
]

# counter number, name, fields in order of preference
COUNTERS = [
    (1, "Quầy 1 - Đất đai", ["A", "H"]),
    (2, "Quầy 2 - Đất đai, Xây dựng", ["A", "E"]),
    (3, "Quầy 3 - Tư pháp - Hộ tịch", ["B", "G"]),
    (4, "Quầy 4 - Chứng thực", ["G", "B"]),
    (5, "Quầy 5 - LĐTBXH, Nội vụ", ["C", "F"]),
    (6, "Quầy 6 - Kinh doanh, Môi trường", ["D", "H"]),
]

DEMO_PIN = "2468"  # the kiosk's exit PIN in the demo

USERS = [
    ("quanly", "Trần Minh Quang", "quanly123", "manager"),
    ("admin", "Quản trị hệ thống", "admin123", "admin"),
    ("lan", "Nguyễn Thị Lan", "lan12345", "clerk"),
    ("hung", "Lê Văn Hùng", "hung12345", "clerk"),
    ("mai", "Phạm Thị Mai", "mai12345", "clerk"),
    ("tuan", "Võ Anh Tuấn", "tuan12345", "clerk"),
    ("thao", "Huỳnh Thanh Thảo", "thao12345", "clerk"),
    ("khoa", "Đặng Minh Khoa", "khoa12345", "clerk"),
]

O, C, OC = "original", "copy", "original_or_copy"
TO_KHAI = "Tờ khai theo mẫu"
CCCD = "Căn cước công dân"

# code, field, name, working days, fee, documents [(name, form, qty)], online level, agency
PROCEDURES = [
    ("1.004227.000.00.00.H10", "A", "Đăng ký biến động quyền sử dụng đất do đổi tên, thay đổi thông tin người sử dụng đất", 10, "Theo Nghị quyết HĐND thành phố",
     [("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", O, 1), ("Giấy chứng nhận đã cấp", O, 1), ("Giấy tờ chứng minh nội dung biến động", C, 1)], "Một phần", "Văn phòng đăng ký đất đai chi nhánh khu vực Thốt Nốt"),
    ("1.004203.000.00.00.H10", "A", "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", 20, "100.000 đồng",
     [("Đơn đăng ký, cấp Giấy chứng nhận", O, 1), ("Giấy tờ về quyền sử dụng đất", C, 1), ("Sơ đồ thửa đất", O, 1), ("Chứng từ thực hiện nghĩa vụ tài chính", C, 1)], "Một phần", "Văn phòng đăng ký đất đai chi nhánh khu vực Thốt Nốt"),
    ("1.004221.000.00.00.H10", "A", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền", 15, "Theo quy định",
     [("Đơn xin chuyển mục đích sử dụng đất", O, 1), ("Giấy chứng nhận quyền sử dụng đất", O, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.004199.000.00.00.H10", "A", "Tách thửa hoặc hợp thửa đất", 15, "Theo Nghị quyết HĐND thành phố",
     [("Đơn đề nghị tách thửa, hợp thửa", O, 1), ("Giấy chứng nhận đã cấp", O, 1)], "Một phần", "Văn phòng đăng ký đất đai chi nhánh khu vực Thốt Nốt"),
    ("1.004193.000.00.00.H10", "A", "Cấp đổi Giấy chứng nhận quyền sử dụng đất", 7, "50.000 đồng",
     [("Đơn đề nghị cấp đổi Giấy chứng nhận", O, 1), ("Giấy chứng nhận đã cấp", O, 1)], "Một phần", "Văn phòng đăng ký đất đai chi nhánh khu vực Thốt Nốt"),
    ("1.004245.000.00.00.H10", "A", "Xóa đăng ký cho thuê, cho thuê lại, góp vốn bằng quyền sử dụng đất", 3, "Miễn phí",
     [("Văn bản thanh lý hợp đồng", O, 1), ("Giấy chứng nhận đã cấp", O, 1)], "Toàn trình", "Văn phòng đăng ký đất đai chi nhánh khu vực Thốt Nốt"),
    ("1.001193.000.00.00.H10", "B", "Đăng ký khai sinh", 0.5, "Miễn phí (đăng ký đúng hạn)",
     [(TO_KHAI, O, 1), ("Giấy chứng sinh", O, 1), (CCCD + " của người đi đăng ký", OC, 1)], "Toàn trình", "UBND phường"),
    ("1.001022.000.00.00.H10", "B", "Đăng ký khai tử", 0.5, "Miễn phí (đăng ký đúng hạn)",
     [(TO_KHAI, O, 1), ("Giấy báo tử hoặc giấy tờ thay thế", O, 1)], "Toàn trình", "UBND phường"),
    ("1.000894.000.00.00.H10", "B", "Đăng ký kết hôn", 1, "Miễn lệ phí",
     [(TO_KHAI, O, 1), (CCCD + " của hai bên", OC, 2)], "Một phần", "UBND phường"),
    ("1.004746.000.00.00.H10", "B", "Cấp bản sao trích lục hộ tịch", 0.5, "8.000 đồng/bản",
     [(TO_KHAI, O, 1)], "Toàn trình", "Văn phòng HĐND và UBND phường"),
    ("1.004772.000.00.00.H10", "B", "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", 3, "28.000 đồng",
     [(TO_KHAI, O, 1), ("Giấy tờ làm căn cứ thay đổi, cải chính", C, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000635.000.00.00.H10", "B", "Đăng ký khai sinh có yếu tố nước ngoài", 3, "75.000 đồng",
     [(TO_KHAI, O, 1), ("Giấy chứng sinh", O, 1), ("Văn bản thỏa thuận chọn quốc tịch", O, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("1.005136.000.00.00.H10", "B", "Đăng ký nhận cha, mẹ, con", 3, "Miễn phí",
     [(TO_KHAI, O, 1), ("Chứng cứ chứng minh quan hệ cha, mẹ, con", C, 1)], "Một phần", "UBND phường"),
    ("1.001776.000.00.00.H10", "C", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", 7, "Không",
     [("Tờ khai đề nghị trợ giúp xã hội", O, 1), (CCCD, C, 1)], "Một phần", "Phòng Văn hóa - Xã hội"),
    ("1.001758.000.00.00.H10", "C", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 3, "Không",
     [("Tờ khai đề nghị hỗ trợ chi phí mai táng", O, 1), ("Giấy chứng tử", C, 1)], "Một phần", "Phòng Văn hóa - Xã hội"),
    ("1.010801.000.00.00.H10", "C", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 10, "Không",
     [("Bản khai đề nghị", O, 1), ("Giấy chứng nhận gia đình liệt sĩ", C, 1)], "Một phần", "Phòng Văn hóa - Xã hội"),
    ("1.001699.000.00.00.H10", "C", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", 20, "Không",
     [("Đơn đề nghị xác định mức độ khuyết tật", O, 1), ("Hồ sơ bệnh án, giấy tờ khám chữa bệnh", C, 1)], "Một phần", "UBND phường"),
    ("2.000509.000.00.00.H10", "C", "Cấp giấy phép lao động cho người nước ngoài", 5, "Theo quy định",
     [("Văn bản đề nghị cấp giấy phép lao động", O, 1), ("Giấy chứng nhận sức khỏe", O, 1), ("Hộ chiếu", C, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000720.000.00.00.H10", "D", "Đăng ký thành lập hộ kinh doanh", 3, "100.000 đồng",
     [("Giấy đề nghị đăng ký hộ kinh doanh", O, 1), (CCCD + " của chủ hộ", C, 1)], "Toàn trình", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("2.000575.000.00.00.H10", "D", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, "50.000 đồng",
     [("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", O, 1), ("Giấy chứng nhận đăng ký hộ kinh doanh", O, 1)], "Toàn trình", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("2.000583.000.00.00.H10", "D", "Tạm ngừng hoạt động hộ kinh doanh", 3, "Miễn phí",
     [("Thông báo tạm ngừng kinh doanh", O, 1)], "Toàn trình", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("2.000605.000.00.00.H10", "D", "Chấm dứt hoạt động hộ kinh doanh", 3, "Miễn phí",
     [("Thông báo chấm dứt hoạt động", O, 1), ("Giấy chứng nhận đăng ký hộ kinh doanh", O, 1)], "Toàn trình", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.001266.000.00.00.H10", "D", "Cấp Giấy phép bán lẻ sản phẩm thuốc lá", 15, "1.100.000 đồng",
     [("Đơn đề nghị cấp giấy phép", O, 1), ("Hợp đồng với thương nhân phân phối", C, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.009994.000.00.00.H10", "E", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", 15, "75.000 đồng",
     [("Đơn đề nghị cấp giấy phép xây dựng", O, 1), ("Giấy tờ chứng minh quyền sử dụng đất", C, 1), ("Bản vẽ thiết kế xây dựng", O, 2)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.009995.000.00.00.H10", "E", "Cấp giấy phép sửa chữa, cải tạo công trình", 15, "75.000 đồng",
     [("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", O, 1), ("Bản vẽ hiện trạng", O, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.009996.000.00.00.H10", "E", "Gia hạn giấy phép xây dựng", 5, "15.000 đồng",
     [("Đơn đề nghị gia hạn", O, 1), ("Giấy phép xây dựng đã được cấp", O, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.009997.000.00.00.H10", "E", "Cấp giấy phép di dời công trình", 15, "75.000 đồng",
     [("Đơn đề nghị cấp giấy phép di dời", O, 1), ("Bản vẽ tổng mặt bằng nơi di dời", O, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.003622.000.00.00.H10", "F", "Công nhận ban vận động thành lập hội", 30, "Không",
     [("Đơn đề nghị công nhận", O, 1), ("Danh sách người trong ban vận động", O, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("1.001078.000.00.00.H10", "F", "Thông báo tổ chức lễ hội cấp xã", 5, "Không",
     [("Văn bản thông báo", O, 1)], "Toàn trình", "Văn phòng HĐND và UBND phường"),
    ("1.000775.000.00.00.H10", "F", "Khen thưởng thành tích đột xuất", 10, "Không",
     [("Tờ trình đề nghị khen thưởng", O, 1), ("Báo cáo tóm tắt thành tích", O, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000908.000.00.00.H10", "G", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 0.5, "2.000 đồng/trang",
     [("Bản chính giấy tờ cần chứng thực", O, 1), ("Bản sao cần chứng thực", C, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000884.000.00.00.H10", "G", "Chứng thực chữ ký trong các giấy tờ, văn bản", 0.5, "10.000 đồng/trường hợp",
     [(CCCD, O, 1), ("Giấy tờ, văn bản cần chứng thực chữ ký", O, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.001035.000.00.00.H10", "G", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", 2, "50.000 đồng",
     [("Dự thảo hợp đồng, giao dịch", O, 1), (CCCD + " của người yêu cầu", C, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000815.000.00.00.H10", "G", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", 2, "30.000 đồng",
     [("Dự thảo hợp đồng sửa đổi", O, 1), ("Hợp đồng đã được chứng thực", O, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("2.000927.000.00.00.H10", "G", "Chứng thực di chúc", 2, "50.000 đồng",
     [("Dự thảo di chúc", O, 1), (CCCD + " của người lập di chúc", C, 1)], "Một phần", "Văn phòng HĐND và UBND phường"),
    ("1.004082.000.00.00.H10", "H", "Xác nhận kế hoạch bảo vệ môi trường", 10, "Theo quy định",
     [("Văn bản đề nghị xác nhận", O, 1), ("Kế hoạch bảo vệ môi trường", O, 3)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.010728.000.00.00.H10", "H", "Đăng ký môi trường", 5, "Không",
     [("Văn bản đăng ký môi trường", O, 1)], "Toàn trình", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.004266.000.00.00.H10", "H", "Giải quyết tranh chấp đất đai thuộc thẩm quyền Chủ tịch UBND cấp xã", 45, "Không",
     [("Đơn yêu cầu giải quyết tranh chấp", O, 1), ("Biên bản hòa giải tại UBND phường", C, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("1.003554.000.00.00.H10", "H", "Cấp giấy phép khai thác nước dưới đất quy mô nhỏ", 20, "Theo quy định",
     [("Đơn đề nghị cấp giấy phép", O, 1), ("Báo cáo kết quả thi công giếng", O, 1)], "Một phần", "Phòng Kinh tế, Hạ tầng và Đô thị"),
]


def seed_demo(store: Store, *, past_dossiers: bool = False) -> Store:
    """Fill an empty database with the demo office; returns a manager's store.

    `past_dossiers` adds a month of dossiers before the store's now (see `seed_past_dossiers`);
    the test suite's template leaves them out, its tests count their own dossiers.
    """
    admin = store.as_system()
    admin.setup.setup_office(**OFFICE)
    for position, (code, name, name_en, prefix, sla) in enumerate(FIELDS):
        admin.setup.save_service(code=code, name=name, name_en=name_en, prefix=prefix, sla_minutes=sla, sort_order=position)
    for number, name, fields in COUNTERS:
        admin.setup.save_counter(number=number, name=name, services=fields)
    for username, full_name, password, role in USERS:
        admin.setup.add_user(username, full_name, password, role)
    admin.setup.set_setting("priority_policy", "interleave 3")
    admin.setup.set_kiosk_pin(DEMO_PIN)
    for code, field, name, days, fee, docs, level, agency in PROCEDURES:
        admin.setup.save_procedure(
            code=code, name=name, service=field, processing_days=days, fee=fee,
            documents=[{"name": n, "form": f, "quantity": q} for n, f, q in docs], online_level=level,
            where_to_submit=OFFICE["header"] + ", " + OFFICE["name"], agency=agency,
        )
    if past_dossiers:
        seed_past_dossiers(store)
    return store.as_user("quanly")


class _Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


# what became of a dossier received in the last month, with how often it happens
FATES = (("returned", 5), ("returned_late", 1), ("resolved", 2), ("processing", 3), ("supplement", 1), ("refused", 1),
         ("open", 2), ("apology", 1))


def seed_past_dossiers(store: Store, days: int = 30, seed: int = 2026) -> int:
    """Dossiers received on each working day of the last `days` days, in every state: returned early, on time
    and late, waiting to be collected, with the processing agency, waiting for papers, refused, still open (some
    overdue), late with an apology. Each step happens at its own past moment; returns how many were received."""
    rnd = random.Random(seed)
    now = store.now()
    tz = store.office().tz
    clock = _Clock(now)
    clerks = [store.as_user(name).with_clock(clock) for name in ("lan", "hung", "mai", "tuan")]
    calendar = store.calendar.calendar()
    fates = [f for f, weight in FATES for _ in range(weight)]
    people = ("Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Nam", "Phạm Thu Hà", "Võ Minh Tâm", "Huỳnh Ngọc Lan",
              "Đặng Quốc Bảo", "Bùi Thị Hạnh", "Dương Văn Lộc", "Ngô Thị Mỹ")
    count = 0
    day = now.astimezone(tz).date() - timedelta(days=days)
    while day < now.astimezone(tz).date():
        for session in calendar.working_sessions(day) * 2:
            start, end = calendar.session_hours(day, session)
            span = (datetime.combine(day, end) - datetime.combine(day, start)).seconds // 60 - 20
            at = datetime.combine(day, start, tz) + timedelta(minutes=rnd.randrange(max(span, 1)))
            code, _, _, _, _, _, _, agency = rnd.choice(PROCEDURES)
            clerk, fate = rnd.choice(clerks), rnd.choice(fates)
            clock.at = at
            person = dict(procedure=code, applicant_name=rnd.choice(people),
                          applicant_id_number=f"0920{rnd.randrange(10**8):08d}", phone=f"09{rnd.randrange(10**8):08d}")
            if fate == "refused":
                clerk.dossiers.refuse_dossier(**person, reason="Hồ sơ không thuộc thẩm quyền giải quyết của phường")
                continue
            d = clerk.dossiers.receive_dossier(**person, channel_in=rnd.choice(("direct", "direct", "online", "postal")))
            count += 1
            _live(clerk, clock, d, fate, agency, now, calendar, rnd)
        day += timedelta(days=1)
    clock.at = now
    return count


def _live(clerk, clock: _Clock, d, fate: str, agency: str, now: datetime, calendar, rnd: random.Random) -> None:
    """What happens to dossier `d` after its receipt, each step at its moment, none after `now`."""
    def at(moment: datetime) -> bool:
        clock.at = moment
        return moment < now

    received, due = d.received_at, d.due_at
    if fate == "supplement":
        if at(received + timedelta(minutes=20)):
            clerk.dossiers.request_supplement(d.code, ["Bản sao giấy tờ chứng minh nội dung đề nghị"])
        return
    if fate == "open" or not at(received + timedelta(hours=2)):
        return
    clerk.dossiers.hand_over(d.code, agency)
    if fate == "processing":
        return
    if fate == "apology":
        if at(due - timedelta(hours=1)):
            new_due = calendar.due_date(due, 3).due_at
            clerk.dossiers.issue_apology(d.code, new_due, "Chờ ý kiến của cơ quan phối hợp")
        return
    finish = due + timedelta(days=1) if fate == "returned_late" else \
        received + (due - received) * rnd.uniform(0.3, 0.95)
    if not at(finish):
        return
    clerk.dossiers.mark_resolved(d.code)
    if fate != "resolved" and at(finish + timedelta(hours=rnd.randint(1, 30))):
        clerk.dossiers.return_result(d.code, d.applicant_name)


def has_office(store: Store) -> bool:
    try:
        store.refresh_office()
        store.office()
    except Exception:  # noqa: BLE001 - no office yet
        return False
    return True
