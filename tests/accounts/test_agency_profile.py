"""An agency's profile (issue 12, point 7): its people read it, its approver or an administrator
edits it, each save is kept as a revision shown newest first, and a refused save keeps what was
typed."""
import re

import pytest
from sqlalchemy import select

from accounts import demo, services
from accounts.models import AuditEvent, Organisation, OrganisationRevision
from core.errors import NotPermitted
from extensions import db
from tests.contracts.lifecycle_helpers import switch
from tests.helpers import text

PROFILE = {
    "name": "Sở Thông tin và Truyền thông tỉnh Thử", "short_name": "stttt",
    "parent_body": "UBND tỉnh Thử", "province": "thai-nguyen",
    "address": "Số 2 đường Thử, tỉnh Thử", "phone": "0208 3855 999",
    "email": "stttt@thu.example.vn", "tax_code": "4600 987 667", "budget_code": "1099999",
    "treasury_account": "9523.2.1099999", "treasury_branch": "Kho bạc Nhà nước khu vực VI",
    "representative": "Lê Thị Hoa", "representative_position": "Giám đốc",
}


@pytest.fixture
def agency(registry, make_user):
    """Agency A's staff, approver and legal drafter; another agency's approver; a vendor user and
    an administrator."""
    staff = make_user("agency_staff", name="Sở Thử A", short_name="STA")
    org = staff.organisation
    return {"staff": staff, "org": org,
            "approver": make_user("agency_approver", organisation=org),
            "legal": make_user("legal_drafter", organisation=org),
            "other": make_user("agency_approver", name="Sở Thử B"),
            "vendor": make_user("vendor_staff"), "admin": make_user("admin")}


def url(org, edit=False) -> str:
    return f"/accounts/organisations/{org.id}" + ("/edit" if edit else "")


def revisions(org) -> list[OrganisationRevision]:
    db.session.expire_all()
    return list(db.session.scalars(select(OrganisationRevision).where(
        OrganisationRevision.organisation_id == org.id).order_by(OrganisationRevision.id)))


def test_the_agencys_own_people_read_its_profile_and_the_menu_links_it(client, login, agency):
    org = agency["org"]
    for who in ("staff", "approver", "legal"):
        switch(client, login, agency[who])
        page = client.get(url(org))
        assert page.status_code == 200, who
        body = text(page)
        assert "Hồ sơ cơ quan: Sở Thử A" in body and "Lịch sử thay đổi" in body
        assert f'href="{url(org)}"' in body  # the menu's "Hồ sơ cơ quan"
        assert "Hồ sơ còn thiếu:" in body and "Mã số thuế" in body
        assert ("Sửa hồ sơ cơ quan" in body) == (who == "approver")


