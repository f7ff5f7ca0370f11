"""dossier check code: a receipt's second factor, so the kiosk cannot walk sequential dossier codes

Each dossier gets 6 random characters (core.codes.new_check_code) printed on its
receipt; the anonymous kiosk shows a dossier only to whoever types (or scans) both.
Dossiers received before this revision get one too, shown on a reprinted receipt.

Revision ID: 0006_dossier_check_code
Revises: 0005_audit_append_only
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0006_dossier_check_code'
down_revision = '0005_audit_append_only'
branch_labels = None
depends_on = None

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as core.codes.CHECK_ALPHABET when this was written


def new_check_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(6))


def upgrade() -> None:
    op.add_column('dossiers', sa.Column('check_code', sa.String(length=8), nullable=False, server_default=''))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM dossiers"))]
    if ids:
        bind.execute(sa.text("UPDATE dossiers SET check_code = :check WHERE id = :id"),
                     [{"id": i, "check": new_check_code()} for i in ids])


def downgrade() -> None:
    # both databases drop a column in place (SQLite ≥ 3.35): no table copy under dossier_history's foreign key
    op.execute("ALTER TABLE dossiers DROP COLUMN check_code")
