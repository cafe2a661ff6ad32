"""The laws an article's text names, as in force on the document's date (context key `laws`).

Read from the registry's file (documents/data/instruments.yml), the one home of which law
replaced which and when; the engine adds them to every context without a database.
"""
from datetime import date
from functools import cache

from documents.instruments import citation, file_registry, in_force, short_citation


@cache
def _registry():
    return file_registry()


def _named(instrument_id: str, day: date) -> str:
    reg = _registry()
    return citation(in_force(instrument_id, day, reg) or reg[instrument_id])


def bidding_law(day: date) -> str:
    """The Law on Bidding in force on a date."""
    return _named("bidding-law-2013", day)


def _circular(instrument_id: str, day: date) -> str:
    """'Thông tư số …' of the circular standing for this one on a day, "" before any."""
    current = in_force(instrument_id, day, _registry())
    return short_citation(current) if current else ""


def acceptance_forms(day: date) -> str:
    """Where the acceptance forms are on a day: Annex II of Circular 23/2020, then the
    circulars that replaced it; "" before the first took effect."""
    circular = _circular("tt23-2020", day)
    return f"Phụ lục II {circular}" if circular.endswith("23/2020/TT-BTTTT") else circular


def laws_for(day: date) -> dict[str, str]:
    """The laws a template names, as in force on the document's date (context key `laws`):
    the Civil Code, the Law on IT (as passed), the Law on Digital Transformation, the Law on
    Bidding, where the acceptance forms are and the circular guiding the lease cost (those
    two "" before any was in force)."""
    reg = _registry()
    return {"civil_code": _named("civil-code-2005", day), "it": citation(reg["it-law-2006"]),
            "digital": citation(reg["digital-law-2025"]), "bidding": bidding_law(day),
            "acceptance_forms": acceptance_forms(day), "cost_guide": _circular("tt12-2020", day)}
