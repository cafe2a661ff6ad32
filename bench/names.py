"""Small Vietnamese word lists and the generators that combine them into plausible records.

Every name, address and phone number here is made up; tax codes are computed to pass the
check digit (accounts.tax_code) and belong to no real enterprise.
"""
import random

from accounts.tax_code import check_digit
from catalog.search import words

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Hoài",
          "Xuân", "Gia", "Bảo", "Kim", "Anh", "Mạnh", "Thùy", "Công")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm",
         "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Khoa", "Đạt", "Giang", "Hiếu", "Khánh",
         "Lộc", "Nhung", "Oanh", "Quyên", "Thắng", "Trí", "Vinh", "Xuân", "Huy")
STREETS = ("Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
           "Điện Biên Phủ", "Nguyễn Trãi", "Lê Duẩn", "Quang Trung", "Hùng Vương",
           "Phạm Văn Đồng", "Võ Nguyên Giáp", "Nguyễn Văn Cừ", "Trường Chinh",
           "Cách Mạng Tháng Tám", "Lê Thánh Tông", "Bà Triệu", "Nguyễn Du", "Duy Tân",
           "Hoàng Văn Thụ", "Trần Phú", "Ngô Quyền", "Lạc Long Quân", "Tôn Đức Thắng")
SYLLABLES = ("Tân", "Phú", "Hòa", "An", "Bình", "Thạnh", "Long", "Mỹ", "Đông", "Tây",
             "Hưng", "Thái", "Quang", "Xuân", "Vĩnh", "Phước", "Thuận", "Hiệp", "Lộc",
             "Thịnh", "Trung", "Nam", "Bắc", "Sơn", "Hải", "Thủy", "Lâm", "Hà", "Cẩm", "Kim")
BRANDS = ("Sao Việt", "Phương Nam", "Hồng Hà", "Trường An", "Minh Phát", "Thành Công",
          "Đông Á", "Bắc Việt", "Hưng Thịnh", "Toàn Cầu", "Ánh Dương", "Hoàng Long",
          "Thái Bình Dương", "Kim Cương", "Tân Tiến", "Việt Tiến", "Lạc Hồng", "Đại Việt",
          "Sông Hàn", "Mây Xanh", "Trí Tuệ", "Bách Khoa", "Sáng Tạo", "Phù Đổng", "Rồng Vàng",
          "Hải Đăng", "Cửu Long", "Trường Sơn", "Tây Nguyên", "Thăng Long", "Nam Việt",
          "Tiên Phong", "Hợp Nhất", "Kết Nối", "Số Hóa", "Điện Toán", "Đỉnh Cao", "An Phát")
COMPANY_FORMS = (("Công ty Cổ phần", "JSC"), ("Công ty TNHH", "CO., LTD"),
                 ("Công ty TNHH Một thành viên", "CO., LTD"))
FIELDS = ("Công nghệ", "Giải pháp Phần mềm", "Dịch vụ Số", "Hệ thống Thông tin", "Viễn thông",
          "Tin học", "Truyền thông và Công nghệ", "An ninh mạng", "Dữ liệu", "Điện toán Đám mây",
          "Chuyển đổi số", "Phát triển Phần mềm")
POSITIONS = ("Giám đốc", "Tổng Giám đốc", "Chủ tịch Hội đồng quản trị", "Phó Tổng Giám đốc")
BANKS = ("Ngân hàng TMCP Ngoại thương Việt Nam", "Ngân hàng TMCP Công Thương Việt Nam",
         "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
         "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
         "Ngân hàng TMCP Kỹ thương Việt Nam", "Ngân hàng TMCP Quân đội",
         "Ngân hàng TMCP Á Châu", "Ngân hàng TMCP Sài Gòn Thương Tín")
HOSTING = ("Trung tâm dữ liệu của tỉnh", "Trung tâm dữ liệu Hòa Lạc, Hà Nội",
           "Trung tâm dữ liệu Tân Thuận, Thành phố Hồ Chí Minh",
           "Trung tâm dữ liệu Khu công viên phần mềm, Đà Nẵng",
           "Đám mây chính phủ đặt tại Việt Nam", "Trung tâm dữ liệu Cầu Giấy, Hà Nội",
           "Trung tâm dữ liệu của nhà cung cấp đạt TCVN 9250:2021")
