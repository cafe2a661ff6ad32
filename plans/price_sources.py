"""Reference prices for a service and unit (prior awards, listed prices): a hook higher
packages register with, so plans shows contracts' figures without importing contracts.

A source is a key (the QuotationChoice method it feeds: "listed_price", "prior_award"), a
label and a function (service id, unit) → [ReferencePrice]. plans registers the vendors'
published prices here; contracts.prior_awards registers the signed contracts' unit prices.
Every figure a source returns must already be public (the catalog's published prices, what the
OCDS export publishes): the comparison page shows them to any agency.
"""
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from core.clock import in_vietnam
from core.i18n import DEFAULT_LANGUAGE, text_in
from extensions import db
from vendors.models import Offering, Vendor
from vendors.services import listed_offerings

# The most figures one source shows for a line (the newest first where they are dated).
MAX_FIGURES = 20


@dataclass(frozen=True)
class ReferencePrice:
    """One public figure: a unit price before VAT, whose it is and of what day."""

    source: str  # the source's key
    # "Giá niêm yết", "Kết quả trúng thầu trước đó": Vietnamese text (source_label), since a
    # figure is stored with a plan's line, printed in its document and named by its hash.
    source_label: str
    label: str  # the vendor's name, or the agency and the contract's number
    unit_price: int  # whole đồng, before VAT
    vat_rate: str
    on: date  # the day it was published or the contract signed
    unit: str
    link: str = ""  # where a reader checks it (a public page or the OCDS release)


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # lazy: pages show it in their language
    fetch: Callable[[int, str], list[ReferencePrice]]


SOURCES: dict[str, Source] = {}


def register(key: str, label: str, fetch: Callable[[int, str], list[ReferencePrice]]) -> None:
    """Add (or replace) a price source; called once at import by the package that owns it."""
    SOURCES[key] = Source(key, label, fetch)


def source_label(key: str) -> str:
    """The source's name as its figures carry it: Vietnamese text, whatever the page speaks."""
    return text_in(DEFAULT_LANGUAGE, SOURCES[key].label) if key in SOURCES else key


def reference_prices(service_id: int, unit: str) -> dict[str, list[ReferencePrice]]:
    """Every registered source's figures for the service in that unit, in registration order."""
    return {key: list(source.fetch(service_id, unit)) for key, source in SOURCES.items()}


def as_dict(price: ReferencePrice) -> dict:
    """The figure as JSON (QuotationChoice.reference, the price source of a plan line)."""
    return {**asdict(price), "on": price.on.isoformat()}


def reference_key(price: ReferencePrice) -> str:
    """"prior_award:3f9c…": the figure named by what it says, so the page's choice and the
    figure chosen are the same even if the list changed in between (a contract signed, an
    offering published: a position in the list would then point at another figure)."""
    text = json.dumps(as_dict(price), sort_keys=True, ensure_ascii=False)
    return f"{price.source}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def from_dict(data: dict) -> ReferencePrice:
    fields = {key: data[key] for key in ReferencePrice.__dataclass_fields__ if key in data}
    return ReferencePrice(**{**fields, "on": date.fromisoformat(data["on"])})


# --- the vendors' published prices ------------------------------------------------------


def listed_prices(service_id: int, unit: str) -> list[ReferencePrice]:
    """Published offerings of verified vendors for the service, in the unit, whose vendor made
    the price public; the cheapest first."""
    rows = db.session.scalars(
        listed_offerings().options(contains_eager(Offering.vendor))
        .where(Offering.service_id == service_id, Offering.unit == unit)
        .order_by(Offering.unit_price, Vendor.name_folded, Offering.id).limit(MAX_FIGURES))
    return [ReferencePrice(
        source="listed_price", source_label=source_label("listed_price"),
        label=offering.vendor.legal_name, unit_price=offering.unit_price,
        vat_rate=offering.vat_rate,
        on=in_vietnam(offering.published_at or offering.updated_at).date(), unit=offering.unit,
        link=f"/vendors/{offering.vendor.tax_code}") for offering in rows]


register("listed_price", _l("Giá niêm yết của nhà cung cấp"), listed_prices)
