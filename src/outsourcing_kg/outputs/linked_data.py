"""Dereferenceable IRIs: `okg serve` answers `/id/<kind>/<slug>`, `/graph/<name>` and the ontology IRI with an HTML page
for people and RDF for machines, by the request's `Accept` header, next to the SPARQL endpoint and a static site.

Linked Data conventions (W3C "Cool URIs for the Semantic Web", 303 URIs): an IRI names a thing, not a document, so
the server answers it with `303 See Other` to the document that describes it in the negotiated format, with
`Vary: Accept`:

    GET /id/org/intelcia            Accept: text/turtle   ->  303, Location: /id/org/intelcia.ttl
    GET /id/org/intelcia.ttl                              ->  200, Content-Type: text/turtle; charset=utf-8
    GET /id/org/intelcia            Accept: text/html     ->  303, Location: /id/org/intelcia.html

The documents are `<path>.<ext>` for every RDF format of `outputs.export` (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.trig`,
`.nq`) and `.html`. A static host serves the same paths from files (`write_descriptions`, `write_redirects`).

What a description holds (`describe`): a symmetric concise bounded description of the resource across the named graphs,
each triple in the graph that holds it (formats with named graphs keep them): every triple with the resource as subject,
every triple with it as object, and the labels (rdfs:label, skos:prefLabel) of the IRIs on the other end. The
project mints no blank nodes, so nothing further is needed. A named graph's document is the graph; the ontology's
is the ontology's named graph.
"""

from __future__ import annotations

import html
import io
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.term import Node

from ..errors import KGError, StoreError
from ..graph.results import Result
from ..io import write_files
from ..project import OKG, PREFIXES, Project, shorten
from .export import EXPORT_FORMATS, ExportFormat
from .server import SparqlEndpoint

if TYPE_CHECKING:
    from collections.abc import Iterator

    from werkzeug.wrappers import Request, Response

    from ..graph.knowledge import KnowledgeGraph
    from .server import OxigraphServer

#: A function that runs a read-only SPARQL SELECT and returns its rows (a local graph's engine or a remote endpoint).
Select = Callable[[str], Result]

HTML = "text/html"
#: The representations offered, in the server's order of preference for equal client preferences (`*/*` gets HTML):
#: media type -> document extension.
REPRESENTATIONS: dict[str, str] = {HTML: ".html"} | {
    fmt.media_type: fmt.extension
    for fmt in sorted(
        (f for f in EXPORT_FORMATS.values() if not f.network), key=lambda f: ("ttl", "jsonld", "nt", "xml", "trig", "nq").index(f.name)
    )
}
#: Resources whose documents `write_descriptions` holds in memory before writing them.
DESCRIPTION_BATCH = 500
#: The formats a static site gets a file for, per resource (write_descriptions) and that the redirect rules route.
STATIC_FORMATS: tuple[str, ...] = ("ttl", "jsonld", "nt", "xml")

_REF = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+")
_GRAPH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EXTENSIONS = {ext: media for media, ext in REPRESENTATIONS.items()}
ONTOLOGY_IRI = str(OKG).rstrip("#")
ONTOLOGY_PATH = "ontology"
#: The paths of the dataset's IRI (`<base>dataset`), the catalogue's (`<base>catalog`) and VoID's well-known address.
CATALOG_PATHS = ("dataset", "catalog", ".well-known/void")


class NotFound(KGError):
    """No such resource: the path names nothing the graph holds."""


@dataclass(frozen=True)
class Resource:
    """A dereferenceable resource: its path under the base (`id/org/intelcia`, `graph/reference`, `ontology`), its IRI,
    and what it is (`thing`, `graph`, `ontology`)."""

    path: str
    iri: str
    kind: str

    def document(self, media_type: str) -> str:
        """The path of the document describing it in `media_type` (`id/org/intelcia.ttl`)."""
        return self.path + REPRESENTATIONS[media_type]


def resource_for(path: str, project: Project) -> Resource | None:
    """The resource a request path names (leading `/` optional), or None when the path is not an IRI's path."""
    path = path.lstrip("/")
    if path.startswith("id/") and _REF.fullmatch(path[3:]):
        return Resource(path, project.base + path, "thing")
    if path.startswith("graph/") and _GRAPH.fullmatch(path[6:]):
        return Resource(path, project.graph_iri(path[6:]), "graph")
    if path == ONTOLOGY_PATH:
        return Resource(path, ONTOLOGY_IRI, "ontology")
    return None


