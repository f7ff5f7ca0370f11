"""A network printer on a loopback socket: the OS boundary, not a mock of our code.

It keeps every job's bytes, answers DLE EOT status requests like an Epson
(paper out, cover open, near end are settable), can run out of paper after
N bytes, and can drop the connection after N bytes, like a printer switched
off mid-ticket.
"""

from __future__ import annotations

import socket
import threading

DLE_EOT = b"\x10\x04"


class FakeNetworkPrinter:
    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.paper_out = False
        self.near_end = False
        self.cover_open = False
        self.answers = True  # False: a printer that never replies to DLE EOT
        self.paper_out_after: int | None = None  # the roll ends after this many job bytes
        self.close_after: int | None = None  # drop the connection after this many job bytes
        self._changed = threading.Condition()
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
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:  # closed by close()
                return
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
                    break  # switched off mid-ticket: no answer to anything
                # a real-time request is the last thing the client sent before it waits
                asks = []
                while len(chunk) >= 3 and chunk[-3:-1] == DLE_EOT:
                    asks.insert(0, chunk[-1])
                    chunk = chunk[:-3]
                job += chunk
                if self.paper_out_after is not None and len(job) >= self.paper_out_after:
                    self.paper_out = True  # the data before the request has been printed
                if self.answers and asks:
                    conn.sendall(bytes(self.status_byte(n) for n in asks))
        except OSError:
            pass
        finally:
            conn.close()
            with self._changed:
                if job:
                    self.jobs.append(bytes(job))
                self._changed.notify_all()

    def wait_jobs(self, count: int, timeout: float = 30.0) -> list[bytes]:
        """The jobs received, once there are `count` of them (or fail at the deadline)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.jobs) >= count, timeout):
                raise AssertionError(f"expected {count} job(s), the printer got {len(self.jobs)}")
            return list(self.jobs)

    def close(self) -> None:
        self._stop = True
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.server.close()
        self._thread.join(2)
