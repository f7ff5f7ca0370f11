"""the number of waiting tickets per field and day kept by the database itself (`waiting_tally`)

Issuing a ticket tells the citizen how many people wait ahead. That figure was counted from the
waiting-ticket index on every issue, so an issue cost more the longer the queue: with 4,000 waiting
the count was most of an issue on SQLite (0.15 ms of 0.4 ms), with 8,000 waiting on PostgreSQL
about 1 ms of server time, paid by every kiosk at once.

The count is now kept by triggers on `tickets`: every insert, update and delete that moves a ticket
into or out of "waiting" in a field and day (issue, call, transfer, cancel, expiry, a priority set
or taken away) adds +1 or -1 to that field's and day's row in the same transaction. Nothing in
Python has to remember it, and it cannot drift from the tickets: it is changed by the same
statement that changes the ticket, and rolled back with it.

On PostgreSQL each server process writes its own row (`shard` = its process id mod 16), so two
counters calling in the same field never wait for each other on one row; the figure is the sum
of at most 16 rows. SQLite has one writer at a time and one row (shard 0).

The issue function of migration 0011 reads the tally instead of counting. The tally is filled
from the tickets waiting at the upgrade.

Revision ID: 0013_waiting_tally
Revises: 0012_call_next_function
"""
import sqlalchemy as sa
from alembic import op

from db.migrate import earlier_migration


revision = '0013_waiting_tally'
down_revision = '0012_call_next_function'
branch_labels = None
depends_on = None

SHARDS = 16

# which updates move a ticket into or out of a field's waiting count (PostgreSQL and SQLite alike)
MOVES = ("(OLD.status = 'waiting' OR NEW.status = 'waiting') AND (OLD.status IS NOT NEW.status "
         "OR OLD.service_id IS NOT NEW.service_id OR OLD.day IS NOT NEW.day "
         "OR (OLD.priority IS NULL) <> (NEW.priority IS NULL))")

PG_TALLY = rf"""
CREATE OR REPLACE FUNCTION motcua_tally_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s smallint := pg_backend_pid() % {SHARDS};  -- this server process's own row: no wait on another's
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'waiting' THEN
        INSERT INTO waiting_tally AS w (service_id, day, shard, waiting, waiting_priority)
            VALUES (OLD.service_id, OLD.day, s, -1, CASE WHEN OLD.priority IS NULL THEN 0 ELSE -1 END)
            ON CONFLICT (service_id, day, shard) DO UPDATE
            SET waiting = w.waiting + EXCLUDED.waiting, waiting_priority = w.waiting_priority + EXCLUDED.waiting_priority;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'waiting' THEN
        INSERT INTO waiting_tally AS w (service_id, day, shard, waiting, waiting_priority)
            VALUES (NEW.service_id, NEW.day, s, 1, CASE WHEN NEW.priority IS NULL THEN 0 ELSE 1 END)
            ON CONFLICT (service_id, day, shard) DO UPDATE
            SET waiting = w.waiting + EXCLUDED.waiting, waiting_priority = w.waiting_priority + EXCLUDED.waiting_priority;
    END IF;
    RETURN NULL;
END $$;
"""
PG_TRIGGERS = (
    "CREATE TRIGGER tickets_tally_insert AFTER INSERT ON tickets FOR EACH ROW "
    "WHEN (NEW.status = 'waiting') EXECUTE FUNCTION motcua_tally_waiting()",
    "CREATE TRIGGER tickets_tally_update AFTER UPDATE OF status, service_id, day, priority ON tickets FOR EACH ROW "
    f"WHEN ({MOVES.replace(' IS NOT ', ' IS DISTINCT FROM ')}) EXECUTE FUNCTION motcua_tally_waiting()",
    "CREATE TRIGGER tickets_tally_delete AFTER DELETE ON tickets FOR EACH ROW "
    "WHEN (OLD.status = 'waiting') EXECUTE FUNCTION motcua_tally_waiting()",
)


