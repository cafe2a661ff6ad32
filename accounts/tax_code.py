"""Vietnamese enterprise tax codes (mã số thuế): normalisation and validation, domain.md §7."""

from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l

# ASCII digits only: str.isdigit and \d also accept Arabic-Indic or full-width digits,
# which would pass the check and then fail in the tax authority's systems.
_TAX_CODE = re.compile(r"(?P<base>[0-9]{10})(?:-(?P<branch>[0-9]{3}))?")

# Weights of N1..N9 in the check-digit formula.
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

FORMAT_MESSAGE = _l(
    "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của "
    "đơn vị phụ thuộc (ví dụ 0100109106-001)."
)


def normalize_tax_code(raw: str) -> str:
    """Remove surrounding and inner whitespace, keeping the dash of a branch code."""
    # Codes are often pasted from PDFs or typed in groups ("0100 109 106 - 001").
    return "".join(raw.split())


def check_digit(first_nine: str) -> int | None:
    """Return N10 for nine digits N1..N9, or None when the formula gives 10."""
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS, first_nine, strict=True)) % 11
    digit = 10 - remainder
    # A remainder of 0 would need a check "digit" of 10; such codes are never issued.
    return None if digit == 10 else digit


def tax_code_error(raw: str) -> str | None:
    """Return None for a valid tax code, else a message saying what is wrong."""
    code = normalize_tax_code(raw)
    if not code:
        return _("Chưa nhập mã số thuế.")
    match = _TAX_CODE.fullmatch(code)
    if match is None:
        return str(FORMAT_MESSAGE)
    base, branch = match["base"], match["branch"]
    expected = check_digit(base[:9])
    if expected is None:
        return _(
            "Mã số thuế %(code)s không hợp lệ: 9 chữ số đầu không ứng với chữ số kiểm tra "
            "nào, hãy kiểm tra lại các chữ số đã nhập.", code=base
        )
    if int(base[9]) != expected:
        return _("Mã số thuế %(code)s có chữ số kiểm tra không đúng.", code=base)
    if branch == "000":
        # 001..999 number the branches; 000 would be the head unit, written without a suffix.
        return _("Mã đơn vị phụ thuộc không được là 000.")
    return None


def is_valid_tax_code(raw: str) -> bool:
    """Tell whether the text is a valid enterprise or dependent-unit tax code."""
    return tax_code_error(raw) is None