def document_for(path: str, project: Project) -> tuple[Resource, str] | None:
    """The resource and media type of a document path (`id/org/intelcia.ttl`), or None."""
    stem, dot, ext = path.lstrip("/").rpartition(".")
    if not dot or f".{ext}" not in _EXTENSIONS:
        return None
    resource = resource_for(stem, project)
    return (resource, _EXTENSIONS[f".{ext}"]) if resource else None


def negotiate(accept: str | None, offered: Iterable[str] = REPRESENTATIONS) -> str | None:
    """The media type of `offered` to answer an `Accept` header with (q-values honoured; for equal preferences the
    first offered, so `*/*` and no header give HTML), or None when nothing offered is acceptable (406)."""
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    offers = list(offered)
    if accept is None or not accept.strip():
        return offers[0]
    accepted = parse_accept_header(accept, MIMEAccept)
    return accepted.best_match(offers)


def _n3(iri: str) -> str:
    term = URIRef(iri)
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri):
        raise NotFound(f"{iri!r} is not an IRI this server describes")
    return term.n3()


def description_query(resource: Resource, project: Project) -> str:
    """The SPARQL SELECT (?g ?s ?p ?o) of a resource's description. The IRI comes from `resource_for`, which accepts
    only lower-case letters, digits, '-' and '/' after the base, and goes in as an RDF term (as VALUES binds
    parameters), never as text from the request."""
    if resource.kind == "thing":
        x = _n3(resource.iri)
        labels = f"VALUES ?p {{ {RDFS.label.n3()} {SKOS.prefLabel.n3()} }}"
        return (
            "SELECT ?g ?s ?p ?o WHERE {\n"
            f"  {{ VALUES ?s {{ {x} }} GRAPH ?g {{ ?s ?p ?o }} }}\n"
            f"  UNION {{ VALUES ?o {{ {x} }} GRAPH ?g {{ ?s ?p ?o }} }}\n"
            f"  UNION {{ VALUES ?x {{ {x} }} GRAPH ?h {{ ?x ?q ?s }} FILTER(isIRI(?s)) {labels} GRAPH ?g {{ ?s ?p ?o }} }}\n"
            f"  UNION {{ VALUES ?x {{ {x} }} GRAPH ?h {{ ?s ?q ?x }} {labels} GRAPH ?g {{ ?s ?p ?o }} }}\n"
            "}"
        )
    graph = _n3(project.graph_iri("ontology") if resource.kind == "ontology" else resource.iri)
    return f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {graph} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def describe(select: Select, resource: Resource, project: Project) -> Dataset:
    """The description of `resource` as a Dataset (each triple in its named graph); raises NotFound when empty."""
    text = description_query(resource, project)
    rows = select(text).rows
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    ds.bind("id", project.base + "id/", replace=True)
    for g, s, p, o in rows:
        if g is None or s is None or p is None or o is None:
            continue
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))  # RDF 1.1: a plain literal is an xsd:string (as export.select_graphs does)
        ds.graph(URIRef(str(g))).add((s, p, o))
    if not rows:
        raise NotFound(f"nothing in the graph is {shorten(resource.iri, project.base)}")
    return ds


def render(ds: Dataset, media_type: str, project: Project) -> bytes:
    """A description in an RDF format, through the export writers (the bytes `okg export` would give for it)."""
    fmt = _format_for(media_type)
    out = io.BytesIO()
    fmt.write(ds, project, out)
    return out.getvalue()


def _format_for(media_type: str) -> ExportFormat:
    return next(f for f in EXPORT_FORMATS.values() if f.media_type == media_type and not f.network)


def local_href(iri: str, project: Project) -> str | None:
    """The server path of an IRI the server answers (`/id/org/intelcia`, `/ontology#Company`), else None."""
    if iri.startswith(project.base):
        rest = iri[len(project.base) :]
        if resource_for(rest.split("#")[0], project) is not None:
            return "/" + rest
    if iri.startswith(ONTOLOGY_IRI):
        return "/" + ONTOLOGY_PATH + iri[len(ONTOLOGY_IRI) :]
    return None


