"""The three legal bases (template packs), loaded once from catalog/data/legal_bases.yml."""
from datetime import date
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "legal_bases.yml"


@cache
def legal_bases() -> dict[str, dict]:
    """Legal bases by pack id, oldest first."""
    rows = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return {row["id"]: row for row in rows}


def label(pack_id: str) -> str:
    """A short Vietnamese name for a pack id, or the id itself if unknown."""
    basis = legal_bases().get(pack_id)
    return basis["short_name"] if basis else pack_id


def in_force_on(day: date) -> str:
    """The pack id in force on a date; before the first, the first."""
    chosen = next(iter(legal_bases()))
    for pack_id, basis in legal_bases().items():
        if basis["effective_from"] <= day:
            chosen = pack_id
    return chosen
