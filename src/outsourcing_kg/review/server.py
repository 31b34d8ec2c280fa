"""Run the review application with uvicorn on loopback, in this thread or in a background one."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import KGError
from .app import create_app, new_token
from .session import ReviewSession

__all__ = ["ReviewServer"]


@dataclass
class ReviewServer:
    """A review session served at http://HOST:PORT/?token=TOKEN (`url`). `port` 0 takes a free port.

    `start()` serves from a background thread and returns once the server listens; `wait()` waits for it to end,
    `stop()` ends it. Raises KGError when the port is taken or the address cannot be bound.
    """

    session: ReviewSession
    host: str = "127.0.0.1"
    port: int = 0
    token: str = field(default_factory=new_token)
    _server: Any = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise KGError(f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); choose another port") from None
        self.port = sock.getsockname()[1]
        return sock

    def _prepare(self) -> socket.socket:
        import uvicorn

        sock = self._bind()
        # Bound to another address than loopback (the user's choice), the page is reached under names this process
        # cannot know; the token still guards every request.
        hosts = None if self.host in ("127.0.0.1", "::1", "localhost") else ["*"]
        app = create_app(self.session, self.token, hosts=hosts)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        return sock

    def start(self, timeout: float = 10.0) -> None:
        """Serve from a background thread; returns when the server accepts connections."""
        sock = self._prepare()
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise KGError(f"the review server did not start on {self.host}:{self.port}")
            time.sleep(0.02)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the server to end."""
        if self._thread is not None:
            self._thread.join(timeout)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
