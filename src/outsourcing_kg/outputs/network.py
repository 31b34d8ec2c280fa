"""Network analysis and exchange: statistics of the projection (centrality, components) and GraphML/GEXF files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io import write_file

if TYPE_CHECKING:
    import networkx as nx
from .projection import GraphSource, ViewError, to_networkx, truncate
from .views import LARGE_GRAPH

# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------


def stats(source: GraphSource, *, top: int = 10, lang: str = "en", with_claims: bool = False) -> dict[str, Any]:
    """Counts per class and relation, degree and betweenness centrality (top N), connected components."""
    import networkx as nx

    graph = source if isinstance(source, nx.MultiDiGraph) else to_networkx(source, lang=lang, with_claims=with_claims)
    n = graph.number_of_nodes()
    classes = graph.graph.get("classes", {})
    class_counts = Counter(d["class"] for _, d in graph.nodes(data=True))
    relation_counts = Counter(d["label"] for *_, d in graph.edges(data=True))
    simple = nx.Graph(graph.to_undirected(as_view=True))
    degree = sorted(((graph.degree(v), v) for v in graph), key=lambda dv: (-dv[0], dv[1]))[:top]
    sample = None if n <= LARGE_GRAPH else min(n, 500)
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=0 if sample else None, normalized=True)
    between = sorted(betweenness.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c))

    def node(v: str) -> dict[str, Any]:
        return {"id": v, "label": graph.nodes[v]["label"], "class": graph.nodes[v]["class_label"]}

    return {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "classes": [
            {"class": c, "label": classes.get(c, {}).get("label", c), "count": k}
            for c, k in sorted(class_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "relations": [{"relation": r, "count": k} for r, k in sorted(relation_counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        "degree": [{**node(v), "degree": d} for d, v in degree],
        "betweenness": [{**node(v), "betweenness": round(b, 4)} for v, b in between],
        "betweenness_sample": sample,
        "components": {
            "count": len(components),
            "sizes": [len(c) for c in components],
            "isolated": [node(c[0]) for c in components if len(c) == 1],
        },
    }


def stats_text(report: dict[str, Any]) -> str:
    """The statistics as aligned plain text (`okg stats`)."""
    lines = [f"{report['nodes']} nodes, {report['edges']} edges, {report['components']['count']} connected component(s)"]
    lines.append("Nodes per class:")
    lines += [f"  {c['label']:32} {c['count']}" for c in report["classes"]]
    lines.append("Edges per relation:")
    lines += [f"  {r['relation']:32} {r['count']}" for r in report["relations"]]
    lines.append("Degree (top):")
    lines += [f"  {truncate(d['label'], 40):42} {d['degree']}" for d in report["degree"]]
    sample = f", estimated from {report['betweenness_sample']} sources" if report["betweenness_sample"] else ""
    lines.append(f"Betweenness centrality (top, normalised{sample}):")
    lines += [f"  {truncate(b['label'], 40):42} {b['betweenness']:.4f}" for b in report["betweenness"]]
    sizes = report["components"]["sizes"]
    lines.append("Component sizes: " + ", ".join(str(s) for s in sizes[:20]) + (" …" if len(sizes) > 20 else ""))
    if report["components"]["isolated"]:
        lines.append("Isolated: " + ", ".join(i["label"] for i in report["components"]["isolated"][:20]))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# GraphML and GEXF
# --------------------------------------------------------------------------

EXPORT_FORMATS = ("graphml", "gexf")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _flat(value: Any) -> Any:
    """A scalar both formats keep: lists joined with ` | `, a fact as its text and quotes, XML-illegal characters removed."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        value = " ".join([str(value.get("text", "")), *(f"« {q} »" for q in value.get("quotes", []))])
    if isinstance(value, list | tuple):
        value = " | ".join(str(_flat(v)) for v in value)
    return _XML_ILLEGAL.sub("", str(value))


