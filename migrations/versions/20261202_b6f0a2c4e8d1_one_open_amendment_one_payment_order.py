"""one open amendment per contract, and a payment order recorded once, as database rules

A contract has at most one amendment not yet signed: a unique index on contract_id over the
rows whose status is not 'signed' (a partial index on SQLite and PostgreSQL alike), so two
simultaneous "new amendment" requests cannot both open one. A payment's reference (the
treasury payment order) is unique within its accepted period, so a repeated request cannot
record the same payment twice.

Revision ID: b6f0a2c4e8d1
Revises: a3c7e9b1d5f2
Create Date: 2026-12-02 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6f0a2c4e8d1'
down_revision = 'a3c7e9b1d5f2'
branch_labels = None
depends_on = None

OPEN = sa.text("status <> 'signed'")


def upgrade():
    op.create_index('uq_contract_amendments_one_open', 'contract_amendments', ['contract_id'],
                    unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
    with op.batch_alter_table('payment_records', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_payment_records_reference',
                                          ['acceptance_id', 'reference'])


def downgrade():
    with op.batch_alter_table('payment_records', schema=None) as batch_op:
        batch_op.drop_constraint('uq_payment_records_reference', type_='unique')
    op.drop_index('uq_contract_amendments_one_open', table_name='contract_amendments')
