"""catalog imports in short batches, with the undo rows that put the catalog back if one stops half-way

Revision ID: 0009_catalog_import_batches
Revises: 0008_station_last_seen
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_catalog_import_batches'
down_revision = '0008_station_last_seen'
branch_labels = None
depends_on = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
    op.create_table(
        'catalog_imports',
        sa.Column('id', big, primary_key=True, autoincrement=True),
        sa.Column('office_id', sa.Integer(), sa.ForeignKey('offices.id'), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('touched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('file', sa.String(length=300), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
    )
    op.create_table(
        'catalog_import_undo',
        sa.Column('id', big, primary_key=True, autoincrement=True),
        sa.Column('import_id', big, sa.ForeignKey('catalog_imports.id'), nullable=False),
        sa.Column('procedure_id', sa.Integer(), sa.ForeignKey('procedures.id'), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=False),
    )
    op.create_index('ix_catalog_import_undo_import', 'catalog_import_undo', ['import_id', 'id'])


def downgrade() -> None:
    op.drop_table('catalog_import_undo')
    op.drop_table('catalog_imports')
