"""a session version per user; failed logins leave the users table

Every session carries the user's session version (User.get_id), so raising it (logout, a
password change or reset, an administrator's lock) ends every session of the user at once.
Failed logins are now counted per (e-mail, client address) in the rate limiter's storage
(accounts.lockout), never on the account: failed_logins and locked_until go.

Revision ID: c7a1b3d5f9e2
Revises: b6f0a2c4e8d1
Create Date: 2026-12-02 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7a1b3d5f9e2'
down_revision = 'b6f0a2c4e8d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.drop_column('session_version')
