"""each generated document keeps its PDF/A beside it, with its own SHA-256

A .docx is converted once; its PDF is stored under instance/generated/<pdf_sha256>.pdf and
never converted again (issue 14, point 2). Documents made before this revision get their PDF
the first time it is asked for.

Revision ID: d1e2f3a4b5c6
Revises: c7a1b3d5f9e2
Create Date: 2026-12-02 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1e2f3a4b5c6'
down_revision = 'c7a1b3d5f9e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('pdf_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pdf_created_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.drop_column('pdf_created_at')
        batch_op.drop_column('pdf_size')
        batch_op.drop_column('pdf_sha256')
