"""A network printer on a loopback socket: the OS boundary, not a mock of our code.

It keeps every job's bytes, answers DLE EOT status requests like an Epson
(paper out, cover open, near end are settable) and can drop the connection
after N bytes, like a printer switched off mid-ticket.
"""

from __future__ import annotations

import socket
import threading
import time

DLE_EOT = b"\x10\x04"


class FakeNetworkPrinter:
    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.paper_out = False
        self.near_end = False
        self.cover_open = False
        self.close_after: int | None = None  # drop the connection after this many job bytes
        self._lock = threading.Lock()
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def status_byte(self, n: int) -> int:
        if n == 1:
            return 0x12 | (0x08 if self.cover_open or self.paper_out else 0)
        if n == 2:
            return 0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
        return 0x12 | (0x60 if self.paper_out else 0) | (0x0C if self.near_end else 0)

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        job = bytearray()
        conn.settimeout(5)
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                if self.close_after is not None and len(job) + len(chunk) >= self.close_after:
                    job += chunk[: self.close_after - len(job)]
                    conn.close()  # switched off mid-ticket: no answer to anything
                    break
                # real-time requests are sent alone, after the data: answer them
                while len(chunk) >= 3 and chunk[-3:-1] == DLE_EOT:
                    conn.sendall(bytes([self.status_byte(chunk[-1])]))
                    chunk = chunk[:-3]
                job += chunk
        except OSError:
            pass
        finally:
            conn.close()
            if job:
                with self._lock:
                    self.jobs.append(bytes(job))

    def wait_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.jobs) >= count:
                    return list(self.jobs)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} job(s), the printer got {len(self.jobs)}")

    def close(self) -> None:
        self._stop = True
        self.server.close()
        self._thread.join(2)
