"""Export the graph in every RDF format (and as a network for Gephi/Cytoscape), written atomically.

One writer per format in `EXPORT_FORMATS` (add a format with one dict entry); formats without named graphs get the
union and a warning. Large Oxigraph stores stream through pyoxigraph's serialisers in flat memory.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..compile.serialise import canonical_nt, deterministic_jsonld, deterministic_trig, union_graph
from ..errors import StoreError
from ..graph.engines import OxigraphEngine
from ..graph.knowledge import KnowledgeGraph
from ..io import write_file
from ..project import PREFIXES, Project
from .network import export_network
from .projection import to_networkx

Writer = Callable[["Dataset", "Project", IO[bytes]], None]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its media type, file extensions, whether it keeps graph names, its writer."""

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

    out.write(union_graph(ds).serialize(format="turtle").encode("utf-8"))


def _write_ntriples(ds: Dataset, project: Project, out: IO[bytes]) -> None:

    out.write(canonical_nt(ds).encode("utf-8"))


def _write_nquads(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    for iri, graph in named_graphs(ds):
        for line in ntriples_lines(graph):
            # An N-Triples line ends with " ."; the graph name goes before it.
            out.write(f"{line[:-2]} <{iri}> .\n".encode())


def _write_trig(ds: Dataset, project: Project, out: IO[bytes]) -> None:

    out.write(deterministic_trig(ds).encode("utf-8"))


def _write_jsonld(ds: Dataset, project: Project, out: IO[bytes]) -> None:

    out.write(deterministic_jsonld(ds, project).encode("utf-8"))


class _SortedGraph(Graph):
    """A Graph whose subjects and predicate-object pairs come out sorted: rdflib's RDF/XML writer walks them in the
    store's hash order (measured: three PYTHONHASHSEEDs gave three outputs with `pretty-xml` and with `xml`); through
    this graph its `xml` writer gives the same bytes every run. (pyoxigraph's writer is ordered too, but writes a
    carriage return raw, which XML parsers then drop.)"""

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Generator[Any, None, None]:
        yield from sorted(set(super().subjects(predicate, object)), key=lambda n: n.n3())

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Generator[tuple[Node, Node], None, None]:
        yield from sorted(set(super().predicate_objects(subject)), key=lambda t: (t[0].n3(), t[1].n3()))


def _write_rdfxml(ds: Dataset, project: Project, out: IO[bytes]) -> None:
    union = union_graph(ds)
    graph = _SortedGraph()
    for prefix, ns in union.namespaces():
        graph.bind(prefix, ns, replace=True)
    for triple in union:
        graph.add(triple)
    for predicate in sorted(set(graph.predicates()), key=str):
        graph.namespace_manager.compute_qname_strict(str(predicate))  # new prefixes (ns1, ns2...) numbered in sorted order
    out.write(graph.serialize(format="xml").encode("utf-8"))


def _network_writer(fmt: str) -> Writer:
    """GraphML/GEXF of the networkx projection (outputs.projection), for Gephi and Cytoscape; `export` calls
    `export_network` itself for these, with the language and the node and edge counts."""

    def write(ds: Dataset, project: Project, out: IO[bytes]) -> None:
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

    graphs = [(str(g.identifier), g) for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)]
    return sorted(graphs, key=lambda item: item[0])


def ntriples_lines(graph: Graph) -> list[str]:
    """A graph as sorted, de-duplicated N-Triples lines (rdflib escapes newlines inside literals)."""
    return sorted({line for line in graph.serialize(format="nt").splitlines() if line.strip()})


def select_graphs(ds: Dataset, project: Project, name: str | None = None) -> Dataset:
    """A fresh Dataset holding every named graph of `ds`, or only the one called `name` (short name or IRI)."""

    every = named_graphs(ds)
    kept = set(pick_graphs([iri for iri, _ in every], name, project))
    graphs = [(iri, g) for iri, g in every if iri in kept]
    out = Dataset()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, replace=True)
    out.bind("id", project.base + "id/", replace=True)

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
        f"(to keep them use one of {keep}; or export one graph by its name)"
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
    nodes: int = 0  # network formats: the projection's nodes and edges
    edges: int = 0


