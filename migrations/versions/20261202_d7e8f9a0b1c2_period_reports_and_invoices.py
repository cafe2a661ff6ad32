"""the vendor's period service reports and invoices

Revision ID: d7e8f9a0b1c2
Revises: c6d7e8f9a0b1
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e8f9a0b1c2'
down_revision = 'c6d7e8f9a0b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'period_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('period_no', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('is_current', sa.Integer(), nullable=True),
        sa.Column('service_levels', sa.JSON(), nullable=False),
        sa.Column('incidents', sa.Text(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('submitted_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('is_current IS NULL OR is_current = 1',
                           name=op.f('ck_period_reports_is_current')),
        sa.CheckConstraint('period_no >= 1', name=op.f('ck_period_reports_period_no')),
        sa.CheckConstraint('version >= 1', name=op.f('ck_period_reports_version')),
        sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'],
                                name=op.f('fk_period_reports_contract_id_contracts')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'],
                                name=op.f('fk_period_reports_submitted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_period_reports')),
        sa.UniqueConstraint('contract_id', 'period_no', 'is_current',
                            name='uq_period_reports_current'),
        sa.UniqueConstraint('contract_id', 'period_no', 'version',
                            name='uq_period_reports_version'),
    )
    with op.batch_alter_table('period_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_reports_contract_id'), ['contract_id'],
                              unique=False)
    op.create_table(
        'period_invoices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('acceptance_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_period_invoices_amount')),
        sa.ForeignKeyConstraint(['acceptance_id'], ['acceptance_records.id'],
                                name=op.f('fk_period_invoices_acceptance_id_acceptance_records')),
        sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'],
                                name=op.f('fk_period_invoices_contract_id_contracts')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                                name=op.f('fk_period_invoices_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_period_invoices')),
        sa.UniqueConstraint('acceptance_id', name='uq_period_invoices_acceptance_id'),
    )
    with op.batch_alter_table('period_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_invoices_contract_id'), ['contract_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('period_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_invoices_contract_id'))
    op.drop_table('period_invoices')
    with op.batch_alter_table('period_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_reports_contract_id'))
    op.drop_table('period_reports')
