"""The public directory and vendor pages: verified only, Vietnamese search, filters, pages."""
from sqlalchemy import select

from accounts.models import AuditEvent
from catalog.models import SearchDocument
from extensions import db
from tests.helpers import first_user, text


def test_the_directory_lists_only_verified_vendors(client, make_vendor):
    make_vendor("verified", legal_name="Công ty Đã Xác Minh")
    make_vendor("pending", legal_name="Công ty Đang Chờ")
    make_vendor("rejected", legal_name="Công ty Bị Từ Chối")
    response = client.get("/vendors/")
    assert response.status_code == 200
    body = text(response)
    assert "Công ty Đã Xác Minh" in body and "1 nhà cung cấp" in body
    assert "Công ty Đang Chờ" not in body and "Công ty Bị Từ Chối" not in body
    assert 'href="/vendors/">Nhà cung cấp</a>' in body  # nav link


def test_search_ignores_case_and_diacritics(client, make_vendor):
    saoviet = make_vendor(legal_name="Công ty Cổ phần Giải pháp Số Sao Việt", short_name="SVS")
    make_vendor(legal_name="Công ty TNHH Mây Xanh", province="da-nang",
                address="Khu công viên phần mềm")
    for query in ("sao viet", "SAO VIỆT", "giai phap so", "svs", saoviet.tax_code):
        body = text(client.get("/vendors/", query_string={"q": query}))
        assert "Sao Việt" in body and "Mây Xanh" not in body, query
    by_province = text(client.get("/vendors/?q=da+nang"))
    assert "Mây Xanh" in by_province and "Sao Việt" not in by_province
    assert "Kết quả tìm “khong co gi”: 0 nhà cung cấp" in text(
        client.get("/vendors/?q=khong+co+gi"))


def test_name_matches_rank_above_address_matches(client, make_vendor):
    make_vendor(legal_name="Công ty Alpha", address="Số 1 đường Sao Việt")
    make_vendor(legal_name="Công ty Sao Việt")
    body = text(client.get("/vendors/?q=sao+việt"))
    assert body.index("Công ty <mark>Sao Việt</mark>") < body.index("Công ty Alpha")


def test_a_one_character_query_finds_no_vendor_and_asks_for_two(client, make_vendor):
    make_vendor(legal_name="Công ty Đông Đô")
    for query in ("đ", "Đ", "c"):
        body = text(client.get("/vendors/", query_string={"q": query}))
        assert "Nhập ít nhất 2 ký tự để tìm kiếm." in body, query
        assert "Đông Đô" not in body and 'class="card"' not in body, query
    assert "Công ty <mark>Đông Đô</mark>" in text(client.get("/vendors/?q=dong+do"))


def test_the_directory_marks_the_words_found(client, make_vendor):
    vendor = make_vendor(legal_name="Công ty Giải pháp Số", short_name="GPS",
                         province="da-nang")
    body = text(client.get("/vendors/?q=giai+phap"))
    assert "Công ty <mark>Giải pháp</mark> Số" in body
    assert f'<span class="code"><mark>{vendor.tax_code}</mark></span>' in text(
        client.get("/vendors/", query_string={"q": vendor.tax_code}))
    assert "<mark>GPS</mark>" in text(client.get("/vendors/?q=gps"))
    assert "<mark>Đà Nẵng</mark>" in text(client.get("/vendors/?q=da+nang"))


def test_every_save_reindexes_the_vendor(client, make_vendor, login):
    vendor = make_vendor(legal_name="Công ty Tên Cũ")
    login(first_user(vendor))
    client.post("/vendors/profile/edit", data={
        "legal_name": "Công ty Tên Cũ", "short_name": "Hải Đăng", "address": "Số 9 phố Huế",
        "province": "hue", "phone": "024 3555 0000", "email": "a@b.vn",
        "representative": "A", "representative_position": "Giám đốc"})
    document = db.session.scalar(select(SearchDocument).where(
        SearchDocument.kind == "vendor", SearchDocument.object_id == vendor.id))
    assert document.name == f"cong ty ten cu hai dang {vendor.tax_code}"
    assert document.body == "so 9 pho hue hue" and "hải đăng" in document.exact
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "vendor.update")) == "vendor.update"
    assert "Tên Cũ" in text(client.get("/vendors/?q=hai+dang"))


