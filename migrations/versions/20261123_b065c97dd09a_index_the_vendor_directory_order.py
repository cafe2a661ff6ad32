"""index the vendor directory order

The public directory lists verified vendors by folded name: an index on (status, name_folded,
id) lets its pages read 20 entries instead of sorting every verified vendor. It also answers
lookups by status alone, so the single-column status index goes.

Revision ID: b065c97dd09a
Revises: fe0ecb30133e
Create Date: 2026-11-23 20:39:20.163647

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b065c97dd09a'
down_revision = 'fe0ecb30133e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.create_index('ix_vendors_status_name', ['status', 'name_folded', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_vendors_status'))


def downgrade():
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vendors_status'), ['status'], unique=False)
        batch_op.drop_index('ix_vendors_status_name')
