"""The registry of legal instruments and the "Căn cứ" lines it gives a document on its date.

One home for which law a document cites (issue 12, point 6): each pack lists, per document
kind, the instruments it rests on (documents/data/instruments.yml); on a document's date each
is replaced by the instrument that replaced it and is in force, and left out before it takes
effect. When a pack's main instrument has been replaced by one outside the pack, the document
is refused, unless the pack's transitional rule keeps it (a plan approved before the cut-over
date), and then the document cites that rule.
"""
from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.audit import diff_fields, record_event
from core.errors import Refused
from core.formats import date_vn, dmy
from documents.models import LegalInstrument
from extensions import db

DATA_FILE = Path(__file__).parent / "data" / "instruments.yml"
FIELDS = ("kind", "number", "issuer", "title", "signed_on", "effective_from", "replaced_by_id",
          "replaced_from", "to_confirm")


class PackNotApplicable(Refused):
    """The pack does not apply on the document's date and no transitional rule keeps it."""


@cache
def _data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def packs() -> dict[str, dict]:
    """Pack id -> {main, family, transitional?, cites {contract, plan}}."""
    return _data()["packs"]


def renamed_bodies() -> list[dict]:
    return _data()["renamed_bodies"]


def seed_rows() -> list[dict]:
    """The instruments of the YAML file as column values."""
    rows = []
    for item in _data()["instruments"]:
        row = {key: item.get(key) for key in FIELDS if key != "replaced_by_id"}
        row.update(id=item["id"], replaced_by_id=item.get("replaced_by"),
                   title=" ".join(item["title"].split()), to_confirm=bool(item.get("to_confirm")))
        rows.append(row)
    return rows


def ensure_instruments() -> int:
    """Record the instruments of the YAML file not yet in the registry; returns how many."""
    have = set(db.session.scalars(select(LegalInstrument.id)))
    rows = [row for row in seed_rows() if row["id"] not in have]
    if not rows:
        return 0
    # Rows first, replacements after: a replacement may come later in the file, and
    # PostgreSQL checks the foreign key on each insert. In a savepoint: another process
    # seeding at the same moment wins, and its rows are the same.
    try:
        with db.session.begin_nested():
            new = [LegalInstrument(**{**row, "replaced_by_id": None}) for row in rows]
            db.session.add_all(new)
            db.session.flush()
            for instrument, row in zip(new, rows):
                instrument.replaced_by_id = row["replaced_by_id"]
            db.session.flush()
    except IntegrityError:
        return 0
    return len(new)


def registry() -> dict[str, LegalInstrument]:
    """Every instrument by id (seeded on first use)."""
    ensure_instruments()
    return {i.id: i for i in db.session.scalars(select(LegalInstrument))}


def file_registry() -> dict[str, LegalInstrument]:
    """The instruments as the YAML file gives them, unsaved (previews, sweeps)."""
    return {row["id"]: LegalInstrument(**row) for row in seed_rows()}


def in_force(instrument_id: str, day: date, reg: dict[str, LegalInstrument],
             stop_at: str | None = None) -> LegalInstrument | None:
    """The instrument standing for this one on a day: itself or its replacement in force (the
    chain is followed, but not past `stop_at`); None before it took effect."""
    current = reg[instrument_id]
    if day < current.effective_from:
        return None
    seen = {current.id}
    while (current.id != stop_at and current.replaced_by_id and current.replaced_from
           and current.replaced_from <= day and current.replaced_by_id not in seen
           and reg[current.replaced_by_id].effective_from <= day):  # never cite it early
        current = reg[current.replaced_by_id]
        seen.add(current.id)
    return current


def citation(instrument: LegalInstrument) -> str:
    """How a "Căn cứ" line names an instrument: kind, number, date, issuer, title."""
    if instrument.kind in ("Luật", "Bộ luật"):
        if instrument.title.endswith(" số"):  # "Luật Chuyển đổi số số 148/..." would stutter
            return f"{instrument.title} ({instrument.kind} số {instrument.number})"
        return f"{instrument.title} số {instrument.number}"
    signed = f" {date_vn(instrument.signed_on)}" if instrument.signed_on else ""
    return f"{instrument.kind} số {instrument.number}{signed} của {instrument.issuer} " \
           f"{instrument.title}"


def short_citation(instrument: LegalInstrument) -> str:
    """An instrument by kind and number only, as "Nghị định số 45/2026/NĐ-CP"."""
    return f"{instrument.kind} số {instrument.number}"


PLAN_APPROVED = "kế hoạch thuê được phê duyệt"


def since_approval(approved_on: date | None) -> tuple[str, date] | None:
    """What the transitional rule looks at for a document resting on a plan approved that day."""
    return (PLAN_APPROVED, approved_on) if approved_on else None


def _kept(pack: dict, reg: dict, since: tuple[str, date] | None) -> tuple[str, str] | None:
    """(kept instrument id, the sentence saying why) when the transitional rule applies."""
    rule = pack.get("transitional")
    if not rule or since is None or since[1] >= rule["approved_before"]:
        return None
    kept, new = reg[rule["keeps"]], reg[rule["instrument"]]
    why = (f"{rule['article']} {short_citation(new)} về chuyển tiếp: {since[0]} ngày "
           f"{dmy(since[1])}, trước ngày {dmy(rule['approved_before'])}, nên tiếp tục thực "
           f"hiện theo {short_citation(kept)}")
    return kept.id, why


