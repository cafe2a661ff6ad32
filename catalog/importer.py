"""Import the catalog from YAML: validate everything first, then upsert by code."""
import re
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from accounts.models import User
from catalog import services
from catalog.legal_bases import legal_bases
from catalog.models import Category, Service
from core.vat import VAT_RATES
from extensions import db

DEFAULT_FILE = Path(__file__).parent / "data" / "services.yml"
CATEGORY_CODE = re.compile(r"^[A-Z]{2,8}$")
SERVICE_CODE = re.compile(r"^[A-Z0-9]{2,8}-[0-9]{3}$")
CATEGORY_KEYS = {"code": str, "name": str, "description": str}
SERVICE_KEYS = {
    "code": str, "category": str, "name": str, "description": str, "availability": str,
    "unit": str, "security_level": int, "service_levels": list, "legal_bases": list,
}
# Keys a group or a service may leave out: a service's usual VAT rate defaults to its group's,
# and a group's to 10% (domain.md §8).
OPTIONAL_KEYS = {"usual_vat_rate": str}
DEFAULT_VAT_RATE = "10"
TYPE_NAMES = {str: "chuỗi ký tự", int: "số nguyên", list: "danh sách"}
# A service level: what is promised and how it is measured (issue 12, point 8).
LEVEL_KEYS = ("name", "target", "measure")


class CatalogFileError(ValueError):
    """A malformed catalog file; `errors` names each entry and field at fault."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _check_entry(kind: str, index: int, entry: Any, keys: dict, errors: list[str]) -> str:
    label = f"{kind} thứ {index + 1}"
    if not isinstance(entry, dict):
        errors.append(f"{label}: phải là một bảng khóa – giá trị.")
        return label
    if isinstance(entry.get("code"), str):
        label += f" ({entry['code']})"
    for key in OPTIONAL_KEYS:
        if key in entry and entry[key] not in VAT_RATES:
            errors.append(f'{label}, trường "{key}": thuế suất chỉ nhận '
                          f'{", ".join(VAT_RATES)}.')
    for key in sorted(set(entry) - set(keys) - set(OPTIONAL_KEYS)):
        errors.append(f'{label}, trường "{key}": trường không được hỗ trợ.')
    for key, expected in keys.items():
        value = entry.get(key)
        if value is None or value == "" or value == []:
            if not (key == "description" and kind == "Nhóm"):
                errors.append(f'{label}, trường "{key}": thiếu giá trị bắt buộc.')
        elif not isinstance(value, expected) or isinstance(value, bool):
            errors.append(f'{label}, trường "{key}": phải là {TYPE_NAMES[expected]}.')
    return label


def _level_problem(item: Any) -> str | None:
    """What is wrong with one service level, worded to follow "mục N", or None."""
    if not isinstance(item, dict) or set(item) - set(LEVEL_KEYS):
        return "phải có đúng ba khóa name, target và measure."
    missing = [k for k in LEVEL_KEYS if not (isinstance(item.get(k), str) and item[k].strip())]
    named = f"({item['name'].strip()}) " if "name" not in missing else ""
    if missing == ["measure"]:
        return (f"{named}thiếu cách đo lường (measure): ghi phương pháp, công cụ hoặc nguồn số "
                "liệu và kỳ đo.")
    if missing:
        return f"{named}thiếu {', '.join(missing)} (chuỗi ký tự không rỗng)."
    return None


def _check_service(label: str, entry: dict, category_codes: set, errors: list[str]) -> None:
    def bad(field: str, message: str) -> None:
        errors.append(f'{label}, trường "{field}": {message}')

    code, category = entry.get("code"), entry.get("category")
    if isinstance(code, str) and not SERVICE_CODE.match(code):
        bad("code", "mã phải có dạng HT-001 (chữ in hoa, gạch ngang, 3 chữ số).")
    if isinstance(category, str) and category not in category_codes:
        bad("category", f"nhóm dịch vụ {category} không có trong tệp.")
    if entry.get("availability") not in (None, "market", "custom"):
        bad("availability", 'chỉ nhận "market" (sẵn có) hoặc "custom" (theo yêu cầu riêng).')
    level = entry.get("security_level")
    if isinstance(level, int) and not isinstance(level, bool) and not 1 <= level <= 5:
        bad("security_level", "cấp độ an toàn thông tin phải từ 1 đến 5.")
    for i, item in enumerate(entry.get("service_levels") or []):
        if problem := _level_problem(item):
            bad("service_levels", f"mục {i + 1} {problem}")
    for basis in entry.get("legal_bases") or []:
        if basis not in legal_bases():
            bad("legal_bases", f"căn cứ pháp lý {basis} không tồn tại.")


def parse_catalog(text: str) -> tuple[list[dict], list[dict]]:
    """Validate a catalog file's text; raise CatalogFileError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogFileError([f"Tệp không phải YAML hợp lệ: {error}"])
    if not isinstance(data, dict) or set(data) != {"categories", "services"}:
        raise CatalogFileError(['Tệp phải có đúng hai mục "categories" và "services".'])
    categories, service_rows = data["categories"] or [], data["services"] or []
    if not isinstance(categories, list) or not isinstance(service_rows, list):
        raise CatalogFileError(['"categories" và "services" phải là danh sách.'])
    errors: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(categories):
        label = _check_entry("Nhóm", i, entry, CATEGORY_KEYS, errors)
        code = entry.get("code") if isinstance(entry, dict) else None
        if isinstance(code, str) and not CATEGORY_CODE.match(code):
            errors.append(f'{label}, trường "code": mã nhóm gồm 2–8 chữ in hoa.')
        if code in seen:
            errors.append(f'{label}, trường "code": mã {code} bị trùng.')
        seen.add(code)
    category_codes, seen = set(seen), set()
    for i, entry in enumerate(service_rows):
        label = _check_entry("Dịch vụ", i, entry, SERVICE_KEYS, errors)
        if not isinstance(entry, dict):
            continue
        _check_service(label, entry, category_codes, errors)
        if entry.get("code") in seen:
            errors.append(f'{label}, trường "code": mã {entry["code"]} bị trùng.')
        seen.add(entry.get("code"))
    if errors:
        raise CatalogFileError(errors)
    return categories, service_rows


