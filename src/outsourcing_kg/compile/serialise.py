"""Deterministic serialisers: the same dataset always gives the same bytes (sorted quads, no blank nodes written in
hash order), so builds are byte-identical run to run and `okg build --check` can compare files."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from ..annotations.models import json_schema
from ..project import PREFIXES, Project

#: Files `okg build` writes into graph/build/, in a fixed order.
BUILD_FILES = ("okg.trig", "okg.ttl", "okg.nt", "okg.jsonld", "context.jsonld")


def _sorted_quads(ds: Dataset) -> list[tuple[Any, Any, Any, Any]]:
    quads = [(s, p, o, c) for s, p, o, c in ds.quads((None, None, None, None)) if c is not None]
    return sorted(set(quads), key=lambda q: (str(q[3]), q[0].n3(), q[1].n3(), q[2].n3()))


def canonical_nt(ds: Dataset) -> str:
    """Sorted, de-duplicated N-Triples of the union of all graphs (rdflib's nt writer escapes newlines)."""
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    lines = {line for line in union.serialize(format="nt").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def _fresh_dataset(ds: Dataset) -> Dataset:
    """A copy filled in sorted order, so serialisers that follow insertion order are deterministic."""
    out = Dataset()
    for prefix, ns in ds.namespaces():
        if prefix in PREFIXES or prefix == "id":
            out.bind(prefix, ns, replace=True)
    for s, p, o, c in _sorted_quads(ds):
        out.graph(c).add((s, p, o))
    return out


def jsonld_context(project: Project) -> dict[str, Any]:
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ctx["id"] = project.base + "id/"
    return ctx


def _turtle_parts(graph: Graph) -> tuple[list[str], str]:
    """rdflib's Turtle serialiser sorts subjects and predicates; split its output into prefix lines and body."""
    text = graph.serialize(format="turtle")
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip("\n")
    return prefixes, body


def _shared_blank_nodes(graphs: list[Graph]) -> set[BNode]:
    seen: dict[BNode, set[str]] = {}
    for graph in graphs:
        for s, _, o in graph:
            for term in (s, o):
                if isinstance(term, BNode):
                    seen.setdefault(term, set()).add(str(graph.identifier))
    return {node for node, names in seen.items() if len(names) > 1}


def deterministic_trig(ds: Dataset) -> str:
    """TriG with graphs in name order; rdflib's own TriG serialiser orders graphs by hash (measured: output
    changed with PYTHONHASHSEED), so each graph goes through the deterministic Turtle serialiser instead.

    The Turtle serialiser writes a blank node as `[ ... ]` inside each graph, which would make a node shared by two
    graphs two nodes; such nodes get a label (`_:shared1`...), which TriG scopes to the whole document."""
    fresh = _fresh_dataset(ds)
    prefixes: set[str] = set()
    blocks = []
    contexts = [g for g in sorted(fresh.graphs(), key=lambda g: str(g.identifier)) if len(g) and isinstance(g.identifier, URIRef)]
    shared = sorted(_shared_blank_nodes(contexts), key=lambda n: sorted(t.n3() for t in _around(fresh, n)))
    stand_in = f"urn:okg-blank-{secrets.token_hex(8)}:"  # never in the output: replaced by the label below
    labels: dict[Node, Node] = {node: URIRef(f"{stand_in}shared{i}") for i, node in enumerate(shared, start=1)}
    for context in contexts:
        graph = Graph()
        for prefix, ns in fresh.namespaces():
            graph.bind(prefix, ns, replace=True)
        for s, p, o in context:
            graph.add((labels.get(s, s), p, labels.get(o, o)))
        lines, body = _turtle_parts(graph)
        body = re.sub(rf"<{re.escape(stand_in)}(shared\d+)>", r"_:\1", body)
        prefixes.update(lines)
        # No re-indentation: the body holds multi-line literals whose lines must stay as they are.
        blocks.append(f"{context.identifier.n3()} {{\n{body}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def _around(ds: Dataset, node: BNode) -> list[Node]:
    """What a blank node is next to (the other terms of its triples), to order shared nodes without their labels."""
    terms: list[Node] = [t for s, p, o, _ in ds.quads((node, None, None, None)) for t in (p, o)]
    terms += [t for s, p, o, _ in ds.quads((None, None, node, None)) for t in (s, p)]
    return [t for t in terms if not isinstance(t, BNode)] or [URIRef("urn:x")]


def _sort_jsonld(node: Any, key: str = "") -> Any:
    """Sort every JSON-LD array except @list (RDF lists keep their order): values of a property are a set."""
    if isinstance(node, dict):
        return {k: _sort_jsonld(v, k) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_sort_jsonld(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: (str(v.get("@id", "")) if isinstance(v, dict) else "", json.dumps(v, sort_keys=True)))
    return node


def union_graph(ds: Dataset | Graph) -> Graph:
    """The union of every named graph, filled in sorted order, with the project's prefixes bound (the one union graph:
    exports, SHACL validation and views all use it). A plain Graph is returned as it is."""
    if not isinstance(ds, Dataset):
        return ds
    fresh = _fresh_dataset(ds)
    union = Graph()
    for prefix, ns in [*PREFIXES.items(), *fresh.namespaces()]:
        union.bind(prefix, ns, replace=True)
    for s, p, o, _ in _sorted_quads(ds):
        union.add((s, p, o))
    return union


def deterministic_jsonld(ds: Dataset, project: Project) -> str:
    """JSON-LD of every named graph, compacted with the project's context (embedded, never fetched), arrays sorted."""
    jsonld = json.loads(_fresh_dataset(ds).serialize(format="json-ld", context=jsonld_context(project), auto_compact=True))
    return json.dumps(_sort_jsonld(jsonld), indent=1, ensure_ascii=False) + "\n"


def graph_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """JSON-LD of one graph (no named graphs), compacted with `context` (embedded, never fetched), arrays sorted as in
    `deterministic_jsonld`; the graph must hold no blank nodes for the output to be the same run to run."""
    ordered = Graph()
    for triple in sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        ordered.add(triple)
    jsonld = json.loads(ordered.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_sort_jsonld(jsonld), indent=1, ensure_ascii=False) + "\n"


def serialise(ds: Dataset, project: Project) -> dict[str, bytes]:
    """Every file of graph/build/, as bytes, from a dataset."""
    context = jsonld_context(project)
    out = {
        "okg.trig": deterministic_trig(ds).encode("utf-8"),
        "okg.ttl": union_graph(ds).serialize(format="turtle").encode("utf-8"),
        "okg.nt": canonical_nt(ds).encode("utf-8"),
        "okg.jsonld": deterministic_jsonld(ds, project).encode("utf-8"),
        "context.jsonld": (json.dumps({"@context": context}, indent=1, sort_keys=True) + "\n").encode("utf-8"),
    }
    assert tuple(out) == BUILD_FILES
    return out


def schema_bytes() -> bytes:
    return (json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
