"""link contracts to lease plans

The contracts table came before the plans table, so its plan_id got its foreign key once
lease_plans existed.

Revision ID: 47049f5e89f6
Revises: 4f2970e52ed5
Create Date: 2026-11-23 18:45:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '47049f5e89f6'
down_revision = '4f2970e52ed5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_contracts_plan_id_lease_plans'),
                                    'lease_plans', ['plan_id'], ['id'])


def downgrade():
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contracts_plan_id_lease_plans'),
                                 type_='foreignkey')