def test_filters_by_service_category_and_province(client, make_vendor, make_offering):
    cloud = make_vendor(legal_name="Công ty Mây", province="ha-noi")
    software = make_vendor(legal_name="Công ty Phần Mềm", province="ho-chi-minh")
    drafts = make_vendor(legal_name="Công ty Nháp", province="ha-noi")
    make_offering(cloud, "HT-001")
    make_offering(software, "PM-002")
    make_offering(drafts, "HT-001", publish=False)

    def names(query):
        body = text(client.get("/vendors/?" + query))
        return {n for n in ("Công ty Mây", "Công ty Phần Mềm", "Công ty Nháp") if n in body}

    assert names("service=HT-001") == {"Công ty Mây"}
    assert names("category=PM") == {"Công ty Phần Mềm"}
    assert names("province=ha-noi") == {"Công ty Mây", "Công ty Nháp"}
    assert names("province=ha-noi&category=HT") == {"Công ty Mây"}
    assert names("service=PM-002&province=ha-noi") == set()
    listing = text(client.get("/vendors/?province=ho-chi-minh"))
    assert 'href="/catalog/services/PM-002"' in listing  # offered service codes on the card


def test_unknown_filter_codes_are_a_404(client, registry):
    for query in ("service=ZZ-999", "category=ZZ", "province=atlantis"):
        assert client.get("/vendors/?" + query).status_code == 404, query


def test_the_directory_is_paginated(app, client, make_vendor):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        make_vendor(legal_name=f"Công ty Số {n}")
    first = text(client.get("/vendors/"))
    assert "Trang 1 / 3" in first and 'rel="next"' in first and "5 nhà cung cấp" in first
    assert text(client.get("/vendors/?page=3")).count('class="card"') == 1
    assert client.get("/vendors/?page=abc").status_code == 200


def test_the_vendor_page_shows_profile_certifications_and_published_offerings(
        client, make_vendor, make_offering, make_certification):
    vendor = make_vendor(legal_name="Công ty Hồ Sơ Đầy Đủ", bank_account="1234567890",
                         bank_name="Ngân hàng Thử", website="https://hoso.example.vn")
    make_certification(vendor, "attt", number="GP-ATTT-01")
    make_offering(vendor, "PM-001", description="Gói dịch vụ công đã công bố")
    make_offering(vendor, "PM-002", description="Gói còn là bản nháp", publish=False)
    response = client.get(f"/vendors/{vendor.tax_code}")
    assert response.status_code == 200
    body = text(response)
    for expected in ("Công ty Hồ Sơ Đầy Đủ", vendor.tax_code, "Hà Nội", "024 3555 0000",
                     "Nguyễn Văn A – Giám đốc", "https://hoso.example.vn", "GP-ATTT-01",
                     "Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
                     "Gói dịch vụ công đã công bố", "PM-001 – Dịch vụ công trực tuyến"):
        assert expected in body, expected
    assert "Gói còn là bản nháp" not in body
    assert "1234567890" not in body  # bank details stay with the vendor and admins


def test_an_unverified_vendor_page_is_hidden_from_the_public_but_not_its_owner_or_admin(
        client, make_vendor, make_user, login):
    vendor = make_vendor("pending", legal_name="Công ty Đang Chờ")
    assert client.get(f"/vendors/{vendor.tax_code}").status_code == 404
    assert client.get("/vendors/0000000000").status_code == 404
    login(first_user(vendor))
    assert "chưa công khai" in text(client.get(f"/vendors/{vendor.tax_code}"))
    client.post("/accounts/logout")
    login(make_user("agency_staff"))
    assert client.get(f"/vendors/{vendor.tax_code}").status_code == 404
    client.post("/accounts/logout")
    login(make_user("admin"))
    page = text(client.get(f"/vendors/{vendor.tax_code}"))
    assert "Công ty Đang Chờ" in page and "Xác minh</a>" in page


def test_vendor_pages_load_no_script_and_no_outside_asset(client, make_vendor, make_offering):
    vendor = make_vendor()
    offering = make_offering(vendor, "HT-001")
    for url in ("/vendors/", f"/vendors/{vendor.tax_code}", "/vendors/register",
                f"/vendors/compare?service=HT-001&offering={offering.id}",
                "/catalog/services/HT-001"):
        body = text(client.get(url))
        assert "<script" not in body and 'src="http' not in body, url
        assert 'rel="stylesheet" href="/static/' in body, url
        assert '<html lang="vi">' in body and "<h1>" in body, url
