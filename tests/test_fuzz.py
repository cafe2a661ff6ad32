"""Bad input: arbitrary text through the tax-code check, amounts in words, search and every
API parameter never gives a 500; uploads are refused by content, size and expansion."""
import io
import json
import os
import zipfile
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from catalog.search import match, words
from documents.engine import MAX_TEMPLATE_BYTES
from documents.template_check import validate_template
from documents.models import DocumentTemplate
from core.money import MAX_AMOUNT, format_vnd, vnd_in_words
from core.pdf import pdf_problem
from extensions import db
from tests.vendors import conftest as vendor_fixtures
from tests.vendors.conftest import MINIMAL_PDF, first_user
from vendors.models import Certification
from vendors.tax_code import (_TAX_CODE, check_digit, is_valid_tax_code, normalize_tax_code,
                              tax_code_error)

registry = vendor_fixtures.registry  # fixtures shared with tests/vendors
make_vendor = vendor_fixtures.make_vendor
make_offering = vendor_fixtures.make_offering

# Any Unicode a browser can send (surrogates cannot be encoded, so no client sends them),
# with NUL and control characters, mixed with values chosen to hit the parsers' edges.
UNICODE = st.characters(blacklist_categories=("Cs",))
EDGES = st.sampled_from([
    "", " ", "0", "-1", "1", "+1", "1.5", "1e3", "0x10", "²", "١", "٣٤", "１２", "Ⅻ",
    "99999999999999999999", "100001", "101", "\x00", "a\x00b", "%", "%00", "_", "\\", "'",
    "\"", "' OR 1=1 --", "<script>", "HT-001", "ht-001", "ha-noi", "../../etc/passwd",
    "dịch vụ công", "Đ" * 300, "ß", "İ", "ﬀ", "\u200b", "\ufeff", "\U0001F600",
])
ANY_TEXT = st.one_of(EDGES, st.text(UNICODE, max_size=80), st.text(UNICODE, max_size=400))
# THUE_FUZZ_EXAMPLES=1000 explores further than the suite's everyday 60.
FUZZ = settings(max_examples=int(os.environ.get("THUE_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_no_server_error(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code)


def assert_api_answer(response, path: str) -> None:
    """2xx, or a 4xx whose body is JSON with an error: never a 500, never an HTML page.

    Routing may also redirect to the canonical path ("/services//0" → "/services/0"), which
    stays in the API."""
    assert_no_server_error(response, path)
    if response.status_code in (301, 308):
        assert response.headers["Location"].split("?")[0].count("/api/v1/") == 1, path
        return
    assert response.mimetype == "application/json", (path, response.status_code)
    body = response.get_json()
    if response.status_code >= 400:
        assert body["error"]["code"] == response.status_code, (path, body)


# --- tax codes -------------------------------------------------------------------------------


@given(ANY_TEXT)
def test_the_tax_code_check_never_raises_and_always_answers(raw: str) -> None:
    error = tax_code_error(raw)
    assert error is None or (isinstance(error, str) and error)
    assert is_valid_tax_code(raw) is (error is None)


@given(ANY_TEXT)
def test_a_code_is_valid_only_when_its_normal_form_is_ascii_digits_with_the_check(raw: str):
    if not is_valid_tax_code(raw):
        return
    code = normalize_tax_code(raw)
    assert code.isascii() and _TAX_CODE.fullmatch(code)
    assert int(code[9]) == check_digit(code[:9]) and not code.endswith("-000")


@given(ANY_TEXT)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalize_tax_code(raw)
    assert normalize_tax_code(once) == once
    assert tax_code_error(once) == tax_code_error(raw)


nine = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(
    lambda s: check_digit(s) is not None)
spaces = st.text(alphabet=" \t\n\u00a0\u2003", max_size=3)


@given(nine, st.lists(spaces, min_size=15, max_size=15),
       st.one_of(st.none(), st.integers(1, 999)))
def test_whitespace_anywhere_in_a_valid_code_keeps_it_valid(first, gaps, branch) -> None:
    code = first + str(check_digit(first)) + (f"-{branch:03d}" if branch else "")
    spaced = "".join(gap + ch for gap, ch in zip(gaps, code)) + gaps[-1]
    assert is_valid_tax_code(spaced)
    assert normalize_tax_code(spaced) == code


@FUZZ
@given(tax_code=ANY_TEXT)
def test_the_registration_form_answers_any_tax_code_without_a_server_error(
        client, registry, tax_code):
    response = client.post("/vendors/register", data={
        "legal_name": "Công ty thử", "tax_code": tax_code, "address": "Số 1", "province":
        "ha-noi", "phone": "024 3555 0000", "email": "a@b.vn", "representative": "A",
        "representative_position": "Giám đốc", "user_name": "B", "user_email": "b@b.vn",
        "password": "x", "confirm": "y"})
    assert_no_server_error(response, "/vendors/register")
    if "\x00" in tax_code:  # refused before any view (see test_nul_characters_are_a_400)
        assert response.status_code == 400
    elif not is_valid_tax_code(tax_code):
        assert response.status_code == 200


# --- amounts in words ------------------------------------------------------------------------


@given(st.integers(0, MAX_AMOUNT), st.sampled_from(["tư", "bốn"]), st.booleans())
def test_every_amount_in_the_valid_range_is_read(amount: int, four: str, chan: bool) -> None:
    text = vnd_in_words(amount, four=four, chan=chan)
    assert text.endswith("đồng chẵn" if chan else "đồng") and "  " not in text
    assert format_vnd(amount).replace(".", "").lstrip("0") == str(amount).lstrip("0")


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=MAX_AMOUNT + 1)))
def test_every_amount_outside_the_range_raises_value_error(amount: int) -> None:
    with pytest.raises(ValueError):
        vnd_in_words(amount)


