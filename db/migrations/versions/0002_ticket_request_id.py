"""ticket request id: a kiosk's retry returns the ticket already committed; confirmed_at

Revision ID: 0002_ticket_request_id
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_ticket_request_id'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tickets', sa.Column('request_id', sa.String(length=64), nullable=True))
    op.add_column('tickets', sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_tickets_request', 'tickets', ['office_id', 'request_id'], unique=True,
                    postgresql_where=sa.text('request_id IS NOT NULL'), sqlite_where=sa.text('request_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_tickets_request', table_name='tickets')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('request_id')
