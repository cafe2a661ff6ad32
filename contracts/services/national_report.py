"""The national lease report: signed contracts (`SIGNED`) by province, agency, service group
(the catalog category of the contract's service) and vendor, and per budget year: the contracts
signed each year, and the value (committed), accepted and paid amounts of the periods due in
each year (`contracts.services.budget_years`, which says how the database computes them and
why that is the schedule of `contracts.services.terms`). The public page, its exports and
`GET /api/v1/report` read the same figures from here; so do the agency dashboard's charts.

Filters: a range of years (signing years for the count, budget years for the money), a
province (the agency's), a service group, a vendor, an agency. The year table, the group table
asked for and the service groups are summed in one statement (`sums`); the groups are few
enough (at most the agencies or vendors with signed contracts) to be ordered by value and cut
into pages here (`Page`), as the figures of all of them are needed for the totals anyway.

At national scale (20,000 contracts, 260,000 acceptance and payment rows) that statement takes
the database about two seconds (SQLite; `make bench` data), so the public report is kept by
each process for a few minutes (`published`, config REPORT_CACHE_SECONDS) and says when it was
computed; one agency's figures (its dashboard) take milliseconds and are always read afresh.
"""
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from math import ceil

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, literal, select, union_all

from accounts.models import Organisation, Province
from accounts.services import list_provinces
from catalog import services as catalog_services
from catalog.models import Category, Service
from contracts.models.contract import CONTRACT_STATUSES, SIGNED, Contract
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import budget_years
from contracts.services.budget_years import FIGURES
from core import clock
from extensions import db
from vendors import services as vendor_services
from vendors.models import Offering, Vendor

GROUPS = {"province": _l("Tỉnh, thành phố"), "agency": _l("Cơ quan, đơn vị"),
          "category": _l("Nhóm dịch vụ"), "vendor": _l("Nhà cung cấp")}
YEARS = (2000, 2100)  # the years a filter may name (core.forms.DayField's)
NO_ROW = 0  # no record has this id: a filter naming an unknown code keeps no contract
CACHE_SECONDS = 300  # config REPORT_CACHE_SECONDS: how long a process keeps a public report
CACHE_SIZE = 256  # reports (filters and grouping) a process keeps at most
UNKNOWN = _l("Không xác định")  # a contract without a province, service or vendor on record


@dataclass(frozen=True)
class Filters:
    """What the report is narrowed to; None leaves a filter out. Years bound both the signing
    year (the count) and the budget year (the money)."""

    year_from: int | None = None
    year_to: int | None = None
    province_id: int | None = None
    category_id: int | None = None
    vendor_id: int | None = None
    organisation_id: int | None = None


@dataclass
class Row:
    """One line of a table: a year or a group (key: its id, code: what filters name it by)."""

    key: int | None
    name: str
    code: str | None = None
    contracts: int = 0
    periods: int = 0
    committed: int = 0
    accepted: int = 0
    paid: int = 0

    def add(self, other: "Row") -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Page:
    """One page of a table's rows, as the pager macro reads a pagination."""

    items: list[Row]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def chosen(filters: Filters) -> Select:
    """The signed contracts the filters keep, each with its grouping columns (agency, vendor,
    province, category): a select over Contract."""
    stmt = (select(Contract.id.label("id"), Contract.organisation_id.label("agency"),
                   Contract.vendor_id.label("vendor"),
                   Organisation.province_id.label("province"),
                   Service.category_id.label("category"))
            .join(Organisation, Organisation.id == Contract.organisation_id)
            .outerjoin(Offering, Offering.id == Contract.offering_id)
            .outerjoin(Service, Service.id == Offering.service_id)
            .where(Contract.status.in_(SIGNED)))
    if filters.province_id is not None:
        stmt = stmt.where(Organisation.province_id == filters.province_id)
    if filters.category_id is not None:
        stmt = stmt.where(Service.category_id == filters.category_id)
    if filters.vendor_id is not None:
        stmt = stmt.where(Contract.vendor_id == filters.vendor_id)
    if filters.organisation_id is not None:
        stmt = stmt.where(Contract.organisation_id == filters.organisation_id)
    return stmt


