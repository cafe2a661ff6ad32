"""Open data: a signed contract as an OCDS 1.1 release package, validated offline."""
import json
import re
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from plans.models import LeasePlan
from extensions import db
from tests.contracts.acceptance_helpers import accept_data

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "ocds"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
VIETNAM_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


def validator() -> Draft4Validator:
    """The package schema, its $ref to the release schema resolved to the local copy."""
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((SCHEMAS / "release-schema.json").read_text(encoding="utf-8"))
    schemas = Registry().with_resource(
        RELEASE_URL, Resource.from_contents(release, default_specification=DRAFT4))
    assert package["$schema"] == "http://json-schema.org/draft-04/schema#"
    return Draft4Validator(package, registry=schemas,
                           format_checker=Draft4Validator.FORMAT_CHECKER)


def fetch(client, contract_id: int, status: int = 200) -> dict:
    response = client.get(f"/api/v1/contracts/{contract_id}/ocds")
    assert response.status_code == status
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.fixture
def implemented(client, active):
    """The active contract with periods 1 and 2 accepted, period 1 paid in two parts."""
    contract = active["contract"]
    base = f"/contracts/{contract.id}/acceptance"
    assert client.post(f"{base}/1", data=accept_data()).status_code == 302
    assert client.post(f"{base}/2", data=accept_data(
        deductions="0", deduction_reason="", accepted_on="2027-03-02",
        **{"levels-1-met": "yes", "levels-1-measured": "20 giờ"})).status_code == 302
    for amount, reference, day in (("10000000", "UNC 123/KBNN", "2026-12-20"),
                                   ("5000000", "UNC 130/KBNN", "2027-01-05")):
        assert client.post(f"{base}/1/payments", data={
            "amount": amount, "paid_on": day, "reference": reference}).status_code == 302
    assert client.post(f"{base}/1/documents/5").status_code == 302
    client.post("/accounts/logout")  # open data needs no login
    return contract


