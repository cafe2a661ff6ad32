"""retire template versions; the registry of legal instruments

A template version can be retired (no longer chosen for new documents, kept for the documents
made from it). The registry of legal instruments holds the laws, decrees and circulars the
documents cite, with when each took effect and what replaced it; it is seeded from
documents/data/instruments.yml on first use.

Revision ID: 9d5e3f7a2b68
Revises: 8c4d2e6f1a57
Create Date: 2026-12-02 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d5e3f7a2b68'
down_revision = '8c4d2e6f1a57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('retired_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_document_templates_retired_by_id_users'),
                                    'users', ['retired_by_id'], ['id'])
    op.create_table(
        'legal_instruments',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('issuer', sa.String(length=255), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('signed_on', sa.Date(), nullable=True),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('replaced_by_id', sa.String(length=40), nullable=True),
        sa.Column('replaced_from', sa.Date(), nullable=True),
        sa.Column('to_confirm', sa.Boolean(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['replaced_by_id'], ['legal_instruments.id'],
                                name=op.f('fk_legal_instruments_replaced_by_id_legal_instruments')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_legal_instruments_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_instruments')),
    )


def downgrade():
    op.drop_table('legal_instruments')
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_document_templates_retired_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('retired_by_id')
        batch_op.drop_column('retired_on')
