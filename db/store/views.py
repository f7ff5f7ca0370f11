"""Plain, detached views the apps read: no session, no lazy loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PRIORITY_GROUPS = ("elderly", "disabled", "pregnant", "veteran", "child")


@dataclass(frozen=True)
class TicketInfo:
    """Số thứ tự as a station sees it."""

    id: int
    code: str
    number: int
    day: date
    status: str
    service_id: int
    service_code: str
    service_name: str
    prefix: str
    priority: str | None
    issued_at: datetime
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter_id: int | None = None
    counter_number: int | None = None
    target_counter_number: int | None = None
    call_count: int = 0
    print_status: str = "pending"
    ahead: int | None = None  # people waiting before this ticket (when issued / asked)
    wait_minutes: int | None = None  # estimated, from today's measured service times


@dataclass(frozen=True)
class ServiceInfo:
    """Lĩnh vực with what the kiosk shows on its tile."""

    id: int
    code: str
    name: str
    name_en: str
    prefix: str
    number_start: int
    number_end: int
    sla_minutes: int
    active: bool
    closed_today: bool
    sort_order: int
    waiting: int = 0
    counters: tuple[int, ...] = ()


@dataclass(frozen=True)
class CounterInfo:
    id: int
    number: int
    name: str
    active: bool
    service_ids: tuple[int, ...]
    clerk: str = ""  # full name of the clerk signed in
    current: TicketInfo | None = None


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class Position:
    ahead: int
    wait_minutes: int


@dataclass(frozen=True)
class ClerkFigures:
    served: int
    no_show: int
    mean_service_minutes: float | None
    ratings: dict[int, int] = field(default_factory=dict)