def _sqlite_add(row: str, sign: str) -> str:
    return (f"INSERT INTO waiting_tally (service_id, day, shard, waiting, waiting_priority) "
            f"SELECT {row}.service_id, {row}.day, 0, {sign}1, {sign}({row}.priority IS NOT NULL) "
            f"WHERE {row}.status = 'waiting' "
            "ON CONFLICT (service_id, day, shard) DO UPDATE SET waiting = waiting + excluded.waiting, "
            "waiting_priority = waiting_priority + excluded.waiting_priority;")


SQLITE_TRIGGERS = (
    f"CREATE TRIGGER tickets_tally_insert AFTER INSERT ON tickets WHEN NEW.status = 'waiting' "
    f"BEGIN {_sqlite_add('NEW', '+')} END",
    f"CREATE TRIGGER tickets_tally_update AFTER UPDATE OF status, service_id, day, priority ON tickets "
    f"WHEN {MOVES} BEGIN {_sqlite_add('OLD', '-')} {_sqlite_add('NEW', '+')} END",
    f"CREATE TRIGGER tickets_tally_delete AFTER DELETE ON tickets WHEN OLD.status = 'waiting' "
    f"BEGIN {_sqlite_add('OLD', '-')} END",
)

FILL = ("INSERT INTO waiting_tally (service_id, day, shard, waiting, waiting_priority) "
        "SELECT service_id, day, 0, count(*), count(priority) FROM tickets WHERE status = 'waiting' "
        "GROUP BY service_id, day")

# migration 0011's issue function, the count of the waiting read from the tally after the ticket is in
TALLIED = """    SELECT coalesce(sum(q.waiting), 0), coalesce(sum(q.waiting_priority), 0) INTO w, wp
      FROM waiting_tally q WHERE q.service_id = svc.id AND q.day = p_day;  -- the new ticket is in it
"""
RETURN_COUNTED = """    RETURN QUERY SELECT 'ok'::text, t_id, t_code, n, svc.id, svc.code::text, svc.name::text, svc.prefix::text,
                        w + 1, wp + CASE WHEN p_priority IS NULL THEN 0 ELSE 1 END;"""
RETURN_TALLIED = """    RETURN QUERY SELECT 'ok'::text, t_id, t_code, n, svc.id, svc.code::text, svc.name::text, svc.prefix::text,
                        w, wp;"""
NOTIFY = "    PERFORM pg_notify('motcua_events', '');\n"


def counted() -> str:
    """Migration 0011's issue function."""
    m = earlier_migration("0011_issue_count_first.py")
    return m.counted_first(m.previous())


def tallied(function: str) -> str:
    count_first = earlier_migration("0011_issue_count_first.py").COUNT_FIRST
    assert count_first in function and RETURN_COUNTED in function and function.count(NOTIFY) == 1
    return (function.replace(count_first, "").replace(NOTIFY, TALLIED + NOTIFY)
            .replace(RETURN_COUNTED, RETURN_TALLIED))


def upgrade() -> None:
    op.create_table(
        'waiting_tally',
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('shard', sa.SmallInteger(), nullable=False),
        sa.Column('waiting', sa.Integer(), nullable=False),
        sa.Column('waiting_priority', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['service_id'], ['services.id']),
        sa.PrimaryKeyConstraint('service_id', 'day', 'shard'),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_TALLY)
        for trigger in PG_TRIGGERS:  # before the fill: their lock holds every write to tickets until commit
            op.execute(trigger)
        op.execute(tallied(counted()))
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
    op.execute(FILL)


def downgrade() -> None:
    for name in ("tickets_tally_insert", "tickets_tally_update", "tickets_tally_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON tickets" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(counted())
        op.execute("DROP FUNCTION IF EXISTS motcua_tally_waiting()")
    op.drop_table('waiting_tally')
