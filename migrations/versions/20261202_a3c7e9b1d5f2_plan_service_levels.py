"""a lease plan's required service levels

The plan lists the service levels it requires, each with its target and how it is measured;
the contract's draft proposes them and its document and acceptance form 1 print them.

Revision ID: a3c7e9b1d5f2
Revises: 9d5e3f7a2b68
Create Date: 2026-12-02 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c7e9b1d5f2'
down_revision = '9d5e3f7a2b68'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lease_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('service_levels', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade():
    with op.batch_alter_table('lease_plans', schema=None) as batch_op:
        batch_op.drop_column('service_levels')