def span(filters: Filters) -> tuple[int, int] | None:
    """The years the filtered contracts reach (signing or lease), or None without any."""
    return budget_years.year_span(
        chosen(replace(filters, year_from=None, year_to=None)).with_only_columns(Contract.id))


def sums(filters: Filters, groupings: tuple[str, ...]) -> dict[str, dict[int | None, Row]]:
    """Each grouping's rows ("year" or a key of GROUPS) within the filters' years, from one
    statement (two more for the amended contracts' schedules when there are any)."""
    found: dict[str, dict[int | None, Row]] = {by: {} for by in groupings}
    years = (filters.year_from, filters.year_to)
    cal = budget_years.calendar(chosen(filters))
    keys = tuple(by for by in groupings if by != "year")
    data = budget_years.figures(cal, keys, *years)
    selects = []
    for by in groupings:
        key = data.c.year if by == "year" else data.c[by]
        selects.append(select(literal(by).label("by"), key.label("key"),
                              *(func.sum(data.c[name]) for name in FIGURES)).group_by(key))
    for by, key, *values in db.session.execute(union_all(*selects)):
        found[by][key] = Row(key, "", None, *(int(value or 0) for value in values))
    amended = list(budget_years.amended_committed(cal, *years))
    if amended:
        ids = {part.contract_id for part in amended}
        keyed = {row.id: row for row in db.session.execute(
            select(cal.c.id, *(cal.c[key] for key in keys)).where(cal.c.id.in_(ids)))}
        for part in amended:
            for by in groupings:
                at = part.year if by == "year" else getattr(keyed[part.contract_id], by)
                row = found[by].setdefault(at, Row(at, ""))
                row.periods += part.periods
                row.committed += part.committed
    return found


def year_rows(found: dict[int | None, Row]) -> list[Row]:
    """Every year from the first to the last with figures, in order, each with its figures
    (zeros where nothing happened)."""
    years = [year for year in found if year is not None]  # None: a contract without a date
    if not years:
        return []
    return [found.get(year) or Row(year, "") for year in range(min(years), max(years) + 1)]


def _names(by: str, keys) -> dict[int, tuple[str | None, str]]:
    """(code, name) of each group key."""
    wanted = [key for key in keys if key is not None]
    if by == "province":
        stmt = select(Province.id, Province.code, Province.name).where(Province.id.in_(wanted))
    elif by == "category":
        stmt = select(Category.id, Category.code, Category.name).where(Category.id.in_(wanted))
    elif by == "vendor":
        stmt = select(Vendor.id, Vendor.tax_code, Vendor.legal_name).where(Vendor.id.in_(wanted))
    else:
        stmt = select(Organisation.id, Organisation.id, Organisation.name).where(
            Organisation.id.in_(wanted))
    return {key: (str(code), name) for key, code, name in db.session.execute(stmt)}


def group_rows(by: str, found: dict[int | None, Row]) -> list[Row]:
    """The groups of `by` with their names, largest value first, then by name."""
    names = _names(by, found)
    for key, row in found.items():
        row.code, row.name = names.get(key, (None, UNKNOWN))
    return sorted(found.values(), key=lambda r: (-r.committed, -r.contracts, str(r.name)))


def page_of(rows: list[Row], page: int, per_page: int) -> Page:
    """Rows `page` (from 1) of a table."""
    start = (page - 1) * per_page
    return Page(rows[start:start + per_page], page, per_page, len(rows))


def total(rows: list[Row]) -> Row:
    """The sum of a table's rows."""
    whole = Row(None, _l("Cộng"))
    for row in rows:
        whole.add(row)
    return whole


def states(filters: Filters) -> list[dict]:
    """The filtered contracts by state (each signed state, in order), signed within the years."""
    stmt = (chosen(filters).with_only_columns(Contract.status, func.count())
            .group_by(Contract.status))
    if filters.year_from or filters.year_to:
        stmt = stmt.outerjoin(ContractLifecycle,
                              ContractLifecycle.contract_id == Contract.id).where(
            budget_years.SIGNING_YEAR.between(filters.year_from or 0, filters.year_to or 9999))
    counts = {status: count for status, count in db.session.execute(stmt)}
    return [{"status": status, "label": CONTRACT_STATUSES[status],
             "count": counts.get(status, 0)} for status in SIGNED]