def description_page(ds: Dataset, resource: Resource, project: Project, *, lang: str = "en") -> bytes:
    """A minimal HTML page of a description, for when the site has no page for the resource: its label, its triples
    grouped by named graph, links to the RDF documents. Every label and literal is escaped (article text is untrusted)."""
    esc = html.escape
    labels: dict[str, str] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal) and (o.language in (lang, None) or str(s) not in labels):
            labels[str(s)] = str(o)

    def term(node: Node) -> str:
        if isinstance(node, URIRef):
            text = esc(labels.get(str(node)) or shorten(str(node), project.base))
            href = local_href(str(node), project) or str(node)
            return f'<a href="{esc(href, quote=True)}">{text}</a>'
        if isinstance(node, Literal):
            suffix = f" @{node.language}" if node.language else ""
            return f"{esc(str(node))}<small>{esc(suffix)}</small>"
        return esc(str(node))

    title = labels.get(resource.iri) or shorten(resource.iri, project.base)
    alternates = "".join(
        f'<link rel="alternate" type="{esc(m)}" href="/{esc(resource.document(m), quote=True)}">' for m in REPRESENTATIONS if m != HTML
    )
    links = " · ".join(
        f'<a href="/{esc(resource.document(m), quote=True)}">{esc(_format_for(m).label)}</a>' for m in REPRESENTATIONS if m != HTML
    )
    sections = []
    for context in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        rows = "".join(
            f"<tr><td>{term(s)}</td><td>{term(p)}</td><td>{term(o)}</td></tr>"
            for s, p, o in sorted(context, key=lambda t: (t[0] != URIRef(resource.iri), t[0].n3(), t[1].n3(), t[2].n3()))
        )
        sections.append(f"<h2>{term(context.identifier)}</h2><table>{rows}</table>")
    page = (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(title)}</title>{alternates}'
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto}td{vertical-align:top;padding:.2em .5em}"
        "tr:nth-child(even){background:#f4f4f4}</style></head>"
        f"<body><h1>{esc(title)}</h1><p><code>{esc(resource.iri)}</code></p><p>RDF: {links}</p>{''.join(sections)}</body></html>\n"
    )
    return page.encode("utf-8")


# -- the WSGI application ------------------------------------------------------------------------------------------


def default_page(resource: Resource) -> str:
    """Where the static site keeps a resource's HTML page, relative to the site folder: `<path>.html`
    (`id/org/intelcia.html`, `graph/reference.html`, `ontology.html`)."""
    return resource.document(HTML)


_STATIC_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".nq": "application/n-quads", ".trig": "application/trig",
                 ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}  # fmt: skip
_TEXT = ("text/", "application/n-triples", "application/n-quads", "application/trig", "application/ld+json", "application/rdf+xml")