def cited(pack_id: str, kind: str, day: date, *, since: tuple[str, date] | None = None,
          reg: dict[str, LegalInstrument] | None = None
          ) -> tuple[list[LegalInstrument], str | None]:
    """The instruments a document of a pack and kind dated `day` cites, in order, and the
    sentence of the transitional rule when it keeps the pack (else None). `since` is what
    that rule looks at: ("kế hoạch thuê được phê duyệt", its approval date) or ("hợp đồng được
    ký", the signing date). Raises PackNotApplicable when the pack does not apply that day."""
    pack = packs()[pack_id]
    group = "plan" if kind == "plan" else "contract"
    reg = registry() if reg is None else reg
    main = in_force(pack["main"], day, reg)
    stop_at, why = None, None
    if main is None:
        raise PackNotApplicable(_(
            "Ngày văn bản %(day)s trước ngày %(main)s có hiệu lực (%(since)s); hãy chọn căn cứ "
            "pháp lý khác.", day=dmy(day), main=short_citation(reg[pack["main"]]),
            since=dmy(reg[pack["main"]].effective_from)))
    if main.id not in pack["family"]:
        kept = _kept(pack, reg, since)
        if kept is None:
            raise PackNotApplicable(_(
                "Vào ngày %(day)s, %(main)s đã được thay thế bởi %(new)s và không có quy định "
                "chuyển tiếp nào giữ căn cứ này; hãy chọn căn cứ pháp lý đang có hiệu lực.",
                day=dmy(day), main=short_citation(reg[pack["main"]]), new=short_citation(main)))
        stop_at, why = kept
    chosen: list[LegalInstrument] = []
    for instrument_id in pack["cites"][group]:
        current = in_force(instrument_id, day, reg, stop_at)
        if current is not None and current not in chosen:
            chosen.append(current)
    return chosen, why


def citations_for(pack_id: str, kind: str, day: date, *,
                  since: tuple[str, date] | None = None,
                  reg: dict[str, LegalInstrument] | None = None) -> list[str]:
    """The "Căn cứ" lines (without "Căn cứ" and ";") of a document: see `cited`."""
    instruments, why = cited(pack_id, kind, day, since=since, reg=reg)
    return [citation(i) for i in instruments] + ([why] if why else [])


def applicable(pack_id: str, kind: str, day: date, *, since: tuple[str, date] | None = None
               ) -> str | None:
    """Why a pack cannot be used for a document dated `day`, or None."""
    try:
        cited(pack_id, kind, day, since=since)
    except PackNotApplicable as exc:
        return str(exc)
    return None


def body_name_on(name: str, day: date | None) -> str:
    """A ministry's or department's name as it was on a day (before a merger, the old one)."""
    for rename in renamed_bodies():
        if day is not None and day < rename["merged_on"] and name.startswith(rename["to"]):
            return rename["from"] + name[len(rename["to"]):]
    return name


def validation_problem(instrument_id: str, values: dict, reg: dict[str, LegalInstrument]
                       ) -> tuple[str, str] | None:
    """(field, why) when edited values would break the chain, else None."""
    signed, effective = values.get("signed_on"), values["effective_from"]
    if signed and effective < signed:
        return "effective_from", _("Ngày có hiệu lực không được trước ngày ký ban hành.")
    replaced_by, replaced_from = values.get("replaced_by_id"), values.get("replaced_from")
    if bool(replaced_by) != bool(replaced_from):
        return "replaced_from", _("Văn bản thay thế và ngày thay thế có hiệu lực phải ghi cùng "
                                  "nhau.")
    if replaced_by:
        if replaced_from <= effective:
            return "replaced_from", _("Ngày bị thay thế phải sau ngày có hiệu lực.")
        seen, current = {instrument_id}, replaced_by
        while current:  # the chain must end: no instrument replaces itself through others
            if current in seen:
                return "replaced_by_id", _("Chuỗi thay thế quay vòng về chính văn bản này.")
            seen.add(current)
            current = reg[current].replaced_by_id
    return None


def update_instrument(instrument: LegalInstrument, values: dict, *, actor) -> None:
    """A legal drafter's correction of an instrument; recorded in the audit trail."""
    problem = validation_problem(instrument.id, values, registry())
    if problem:
        raise Refused(problem[1], problem[0])
    before = {key: getattr(instrument, key) for key in FIELDS}
    for key in FIELDS:
        setattr(instrument, key, values.get(key))
    instrument.updated_by_id = actor.id
    db.session.flush()
    changes = diff_fields(before, {key: getattr(instrument, key) for key in FIELDS})
    if changes:
        record_event("instrument.update", "legal_instrument", instrument.id, user=actor,
                     summary=f"Sửa văn bản {instrument.kind} {instrument.number}",
                     changes=changes)
