"""Real SPARQL stores on loopback for the tests: Oxigraph (PyPI `oxigraph`) behind a Basic-auth proxy, and Virtuoso
Open Source (Debian `virtuoso-opensource`) with Digest auth. Each runs in its own temporary folder on free ports.

Under CI=true a store that cannot be started fails the test; elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer as _ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from outsourcing_kg.outputs.server import OxigraphServer, start_oxigraph

USER, PASSWORD = "okg-test", "s3cret-Passw0rd"


class QuietHTTPServer(_ThreadingHTTPServer):
    """A loopback test server that keeps request errors (a client that hung up on purpose) off stderr:
    printed from a server thread, they landed in another test's captured CLI output (seen in CI)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def missing(reason: str) -> None:
    """A server the tests need is not there: a failure in CI, a skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: stores are required)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.1)


@dataclass
class Store:
    """A running store, as the library sees it: its URLs and the credentials it wants (in env form)."""

    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    env: dict[str, str] = field(default_factory=dict)

    def wrong_env(self) -> dict[str, str]:
        return {"OKG_STORE_USER": USER, "OKG_STORE_PASSWORD": "not-the-password"}


# ----------------------------------------------------------------------------------------------------------------
# Oxigraph (and a Basic-auth reverse proxy, since the Oxigraph server has no authentication of its own)
# ----------------------------------------------------------------------------------------------------------------


class OxigraphProcess:
    """An Oxigraph server on a fixed folder and port, which a test can kill and start again."""

    def __init__(self, folder: Path, project: Any) -> None:
        self.folder, self.project, self.port = folder, project, free_port()
        self.server: OxigraphServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = start_oxigraph(self.project, port=self.port, writable=True, load=False, location=self.folder)

    def kill(self) -> None:
        assert self.server is not None
        self.server.process.send_signal(signal.SIGKILL)
        self.server.process.wait()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def store(self) -> Store:
        return Store("oxigraph", f"{self.url}/query", f"{self.url}/update", f"{self.url}/store")


class BasicAuthProxy:
    """Checks `Authorization: Basic` and forwards everything else to an upstream server, as nginx would."""

    def __init__(self, upstream_port: int) -> None:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="okg-test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept", "content-length")}
                try:
                    upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                except OSError:
                    self.send_response(502)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(answer.status)
                if answer.getheader("Content-Type"):
                    self.send_header("Content-Type", answer.getheader("Content-Type", ""))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self.httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def oxigraph_available() -> None:
    from outsourcing_kg.outputs.server import oxigraph_binary

    try:
        oxigraph_binary()
    except Exception as exc:
        missing(f"the Oxigraph server is not installed ({exc})")


# ----------------------------------------------------------------------------------------------------------------
# Virtuoso Open Source
# ----------------------------------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 8
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/vsp
MaxClientConnections = 8
ServerThreads = 8
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""

#: Run once at first start, as dba: a user for the tests, allowed to update through SPARQL and the Graph Store.
VIRTUOSO_SETUP = f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\";"


class VirtuosoProcess:
    """virtuoso-t in the foreground with its own virtuoso.ini in a temporary folder, bound to 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.http_port, self.sql_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in = 0.0
        (folder / "vsp").mkdir(parents=True, exist_ok=True)
        (folder / "virtuoso.ini").write_text(
            VIRTUOSO_INI.format(folder=folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8"
        )
        self._set_up = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> None:
        begin = time.monotonic()
        log = (self.folder / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            ["virtuoso-t", "-f", "-c", str(self.folder / "virtuoso.ini")], cwd=self.folder, stdout=log, stderr=log, stdin=subprocess.DEVNULL
        )
        query = urllib.parse.urlencode({"query": "ASK {}"})
        try:
            wait_for_http(f"{self.url}/sparql?{query}", 120, self.process)
        except RuntimeError as exc:
            tail = (
                (self.folder / "virtuoso.log").read_text(errors="replace").splitlines()[-5:]
                if (self.folder / "virtuoso.log").exists()
                else []
            )
            raise RuntimeError(f"Virtuoso did not start: {exc}; log: {' | '.join(tail)}") from None
        if not self._set_up:
            done = subprocess.run(
                ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={VIRTUOSO_SETUP}"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            if done.returncode != 0 or "Error" in done.stdout + done.stderr:
                raise RuntimeError(f"isql-vt set-up failed: {done.stdout} {done.stderr}")
            self._set_up = True
        self.started_in = time.monotonic() - begin

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def store(self) -> Store:
        return Store(
            "virtuoso",
            f"{self.url}/sparql",
            f"{self.url}/sparql-auth",
            f"{self.url}/sparql-graph-crud-auth",
            {"OKG_STORE_USER": USER, "OKG_STORE_PASSWORD": PASSWORD},
        )


def virtuoso_available() -> None:
    for binary in ("virtuoso-t", "isql-vt"):
        if shutil.which(binary) is None:
            missing(f"Virtuoso is not installed ({binary} not on PATH; Debian package virtuoso-opensource, see .ci/run)")
