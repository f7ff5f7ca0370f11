"""when each enrolled station last asked the office server for something (the admin's "Máy trạm" page)

Revision ID: 0008_station_last_seen
Revises: 0007_phones
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_station_last_seen'
down_revision = '0007_phones'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stations') as batch:
        batch.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # not a batch copy: join codes and sessions point at stations (SQLite's foreign keys refuse the drop)
    op.execute('ALTER TABLE stations DROP COLUMN last_seen_at')
