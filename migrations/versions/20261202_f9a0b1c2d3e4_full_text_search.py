"""full-text search on the database's own engine

The term index written here (search_terms: one row per folded word) gives way to one search
document per service and vendor (search_documents: folded name, folded rest, words in lower
case as written), indexed by each database's own full-text engine:

- SQLite: per kind, an FTS5 table `search_index_<kind>` whose external content is a view of
  that kind's documents (its rowid the object's id), kept in step by three triggers on
  search_documents (tokenize
  'unicode61 remove_diacritics 2' over text already folded; prefix indexes of 2 and 3
  characters). One table per kind, so that bm25 ranks a kind's documents alone. A later
  batch migration that rebuilds search_documents must create the triggers again.
- PostgreSQL: a stored generated tsvector column `vector` (the folded name weighted A, the
  rest B, configuration 'simple') and one partial GIN index per kind over it.

The documents are built from the existing services and vendors, with the folding of
catalog.search at this revision (written out here too, so that this migration does not change
when the application does). Downgrade rebuilds search_terms from the documents.

Revision ID: f9a0b1c2d3e4
Revises: e8f9a0b1c2d3
Create Date: 2026-12-02 18:20:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f9a0b1c2d3e4'
down_revision = 'e8f9a0b1c2d3'
branch_labels = None
depends_on = None

KINDS = ("service", "vendor")
WORD = re.compile(r"[a-z0-9]+")
WRITTEN = re.compile(r"[^\W_]+")
MAX_TERM = 64

documents = sa.table(
    "search_documents", sa.column("kind", sa.String), sa.column("object_id", sa.Integer),
    sa.column("name", sa.Text), sa.column("body", sa.Text), sa.column("exact", sa.Text))
terms = sa.table("search_terms", sa.column("kind", sa.String),
                 sa.column("object_id", sa.Integer), sa.column("term", sa.String))

# SQLite: a view of each kind's documents and an FTS5 table over it, whose rowid is the
# object's id; three triggers keep every kind's table in step with search_documents.
SQLITE_INDEX = [
    *(statement for kind in KINDS for statement in (
        f"CREATE VIEW search_documents_{kind} AS SELECT object_id AS id, name, body "
        f"FROM search_documents WHERE kind = '{kind}'",
        f"CREATE VIRTUAL TABLE search_index_{kind} USING fts5(name, body, "
        f"content='search_documents_{kind}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')")),
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
    + "".join(f"INSERT INTO search_index_{kind}(rowid, name, body) SELECT new.object_id, "
              f"new.name, new.body WHERE new.kind = '{kind}'; " for kind in KINDS)
    + "END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
    + "".join(f"INSERT INTO search_index_{kind}(search_index_{kind}, rowid, name, body) "
              f"SELECT 'delete', old.object_id, old.name, old.body WHERE old.kind = '{kind}'; "
              for kind in KINDS)
    + "END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
    + "".join(f"INSERT INTO search_index_{kind}(search_index_{kind}, rowid, name, body) "
              f"SELECT 'delete', old.object_id, old.name, old.body WHERE old.kind = '{kind}'; "
              for kind in KINDS)
    + "".join(f"INSERT INTO search_index_{kind}(rowid, name, body) SELECT new.object_id, "
              f"new.name, new.body WHERE new.kind = '{kind}'; " for kind in KINDS)
    + "END",
]
# PostgreSQL: the tsvector stored beside the text (ranking reads it rather than parsing the
# text of every match again) and a partial GIN index over it per kind.
POSTGRESQL_VECTOR = (
    "ALTER TABLE search_documents ADD COLUMN vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple'::regconfig, name), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'B')) STORED")
POSTGRESQL_INDEX = ("CREATE INDEX ix_search_documents_{kind}_vector ON search_documents "
                    "USING gin (vector) WHERE kind = '{kind}'")


def _lower(text):
    return unicodedata.normalize("NFC", text or "").lower()


def _folded(text):
    decomposed = unicodedata.normalize("NFD", _lower(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(w[:MAX_TERM] for w in WORD.findall(stripped.replace("đ", "d")))


def _document(kind, object_id, names, rest):
    names, rest = [t for t in names if t], [t for t in rest if t]
    return {"kind": kind, "object_id": object_id, "name": _folded(" ".join(names)),
            "body": _folded(" ".join(rest)),
            "exact": "".join(" " + w for w in WRITTEN.findall(_lower(" ".join(names + rest))))}


def _sqlite_index():
    for statement in SQLITE_INDEX:
        op.execute(statement)


def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('exact', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('service', 'vendor')", name=op.f('ck_search_documents_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_documents_kind'))
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(POSTGRESQL_VECTOR)
        for kind in KINDS:
            op.execute(POSTGRESQL_INDEX.format(kind=kind))
    else:
        _sqlite_index()  # before the rows: the triggers index them

    rows = [_document("service", r.id, [r.code, r.name], [r.description, r.unit])
            for r in bind.execute(sa.text(
                "SELECT id, code, name, description, unit FROM services ORDER BY id"))]
    rows += [_document("vendor", r.id, [r.legal_name, r.short_name, r.tax_code],
                       [r.address, r.province])
             for r in bind.execute(sa.text(
                 "SELECT v.id, v.legal_name, v.short_name, v.tax_code, v.address, "
                 "p.name AS province FROM vendors v LEFT JOIN provinces p "
                 "ON p.id = v.province_id ORDER BY v.id"))]
    if rows:
        op.bulk_insert(documents, rows)

    with op.batch_alter_table('search_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_search_terms_kind_term')
        batch_op.drop_index('ix_search_terms_kind_object')
    op.drop_table('search_terms')


def downgrade():
    op.create_table('search_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=64).with_variant(
        sa.String(length=64, collation='C'), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_terms'))
    )
    with op.batch_alter_table('search_terms', schema=None) as batch_op:
        batch_op.create_index('ix_search_terms_kind_object', ['kind', 'object_id'], unique=False)
        batch_op.create_index('ix_search_terms_kind_term', ['kind', 'term'], unique=False)

    bind = op.get_bind()
    rows = []
    for r in bind.execute(sa.text(
            "SELECT kind, object_id, name, body FROM search_documents ORDER BY id")):
        # The words of the document in order, each once: what search_terms held.
        for term in dict.fromkeys(f"{r.name} {r.body}".split()):
            rows.append({"kind": r.kind, "object_id": r.object_id, "term": term})
    if rows:
        op.bulk_insert(terms, rows)

    if bind.dialect.name != "postgresql":
        for trigger in ("search_documents_ai", "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        for kind in KINDS:
            op.execute(f"DROP TABLE search_index_{kind}")
            op.execute(f"DROP VIEW search_documents_{kind}")
    op.drop_table('search_documents')  # on PostgreSQL with its vector and indexes
