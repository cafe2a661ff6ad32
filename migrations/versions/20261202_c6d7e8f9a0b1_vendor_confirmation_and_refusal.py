"""the vendor's confirmation of a draft and the approver's return or refusal

A contract or amendment cleared by the legal drafter is shared with the vendor, whose staff
confirm it (or return it with comments) before the approver may approve it: who shared and who
confirmed, and when, on the lifecycle record and on the amendment; when the vendor first saw
the contract (`vendor_since`). The approver may refuse: a new final state 'refused' for
contracts and amendments, and a refused amendment no longer counts as the contract's open one.

Revision ID: c6d7e8f9a0b1
Revises: b5c6d7e8f9a0
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6d7e8f9a0b1'
down_revision = 'b5c6d7e8f9a0'
branch_labels = None
depends_on = None

CONTRACT_OLD = ("status IN ('draft', 'review', 'approved', 'signed', 'active', 'expired', "
                "'terminated')")
CONTRACT_NEW = ("status IN ('draft', 'review', 'approved', 'signed', 'active', 'expired', "
                "'terminated', 'refused')")
AMENDMENT_OLD = "status IN ('draft', 'review', 'approved', 'signed')"
AMENDMENT_NEW = "status IN ('draft', 'review', 'approved', 'signed', 'refused')"
OPEN_OLD = sa.text("status <> 'signed'")
OPEN_NEW = sa.text("status NOT IN ('signed', 'refused')")


def _add_confirmation(batch_op, table: str) -> None:
    batch_op.add_column(sa.Column('shared_at', sa.DateTime(), nullable=True))
    batch_op.add_column(sa.Column('shared_by_id', sa.Integer(), nullable=True))
    batch_op.add_column(sa.Column('vendor_confirmed_at', sa.DateTime(), nullable=True))
    batch_op.add_column(sa.Column('vendor_confirmed_by_id', sa.Integer(), nullable=True))
    batch_op.create_foreign_key(batch_op.f(f'fk_{table}_shared_by_id_users'), 'users',
                                ['shared_by_id'], ['id'])
    batch_op.create_foreign_key(batch_op.f(f'fk_{table}_vendor_confirmed_by_id_users'),
                                'users', ['vendor_confirmed_by_id'], ['id'])


def _drop_confirmation(batch_op, table: str) -> None:
    batch_op.drop_constraint(batch_op.f(f'fk_{table}_vendor_confirmed_by_id_users'),
                             type_='foreignkey')
    batch_op.drop_constraint(batch_op.f(f'fk_{table}_shared_by_id_users'), type_='foreignkey')
    for column in ('vendor_confirmed_by_id', 'vendor_confirmed_at', 'shared_by_id',
                   'shared_at'):
        batch_op.drop_column(column)


def upgrade():
    with op.batch_alter_table('contract_lifecycles', schema=None) as batch_op:
        _add_confirmation(batch_op, 'contract_lifecycles')
        batch_op.add_column(sa.Column('vendor_since', sa.DateTime(), nullable=True))
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contracts_status'), type_='check')
        batch_op.create_check_constraint('status', CONTRACT_NEW)
    op.drop_index('uq_contract_amendments_one_open', table_name='contract_amendments')
    with op.batch_alter_table('contract_amendments', schema=None) as batch_op:
        _add_confirmation(batch_op, 'contract_amendments')
        batch_op.drop_constraint(batch_op.f('ck_contract_amendments_status'), type_='check')
        batch_op.create_check_constraint('status', AMENDMENT_NEW)
    op.create_index('uq_contract_amendments_one_open', 'contract_amendments', ['contract_id'],
                    unique=True, sqlite_where=OPEN_NEW, postgresql_where=OPEN_NEW)


def downgrade():
    op.execute("UPDATE contract_amendments SET status = 'draft' WHERE status = 'refused'")
    op.execute("UPDATE contracts SET status = 'draft' WHERE status = 'refused'")
    op.drop_index('uq_contract_amendments_one_open', table_name='contract_amendments')
    with op.batch_alter_table('contract_amendments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contract_amendments_status'), type_='check')
        batch_op.create_check_constraint('status', AMENDMENT_OLD)
        _drop_confirmation(batch_op, 'contract_amendments')
    op.create_index('uq_contract_amendments_one_open', 'contract_amendments', ['contract_id'],
                    unique=True, sqlite_where=OPEN_OLD, postgresql_where=OPEN_OLD)
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contracts_status'), type_='check')
        batch_op.create_check_constraint('status', CONTRACT_OLD)
    with op.batch_alter_table('contract_lifecycles', schema=None) as batch_op:
        batch_op.drop_column('vendor_since')
        _drop_confirmation(batch_op, 'contract_lifecycles')
