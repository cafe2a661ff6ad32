"""The laws an article's text names, as in force on the document's date (context key `laws`).

Read from the registry's file (documents/data/instruments.yml), the one home of which law
replaced which and when; the engine adds them to every context without a database.
"""
from datetime import date
from functools import cache

from documents.instruments import citation, file_registry, in_force


@cache
def _registry():
    return file_registry()


def _named(instrument_id: str, day: date) -> str:
    reg = _registry()
    return citation(in_force(instrument_id, day, reg) or reg[instrument_id])


def bidding_law(day: date) -> str:
    """The Law on Bidding in force on a date."""
    return _named("bidding-law-2013", day)


def laws_for(day: date) -> dict[str, str]:
    """The laws a template names, as in force on the document's date (context key `laws`):
    the Civil Code, the Law on IT (as passed), the Law on Digital Transformation, the Law on
    Bidding."""
    reg = _registry()
    return {"civil_code": _named("civil-code-2005", day), "it": citation(reg["it-law-2006"]),
            "digital": citation(reg["digital-law-2025"]), "bidding": bidding_law(day)}
