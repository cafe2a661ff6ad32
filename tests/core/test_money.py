"""Tests for core.money: the §9 reading of amounts, the dotted figure, parsing, splitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import (MAX_AMOUNT, MONEY_FORMAT, NEGATIVE, TOO_LARGE, format_vnd, parse_vnd,
                        split_by_percent, split_evenly, vnd_in_words)

# Every expected string below was worked out by hand from domain.md §9, not produced by
# running the code.
HAND_WORKED = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (55, "Năm mươi lăm đồng"),
    (91, "Chín mươi mốt đồng"),
    (99, "Chín mươi chín đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm lẻ một đồng"),
    (104, "Một trăm lẻ bốn đồng"),
    (105, "Một trăm lẻ năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm lẻ một đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (2_021, "Hai nghìn không trăm hai mươi mốt đồng"),
    (3_008, "Ba nghìn không trăm lẻ tám đồng"),
    (4_444, "Bốn nghìn bốn trăm bốn mươi tư đồng"),
    (10_000, "Mười nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_500, "Hai mươi mốt nghìn năm trăm đồng"),
    (50_505, "Năm mươi nghìn năm trăm lẻ năm đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (105_000, "Một trăm lẻ năm nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_000_001, "Một triệu không trăm lẻ một đồng"),
    (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
    (5_000_070, "Năm triệu không trăm bảy mươi đồng"),
    (24_054_000, "Hai mươi tư triệu không trăm năm mươi tư nghìn đồng"),
    (
        116_491_472,
        "Một trăm mười sáu triệu bốn trăm chín mươi mốt nghìn bốn trăm bảy mươi hai đồng",
    ),
    (
        114_769_923,
        "Một trăm mười bốn triệu bảy trăm sáu mươi chín nghìn chín trăm hai mươi ba đồng",
    ),
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_005_000, "Một tỷ không trăm lẻ năm nghìn đồng"),
    (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"),
    (2_000_000_005, "Hai tỷ không trăm lẻ năm đồng"),
    (
        1_001_001_001,
        "Một tỷ không trăm lẻ một triệu không trăm lẻ một nghìn không trăm lẻ một đồng",
    ),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (1_000_000_000_001, "Một nghìn tỷ không trăm lẻ một đồng"),
    (1_000_010_000_000, "Một nghìn tỷ không trăm mười triệu đồng"),
    (1_005_000_000_000, "Một nghìn không trăm lẻ năm tỷ đồng"),
    (25_000_000_000_000, "Hai mươi lăm nghìn tỷ đồng"),
    (
        12_345_678_901_234,
        "Mười hai nghìn ba trăm bốn mươi lăm tỷ sáu trăm bảy mươi tám triệu"
        " chín trăm lẻ một nghìn hai trăm ba mươi tư đồng",
    ),
    (700_000_000_000_000, "Bảy trăm nghìn tỷ đồng"),
    (
        999_999_999_999_999,
        "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ"
        " chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
        " chín trăm chín mươi chín đồng",
    ),
]


@pytest.mark.parametrize(("amount", "expected"), HAND_WORKED)
def test_amount_reads_as_hand_worked(amount: int, expected: str) -> None:
    assert vnd_in_words(amount) == expected


def test_zero_reads_khong_dong() -> None:
    assert vnd_in_words(0) == "Không đồng"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(24, "Hai mươi bốn đồng"), (14, "Mười bốn đồng"), (104, "Một trăm lẻ bốn đồng"),
     (4_444, "Bốn nghìn bốn trăm bốn mươi bốn đồng")],
)
def test_four_option_bon_changes_only_unit_four_after_tens_two_to_nine(
    amount: int, expected: str
) -> None:
    assert vnd_in_words(amount, four="bốn") == expected


def test_unknown_four_option_is_rejected() -> None:
    with pytest.raises(ValueError):
        vnd_in_words(24, four="tứ")


def test_chan_option_ends_with_dong_chan() -> None:
    assert vnd_in_words(1_000_000, chan=True) == "Một triệu đồng chẵn"
    assert vnd_in_words(2_021, chan=True) == "Hai nghìn không trăm hai mươi mốt đồng chẵn"


@pytest.mark.parametrize("bad", [-1, MAX_AMOUNT + 1, 10**15, 10**18])
def test_out_of_range_amount_raises(bad: int) -> None:
    with pytest.raises(ValueError):
        vnd_in_words(bad)


@pytest.mark.parametrize("bad", [True, False, 1.0, "100", None])
def test_non_int_amount_raises(bad: object) -> None:
    with pytest.raises(ValueError):
        vnd_in_words(bad)  # type: ignore[arg-type]


# --- A strict reader of §9 text back to a number -------------------------------------
# Independent of the implementation: it encodes the grammar of §9 and rejects anything
# off it (a "lẻ" before tens, a missing "không trăm" in a later group, "năm" after a
# tens word, "mốt" after "mười", an all-zero group, scales out of order...). So a
# round trip proves both the value and the form.

_PLAIN = {w: i for i, w in enumerate(
    ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"))}


class ReadError(ValueError):
    """The words are not a §9 reading."""


def _units_after_tens(tens: int, four: str) -> dict[str, int]:
    if tens == 1:
        return {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "lăm": 5,
                "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
    return {"mốt": 1, "hai": 2, "ba": 3, four: 4, "lăm": 5,
            "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _parse_tens(words: list[str], four: str) -> int | None:
    """Parse a whole "mười [u]" or "d mươi [u]" phrase; None if it is not one."""
    if words[:1] == ["mười"]:
        tens, rest = 1, words[1:]
    elif len(words) >= 2 and words[1] == "mươi" and _PLAIN.get(words[0], 0) >= 2:
        tens, rest = _PLAIN[words[0]], words[2:]
    else:
        return None
    if not rest:
        return tens * 10
    units = _units_after_tens(tens, four)
    if len(rest) != 1 or rest[0] not in units:
        raise ReadError(f"bad unit after tens: {rest}")
    return tens * 10 + units[rest[0]]


def _parse_group(words: list[str], *, leading: bool, four: str) -> int:
    if len(words) >= 2 and words[1] == "trăm" and words[0] in _PLAIN:
        hundreds, tail = _PLAIN[words[0]], words[2:]
        if leading and hundreds == 0:
            raise ReadError("leading group starts with không trăm")
        if not tail:
            value = hundreds * 100
        elif tail[0] == "lẻ":
            if len(tail) != 2 or _PLAIN.get(tail[1], 0) == 0:
                raise ReadError(f"bad lẻ phrase: {tail}")
            value = hundreds * 100 + _PLAIN[tail[1]]
        else:
            tens = _parse_tens(tail, four)
            if tens is None:
                raise ReadError(f"bad tail after trăm: {tail}")
            value = hundreds * 100 + tens
    elif not leading:
        raise ReadError(f"later group not read in full: {words}")
    else:
        tens = _parse_tens(words, four)
        if tens is not None:
            value = tens
        elif len(words) == 1 and _PLAIN.get(words[0], 0) > 0:
            value = _PLAIN[words[0]]
        else:
            raise ReadError(f"bad leading group: {words}")
    if value == 0:
        raise ReadError("an all-zero group must be skipped")
    return value


def _parse_below_billion(words: list[str], *, leading: bool, four: str) -> int:
    if not words:
        raise ReadError("empty number")
    total, start = 0, 0
    allowed = [("triệu", 10**6), ("nghìn", 10**3)]
    for i, word in enumerate(words):
        for j, (name, scale) in enumerate(allowed):
            if word == name:
                total += scale * _parse_group(words[start:i], leading=leading, four=four)
                leading, start, allowed = False, i + 1, allowed[j + 1:]
                break
        else:
            if word in ("triệu", "nghìn", "tỷ"):
                raise ReadError(f"scale out of order: {word}")
    if start < len(words):
        total += _parse_group(words[start:], leading=leading, four=four)
    return total


def words_to_amount(text: str, four: str = "tư") -> int:
    """Read a §9 amount in words back to its integer value, strictly."""
    if not text.endswith(" đồng") or text[0] != text[0].upper():
        raise ReadError("must be capitalised and end with đồng")
    words = (text[0].lower() + text[1:]).removesuffix(" đồng").split(" ")
    if words == ["không"]:
        return 0
    if words.count("tỷ") > 1:
        raise ReadError("tỷ said more than once")
    if "tỷ" in words:
        cut = words.index("tỷ")
        billions = _parse_below_billion(words[:cut], leading=True, four=four)
        rest = words[cut + 1:]
        tail = _parse_below_billion(rest, leading=False, four=four) if rest else 0
        return billions * 10**9 + tail
    return _parse_below_billion(words, leading=True, four=four)


@pytest.mark.parametrize(
    "wrong",
    [
        "Hai nghìn lẻ hai mươi mốt đồng",  # num2words' 2021
        "Một tỷ năm nghìn đồng",  # num2words' 1 000 005 000
        "Một trăm linh năm đồng",
        "Hai mươi một đồng",
        "Mười mốt đồng",
        "Mười năm đồng",
        "Hai mươi năm đồng",
        "Một trăm lẻ mươi đồng",
        "Một nghìn tỷ không trăm lẻ năm tỷ đồng",
        "Một triệu không trăm nghìn đồng",
        "một đồng",
        "Một  đồng",
        "Không trăm lẻ một đồng",
    ],
)
def test_reader_rejects_readings_off_the_rules(wrong: str) -> None:
    with pytest.raises(ReadError):
        words_to_amount(wrong)


@pytest.mark.parametrize(("amount", "text"), HAND_WORKED)
def test_reader_reads_the_hand_worked_table(amount: int, text: str) -> None:
    assert words_to_amount(text) == amount


amounts = st.one_of(
    st.integers(min_value=0, max_value=MAX_AMOUNT),
    st.integers(min_value=0, max_value=99_999),
    # Group by group, so that skipped groups, "không trăm", "lẻ" and each special unit
    # (11, 14, 15, 21, 24, 25, 105...) turn up in every position, not just by luck.
    st.lists(
        st.one_of(
            st.just(0),
            st.integers(min_value=0, max_value=999),
            st.sampled_from([1, 4, 5, 10, 11, 14, 15, 21, 24, 25, 101, 105, 111, 115, 954]),
        ),
        min_size=5,
        max_size=5,
    ).map(lambda gs: sum(g * 1000**i for i, g in enumerate(gs))),
)


@given(amounts)
def test_any_amount_reads_back_to_itself(amount: int) -> None:
    assert words_to_amount(vnd_in_words(amount)) == amount


@given(amounts)
def test_any_amount_with_bon_reads_back_to_itself(amount: int) -> None:
    text = vnd_in_words(amount, four="bốn")
    assert " tư" not in text
    assert words_to_amount(text, four="bốn") == amount


@given(amounts)
def test_any_reading_is_capitalised_single_spaced_and_ends_with_dong(amount: int) -> None:
    text = vnd_in_words(amount)
    assert text[0].isupper()
    assert text.endswith(" đồng")
    assert "  " not in text and text == text.strip()
    assert "lẻ mươi" not in text and "lẻ mười" not in text


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_chan_only_appends_chan(amount: int) -> None:
    assert vnd_in_words(amount, chan=True) == vnd_in_words(amount) + " chẵn"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "0"), (5, "5"), (999, "999"), (1_000, "1.000"), (116_491_472, "116.491.472"),
     (1_250_000_000, "1.250.000.000"), (-1_250_000, "-1.250.000"), (-999, "-999")],
)
def test_format_vnd_groups_thousands_with_dots(amount: int, expected: str) -> None:
    assert format_vnd(amount) == expected


@pytest.mark.parametrize("bad", [True, 1.5, "1000"])
def test_format_vnd_rejects_non_int(bad: object) -> None:
    with pytest.raises(ValueError):
        format_vnd(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_vnd_drops_back_to_the_number(amount: int) -> None:
    text = format_vnd(amount)
    assert int(text.replace(".", "")) == amount
    assert all(len(part) == 3 for part in text.lstrip("-").split(".")[1:])


@pytest.mark.parametrize(("typed", "amount"), [
    ("1250000", 1_250_000), ("1.250.000", 1_250_000), ("1 250 000", 1_250_000),
    ("1\u00a0250\u00a0000", 1_250_000), ("1\u202f250 000", 1_250_000), ("  12.500 ", 12_500),
    ("1.250.000 đ", 1_250_000), ("1.250.000đồng", 1_250_000), ("0", 0), ("999", 999),
    ("999.999.999.999.999", MAX_AMOUNT), ("", None), ("   ", None), (None, None),
])
def test_parse_vnd_reads_what_people_type(typed, amount) -> None:
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(("typed", "message"), [
    ("1,250,000", MONEY_FORMAT), ("1.25", MONEY_FORMAT), ("1.250 000", MONEY_FORMAT),
    ("12.50.000", MONEY_FORMAT), ("1.2500", MONEY_FORMAT), ("hai triệu", MONEY_FORMAT),
    ("1e6", MONEY_FORMAT), ("+5", MONEY_FORMAT), ("-5", NEGATIVE), ("−5", NEGATIVE),
    ("1.000.000.000.000.000", TOO_LARGE), ("²", MONEY_FORMAT),
])
def test_parse_vnd_refuses_anything_else_in_vietnamese(typed, message) -> None:
    with pytest.raises(ValueError) as refused:
        parse_vnd(typed)
    assert str(refused.value) == message


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_every_amount_reads_back_from_its_dotted_and_spaced_figures(amount: int) -> None:
    dotted = format_vnd(amount)
    assert parse_vnd(dotted) == parse_vnd(dotted.replace(".", " ")) == parse_vnd(str(amount))
    assert parse_vnd(dotted) == amount


@given(st.integers(min_value=0, max_value=MAX_AMOUNT), st.integers(min_value=1, max_value=240))
def test_an_even_split_sums_to_the_total_and_puts_the_remainder_last(total, count) -> None:
    parts = split_evenly(total, count)
    assert len(parts) == count and sum(parts) == total
    assert len(set(parts[:-1])) <= 1 and 0 <= parts[-1] - parts[0] < count


@given(st.integers(min_value=0, max_value=MAX_AMOUNT),
       st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=8))
def test_a_split_by_percent_sums_to_the_total(total, percents) -> None:
    parts = split_by_percent(total, percents)
    assert sum(parts) == total
    assert all(part == total * pct // 100 for part, pct in zip(parts[:-1], percents))


def test_a_split_needs_at_least_one_payment() -> None:
    with pytest.raises(ValueError):
        split_evenly(1000, 0)
    with pytest.raises(ValueError):
        split_by_percent(1000, [])
