"""call_next on PostgreSQL: one server-side function, one round trip

A call was eight round trips from the counter's process (lock the counter, end its current
ticket, pick the candidates, lock the first free one, keep the priority streak, mark it called,
COMMIT), each waiting for a server process on a busy machine. The same steps as the Python path
of db/store/calling.py now run in the server inside one statement, as `motcua_issue_ticket` does:

- the counter's row is locked, and the office's priority policy read with it;
- the counter's current ticket is ended (`motcua_finish_current`: done if serving had started,
  else the citizen never came), with its event;
- tickets whose kiosk never confirmed them are cancelled, when the caller asks for that sweep;
- the best waiting ticket is taken: the k best candidates over the waiting-ticket indexes, the
  first one nobody else is taking locked with SKIP LOCKED, k widened only if all are being taken;
- the counter's run of priority calls is kept;
- the ticket is marked called (`motcua_mark_called`), with its event, audit row and NOTIFY.

`call_ticket` (a number called out of turn) uses the same two step functions. A change to these
steps changes both paths, in a new migration.

Revision ID: 0012_call_next_function
Revises: 0011_issue_count_first
"""
from alembic import op


revision = '0012_call_next_function'
down_revision = '0011_issue_count_first'
branch_labels = None
depends_on = None

FINISH_CURRENT = r"""
CREATE OR REPLACE FUNCTION motcua_finish_current(p_office integer, p_counter integer, p_counter_number integer,
                                                 p_now timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    WITH done AS (
        UPDATE tickets t SET status = CASE WHEN t.status = 'serving' THEN 'done' ELSE 'no_show' END,
                             finished_at = CASE WHEN t.status = 'serving' THEN p_now ELSE NULL END
         WHERE t.counter_id = p_counter AND t.status IN ('called', 'serving')
        RETURNING t.id, t.code, t.service_id, t.status)
    INSERT INTO events (created_at, kind, office_id, ticket_id, counter_id, dossier_id, payload)
    SELECT p_now, CASE WHEN d.status = 'done' THEN 'ticket_finished' ELSE 'ticket_no_show' END, p_office, d.id,
           p_counter, NULL,
           json_build_object('code', d.code, 'counter_number', p_counter_number, 'service_id', d.service_id)
      FROM done d;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM pg_notify('motcua_events', '');  -- delivered once at commit, however often asked
    END IF;
    RETURN n;
END $$;
"""

MARK_CALLED = r"""
CREATE OR REPLACE FUNCTION motcua_mark_called(p_office integer, p_ticket bigint, p_code text, p_service integer,
                                              p_prefix text, p_counter integer, p_counter_number integer,
                                              p_counter_name text, p_now timestamptz, p_user_id integer,
                                              p_username text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    calls integer;
BEGIN
    UPDATE tickets SET status = 'called', counter_id = p_counter, user_id = p_user_id, called_at = p_now,
                       first_called_at = coalesce(first_called_at, p_now), target_counter_id = NULL,
                       call_count = call_count + 1
     WHERE id = p_ticket
    RETURNING call_count INTO calls;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO events (created_at, kind, office_id, ticket_id, counter_id, dossier_id, payload)
        VALUES (p_now, 'ticket_called', p_office, p_ticket, p_counter, NULL,
                json_build_object('code', p_code, 'counter_number', p_counter_number,
                                  'counter_name', coalesce(p_counter_name, ''), 'service_id', p_service,
                                  'prefix', p_prefix, 'call_count', calls));
    INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
        VALUES (p_now, p_user_id, p_username, 'ticket_called', 'ticket', p_ticket::text,
                json_build_object('code', p_code, 'counter', p_counter_number));
    PERFORM pg_notify('motcua_events', '');
    RETURN calls;
END $$;
"""

