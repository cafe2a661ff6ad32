"""Vietnamese search on the database's own full-text engine.

Each service and vendor has a search document (`catalog.models.SearchDocument`): the folded
words (lower case, no diacritics, đ → d) of its name and of the rest of its text, and the whole
words in lower case as written. The database indexes the folded words, each kind apart:
SQLite with an FTS5 table per kind (`FTS_TABLE`, kept by triggers), PostgreSQL with a GIN index
per kind over a stored tsvector column (`VECTOR_COLUMN`; migration f9a0b1c2d3e4). `hits` is
the one place that knows which.

A query is folded the same way and every word of it must start a word of the document
("dich vu cong" finds "Dịch vụ công trực tuyến"). Words the synonym list knows
(`data/synonyms.yml`) match their synonyms too: "email" finds "Thư điện tử công vụ", "thư điện
tử" finds "email". Matches rank first by the words found as typed ("mây" before "máy", "email"
before "thư điện tử"), then by relevance (bm25 on SQLite, ts_rank on PostgreSQL; a word of the name
weighs ten times one of the description). A query with fewer than `MIN_QUERY_CHARS` letters
and digits finds nothing (`too_short`): one letter would match nearly everything. Queries reach
the engine only as quoted folded words ([a-z0-9]), so no FTS or tsquery syntax can be typed in.
"""
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from sqlalchemy import (ColumnElement, FromClause, Select, column, false, func, insert,
                        literal_column, select, table, update)

from catalog.models import SEARCH_KINDS, SearchDocument
from extensions import db

MAX_TERM = 64
MAX_QUERY_WORDS = 8
MIN_QUERY_CHARS = 2
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.yml"
FTS_TABLE = "search_index_{kind}"  # SQLite: an FTS5 table per kind over search_documents
# PostgreSQL: a stored generated tsvector column of search_documents, the words of the name
# weighted A and the others B ('simple': they are folded already, nothing to stem), and a
# partial GIN index over it per kind.
VECTOR_COLUMN = "vector"
VECTOR_INDEX = "ix_search_documents_{kind}_vector"
# bm25 column weights on SQLite (name, body) and ts_rank weights {D, C, B, A} on PostgreSQL
# (name A, body B): a word of the name counts ten times one of the rest.
BM25_WEIGHTS = (10.0, 1.0)
TS_RANK_WEIGHTS = "'{0, 0, 0.1, 1}'::float4[]"
_WORD = re.compile(r"[a-z0-9]+")
_D_STROKE = {0x0111: "d"}  # đ (Đ lower-cased), which Unicode does not decompose
_TYPED = re.compile(r"[^\W_]+")


def lower(text: str) -> str:
    """Lower-case in NFC, keeping diacritics."""
    return unicodedata.normalize("NFC", text or "").lower()


