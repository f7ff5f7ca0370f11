"""SQLAlchemy 2 models: the office's queue, catalog, dossiers and audit trail.

Schema changes go through Alembic (db/migrations); never `create_all` in
production code.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.status import DossierStatus, TicketStatus


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware one")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: INTEGER PRIMARY KEY = rowid


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Office(Base):
    """Bộ phận một cửa: one office per database today; the id keeps the door open."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40))  # mã cơ quan, e.g. 000.00.20.H10
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    # {"0": [["07:30","11:30"],["13:30","17:00"]], …} keyed by weekday, Monday = 0
    opening_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    header: Mapped[str] = mapped_column(String(300), default="")
    kiosk_footer: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")


class Service(Base):
    """Lĩnh vực: a field of procedures with its own ticket prefix and queue."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "prefix"), UniqueConstraint("office_id", "code"))
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(2))
    number_start: Mapped[int] = mapped_column(default=1)
    number_end: Mapped[int] = mapped_column(default=999)
    sla_minutes: Mapped[int] = mapped_column(default=15)  # service-level target: wait ≤ this
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_on: Mapped[date | None] = mapped_column(Date)  # closed for that business day
    sort_order: Mapped[int] = mapped_column(default=0)


class Counter(Base):
    """Quầy: a desk with the services it serves, in order of preference."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("office_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    priority_streak: Mapped[int] = mapped_column(default=0)  # for the interleave policy
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # clerk signed in
    services: Mapped[list[CounterService]] = relationship(
        order_by="CounterService.position", cascade="all, delete-orphan"
    )


