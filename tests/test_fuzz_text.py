"""Bad input, arbitrary text: through the tax-code check, amounts in words, search and the
public pages never gives a 500. tests/test_fuzz_api.py covers the JSON API, and
tests/test_fuzz_uploads.py the uploads."""
import html
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from accounts.tax_code import (_TAX_CODE, check_digit, is_valid_tax_code, normalize_tax_code,
                               tax_code_error)
from catalog.highlight import highlight
from catalog.models import Service
from catalog.search import matching, words
from core.money import MAX_AMOUNT, format_vnd, vnd_in_words
from extensions import db
from tests.fuzz_helpers import ANY_TEXT, FUZZ, assert_no_server_error


pytestmark = pytest.mark.slow  # generated inputs

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
    found = matching(select(Service.id), "service", Service.id, query)
    count = db.session.scalar(select(func.count()).select_from(found.subquery()))
    assert 0 <= count <= 4


@given(text=ANY_TEXT, query=ANY_TEXT)
def test_highlighting_keeps_the_text_escaped_and_only_adds_marks(text: str, query: str) -> None:
    bare = str(highlight(text, query)).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert html.unescape(bare) == unicodedata.normalize("NFC", text)


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