@given(st.one_of(st.floats(allow_nan=True), st.text(max_size=20), st.decimals(),
                 st.booleans(), st.none(), st.lists(st.integers(), max_size=2)))
def test_anything_but_an_int_raises_value_error(value) -> None:
    with pytest.raises(ValueError):
        vnd_in_words(value)
    with pytest.raises(ValueError):
        format_vnd(value)


# --- search ----------------------------------------------------------------------------------


@given(ANY_TEXT)
def test_search_words_are_folded_ascii_and_bounded(query: str) -> None:
    found = words(query)
    assert all(w.isascii() and w.isalnum() and w == w.lower() and len(w) <= 64 for w in found)
    assert len(found) == len(set(found))


@FUZZ
@given(query=ANY_TEXT)
def test_a_search_clause_for_any_query_runs_on_the_database(app, registry, query) -> None:
    from catalog.models import Service

    count = db.session.scalar(select(func.count()).select_from(Service).where(
        match("service", Service.id, query)))
    assert 0 <= count <= 4


@FUZZ
@given(q=ANY_TEXT, page=ANY_TEXT, category=ANY_TEXT)
def test_the_catalog_page_answers_any_query(client, registry, q, page, category) -> None:
    for params in ({"q": q}, {"q": q, "page": page}, {"category": category, "q": q}):
        response = client.get("/catalog/", query_string=params)
        assert_no_server_error(response, f"/catalog/ {params!r}")


@FUZZ
@given(q=ANY_TEXT, service=ANY_TEXT, category=ANY_TEXT, province=ANY_TEXT, page=ANY_TEXT,
       offering=ANY_TEXT)
def test_the_vendor_pages_answer_any_query(client, registry, q, service, category, province,
                                           page, offering) -> None:
    for path, params in [
        ("/vendors/", {"q": q, "page": page}),
        ("/vendors/", {"service": service, "category": category, "province": province}),
        ("/vendors/compare", {"service": service, "offering": [offering, "1"]}),
        ("/vendors/compare", {"service": "HT-001", "offering": offering}),
    ]:
        response = client.get(path, query_string=params)
        assert_no_server_error(response, f"{path} {params!r}")


