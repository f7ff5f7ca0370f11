"""phones: a per-ticket token for the phone page, the applicant's date of birth, appointments

Revision ID: 0006_phones
Revises: 0003_issue_ticket_function (the lead re-chains it after the migrations merged before it)
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_phones'
down_revision = '0003_issue_ticket_function'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_token_hash', sa.String(length=64), nullable=True))
    op.create_index('ix_tickets_phone_token', 'tickets', ['phone_token_hash'], unique=True,
                    postgresql_where=sa.text('phone_token_hash IS NOT NULL'),
                    sqlite_where=sa.text('phone_token_hash IS NOT NULL'))
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_birth_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('applicant_birth_date')
    op.drop_index('ix_tickets_phone_token', table_name='tickets')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('phone_token_hash')
