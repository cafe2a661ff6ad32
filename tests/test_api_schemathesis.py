"""Schemathesis, with all its checks, against /api/v1/openapi.json: every operation of the API
answers as its OpenAPI document says (statuses, media types, bodies, the Allow header of a 405),
for generated valid and invalid inputs, in-process (WSGI, no network) over a small world of
real data (tests/access_world.py: the catalog, verified vendors with offerings and
certificates, an active contract).

The run is Schemathesis' own engine, the one `schemathesis run` drives (examples, coverage,
fuzzing and stateful phases): its pytest plugin does not work with pytest 9 (it reads the
removed `Node._nodeid`)."""
import os
import re

import pytest
import schemathesis
import schemathesis.engine
from openapi_spec_validator import validate
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status
from schemathesis.engine.events import FatalError, NonFatalError, ScenarioFinished

from catalog.api import CODE_PATTERNS, MAX_PER_PAGE
from core.pagination import MAX_PAGE
from tests.access_world import build_world

# Examples per operation in the fuzzing phase; THUE_SCHEMATHESIS_EXAMPLES=1000 explores further.
EXAMPLES = int(os.environ.get("THUE_SCHEMATHESIS_EXAMPLES", "100"))
SEED = 20261202  # with `deterministic`, the same requests on every run


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def api_schema(app, world):
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none",
                       "mode": "all"},
        # every check, as Schemathesis ships them: none disabled or narrowed
        # the coverage phase also sends a parameter twice (?page=1&page=1), as `run` can
        "phases": {"coverage": {"generate-duplicate-query-parameters": True}},
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


def describe(event) -> list[str]:
    """The failed checks of a finished scenario, one line each (check, request, reason)."""
    lines = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                case = event.recorder.cases[case_id].value
                lines.append(f"{event.label} [{check.name}] {case.method} {case.formatted_path}"
                             f" query={case.query!r}: {check.failure_info.failure.title} – "
                             f"{check.failure_info.failure.message[:300]}")
    return lines or [f"{event.label}: {event.status}"]


@pytest.mark.slow  # generated inputs: about 25 s for 100 examples per operation
def test_every_operation_answers_as_its_openapi_document_says(api_schema):
    problems, operations = [], set()
    for event in schemathesis.engine.from_schema(api_schema).execute():
        if isinstance(event, ScenarioFinished):
            operations.add(event.label)
            if event.status in (Status.FAILURE, Status.ERROR):
                problems += describe(event)
        elif isinstance(event, NonFatalError):
            problems.append(f"{event.label}: {event.info.title}: {event.info.message}")
        elif isinstance(event, FatalError):
            raise event.exception
    assert not problems, "\n".join(sorted(set(problems)))
    assert {"GET /api/v1/categories", "GET /api/v1/services", "GET /api/v1/services/{code}",
            "GET /api/v1/vendors", "GET /api/v1/vendors/{tax_code}",
            "GET /api/v1/contracts/{contract_id}/ocds"} <= operations


def test_the_documented_code_patterns_are_the_ones_the_api_checks(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    declared = {"category": schemas["CategoryCode"], "service": schemas["ServiceCode"],
                "province": schemas["ProvinceCode"]}
    for name, (pattern, max_length, _shape) in CODE_PATTERNS.items():
        assert (declared[name]["pattern"], declared[name]["maxLength"]) == (pattern, max_length)
        assert re.fullmatch(pattern, declared[name]["example"])
    assert (schemas["Page"]["maximum"], schemas["PerPage"]["maximum"]) == (MAX_PAGE,
                                                                           MAX_PER_PAGE)


def test_the_real_records_answer_as_documented(api_schema, world):
    real = {("/api/v1/services/{code}", "code"): "HT-001",
            ("/api/v1/vendors/{tax_code}", "tax_code"): world.tax_v,
            ("/api/v1/contracts/{contract_id}/ocds", "contract_id"): world.active}
    for (path, name), value in real.items():
        case = api_schema[path]["GET"].Case(path_parameters={name: value})
        assert case.call_and_validate().status_code == 200, path
    for path in ("/api/v1/categories", "/api/v1/services", "/api/v1/vendors"):
        assert api_schema[path]["GET"].Case().call_and_validate().status_code == 200, path
    for query in ({"category": "ht", "per_page": "1"}, {"service": "HT-001", "province": "ha-noi"},
                  {"category": "ZZ"}, {"service": "ZZ-999", "province": "atlantis"}):
        assert api_schema["/api/v1/vendors"]["GET"].Case(query=query).call_and_validate()\
            .status_code == 200, query
    unknown = api_schema["/api/v1/services"]["GET"].Case(query={"category": "ZZ"})
    empty = {"items": [], "total": 0, "page": 1, "per_page": 20}
    assert unknown.call_and_validate().json() == empty


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/vendors"])
@pytest.mark.parametrize("query, parameter", [
    ("per_page=", "per_page"), ("page=", "page"), ("page=1&page=2", "page"),
    ("per_page=5&per_page=5", "per_page"), ("page=1.0", "page"), ("page=100001", "page"),
    ("q=a&q=b", "q"), ("q=" + "%20" * 201, "q"), ("category=", "category"),
    ("category=H%20T", "category"), ("category=HT&category=PM", "category"),
    ("category=HT%0A", "category"), ("category=ABCDEFGHI", "category"),
])
def test_list_parameters_are_strict_with_a_json_400_naming_them(
        client, registry, path, query, parameter):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert (error["code"], error["parameter"]) == (400, parameter) and error["message"]


@pytest.mark.parametrize("query, parameter", [
    ("service=", "service"), ("service=HT_001", "service"), ("province=Ha-Noi", "province"),
    ("province=ha-noi&province=hue", "province"), ("province=" + "a" * 41, "province"),
])
def test_the_vendor_filters_are_strict_too(client, registry, query, parameter):
    response = client.get(f"/api/v1/vendors?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == parameter


def test_codes_are_read_in_either_case_as_documented(client, registry):
    assert client.get("/api/v1/services?category=ht").get_json()["total"] == 2
    assert client.get("/api/v1/vendors?service=ht-001&category=Ht").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/categories", "/api/v1/services",
                                  "/api/v1/services/HT-001", "/api/v1/vendors",
                                  "/api/v1/vendors/0109876500", "/api/v1/contracts/1/ocds"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_method_the_api_lacks_is_a_json_405_with_allow(client, path, method):
    response = client.open(path, method=method)
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD",
                                                                          "OPTIONS"}


def test_a_page_refusing_a_method_keeps_allow_too(client):
    response = client.post("/catalog/")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_every_operation_documents_every_status_the_api_can_answer(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path
        responses = item["get"]["responses"]
        expected = {"200", "400", "405", "414", "429", "500", "503"} | (
            {"404"} if "{" in path else set())
        assert set(responses) == expected, path
        assert responses["405"] == {"$ref": "#/components/responses/MethodNotAllowed"}, path
    allow = document["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"]
    assert allow["required"] is True