@FUZZ
@given(values=st.lists(ANY_TEXT, min_size=6, max_size=6))
def test_the_public_calculator_answers_any_input(client, values) -> None:
    names = ("build_cost", "residual", "annual_rate", "periods_per_year", "periods", "vat_rate")
    response = client.get("/plans/calculator", query_string=dict(zip(names, values)))
    assert_no_server_error(response, "/plans/calculator")


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


# --- uploads: certificates -------------------------------------------------------------------


def certification_form(pdf: bytes, name: str = "chung-chi.pdf") -> dict:
    return {"kind": "iso27001", "number": "VN-27001-123", "issuer": "Tổ chức chứng nhận",
            "issued_on": "2025-01-10", "expires_on": "2028-01-09",
            "file": (io.BytesIO(pdf), name)}


def post_certification(client, pdf: bytes, name: str = "chung-chi.pdf"):
    return client.post("/vendors/profile/certifications/new", data=certification_form(pdf, name),
                       content_type="multipart/form-data")


@given(st.binary(max_size=2048))
def test_the_pdf_check_answers_any_bytes(data: bytes) -> None:
    problem = pdf_problem(data, 1024, "chứng chỉ")
    assert problem is None or isinstance(problem, str)
    if problem is None:
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] and len(data) <= 1024


@pytest.mark.parametrize("data, name", [
    (b"PK\x03\x04" + b"\0" * 200 + b"%%EOF", "chung-chi.pdf"),  # a zip named .pdf
    (b"<html><body>%PDF-1.4</body></html>\n%%EOF", "chung-chi.pdf"),  # PDF magic not first
    (b"GIF89a" + b"\0" * 100, "chung-chi.pdf"),
    (MINIMAL_PDF.replace(b"%PDF-", b"%PDF_"), "chung-chi.pdf"),
])
def test_certificates_are_checked_by_content_not_by_name(client, make_vendor, login, data,
                                                         name):
    login(first_user(make_vendor()))
    response = post_certification(client, data, name)
    assert response.status_code == 200 and "Tệp không phải PDF" in response.get_data(True)
    assert db.session.scalar(select(Certification)) is None


def test_a_real_pdf_with_any_name_is_accepted(client, make_vendor, login):
    login(first_user(make_vendor()))
    assert post_certification(client, MINIMAL_PDF, "anh-chup.png").status_code == 302


def test_a_request_over_the_server_limit_is_a_413_page_not_a_500(app, client, make_vendor,
                                                                 login):
    login(first_user(make_vendor()))
    big = b"%PDF-1.4\n" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1) + b"\n%%EOF\n"
    response = post_certification(client, big)
    assert response.status_code == 413
    assert "Tệp tải lên vượt quá dung lượng cho phép." in response.get_data(True)
    assert db.session.scalar(select(Certification)) is None


# --- uploads: signed copies of contracts ------------------------------------------------------


@pytest.fixture
def signed_world(app, client, login):
    """An active contract of agency A (tests/test_access_matrix.py's world); its owner signed in."""
    from tests.test_access_matrix import build_world

    world = build_world()
    login(world.users["staff_a"])
    return world


def signed_copies() -> int:
    from contracts.models.signed_copy import SignedCopy

    return db.session.scalar(select(func.count()).select_from(SignedCopy))


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Tệp không phải PDF"),
    (b"PK\x03\x04" + b"0" * 100 + b"%%EOF", "Tệp không phải PDF"),
    (MINIMAL_PDF[:-7], "Tệp PDF không đầy đủ"),
    (b"", "Tệp tải lên đang trống."),
])
def test_a_signed_copy_is_checked_by_content(client, signed_world, data, message):
    before = signed_copies()
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(data), "ban-ky.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and message in response.get_data(True)
    assert signed_copies() == before