def usual_vat_rates(category_rows: list[dict], service_rows: list[dict]) -> dict[str, str]:
    """Service code → its usual VAT rate: its own, else its group's, else 10%."""
    groups = {row["code"]: row.get("usual_vat_rate", DEFAULT_VAT_RATE) for row in category_rows}
    return {row["code"]: row.get("usual_vat_rate", groups.get(row["category"], DEFAULT_VAT_RATE))
            for row in service_rows}


def import_catalog(text: str, *, actor: User | None = None) -> dict[str, dict[str, int]]:
    """Upsert categories and services by code; counts created, updated and unchanged."""
    category_rows, service_rows = parse_catalog(text)
    counts = {k: {"created": 0, "updated": 0, "unchanged": 0} for k in ("categories", "services")}
    by_code = {c.code: c for c in db.session.scalars(select(Category))}
    for position, row in enumerate(category_rows):
        data = {"code": row["code"], "name": row["name"].strip(),
                "description": (row.get("description") or "").strip(), "position": position}
        category = by_code.get(row["code"])
        if category is None:
            by_code[row["code"]] = services.create_category(data, actor=actor)
            counts["categories"]["created"] += 1
        else:
            changed = services.update_category(category, data, actor=actor)
            counts["categories"]["updated" if changed else "unchanged"] += 1
    existing = {s.code: s for s in db.session.scalars(select(Service))}
    rates = usual_vat_rates(category_rows, service_rows)
    for row in service_rows:
        data = dict(row, category=by_code[row["category"]], usual_vat_rate=rates[row["code"]],
                    name=row["name"].strip(), description=row["description"].strip())
        service = existing.get(row["code"])
        if service is None:
            services.create_service(data, actor=actor)
            counts["services"]["created"] += 1
        else:
            changed = services.update_service(service, data, actor=actor)
            counts["services"]["updated" if changed else "unchanged"] += 1
    db.session.flush()
    return counts
