"""Prior award results as a price source: signed contracts' unit prices for a service.

Registered with plans.price_sources at import (contracts/__init__.py imports this module), so
a plan's comparison page shows them without plans importing contracts. Only what the OCDS
export already publishes for every signed contract (contracts.services.ocds): the unit price
before VAT and the unit of each line, the buyer's name, the contract's number and the day it
was signed, of every agency.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from contracts.models.contract import Contract, ContractLine
from contracts.services.ocds import PUBLIC_STATUSES
from core.i18n import DEFAULT_LANGUAGE, text_in
from extensions import db
from plans.price_sources import MAX_FIGURES, ReferencePrice, register, source_label
from vendors.models import Offering

KEY = "prior_award"


def award_label(contract: Contract) -> str:
    """"Sở X, hợp đồng số 12/2026/HĐ-SX với Công ty Y", as the OCDS release names them: data
    in Vietnamese, as the open data (a plan's price source keeps it and its document prints
    it)."""
    buyer = contract.party_a.get("name") or contract.organisation.name
    number = contract.number or f"#{contract.id}"
    supplier = contract.party_b.get("name", "")
    return f"{buyer}, hợp đồng số {number}" + (f" với {supplier}" if supplier else "")


def prior_awards(service_id: int, unit: str) -> list[ReferencePrice]:
    """The lines in `unit` of public contracts whose offering is of the service; newest first."""
    lines = db.session.scalars(
        select(ContractLine).join(ContractLine.contract)
        .join(Offering, Contract.offering_id == Offering.id)
        .where(Offering.service_id == service_id, ContractLine.unit == unit,
               Contract.status.in_(PUBLIC_STATUSES))
        .options(contains_eager(ContractLine.contract).options(
            joinedload(Contract.organisation), joinedload(Contract.lifecycle)))
        .order_by(Contract.id.desc(), ContractLine.position)).all()
    found = []
    for line in lines:
        contract = line.contract
        signed = contract.award_date
        if signed is None:
            continue
        found.append(ReferencePrice(
            source=KEY, source_label=text_in(DEFAULT_LANGUAGE, source_label(KEY)),
            label=award_label(contract),
            unit_price=line.unit_price, vat_rate=line.vat_rate, on=signed, unit=line.unit,
            link=f"/api/v1/contracts/{contract.id}/ocds"))
    found.sort(key=lambda price: price.on, reverse=True)
    return found[:MAX_FIGURES]


register(KEY, _l("Kết quả trúng thầu trước đó (hợp đồng đã ký)"), prior_awards)
