"""Parties are complete (issue 12, point 7): the wizard fills Bên A from the agency's profile and
Bên B from the vendor record, and a contract goes to legal review only once every field of both
parties is filled; the refusal names each empty one."""
import pytest
from sqlalchemy import select

from contracts.forms.wizard import AgencyPartyForm, PartyForm
from contracts.models.contract import PARTY_LABELS, Contract
from contracts.models.lifecycle import ContractTransition
from contracts.services import lifecycle
from contracts.services.parties import missing_party_fields
from extensions import db
from tests.contracts.wizard_helpers import PARTY_A, latest_contract, party_b_for, run_wizard
from tests.helpers import text

PROFILE = {"address": "Số 1 đường Hoàng Văn Thụ, tỉnh Thái Nguyên", "phone": "0208 3855 123",
           "email": "skhcn@thainguyen.example.vn", "tax_code": "4600987667",
           "budget_code": "1023456", "treasury_account": "9523.2.1023456",
           "treasury_branch": "Kho bạc Nhà nước khu vực VI", "representative": "Nguyễn Văn Minh",
           "representative_position": "Giám đốc"}
EMPTY = "Chưa thể gửi rà soát: Thông tin các bên chưa đầy đủ, còn trống: "
GAPS = ("Bên A: Thư điện tử; Bên A: Mã số thuế; Bên B: Số tài khoản; "
        "Bên B: Mở tại (ngân hàng, kho bạc)")


def body(response) -> str:
    return text(response).replace("&#34;", '"')


@pytest.fixture
def incomplete(client, login, people, offering):
    """A generated draft whose Bên A has no e-mail or tax code and Bên B no account or bank."""
    login(people.staff)
    parties = {**PARTY_A, "party_a-email": "", "party_a-tax_code": "  ",
               **party_b_for(offering.vendor), "party_b-account": "", "party_b-bank": ""}
    contract = run_wizard(client, offering, parties=parties)
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    return contract


def test_the_wizard_fills_ben_a_from_the_profile_and_ben_b_from_the_vendor_record(
        client, login, make_user, make_vendor, make_offering):
    staff = make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
                      short_name="SKHCN", **PROFILE)
    vendor = make_vendor(legal_name="Công ty Cổ phần Mây Số", bank_account="1020304050607",
                         bank_name="Ngân hàng TMCP Ngoại thương Việt Nam")
    offering = make_offering(vendor, "HT-001", unit_price=2_500_000, price_public=True)
    login(staff)
    assert client.post("/contracts/new").status_code == 302
    contract = latest_contract()
    assert contract.party_a == {
        "name": "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "address": PROFILE["address"],
        "phone": "0208 3855 123", "email": "skhcn@thainguyen.example.vn",
        "tax_code": "4600987667", "account": "9523.2.1023456",
        "bank": "Kho bạc Nhà nước khu vực VI", "representative": "Nguyễn Văn Minh",
        "position": "Giám đốc", "budget_code": "1023456"}
    base = f"/contracts/{contract.id}/wizard"
    assert client.post(f"{base}/offering", data={"service": "HT-001", "offering": offering.id,
                                                 "plan": "0"}).status_code == 302
    page = body(client.get(f"{base}/parties"))
    for value in ("4600987667", "9523.2.1023456", "Kho bạc Nhà nước khu vực VI", "1023456",
                  vendor.tax_code, "1020304050607", "Ngân hàng TMCP Ngoại thương Việt Nam",
                  vendor.email, "024 3555 0000", "Nguyễn Văn A"):
        assert f'value="{value}"' in page, value
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert missing_party_fields(contract) == []  # profile and registry complete: nothing to add
    response = client.post(f"{base}/parties", data={
        **{f"party_a-{k}": v for k, v in contract.party_a.items()},
        **{f"party_b-{k}": v for k, v in contract.party_b.items()}, "direction": "next"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).party_a["budget_code"] == "1023456"


def test_a_draft_begun_before_the_profile_was_complete_is_offered_what_was_added(
        client, login, people, offering):
    login(people.staff)
    assert client.post("/contracts/new").status_code == 302
    contract = latest_contract()
    assert contract.party_a["tax_code"] == ""
    org = people.staff.organisation
    org.tax_code, org.name = "4600987667", "Tên mới của Sở"
    db.session.commit()
    base = f"/contracts/{contract.id}/wizard"
    assert client.post(f"{base}/offering", data={"service": "HT-001", "offering": offering.id,
                                                 "plan": "0"}).status_code == 302
    page = body(client.get(f"{base}/parties"))
    assert 'value="4600987667"' in page  # an empty field takes the profile's value now
    assert 'value="Sở Khoa học và Công nghệ tỉnh Thái Nguyên"' in page  # a filled one stays
    assert "Tên mới của Sở" not in page


def test_submission_is_refused_naming_every_empty_party_field(client, login, people,
                                                              incomplete):
    contract = incomplete
    review = body(client.get(f"/contracts/{contract.id}/wizard/review"))
    assert "Thông tin các bên còn trống: " + GAPS + "." in review
    page = body(client.get(f"/contracts/{contract.id}"))
    assert "thông tin các bên còn trống" in page and GAPS in page
    response = client.post(f"/contracts/{contract.id}/lifecycle/submit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contracts/{contract.id}#lifecycle")
    shown = client.get(f"/contracts/{contract.id}")
    assert shown.status_code == 200
    assert EMPTY + GAPS + ". Hãy bổ sung ở bước “Các bên” của trình soạn hợp đồng." \
        in body(shown)
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert contract.status == "draft"
    assert db.session.scalar(select(ContractTransition.id).where(
        ContractTransition.contract_id == contract.id)) is None
    with pytest.raises(lifecycle.LifecycleError) as refused:
        lifecycle.submit(contract, actor=people.staff)
    assert str(refused.value).startswith(EMPTY + GAPS)


def test_submission_goes_through_once_the_parties_are_filled(client, login, people, offering,
                                                             incomplete):
    contract = incomplete
    complete = {**PARTY_A, **party_b_for(offering.vendor), "direction": "next"}
    assert client.post(f"/contracts/{contract.id}/wizard/parties",
                       data=complete).status_code == 302
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 302
    page = body(client.get(f"/contracts/{contract.id}"))
    assert "thông tin các bên còn trống" not in page
    response = client.post(f"/contracts/{contract.id}/lifecycle/submit", follow_redirects=True)
    assert response.status_code == 200 and "Đã gửi rà soát pháp lý." in body(response)
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).status == "review"


def test_missing_fields_are_listed_party_by_party_in_the_blocks_order():
    full = {field: "x" for field in PARTY_LABELS}
    contract = Contract(party_a={**full, "phone": " ", "position": None},
                        party_b={"name": "Công ty"})
    assert missing_party_fields(contract) == [
        "Bên A: Điện thoại", "Bên A: Chức vụ",
        *(f"Bên B: {label}" for field, label in PARTY_LABELS.items() if field != "name")]
    assert missing_party_fields(Contract(party_a=full, party_b=full)) == []


def test_the_refusal_uses_the_labels_the_wizard_shows(app):
    with app.test_request_context():
        form = PartyForm()
        assert {name: str(form[name].label.text) for name in PARTY_LABELS} == PARTY_LABELS
        assert "budget_code" in AgencyPartyForm() and "budget_code" not in form
