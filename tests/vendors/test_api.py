"""The vendor registry's JSON API and its OpenAPI description."""
import pytest
from openapi_schema_validator import OAS30Validator, validate as validate_schema
from openapi_spec_validator import validate

from tests.helpers import valid_tax_code


def check_schema(client, instance, name):
    """Validate a response body against a schema of the served OpenAPI document."""
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    validate_schema(instance, schema, cls=OAS30Validator)


@pytest.fixture
def vendors(make_vendor, make_offering, make_certification):
    cloud = make_vendor(legal_name="Công ty Cổ phần Mây Số", short_name="Mây Số",
                        province="ha-noi")
    make_offering(cloud, "HT-001", unit_price=850_000, price_public=True)
    make_offering(cloud, "HT-002", unit_price=4_444_444, price_public=False)
    make_offering(cloud, "PM-001", publish=False)
    make_certification(cloud, "iso27001", expires_in=-3)
    software = make_vendor(legal_name="Công ty TNHH Phần mềm Hành chính", province="hue")
    make_offering(software, "PM-002", unit_price=35_000, price_public=True, vat_rate="kct")
    make_vendor("pending", legal_name="Công ty Chưa Xác Minh")
    return {"cloud": cloud, "software": software}


def test_the_list_is_paginated_with_the_documented_fields(client, vendors):
    body = client.get("/api/v1/vendors?per_page=1&page=1").get_json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 1
    assert len(body["items"]) == 1
    check_schema(client, body["items"][0], "VendorSummary")
    everything = client.get("/api/v1/vendors").get_json()["items"]
    cloud = next(i for i in everything if i["tax_code"] == vendors["cloud"].tax_code)
    assert cloud["name"] == "Công ty Cổ phần Mây Số" and cloud["short_name"] == "Mây Số"
    assert cloud["province"] == "ha-noi"
    assert cloud["services"] == ["HT-001", "HT-002"]  # the draft PM-001 is not listed
    assert cloud["url"].endswith(f"/vendors/{vendors['cloud'].tax_code}")
    assert "Công ty Chưa Xác Minh" not in {i["name"] for i in everything}


def test_the_list_searches_and_filters(client, vendors):
    def names(query):
        return {i["name"] for i in client.get("/api/v1/vendors?" + query).get_json()["items"]}

    assert names("q=may+so") == {"Công ty Cổ phần Mây Số"}
    assert names("q=hanh+chinh") == {"Công ty TNHH Phần mềm Hành chính"}
    assert names("service=PM-002") == {"Công ty TNHH Phần mềm Hành chính"}
    assert names("service=PM-001") == set()  # only a draft
    assert names("province=ha-noi") == {"Công ty Cổ phần Mây Số"}
    assert names("category=HT&province=hue") == set()


@pytest.mark.parametrize("query", ["service=ZZ-999", "province=atlantis", "category=ZZ",
                                   "service=PM-002&province=atlantis"])
def test_well_formed_codes_naming_nothing_filter_to_an_empty_list(client, registry, query):
    response = client.get("/api/v1/vendors?" + query)
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "total": 0, "page": 1, "per_page": 20}


@pytest.mark.parametrize("query, parameter", [
    ("service=ZZ999", "service"), ("province=Atlantis", "province"), ("category=Z9", "category"),
    ("page=0", "page"), ("per_page=101", "per_page"), ("page=abc", "page"),
    ("q=" + "a" * 201, "q"),
])
def test_malformed_codes_and_bad_numbers_give_a_json_400(client, registry, query, parameter):
    response = client.get("/api/v1/vendors?" + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["code"] == 400
    assert error["message"]


def test_the_detail_has_published_offerings_and_hides_private_prices(client, vendors):
    tax_code = vendors["cloud"].tax_code
    response = client.get(f"/api/v1/vendors/{tax_code}")
    assert response.status_code == 200
    body = response.get_json()
    check_schema(client, body, "Vendor")
    offerings = {o["service"]: o for o in body["offerings"]}
    assert set(offerings) == {"HT-001", "HT-002"}
    assert offerings["HT-001"]["price"] == 850_000 and offerings["HT-001"]["price_public"]
    assert offerings["HT-002"]["price"] is None
    assert offerings["HT-002"]["price_public"] is False
    assert b"4444444" not in response.data
    assert body["certifications"][0]["expired"] is True
    assert body["representative"] == "Nguyễn Văn A"
    assert "bank_account" not in body


def test_unknown_and_unverified_vendors_are_a_json_404(client, vendors, make_vendor):
    pending = make_vendor("pending")
    for tax_code in (pending.tax_code, valid_tax_code(999)):
        response = client.get(f"/api/v1/vendors/{tax_code}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == 404


def test_the_openapi_document_describes_the_vendor_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert {"/api/v1/vendors", "/api/v1/vendors/{tax_code}"} <= set(document["paths"])
    assert {"VendorSummary", "Vendor", "Offering", "Certification"} <= set(
        document["components"]["schemas"])
