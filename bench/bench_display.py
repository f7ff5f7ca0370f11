"""Wall display figures: a call committed at a counter (another process) → the board repainted with it,
on SQLite (listener polls every 0.1 s) and PostgreSQL (LISTEN/NOTIFY); and the display's memory (RSS)
over many calls with a guidance video playing and the voice speaking.

    .venv/bin/python bench/bench_display.py                      # both databases, 10,000 calls for memory
    .venv/bin/python bench/bench_display.py --calls 100 --memory-calls 2000 --skip-pg

The display runs in this process (Qt offscreen, the real window, voice and video on); the clerk is a
second process that calls `call_next` and prints the wall-clock time right after each commit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 25, 9, 0, tzinfo=VN)  # a working Wednesday morning, for both processes
ROUTES = [("A", 1), ("E", 2), ("B", 3), ("G", 4), ("C", 5), ("D", 6)]  # (field, a counter that serves it)
CLERKS = {1: "lan", 2: "mai", 3: "hung", 4: "khoa", 5: "tuan", 6: "thao"}


def office_clock(t0: float):
    """09:00 on the bench day plus the real time elapsed since `t0` (the same in both processes)."""
    return lambda: START + timedelta(seconds=time.time() - t0)


# -- the clerk (a separate process) -----------------------------------------------------------------
def clerk_main(url: str, calls: int, pause: float, t0: float) -> None:
    from db import Store

    store = Store.open(url, clock=office_clock(t0), migrate=False)
    clerks = {n: store.login(u, f"{u}12345") for n, u in CLERKS.items()}
    for i in range(calls):
        prefix, counter = ROUTES[i % len(ROUTES)]
        store.queue.issue_ticket(prefix)
        ticket = clerks[counter].queue.call_next(counter)
        print(f"{ticket.code} {counter} {time.time():.6f}", flush=True)
        if pause:
            time.sleep(pause)
    print("done", flush=True)


# -- the display (this process) ------------------------------------------------------------------------
def prepare(url: str, t0: float) -> None:
    from db import Store
    from db.demo import seed_demo

    store = Store.open(url, clock=office_clock(t0), create=True)
    seed_demo(store)
    manager = store.login("quanly", "quanly123")
    for svc in store.setup.services():  # room for 10,000 calls in one day
        manager.setup.save_service(code=svc.code, name=svc.name, prefix=svc.prefix, name_en=svc.name_en,
                             number_end=9999, sla_minutes=svc.sla_minutes, sort_order=svc.sort_order)
    for n, username in CLERKS.items():
        store.login(username, f"{username}12345").queue.open_counter(n)
    store.close()


def make_clip(folder: Path) -> None:
    import cv2
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(folder / "huong-dan.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 25, (640, 360))
    for i in range(250):  # 10 s, looped
        writer.write(np.full((360, 640, 3), (i % 255, 80, 160), np.uint8))
    writer.release()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_display(url: str, calls: int, pause: float, *, memory: bool) -> dict:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from core.settings import Settings
    from db import Store
    from display.qt_display import QtDisplayWindow
    from ui.app import qt_app

    t0 = time.time()
    prepare(url, t0)
    videos = Path(tempfile.mkdtemp(prefix="motcua-bench-videos-"))
    make_clip(videos)
    settings = Settings(db_url=url)
    settings.station.video_dir = str(videos)
    app = qt_app(settings, "bench-display")
    store = Store.open(url, clock=office_clock(t0), migrate=False)
    window = QtDisplayWindow(settings, store, speak=True)
    window.resize(1920, 1080)
    window.show()

    painted: dict[str, float] = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and obj.text() not in painted:
                painted[obj.text()] = time.time()
            return False

    watch = PaintWatch()
    window.hero.code.installEventFilter(watch)
    deadline = time.time() + 20
    while not (window.ready and window.video.playing) and time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    committed: dict[str, float] = {}
    samples: list[tuple[int, float]] = [(0, rss_mb())]
    state = {"done": False, "count": 0}
    proc = subprocess.Popen([sys.executable, __file__, "--clerk", url, str(calls), str(pause), repr(t0)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def read() -> None:
        for line in proc.stdout:
            if line.startswith("done"):
                state["done"] = True
                break
            code, _counter, at = line.split()
            committed[code] = float(at)
            state["count"] += 1

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    step = max(1, calls // 10)

    def sample() -> None:
        if state["count"] >= samples[-1][0] + step:
            samples.append((state["count"], rss_mb()))

    sampler = QTimer(interval=200, timeout=sample)
    sampler.start()
    started = time.time()
    while not state["done"] or time.time() < state.get("end", float("inf")):
        app.processEvents()
        time.sleep(0.002)
        if state["done"] and "end" not in state:
            state["end"] = time.time() + 3.0  # let the last events reach the board
    sampler.stop()
    samples.append((state["count"], rss_mb()))
    elapsed = time.time() - started
    proc.wait(10)
    frames = window.video.video.frames
    spoken, dropped = window.speaker.spoken, window.speaker.queue
    window.close()
    store.close()
    latencies = [painted[c] - at for c, at in committed.items() if c in painted]
    return {"latencies": latencies, "missing": len(committed) - len(latencies), "samples": samples,
            "elapsed": elapsed, "frames": frames, "spoken": spoken, "calls": len(committed), "memory": memory,
            "queue": len(dropped)}


def report(name: str, result: dict) -> None:
    from bench.common import summary_ms

    if not result["memory"]:
        print(f"{name}: call committed -> board repainted: {summary_ms(result['latencies'])}; "
              f"{result['missing']} calls never painted alone (superseded within one frame)")
    else:
        curve = ", ".join(f"{n}: {mb:.0f} MB" for n, mb in result["samples"])
        print(f"{name}: RSS over {result['calls']} calls in {result['elapsed']:.0f} s with video playing "
              f"({result['frames']} video frames shown, {result['spoken']} calls spoken): {curve}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200, help="calls for the latency figure")
    parser.add_argument("--pause", type=float, default=0.25, help="seconds between two calls (latency run)")
    parser.add_argument("--memory-calls", type=int, default=10_000)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--clerk", nargs=4, metavar=("URL", "CALLS", "PAUSE", "T0"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clerk:
        url, calls, pause, t0 = args.clerk
        clerk_main(url, int(calls), float(pause), float(t0))
        return
    import logging

    from ui.runtime_guard import make_none_immortal

    make_none_immortal()  # as `motcua display` does (PySide6 6.12 on Python 3.11, see the module)
    logging.disable(logging.WARNING)  # the per-call "not spoken" lines of a 10,000-call burst
    from bench.common import fresh_pg, fresh_sqlite

    backends = [("SQLite", lambda tag: fresh_sqlite(f"display-{tag}"))]
    if not args.skip_pg:
        backends.append(("PostgreSQL", lambda tag: fresh_pg(f"motcua_bench_display_{tag}")))
    for name, fresh in backends:
        report(name, run_display(fresh("latency"), args.calls, args.pause, memory=False))
    if args.memory_calls:
        report("SQLite", run_display(fresh_sqlite("display-memory"), args.memory_calls, 0.0, memory=True))


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown at exit: the figures are printed
