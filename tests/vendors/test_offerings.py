"""Offerings: drafts, publishing, archives, the Decree 224 price rule, the panel and compare."""
from datetime import date

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from catalog.models import Service
from catalog.services import set_service_retired
from extensions import db
from tests.helpers import first_user, text
from vendors import services
from vendors.models import Offering, OfferingArchive

FORM = {
    "service": "HT-001", "description": "Máy chủ ảo đặt tại Hà Nội.",
    "service_levels": "Tính sẵn sàng: ≥ 99,95%/tháng | giám sát tự động mỗi phút\n"
                      "Thời gian phản hồi sự cố: 15 phút | theo phiếu sự cố, hằng tháng",
    "hosting_location": "Trung tâm dữ liệu Hòa Lạc", "security_level": "3",
    "unit": "máy chủ ảo/tháng", "min_term_months": "12", "unit_price": "1.250.000",
    "vat_rate": "10", "price_public": "y",
}
SECRET_PRICE = 987_654_321
SECRET_SPELLINGS = (b"987654321", b"987.654.321", b"987,654,321", b"987 654 321")


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_new_offering_is_a_draft_until_published(client, make_vendor, login):
    vendor = make_vendor()
    login(first_user(vendor))
    page = text(client.get("/vendors/profile/offerings/new?service=HT-001"))
    assert 'selected value="HT-001"' in page and 'value="máy chủ ảo/tháng"' in page
    assert client.post("/vendors/profile/offerings/new", data=FORM).status_code == 302
    offering = db.session.scalar(select(Offering))
    assert offering.status == "draft" and offering.unit_price == 1_250_000
    assert offering.service_levels[1] == {"name": "Thời gian phản hồi sự cố",
                                          "target": "15 phút",
                                          "measure": "theo phiếu sự cố, hằng tháng"}
    assert "offering.create" in actions()
    assert "Máy chủ ảo đặt tại Hà Nội." not in text(client.get(f"/vendors/{vendor.tax_code}"))
    client.post(f"/vendors/profile/offerings/{offering.id}/publish")
    assert db.session.get(Offering, offering.id).status == "published"
    public = text(client.get(f"/vendors/{vendor.tax_code}"))
    assert "Máy chủ ảo đặt tại Hà Nội." in public and "1.250.000 đồng" in public
    client.post(f"/vendors/profile/offerings/{offering.id}/unpublish")
    assert db.session.get(Offering, offering.id).status == "draft"
    assert {"offering.publish", "offering.unpublish"} <= set(actions())
    assert db.session.get(Offering, offering.id).version == 3  # two archived versions


def test_editing_archives_the_previous_version_and_records_the_change(
        client, make_vendor, make_offering, login):
    vendor = make_vendor()
    offering = make_offering(vendor, publish=False, description="Mô tả cũ")
    login(first_user(vendor))
    edit = text(client.get(f"/vendors/profile/offerings/{offering.id}/edit"))
    assert "Mô tả cũ" in edit
    client.post(f"/vendors/profile/offerings/{offering.id}/edit",
                data=dict(FORM, description="Mô tả mới"))
    offering = db.session.get(Offering, offering.id)
    assert offering.description == "Mô tả mới" and offering.version == 2
    archive = db.session.scalar(select(OfferingArchive))
    assert archive.version == 1 and archive.data["description"] == "Mô tả cũ"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "offering.update"))
    assert event.changes["description"] == ["Mô tả cũ", "Mô tả mới"]
    edit = text(client.get(f"/vendors/profile/offerings/{offering.id}/edit"))
    assert "Các phiên bản trước" in edit
    unchanged = client.post(f"/vendors/profile/offerings/{offering.id}/edit",
                            data=dict(FORM, description="Mô tả mới"), follow_redirects=True)
    assert "Không có thay đổi nào." in text(unchanged)
    assert db.session.get(Offering, offering.id).version == 2


