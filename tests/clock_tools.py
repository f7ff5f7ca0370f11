"""The test's clock for child processes: each one runs under libfaketime, started at a moment the test chose.

A test's own stores take `clock=` (see the `clock` fixture); a process a test starts (a kiosk
worker, the `motcua` command) reads the OS clock, so its clock is set at the OS boundary
instead. Nothing then depends on the day or hour the suite happens to run.
"""

from __future__ import annotations

import glob
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 25 Nov 2026, 09:00 office time: a working morning, no holiday near.
WORKING_MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=VN)
_STARTED = time.monotonic()  # the test clock below runs on from WORKING_MORNING at the real pace
# sitecustomize.py there mends time.sleep under Debian's libfaketime (see that file)
FAKETIME_SITE = str(Path(__file__).resolve().with_name("faketime_site"))


def _libfaketime() -> str:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1") + glob.glob("/usr/lib/faketime/libfaketime.so.1"))
    if not found:
        raise RuntimeError("libfaketime is missing: run `bash install/setup.sh --dev` (Debian package faketime)")
    return found[0]


def running_clock() -> datetime:
    """WORKING_MORNING plus the real time since the tests started: one clock for every child.

    Children started one after another then see one time running on (a ticket issued by a
    later `motcua` command is later), whatever the machine's own clock says.
    """
    return WORKING_MORNING + timedelta(seconds=time.monotonic() - _STARTED)


def env_real_clock(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) without libfaketime, for a program whose clock is not under test
    (the phone tests' browser: the server stamps every time it shows). Chromium under libfaketime spins
    its timers and loads both cores."""
    out = dict(os.environ if env is None else env)
    preload = [p for p in out.get("LD_PRELOAD", "").split(":") if p and "faketime" not in p]
    if preload:
        out["LD_PRELOAD"] = ":".join(preload)
    else:
        out.pop("LD_PRELOAD", None)
    for key in [k for k in out if k.startswith("FAKETIME")]:
        del out[key]
    return out


def env_at(at: datetime | None = None, env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) for a child whose clock starts at `at` (default: the
    running clock) and runs on.

    LD_PRELOAD rather than the `faketime` wrapper, which forks: the test's pid is then the
    child itself (it can be killed) and an outer faketime run is simply overridden.
    """
    at = running_clock() if at is None else at
    if at.tzinfo is None:
        raise ValueError("the child's start time must be an aware datetime")
    out = dict(os.environ if env is None else env)
    out.pop("FAKETIME_SHARED", None)  # an outer faketime run's shared clock: this child keeps its own
    preload = [p for p in out.get("LD_PRELOAD", "").split(":") if p and "faketime" not in p]
    path = [p for p in out.get("PYTHONPATH", "").split(os.pathsep) if p and p != FAKETIME_SITE]
    out.update(
        LD_PRELOAD=":".join([_libfaketime(), *preload]),
        FAKETIME="@" + at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f"),
        FAKETIME_DONT_FAKE_MONOTONIC="1",
        TZ="UTC",  # FAKETIME's timestamp is read in local time: make that UTC
        PYTHONPATH=os.pathsep.join([FAKETIME_SITE, *path]),
    )
    return out
