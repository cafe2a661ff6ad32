"""An offering's commitments say how each is measured (issue 12, point 8); offerings saved
before that still show, with a notice in place of the measure."""
import pytest
from sqlalchemy import select

import accounts.demo
import catalog.demo
from catalog.importer import DEFAULT_FILE
from catalog.services import get_service
from extensions import db
from tests.helpers import first_user, text
from tests.vendors.test_offerings import FORM
from vendors import demo
from vendors.models import Offering

MEASURED = [{"name": "Tính sẵn sàng", "target": "≥ 99,95%/tháng",
             "measure": "Giám sát tự động mỗi phút, tổng hợp theo tháng"}]


def saved_before_measures(offering: Offering) -> Offering:
    """The offering as a row saved before levels had measures ({name, target} only): the
    services refuse such levels now, so the row is changed directly."""
    offering.service_levels = [{"name": level["name"], "target": level["target"]}
                               for level in offering.service_levels]
    db.session.commit()
    return offering


def test_the_offering_form_shows_the_format_with_the_measure(client, make_vendor, login):
    login(first_user(make_vendor()))
    page = text(client.get("/vendors/profile/offerings/new"))
    assert "“Tên chỉ tiêu: mục tiêu | cách đo lường”" in page
    assert "Ví dụ: Tính sẵn sàng: ≥ 99,95%/tháng | đo bằng hệ thống giám sát" in page


def test_a_commitment_without_its_measure_is_refused_and_what_was_typed_is_kept(
        client, make_vendor, login):
    login(first_user(make_vendor()))
    typed = ("Tính sẵn sàng: ≥ 99,95%/tháng | giám sát tự động mỗi phút\n"
             "Thời gian phản hồi sự cố: 15 phút")
    body = text(client.post("/vendors/profile/offerings/new",
                            data=dict(FORM, service_levels=typed)))
    assert "Dòng 2 (“Thời gian phản hồi sự cố”) chưa ghi cách đo lường" in body
    assert "ví dụ “Tính sẵn sàng: ≥ 99,5%/tháng |" in body
    assert "Thời gian phản hồi sự cố: 15 phút</textarea>" in body
    assert "Máy chủ ảo đặt tại Hà Nội." in body and 'value="Trung tâm dữ liệu Hòa Lạc"' in body
    assert db.session.scalar(select(Offering)) is None


def test_editing_an_offering_shows_its_measures_in_the_text_area(
        client, make_vendor, make_offering, login):
    vendor = make_vendor()
    offering = make_offering(vendor, publish=False, service_levels=MEASURED)
    login(first_user(vendor))
    edit = text(client.get(f"/vendors/profile/offerings/{offering.id}/edit"))
    assert ("Tính sẵn sàng: ≥ 99,95%/tháng | Giám sát tự động mỗi phút, tổng hợp theo tháng"
            "</textarea>") in edit


def test_an_old_offering_without_measures_opens_and_must_gain_them_to_be_saved(
        client, make_vendor, make_offering, login):
    vendor = make_vendor()
    offering = saved_before_measures(make_offering(vendor, publish=False))
    login(first_user(vendor))
    edit = text(client.get(f"/vendors/profile/offerings/{offering.id}/edit"))
    assert "Tính sẵn sàng: ≥ 99,9%/tháng</textarea>" in edit
    body = text(client.post(f"/vendors/profile/offerings/{offering.id}/edit",
                            data=dict(FORM, service_levels="Tính sẵn sàng: ≥ 99,9%/tháng")))
    assert "Dòng 1 (“Tính sẵn sàng”) chưa ghi cách đo lường" in body
    assert db.session.get(Offering, offering.id).version == 1


def test_the_vendor_page_shows_the_measure_beside_each_commitment(
        client, make_vendor, make_offering):
    vendor = make_vendor()
    make_offering(vendor, "HT-001", service_levels=MEASURED)
    saved_before_measures(make_offering(vendor, "HT-002"))
    body = text(client.get(f"/vendors/{vendor.tax_code}"))
    assert "<caption>Cam kết chất lượng</caption>" in body
    assert '<th scope="col">Cách đo lường</th>' in body
    assert ("<td>Tính sẵn sàng</td><td>≥ 99,95%/tháng</td>"
            "<td>Giám sát tự động mỗi phút, tổng hợp theo tháng</td>") in body
    assert "Chưa ghi cách đo lường" in body


def test_compare_and_the_api_carry_the_measure(client, make_vendor, make_offering):
    a = make_offering(make_vendor(), "HT-001", service_levels=MEASURED)
    b = saved_before_measures(make_offering(make_vendor(), "HT-001"))
    body = text(client.get(f"/vendors/compare?service=HT-001&offering={a.id}&offering={b.id}"))
    assert "Cách đo lường: Giám sát tự động mỗi phút, tổng hợp theo tháng" in body
    assert "Chưa ghi cách đo lường" in body
    detail = client.get(f"/api/v1/vendors/{a.vendor.tax_code}").get_json()
    assert detail["offerings"][0]["service_levels"] == MEASURED
    old = client.get(f"/api/v1/vendors/{b.vendor.tax_code}").get_json()
    assert old["offerings"][0]["service_levels"][0]["measure"] is None


def test_demo_offerings_say_how_each_commitment_is_measured(app):
    if not DEFAULT_FILE.exists():
        pytest.skip(f"{DEFAULT_FILE} is not there yet")
    accounts.demo.seed()
    catalog.demo.seed()
    demo.seed()
    db.session.commit()
    offerings = db.session.scalars(select(Offering)).all()
    assert offerings
    for offering in offerings:
        assert offering.service_levels, offering.id
        for level in offering.service_levels:
            assert level["measure"].strip() and level["measure"] != level["target"], level


def test_a_demo_offering_fills_a_measure_the_catalog_lacked(registry):
    service = get_service("HT-001")
    service.service_levels = [{"name": "Tính sẵn sàng", "target": "≥ 99,9%/tháng"}]
    assert demo._demo_levels(service)[0]["measure"] == demo.DEFAULT_MEASURE
    service.service_levels = []
    assert demo._demo_levels(service) == demo.DEFAULT_LEVELS
