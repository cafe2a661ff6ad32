"""Bad input to the JSON API: any parameter, code or page number answers with JSON, never a
500; NUL characters and non-ASCII digits are a 400."""
import json
from urllib.parse import quote

import pytest
from hypothesis import given

from tests.fuzz_helpers import ANY_TEXT, FUZZ, assert_api_answer, assert_no_server_error

pytestmark = pytest.mark.slow  # generated inputs


# --- the JSON API ----------------------------------------------------------------------------


@pytest.fixture
def api_data(registry, make_vendor, make_offering):
    vendor = make_vendor()
    make_offering(vendor, "HT-001")
    return vendor


@FUZZ
@given(q=ANY_TEXT, page=ANY_TEXT, per_page=ANY_TEXT, category=ANY_TEXT)
def test_the_services_api_answers_any_parameters_with_json(client, api_data, q, page, per_page,
                                                           category) -> None:
    for params in ({"q": q}, {"page": page}, {"per_page": per_page}, {"category": category},
                   {"q": q, "page": page, "per_page": per_page, "category": category}):
        response = client.get("/api/v1/services", query_string=params)
        assert_api_answer(response, f"/api/v1/services {params!r}")


@FUZZ
@given(q=ANY_TEXT, page=ANY_TEXT, per_page=ANY_TEXT, service=ANY_TEXT, category=ANY_TEXT,
       province=ANY_TEXT)
def test_the_vendors_api_answers_any_parameters_with_json(client, api_data, q, page, per_page,
                                                          service, category, province) -> None:
    every = {"q": q, "page": page, "per_page": per_page, "service": service,
             "category": category, "province": province}
    for params in [{name: value} for name, value in every.items()] + [every]:
        response = client.get("/api/v1/vendors", query_string=params)
        assert_api_answer(response, f"/api/v1/vendors {params!r}")


@FUZZ
@given(code=ANY_TEXT)
def test_codes_in_api_paths_answer_with_json(client, api_data, code) -> None:
    for base in ("/api/v1/services/", "/api/v1/vendors/"):
        path = base + quote(code, safe="")
        assert_api_answer(client.get(path), path)
    response = client.get("/api/v1/categories", query_string={"q": code, "page": code})
    assert_api_answer(response, "/api/v1/categories")


@FUZZ
@given(code=ANY_TEXT)
def test_codes_in_page_paths_never_give_a_server_error(client, api_data, code) -> None:
    for base in ("/catalog/services/", "/vendors/"):
        path = base + quote(code, safe="")
        assert_no_server_error(client.get(path), path)


@pytest.mark.parametrize("path, params", [
    ("/api/v1/services", {"q": "a\x00"}), ("/api/v1/vendors", {"province": "\x00"}),
    ("/api/v1/services/HT%00", {}), ("/catalog/", {"category": "\x00"}),
    ("/vendors/", {"\x00": "x"}), ("/catalog/services/%00", {}),
])
def test_nul_characters_are_a_400_before_they_reach_the_database(client, api_data, path,
                                                                 params) -> None:
    response = client.get(path, query_string=params)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == 400


@pytest.mark.parametrize("path", ["/catalog/", "/vendors/", "/vendors/admin/", "/contracts/",
                                  "/plans/", "/catalog/admin/"])
@pytest.mark.parametrize("page", ["99999999999999999999", "+9223372036854775808", " 100001 ",
                                  "1_000_000_000_000_000_000"])
def test_a_page_number_past_any_end_is_a_404_not_an_overflow(
        client, registry, make_user, login, path, page) -> None:
    role = {"/vendors/admin/": "admin", "/catalog/admin/": "admin"}.get(path, "agency_staff")
    login(make_user(role))
    assert client.get(path, query_string={"page": page}).status_code == 404
    assert client.get(path, query_string={"page": "-99999999999999999999"}).status_code == 200


def test_a_nul_in_a_posted_form_is_a_400(client, registry) -> None:
    response = client.post("/vendors/register", data={"legal_name": "Công ty\x00"})
    assert response.status_code == 400 and "Yêu cầu không hợp lệ." in response.get_data(True)


def test_the_api_refuses_digits_that_are_not_ascii_with_a_400(client, api_data) -> None:
    for value in ("²", "١", "１２"):
        response = client.get("/api/v1/services", query_string={"page": value})
        assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "page"


def test_openapi_is_still_valid_json(client) -> None:
    assert json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))["paths"]