def test_a_refused_offering_form_explains_in_vietnamese_and_keeps_what_was_typed(
        client, make_vendor, login):
    login(first_user(make_vendor()))
    bad = dict(FORM, unit_price="một triệu", service_levels="không có dấu hai chấm",
               security_level="", min_term_months="0", vat_rate="7", hosting_location="")
    body = text(client.post("/vendors/profile/offerings/new", data=bad))
    for message in ("Vui lòng nhập số tiền nguyên đồng", "Dòng 1 cần có dạng",
                    "Vui lòng chọn cấp độ.", "Thời hạn từ 1 đến 240 tháng.",
                    "Lựa chọn không hợp lệ.", "Vui lòng nhập trường này."):
        assert message in body, message
    assert "một triệu" in body and "Máy chủ ảo đặt tại Hà Nội." in body
    words = text(client.post("/vendors/profile/offerings/new",
                             data=dict(FORM, min_term_months="x")))
    assert "Vui lòng nhập một số nguyên." in words
    assert db.session.scalar(select(Offering)) is None


def test_only_active_catalog_services_can_be_offered(client, make_vendor, login):
    retired = db.session.scalar(select(Service).where(Service.code == "HT-002"))
    set_service_retired(retired, True)
    db.session.commit()
    login(first_user(make_vendor()))
    page = text(client.get("/vendors/profile/offerings/new"))
    assert "HT-001 – " in page and "HT-002 – " not in page
    body = text(client.post("/vendors/profile/offerings/new", data=dict(FORM, service="HT-002")))
    assert "Lựa chọn không hợp lệ." in body
    assert db.session.scalar(select(Offering)) is None


def test_a_public_price_needs_a_price(client, make_vendor, login):
    login(first_user(make_vendor()))
    body = text(client.post("/vendors/profile/offerings/new", data=dict(FORM, unit_price="")))
    assert "Nhập đơn giá trước khi chọn công khai giá." in body


@pytest.mark.parametrize("changes", [
    {"price_public": ""},  # a price, but not published
    {"unit_price": "", "price_public": ""},  # no price at all
])
def test_common_software_must_publish_its_price_under_decree_224(
        client, make_vendor, login, on_day, changes):
    on_day(date(2026, 7, 1))
    login(first_user(make_vendor()))
    data = {k: v for k, v in dict(FORM, common_software="y", **changes).items() if v != ""}
    body = text(client.post("/vendors/profile/offerings/new", data=data))
    assert "Theo Nghị định 224/2026/NĐ-CP" in body and "phải công khai giá" in body
    assert db.session.scalar(select(Offering)) is None
    accepted = client.post("/vendors/profile/offerings/new",
                           data=dict(FORM, common_software="y"))
    assert accepted.status_code == 302


def test_before_decree_224_common_software_may_keep_its_price_private(
        client, make_vendor, login, on_day):
    on_day(date(2026, 6, 30))
    login(first_user(make_vendor()))
    data = {k: v for k, v in dict(FORM, common_software="y").items() if k != "price_public"}
    assert client.post("/vendors/profile/offerings/new", data=data).status_code == 302
    assert db.session.scalar(select(Offering)).price_public is False


def test_the_service_refuses_publishing_a_hidden_common_software_price(
        make_vendor, make_offering, on_day):
    on_day(date(2026, 3, 1))
    offering = make_offering(make_vendor(), publish=False, common_software=True,
                             unit_price=100, price_public=False)
    on_day(date(2026, 8, 1))
    with pytest.raises(services.VendorError, match="224/2026"):
        services.set_offering_published(offering, True)