class CounterService(Base):
    __tablename__ = "counter_services"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class User(Base):
    """A clerk (cán bộ), manager or admin. Deactivated, never deleted."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # clerk | manager | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketSequence(Base):
    """The last number given per service and business day (row-locked when issuing)."""

    __tablename__ = "ticket_sequences"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column()


class WaitingTally(Base):
    """How many tickets wait in a field on a day, kept by triggers on `tickets` (migration 0013): the
    sum of a field's and day's rows (one per PostgreSQL server process mod 16; one on SQLite). Past days'
    rows stay, zero once their tickets expired: a few small rows per field a day, and never deleted, so a
    ticket committed across midnight can never leave them apart from the tickets."""

    __tablename__ = "waiting_tally"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    waiting: Mapped[int] = mapped_column()
    waiting_priority: Mapped[int] = mapped_column()


class Ticket(Base):
    """Số thứ tự: one numbered ticket, kept forever (reports read them)."""

    __tablename__ = "tickets"
    __table_args__ = (
        # numbers are unique per issuing field; `service_id` is the queue it waits in now
        UniqueConstraint("office_id", "issued_service_id", "day", "number"),
        # a queue's head in calling order (queue_at, then id) straight from the index, however many wait, and
        # its length counted from the index alone (SQLite)
        Index(
            "ix_tickets_waiting",
            "service_id",
            "day",
            "queue_at",
            "id",
            postgresql_where=text("status = 'waiting'"),
            sqlite_where=text("status = 'waiting'"),
        ),
        Index(
            "ix_tickets_waiting_priority",
            "service_id",
            "day",
            "queue_at",
            "id",
            postgresql_where=text("status = 'waiting' AND priority IS NOT NULL"),
            sqlite_where=text("status = 'waiting' AND priority IS NOT NULL"),
        ),
        Index(
            "ix_tickets_target",
            "target_counter_id",
            "queue_at",
            postgresql_where=text("status = 'waiting' AND target_counter_id IS NOT NULL"),
            sqlite_where=text("status = 'waiting' AND target_counter_id IS NOT NULL"),
        ),
        Index("ix_tickets_day", "day", "service_id"),
        # only tickets a counter took (migration 0014): a new ticket writes no entry here
        Index("ix_tickets_counter_status", "counter_id", "status", postgresql_where=text("counter_id IS NOT NULL"),
              sqlite_where=text("counter_id IS NOT NULL")),
        # a kiosk's request id: its retry finds the ticket it may not have heard about
        Index("ix_tickets_request", "office_id", "request_id", unique=True,
              postgresql_where=text("request_id IS NOT NULL"), sqlite_where=text("request_id IS NOT NULL")),
        # the phone page's link: the SHA-256 of a random token, never the token itself
        Index("ix_tickets_phone_token", "phone_token_hash", unique=True,
              postgresql_where=text("phone_token_hash IS NOT NULL"),
              sqlite_where=text("phone_token_hash IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))  # the queue it is in (changes on transfer)
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))  # the field that gave the number
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(8))
    priority: Mapped[str | None] = mapped_column(String(24))  # elderly, disabled, pregnant, veteran, child
    status: Mapped[str] = mapped_column(String(12), default=TicketStatus.waiting.value)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    queue_at: Mapped[datetime] = mapped_column(UTCDateTime)  # FIFO key; kept on transfer
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    from_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    call_count: Mapped[int] = mapped_column(default=0)
    print_status: Mapped[str] = mapped_column(String(12), default="pending")  # pending|printed|failed
    kiosk: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    # set by a kiosk: until the kiosk confirms it showed or printed the number
    # (confirmed_at), the ticket is not called, and it is cancelled if it never does
    request_id: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phone_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    # how the number was taken: kiosk, online (lấy số từ xa, "trực tuyến"), appointment (hẹn, checked in)
    channel: Mapped[str] = mapped_column(String(12), default="kiosk", server_default="kiosk")


# Written as a literal so that SQLite's planner and PostgreSQL's prepared (generic) plans can use
# the partial indexes on waiting tickets; a bound parameter would make them scan history.
TICKET_WAITING = Ticket.__table__.c.status == literal_column("'waiting'")
# A ticket a counter may call: issued without a request id, or confirmed by its kiosk
TICKET_KNOWN = Ticket.__table__.c.request_id.is_(None) | Ticket.__table__.c.confirmed_at.is_not(None)


class Event(Base):
    """Append-only: every station reads `WHERE id > last_seen`."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    office_id: Mapped[int | None] = mapped_column()
    ticket_id: Mapped[int | None] = mapped_column(BigId)
    counter_id: Mapped[int | None] = mapped_column()
    dossier_id: Mapped[int | None] = mapped_column(BigId)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Procedure(Base):
    """Thủ tục hành chính (TTHC) from the catalog, e.g. code 1.000948.H38."""

    __tablename__ = "procedures"
    __table_args__ = (UniqueConstraint("office_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(500))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    processing_days: Mapped[float] = mapped_column(Float, default=0)  # working days, half allowed
    fee: Mapped[str] = mapped_column(String(300), default="")
    # [{"name": str, "form": "original"|"copy"|"original_or_copy", "quantity": int}]
    documents: Mapped[list[Any]] = mapped_column(default=list)
    online_level: Mapped[str] = mapped_column(String(40), default="")  # "Toàn trình", "Một phần"…
    where_to_submit: Mapped[str] = mapped_column(String(300), default="")
    agency: Mapped[str] = mapped_column(String(300), default="")  # cơ quan giải quyết
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # name+code without diacritics
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CatalogImport(Base):
    """A catalog import written in short batches (each holds SQLite's write lock for milliseconds, never the
    whole file). Its undo rows put the catalog back if it stops half-way: an error, Cancel, a full disk, or a
    process killed (an import untouched for a while is undone by the next one)."""

    __tablename__ = "catalog_imports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    touched_at: Mapped[datetime] = mapped_column(UTCDateTime)  # at each batch
    username: Mapped[str] = mapped_column(String(64), default="")
    file: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default="applying")  # applying | done | undone
    rows: Mapped[int] = mapped_column(default=0)


class CatalogImportUndo(Base):
    """What one procedure was before an unfinished import wrote it (`before` None: the import added it) and
    what the import made it."""

    __tablename__ = "catalog_import_undo"
    __table_args__ = (Index("ix_catalog_import_undo_import", "import_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    import_id: Mapped[int] = mapped_column(BigId, ForeignKey("catalog_imports.id"))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any]] = mapped_column()  # an undo leaves alone a row edited since


class DossierSequence(Base):
    __tablename__ = "dossier_sequences"
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column()


class Dossier(Base):
    """Hồ sơ TTHC received at a counter, with its appointment (hẹn trả) date."""

    __tablename__ = "dossiers"
    __table_args__ = (
        UniqueConstraint("office_id", "day", "seq"),
        Index("ix_dossiers_status_due", "status", "due_at"),
        Index("ix_dossiers_received", "received_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column()
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str] = mapped_column(String(20), default="")  # CCCD
    applicant_birth_date: Mapped[date | None] = mapped_column(Date, default=None)  # from the căn cước QR
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    channel_in: Mapped[str] = mapped_column(String(12), default="direct")  # direct|postal|online
    channel_out: Mapped[str] = mapped_column(String(12), default="direct")  # direct|postal
    documents: Mapped[list[Any]] = mapped_column(default=list)  # ticked: name, form, quantity
    status: Mapped[str] = mapped_column(String(24), default=DossierStatus.received.value)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    handled_by_agency: Mapped[str] = mapped_column(String(300), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_to: Mapped[str] = mapped_column(String(200), default="")
    return_channel: Mapped[str] = mapped_column(String(12), default="")
    tracking_number: Mapped[str] = mapped_column(String(64), default="")
    apology_count: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    # mã tra cứu printed on the receipt: the kiosk's second factor (core.codes.new_check_code)
    check_code: Mapped[str] = mapped_column(String(8), default="", server_default="")


class DossierHistory(Base):
    """Each step of a dossier: received, handed over, resolved, returned…"""

    __tablename__ = "dossier_history"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agency: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CalendarOverride(Base):
    """The office's own days: an extra day off, or a Saturday worked in exchange."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("office_id", "day", "session"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # off | work
    session: Mapped[str | None] = mapped_column(String(2))  # None = whole day, am | pm
    note: Mapped[str] = mapped_column(String(300), default="")


class Rating(Base):
    """A citizen's answer to "how satisfied are you" for one ticket."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column()  # 3 rất hài lòng, 2 hài lòng, 1 không hài lòng
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_at", "at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column()
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Setting(Base):
    """Office-wide settings and per-station device settings (key `station:<name>`)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Notice(Base):
    """A ticker message on the wall display, shown between two dates."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    text: Mapped[str] = mapped_column(String(500))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class MediaItem(Base):
    """A guidance video in the display's playlist."""

    __tablename__ = "media_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    path: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Station(Base):
    """A PC enrolled with the office server (`motcua station join`): it holds a token, never the database."""

    __tablename__ = "stations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # kiosk, counter, display, admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # its last request, to the minute


class JoinCode(Base):
    """A single-use, expiring code a manager gives one station to enrol; only its hash is kept."""

    __tablename__ = "join_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))


class StationSession(Base):
    """A user signed in at a station: the server acts for this user on this station until it ends."""

    __tablename__ = "station_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketHolder(Base):
    """Who took a number from a phone (lấy số từ xa): for the per-person limit; phone and ID number
    are erased after the manager's retention period."""

    __tablename__ = "ticket_holders"
    __table_args__ = (Index("ix_ticket_holders_day_person", "day", "id_number"),)
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(20), default="")


class Appointment(Base):
    """Lịch hẹn: a citizen's booking of a field's session (sáng/chiều) on a day; its code is kept only
    as a hash. Phone and ID number are erased after the manager's retention period."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_slot", "office_id", "day", "service_id", "session"),
        Index("ix_appointments_day_person", "day", "id_number"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(10))  # morning | afternoon
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(12), default="booked")  # booked|cancelled|checked_in|no_show
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"))
