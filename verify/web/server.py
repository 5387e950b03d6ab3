"""Run the workbench with uvicorn: `verify serve` calls ``run_server``.

Loopback by default. Another address needs ``allow_remote=True`` and then a token for every
write; without one, a random token is made and printed once.
"""

from __future__ import annotations

import os
import secrets
import sys

from verify import config
from verify.config import Settings
from verify.errors import ConfigError
from verify.web.security import is_loopback
from verify.workers import default_workers

MIN_TOKEN = 16


def check_binding(host: str, allow_remote: bool, token: str | None) -> str | None:
    """The token to require (None on loopback), or ConfigError when the binding is unsafe."""
    if not host or not host.strip():
        raise ConfigError("No address to bind.", "Use --host 127.0.0.1 (the default).")
    if is_loopback(host):
        return token or None
    if not allow_remote:
        raise ConfigError(
            f"Refusing to serve on {host}: only loopback (127.0.0.1) is served by default.",
            "To let other machines in, add --allow-remote (writes then need a token: "
            "--token or VERIFY_TOKEN).",
        )
    if token is None or not token.strip():
        return None
    if len(token.strip()) < MIN_TOKEN:
        raise ConfigError(
            f"The token is too short ({len(token.strip())} characters).",
            f"Use at least {MIN_TOKEN} random characters, e.g. python -c "
            "'import secrets; print(secrets.token_urlsafe(24))'.",
        )
    return token.strip()


def run_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_remote: bool = False,
    token: str | None = None,
    *,
    workers: int | None = None,
    processes: int | None = None,
) -> None:
    """Serve the workbench until interrupted.

    ``processes``: check processes behind the one server process (default: see
    default_processes; 0: check in the server process, with ``workers`` threads)."""
    import uvicorn

    from verify.web.app import create_app

    if not 0 < int(port) < 65536:
        raise ConfigError(f"Bad port {port}.", "Use a port between 1 and 65535, e.g. 8000.")
    if processes is not None and processes < 0:
        raise ConfigError(f"Bad --processes {processes}.", "Use 0 or more, e.g. 2.")
    required = check_binding(host, allow_remote, token)
    remote = not is_loopback(host)
    if remote and required is None:
        required = secrets.token_urlsafe(24)
        print(
            f"verify: writes need this token (Authorization: Bearer …, or log in at /login):\n"
            f"  {required}",
            file=sys.stderr,
        )
    n = processes if processes is not None else default_processes()
    app = create_app(token=required, remote=remote, workers=workers, processes=n)
    uvicorn.run(
        app,
        host=host.strip("[]"),
        port=int(port),
        log_level="info",
        proxy_headers=False,
        server_header=False,
        timeout_keep_alive=5,
        limit_concurrency=64,
    )


def default_processes(settings: Settings | None = None) -> int:
    """VERIFY_WEB_PROCESSES, else one check process per core (at most 4: see
    verify.workers.default_workers), else none (checks in the server process): the checks
    are Python work that one process runs on one core at a time, so a second core helps
    only from a second process."""
    value = (settings or config.settings()).web_processes
    if value is not None:
        return value
    return default_workers() if (os.cpu_count() or 1) > 1 else 0


class BackgroundServer:
    """The app served by uvicorn in a thread on a free loopback port (tests, load test).

    >>> with BackgroundServer(app) as server:
    ...     httpx.get(server.url + "/api/status")
    """

    def __init__(self, app: object, host: str = "127.0.0.1", port: int = 0):
        import socket
        import threading

        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = self.sock.getsockname()[:2]
        self.url = f"http://{self.host}:{self.port}"
        config = uvicorn.Config(
            app, log_level="warning", lifespan="on", timeout_keep_alive=5, server_header=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self, timeout: float = 120.0) -> BackgroundServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(
                    "The workbench server did not start.", "See the messages above for why."
                )
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