def test_the_package_validates_against_the_ocds_1_1_5_schemas_offline(client, implemented):
    package = fetch(client, implemented.id)
    errors = sorted(validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_the_package_describes_parties_award_and_contract_in_vnd(client, implemented):
    package = fetch(client, implemented.id)
    assert package["version"] == "1.1"
    assert package["uri"] == f"http://localhost/api/v1/contracts/{implemented.id}/ocds"
    [release] = package["releases"]
    assert release["ocid"] == f"ocds-thuedv-{implemented.id}"
    assert release["tag"] == ["contract", "implementation"]
    assert release["initiationType"] == "tender" and release["language"] == "vi"
    buyer, supplier = release["parties"]
    assert buyer["id"] == f"thuedv-org-{implemented.organisation_id}"
    assert buyer["name"] == "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"
    assert buyer["roles"] == ["buyer", "procuringEntity", "payer"]
    assert supplier == {**supplier, "id": f"thuedv-vendor-{implemented.vendor_id}",
                        "name": "Công ty Cổ phần Mây Số", "roles": ["supplier", "payee"]}
    assert supplier["identifier"]["id"] == implemented.party_b["tax_code"]
    assert release["buyer"] == {"id": buyer["id"], "name": buyer["name"]}
    value = {"amount": 330_000_000, "currency": "VND"}
    [award] = release["awards"]
    assert award["value"] == value and award["status"] == "active"
    assert award["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]
    [contract] = release["contracts"]
    assert contract["id"] == implemented.number and contract["awardID"] == award["id"]
    assert contract["status"] == "active" and contract["value"] == value
    assert contract["period"] == {"startDate": "2026-09-01T00:00:00+07:00",
                                  "endDate": "2031-08-31T23:59:59+07:00",
                                  "durationInDays": 1826}
    assert contract["dateSigned"] == "2026-11-20T00:00:00+07:00"
    assert contract["items"] == [{"id": "1", "description": "Dịch vụ điện toán đám mây",
                                  "quantity": 120, "unit": {
                                      "name": "máy chủ ảo/tháng",
                                      "value": {"amount": 2_500_000, "currency": "VND"}}}]
    assert [d["documentType"] for d in contract["documents"]] == ["contractSigned"]
    assert [d["title"] for d in contract["implementation"]["documents"]] == [
        "Biên bản nghiệm thu kết quả cung cấp dịch vụ trong kỳ"]
    assert release["planning"]["budget"]["amount"] == value
    assert "Quyết định số 215/QĐ-SKHCN" in release["planning"]["rationale"]


def test_milestones_follow_acceptance_and_transactions_follow_payments(client, implemented):
    [release] = fetch(client, implemented.id)["releases"]
    implementation = release["contracts"][0]["implementation"]
    milestones = implementation["milestones"]
    assert len(milestones) == 20 and {m["type"] for m in milestones} == {"payment"}
    first, second, third = milestones[:3]
    assert first["status"] == "partiallyMet"  # 1.500.000 đồng deducted
    assert first["dateMet"] == "2026-12-05T00:00:00+07:00"
    assert first["dueDate"] == "2026-11-30T23:59:59+07:00"
    assert "Đã nghiệm thu 15.000.000 đồng, giảm trừ 1.500.000 đồng." in first["description"]
    assert second["status"] == "met"
    assert third["status"] == "scheduled" and "dateMet" not in third
    buyer, supplier = release["parties"]
    assert implementation["transactions"] == [
        {"id": tx["id"], "date": day, "value": {"amount": amount, "currency": "VND"},
         "payer": {"id": buyer["id"], "name": buyer["name"]},
         "payee": {"id": supplier["id"], "name": supplier["name"]}}
        for tx, day, amount in zip(implementation["transactions"],
                                   ("2026-12-20T00:00:00+07:00", "2027-01-05T00:00:00+07:00"),
                                   (10_000_000, 5_000_000))]


def test_an_overdue_period_is_a_milestone_not_met(client, active):
    client.post("/accounts/logout")
    [release] = fetch(client, active["contract"].id)["releases"]
    statuses = [m["status"] for m in release["contracts"][0]["implementation"]["milestones"]]
    assert statuses[:3] == ["notMet", "notMet", "scheduled"]
    assert release["contracts"][0]["implementation"]["transactions"] == []


def test_every_date_is_iso_8601_in_vietnam_time(client, implemented):
    package = fetch(client, implemented.id)
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif key.endswith("Date") or key in {"date", "dateSigned", "dateMet", "dateModified",
                                             "datePublished"}:
            found.append(node)

    walk(package)
    assert len(found) >= 30  # 20 milestone due dates among them
    assert [d for d in found if not VIETNAM_TIME.match(d)] == []


@pytest.mark.parametrize("status,expected", [("expired", "terminated"),
                                             ("terminated", "terminated"),
                                             ("signed", "active")])
def test_signed_and_ended_contracts_are_published(client, implemented, status, expected):
    implemented.status = status
    db.session.commit()
    package = fetch(client, implemented.id)
    assert not list(validator().iter_errors(package))
    release = package["releases"][0]
    assert release["contracts"][0]["status"] == expected
    assert ("contractTermination" in release["tag"]) == (status != "signed")


@pytest.mark.parametrize("status", ["draft", "review", "approved"])
def test_contracts_not_yet_signed_give_a_json_404(client, active, status):
    active["contract"].status = status
    db.session.commit()
    client.post("/accounts/logout")
    body = fetch(client, active["contract"].id, 404)
    assert body == {"error": {"code": 404,
                              "message": "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."}}


def test_an_unknown_contract_gives_a_json_404(client):
    assert fetch(client, 999_999, 404)["error"]["code"] == 404


def test_the_openapi_document_describes_the_ocds_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate_openapi(document)
    operation = document["paths"]["/api/v1/contracts/{contract_id}/ocds"]["get"]
    assert set(operation["responses"]) == {"200", "400", "404", "405", "414", "429", "500", "503"}
    assert {"OcdsReleasePackage", "OcdsRelease"} <= set(document["components"]["schemas"])


def test_the_planning_section_names_the_approved_lease_plan(client, implemented):
    plan = LeasePlan(organisation_id=implemented.organisation_id,
                     created_by_id=implemented.created_by_id,
                     title="Kế hoạch thuê dịch vụ điện toán đám mây 2026–2031",
                     plan_date=date(2026, 3, 1), pack_id="nd224-2026", status="approved",
                     approval_number="215/QĐ-SKHCN", approved_on=date(2026, 3, 20))
    db.session.add(plan)
    db.session.flush()
    implemented.plan_id = plan.id
    db.session.commit()
    package = fetch(client, implemented.id)
    assert not list(validator().iter_errors(package))
    planning = package["releases"][0]["planning"]
    assert planning["budget"] == {
        "id": f"thuedv-plan-{plan.id}", "description": plan.title, "project": plan.title,
        "projectID": "215/QĐ-SKHCN", "amount": {"amount": 330_000_000, "currency": "VND"}}
    assert planning["rationale"] == (f"Kế hoạch thuê dịch vụ “{plan.title}” (Quyết định phê "
                                     "duyệt số 215/QĐ-SKHCN ngày 20/03/2026).")
