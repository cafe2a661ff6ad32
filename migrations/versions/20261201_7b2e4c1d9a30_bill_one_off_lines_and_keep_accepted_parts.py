"""bill one-off lines once and keep each accepted period's VAT parts

A contract line is billed either spread over every period or once, in the period holding the
lease month it occurs in. An acceptance record keeps, beside the period's amount, its amount
before VAT and its VAT per rate as they stood when accepted, so an amendment signed later
changes only the periods not yet accepted. Records accepted before this revision have no parts
(NULL): the schedule then reads the period's amount in the proportions the terms give it.

Revision ID: 7b2e4c1d9a30
Revises: 6a1c0de5f12e
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b2e4c1d9a30'
down_revision = '6a1c0de5f12e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contract_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('billing', sa.String(length=10), nullable=False,
                                      server_default='periodic'))
        batch_op.add_column(sa.Column('billed_month', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.create_check_constraint(
            batch_op.f('ck_contract_lines_billing'), "billing IN ('periodic', 'once')")
        batch_op.create_check_constraint(
            batch_op.f('ck_contract_lines_billed_month'), 'billed_month >= 1')
    with op.batch_alter_table('acceptance_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('period_parts', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('acceptance_records', schema=None) as batch_op:
        batch_op.drop_column('period_parts')
    with op.batch_alter_table('contract_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contract_lines_billed_month'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_contract_lines_billing'), type_='check')
        batch_op.drop_column('billed_month')
        batch_op.drop_column('billing')
