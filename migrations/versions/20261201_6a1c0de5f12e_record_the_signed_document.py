"""record the signed document

A contract's or amendment's signing record points at the generated document that was signed;
that document is frozen from then on. For what was signed before this revision, the signed
document is the newest one generated before the signing was recorded (later ones, which the
old render commands could make, are not what was signed).

Revision ID: 6a1c0de5f12e
Revises: b065c97dd09a
Create Date: 2026-12-01 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6a1c0de5f12e'
down_revision = 'b065c97dd09a'
branch_labels = None
depends_on = None

TABLES = ('contract_lifecycles', 'contract_amendments')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('signed_document_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_signed_document_id_generated_documents'),
                'generated_documents', ['signed_document_id'], ['id'])
    for table, owner_type, owner, transition in (
            ('contract_lifecycles', 'contract', 'contract_id',
             "t.contract_id = contract_lifecycles.contract_id AND t.amendment_id IS NULL"),
            ('contract_amendments', 'amendment', 'id',
             "t.amendment_id = contract_amendments.id")):
        op.execute(f"""
            UPDATE {table} SET signed_document_id = (
                SELECT max(g.id) FROM generated_documents g
                WHERE g.owner_type = '{owner_type}' AND g.kind = '{owner_type}'
                  AND g.owner_id = {table}.{owner}
                  AND g.created_at <= (SELECT max(t.created_at) FROM contract_transitions t
                                       WHERE t.action = 'sign' AND {transition}))
            WHERE signed_on IS NOT NULL""")


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f'fk_{table}_signed_document_id_generated_documents'),
                type_='foreignkey')
            batch_op.drop_column('signed_document_id')
