"""Amounts of money in đồng: the dotted figure, the accounting reading in words, parsing what
people type, and splitting an amount into payments."""

from __future__ import annotations

import re

# We do not use num2words: its Vietnamese reading drops the "không trăm" that treasury
# documents require inside a number (2021 -> "hai nghìn lẻ hai mươi mốt" instead of
# "hai nghìn không trăm hai mươi mốt"; 1 000 005 000 -> "một tỷ năm nghìn" instead of
# "một tỷ không trăm lẻ năm nghìn"). An amount in words on a contract or a payment order
# must match the figure exactly, so the reading is owned and tested here (domain.md §9).

MAX_AMOUNT = 999_999_999_999_999
"""Largest amount read: 999 nghìn tỷ and change (10^15 would need "triệu tỷ")."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Names of the groups below tỷ; the part above tỷ is read as a number of tỷ (see below).
_SCALES_BELOW_TY = ("", "nghìn", "triệu")

_BILLION = 1_000_000_000


def _read_units_after_tens(unit: int, tens: int, four: str) -> str:
    """The unit digit's word when a tens word ("mười", "x mươi") precedes it."""
    if unit == 5:
        # "lăm" after any tens word, "mười" included: 15 "mười lăm", 25 "hai mươi lăm".
        return "lăm"
    if unit == 1 and tens >= 2:
        # "mốt" only after "x mươi"; after "mười" it stays "một" (11 "mười một").
        return "mốt"
    if unit == 4 and tens >= 2:
        # "tư"/"bốn" is a house-style choice for 24..94; 14 is always "mười bốn".
        return four
    return _DIGITS[unit]


def _read_group(value: int, *, full: bool, four: str) -> list[str]:
    """Words for a group 1..999; `full` reads a hundreds digit of 0 as "không trăm"."""
    hundreds, rest = divmod(value, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    said_hundreds = full or hundreds > 0
    if said_hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            # "lẻ" bridges a spoken hundreds and a lone unit (105, 3 008); the unit keeps
            # its plain name after "lẻ" (101 "một trăm lẻ một", 105 "một trăm lẻ năm").
            words += (["lẻ"] if said_hundreds else []) + [_DIGITS[unit]]
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if unit:
        words.append(_read_units_after_tens(unit, tens, four))
    return words


def _read_below_billion(value: int, *, leading: bool, four: str) -> list[str]:
    """Words for 1..999 999 999 as nghìn/triệu groups, skipping all-zero groups."""
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words: list[str] = []
    first = True
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            # An all-zero group is skipped together with its name (1 000 000 "một triệu").
            continue
        # Only the very first group of the whole amount drops leading zeros; every
        # later group is read in full (2021 "hai nghìn không trăm hai mươi mốt").
        words += _read_group(group, full=not (leading and first), four=four)
        if _SCALES_BELOW_TY[index]:
            words.append(_SCALES_BELOW_TY[index])
        first = False
    return words


def _check_amount(amount: object) -> int:
    """Reject what is not a whole amount of đồng in the readable range."""
    # bool is an int subclass; True đồng is a programming error, not an amount.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"Số tiền phải là số nguyên đồng, không phải {amount!r}.")
    if amount < 0:
        raise ValueError("Số tiền không được âm.")
    if amount > MAX_AMOUNT:
        raise ValueError("Số tiền vượt quá 999.999.999.999.999 đồng, không đọc được bằng chữ.")
    return amount


def vnd_in_words(amount: int, *, four: str = "tư", chan: bool = False) -> str:
    """Read a whole amount of đồng in Vietnamese, accounting style (domain.md §9)."""
    _check_amount(amount)
    if four not in ("tư", "bốn"):
        raise ValueError('Cách đọc số 4 phải là "tư" hoặc "bốn".')
    if amount == 0:
        words = ["không"]
    else:
        # Above tỷ the group names repeat ("nghìn tỷ"), which is the same as reading the
        # part above tỷ as an ordinary number followed by a single "tỷ":
        # 1 005 000 000 000 is "một nghìn không trăm lẻ năm tỷ", not
        # "một nghìn tỷ không trăm lẻ năm tỷ".
        billions, rest = divmod(amount, _BILLION)
        words = []
        if billions:
            words += _read_below_billion(billions, leading=True, four=four) + ["tỷ"]
        if rest:
            words += _read_below_billion(rest, leading=not billions, four=four)
    words.append("đồng chẵn" if chan else "đồng")
    text = " ".join(words)
    return text[0].upper() + text[1:]


def format_vnd(amount: int) -> str:
    """Write a whole amount of đồng with dots between thousands: 1.250.000.000."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"Số tiền phải là số nguyên đồng, không phải {amount!r}.")
    # Vietnamese documents group thousands with "." (and would use "," for decimals).
    digits = f"{abs(amount):,}".replace(",", ".")
    return f"-{digits}" if amount < 0 else digits


# What people type for an amount: digits grouped by threes with dots or spaces (any kind of
# space a browser or a spreadsheet pastes), or no grouping at all; an optional "đ" or "đồng".
_SPACES = "\u0020\u00a0\u202f\u2009"
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:[%s][0-9]{3})+|[0-9]+" % _SPACES)
_SUFFIX = re.compile(r"[%s]*(?:đồng|đ|vnd)$" % _SPACES, re.IGNORECASE)
MONEY_FORMAT = ("Vui lòng nhập số tiền nguyên đồng, có thể nhóm hàng nghìn bằng dấu chấm hoặc "
                "khoảng trắng, ví dụ 1.250.000.")
NEGATIVE = "Số tiền không được âm."
BEYOND_WORDS = "vượt quá 999.999.999.999.999 đồng, mức lớn nhất ghi được bằng chữ."
TOO_LARGE = f"Số tiền {BEYOND_WORDS}"


def parse_vnd(text: str | None) -> int | None:
    """ "1.250.000", "1 250 000", "1250000" or "1.250.000 đ" → 1250000; empty → None.

    Anything else (a comma, a minus sign, mixed separators, groups not of three) raises
    ValueError with the Vietnamese message to show, as does an amount past MAX_AMOUNT.
    """
    text = _SUFFIX.sub("", (text or "").strip(_SPACES + "\t\r\n")).strip(_SPACES)
    if not text:
        return None
    if text.startswith(("-", "−")):
        raise ValueError(NEGATIVE)
    if not _GROUPED.fullmatch(text):
        raise ValueError(MONEY_FORMAT)
    value = int(re.sub(r"[.%s]" % _SPACES, "", text))
    if value > MAX_AMOUNT:
        raise ValueError(TOO_LARGE)
    return value


def split_evenly(total: int, count: int) -> list[int]:
    """`count` equal payments of whole đồng summing to `total`; the remainder goes last."""
    if count < 1:
        raise ValueError("Cần ít nhất một kỳ thanh toán.")
    base = total // count
    return [base] * (count - 1) + [total - base * (count - 1)]


def split_by_percent(total: int, percents: list[int]) -> list[int]:
    """Payments of `percents` (summing to 100) of `total`, rounded down; the rest goes last."""
    if not percents:
        raise ValueError("Cần ít nhất một mốc thanh toán.")
    amounts = [total * pct // 100 for pct in percents]
    amounts[-1] += total - sum(amounts)
    return amounts
