"""Tests for accounts.tax_code: the mã số thuế format and its N10 check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.tax_code import (
    FORMAT_MESSAGE,
    check_digit,
    is_valid_tax_code,
    normalize_tax_code,
    tax_code_error,
)

REAL_CODES = ["0100109106", "0101248141", "0100684378", "5600000018"]


def weighted_remainder(first_nine: str) -> int:
    """The §7 sum mod 11, written out again so the tests do not trust the module."""
    weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    return sum(w * int(d) for w, d in zip(weights, first_nine)) % 11


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_enterprise_codes_are_valid(code: str) -> None:
    assert tax_code_error(code) is None
    assert is_valid_tax_code(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_match_the_formula_by_hand(code: str) -> None:
    assert int(code[9]) == 10 - weighted_remainder(code[:9])


def test_dependent_unit_code_is_valid() -> None:
    assert tax_code_error("0100109106-001") is None
    assert is_valid_tax_code("0100109106-999")


def test_wrong_check_digit_is_reported() -> None:
    assert tax_code_error("0100109107") == "Mã số thuế 0100109107 có chữ số kiểm tra không đúng."
    assert not is_valid_tax_code("0100109107")


def test_dependent_unit_of_a_wrong_code_reports_the_check_digit() -> None:
    assert tax_code_error("0100109107-001") == (
        "Mã số thuế 0100109107 có chữ số kiểm tra không đúng."
    )


@pytest.mark.parametrize(
    "raw",
    [
        "010010910",  # 9 digits
        "01001091060",  # 11 digits
        "010010910A",
        "MST0100109106",
        "0100109106-00",
        "0100109106-0001",
        "0100109106-",
        "0100109106_001",
        "0100109106/001",
        "-0100109106",
        "0100.109.106",
        "０１００１０９１０６",  # full-width digits
        "٠١٠٠١٠٩١٠٦",  # Arabic-Indic digits
    ],
)
def test_malformed_codes_get_the_format_message(raw: str) -> None:
    assert tax_code_error(raw) == FORMAT_MESSAGE
    assert not is_valid_tax_code(raw)


def test_format_message_explains_both_forms() -> None:
    assert FORMAT_MESSAGE == (
        "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của "
        "đơn vị phụ thuộc (ví dụ 0100109106-001)."
    )


def test_branch_000_is_rejected() -> None:
    assert tax_code_error("0100109106-000") == "Mã đơn vị phụ thuộc không được là 000."


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_input_asks_for_a_code(raw: str) -> None:
    assert tax_code_error(raw) == "Chưa nhập mã số thuế."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  0100109106 ", "0100109106"),
        ("0100 109 106", "0100109106"),
        ("0100109106 - 001", "0100109106-001"),
        ("\t0100109106-001\n", "0100109106-001"),
        ("0100\u00a0109106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
    ],
)
def test_whitespace_is_removed_and_the_dash_kept(raw: str, expected: str) -> None:
    assert normalize_tax_code(raw) == expected
    assert is_valid_tax_code(raw)


def test_a_remainder_of_zero_makes_every_tenth_digit_invalid() -> None:
    # 000000000 sums to 0, so N10 would have to be 10.
    assert weighted_remainder("000000000") == 0
    assert check_digit("000000000") is None
    assert not any(is_valid_tax_code("000000000" + str(d)) for d in range(10))
    assert "không ứng với chữ số kiểm tra" in (tax_code_error("0000000000") or "")


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_nine_digits_admit_one_check_digit_or_none(first_nine: str) -> None:
    valid = [d for d in range(10) if is_valid_tax_code(f"{first_nine}{d}")]
    if weighted_remainder(first_nine) == 0:
        assert valid == []
    else:
        assert valid == [10 - weighted_remainder(first_nine)]


valid_codes = nine_digits.filter(lambda s: weighted_remainder(s) != 0).map(
    lambda s: s + str(10 - weighted_remainder(s))
)


@given(valid_codes, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_makes_a_valid_code_invalid(
    code: str, position: int, shift: int
) -> None:
    assert is_valid_tax_code(code)
    changed = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1:]
    assert not is_valid_tax_code(changed)


@given(valid_codes, st.integers(min_value=1, max_value=999))
def test_any_branch_suffix_but_000_keeps_a_valid_code_valid(code: str, branch: int) -> None:
    assert is_valid_tax_code(f"{code}-{branch:03d}")
    assert not is_valid_tax_code(f"{code}-000")
