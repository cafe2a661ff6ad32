"""Contract numbers: per agency and year, bumped atomically, written as Decree 30/2020 says."""
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from accounts.models import Organisation
from contracts.models.contract import Contract, ContractCounter
from core import clock
from extensions import db


def allocate_number(organisation_id: int, year: int) -> int:
    """The next contract sequence of an agency in a year, safe under concurrent requests."""
    bump = (update(ContractCounter)
            .where(ContractCounter.organisation_id == organisation_id,
                   ContractCounter.year == year)
            .values(last=ContractCounter.last + 1)
            .returning(ContractCounter.last))
    seq = db.session.execute(bump).scalar()
    if seq is not None:
        return seq
    try:
        with db.session.begin_nested():
            db.session.add(ContractCounter(organisation_id=organisation_id, year=year, last=1))
        return 1
    except IntegrityError:  # another request created the row first: bump it instead
        return db.session.execute(bump).scalar()


def _issuer(organisation: Organisation) -> str:
    return (organisation.short_name or "THDV").upper()


def format_number(seq: int, year: int, organisation: Organisation) -> str:
    """"Số: 05/2026/HĐ-SKHCN": Decree 30/2020 pads sequences below 10 with a zero."""
    return f"{seq:02d}/{year}/HĐ-{_issuer(organisation)}"


def shown_number(contract: Contract) -> str:
    """The number a document prints: the contract's, or while it has none (before approval)
    "…/2026/HĐ-SKHCN", the sequence left for the approval to fill."""
    if contract.number:
        return contract.number
    year = (contract.contract_date or clock.today()).year
    return f"…/{year}/HĐ-{_issuer(contract.organisation)}"


def assign_number(contract: Contract) -> None:
    """Give the contract its number, once: at approval (lifecycle.approve), after the move
    to approved was recorded, so a second request approving it too is refused first."""
    if contract.number:
        return
    year = (contract.contract_date or clock.today()).year
    seq = allocate_number(contract.organisation_id, year)
    contract.number_year, contract.number_seq = year, seq
    contract.number = format_number(seq, year, contract.organisation)
