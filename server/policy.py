"""Which operations each kind of station may ask for, before and after a user signs in.

An operation is named as the apps call it: a service's method (`queue.issue_ticket`,
`setup.users`), or one of the store's own few (`office`, `login`, `logout`). The lists below hold
the methods' names; each belongs to exactly one service (db.store.SERVICES), and only that
service's name with it is accepted. The store still checks the acting user's role inside each
operation; these lists are the server's own wall in front of it, so a kiosk credential never
reaches a clerk's or a manager's operation, whatever the store checks.
"""

from __future__ import annotations

import inspect

from db.store import SERVICES
from db.store.base import MANAGERS, STAFF

# what any enrolled station may read: the office, its fields and procedures, its calendar
PUBLIC = frozenset({
    "office", "services", "procedures", "procedure", "opening_status", "calendar", "calendar_overrides",
    "office_time", "is_working_time", "station_settings", "waiting_counts",
    "setting",  # office-wide settings (printer folder, policies); the PIN hash and sign-in locks never leave
})
KIOSK = PUBLIC | {
    "issue_ticket", "confirm_ticket", "mark_printed", "reprint", "ticket", "position", "report_printer_status",
    "check_writable", "verify_kiosk_pin", "dossier", "counters",
    "check_in_appointment", "appointment", "phone_token", "ticket_by_token",  # "Tôi đã đặt lịch", the ticket's QR
}
DISPLAY = PUBLIC | {"display_board", "recent_calls", "notices", "media_playlist", "media_items", "counters"}
SIGN_IN = frozenset({"office", "login"})
CLERK = PUBLIC | {
    "logout", "call_next", "call_ticket", "desk", "leave_counter", "dossier_view", "receive_incomplete",
    "clerk_figures", "record_rating", "preview_due_date", "receive_dossier", "refuse_dossier", "request_supplement",
    "record_supplement", "hand_over", "mark_resolved", "return_result", "issue_apology", "dossier", "due_soon",
    "overdue", "recall", "start_serving", "finish", "mark_no_show", "park", "resume", "reactivate", "transfer",
    "cancel", "ticket", "position", "waiting", "tickets_today", "current_ticket", "counters", "open_counter",
    "close_counter", "setting", "display_board", "recent_calls", "notices", "printer_statuses", "ticket_by_token",
    "check_writable",  # the counter's write probe while a write failure lasts
}
MANAGER = CLERK | {
    "save_procedure", "add_calendar_override", "remove_calendar_override", "all_notices", "update_notice",
    "remove_notice", "media_items", "set_media_order", "move_media", "update_media", "remove_media",
    "save_station_settings", "remove_station_settings", "stations", "add_notice", "add_media", "set_kiosk_pin",
    "update_user", "reset_password", "update_office", "set_priority_policy", "priority_policy", "audit_log",
    "audit_actions", "monthly_report", "setup_office", "set_setting", "save_service", "close_service_today",
    "save_counter", "add_user", "users", "user_for", "queue_report", "dossier_report", "dossier_ledger",
    "satisfaction_report", "preview_official_calendar", "import_official_calendar",
    "field_booking", "set_field_booking", "appointment_rules", "set_appointment_rules", "appointment_figures",
    "create_join_code", "stations_enrolled", "revoke_station",  # the admin app's "Máy trạm tham gia" page
    "undo_unfinished_imports",  # a catalog import a killed admin app left half-written
}
STORE_OWN = frozenset({"office", "login", "logout"})  # the Store's own methods (no service) a station may ask
# catalog files are paths on the PC that reads or writes them: through the server they would name the
# server's own files, so they are not served (an admin PC of an office server cannot import or export yet)
# a citizen's own operations (remote numbers, bookings) are the phone pages', which the server serves
# itself with their own limits: no station asks for them; `add_ticket` joins a caller's transaction and
# the retention rule runs in the store on day change
PHONE_PAGES = frozenset({"issue_remote_ticket", "book_appointment", "cancel_appointment", "appointment_slots",
                         "rate_by_token", "rated_by_token", "field_waits", "queue_places"})
NEVER = PHONE_PAGES | {
    "preview_catalog", "import_catalog", "export_catalog", "acting_as", "as_user", "as_system", "with_clock", "open",
    "close", "together", "check_file", "refresh_office", "now", "local_now", "business_day", "add_ticket",
    "forget_old_personal_data",
}

BEFORE_SIGN_IN = {"kiosk": KIOSK, "display": DISPLAY, "counter": SIGN_IN, "admin": SIGN_IN}
"""Station kind → what it may ask with no user signed in."""


def signed_in(kind: str, role: str) -> frozenset[str]:
    """What a station of `kind` may ask for while a user of `role` is signed in."""
    if kind == "counter" and role in STAFF:
        return CLERK
    if kind == "admin" and role in MANAGERS:
        return MANAGER
    if kind == "admin" and role in STAFF:
        return CLERK
    return frozenset()


def _service_of() -> dict[str, str]:
    """Method name → the one service it belongs to."""
    out: dict[str, str] = {}
    for service, cls in SERVICES.items():
        for name, value in inspect.getmembers(cls):
            if not name.startswith("_") and callable(value):
                out.setdefault(name, service)
    return out


SERVICE_OF = _service_of()


def full_name(name: str) -> str:
    """`issue_ticket` → `queue.issue_ticket`; the store's own (`office`, `login`) stay as they are."""
    return f"{SERVICE_OF[name]}.{name}" if name in SERVICE_OF else name


def method_of(name: str) -> str | None:
    """The method a request names (`queue.issue_ticket` → `issue_ticket`), or None when the name is not
    one: a method under another service's name, a walk into the store's insides, a private name."""
    if name in STORE_OWN:
        return name
    service, dot, method = name.partition(".")
    if not dot or method.startswith("_") or method in NEVER or SERVICE_OF.get(method) != service:
        return None
    return method


def allowed(name: str, kind: str, role: str | None) -> bool:
    """May a station of `kind` (a user of `role` signed in, or None) run operation `name`?"""
    method = method_of(name)
    if method is None:
        return False
    ops = BEFORE_SIGN_IN.get(kind, frozenset()) if role is None else signed_in(kind, role)
    return method in ops