@dataclass
class LinkedDataApp:
    """The WSGI application of `okg serve`: dereferenceable IRIs, a static site, and the SPARQL endpoint (proxied to
    an Oxigraph server at `backend`, which also answers the descriptions through `select`).

    Routes: `/id/...`, `/graph/<name>`, `/ontology` (303 by Accept, 406 when nothing offered is acceptable, 404 for
    an IRI the graph does not hold); their documents `<path>.<ext>`; `/query`, `/update`, `/store` (Oxigraph);
    anything else from `site` (a folder; `index.html` for folders), and what the site does not hold from Oxigraph
    (so `/` is the site's index, or Oxigraph's query page when the site has none; other paths get Oxigraph's 404).
    An HTML document comes from the site when it has the page (`page(resource)`), else it is generated (`description_page`).
    """

    project: Project
    select: Select
    backend: str
    site: Path | None = None
    page: Callable[[Resource], str] = default_page
    catalog: str = "download/catalog"
    proxy_timeout: int = 600
    _proxy: Any = field(default=None, init=False, repr=False)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from werkzeug.exceptions import HTTPException
        from werkzeug.wrappers import Request

        request = Request(environ)
        path = request.path
        relative = path.lstrip("/")
        ours = resource_for(relative, self.project) or document_for(relative, self.project) or relative in CATALOG_PATHS
        if not ours and (path in ("/query", "/update", "/store") or self._site_file(relative) is None):
            # The SPARQL protocol, and what neither the IRIs nor the site hold (Oxigraph's query page and its assets).
            return self._forward(environ, start_response, path)
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            # Werkzeug 3.1.3 types this as its sans-IO base response, 3.1.9 as Response: Any keeps both type-clean.
            error: Any = exc.get_response(environ)
            response = error
        return response(environ, start_response)

    def _forward(self, environ: dict[str, Any], start_response: Callable[..., Any], path: str) -> Iterable[bytes]:
        from werkzeug.middleware.http_proxy import ProxyMiddleware

        if self._proxy is None:
            self._proxy = ProxyMiddleware(lambda e, s: [], {}, timeout=self.proxy_timeout)
        options = {"target": self.backend + path, "remove_prefix": False, "host": "<auto>", "headers": {}, "ssl_context": None}
        app = self._proxy.proxy_to(options, path, path)
        return app(environ, start_response)  # type: ignore[no-any-return]

    def _site_file(self, relative: str) -> Path | None:
        from werkzeug.security import safe_join

        if self.site is None:
            return None
        joined = safe_join(str(self.site), relative)
        if joined is None:
            return None
        candidate = Path(joined)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def dispatch(self, request: Request) -> Response:
        from werkzeug.exceptions import MethodNotAllowed
        from werkzeug.exceptions import NotFound as HttpNotFound
        from werkzeug.wrappers import Response

        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        relative = request.path.lstrip("/")
        if relative in CATALOG_PATHS:
            return self._catalog(request)
        resource = resource_for(relative, self.project)
        if resource is not None:
            return self._negotiate(request, resource)
        document = document_for(relative, self.project)
        if document is not None:
            return self._document(*document)
        found = self._site_file(relative)
        if found is None:
            raise HttpNotFound()
        if relative and not relative.endswith("/") and found.name == "index.html" and found.parent.name == Path(relative).name:
            return Response(status=301, headers={"Location": request.path + "/"})  # so the index's relative links work
        media = _STATIC_TYPES.get(found.suffix)
        from werkzeug.utils import send_file

        response = send_file(str(found), request.environ, mimetype=media)
        if media is not None:
            response.charset = "utf-8"  # type: ignore[attr-defined]
            response.headers["Content-Type"] = f"{media}; charset=utf-8"
        return response

    def _negotiate(self, request: Request, resource: Resource) -> Response:
        from werkzeug.wrappers import Response

        chosen = negotiate(request.headers.get("Accept"))
        offered = ", ".join(REPRESENTATIONS)
        if chosen is None:
            body = f"406 Not Acceptable: {resource.iri} is available as {offered}\n"
            return Response(body, status=406, headers={"Vary": "Accept"}, mimetype="text/plain")
        self._check_exists(resource)
        location = "/" + resource.document(chosen)
        alternates = ", ".join(f'</{resource.document(m)}>; rel="alternate"; type="{m}"' for m in REPRESENTATIONS)
        return Response(
            f"303 See Other: {location}\n",
            status=303,
            headers={"Location": location, "Vary": "Accept", "Link": alternates},
            mimetype="text/plain",
        )

    def _catalog(self, request: Request) -> Response:
        """The dataset's and the catalogue's IRIs (and VoID's /.well-known/void): 303 to the catalogue written by
        `okg catalog` into the site (`<catalog>.ttl`, `.jsonld`), or to the site's index for HTML."""
        from werkzeug.exceptions import NotFound as HttpNotFound
        from werkzeug.wrappers import Response

        documents = {HTML: "", "text/turtle": f"{self.catalog}.ttl", "application/ld+json": f"{self.catalog}.jsonld"}
        chosen = negotiate(request.headers.get("Accept"), documents)
        if chosen is None:
            return Response(
                f"406 Not Acceptable: available as {', '.join(documents)}\n", status=406, headers={"Vary": "Accept"}, mimetype="text/plain"
            )
        if self._site_file(documents[chosen] or "index.html") is None:
            raise HttpNotFound("the site holds no catalogue; write it with okg catalog into the site's download folder")
        location = "/" + documents[chosen]
        return Response(f"303 See Other: {location}\n", status=303, headers={"Location": location, "Vary": "Accept"}, mimetype="text/plain")

    def _check_exists(self, resource: Resource) -> None:
        from werkzeug.exceptions import NotFound as HttpNotFound

        if resource.kind == "ontology":
            return
        iri = _n3(resource.iri)
        text = (
            f"ASK {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
            if resource.kind == "graph"
            else f"ASK {{ GRAPH ?g {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }} }}"
        )
        if str(self.select(text).rows[0][0]) != "true":
            raise HttpNotFound(f"nothing in the graph is {resource.iri}")

    def _document(self, resource: Resource, media_type: str) -> Response:
        from werkzeug.exceptions import NotFound as HttpNotFound
        from werkzeug.wrappers import Response

        if media_type == HTML:
            found = self._site_file(self.page(resource))
            if found is None and resource.kind == "ontology" and (self.project.ontology_dir / "docs" / "index.html").is_file():
                found = self.project.ontology_dir / "docs" / "index.html"  # pyLODE's page (okg docs)
            if found is not None:
                return Response(found.read_bytes(), mimetype=HTML, headers={"Link": f'<{resource.iri}>; rel="describes"'})
        try:
            ds = describe(self.select, resource, self.project)
        except NotFound as exc:
            raise HttpNotFound(exc.message) from None
        body = description_page(ds, resource, self.project) if media_type == HTML else render(ds, media_type, self.project)
        content_type = f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT) else media_type
        return Response(body, content_type=content_type, headers={"Link": f'<{resource.iri}>; rel="describes"'})


