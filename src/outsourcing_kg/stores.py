"""Linked-data stores: export the graph in every RDF format, push it to a SPARQL 1.1 store, query a remote store,
and serve the graph locally with a real Oxigraph server.

- `export`: one writer per format in `EXPORT_FORMATS` (add a format with one dict entry); formats without named
  graphs get the union and a warning; the write is atomic.
- `push`: each named graph goes to a staging graph with a Graph Store Protocol PUT, then into place with one SPARQL
  `MOVE` per graph. A PUT is not atomic on every store (measured on Virtuoso 7.2: a server killed while loading a PUT
  body left the graph empty, and a syntax error half-way left the lines before it), while `MOVE` ran as one transaction
  on both Oxigraph and Virtuoso. So a failed push leaves each graph whole, old or new, and the report names which.
- `run_remote` / `run_named_remote`: the SPARQL protocol, answers turned into the same `queries.Result` as local runs,
  over the union of the project's named graphs (`default-graph-uri` for each), in canonical term form.
- `start_oxigraph`: the `oxigraph` server binary (PyPI package `oxigraph`), loaded with the built graph.

This module imports only the standard library at load time (rdflib and httpx inside functions), so the CLI can list
the export formats without slowing `okg --help`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from .errors import PushFailed, StoreError

if TYPE_CHECKING:
    import httpx
    from rdflib import Dataset, Graph

    from .api import KnowledgeGraph
    from .ontology import Project
    from .queries import Result

USER_ENV = "OKG_STORE_USER"
PASSWORD_ENV = "OKG_STORE_PASSWORD"
STAGING_PREFIX = "urn:okg:staging:"

# ----------------------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------------------

Writer = Callable[["Dataset", "Project", IO[bytes]], None]


@dataclass(frozen=True)
class ExportFormat:
    """One `okg export --format` value: its media type, file extensions, whether it keeps graph names, its writer."""

    name: str
    label: str
    media_type: str
    extensions: tuple[str, ...]
    named_graphs: bool
    write: Writer
    network: bool = False  # a network of entities (graphml, gexf), not RDF: graph names are attributes there

    @property
    def extension(self) -> str:
        return self.extensions[0]


def _write_turtle(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    from .build import union_graph

    out.write(union_graph(ds).serialize(format="turtle").encode("utf-8"))


def _write_ntriples(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    from .build import canonical_nt

    out.write(canonical_nt(ds).encode("utf-8"))


def _write_nquads(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    for iri, graph in named_graphs(ds):
        for line in ntriples_lines(graph):
            # An N-Triples line ends with " ."; the graph name goes before it.
            out.write(f"{line[:-2]} <{iri}> .\n".encode())


def _write_trig(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    from .build import deterministic_trig

    out.write(deterministic_trig(ds).encode("utf-8"))


def _write_jsonld(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    from .build import deterministic_jsonld

    out.write(deterministic_jsonld(ds, project).encode("utf-8"))


def _write_rdfxml(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    from .build import union_graph

    out.write(union_graph(ds).serialize(format="pretty-xml").encode("utf-8"))


def _network_writer(fmt: str) -> Writer:
    """GraphML/GEXF of the networkx projection (views.py), for Gephi and Cytoscape."""

    def write(ds: Dataset, project: Project, out: IO[bytes]) -> None:
        from .api import KnowledgeGraph
        from .views import export_network

        ds.default_union = True
        out.write(export_network(KnowledgeGraph(ds, project), fmt))

    return write


#: Every `okg export --format`; another format is one more entry (a writer taking a Dataset, the Project, a binary file).
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "ttl": ExportFormat("ttl", "Turtle", "text/turtle", (".ttl",), False, _write_turtle),
    "nt": ExportFormat("nt", "N-Triples", "application/n-triples", (".nt",), False, _write_ntriples),
    "nq": ExportFormat("nq", "N-Quads", "application/n-quads", (".nq",), True, _write_nquads),
    "trig": ExportFormat("trig", "TriG", "application/trig", (".trig",), True, _write_trig),
    "jsonld": ExportFormat("jsonld", "JSON-LD", "application/ld+json", (".jsonld", ".json"), True, _write_jsonld),
    "xml": ExportFormat("xml", "RDF/XML", "application/rdf+xml", (".rdf", ".xml", ".owl"), False, _write_rdfxml),
    "graphml": ExportFormat("graphml", "GraphML", "application/graphml+xml", (".graphml",), False, _network_writer("graphml"), True),
    "gexf": ExportFormat("gexf", "GEXF", "application/gexf+xml", (".gexf",), False, _network_writer("gexf"), True),
}
DEFAULT_EXPORT_FORMAT = "trig"


def get_format(name: str) -> ExportFormat:
    """The export format called `name`; an unknown name lists the valid ones."""
    key = name.strip().lower()
    if key not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {name!r}; valid formats: {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[key]


def format_for_path(path: str | Path) -> ExportFormat | None:
    suffix = Path(path).suffix.lower()
    return next((f for f in EXPORT_FORMATS.values() if suffix in f.extensions), None)


def named_graphs(ds: Dataset) -> list[tuple[str, Graph]]:
    """The non-empty IRI-named graphs of a dataset, in IRI order."""
    from rdflib import URIRef

    graphs = [(str(g.identifier), g) for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)]
    return sorted(graphs, key=lambda item: item[0])


def ntriples_lines(graph: Graph) -> list[str]:
    """A graph as sorted, de-duplicated N-Triples lines (rdflib escapes newlines inside literals)."""
    return sorted({line for line in graph.serialize(format="nt").splitlines() if line.strip()})


def select_graphs(ds: Dataset, project: Project, name: str | None = None) -> Dataset:
    """A fresh Dataset holding every named graph of `ds`, or only the one called `name` (short name or IRI)."""
    from rdflib import Dataset, URIRef

    from .ontology import PREFIXES

    every = named_graphs(ds)
    kept = set(pick_graphs([iri for iri, _ in every], name, project))
    graphs = [(iri, g) for iri, g in every if iri in kept]
    out = Dataset()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, replace=True)
    out.bind("id", project.base + "id/", replace=True)
    from rdflib import Literal
    from rdflib.namespace import XSD

    for iri, graph in graphs:
        target = out.graph(URIRef(iri))
        for s, p, o in graph:
            # RDF 1.1: a plain literal is an xsd:string; oxrdflib returns them typed, rdflib tells them apart.
            if isinstance(o, Literal) and o.datatype == XSD.string:
                o = Literal(str(o))
            target.add((s, p, o))
    return out


def pick_graphs(iris: list[str], name: str | None, project: Project) -> list[str]:
    """All the graph IRIs, or only the one called `name` (short name or IRI); an unknown name lists the graphs."""
    if name is None:
        return iris
    picked = [iri for iri in iris if iri in (name, project.graph_iri(name))]
    if not picked:
        names = ", ".join(short_graph_name(iri, project) for iri in iris)
        raise StoreError(f"no named graph {name!r}; the graphs are: {names}")
    return picked


def _union_warning(chosen: ExportFormat, graphs: int) -> list[str]:
    """The warning for a format without named graphs given several of them."""
    if chosen.named_graphs or chosen.network or graphs <= 1:
        return []
    keep = ", ".join(f.name for f in EXPORT_FORMATS.values() if f.named_graphs)
    return [
        f"{chosen.label} has no named graphs: wrote the union of {graphs} graphs and dropped their names "
        f"(to keep them use --format {keep}; for one graph use --graph NAME)"
    ]


def short_graph_name(iri: str, project: Project) -> str:
    prefix = project.graph_iri("")
    return iri[len(prefix) :] if iri.startswith(prefix) else iri


@dataclass
class ExportResult:
    format: ExportFormat
    path: Path | None
    graphs: list[str]
    triples: int
    warnings: list[str] = field(default_factory=list)


def export(
    source: KnowledgeGraph | Dataset | None = None,
    fmt: str | None = None,
    output: str | Path | IO[bytes] | None = None,
    *,
    graph: str | None = None,
    project: Project | None = None,
) -> ExportResult:
    """Write the graph (default: the committed build) as `fmt` (default: from the output's extension, else TriG) to a
    path (atomically), or to a binary file object. Formats without named graphs get the union, with a warning."""
    from .ontology import Project

    project = project or Project.default()
    path = Path(output) if isinstance(output, (str, Path)) else None
    if fmt is not None:
        chosen = get_format(fmt)
    else:
        guessed = format_for_path(path) if path is not None else None
        chosen = guessed or EXPORT_FORMATS[DEFAULT_EXPORT_FORMAT]
    ox_store = _oxigraph_store_of(source)
    if ox_store is not None and not chosen.network and len(ox_store) > STREAM_ABOVE:
        return _export_oxigraph(ox_store, chosen, output, path, graph, project)
    ds = _dataset_of(source, project)
    selected = select_graphs(ds, project, graph)
    graphs = [iri for iri, _ in named_graphs(selected)]
    triples = len({t for _, g in named_graphs(selected) for t in g})
    warnings = _union_warning(chosen, len(graphs))
    if path is None:
        assert output is not None and not isinstance(output, (str, Path)), "give a path or a binary file object"
        chosen.write(selected, project, output)
        return ExportResult(chosen, None, graphs, triples, warnings)
    _write_file_atomic(path, lambda fh: chosen.write(selected, project, fh))
    return ExportResult(chosen, path, graphs, triples, warnings)


def _oxigraph_store_of(source: Any) -> Any:
    """The pyoxigraph Store behind a KnowledgeGraph on an Oxigraph store, else None."""
    from .backends import OxigraphEngine

    engine = getattr(source, "engine", None)
    return engine.store if isinstance(engine, OxigraphEngine) else None


#: Above this many quads, an Oxigraph store is exported by streaming (store order, flat memory) rather than through the
#: deterministic serialisers of the build (sorted, byte-identical to graph/build/, but built in memory: about 1.5 KB per
#: triple with rdflib).
STREAM_ABOVE = 250_000

_OXIGRAPH_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "xml": "RDF_XML"}


def _export_oxigraph(store: Any, chosen: ExportFormat, output: Any, path: Path | None, graph: str | None, project: Project) -> ExportResult:
    """Stream the store through pyoxigraph's own serialisers: quads go from the store's index to the file one by one,
    so memory stays flat at any size (measured: see README, Scale), where rdflib would first copy the whole graph
    into memory, then build the serialisation as one string. JSON-LD comes out expanded (full IRIs)."""
    import pyoxigraph as ox

    from .ontology import PREFIXES

    names = pick_graphs(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)), graph, project)
    graphs = [ox.NamedNode(n) for n in names]
    fmt = getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[chosen.name])
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()} | {"id": project.base + "id/"}
    count = [0]

    def quads() -> Iterator[Any]:
        for g in graphs:
            for quad in store.quads_for_pattern(None, None, None, g):
                count[0] += 1
                yield quad

    def union_triples() -> Iterator[Any]:
        # A triple held by several graphs is written once, from the first of them (one index lookup per triple
        # instead of a set of every triple seen, which would grow with the graph).
        for quad in quads():
            if len(graphs) > 1:
                holders = [q.graph_name for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object)]
                first = min((h for h in holders if h in graphs), key=lambda h: h.value)
                if first != quad.graph_name:
                    count[0] -= 1
                    continue
            yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def write(fh: IO[bytes]) -> None:
        items = quads() if chosen.named_graphs else union_triples()
        ox.serialize(items, fh, fmt, prefixes=prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)

    warnings = _union_warning(chosen, len(graphs))
    if path is None:
        write(output)
    else:
        _write_file_atomic(path, write)
    return ExportResult(chosen, path, names, count[0], warnings)


def _dataset_of(source: KnowledgeGraph | Dataset | None, project: Project) -> Dataset:
    from rdflib import Dataset

    if source is None:
        from .api import load

        return load(project=project).dataset
    if isinstance(source, Dataset):
        return source
    return source.dataset


def _write_file_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Stream into a temporary sibling, then rename: a failure leaves the old file (or none)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"{path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ----------------------------------------------------------------------------------------------------------------
# HTTP: URLs, credentials, one-line errors, retries
# ----------------------------------------------------------------------------------------------------------------


def check_url(url: str, option: str = "--endpoint") -> str:
    """An http(s) URL with a host and no credentials in it (those come from OKG_STORE_USER / OKG_STORE_PASSWORD)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        example = "http://127.0.0.1:7878/store" if option == "--graph-store" else "http://127.0.0.1:7878/query"
        raise StoreError(f"{option} {redact(url)!r} is not an http(s) URL; give one such as {example}")
    if parts.username is not None or parts.password is not None:
        raise StoreError(f"{option} {redact(url)!r} holds a user name or password; remove it and set {USER_ENV} and {PASSWORD_ENV} instead")
    return url.strip()


def redact(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def credentials(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    env = os.environ if env is None else env
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user and not password:
        return None
    if not user or password is None:
        missing = USER_ENV if not user else PASSWORD_ENV
        raise StoreError(f"{missing} is not set; set both {USER_ENV} and {PASSWORD_ENV}, or neither")
    return user, password


def _auth_class() -> type:
    import base64

    import httpx

    class ChallengeAuth(httpx.Auth):
        """Answer the store's challenge with Digest or Basic, whichever it asks for; later requests reuse the choice."""

        def __init__(self, user: str, password: str) -> None:
            self.user = user
            self._basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self._digest = httpx.DigestAuth(user, password)  # keeps the last challenge, so one 401 per session
            self._scheme = "digest"

        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            if self._scheme == "basic":
                request.headers["Authorization"] = self._basic
                yield request
                return
            flow = self._digest.auth_flow(request)
            sent = next(flow)
            while True:
                response = yield sent
                try:
                    sent = flow.send(response)
                except StopIteration:
                    break
            challenges = [h.lower() for h in response.headers.get_list("www-authenticate")]
            if response.status_code == 401 and any(h.startswith("basic") for h in challenges):
                self._scheme = "basic"
                request.headers["Authorization"] = self._basic
                yield request

    return ChallengeAuth


def _client(timeout: float, env: Mapping[str, str] | None = None) -> httpx.Client:
    import httpx

    creds = credentials(env)
    auth = _auth_class()(*creds) if creds else None
    return httpx.Client(
        auth=auth,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        headers={"User-Agent": "outsourcing-kg (okg)"},
    )


def _detail(response: httpx.Response) -> str:
    """The first useful words of an error body, HTML tags removed, on one line."""
    try:
        text = response.text
    except Exception:
        return ""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")


class _Failure(StoreError):
    """A request that failed: the HTTP status if the store answered, and whether it may have acted unseen."""

    def __init__(self, message: str, *, status: int | None = None, maybe_applied: bool = False) -> None:
        self.status = status
        self.maybe_applied = maybe_applied
        super().__init__(message)


@dataclass(frozen=True)
class _Target:
    """What a request talks to, for messages: the service, the option that names its URL, the action it needs."""

    service: str
    option: str
    action: str


_QUERY = _Target("SPARQL endpoint", "--endpoint", "query")
_UPDATE = _Target("SPARQL Update endpoint", "--endpoint", "update graphs")
_GRAPH_STORE = _Target("Graph Store Protocol service", "--graph-store", "write graphs")


def _status_message(response: httpx.Response, target: _Target, user: str | None) -> str:
    url = redact(str(response.request.url.copy_with(query=None)))
    code = response.status_code
    head = f"{code} {response.reason_phrase} from {url}"
    if code == 401:
        if user:
            return f"{head}: the store refused the user name and password in {USER_ENV} / {PASSWORD_ENV}; check them"
        return f"{head}: the store wants a user name and password; set {USER_ENV} and {PASSWORD_ENV}"
    if code == 403:
        who = f"user {user!r}" if user else "an anonymous user"
        detail = _detail(response)
        return f"{head}: {who} may not {target.action} there ({detail or 'on Virtuoso: GRANT SPARQL_UPDATE TO the user'})"
    if code == 404:
        return f"{head}: no {target.service} at this URL; check {target.option}"
    if code == 413:
        return f"{head}: the request is larger than the store accepts; raise the store's request size limit"
    detail = _detail(response)
    return f"{head}: {detail}" if detail else head


def _transport_message(exc: Exception, url: str, timeout: float) -> str:
    import httpx

    url = redact(url)
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer from {url} within {timeout:g} s (timeout)"
    if isinstance(exc, httpx.ConnectError):
        if "refused" in text.lower():
            return f"cannot connect to {url}: connection refused (is the store running?)"
        return f"cannot connect to {url}: {text}"
    return f"the connection to {url} broke: {text}"


_TRANSIENT_STATUS = frozenset({429, 502, 503, 504})


def _request(
    client: httpx.Client,
    method: str,
    url: str,
    target: _Target,
    *,
    idempotent: bool,
    retries: int,
    backoff: float,
    timeout: float,
    accept: frozenset[int] = frozenset(),
    on_retry: Callable[[str, float], None] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """Send with retries and exponential backoff on transient failures only; anything else raises _Failure at once.

    A request that is not idempotent (MOVE) is retried only when it certainly did not act: the connection could not
    be opened, or the store answered 503/429 ("try later"). Statuses in `accept` are returned like successes.
    """
    import httpx

    user = getattr(client.auth, "user", None)
    attempt = 0
    while True:
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            unsent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
            transient = unsent or (idempotent and isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)))
            failure = _Failure(_transport_message(exc, url, timeout), maybe_applied=not unsent)
            if not transient or attempt >= retries:
                raise failure from None
        else:
            if response.status_code < 400 or response.status_code in accept:
                return response
            retry_status = _TRANSIENT_STATUS if idempotent else frozenset({429, 503})
            failure = _Failure(_status_message(response, target, user), status=response.status_code)
            if response.status_code not in retry_status or attempt >= retries:
                raise failure
        delay = backoff * (2**attempt)
        attempt += 1
        if on_retry is not None:
            on_retry(failure.message, delay)
        time.sleep(delay)


# ----------------------------------------------------------------------------------------------------------------
# Push
# ----------------------------------------------------------------------------------------------------------------


def graph_store_for(endpoint: str) -> str:
    """The Graph Store Protocol URL of well-known stores, from their SPARQL endpoint URL."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if path in ("/update", "/query"):  # Oxigraph
        new = "/store"
    elif path in ("/sparql", "/sparql-auth"):  # Virtuoso
        new = "/sparql-graph-crud-auth"
    elif len(segments) == 4 and segments[1] == "repositories" and segments[3] == "statements":  # GraphDB, RDF4J
        new = "/".join(segments[:3]) + "/rdf-graphs/service"
    elif len(segments) == 3 and segments[2] in ("update", "sparql", "query"):  # Fuseki: /dataset/update
        new = "/".join(segments[:2]) + "/data"
    else:
        raise StoreError(f"cannot tell where the Graph Store Protocol service of {redact(endpoint)} is; give --graph-store URL")
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


@dataclass(frozen=True)
class GraphUpload:
    """One named graph to replace: its IRI, the staging graph it goes through, its size."""

    iri: str
    staging: str
    triples: int
    size: int


@dataclass(frozen=True)
class PushEvent:
    """Progress of a push, for display: kind is upload, progress, uploaded, replaced, retry or cleanup."""

    kind: str
    graph: str
    done: int = 0
    total: int = 0
    message: str = ""


@dataclass
class PushReport:
    endpoint: str
    graph_store: str
    graphs: list[GraphUpload]
    dry_run: bool = False
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    staging_left: list[str] = field(default_factory=list)

    def outcome(self) -> str:
        """One line: which graphs were replaced, which are unchanged (and which may be either, whole)."""
        parts = [f"replaced: {', '.join(self.replaced) or 'none'}", f"unchanged: {', '.join(self.unchanged) or 'none'}"]
        if self.uncertain:
            parts.append(f"old or new but whole (the store stopped answering during its swap): {', '.join(self.uncertain)}")
        if self.staging_left:
            parts.append(f"staging graphs left on the store (the next push replaces them): {', '.join(self.staging_left)}")
        return "; ".join(parts)


def _iri_ok(iri: str) -> str:
    if not re.fullmatch(r"[^\s<>\"{}|^`\\]+", iri):
        raise StoreError(f"graph name {iri!r} is not an IRI that can be written in SPARQL")
    return iri


class _Body:
    """A request body sent in chunks with progress; iterable again, so an auth retry can resend it."""

    def __init__(self, data: bytes, on_chunk: Callable[[int, int], None] | None, chunk: int = 64 * 1024) -> None:
        self.data, self.on_chunk, self.chunk = data, on_chunk, chunk

    def __iter__(self) -> Iterator[bytes]:
        total = len(self.data)
        for start in range(0, total, self.chunk):
            yield self.data[start : start + self.chunk]
            if self.on_chunk is not None:
                self.on_chunk(min(start + self.chunk, total), total)


def push(
    endpoint: str,
    graph_store: str | None = None,
    source: KnowledgeGraph | Dataset | None = None,
    *,
    dry_run: bool = False,
    project: Project | None = None,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 0.5,
    progress: Callable[[PushEvent], None] | None = None,
    env: Mapping[str, str] | None = None,
) -> PushReport:
    """Replace every named graph of the graph (default: the committed build) in a SPARQL 1.1 store.

    Each graph is PUT (N-Triples) to a staging graph through the Graph Store Protocol at `graph_store`, then all
    uploads done, moved into place with `MOVE GRAPH <staging> TO <graph>` at the update `endpoint`. A failure raises
    PushFailed whose report names the graphs replaced and those unchanged. Credentials come from OKG_STORE_USER and
    OKG_STORE_PASSWORD only (Digest or Basic, as the store asks). `dry_run` sends nothing.
    """
    from .ontology import Project

    project = project or Project.default()
    endpoint = check_url(endpoint, "--endpoint")
    graph_store = check_url(graph_store, "--graph-store") if graph_store else graph_store_for(endpoint)
    ds = _dataset_of(source, project)
    bodies: dict[str, bytes] = {}
    uploads = []
    for iri, graph in named_graphs(ds):
        lines = ntriples_lines(graph)
        bodies[iri] = "".join(f"{line}\n" for line in lines).encode("utf-8")
        uploads.append(GraphUpload(_iri_ok(iri), STAGING_PREFIX + iri, len(lines), len(bodies[iri])))
    report = PushReport(endpoint, graph_store, uploads, dry_run=dry_run, unchanged=[u.iri for u in uploads])
    if dry_run or not uploads:
        return report
    credentials(env)  # a half-set pair of variables is an error before anything is sent

    def emit(event: PushEvent) -> None:
        if progress is not None:
            progress(event)

    def fail(message: str) -> PushFailed:
        return PushFailed(f"{message}; {report.outcome()}", report=report)

    with _client(timeout, env) as client:
        common: dict[str, Any] = {"retries": retries, "backoff": backoff, "timeout": timeout}
        # Credentials and reachability first, with a read: a wrong password changes nothing.
        try:
            _request(
                client,
                "GET",
                graph_store,
                _GRAPH_STORE,
                idempotent=True,
                accept=frozenset({404}),
                params={"graph": STAGING_PREFIX + "probe"},
                headers={"Accept": "application/n-triples"},
                **common,
            )
        except StoreError as exc:
            raise fail(exc.message) from None
        # 1. Upload every graph to its staging graph; the real graphs are not touched yet.
        uploaded: list[GraphUpload] = []
        for upload in uploads:
            emit(PushEvent("upload", upload.iri, 0, upload.size, f"{upload.triples} triples"))
            body = _Body(bodies[upload.iri], _progress_reporter(emit, upload.iri))
            try:
                _request(
                    client,
                    "PUT",
                    graph_store,
                    _GRAPH_STORE,
                    idempotent=True,
                    params={"graph": upload.staging},
                    content=body,
                    headers={"Content-Type": "application/n-triples", "Content-Length": str(upload.size)},
                    on_retry=_retry_reporter(emit, upload.iri),
                    **common,
                )
            except StoreError as exc:
                _drop_staging(client, endpoint, [*uploaded, upload], report, emit, timeout)
                raise fail(f"uploading {upload.iri} failed: {exc.message}") from None
            uploaded.append(upload)
            emit(PushEvent("uploaded", upload.iri, upload.size, upload.size))
        # 2. Swap each staging graph into place: one MOVE, one transaction, per graph.
        for i, upload in enumerate(uploads):
            try:
                _request(
                    client,
                    "POST",
                    endpoint,
                    _UPDATE,
                    idempotent=False,
                    content=f"MOVE GRAPH <{upload.staging}> TO <{upload.iri}>".encode(),
                    headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                    on_retry=_retry_reporter(emit, upload.iri),
                    **common,
                )
            except _Failure as exc:
                rest = uploads[i:]
                if exc.maybe_applied:
                    # The store got the MOVE and its answer was lost: it ran whole or not at all.
                    report.unchanged.remove(upload.iri)
                    report.uncertain.append(upload.iri)
                    report.staging_left.append(upload.staging)
                    rest = uploads[i + 1 :]
                _drop_staging(client, endpoint, rest, report, emit, timeout)
                raise fail(f"replacing {upload.iri} failed: {exc.message}") from None
            report.unchanged.remove(upload.iri)
            report.replaced.append(upload.iri)
            emit(PushEvent("replaced", upload.iri, upload.triples, upload.triples))
    return report


def _retry_reporter(emit: Callable[[PushEvent], None], iri: str) -> Callable[[str, float], None]:
    def report(message: str, delay: float) -> None:
        emit(PushEvent("retry", iri, message=f"{message}; retrying in {delay:g} s"))

    return report


def _progress_reporter(emit: Callable[[PushEvent], None], iri: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        emit(PushEvent("progress", iri, done, total))

    return report


def _drop_staging(
    client: httpx.Client,
    endpoint: str,
    uploads: list[GraphUpload],
    report: PushReport,
    emit: Callable[[PushEvent], None],
    timeout: float,
) -> None:
    """Best effort after a failure: remove the staging graphs of this push; list those that stay."""
    for upload in uploads:
        try:
            _request(
                client,
                "POST",
                endpoint,
                _UPDATE,
                idempotent=True,
                retries=0,
                backoff=0,
                timeout=timeout,
                content=f"DROP SILENT GRAPH <{upload.staging}>".encode(),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            )
            emit(PushEvent("cleanup", upload.iri, message=f"dropped {upload.staging}"))
        except StoreError:
            if upload.staging not in report.staging_left:
                report.staging_left.append(upload.staging)


# ----------------------------------------------------------------------------------------------------------------
# Remote queries
# ----------------------------------------------------------------------------------------------------------------

SPARQL_JSON = "application/sparql-results+json"
_RDF_MEDIA = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/rdf+n3": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def project_graphs(project: Project) -> list[str]:
    """The named graphs of the committed build (read from the `<iri> {` lines of graph/build/okg.trig)."""
    path = project.build_dir / "okg.trig"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{path}: no built graph here; run `okg build` (or `make run`) first") from None
    return re.findall(r"(?m)^<([^>\s]+)> \{$", text)


def _query_form(text: str) -> str:
    stripped = _strip_iris_strings_comments(text)
    stripped = re.sub(r"(?is)\b(PREFIX\s+[\w-]*:\s*<>|BASE\s*<>)", " ", stripped)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", stripped, flags=re.IGNORECASE)
    if match is None:
        from .queries import QueryError

        raise QueryError("the query is none of SELECT, ASK, CONSTRUCT, DESCRIBE")
    return match.group(1).capitalize() + "Query"


def _strip_iris_strings_comments(text: str) -> str:
    """The query with IRIs and strings emptied and comments removed, for keyword searches ('#' may sit in an IRI)."""
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    return re.sub(r"(?m)#.*$", "", text)


def _has_dataset_clause(text: str) -> bool:
    return re.search(r"\bFROM\s+(NAMED\s+)?<", _strip_iris_strings_comments(text), flags=re.IGNORECASE) is not None


def _with_prefixes(text: str) -> str:
    """Declare the project's prefixes the query uses without declaring (local queries get them from rdflib's initNs)."""
    from .ontology import PREFIXES

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines) + ("\n" if lines else "") + text


def run_remote(
    endpoint: str,
    text: str,
    project: Project | None = None,
    *,
    graphs: list[str] | None = None,
    source: str = "sparql",
    timeout: float = 60.0,
    retries: int = 2,
    backoff: float = 0.5,
    env: Mapping[str, str] | None = None,
) -> Result:
    """Run a read-only query on a remote SPARQL 1.1 endpoint and return the same Result as a local run.

    The dataset is the union of `graphs` (default: the project's named graphs, unless the query names its own with
    FROM), sent as default-graph-uri and named-graph-uri, so Oxigraph, Virtuoso and others agree without server options.
    """
    from .ontology import Project
    from .queries import check_read_only

    project = project or Project.default()
    endpoint = check_url(endpoint, "--endpoint")
    check_read_only(text)
    form = _query_form(text)  # the store judges the syntax (rdflib's parser would cost 0.2 s a query, and refuse extensions)
    if graphs is None:
        graphs = [] if _has_dataset_clause(text) else project_graphs(project)
    data: dict[str, Any] = {"query": _with_prefixes(text)}
    if graphs:
        data["default-graph-uri"] = list(graphs)
        data["named-graph-uri"] = list(graphs)
    accept = SPARQL_JSON if form in ("SelectQuery", "AskQuery") else "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    with _client(timeout, env) as client:
        response = _request(
            client,
            "POST",
            endpoint,
            _QUERY,
            idempotent=True,
            retries=retries,
            backoff=backoff,
            timeout=timeout,
            data=data,
            headers={"Accept": accept},
        )
        if form in ("SelectQuery", "AskQuery"):
            return _parse_json_results(response, endpoint)
        return _parse_graph_results(response, endpoint)


def run_named_remote(
    endpoint: str, name: str, params: dict[str, Any] | None = None, project: Project | None = None, **kwargs: Any
) -> Result:
    """A query of queries/ on a remote endpoint, parameters bound as RDF terms through VALUES as locally."""
    from .ontology import Project
    from .queries import bind_values, get_query, resolve_params

    project = project or Project.default()
    query = get_query(name, project)
    bound = resolve_params(query, params or {}, project)
    return run_remote(endpoint, bind_values(query.text, bound), project, source=f"queries/{name}.rq", **kwargs)


def _not_results(response: httpx.Response, endpoint: str, what: str = "SPARQL results") -> StoreError:
    ctype = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    start = " ".join(response.content[:80].decode("utf-8", "replace").split())
    snippet = f", starting {start!r}" if start else ", empty"
    return StoreError(
        f"the store at {redact(endpoint)} answered {ctype}{snippet} instead of {what}; "
        "check that --endpoint is its SPARQL query endpoint (e.g. http://127.0.0.1:7878/query, http://localhost:8890/sparql)"
    )


def _parse_json_results(response: httpx.Response, endpoint: str) -> Result:
    import json

    from rdflib import Literal

    from .queries import Result, canonical_term

    try:
        doc = json.loads(response.content)
    except ValueError:
        raise _not_results(response, endpoint) from None
    if not isinstance(doc, dict):
        raise _not_results(response, endpoint)
    if isinstance(doc.get("boolean"), bool):
        return Result(["ask"], [(Literal(doc["boolean"]),)])
    try:
        columns = [str(v) for v in doc["head"]["vars"]]
        bindings = doc["results"]["bindings"]
        rows = [tuple(canonical_term(_term(b.get(c))) for c in columns) for b in bindings]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _not_results(response, endpoint, "SPARQL JSON results with head.vars and results.bindings") from None
    return Result(columns, rows)


def _term(binding: dict[str, Any] | None) -> Any:
    from rdflib import BNode, Literal, URIRef

    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if not isinstance(value, str):
        raise ValueError("value")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise ValueError(kind)


def _parse_graph_results(response: httpx.Response, endpoint: str) -> Result:
    from rdflib import Graph

    from .queries import triples_result

    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = _RDF_MEDIA.get(ctype)
    if fmt is None:
        raise _not_results(response, endpoint, "RDF (N-Triples, Turtle or RDF/XML)")
    graph = Graph()
    try:
        graph.parse(data=response.content, format=fmt)
    except Exception:
        raise _not_results(response, endpoint, f"valid {ctype}") from None
    return triples_result(graph)


# ----------------------------------------------------------------------------------------------------------------
# Local Oxigraph server
# ----------------------------------------------------------------------------------------------------------------


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


@dataclass
class OxigraphServer:
    """A running Oxigraph server; stop() ends it and removes its temporary data folder."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path
    read_only: bool
    triples: int = 0
    graphs: list[str] = field(default_factory=list)
    _temporary: bool = True

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

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
    from .ontology import Project

    project = project or Project.default()
    binary = oxigraph_binary()
    if not 0 < port < 65536:
        raise StoreError(f"--port {port} is not a TCP port (1-65535)")
    if not port_is_free(bind, port):
        raise StoreError(
            f"cannot listen on {bind}:{port}: the port is in use or the address is not this machine's; pick another --port or --bind"
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
