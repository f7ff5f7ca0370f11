"""issue_ticket on PostgreSQL: one server-side function, one round trip

The same steps as the Python path in db/store/issuing.py (number, ticket, event,
audit, NOTIFY, waiting counts), run by the server inside the one statement's
transaction. A change to those steps changes both, in a new migration.

Revision ID: 0003_issue_ticket_function
Revises: 0002_ticket_request_id
"""
from alembic import op


revision = '0003_issue_ticket_function'
down_revision = '0002_ticket_request_id'
branch_labels = None
depends_on = None

FUNCTION = r"""
CREATE OR REPLACE FUNCTION motcua_issue_ticket(
    p_office integer, p_key text, p_priority text, p_kiosk text, p_request text, p_now timestamptz,
    p_day date, p_user_id integer, p_username text)
RETURNS TABLE (outcome text, ticket_id bigint, code text, number integer, service_id integer,
               service_code text, service_name text, prefix text, waiting bigint, waiting_priority bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    svc record;
    n integer;
    t_id bigint;
    t_code text;
BEGIN
    IF p_request IS NOT NULL AND EXISTS (
            SELECT 1 FROM tickets t WHERE t.office_id = p_office AND t.request_id = p_request) THEN
        RETURN QUERY SELECT 'prior'::text, NULL::bigint, NULL::text, NULL::integer, NULL::integer,
                            NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    SELECT s.id, s.code, s.name, s.prefix, s.number_start, s.number_end, s.active, s.closed_on INTO svc
      FROM services s WHERE s.office_id = p_office AND (s.prefix = upper(p_key) OR s.code = p_key) LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::bigint, NULL::text, NULL::integer, NULL::integer,
                            NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    IF NOT svc.active OR svc.closed_on = p_day THEN
        RETURN QUERY SELECT 'closed'::text, NULL::bigint, NULL::text, NULL::integer, svc.id,
                            svc.code::text, svc.name::text, svc.prefix::text, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    INSERT INTO ticket_sequences AS q (service_id, day, last_number) VALUES (svc.id, p_day, svc.number_start)
        ON CONFLICT (service_id, day) DO UPDATE SET last_number = q.last_number + 1
        RETURNING q.last_number INTO n;
    IF n > svc.number_end THEN  -- the whole statement rolls back: no wrap, no gap
        RAISE EXCEPTION 'range exhausted' USING ERRCODE = 'MC001', DETAIL = svc.prefix || ':' || svc.number_end;
    END IF;
    t_code := svc.prefix || lpad(n::text, greatest(3, length(svc.number_end::text)), '0');
    INSERT INTO tickets (office_id, service_id, issued_service_id, day, number, code, priority, status, issued_at,
                         queue_at, call_count, print_status, kiosk, note, request_id)
        VALUES (p_office, svc.id, svc.id, p_day, n, t_code, p_priority, 'waiting', p_now, p_now, 0, 'pending',
                p_kiosk, '', p_request)
        RETURNING id INTO t_id;
    INSERT INTO events (created_at, kind, office_id, ticket_id, payload)
        VALUES (p_now, 'ticket_issued', p_office, t_id,
                json_build_object('code', t_code, 'service_id', svc.id, 'prefix', svc.prefix, 'priority', p_priority));
    INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
        VALUES (p_now, p_user_id, p_username, 'ticket_issue', 'ticket', t_id::text,
                json_build_object('code', t_code, 'priority', p_priority));
    PERFORM pg_notify('motcua_events', '');
    RETURN QUERY SELECT 'ok'::text, t_id, t_code, n, svc.id, svc.code::text, svc.name::text, svc.prefix::text,
                        count(*), count(t.priority)
                   FROM tickets t WHERE t.status = 'waiting' AND t.service_id = svc.id AND t.day = p_day;
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS motcua_issue_ticket(integer, text, text, text, text, timestamptz, date, "
                   "integer, text)")
