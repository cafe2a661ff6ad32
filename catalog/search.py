"""Vietnamese search: fold text, index its words, and match prefixes through an index.

Every query word must match the start of an indexed word of the object. Words are folded
(lower case, no diacritics, đ → d) so `dich vu cong` finds "Dịch vụ công". The match is a
range on an indexed column (term >= 'dich' AND term < 'dici'), which both SQLite and
PostgreSQL answer from a b-tree, so no row is scanned in Python and no dialect branch is needed.
"""
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, case, delete, false, func, insert, or_, select

from catalog.models import SearchTerm
from extensions import db

MAX_TERM = 64
MAX_QUERY_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")


def lower(text: str) -> str:
    """Lower-case in NFC, keeping diacritics."""
    return unicodedata.normalize("NFC", text or "").lower()


def fold(text: str) -> str:
    """Lower-case and strip diacritics, folding đ/Đ to d."""
    decomposed = unicodedata.normalize("NFD", lower(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def words(text: str) -> list[str]:
    """The folded words of a text, in order, without duplicates."""
    return list(dict.fromkeys(w[:MAX_TERM] for w in _WORD.findall(fold(text))))


def index_object(kind: str, object_id: int, texts: Iterable[str | None]) -> None:
    """Replace the indexed words of one object."""
    db.session.execute(
        delete(SearchTerm).where(SearchTerm.kind == kind, SearchTerm.object_id == object_id)
    )
    terms = words(" ".join(t for t in texts if t))
    if terms:
        db.session.execute(
            insert(SearchTerm), [{"kind": kind, "object_id": object_id, "term": t} for t in terms]
        )


def _next_prefix(prefix: str) -> str:
    # Words are [a-z0-9]: bumping the last character gives the first string past the prefix.
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def match(kind: str, id_column: ColumnElement, query: str) -> ColumnElement:
    """A WHERE clause true for objects whose indexed words start with every query word.

    One subquery whatever the number of words: the index rows of any query word (one range
    of the (kind, term) index per word), grouped by object, kept when every word is among
    them. A word that starts another query word is dropped first ("di" adds nothing to
    "dich"): the remaining ranges are disjoint, so each row falls in one word's range.
    """
    found = words(query)[:MAX_QUERY_WORDS]
    needed = [w for w in found if not any(o != w and o.startswith(w) for o in found)]
    if not needed:
        return false()
    ranges = [and_(SearchTerm.term >= w, SearchTerm.term < _next_prefix(w)) for w in needed]
    # The kind inside each branch of the OR: SQLite then reads one (kind, term) index range
    # per word (MULTI-INDEX OR) instead of every row of the kind; PostgreSQL ORs the ranges
    # (BitmapOr). Grouped even for one word: PostgreSQL then reads the word's range and
    # hashes the objects, where a plain IN subquery let it walk every index row of the kind
    # in object order (a merge join) filtering on the term, 3x slower.
    matching = (select(SearchTerm.object_id)
                .where(or_(*(and_(SearchTerm.kind == kind, r) for r in ranges)))
                .group_by(SearchTerm.object_id))
    if len(ranges) > 1:
        word = case(*((r, i) for i, r in enumerate(ranges)))
        matching = matching.having(func.count(word.distinct()) == len(ranges))
    return id_column.in_(matching)


def _contains(column: ColumnElement, needle: str) -> ColumnElement:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def rank(lower_column: ColumnElement, folded_column: ColumnElement, query: str) -> ColumnElement:
    """0 when the name holds the query as typed (diacritics kept), 1 when it holds it folded."""
    typed = " ".join(lower(query).split())
    return case(
        (_contains(lower_column, typed), 0),
        (_contains(folded_column, " ".join(words(query))), 1),
        else_=2,
    )
