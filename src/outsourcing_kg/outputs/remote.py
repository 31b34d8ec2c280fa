"""Remote SPARQL 1.1 stores: push named graphs (Graph Store Protocol PUT to a staging graph, then one SPARQL MOVE per
graph, so a failed push leaves each graph whole, old or new), and run queries there with the same results as locally.

A PUT is not atomic on every store (measured on Virtuoso 7.2: a server killed while loading a PUT body left the graph
empty, and a syntax error half-way left the lines before it), while `MOVE` ran as one transaction on both Oxigraph and
Virtuoso. Remote answers become the same `Result` as local runs, over the union of the project's named graphs
(`default-graph-uri` for each), in canonical term form.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from rdflib import BNode, Dataset, Graph, Literal, Variable
from rdflib.namespace import XSD

from ..errors import PushFailed, StoreError
from ..graph.knowledge import KnowledgeGraph
from ..graph.queries import QueryParam, bind_values, get_query, resolve_params
from ..graph.results import Result, canonical_term, triples_result
from ..graph.sparql import boolean_columns, check_read_only, with_prefixes
from ..project import Project
from .export import named_graphs
from .http import _GRAPH_STORE, _QUERY, _UPDATE, _client, _Failure, _request, check_url, credentials, redact

if TYPE_CHECKING:
    import httpx

STAGING_PREFIX = "urn:okg:staging:"


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
        raise StoreError(
            f"cannot tell where the Graph Store Protocol service of {redact(endpoint)} is; give its Graph Store Protocol URL too"
        )
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


def shared_blank_nodes(graphs: list[tuple[str, Graph]]) -> dict[str, list[str]]:
    """Blank nodes that appear in more than one of the named graphs: label -> the graphs' IRIs."""
    seen: dict[str, set[str]] = {}
    for iri, graph in graphs:
        for triple in graph:
            for term in (triple[0], triple[2]):
                if isinstance(term, BNode):
                    seen.setdefault(str(term), set()).add(iri)
    return {node: sorted(names) for node, names in seen.items() if len(names) > 1}


def turtle_bytes(graph: Graph) -> bytes:
    """A graph as Turtle for a Graph Store Protocol PUT (numbers written bare, so stores keep their datatypes)."""
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle").encode("utf-8")


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
    source: KnowledgeGraph | Dataset,
    endpoint: str,
    graph_store: str | None = None,
    *,
    dry_run: bool = False,
    project: Project | None = None,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 0.5,
    progress: Callable[[PushEvent], None] | None = None,
    env: Mapping[str, str] | None = None,
    skolemize: bool = False,
) -> PushReport:
    """Replace every named graph of `source` in a SPARQL 1.1 store.

    Each graph is PUT (Turtle) to a staging graph through the Graph Store Protocol at `graph_store`, then all
    uploads done, moved into place with `MOVE GRAPH <staging> TO <graph>` at the update `endpoint`. A failure raises
    PushFailed whose report names the graphs replaced and those unchanged. Credentials come from OKG_STORE_USER and
    OKG_STORE_PASSWORD only (Digest or Basic, as the store asks). `dry_run` sends nothing. A blank node held by two
    named graphs would become one node per graph in the store: refused (StoreError), unless `skolemize` gives such
    nodes skolem IRIs (`https://<the base IRI's host>/.well-known/genid/...`, RDF 1.1) first.
    """

    project = project or (source.project if isinstance(source, KnowledgeGraph) else Project.default())
    endpoint = check_url(endpoint, "endpoint")
    graph_store = check_url(graph_store, "graph store") if graph_store else graph_store_for(endpoint)
    ds = source if isinstance(source, Dataset) else source.dataset
    graphs = named_graphs(ds)
    shared = shared_blank_nodes(graphs)
    if shared and not skolemize:
        node, names = next(iter(sorted(shared.items())))
        raise StoreError(
            f"{len(shared)} blank node(s) appear in more than one named graph (_:{node} in {', '.join(names)}); a store "
            "would split each into one node per graph: push with skolemize to give them IRIs (RDF 1.1 skolem IRIs)"
        )
    bodies: dict[str, bytes] = {}
    uploads = []
    for iri, graph in graphs:
        if skolemize:
            graph = graph.skolemize(authority=project.base.rstrip("/"))
        # Turtle, not N-Triples: Virtuoso turns "N"^^xsd:integer above 2**31 into xsd:decimal when it reads N-Triples
        # but keeps Turtle's bare integers as integers (measured on 7.2.5); every other store reads both the same.
        bodies[iri] = turtle_bytes(graph)
        uploads.append(GraphUpload(_iri_ok(iri), STAGING_PREFIX + iri, len(graph), len(bodies[iri])))
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
                    headers={"Content-Type": "text/turtle; charset=utf-8", "Content-Length": str(upload.size)},
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
    project = project or Project.default()
    endpoint = check_url(endpoint, "endpoint")
    form, own_dataset = check_read_only(text, source=source)
    if graphs is None:
        graphs = [] if own_dataset else project_graphs(project)
    data: dict[str, str | list[str]] = {"query": with_prefixes(text)[0]}
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
        if form == "SelectQuery":
            return _as_booleans(_parse_json_results(response, endpoint), boolean_columns(text))
        if form == "AskQuery":
            return _parse_json_results(response, endpoint)
        return _parse_graph_results(response, endpoint)