def test_a_signed_copy_over_its_limit_is_refused(app, client, signed_world):
    app.config["SIGNED_PDF_MAX_BYTES"] = 1024
    before = signed_copies()
    big = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(big), "ban-ky.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "vượt quá dung lượng" in response.get_data(True) and signed_copies() == before
    too_big = b"%PDF-1.4\n" + b"0" * app.config["MAX_CONTENT_LENGTH"] + b"\n%%EOF\n"
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(too_big), "ban-ky.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and signed_copies() == before


# --- uploads: Word templates -----------------------------------------------------------------


def upload_template(client, data: bytes, name: str = "hop-dong.docx"):
    form = {"pack_id": "nd224-2026", "kind": "contract", "effective_from": "2026-11-01",
            "notes": "Thử", "file": (io.BytesIO(data), name)}
    return client.post("/documents/templates/", data=form, content_type="multipart/form-data")


def new_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(DocumentTemplate).where(
        DocumentTemplate.version > 1))


def zip_of(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@given(st.binary(max_size=4096))
def test_the_template_check_answers_any_bytes(data: bytes) -> None:
    errors = validate_template(data, "contract")
    assert errors and all(isinstance(e, str) and e for e in errors)


@given(st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                        "word/styles.xml", "a/b.bin"]),
                       st.binary(max_size=512), max_size=4))
def test_the_template_check_answers_any_zip(members: dict) -> None:
    errors = validate_template(zip_of(members), "plan")
    assert errors and all(isinstance(e, str) and e for e in errors)


@pytest.mark.parametrize("data, name, message", [
    (MINIMAL_PDF, "hop-dong.docx", "không phải là tài liệu Word"),
    (b"PK\x03\x04 truncated zip", "hop-dong.docx", "không phải là tài liệu Word"),
    (zip_of({"hello.txt": "xin chào"}), "hop-dong.docx", "word/document.xml"),
    (b"PK" + b"\0" * (MAX_TEMPLATE_BYTES + 10), "hop-dong.docx", "lớn hơn 5 MiB"),
])
def test_the_template_upload_refuses_wrong_content_and_size_with_a_form_error(
        client, login, make_user, data, name, message):
    login(make_user("legal_drafter"))
    response = upload_template(client, data, name)
    assert response.status_code == 200 and message in response.get_data(True)
    assert new_versions() == 0


def test_the_template_upload_refuses_a_zip_bomb_docx(client, login, make_user):
    bomb = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
                   "word/media/bomb.bin": b"\0" * (51 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    login(make_user("legal_drafter"))
    response = upload_template(client, bomb)
    assert response.status_code == 200 and "50 MiB" in response.get_data(True)
    assert new_versions() == 0


def test_a_template_over_the_server_limit_is_a_413_page(app, client, login, make_user):
    login(make_user("legal_drafter"))
    response = upload_template(client, b"PK" + b"\0" * app.config["MAX_CONTENT_LENGTH"])
    assert response.status_code == 413
    assert "vượt quá dung lượng" in response.get_data(True)
    assert new_versions() == 0


def lying_zip(real_size: int, declared_size: int) -> bytes:
    """A .docx whose big member declares a small uncompressed size in both its headers."""
    data = bytearray(zip_of({"[Content_Types].xml": "<Types/>",
                             "word/document.xml": "<w:document/>",
                             "word/media/bomb.bin": b"\0" * real_size}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/media/bomb.bin")
    data[info.header_offset + 22:info.header_offset + 26] = declared_size.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02" + data[data.index(b"PK\x01\x02") + 4:][:0])
    while True:  # the central directory entry of the bomb
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == b"word/media/bomb.bin":
            break
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = declared_size.to_bytes(4, "little")
    return bytes(data)


def test_a_docx_that_lies_about_its_expanded_size_is_refused_as_damaged():
    bomb = lying_zip(60 * 1024 * 1024, 1024)  # 60 MiB inside, over the 50 MiB bound
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 4096  # it passes the size check
    errors = validate_template(bomb, "contract")
    assert len(errors) == 1 and "bị hỏng" in errors[0]


def test_openapi_is_still_valid_json(client) -> None:
    assert json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))["paths"]