@dataclass
class Report:
    """Everything the report page shows."""

    filters: Filters
    by: str
    years: list[Row]
    total: Row
    groups: list[Row]
    categories: list[Row]
    states: list[dict]
    span: tuple[int, int] | None
    computed_at: datetime


def report(filters: Filters, by: str = "province") -> Report:
    """The report's figures: per year, per group of `by`, per service group and per state."""
    groupings = ("year", by) if by == "category" else ("year", by, "category")
    found = sums(filters, groupings)
    years = year_rows(found["year"])
    groups = group_rows(by, found[by])
    categories = groups if by == "category" else group_rows("category", found["category"])
    return Report(filters, by, years, total(years), groups, categories, states(filters),
                  span(filters), clock.utcnow())


@dataclass
class Selection:
    """The filters a page's query string names, and the records they name (for its labels)."""

    filters: Filters
    named: dict = field(default_factory=dict)  # "province", "category", "vendor", "agency"


def _year(raw: str | None) -> int | None:
    if raw and raw.isascii() and raw.isdigit() and YEARS[0] <= int(raw) <= YEARS[1]:
        return int(raw)
    return None


def selection(args) -> Selection:
    """The report's filters from a page's query string (from, to, province, category, vendor,
    agency), leniently: a year out of range is left out; a code naming nothing keeps nothing."""
    named = {}
    lookups = (("province", vendor_services.get_province), ("category",
               catalog_services.get_category), ("vendor", vendor_services.get_vendor))
    for name, find in lookups:
        if code := (args.get(name) or "").strip()[:40]:
            named[name] = find(code)
    if agency := (args.get("agency") or "").strip():
        number = int(agency) if agency.isascii() and agency.isdigit() else 0
        named["agency"] = agency_of(number)

    def key(name: str) -> int | None:
        return None if name not in named else (named[name].id if named[name] else NO_ROW)

    filters = Filters(_year(args.get("from")), _year(args.get("to")), key("province"),
                      key("category"), key("vendor"), key("agency"))
    return Selection(filters, {name: found for name, found in named.items() if found})


def agency_of(organisation_id: int) -> Organisation | None:
    """The agency with this id (not a vendor's or the operator's organisation), or None."""
    found = db.session.get(Organisation, organisation_id) if 0 < organisation_id < 2 ** 31 \
        else None
    return found if found is not None and found.kind == "agency" else None


def agency_id(organisation_id: int) -> int:
    """The id an agency filter keeps: the agency's, or NO_ROW for no agency."""
    found = agency_of(organisation_id)
    return found.id if found is not None else NO_ROW


def published(filters: Filters, by: str) -> Report:
    """The report the public reads (the page, its downloads, the API), kept by each process for
    REPORT_CACHE_SECONDS (CACHE_SECONDS by default): at national scale its figures cost the
    database seconds, and public statistics a few minutes old are what such reports publish
    (the page says when they were computed). The agency dashboard reads `sums` afresh."""
    seconds = float(current_app.config.get("REPORT_CACHE_SECONDS", CACHE_SECONDS))
    store = current_app.extensions.setdefault("national_report", {})
    now = time.monotonic()
    kept = store.get((filters, by))
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    fresh = report(filters, by)
    if len(store) >= CACHE_SIZE:  # the older half goes
        for old in sorted(store, key=lambda k: store[k][0])[:len(store) // 2]:
            store.pop(old, None)
    store[(filters, by)] = (now, fresh)
    return fresh


def choices(shown: Report) -> dict:
    """What the page's filters offer: every province and service group, and the years the
    contracts of the report reach (and the years its filters name)."""
    years = set(range(shown.span[0], shown.span[1] + 1)) if shown.span else set()
    years |= {year for year in (shown.filters.year_from, shown.filters.year_to) if year}
    return {"provinces": list_provinces(),
            "categories": list(db.session.scalars(
                select(Category).order_by(Category.position, Category.name))),
            "years": sorted(years)}
