"""agency profile and its history

An agency's profile holds what the party block "Bên A" of its contracts needs: phone, e-mail,
tax code, the account at the State Treasury and its branch, the representative and position
(beside the name, address and budget-relation code it had; its short name stays the document
symbol used in numbers). Each save of the profile is kept in organisation_revisions.

Revision ID: 8c4d2e6f1a57
Revises: 7b2e4c1d9a30
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4d2e6f1a57'
down_revision = '7b2e4c1d9a30'
branch_labels = None
depends_on = None

COLUMNS = [
    ('phone', 30), ('email', 255), ('tax_code', 20), ('treasury_account', 40),
    ('treasury_branch', 255), ('representative', 120), ('representative_position', 120),
]


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))
    op.create_table('organisation_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_organisation_revisions_changed_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_revisions_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_revisions'))
    )
    with op.batch_alter_table('organisation_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_revisions_organisation_id'),
                              ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('organisation_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_revisions_organisation_id'))
    op.drop_table('organisation_revisions')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        for name, _length in reversed(COLUMNS):
            batch_op.drop_column(name)
