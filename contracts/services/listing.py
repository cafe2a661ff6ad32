"""The contract list: which contracts a user lists, the list's filters (a group of states, a
year, a text) and what its export adds to each row (the value from the terms). The page
(`contracts.index`) and its export (contracts/views/list_exports.py) both read it from here,
so a download never holds a row the page would not show."""
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import Organisation, User
from catalog import search
from contracts.models.contract import RUNNING, SIGNED, Contract
from contracts.services import lifecycle, terms, wizard
from core.exports import in_batches
from extensions import db

MAX_QUERY = 200
# The list's groups of states, built from the states contracts/models/contract.py groups.
STATE_GROUPS: dict[str, tuple] = {
    "draft": (_l("Bản nháp"), ("draft",)),
    "review": (_l("Đang rà soát, chờ phê duyệt"), ("review",)),
    "approved": (_l("Đã phê duyệt, chờ ký"), ("approved",)),
    "running": (_l("Đã ký, đang thực hiện"), RUNNING),
    "ended": (_l("Đã hết hạn hoặc chấm dứt"), tuple(s for s in SIGNED if s not in RUNNING)),
    "refused": (_l("Không phê duyệt"), ("refused",)),
}
# A contract's year: its number's (given at approval), else its date's, else its creation's.
YEAR = func.coalesce(Contract.number_year, extract("year", Contract.contract_date),
                     extract("year", Contract.created_at))
LOADED = (selectinload(Contract.lifecycle), joinedload(Contract.vendor),
          joinedload(Contract.organisation))


@dataclass(frozen=True)
class Filters:
    """The list's filters as the query string gives them; anything unknown is no filter."""

    group: str = ""
    year: int | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "Filters":
        group = args.get("group", "")
        year = args.get("year", "")
        return cls(group=group if group in STATE_GROUPS else "",
                   year=int(year) if year.isdecimal() and 2000 <= int(year) <= 2100 else None,
                   q=" ".join(args.get("q", "").split())[:MAX_QUERY])

    @property
    def any(self) -> bool:
        return bool(self.group or self.year or self.q)

    def args(self) -> dict:
        """The filters as URL values (for links back to the filtered page)."""
        return {k: v for k, v in (("group", self.group), ("year", self.year), ("q", self.q))
                if v}


def visible_contracts(user: User) -> Select:
    """Every contract the user lists, newest first: an agency's own; the operator's legal
    drafters every contract sent to legal review; a vendor's staff their company's
    contracts shared with it."""
    if user.role == "vendor_staff":
        return lifecycle.vendor_contracts(user.organisation_id)
    if user.role == "legal_drafter" and user.organisation.kind == "operator":
        return lifecycle.reviewed_contracts()
    return wizard.contracts_of(user.organisation_id)


def filtered(query: Select, filters: Filters) -> Select:
    """The query narrowed by the filters: the text matches the contract's number or title,
    its vendor (name or tax code, Vietnamese search) or its agency's name."""
    if filters.group:
        query = query.where(Contract.status.in_(STATE_GROUPS[filters.group][1]))
    if filters.year:
        query = query.where(YEAR == filters.year)
    if filters.q:
        agencies = select(Organisation.id).where(
            Organisation.name.icontains(filters.q, autoescape=True))
        matched = [Contract.number.icontains(filters.q, autoescape=True),
                   Contract.title.icontains(filters.q, autoescape=True),
                   Contract.organisation_id.in_(agencies)]
        if (vendors := search.hits("vendor", filters.q)) is not None:
            matched.append(Contract.vendor_id.in_(select(vendors.c.object_id)))
        query = query.where(or_(*matched))
    return query


def contract_list(user: User, filters: Filters) -> Select:
    """The user's contracts with the filters, newest first, with what each row shows loaded."""
    return filtered(visible_contracts(user), filters).options(*LOADED)


def years_of(user: User) -> list[int]:
    """The years the user's contracts fall in, newest first (the year filter's choices)."""
    query = visible_contracts(user).with_only_columns(YEAR).distinct().order_by(None)
    return sorted((int(y) for y in db.session.scalars(query) if y is not None), reverse=True)


def state_labels(contracts: Iterable[Contract]) -> dict[int, str]:
    """Each contract's state as the list shows it."""
    return {c.id: lifecycle.state_label(c) for c in contracts}


@dataclass(frozen=True)
class Row:
    """One row of the export: the contract, its state as the page shows it, and its value
    (with VAT) as its terms give it."""

    contract: Contract
    state: str
    total: int

    @property
    def vendor_name(self) -> str:
        return (self.contract.party_b or {}).get("name") or (
            self.contract.vendor.legal_name if self.contract.vendor else "")

    @property
    def agency_name(self) -> str:
        return (self.contract.party_a or {}).get("name") or self.contract.organisation.name


def export_rows(contracts: Iterable[Contract]) -> Iterator[Row]:
    """The export's rows, a batch of contracts at a time: each batch's values in two queries
    (terms.schedules_of sums the lines' parts in SQL, as the dashboard does)."""
    for batch in in_batches(contracts):
        yield from _rows(batch)


def _rows(contracts: list[Contract]) -> Iterator[Row]:
    terms.schedules_of(contracts, Contract.id.in_([c.id for c in contracts]))
    for contract in contracts:
        yield Row(contract, lifecycle.state_label(contract), contract.payments.total)
