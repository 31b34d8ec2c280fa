"""The local Oxigraph server (`oxigraph` binary from the PyPI package `oxigraph`), loaded with the built graph."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from ..graph.engines import store_info
from ..project import Project
from .remote import project_graphs


def oxigraph_binary() -> str:
    """The `oxigraph` server binary installed by the PyPI package `oxigraph` (next to this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed; run `pip install oxigraph` (it ships the `oxigraph` binary)")


def port_is_free(bind: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: old TIME_WAIT sockets do not count
        try:
            sock.bind((bind, port))
        except OSError:
            return False
    return True


class SparqlEndpoint:
    """The URLs of a server at `url` that speaks SPARQL 1.1 as the Oxigraph server does: query, update, Graph Store."""

    url: str

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"


@dataclass
class OxigraphServer(SparqlEndpoint):
    """A running Oxigraph server; stop() ends it and removes its temporary data folder."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path
    read_only: bool
    triples: int = 0
    graphs: list[str] = field(default_factory=list)
    _temporary: bool = True

    def wait(self) -> int:
        return self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._temporary:
            shutil.rmtree(self.location, ignore_errors=True)

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_oxigraph(
    project: Project | None = None,
    *,
    port: int = 7878,
    bind: str = "127.0.0.1",
    writable: bool = False,
    load: bool = True,
    location: str | Path | None = None,
    wait: float = 20.0,
) -> OxigraphServer:
    """Start an Oxigraph server holding the committed build (okg.trig, named graphs kept), read-only unless `writable`.

    Queries without FROM see the union of the named graphs (`--union-default-graph`), as `okg query` does locally.
    """
    project = project or Project.default()
    binary = oxigraph_binary()
    if not 0 < port < 65536:
        raise StoreError(f"port {port} is not a TCP port (1-65535)")
    if not port_is_free(bind, port):
        raise StoreError(
            f"cannot listen on {bind}:{port}: the port is in use or the address is not this machine's; pick another port or bind address"
        )
    temporary = location is None
    folder = Path(tempfile.mkdtemp(prefix="okg-oxigraph-")) if location is None else Path(location)
    trig = project.build_dir / "okg.trig"
    graphs: list[str] = []
    try:
        if load:
            graphs = project_graphs(project)
            done = subprocess.run([binary, "load", "--location", str(folder), "--file", str(trig)], capture_output=True, text=True)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                raise StoreError(f"oxigraph could not load {trig}: {last}")
        elif not folder.exists() or not any(folder.iterdir()):
            folder.mkdir(parents=True, exist_ok=True)
            # serve-read-only needs an existing database; an empty writable server creates it.
        mode = "serve" if writable else "serve-read-only"
        host = f"[{bind}]" if ":" in bind else bind
        args = [binary, mode, "--location", str(folder), "--bind", f"{host}:{port}", "--union-default-graph", "--cors"]
        log = tempfile.TemporaryFile()
        process = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        url = f"http://{'localhost' if bind in ('0.0.0.0', '::') else host}:{port}"
        server = OxigraphServer(process, url, folder, not writable, graphs=graphs, _temporary=temporary)
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                log.seek(0)
                last = (log.read().decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
                raise StoreError(f"the Oxigraph server stopped at start-up: {last}")
            try:
                with socket.create_connection(("127.0.0.1" if bind in ("0.0.0.0", "::") else bind, port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    process.kill()
                    raise StoreError(f"the Oxigraph server did not listen on {bind}:{port} within {wait:g} s") from None
                time.sleep(0.05)
    except BaseException:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if load:
        with (project.build_dir / "okg.nt").open("rb") as fh:
            server.triples = sum(1 for _ in fh)
    return server


def serve_store(
    path: Path, project: Project | None = None, *, port: int = 7878, bind: str = "127.0.0.1", writable: bool = False, wait: float = 20.0
) -> OxigraphServer:
    """Serve a completed okg Oxigraph store as it is (no loading), counting what its marker says it holds.

    Raises NoStore or IncompleteStore (one line each) for a missing path or a store whose load never finished.
    """
    info = store_info(path)
    server = start_oxigraph(project, port=port, bind=bind, writable=writable, load=False, location=path, wait=wait)
    server.triples, server.graphs = info.quads, info.graphs
    return server
