"""plan appraisal: draft, appraisal, approved, returned or refused

Revision ID: b5c6d7e8f9a0
Revises: a4b5c6d7e8f9
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5c6d7e8f9a0'
down_revision = 'a4b5c6d7e8f9'
branch_labels = None
depends_on = None


OLD_STATUSES = "status IN ('draft', 'approved')"
NEW_STATUSES = ("status IN ('draft', 'appraisal', 'supplement', 'appraised', 'approved', "
                "'refused')")


def upgrade():
    with op.batch_alter_table('lease_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('status_since', sa.DateTime(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_lease_plans_status'), type_='check')
        batch_op.create_check_constraint('status', NEW_STATUSES)
    op.create_table(
        'plan_transitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('from_status', sa.String(length=16), nullable=False),
        sa.Column('to_status', sa.String(length=16), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_plan_transitions_actor_id_users')),
        sa.ForeignKeyConstraint(['plan_id'], ['lease_plans.id'], ondelete='CASCADE',
                                name=op.f('fk_plan_transitions_plan_id_lease_plans')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_transitions')),
    )
    with op.batch_alter_table('plan_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_transitions_plan_id'), ['plan_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('plan_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_transitions_plan_id'))
    op.drop_table('plan_transitions')
    # A plan on the road goes back to what the old states knew: approved stays, the rest is
    # a draft again.
    op.execute("UPDATE lease_plans SET status = 'draft' WHERE status <> 'approved'")
    with op.batch_alter_table('lease_plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_lease_plans_status'), type_='check')
        batch_op.create_check_constraint('status', OLD_STATUSES)
        batch_op.drop_column('status_since')
        batch_op.drop_column('submitted_at')
