"""Only the agency's own users edit a contract; nobody else can read it by guessing its id."""
import pytest

from contracts.models.contract import Contract
from extensions import db
from tests.contracts.wizard_helpers import run_wizard
from tests.helpers import first_user


@pytest.fixture
def generated(client, login, make_user, make_vendor, make_offering):
    """A generated contract of agency A with vendor V; returns (contract, document id, users)."""
    owner = make_user("agency_staff", name="Cơ quan A", short_name="CQA")
    vendor = make_vendor(legal_name="Nhà cung cấp V")
    offering = make_offering(vendor, "HT-001", unit_price=1_000_000, price_public=True)
    login(owner)
    contract = run_wizard(client, offering)
    client.post(f"/contracts/{contract.id}/generate")
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    doc_id = int(page.split("/documents/")[1].split('"')[0])
    client.post("/accounts/logout")
    return contract, doc_id, {"owner": owner, "vendor": first_user(vendor)}


def routes(contract_id, doc_id):
    base = f"/contracts/{contract_id}"
    return [("GET", base), ("GET", f"{base}/documents/{doc_id}"),
            ("GET", f"{base}/wizard/offering"), ("GET", f"{base}/wizard/review"),
            ("POST", f"{base}/wizard/parties"), ("POST", f"{base}/generate")]


def call(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_anonymous_visitors_are_sent_to_login(client, generated):
    contract, doc_id, _ = generated
    for method, url in routes(contract.id, doc_id):
        response = call(client, method, url)
        assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["agency_staff", "agency_approver", "vendor_staff",
                                  "legal_drafter"])
def test_users_of_other_organisations_get_404_everywhere(client, login, make_user, generated, role):
    contract, doc_id, _ = generated
    login(make_user(role))
    for method, url in routes(contract.id, doc_id):
        assert call(client, method, url).status_code == 404, url
    assert "Cơ quan A" not in client.get("/contracts/").get_data(as_text=True)


def test_the_vendor_reads_but_cannot_edit_its_contract_once_approved(client, login, generated):
    contract, doc_id, users = generated
    login(users["vendor"])
    # A draft is the agency's own work: the vendor sees it once it is approved.
    assert client.get(f"/contracts/{contract.id}").status_code == 404
    contract.status = "approved"  # the road there is tests/contracts/test_lifecycle.py's
    db.session.commit()
    assert client.get(f"/contracts/{contract.id}").status_code == 200
    assert client.get(f"/contracts/{contract.id}/documents/{doc_id}").status_code == 200
    assert client.get(f"/contracts/{contract.id}/wizard/parties").status_code == 404
    assert client.post(f"/contracts/{contract.id}/generate").status_code == 404


def test_a_vendor_cannot_start_a_contract(client, login, generated):
    _, _, users = generated
    login(users["vendor"])
    assert client.post("/contracts/new").status_code == 403


def test_a_document_of_another_contract_is_not_served_through_this_one(
        client, login, generated, make_user):
    contract, doc_id, users = generated
    login(users["owner"])
    client.post("/contracts/new")
    other = db.session.query(Contract).order_by(Contract.id.desc()).first()
    assert client.get(f"/contracts/{other.id}/documents/{doc_id}").status_code == 404
