"""phones: a per-ticket token for the phone page, the applicant's date of birth, appointments

Revision ID: 0007_phones
Revises: 0006_dossier_check_code
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_phones'
down_revision = '0006_dossier_check_code'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('channel', sa.String(length=12), nullable=False, server_default='kiosk'))
    op.create_index('ix_tickets_phone_token', 'tickets', ['phone_token_hash'], unique=True,
                    postgresql_where=sa.text('phone_token_hash IS NOT NULL'),
                    sqlite_where=sa.text('phone_token_hash IS NOT NULL'))
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_birth_date', sa.Date(), nullable=True))
    big = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
    op.create_table(
        'ticket_holders',
        sa.Column('ticket_id', big, sa.ForeignKey('tickets.id'), primary_key=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('id_number', sa.String(length=20), nullable=False),
    )
    op.create_index('ix_ticket_holders_day_person', 'ticket_holders', ['day', 'id_number'])
    op.create_table(
        'appointments',
        sa.Column('id', big, primary_key=True, autoincrement=True),
        sa.Column('office_id', sa.Integer(), sa.ForeignKey('offices.id'), nullable=False),
        sa.Column('service_id', sa.Integer(), sa.ForeignKey('services.id'), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('session', sa.String(length=10), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False, unique=True),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('id_number', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('booked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ticket_id', big, sa.ForeignKey('tickets.id'), nullable=True),
    )
    op.create_index('ix_appointments_slot', 'appointments', ['office_id', 'day', 'service_id', 'session'])
    op.create_index('ix_appointments_day_person', 'appointments', ['day', 'id_number'])


def downgrade() -> None:
    op.drop_table('appointments')
    op.drop_table('ticket_holders')
    op.drop_index('ix_tickets_phone_token', table_name='tickets')
    # plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35 too): a batch copy of tickets or dossiers would drop
    # tables that events and audit rows point at, which SQLite's foreign keys refuse
    for table, column in (('dossiers', 'applicant_birth_date'), ('tickets', 'channel'),
                          ('tickets', 'phone_token_hash')):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
