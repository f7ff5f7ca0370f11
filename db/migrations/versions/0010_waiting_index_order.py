"""the waiting-ticket indexes by field and day in calling order (queue_at, then id): a queue's head straight
from the index, and its length counted from the index alone

Revision ID: 0010_waiting_index_order
Revises: 0009_catalog_import_batches
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_waiting_index_order'
down_revision = '0009_catalog_import_batches'
branch_labels = None
depends_on = None

WAITING = "status = 'waiting'"
PRIORITY = "status = 'waiting' AND priority IS NOT NULL"


def _indexes(columns: list[str]) -> None:
    for name, where in (('ix_tickets_waiting', WAITING), ('ix_tickets_waiting_priority', PRIORITY)):
        op.drop_index(name, table_name='tickets')
        op.create_index(name, 'tickets', columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def upgrade() -> None:
    _indexes(['service_id', 'day', 'queue_at', 'id'])


def downgrade() -> None:
    _indexes(['service_id', 'queue_at'])