def test_staff_legal_drafters_other_agencies_and_vendors_may_not_edit(client, login, agency):
    org = agency["org"]
    for who, view, edit in [("staff", 200, 403), ("legal", 200, 403), ("other", 404, 404),
                            ("vendor", 404, 404)]:
        switch(client, login, agency[who])
        assert client.get(url(org)).status_code == view, who
        assert client.get(url(org, edit=True)).status_code == edit, who
        assert client.post(url(org, edit=True), data=PROFILE).status_code == edit, who
    assert client.get("/accounts/organisations/999999").status_code == 404
    assert revisions(org) == [] and org.tax_code is None
    client.post("/accounts/logout")
    response = client.get(url(org))
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_the_approver_saves_the_profile_with_a_revision_and_an_audit_event(
        client, login, agency):
    org, approver = agency["org"], agency["approver"]
    login(approver)
    form = text(client.get(url(org, edit=True)))
    assert 'value="Sở Thử A"' in form and "Số tài khoản tại Kho bạc Nhà nước" in form
    response = client.post(url(org, edit=True), data=PROFILE)
    assert response.status_code == 302 and response.headers["Location"].endswith(url(org))
    db.session.expire_all()
    assert (org.name, org.short_name, org.tax_code, org.province.code) == (
        PROFILE["name"], "STTTT", "4600987667", "thai-nguyen")
    assert (org.treasury_account, org.treasury_branch, org.representative) == (
        "9523.2.1099999", "Kho bạc Nhà nước khu vực VI", "Lê Thị Hoa")
    [revision] = revisions(org)
    assert revision.changed_by_id == approver.id
    assert revision.changes["name"] == ["Sở Thử A", PROFILE["name"]]
    assert revision.changes["tax_code"] == [None, "4600987667"]
    assert revision.changes["province"] == [None, "Thái Nguyên"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.update"))
    assert event.object_id == str(org.id) and event.user_id == approver.id
    assert event.changes == revision.changes
    page = text(client.get(url(org)))
    assert "Đã lưu hồ sơ cơ quan." in page and "Hồ sơ còn thiếu" not in page
    assert "Lê Thị Hoa" in page and approver.name in page
    assert client.post(url(org, edit=True), data=PROFILE).status_code == 302
    assert len(revisions(org)) == 1  # saving the same again changes nothing
    assert "Không có thay đổi nào." in text(client.get(url(org)))


def test_an_administrator_edits_any_agency_by_its_id_and_lists_them(client, login, agency):
    org, admin = agency["org"], agency["admin"]
    other = agency["other"].organisation
    login(admin)
    listing = text(client.get("/accounts/organisations/"))
    assert "Sở Thử A" in listing and "Sở Thử B" in listing and "Còn thiếu" in listing
    response = client.post(url(other, edit=True), data={**PROFILE, "name": "Sở Thử B mới"})
    assert response.status_code == 302
    [revision] = revisions(other)
    assert revision.changed_by_id == admin.id and revision.changes["name"][1] == "Sở Thử B mới"
    assert revisions(org) == []
    operator = admin.organisation  # only agencies have a profile here
    assert client.get(url(operator)).status_code == 404
    assert client.get(url(agency["vendor"].organisation, edit=True)).status_code == 404


def test_history_shows_every_save_newest_first_in_pages(app, client, login, agency):
    app.config["PER_PAGE"] = 2
    org = agency["org"]
    login(agency["approver"])
    for phone in ("0208 3000 001", "0208 3000 002", "0208 3000 003"):
        assert client.post(url(org, edit=True), data={**PROFILE, "phone": phone}).status_code \
            == 302
    assert len(revisions(org)) == 3
    first = text(client.get(url(org)))
    newest, middle = "0208 3000 002 → 0208 3000 003", "0208 3000 001 → 0208 3000 002"
    assert newest in first and middle in first and first.index(newest) < first.index(middle)
    assert "— → 0208 3000 001" not in first
    assert "Trang 1 / 2" in first and 'rel="next"' in first
    second = text(client.get(url(org) + "?page=2"))
    assert "— → 0208 3000 001" in second and newest not in second


def test_a_wrong_tax_code_is_explained_and_everything_typed_is_kept(client, login, agency):
    org = agency["org"]
    login(agency["approver"])
    response = client.post(url(org, edit=True), data={**PROFILE, "tax_code": "0100109107"})
    assert response.status_code == 200
    body = text(response)
    assert "Mã số thuế 0100109107 có chữ số kiểm tra không đúng." in body
    assert "Những gì bạn đã nhập vẫn được giữ nguyên." in body
    for field in ("name", "address", "phone", "email", "treasury_account", "treasury_branch",
                  "representative", "representative_position"):
        assert f'value="{PROFILE[field]}"' in body, field
    assert 'value="0100109107"' in body
    assert re.search(r'<option selected value="thai-nguyen">|<option value="thai-nguyen" '
                     r'selected>', body)
    bad = client.post(url(org, edit=True), data={**PROFILE, "budget_code": "12",
                                                 "treasury_branch": ""})
    assert "gồm 7 chữ số" in text(bad) and "Kho bạc Nhà nước nơi mở tài khoản" in text(bad)
    db.session.expire_all()
    assert org.tax_code is None and org.name == "Sở Thử A" and revisions(org) == []


def test_the_form_carries_its_csrf_token_and_refuses_a_post_without_it(app, client, login,
                                                                       agency):
    org = agency["org"]
    login(agency["approver"])
    app.config["WTF_CSRF_ENABLED"] = True
    form = text(client.get(url(org, edit=True)))
    assert re.search(r'name="csrf_token"[^>]*value="[^"]+"', form) or \
        re.search(r'value="[^"]+"[^>]*name="csrf_token"', form)
    assert client.post(url(org, edit=True), data=PROFILE).status_code == 400
    assert revisions(org) == []


def test_the_service_itself_refuses_a_reader_who_may_not_edit(app, agency):
    with pytest.raises(NotPermitted):
        services.update_profile(agency["org"], {"name": "Khác"}, actor=agency["staff"])
    with pytest.raises(services.AccountError) as refused:
        services.update_profile(agency["org"], {"tax_code": "123"}, actor=agency["admin"])
    assert refused.value.field == "tax_code"
    assert services.update_profile(agency["org"], {"name": "Sở Thử A"},
                                   actor=agency["approver"]) is None


def test_seeding_the_demo_again_fills_only_the_empty_fields_of_its_agencies(app):
    demo.seed()
    name = "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"
    org = db.session.scalar(select(Organisation).where(Organisation.name == name))
    assert services.profile_gaps(org) == []
    org.tax_code, org.phone = None, "0208 3000 999"  # as if seeded before profiles, then edited
    db.session.commit()
    assert demo.seed()["hồ sơ cơ quan được bổ sung"] == 1
    assert (org.tax_code, org.phone) == ("4600987667", "0208 3000 999")
    assert demo.seed()["hồ sơ cơ quan được bổ sung"] == 0