# -- the server ------------------------------------------------------------------------------------------------------


@dataclass
class LinkedDataServer(SparqlEndpoint):
    """`okg serve`: the Linked Data front (a threaded WSGI server at `url`) and the Oxigraph server behind it."""

    oxigraph: OxigraphServer
    url: str
    site: Path | None
    _httpd: Any = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def triples(self) -> int:
        return self.oxigraph.triples

    @property
    def graphs(self) -> list[str]:
        return self.oxigraph.graphs

    @property
    def read_only(self) -> bool:
        return self.oxigraph.read_only

    def wait(self) -> int:
        """Block until the Oxigraph server ends; its exit code."""
        return self.oxigraph.wait()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
        self.oxigraph.stop()

    def __enter__(self) -> LinkedDataServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _free_loopback_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    project: Project | None = None,
    *,
    port: int = 7878,
    bind: str = "127.0.0.1",
    site: str | Path | None = None,
    writable: bool = False,
    store: Path | None = None,
    page: Callable[[Resource], str] = default_page,
    wait: float = 20.0,
) -> LinkedDataServer:
    """Start `okg serve`: an Oxigraph server on a free loopback port (the build, or the Oxigraph store at `store` as it
    is), and in front of it, on `bind:port`, the Linked Data server (`LinkedDataApp`) with the static `site` folder.

    Raises StoreError (one line) for a port in use, a site that is not a folder, or an Oxigraph server that fails.
    """
    from werkzeug.serving import WSGIRequestHandler, make_server

    from ..graph.engines import store_info
    from .remote import run_remote
    from .server import port_is_free, serve_store, start_oxigraph

    project = project or Project.default()
    folder = Path(site) if site is not None else None
    if folder is not None and not folder.is_dir():
        raise StoreError(f"site folder {folder} does not exist or is not a folder; write it first (okg site) or leave it out")
    if store is not None:
        store_info(store)  # a missing or incomplete store is reported before anything starts
    if not 0 < port < 65536:
        raise StoreError(f"port {port} is not a TCP port (1-65535)")
    if not port_is_free(bind, port):
        raise StoreError(
            f"cannot listen on {bind}:{port}: the port is in use or the address is not this machine's; pick another port or bind address"
        )
    inner = _free_loopback_port()
    if store is None:
        oxigraph = start_oxigraph(project, port=inner, writable=writable, wait=wait)
    else:
        oxigraph = serve_store(store, project, port=inner, writable=writable, wait=wait)

    def select(text: str) -> Result:
        # No dataset in the request: GRAPH ?g then sees every named graph the server holds, pushed ones included.
        return run_remote(oxigraph.query_url, text, project, graphs=[], source="description", retries=0, env={})

    app = LinkedDataApp(project, select, oxigraph.url, folder, page)

    class QuietHandler(WSGIRequestHandler):
        def log(self, type: str, message: str, *args: Any) -> None:  # the request log stays off the terminal
            pass

    try:
        httpd = make_server(bind, port, app, threaded=True, request_handler=QuietHandler)
    except (OSError, SystemExit) as exc:
        oxigraph.stop()
        raise StoreError(f"cannot listen on {bind}:{port}: {exc}") from None
    thread = threading.Thread(target=httpd.serve_forever, name="okg-serve", daemon=True)
    thread.start()
    host = f"[{bind}]" if ":" in bind else bind
    url = f"http://{'localhost' if bind in ('0.0.0.0', '::') else host}:{port}"
    return LinkedDataServer(oxigraph, url, folder, httpd, thread)


# -- static hosting --------------------------------------------------------------------------------------------------


