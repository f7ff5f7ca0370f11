"""the tickets-by-counter index holds only tickets a counter has taken: every ticket starts with no counter,
so a kiosk's issue no longer writes an index entry (a WAL page on SQLite) that no query reads; every query
of it names a counter (counter_id = …), which the partial index answers as the whole one did

Revision ID: 0014_counter_index_partial
Revises: 0013_waiting_tally
"""
from alembic import op
import sqlalchemy as sa


revision = '0014_counter_index_partial'
down_revision = '0013_waiting_tally'
branch_labels = None
depends_on = None

AT_A_COUNTER = "counter_id IS NOT NULL"


def upgrade() -> None:
    op.drop_index('ix_tickets_counter_status', table_name='tickets')
    op.create_index('ix_tickets_counter_status', 'tickets', ['counter_id', 'status'],
                    postgresql_where=sa.text(AT_A_COUNTER), sqlite_where=sa.text(AT_A_COUNTER))


def downgrade() -> None:
    op.drop_index('ix_tickets_counter_status', table_name='tickets')
    op.create_index('ix_tickets_counter_status', 'tickets', ['counter_id', 'status'])