def test_an_unpublished_price_never_leaks_to_any_page_or_api(
        client, make_vendor, make_offering, make_certification, login):
    vendor = make_vendor(legal_name="Công ty Giá Kín")
    hidden = make_offering(vendor, "HT-001", unit_price=SECRET_PRICE, price_public=False)
    shown = make_offering(make_vendor(), "HT-001", unit_price=2_000_000, price_public=True)
    urls = [
        "/vendors/", f"/vendors/{vendor.tax_code}", "/catalog/services/HT-001",
        f"/vendors/compare?service=HT-001&offering={hidden.id}&offering={shown.id}",
        "/api/v1/vendors", f"/api/v1/vendors/{vendor.tax_code}", "/api/v1/vendors?service=HT-001",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not any(s in response.data for s in SECRET_SPELLINGS), url
    assert "Giá liên hệ" in text(client.get(f"/vendors/{vendor.tax_code}"))
    assert "2.000.000 đồng" in text(client.get("/catalog/services/HT-001"))
    detail = client.get(f"/api/v1/vendors/{vendor.tax_code}").get_json()
    assert detail["offerings"][0]["price"] is None
    assert detail["offerings"][0]["price_public"] is False
    # The vendor itself does see its own price, so the search above would have caught a leak.
    login(first_user(vendor))
    assert b"987.654.321" in client.get("/vendors/profile/").data


def test_the_service_panel_lists_published_offerings_of_verified_vendors_only(
        client, make_vendor, make_offering):
    make_offering(make_vendor(legal_name="Công ty Đã Công Bố"), "HT-001")
    make_offering(make_vendor(legal_name="Công ty Bản Nháp"), "HT-001", publish=False)
    make_offering(make_vendor("pending", legal_name="Công ty Chưa Xác Minh"), "HT-001")
    make_offering(make_vendor(legal_name="Công ty Dịch Vụ Khác"), "HT-002")
    body = text(client.get("/catalog/services/HT-001"))
    assert "Nhà cung cấp dịch vụ này" in body
    assert "Công ty Đã Công Bố" in body
    for absent in ("Công ty Bản Nháp", "Công ty Chưa Xác Minh", "Công ty Dịch Vụ Khác"):
        assert absent not in body, absent
    assert 'action="/vendors/compare"' in body and 'name="offering"' in body
    assert "Chưa có nhà cung cấp" in text(client.get("/catalog/services/PM-002"))


def test_the_service_panel_shows_a_page_of_vendors_at_a_time(
        app, client, make_vendor, make_offering):
    app.config["PER_PAGE"] = 2
    for name in ("Công ty Cam", "Công ty Bưởi", "Công ty Đào", "Công ty Ánh Dương", "Công ty Mơ"):
        make_offering(make_vendor(legal_name=name), "HT-001")
    first = text(client.get("/catalog/services/HT-001"))
    assert "Nhà cung cấp dịch vụ này (5)" in first
    # By folded name: Ánh Dương, Bưởi | Cam, Đào | Mơ.
    assert "Công ty Ánh Dương" in first and "Công ty Bưởi" in first
    assert "Công ty Cam" not in first and "Công ty Mơ" not in first
    assert "Trang 1 / 3" in first
    assert 'href="/catalog/services/HT-001?page=2#offerings-heading" rel="next"' in first
    second = text(client.get("/catalog/services/HT-001?page=2"))
    assert "Công ty Cam" in second and "Công ty Đào" in second and "Công ty Bưởi" not in second
    assert "nhà cung cấp thứ 3–4 theo tên" in second
    assert 'href="/catalog/services/HT-001?page=1#offerings-heading" rel="prev"' in second
    past = client.get("/catalog/services/HT-001?page=9")
    assert past.status_code == 200
    assert "Trang 9 không có nhà cung cấp nào (danh sách có 3 trang)" in text(past)
    assert "Chưa có nhà cung cấp" not in text(past)


def test_compare_puts_the_selected_offerings_side_by_side(
        client, make_vendor, make_offering, make_certification):
    first = make_vendor(legal_name="Công ty Một")
    second = make_vendor(legal_name="Công ty Hai")
    make_certification(first, "iso27001", expires_in=100)
    make_certification(first, "iso9001", expires_in=-5)
    a = make_offering(first, "HT-001", unit_price=1_500_000, price_public=True, vat_rate="kct",
                      hosting_location="Trung tâm dữ liệu Đà Nẵng", min_term_months=24)
    b = make_offering(second, "HT-001", unit_price=SECRET_PRICE, price_public=False,
                      security_level=4)
    other = make_offering(second, "HT-002")
    response = client.get(f"/vendors/compare?service=HT-001&offering={a.id}&offering={b.id}"
                          f"&offering={other.id}&offering=abc")
    body = text(response)
    assert response.status_code == 200
    for expected in ("Công ty Một", "Công ty Hai", "1.500.000 đồng", "Giá liên hệ",
                     "Không chịu thuế", "10%", "Tính sẵn sàng: ≥ 99,9%/tháng",
                     "Trung tâm dữ liệu Đà Nẵng", "Cấp độ 4", "24 tháng", "ISO/IEC 27001"):
        assert expected in body, expected
    assert "ISO 9001" not in body  # expired certificates are not valid ones
    assert "Hội nghị truyền hình" not in body  # the other service's offering was ignored
    assert client.get("/vendors/compare?service=XX-999").status_code == 404
    assert "Hãy chọn ít nhất hai gói" in text(
        client.get(f"/vendors/compare?service=HT-001&offering={a.id}"))