def _as_booleans(result: Result, columns: frozenset[str]) -> Result:
    """Virtuoso answers a computed boolean (a comparison, BOUND, EXISTS, even `true`) as the integer 1 or 0; in the
    columns the query computes as booleans, 1 and 0 are read back as true and false, as every other store gives them."""
    wanted = [i for i, name in enumerate(result.columns) if name in columns]
    if not wanted:
        return result

    def fixed(term: Any) -> Any:
        if isinstance(term, Literal) and term.datatype == XSD.integer and str(term) in ("0", "1"):
            return Literal(str(term) == "1")
        return term

    rows = [tuple(fixed(v) if i in wanted else v for i, v in enumerate(row)) for row in result.rows]
    return Result(result.columns, rows)


def run_named_remote(
    endpoint: str,
    name: str,
    params: Mapping[str, QueryParam] | None = None,
    project: Project | None = None,
    *,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> Result:
    """A query of queries/ on a remote endpoint, parameters bound as RDF terms through VALUES as locally."""
    project = project or Project.default()
    query = get_query(name, project)
    bound = resolve_params(query, params or {}, project)
    return run_remote(endpoint, bind_values(query.text, bound), project, source=f"queries/{name}.rq", timeout=timeout, env=env)


def _not_results(response: httpx.Response, endpoint: str, what: str = "SPARQL results") -> StoreError:
    ctype = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    start = " ".join(response.content[:80].decode("utf-8", "replace").split())
    snippet = f", starting {start!r}" if start else ", empty"
    return StoreError(
        f"the store at {redact(endpoint)} answered {ctype}{snippet} instead of {what}; "
        "check that the endpoint URL is its SPARQL query endpoint (e.g. http://127.0.0.1:7878/query, http://localhost:8890/sparql)"
    )


def _parse_json_results(response: httpx.Response, endpoint: str) -> Result:
    """SPARQL 1.1 JSON results, read by rdflib's own parser, as the same canonical rows as a local run."""
    from rdflib.query import Result as RdflibResult

    try:
        parsed = RdflibResult.parse(io.BytesIO(response.content), format="json")
    except Exception:  # rdflib's JSON reader raises ValueError, KeyError or TypeError on a body that is not results
        try:
            json.loads(response.content)
        except ValueError:
            raise _not_results(response, endpoint) from None
        raise _not_results(response, endpoint, "SPARQL JSON results with head.vars and results.bindings") from None
    if parsed.type == "ASK":
        return Result(["ask"], [(Literal(bool(parsed.askAnswer)),)])
    columns = [str(v) for v in parsed.vars or []]
    rows = [tuple(canonical_term(row.get(Variable(c))) for c in columns) for row in parsed.bindings]
    return Result(columns, rows)


def _parse_graph_results(response: httpx.Response, endpoint: str) -> Result:

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