def described_resources(kg: KnowledgeGraph) -> list[Resource]:
    """Every resource with a description: each IRI under `<base>id/` that is a subject, each named graph, the ontology."""
    prefix = kg.project.base + "id/"
    rows = kg.sparql_result(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?space)) }".replace(
            "?space", Literal(prefix).n3()
        )
    ).rows
    found = []
    for (s,) in rows:
        resource = resource_for(str(s)[len(kg.project.base) :], kg.project) if s is not None else None
        if resource is not None:
            found.append(resource)
    graphs = kg.sparql_result("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    for (g,) in graphs:
        resource = (
            resource_for(str(g)[len(kg.project.base) :], kg.project) if g is not None and str(g).startswith(kg.project.base) else None
        )
        if resource is not None:
            found.append(resource)
    found.append(Resource(ONTOLOGY_PATH, ONTOLOGY_IRI, "ontology"))
    return sorted(set(found), key=lambda r: r.path)


def _indexed_select(kg: KnowledgeGraph) -> Select:
    """The graph's own engine on an Oxigraph store; for rdflib, an in-memory Oxigraph copy of it (measured on the seed:
    a description took 0.4 s in rdflib, 10 ms in Oxigraph, and the copy 0.2 s), queried with the same SPARQL."""
    import pyoxigraph as ox

    from ..graph.engines import OxigraphEngine
    from .export import export

    if isinstance(kg.engine, OxigraphEngine):
        return kg.sparql_result
    data = io.BytesIO()
    export(kg, "nq", data)
    store = ox.Store()
    store.load(data.getvalue(), ox.RdfFormat.N_QUADS)
    return OxigraphEngine(store).select


def write_descriptions(
    kg: KnowledgeGraph,
    directory: str | Path,
    *,
    formats: Iterable[str] = STATIC_FORMATS,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the RDF documents of every described resource into a static site folder (`id/org/intelcia.ttl`, ...,
    `graph/reference.ttl`, `ontology.ttl`), the same bytes `okg serve` answers; returns the paths written.

    Files are written `DESCRIPTION_BATCH` resources at a time (each batch atomically, `io.write_files`), so memory
    holds one batch's documents, not the site's."""
    folder = Path(directory)
    chosen = [EXPORT_FORMATS[name] for name in formats]
    resources = described_resources(kg)
    select = _indexed_select(kg)
    written: list[Path] = []
    files: dict[Path, bytes] = {}
    for done, resource in enumerate(resources, start=1):
        ds = describe(select, resource, kg.project)
        for fmt in chosen:
            files[folder / resource.document(fmt.media_type)] = render(ds, fmt.media_type, kg.project)
        if done % DESCRIPTION_BATCH == 0 or done == len(resources):
            written += write_files(files)
            files = {}
        if progress is not None:
            progress(done, len(resources))
    return written


def _media_types(formats: Iterable[str]) -> Iterator[tuple[str, str]]:
    for name in formats:
        fmt = EXPORT_FORMATS[name]
        yield fmt.media_type, fmt.extension


def redirect_rules(
    base: str = "/", *, formats: Iterable[str] = STATIC_FORMATS, catalog: str | None = "download/catalog"
) -> dict[str, bytes]:
    """The redirect rules of a static site whose folder is published at `base` (a path such as `/` or `/okg/`, or a
    URL such as `https://example.org/okg/`), by file name:

    - `.htaccess`: Apache mod_rewrite, for the site's root folder or for a w3id.org-style redirect folder (with `base`
      the URL of the host): `/id/...`, `/graph/<name>`, `/ontology` answer 303 See Other to `<path>.ttl`, `.jsonld`,
      `.nt`, `.rdf` by the Accept header, else to `<path>.html`, with `Vary: Accept`;
    - `_redirects` and `_headers` (Netlify, Cloudflare Pages): these hosts cannot match Accept, so an IRI goes to its
      HTML page (303) and its RDF is at `<path>.<ext>`, served with its media type.

    `catalog` is the catalogue's path without extension (`.ttl`, `.jsonld`); None when the site has none, and the
    dataset's and catalogue's IRIs then go to the site's index. Raises KGError when `base` is neither a path nor an
    http(s) URL ending in '/'."""
    from urllib.parse import urlsplit

    if not re.fullmatch(r"(?:https?://[A-Za-z0-9.:-]+)?/(?:[A-Za-z0-9._~-]+/)*", base):
        raise KGError(f"site base {base!r} must be a path or an http(s) URL ending in '/' (e.g. / or https://example.org/okg/)")
    path = urlsplit(base).path
    formats = list(formats)
    iri_paths = r"(id/[a-z0-9/-]+|graph/[a-z0-9-]+|ontology)"
    lines = [
        "# Dereferenceable IRIs (written by okg; see docs/publishing.md). Apache 2.4 with mod_rewrite, mod_headers, mod_mime.",
        "# /id/..., /graph/<name> and /ontology answer 303 See Other to <path>.<ext> by the Accept header; */* gets HTML.",
        "# mod_rewrite cannot weigh q-values: the first RDF type named in Accept, in this file's order, wins.",
        "Options -MultiViews",
        "RewriteEngine On",
        *(f"AddType {media} {ext}" for media, ext in _media_types(formats)),
        "AddCharset utf-8 .ttl .nt .jsonld .rdf .html",
        "<IfModule mod_headers.c>",
        '  Header always append Vary Accept "expr=%{REQUEST_STATUS} == 303"',
        "</IfModule>",
    ]
    for media, ext in _media_types(formats):
        pattern = re.escape(media).replace("/", "\\/")
        lines += [f"# {media}", f"RewriteCond %{{HTTP_ACCEPT}} {pattern}", f"RewriteRule ^{iri_paths}$ {base}$1{ext} [R=303,L]"]
    lines += ["# anything else, browsers included: the HTML page", f"RewriteRule ^{iri_paths}$ {base}$1.html [R=303,L]"]
    catalog_paths = r"^(dataset|catalog|\.well-known/void)$"
    lines += ["# the dataset's and the catalogue's IRIs: the DCAT/VoID catalogue written by okg catalog, or the site's index"]
    if catalog is not None:
        lines += [
            "RewriteCond %{HTTP_ACCEPT} text\\/turtle",
            f"RewriteRule {catalog_paths} {base}{catalog}.ttl [R=303,L]",
            "RewriteCond %{HTTP_ACCEPT} application\\/ld\\+json",
            f"RewriteRule {catalog_paths} {base}{catalog}.jsonld [R=303,L]",
        ]
    lines += [f"RewriteRule {catalog_paths} {base} [R=303,L]", ""]
    redirects = [
        "# Dereferenceable IRIs on a static host (Netlify, Cloudflare Pages): written by okg, see docs/publishing.md.",
        "# These hosts cannot read Accept: an IRI goes to its HTML page; its RDF is at <path>.ttl, .jsonld, .nt, .rdf.",
        "# A redirect applies only where no file exists, so the documents themselves are served as files.",
        f"{path}ontology {base}ontology.html 303",
        f"{path}graph/* {base}graph/:splat.html 303",
        f"{path}id/* {base}id/:splat.html 303",
        f"{path}dataset {base} 303",
        f"{path}catalog {base}{catalog + '.ttl' if catalog is not None else ''} 303",
        f"{path}.well-known/void {base}{catalog + '.ttl' if catalog is not None else ''} 303",
    ]
    headers = ["# Media types of the RDF documents (Netlify, Cloudflare Pages _headers)."]
    for media, ext in _media_types(formats):
        headers += [f"{path}*{ext}", f"  Content-Type: {media}; charset=utf-8", "  Access-Control-Allow-Origin: *"]
    return {
        ".htaccess": "\n".join(lines).encode("utf-8"),
        "_redirects": ("\n".join(redirects) + "\n").encode("utf-8"),
        "_headers": ("\n".join(headers) + "\n").encode("utf-8"),
    }


def write_redirects(
    directory: str | Path, base: str = "/", *, formats: Iterable[str] = STATIC_FORMATS, catalog: str | None = "download/catalog"
) -> list[Path]:
    """Write `.htaccess`, `_redirects` and `_headers` (see `redirect_rules`) into a site folder; returns the paths."""
    folder = Path(directory)
    return write_files({folder / name: data for name, data in redirect_rules(base, formats=formats, catalog=catalog).items()})


__all__ = [
    "HTML",
    "REPRESENTATIONS",
    "STATIC_FORMATS",
    "LinkedDataApp",
    "LinkedDataServer",
    "NotFound",
    "Resource",
    "describe",
    "description_page",
    "negotiate",
    "redirect_rules",
    "render",
    "resource_for",
    "start_server",
    "write_descriptions",
    "write_redirects",
]
