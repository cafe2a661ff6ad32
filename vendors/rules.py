"""Rules of the vendor registry that forms and services both apply."""
from datetime import date

from flask_babel import lazy_gettext as _l

from catalog.legal_bases import in_force_on
from core import clock

COMMON_SOFTWARE_PRICE_RULE = _l(
    "Theo Nghị định 224/2026/NĐ-CP, phần mềm thuộc danh mục phần mềm dùng chung phải công "
    "khai giá: hãy nhập đơn giá và chọn “Công khai đơn giá”."
)


def price_rule_error(common_software: bool, unit_price: int | None, price_public: bool,
                     day: date | None = None) -> str | None:
    """Why the price must be published (Decree 224/2026 for common software), or None."""
    if not common_software or in_force_on(day or clock.today()) != "nd224-2026":
        return None
    if unit_price is None or not price_public:
        return COMMON_SOFTWARE_PRICE_RULE
    return None