def fold(text: str) -> str:
    """Lower-case and strip diacritics, folding đ/Đ to d."""
    decomposed = unicodedata.normalize("NFD", lower(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.translate(_D_STROKE)


def words(text: str) -> list[str]:
    """The folded words of a text, in order, without duplicates."""
    return list(dict.fromkeys(w[:MAX_TERM] for w in _WORD.findall(fold(text))))


def folded_text(text: str) -> str:
    """The folded words of a text, in order, duplicates kept (phrases stay whole)."""
    return " ".join(w[:MAX_TERM] for w in _WORD.findall(fold(text)))


def written(text: str) -> str:
    """The words of a text in lower case as written, each after a space (" thư điện tử"): a
    LIKE '% word%' then finds a word typed as it starts a word of the text."""
    return "".join(" " + w for w in _TYPED.findall(lower(text)))


# --- documents -----------------------------------------------------------------------------


def document(kind: str, object_id: int, names: Iterable[str | None],
             rest: Iterable[str | None]) -> dict:
    """The search_documents row of one object: its name texts weigh more than the rest."""
    names, rest = [t for t in names if t], [t for t in rest if t]
    return {"kind": kind, "object_id": object_id, "name": folded_text(" ".join(names)),
            "body": folded_text(" ".join(rest)), "exact": written(" ".join(names + rest))}


def index_object(kind: str, object_id: int, names: Iterable[str | None],
                 rest: Iterable[str | None]) -> None:
    """Replace the search document of one object (the database's index follows)."""
    row = document(kind, object_id, names, rest)
    done = db.session.execute(
        update(SearchDocument)
        .where(SearchDocument.kind == kind, SearchDocument.object_id == object_id)
        .values(name=row["name"], body=row["body"], exact=row["exact"]))
    if not done.rowcount:
        db.session.execute(insert(SearchDocument), [row])


def include_name(name: str | None, type_: str, parents: dict) -> bool:
    """Alembic's `include_name` hook: false for the search index the migration made outside
    the models, which a schema comparison must leave alone (SQLite's FTS5 tables and the
    tables SQLite keeps for them; PostgreSQL's tsvector column and its GIN indexes)."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE.format(kind=""))
    if type_ == "column":
        return not (name == VECTOR_COLUMN
                    and parents.get("table_name") == SearchDocument.__tablename__)
    if type_ == "index":
        return name not in {VECTOR_INDEX.format(kind=kind) for kind in SEARCH_KINDS}
    return True


# --- synonyms ------------------------------------------------------------------------------


def load_synonyms(text: str) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each phrase of the synonym list (as folded words) → every phrase of its group.

    The file holds `groups:`, a list of lists of phrases; a phrase in two groups is refused,
    as it could not say which group it means."""
    found: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in yaml.safe_load(text)["groups"]:
        phrases = tuple(dict.fromkeys(tuple(folded_text(str(p)).split()) for p in group))
        if len(phrases) < 2 or not all(phrases):
            raise ValueError(f"synonyms: a group needs two phrases with words: {group!r}")
        for phrase in phrases:
            if phrase in found:
                raise ValueError(f"synonyms: {' '.join(phrase)!r} is in two groups")
            found[phrase] = phrases
    return found


@cache
def synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The shipped synonym list (data/synonyms.yml), read once."""
    return load_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


# --- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """Folded words that satisfy one part of a query: each anywhere in the document (the
    words as typed) or, for a synonym, one after the other. The last word is a prefix."""

    words: tuple[str, ...]
    phrase: bool = False

    def fts5(self) -> str:
        if self.phrase:
            return '"' + " ".join(self.words) + '"*'
        return " AND ".join(f'"{w}"*' for w in self.words)

    def tsquery(self) -> str:
        if self.phrase:
            return " <-> ".join([f"'{w}'" for w in self.words[:-1]] + [f"'{self.words[-1]}':*"])
        return " & ".join(f"'{w}':*" for w in self.words)


@dataclass(frozen=True)
class Query:
    """A parsed query: parts that must all match, each satisfied by any of its alternatives,
    and words as typed (lower case) that rank first the documents holding them so."""

    parts: tuple[tuple[Alternative, ...], ...]
    typed: tuple[str, ...]

    def fts5(self) -> str:
        """The FTS5 MATCH expression."""
        return " AND ".join("(" + " OR ".join(f"({a.fts5()})" for a in alternatives) + ")"
                            for alternatives in self.parts)

    def tsquery(self) -> str:
        """The text of PostgreSQL's to_tsquery('simple', ...)."""
        return " & ".join("(" + " | ".join(f"({a.tsquery()})" for a in alternatives) + ")"
                          for alternatives in self.parts)

    @property
    def patterns(self) -> tuple[tuple[str, ...], ...]:
        """What to mark in a text: runs of folded words, the last a prefix; longest first."""
        found = set()
        for alternatives in self.parts:
            for alternative in alternatives:
                if alternative.phrase:
                    found.add(alternative.words)
                else:
                    found.update((w,) for w in alternative.words)
        return tuple(sorted(found, key=lambda p: (-len(p), p)))


def too_short(query: str | None) -> bool:
    """A query typed but with fewer than MIN_QUERY_CHARS letters and digits ("đ", "a", "%")."""
    return bool(query and query.strip()) and len("".join(words(query))) < MIN_QUERY_CHARS


@lru_cache(maxsize=1024)
def parse(query: str) -> Query:
    """The parts of a query: its folded words, a run of words the synonym list knows taken
    together with its synonyms (the longest run first)."""
    found = words(query)[:MAX_QUERY_WORDS]
    table_, longest = synonyms(), max(len(p) for p in synonyms())
    parts, i = [], 0
    while i < len(found):
        size = next((n for n in range(min(longest, len(found) - i), 0, -1)
                     if tuple(found[i:i + n]) in table_), 0)
        if not size:
            parts.append((Alternative((found[i],)),))
            i += 1
            continue
        typed = tuple(found[i:i + size])
        parts.append((Alternative(typed),) + tuple(
            Alternative(p, phrase=True) for p in table_[typed] if p != typed))
        i += size
    # The words typed that rank a document holding them as typed first: those with
    # diacritics, and those with synonyms (the word itself before its synonyms).
    with_synonyms = {w for part in parts if len(part) > 1 for w in part[0].words}
    typed = [w for w in dict.fromkeys(_TYPED.findall(lower(query)))
             if not w.isascii() or w in with_synonyms]
    return Query(tuple(parts), tuple(typed[:MAX_QUERY_WORDS]))


# The parts of the statements that do not change with the query, built once. SQLite: each
# kind's FTS5 table is keyed by the object's id (its rowid), so the documents table is joined
# only to rank the words typed with diacritics.
_FTS = {kind: table(FTS_TABLE.format(kind=kind), column("rowid"),
                    column(FTS_TABLE.format(kind=kind))) for kind in SEARCH_KINDS}
_SQLITE_HITS = {kind: select(fts.c.rowid.label("object_id"), func.bm25(
    literal_column(fts.name), *(literal_column(repr(w)) for w in BM25_WEIGHTS)).label("score"))
    for kind, fts in _FTS.items()}
_SIMPLE = literal_column("'simple'::regconfig")
_VECTOR = literal_column(f"{SearchDocument.__tablename__}.{VECTOR_COLUMN}")
# The kind as a literal, so that the planner picks the kind's partial GIN index even for a
# prepared statement's generic plan.
_KIND = {kind: SearchDocument.kind == literal_column(f"'{kind}'") for kind in SEARCH_KINDS}
_POSTGRESQL_HITS = {kind: select(SearchDocument.object_id).where(_KIND[kind])
                    for kind in SEARCH_KINDS}


def hits(kind: str, query: str) -> FromClause | None:
    """The documents of one kind matching a query: (object_id, score, misses), best first by
    (misses, score); None when the query can match nothing (no word, or too short).

    `misses` counts the words of the query that start no word of the document as typed (the
    diacritics typed, or a word typed rather than its synonym: "mây" not "máy", "email" not
    "thư điện tử"); `score` is the engine's relevance, lower is better on both databases."""
    if kind not in SEARCH_KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    return _hits(db.engine.dialect.name, kind, query)


@lru_cache(maxsize=1024)
def _hits(dialect: str, kind: str, query: str) -> FromClause | None:
    # Cached: a statement is immutable, and building one costs more than running it here.
    parsed = parse(query)
    if not parsed.parts or too_short(query):
        return None
    position = func.strpos if dialect == "postgresql" else func.instr  # 0 when not found
    misses = literal_column(str(len(parsed.typed)))
    for word in parsed.typed:
        misses = misses - func.sign(position(SearchDocument.exact, " " + word))
    if dialect == "postgresql":
        tsquery = func.to_tsquery(_SIMPLE, parsed.tsquery())
        score = -func.ts_rank(literal_column(TS_RANK_WEIGHTS), _VECTOR, tsquery)
        stmt = _POSTGRESQL_HITS[kind].add_columns(score.label("score")).where(
            _VECTOR.op("@@")(tsquery))
    else:
        fts = _FTS[kind]
        stmt = _SQLITE_HITS[kind].where(fts.c[fts.name].match(parsed.fts5()))
        if parsed.typed:
            # A subquery per match rather than a join, which SQLite would start from the
            # documents table, asking the full-text index once for each of them.
            misses = (select(misses).where(_KIND[kind], SearchDocument.object_id == fts.c.rowid)
                      .scalar_subquery())
    stmt = stmt.add_columns(misses.label("misses"))
    if dialect == "postgresql":
        return stmt.subquery("hits")
    # Materialized: SQLite asks the full-text index once, where a subquery joined to a list
    # with its own filters (the vendors of a province) would let it ask once per row.
    return stmt.cte("hits").prefix_with("MATERIALIZED")


def matching(stmt: Select, kind: str, id_column: ColumnElement, query: str) -> Select:
    """`stmt` kept to the objects matching a query, best matches first."""
    found = hits(kind, query)
    if found is None:
        return stmt.where(false())
    return (stmt.join(found, found.c.object_id == id_column)
            .order_by(found.c.misses, found.c.score))
