"""A TCP proxy on 127.0.0.1 that can cut the line, for the fault runs of bench/load.py.

Why: issue 15 asks what people see while PostgreSQL or Redis is unreachable for a while, and
whether the service comes back by itself. Stopping the shared database server would stop every
other user of this machine, so the app server is pointed at this proxy instead, and the proxy
plays the network: `cut()` closes every open connection at once (as a failed switch or a
restarted server would) and refuses new ones until `restore()`.

Standard library only: one thread accepts, two threads per connection copy bytes each way.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class FaultProxy:
    """Forwards 127.0.0.1:<port> to the target; `cut()` and `restore()` break and mend it."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(256)
        self.port: int = self.listener.getsockname()[1]
        self._cut = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.refused = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def is_cut(self) -> bool:
        return self._cut.is_set()

    def cut(self) -> None:
        """Drop every connection now and refuse new ones until restore()."""
        self._cut.set()
        with self._lock:
            open_sockets, self._open = self._open, set()
        for sock in open_sockets:
            _close(sock)

    def restore(self) -> None:
        self._cut.clear()

    def close(self) -> None:
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._cut.is_set():
                self.refused += 1
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
