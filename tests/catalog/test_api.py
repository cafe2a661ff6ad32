"""JSON API for other government systems, and its OpenAPI description."""
import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from catalog.models import Category
from core import clock
from extensions import db


def test_categories_with_counts(client, catalog):
    items = client.get("/api/v1/categories").get_json()["items"]
    assert [(c["code"], c["services"]) for c in items] == [("HT", 2), ("PM", 2)]


def test_service_list_is_paginated_with_the_documented_fields(client, catalog):
    body = client.get("/api/v1/services?per_page=3&page=1").get_json()
    assert body["total"] == 4 and body["page"] == 1 and body["per_page"] == 3
    assert len(body["items"]) == 3
    item = body["items"][0]
    assert set(item) >= {"code", "name", "category", "unit", "security_level", "url"}
    assert item["url"].endswith("/catalog/services/" + item["code"])


def test_service_list_searches_and_filters(client, catalog):
    body = client.get("/api/v1/services?q=dien+toan+dam+may").get_json()
    assert [i["code"] for i in body["items"]] == ["HT-001"]
    body = client.get("/api/v1/services?category=PM").get_json()
    assert {i["category"] for i in body["items"]} == {"PM"}


def test_service_detail(client, catalog):
    body = client.get("/api/v1/services/PM-001").get_json()
    assert body["name"] == "Dịch vụ công trực tuyến"
    assert body["legal_bases"][0]["id"] == "qd80-2014"
    assert body["service_levels"][0]["name"] == "Thời gian phản hồi"


@pytest.mark.parametrize("query, parameter", [
    ("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("per_page=1000", "per_page"),
    ("per_page=0", "per_page"), ("category=Z", "category"), ("q=" + "a" * 201, "q"),
    ("page=1e3", "page"),
])
def test_bad_parameters_give_a_json_400(client, catalog, query, parameter):
    response = client.get("/api/v1/services?" + query)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("query", ["category=ZZ", "category=zz&page=3&per_page=5"])
def test_a_well_formed_category_code_naming_nothing_filters_to_an_empty_list(
        client, catalog, query):
    response = client.get("/api/v1/services?" + query)
    assert response.status_code == 200
    body = response.get_json()
    assert body["items"] == [] and body["total"] == 0
    assert (body["page"], body["per_page"]) == ((3, 5) if "page" in query else (1, 20))


def test_a_retired_category_filters_to_an_empty_list(client, catalog):
    assert client.get("/api/v1/services?category=HT").get_json()["total"] > 0
    category = db.session.scalar(select(Category).filter_by(code="HT"))
    category.retired_at = clock.utcnow()
    db.session.commit()
    body = client.get("/api/v1/services?category=HT").get_json()
    assert (body["items"], body["total"]) == ([], 0)


def test_unknown_service_is_a_json_404(client, catalog):
    response = client.get("/api/v1/services/XX-001")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_openapi_document_is_valid_and_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert {"/api/v1/categories", "/api/v1/services",
            "/api/v1/services/{code}"} <= set(document["paths"])