def _safe_name(name: str) -> str:
    """An attribute name valid in both formats (an XML-friendly identifier)."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return safe if re.match(r"[A-Za-z_]", safe) else f"a_{safe}"


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only, which GraphML and GEXF can hold: lists joined with ` | `, each fact as
    `text « quote »`, graph attributes that are not scalars dropped, XML-illegal characters removed."""
    import networkx as nx

    out = nx.MultiDiGraph()
    out.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, str | int | float | bool)})
    for node, data in graph.nodes(data=True):
        out.add_node(_flat(node), **{_safe_name(k): _flat(v) for k, v in data.items() if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(_flat(u), _flat(v), key=key, **{_safe_name(k): _flat(x) for k, x in data.items() if x is not None})
    return out


def export_graphml(source: GraphSource, path: str | Path | None = None, *, lang: str = "en", with_claims: bool = False) -> bytes:
    """GraphML (for Cytoscape, yEd, Gephi) of the projection; written to `path` when given."""
    return _export(source, path, "graphml", lang=lang, with_claims=with_claims)


def export_gexf(source: GraphSource, path: str | Path | None = None, *, lang: str = "en", with_claims: bool = False) -> bytes:
    """GEXF 1.2 (for Gephi) of the projection; written to `path` when given."""
    return _export(source, path, "gexf", lang=lang, with_claims=with_claims)


def export_network(
    source: GraphSource | nx.MultiDiGraph, fmt: str, output: str | Path | None = None, *, lang: str = "en", with_claims: bool = False
) -> bytes:
    """The projection as GraphML or GEXF (`fmt`), written to `output` when given."""
    if fmt not in EXPORT_FORMATS:
        raise ViewError(f"unknown network format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return _export(source, output, fmt, lang=lang, with_claims=with_claims)


def exchange_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The projection as files for other tools hold it: scalar attributes only (see `flat_graph`), node ids `n0`,
    `n1`... and edge ids `e0`, `e1`... in a fixed order (valid XML names, unique, as strict GraphML and GEXF readers
    require), each node's entity id in `entity` and each edge's relation in `predicate`."""
    import networkx as nx

    flat = flat_graph(graph)
    ids = {node: f"n{i}" for i, node in enumerate(sorted(flat, key=str))}
    out = nx.MultiDiGraph()
    out.graph.update(flat.graph)
    for node in sorted(flat, key=str):
        out.add_node(ids[node], entity=node, **flat.nodes[node])
    edges = sorted(flat.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for i, (u, v, key, data) in enumerate(edges):
        out.add_edge(ids[u], ids[v], key=f"e{i}", **{"predicate": str(key), **data})
    return out


def _clean_gexf(data: bytes) -> bytes:
    """networkx writes today's date into GEXF (`lastmodifieddate`) and its own edge-key column (`networkx_key`): drop
    both, so the same graph gives the same bytes and the file holds only what the graph says."""
    import xml.etree.ElementTree as ET

    gexf = "http://www.gexf.net/1.2draft"
    ET.register_namespace("", gexf)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(data)
    for meta in root.iter(f"{{{gexf}}}meta"):
        meta.attrib.pop("lastmodifieddate", None)
    internal = set()
    for attributes in root.iter(f"{{{gexf}}}attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":
                internal.add(attribute.get("id"))
                attributes.remove(attribute)
    for values in root.iter(f"{{{gexf}}}attvalues"):
        for value in list(values):
            if value.get("for") in internal:
                values.remove(value)
    ET.indent(root, space="  ")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _export(source: GraphSource | nx.MultiDiGraph, path: str | Path | None, fmt: str, *, lang: str, with_claims: bool) -> bytes:
    import io

    import networkx as nx

    graph = source if isinstance(source, nx.MultiDiGraph) else to_networkx(source, lang=lang, with_claims=with_claims)
    exchange = exchange_graph(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(exchange, buffer, encoding="utf-8", prettyprint=True)
        data = buffer.getvalue()
    else:
        nx.write_gexf(exchange, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
        data = _clean_gexf(buffer.getvalue())
    if path is not None:
        write_file(Path(path), data)
    return data