ISSUERS = ("BSI Việt Nam", "TÜV Rheinland Việt Nam", "Bureau Veritas Việt Nam",
           "SGS Việt Nam", "Cục An toàn thông tin")
# Agencies of a province: (name pattern, short name); {p} is "tỉnh X" or "thành phố X".
DEPARTMENTS = (
    ("Sở Khoa học và Công nghệ {p}", "SKHCN"), ("Sở Tài chính {p}", "STC"),
    ("Sở Y tế {p}", "SYT"), ("Sở Giáo dục và Đào tạo {p}", "SGDĐT"),
    ("Sở Nội vụ {p}", "SNV"), ("Sở Tư pháp {p}", "STP"),
    ("Sở Nông nghiệp và Môi trường {p}", "SNNMT"), ("Sở Xây dựng {p}", "SXD"),
    ("Sở Công Thương {p}", "SCT"), ("Sở Văn hóa, Thể thao và Du lịch {p}", "SVHTTDL"),
    ("Văn phòng Ủy ban nhân dân {p}", "VPUB"), ("Thanh tra {p}", "TTr"),
    ("Bệnh viện Đa khoa {p}", "BVĐK"), ("Trung tâm Phục vụ hành chính công {p}", "TTPVHCC"),
    ("Sở Dân tộc và Tôn giáo {p}", "SDTTG"), ("Sở Ngoại vụ {p}", "SNgV"),
)
LOCAL_UNITS = (("Ủy ban nhân dân phường {w}, {p}", "UBND"),
               ("Ủy ban nhân dân xã {w}, {p}", "UBND"),
               ("Trường Trung học phổ thông {w}, {p}", "THPT"),
               ("Trung tâm Y tế khu vực {w}, {p}", "TTYT"))
EXTRA_SERVICE_VARIANTS = (
    "cho cấp xã, phường", "cho bệnh viện và cơ sở y tế", "phiên bản mở rộng",
    "trên thiết bị di động", "tích hợp trí tuệ nhân tạo", "cho trường học",
    "vùng dữ liệu riêng", "cho khối đảng, đoàn thể", "dùng chung toàn tỉnh",
    "theo mô hình đám mây lai", "có hỗ trợ tại chỗ", "cho doanh nghiệp nhà nước",
)


def person(rng: random.Random) -> str:
    """A Vietnamese full name: family, middle and given name."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def place_name(rng: random.Random) -> str:
    """A two-syllable ward, commune or school name (Tân Phú, Vĩnh Lộc...)."""
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first} {second}"


def province_label(name: str, kind: str) -> str:
    """ "thành phố Hà Nội" or "tỉnh Lào Cai". """
    return f"{'thành phố' if kind == 'city' else 'tỉnh'} {name}"


def address(rng: random.Random, province: str) -> str:
    """A street address in a province."""
    return (f"Số {rng.randint(1, 299)} đường {rng.choice(STREETS)}, "
            f"phường {place_name(rng)}, {province}")


def phone(rng: random.Random) -> str:
    """A landline in the 0xx xxxx xxxx shape."""
    return f"0{rng.choice(('24', '28', '236', '292', '208', '225', '251'))} " \
           f"{rng.randint(3000, 3999)} {rng.randint(100, 999)}"


def slug(text: str) -> str:
    """Folded ASCII for e-mail domains: "Sao Việt" -> "saoviet"."""
    return "".join(words(text))


def company(rng: random.Random, province: str) -> tuple[str, str]:
    """A company's legal and short name, sometimes carrying its province's name."""
    form, suffix = rng.choice(COMPANY_FORMS)
    brand = rng.choice(BRANDS)
    legal = f"{form} {rng.choice(FIELDS)} {brand}"
    if rng.random() < 0.5:
        legal += f" {province}"
    short = f"{slug(brand).upper()} {suffix}"[:60]
    return legal, short


def tax_codes(start: int = 100_100_000, step: int = 37):
    """An endless stream of distinct 10-digit tax codes that pass the check digit."""
    base = start
    while True:
        first_nine = f"{base:09d}"
        digit = check_digit(first_nine)
        if digit is not None:
            yield first_nine + str(digit)
        base += step
