"""audit log append-only: UPDATE and DELETE of audit rows refused by the database itself

A trigger on each database refuses UPDATE and DELETE (and, on PostgreSQL,
TRUNCATE) of `audit_log`, so a station or script holding the database URL
cannot erase or re-attribute what was done. On PostgreSQL `motcua server setup`
also hands the table and the trigger's function to the administrator's role and
grants the office's role only SELECT and INSERT on it (motcua/server_setup.py).

Revision ID: 0005_audit_append_only
Revises: 0004_stations
"""
from alembic import op


revision = '0005_audit_append_only'
down_revision = '0004_stations'
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only"
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION motcua_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION motcua_audit_append_only()")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION motcua_audit_append_only()")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS motcua_audit_append_only()")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
