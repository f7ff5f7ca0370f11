"""issue_ticket on PostgreSQL: the waiting counts are read before the number's row is locked

The function of migration 0003 counted the field's waiting tickets after taking the next number,
so every kiosk of that field waited behind the count (a long queue, a long wait for everyone).
It now counts first, over the waiting-ticket indexes of migration 0010, and adds the new ticket
itself: the same figures, a lock held for the inserts and the commit only. The function is 0003's
with those two steps changed (0003's text is history: it never changes).

Revision ID: 0011_issue_count_first
Revises: 0010_waiting_index_order
"""
from alembic import op

from db.migrate import earlier_migration


revision = '0011_issue_count_first'
down_revision = '0010_waiting_index_order'
branch_labels = None
depends_on = None

COUNT_LAST = """    RETURN QUERY SELECT 'ok'::text, t_id, t_code, n, svc.id, svc.code::text, svc.name::text, svc.prefix::text,
                        count(*), count(t.priority)
                   FROM tickets t WHERE t.status = 'waiting' AND t.service_id = svc.id AND t.day = p_day;"""
COUNTED = """    RETURN QUERY SELECT 'ok'::text, t_id, t_code, n, svc.id, svc.code::text, svc.name::text, svc.prefix::text,
                        w + 1, wp + CASE WHEN p_priority IS NULL THEN 0 ELSE 1 END;"""
NUMBER = "    INSERT INTO ticket_sequences AS q (service_id, day, last_number)"
COUNT_FIRST = """    -- who waits already, counted before the number's row is locked
    SELECT (SELECT count(*) FROM tickets t
             WHERE t.status = 'waiting' AND t.service_id = svc.id AND t.day = p_day),
           (SELECT count(*) FROM tickets t
             WHERE t.status = 'waiting' AND t.priority IS NOT NULL AND t.service_id = svc.id AND t.day = p_day)
      INTO w, wp;
"""


def previous() -> str:
    """Migration 0003's function."""
    return earlier_migration("0003_issue_ticket_function.py").FUNCTION


def counted_first(function: str) -> str:
    assert COUNT_LAST in function and function.count(NUMBER) == 1
    return (function.replace("    t_code text;\n", "    t_code text;\n    w bigint;\n    wp bigint;\n")
            .replace(NUMBER, COUNT_FIRST + NUMBER).replace(COUNT_LAST, COUNTED))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(counted_first(previous()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(previous())