def export(
    source: KnowledgeGraph | Dataset,
    fmt: str | None = None,
    output: str | Path | IO[bytes] | None = None,
    *,
    graph: str | None = None,
    project: Project | None = None,
    lang: str = "en",
) -> ExportResult:
    """Write the graph as `fmt` (default: from the output's extension, else TriG) to a path (atomically), or to a binary
    file object. Formats without named graphs get the union, with a warning. `project` defaults to the graph's own
    (a KnowledgeGraph) or the default project (a Dataset). Network formats (graphml, gexf) label nodes in `lang` and
    report nodes and edges. Raises StoreError for an unknown format or graph name."""
    project = project or (source.project if isinstance(source, KnowledgeGraph) else Project.default())
    path = Path(output) if isinstance(output, (str, Path)) else None
    if fmt is not None:
        chosen = get_format(fmt)
    else:
        guessed = format_for_path(path) if path is not None else None
        chosen = guessed or EXPORT_FORMATS[DEFAULT_EXPORT_FORMAT]
    if chosen.network:
        return _export_network(source, chosen, output, path, project, lang)
    ox_store = _oxigraph_store_of(source)
    if ox_store is not None and not chosen.network and len(ox_store) > STREAM_ABOVE:
        return _export_oxigraph(ox_store, chosen, output, path, graph, project)
    ds = source if isinstance(source, Dataset) else source.dataset
    selected = select_graphs(ds, project, graph)
    graphs = [iri for iri, _ in named_graphs(selected)]
    triples = len({t for _, g in named_graphs(selected) for t in g})
    warnings = _union_warning(chosen, len(graphs))
    if path is None:
        assert output is not None and not isinstance(output, (str, Path)), "give a path or a binary file object"
        chosen.write(selected, project, output)
        return ExportResult(chosen, None, graphs, triples, warnings)
    write_file(path, lambda fh: chosen.write(selected, project, fh))
    return ExportResult(chosen, path, graphs, triples, warnings)


def _export_network(
    source: KnowledgeGraph | Dataset,
    chosen: ExportFormat,
    output: str | Path | IO[bytes] | None,
    path: Path | None,
    project: Project,
    lang: str,
) -> ExportResult:
    kg = source if isinstance(source, KnowledgeGraph) else KnowledgeGraph(source, project)
    graph = to_networkx(kg, lang=lang)
    data = export_network(graph, chosen.name)
    if path is None:
        assert output is not None and not isinstance(output, (str, Path)), "give a path or a binary file object"
        output.write(data)
    else:
        write_file(path, data)
    return ExportResult(chosen, path, [], 0, nodes=graph.number_of_nodes(), edges=graph.number_of_edges())


def _oxigraph_store_of(source: KnowledgeGraph | Dataset) -> Any:
    """The pyoxigraph Store behind a KnowledgeGraph on an Oxigraph store, else None."""
    engine = source.engine if isinstance(source, KnowledgeGraph) else None
    return engine.store if isinstance(engine, OxigraphEngine) else None


#: Above this many quads, an Oxigraph store is exported by streaming (store order, flat memory) rather than through the
#: deterministic serialisers of the build (sorted, byte-identical to graph/build/, but built in memory: about 1.5 KB per
#: triple with rdflib).
STREAM_ABOVE = 250_000

_OXIGRAPH_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "xml": "RDF_XML"}


def _export_oxigraph(store: Any, chosen: ExportFormat, output: Any, path: Path | None, graph: str | None, project: Project) -> ExportResult:
    """Stream the store through pyoxigraph's own serialisers: quads go from the store's index to the file one by one,
    so memory stays flat at any size (measured: see docs/scale.md), where rdflib would first copy the whole graph
    into memory, then build the serialisation as one string. JSON-LD comes out expanded (full IRIs)."""
    import pyoxigraph as ox

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
        write_file(path, write)
    return ExportResult(chosen, path, names, count[0], warnings)