CALL_NEXT = r"""
CREATE OR REPLACE FUNCTION motcua_call_next(
    p_office integer, p_number integer, p_now timestamptz, p_day date, p_user_id integer, p_username text,
    p_sweep_before timestamptz, p_sweep_note text, p_first_candidates integer)
RETURNS TABLE (outcome text, ticket_id bigint, code text, number integer, priority text, issued_at timestamptz,
               service_id integer, service_code text, service_name text, prefix text, call_count integer,
               counter_id integer, counter_number integer, policy text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    ctr record;
    rule text;
    interleave text[];
    priority_first boolean;
    k integer := p_first_candidates;
    ids bigint[];
    candidate bigint;
    picked record;
    got boolean := false;
    calls integer;
BEGIN
    SELECT c.id, c.number, c.name, c.priority_streak,
           (SELECT s.value #>> '{}' FROM settings s WHERE s.key = 'priority_policy') AS policy INTO ctr
      FROM counters c WHERE c.office_id = p_office AND c.number = p_number
       FOR UPDATE OF c;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'no_counter'::text, NULL::bigint, NULL::text, NULL::integer, NULL::text,
                            NULL::timestamptz, NULL::integer, NULL::text, NULL::text, NULL::text, NULL::integer,
                            NULL::integer, NULL::integer, NULL::text;
        RETURN;
    END IF;
    -- the priority policy (core/queue_policy.py): "strict", or "interleave N" after N priority calls in a row
    rule := lower(btrim(coalesce(nullif(ctr.policy, ''), 'strict'), E' \t\r\n'));
    interleave := regexp_match(rule, '^interleave[\s:=]*(\d+)$');
    IF rule = 'strict' THEN
        priority_first := true;
    ELSIF interleave IS NOT NULL AND interleave[1]::numeric >= 1 THEN
        priority_first := ctr.priority_streak < interleave[1]::numeric;
    ELSE  -- nothing written: the caller says what is wrong with the policy
        RETURN QUERY SELECT 'bad_policy'::text, NULL::bigint, NULL::text, NULL::integer, NULL::text,
                            NULL::timestamptz, NULL::integer, NULL::text, NULL::text, NULL::text, NULL::integer,
                            ctr.id::integer, ctr.number::integer, ctr.policy;
        RETURN;
    END IF;

    PERFORM motcua_finish_current(p_office, ctr.id, ctr.number, p_now);

    IF p_sweep_before IS NOT NULL THEN  -- tickets whose kiosk never learned of them: cancelled by rule
        WITH gone AS (
            UPDATE tickets t SET status = 'cancelled', note = p_sweep_note
             WHERE t.status = 'waiting' AND t.day = p_day AND t.request_id IS NOT NULL AND t.confirmed_at IS NULL
               AND t.issued_at < p_sweep_before
            RETURNING t.id, t.code, t.service_id),
         noted AS (
            INSERT INTO events (created_at, kind, office_id, ticket_id, counter_id, dossier_id, payload)
            SELECT p_now, 'ticket_cancelled', p_office, g.id, NULL, NULL,
                   json_build_object('code', g.code, 'service_id', g.service_id, 'reason', p_sweep_note)
              FROM gone g)
        INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
        SELECT p_now, p_user_id, p_username, 'cancel', 'ticket', g.id::text,
               json_build_object('code', g.code, 'reason', p_sweep_note)
          FROM gone g;
        IF FOUND THEN
            PERFORM pg_notify('motcua_events', '');
        END IF;
    END IF;

    -- the k best candidates, each class of each field read in calling order from its own partial index
    -- (tickets sent to this counter first), then the first of them nobody else is taking
    LOOP
        ids := ARRAY(
            SELECT c.id FROM (
                SELECT t.id, 0 AS rank, 0 AS pos, t.queue_at FROM tickets t
                 WHERE t.status = 'waiting' AND t.day = p_day AND t.target_counter_id = ctr.id
                UNION ALL
                SELECT h.id, CASE WHEN priority_first THEN 1 ELSE 2 END, cs.position, h.queue_at
                  FROM counter_services cs CROSS JOIN LATERAL (
                    SELECT t.id, t.queue_at FROM tickets t
                     WHERE t.status = 'waiting' AND t.priority IS NOT NULL AND t.service_id = cs.service_id
                       AND t.day = p_day AND t.target_counter_id IS NULL
                       AND (t.request_id IS NULL OR t.confirmed_at IS NOT NULL)
                     ORDER BY t.queue_at, t.id LIMIT k) h
                 WHERE cs.counter_id = ctr.id
                UNION ALL
                SELECT h.id, CASE WHEN priority_first THEN 2 ELSE 1 END, cs.position, h.queue_at
                  FROM counter_services cs CROSS JOIN LATERAL (
                    SELECT t.id, t.queue_at FROM tickets t
                     WHERE t.status = 'waiting' AND t.priority IS NULL AND t.service_id = cs.service_id
                       AND t.day = p_day AND t.target_counter_id IS NULL
                       AND (t.request_id IS NULL OR t.confirmed_at IS NOT NULL)
                     ORDER BY t.queue_at, t.id LIMIT k) h
                 WHERE cs.counter_id = ctr.id
            ) c ORDER BY c.rank, c.pos, c.queue_at, c.id LIMIT k);
        EXIT WHEN cardinality(ids) = 0;
        -- the first candidate nobody else is taking, each looked up by its primary key; one called since the
        -- candidates were read is passed over unlocked ("IS NOT DISTINCT FROM": a plain "status = 'waiting'"
        -- would let the planner scan the whole partial waiting index for the one id)
        FOREACH candidate IN ARRAY ids LOOP
            SELECT t.id, t.code, t.number, t.priority, t.issued_at, t.service_id, s.code AS service_code,
                   s.name AS service_name, s.prefix INTO picked
              FROM tickets t JOIN services s ON s.id = t.service_id
             WHERE t.id = candidate AND t.status IS NOT DISTINCT FROM 'waiting'
               FOR UPDATE OF t SKIP LOCKED;
            got := FOUND;
            EXIT WHEN got;
        END LOOP;
        -- taken, or every waiting candidate is being taken by another counter (the last round saw them all)
        EXIT WHEN got OR cardinality(ids) < k;
        k := k * 4;
    END LOOP;
    IF NOT got THEN
        RETURN QUERY SELECT 'none'::text, NULL::bigint, NULL::text, NULL::integer, NULL::text,
                            NULL::timestamptz, NULL::integer, NULL::text, NULL::text, NULL::text, NULL::integer,
                            ctr.id::integer, ctr.number::integer, NULL::text;
        RETURN;
    END IF;

    IF (CASE WHEN picked.priority IS NOT NULL THEN ctr.priority_streak + 1 ELSE 0 END) <> ctr.priority_streak THEN
        UPDATE counters SET priority_streak = CASE WHEN picked.priority IS NOT NULL THEN ctr.priority_streak + 1
                                                   ELSE 0 END
         WHERE counters.id = ctr.id;
    END IF;
    calls := motcua_mark_called(p_office, picked.id, picked.code, picked.service_id, picked.prefix, ctr.id, ctr.number,
                                ctr.name, p_now, p_user_id, p_username);
    RETURN QUERY SELECT 'ok'::text, picked.id::bigint, picked.code::text, picked.number::integer,
                        picked.priority::text, picked.issued_at::timestamptz, picked.service_id::integer,
                        picked.service_code::text, picked.service_name::text, picked.prefix::text, calls,
                        ctr.id::integer, ctr.number::integer, NULL::text;
END $$;
"""

FUNCTIONS = (FINISH_CURRENT, MARK_CALLED, CALL_NEXT)
SIGNATURES = (
    "motcua_call_next(integer, integer, timestamptz, date, integer, text, timestamptz, text, integer)",
    "motcua_mark_called(integer, bigint, text, integer, text, integer, integer, text, timestamptz, integer, text)",
    "motcua_finish_current(integer, integer, integer, timestamptz)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function in FUNCTIONS:
            op.execute(function)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in SIGNATURES:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
