"""Graph views: the networkx projection of the knowledge graph, a self-contained HTML view, statistics, GraphML and GEXF.

The projection keeps what a reader of the ecosystem cares about: entities (organisations, people, posts,
segments, sectors, places, events, source documents) become nodes, domain relations become labelled,
directed edges, and the RDF plumbing (types, labels, evidence, selectors, datatypes) becomes attributes
of those nodes and edges, with the exact quotes that back each fact. Claims can be shown as nodes too.

The HTML view is built from vis-network (the copy pyvis ships), inlined with its CSS into one page of our
own: it opens from ``file://`` with no network, and article text reaches the page only as JSON data that
the page's script turns into DOM text nodes (never HTML).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..compile.serialise import union_graph
from ..errors import KGError
from ..graph.knowledge import KnowledgeGraph
from ..io import write_file
from ..names import EntityIndex, suggest
from ..project import OA, OKG, Project

if TYPE_CHECKING:
    import networkx as nx

#: Above this many nodes the view warns, draws straight unlabelled edges and stops physics after a bounded layout.
LARGE_GRAPH = 1000
#: Layout iterations before physics is turned off: at most 600 (120 above LARGE_GRAPH), and fewer as the graph
#: grows, within a budget of node-iterations (measured: 0.2-0.3 s an iteration at 10,000 nodes in headless Chromium).
STABILISATION_ITERATIONS = 600
LARGE_STABILISATION_ITERATIONS = 120
LARGE_STABILISATION_BUDGET = 300_000
LANGS = ("en", "fr")

#: Classes whose instances become nodes (with their subclasses), in legend order.
NODE_FAMILIES = ("Organization", "Person", "Post", "Sector", "Segment", "Event", "Place", "SourceDocument")
CLAIM_FAMILY = "Claim"

#: vis-network shape per family; colour per class (family colour for classes not listed).
FAMILY_SHAPES = {
    "Organization": "dot",
    "Person": "star",
    "Post": "triangle",
    "Sector": "square",
    "Segment": "diamond",
    "Event": "hexagon",
    "Place": "triangleDown",
    "SourceDocument": "box",
    "Claim": "dot",
}
CLASS_COLOURS = {
    "Organization": "#1f77b4",
    "Company": "#1f77b4",
    "Federation": "#17a2c4",
    "Person": "#ff7f0e",
    "Post": "#e377c2",
    "Sector": "#9467bd",
    "Segment": "#2ca02c",
    "Event": "#d62728",
    "Crisis": "#d62728",
    "Talk": "#f0828a",
    "Interview": "#c75d6f",
    "Project": "#a8323e",
    "Place": "#8c564b",
    "Country": "#8c564b",
    "City": "#c08552",
    "Continent": "#5e3a2f",
    "Region": "#b5835a",
    "LinguisticZone": "#d4a373",
    "SourceDocument": "#6c757d",
    "Claim": "#bcbd22",
    "QuantitativeClaim": "#bcbd22",
    "RankingClaim": "#a3a316",
    "QualitativeClaim": "#c9c98a",
}

#: Properties that never become edges even between two nodes (the document link is an attribute).
_NOT_EDGES = {OKG.mentionedIn, OKG.source, RDF.type, OWL.sameAs}
#: Qualifiers of a claim that also draw an edge from the claim's subject (comparisons between entities).
_COMPARISONS = (OKG.rankedBehind, OKG.comparedWith)

_UI = {
    "en": {
        "ecosystem": "outsourcing ecosystem",
        "around": "around {label} ({depth} {hops})",
        "hop": "hop",
        "hops": "hops",
        "nodes": "nodes",
        "edges": "edges",
        "legend": "Legend",
        "facts": "Facts",
        "mentions": "Mentioned as",
        "quotes": "Quotes",
        "id": "id",
        "aliases": "also",
        "wikidata": "Wikidata",
        "documents": "in",
        "said_by": "said by",
        "stated_at": "at",
        "reference": "reference data (no quote)",
        "hint": "Hover a node or an edge for its quotes · scroll to zoom · drag to move",
        "laying_out": "laying out…",
        "more": "and {n} more",
        "more_than": "more than ",
        "colon": ": ",
        "rank": "rank {rank} for {criterion}",
        "in_year": " in {year}",
        "before_year": " before {year}",
        "behind": ", behind {label}",
        "large": (
            "{n} nodes: the layout stops after {iterations} iterations and edge labels are hidden; "
            "narrow the view to an entity's neighbourhood or to some types"
        ),
    },
    "fr": {
        "ecosystem": "écosystème de l'outsourcing",
        "around": "autour de {label} ({depth} {hops})",
        "hop": "saut",
        "hops": "sauts",
        "nodes": "nœuds",
        "edges": "liens",
        "legend": "Légende",
        "facts": "Faits",
        "mentions": "Mentionné comme",
        "quotes": "Citations",
        "id": "id",
        "aliases": "aussi",
        "wikidata": "Wikidata",
        "documents": "dans",
        "said_by": "dit par",
        "stated_at": "lors de",
        "reference": "données de référence (sans citation)",
        "hint": "Survolez un nœud ou un lien pour ses citations · molette pour zoomer · glisser pour déplacer",
        "laying_out": "mise en page…",
        "more": "et {n} de plus",
        "more_than": "plus de ",
        "colon": "\u202f: ",
        "rank": "rang {rank} pour {criterion}",
        "in_year": " en {year}",
        "before_year": " avant {year}",
        "behind": ", derrière {label}",
        "large": (
            "{n} nœuds : la mise en page s'arrête après {iterations} itérations et les libellés des liens sont masqués ; "
            "restreignez la vue au voisinage d'une entité ou à certains types"
        ),
    },
}

_TEMPLATES = Path(__file__).with_name("templates")


class ViewError(KGError):
    """A view, export or statistic cannot be made from what was asked (unknown entity or type, empty selection, bad path)."""


# --------------------------------------------------------------------------
# Projection to networkx
# --------------------------------------------------------------------------


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ViewError(f"language {lang!r} is not available; use one of {', '.join(LANGS)}")
    return lang


#: What views are made from: a KnowledgeGraph, or an rdflib Dataset or Graph (with the default project).
GraphSource = KnowledgeGraph | Dataset | Graph


def _as_graph(source: GraphSource) -> tuple[Graph, Project]:
    """The union graph and the project of a KnowledgeGraph, an rdflib Dataset or an rdflib Graph."""
    if isinstance(source, KnowledgeGraph):
        return source.graph, source.project
    if isinstance(source, Dataset) and not source.default_union:
        return union_graph(source), Project.default()
    if isinstance(source, Graph):
        return source, Project.default()
    raise ViewError(f"cannot make a graph view of a {type(source).__name__}; pass a KnowledgeGraph or an rdflib Graph")


class _Index:
    """The triples, read once into dictionaries, with the named graphs holding each relation: rdflib's lookups on a
    Dataset in union mode cost microseconds each (measured: 7 s to project 10,000 nodes through them, 1 s this way)."""

    def __init__(self, graph: Graph, project: Project) -> None:
        self.spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self.by_p: dict[Node, dict[tuple[Node, Node], None]] = defaultdict(dict)
        self.contexts: dict[tuple[Node, Node, Node], set[str]] = defaultdict(set)
        self.namespace_manager = graph.namespace_manager
        quads: Iterable[tuple[Node, Node, Node, Any]]
        if isinstance(graph, Dataset):
            quads = graph.quads((None, None, None, None))
        else:
            quads = ((s, p, o, None) for s, p, o in graph)
        names: dict[Any, str] = {}
        for s, p, o, context in quads:
            self.spo.setdefault(s, {}).setdefault(p, {})[o] = None
            self.by_p[p][(s, o)] = None
            if context is not None and isinstance(o, URIRef):
                key = getattr(context, "identifier", context)
                if key not in names:
                    names[key] = _graph_name(key, project)
                self.contexts[(s, p, o)].add(names[key])

    def objects(self, s: Node, p: Node) -> list[Node]:
        return list(self.spo.get(s, {}).get(p, ()))

    def value(self, s: Node, p: Node) -> Node | None:
        found = self.spo.get(s, {}).get(p)
        if not found:
            return None
        return next(iter(found)) if len(found) == 1 else min(found, key=str)

    def predicate_objects(self, s: Node) -> list[tuple[Node, Node]]:
        return [(p, o) for p, objects in self.spo.get(s, {}).items() for o in objects]

    def subject_objects(self, p: Node) -> list[tuple[Node, Node]]:
        return list(self.by_p.get(p, ()))

    def subjects(self, p: Node) -> list[Node]:
        return list(dict.fromkeys(s for s, _ in self.by_p.get(p, ())))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self.spo.get(s, {}).get(p, {})

    def graphs(self, s: Node, p: Node, o: Node) -> list[str]:
        return sorted(self.contexts.get((s, p, o), set()) - {""})


def _local(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


class _Labels:
    """Labels in one language, with the other language, then any label, then the local name as fallbacks."""

    def __init__(self, graph: _Index, lang: str) -> None:
        self.graph = graph
        self.lang = lang
        self.cache: dict[Node, str] = {}

    def pick(self, node: Node, *props: URIRef) -> str | None:
        found: dict[str, str] = {}
        for prop in props:
            for value in self.graph.objects(node, prop):
                if isinstance(value, Literal):
                    found.setdefault(value.language or "", str(value))
            if self.lang in found:
                return found[self.lang]
        for lang in (self.lang, *LANGS, ""):
            if lang in found:
                return found[lang]
        return next(iter(found.values()), None)

    def __call__(self, node: Node) -> str:
        if node not in self.cache:
            self.cache[node] = self.pick(node, RDFS.label, SKOS.prefLabel, DCTERMS.title) or _local(node)
        return self.cache[node]


@dataclass
class _ClassInfo:
    name: str
    label: str
    family: str
    depth: int
    ancestors: list[str]
    names: list[str]  # labels in every language, for selecting types


def _class_table(graph: _Index, labels: _Labels, with_claims: bool) -> dict[Node, _ClassInfo]:
    """okg classes under the node families, with their family, depth and ancestors (okg:Company -> Organization)."""
    parents: dict[URIRef, list[URIRef]] = defaultdict(list)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and str(sup).startswith(str(OKG)):
            parents[sub].append(sup)
    families = set(NODE_FAMILIES) | ({CLAIM_FAMILY} if with_claims else set())
    table: dict[Node, _ClassInfo] = {}
    candidates = set(parents) | {OKG[f] for f in families}
    for cls in candidates:
        if not str(cls).startswith(str(OKG)):
            continue
        chain: list[URIRef] = []
        todo, seen = [cls], set()
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            chain.append(current)
            todo.extend(sorted(parents.get(current, [])))
        names = [_local(c) for c in chain]
        family = next((n for n in names if n in families), None)
        if family is None:
            continue
        spellings = sorted({str(o) for o in graph.objects(cls, RDFS.label)})
        table[cls] = _ClassInfo(_local(cls), labels(cls), family, names.index(family), names, spellings)
    return table


_EVIDENCE, _SELECTOR, _EXACT = OKG.evidence, OA.hasSelector, OA.exact


def _quotes(graph: _Index, node: Node) -> list[str]:
    """Exact quotes of a claim's or an entity's evidence, in evidence order."""
    out: list[str] = []
    for evidence in sorted(graph.objects(node, _EVIDENCE), key=str):
        for selector in sorted(graph.objects(evidence, _SELECTOR), key=str):
            out.extend(str(q) for q in graph.objects(selector, _EXACT))
    return out


def _number(value: Literal, lang: str) -> str:
    number = value.toPython()
    if isinstance(number, Decimal) and number == number.to_integral_value():
        number = int(number)
    if isinstance(number, int) and not isinstance(number, bool):
        text = f"{number:,}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    return str(value)


@dataclass
class _Claim:
    iri: URIRef
    subject: Node
    predicate: Node
    value: Node
    quotes: list[str]
    claimant: Node | None
    stated_at: Node | None
    statement: str | None


def _claims(graph: _Index, labels: _Labels) -> list[_Claim]:
    out = []
    spo = (OKG.subject, OKG.predicate, OKG.object)
    claimant, stated_at, statement = OKG.claimant, OKG.statedAt, OKG.statement
    for claim in sorted({c for c in graph.subjects(spo[0]) if isinstance(c, URIRef)}, key=str):
        subject, predicate, value = (graph.value(claim, p) for p in spo)
        if subject is None or predicate is None or value is None:
            continue
        out.append(
            _Claim(
                claim,
                subject,
                predicate,
                value,
                _quotes(graph, claim),
                graph.value(claim, claimant),
                graph.value(claim, stated_at),
                labels.pick(claim, statement),
            )
        )
    return out


_FACT_ORDER = {"QuantitativeClaim": 0, "RankingClaim": 1, "QualitativeClaim": 2}


def _fact_text(graph: _Index, claim: _Claim, labels: _Labels) -> str:
    """A claim with a literal value as one line: `revenue: 14,000,000,000 MAD (2019)`, `rank 3 for foreign-currency earnings`."""
    ui = _UI[labels.lang]
    value = claim.value
    assert isinstance(value, Literal)
    year = graph.value(claim.iri, OKG.year)
    before = graph.value(claim.iri, OKG.beforeYear)
    if (claim.iri, RDF.type, OKG.RankingClaim) in graph:
        criterion = graph.value(claim.iri, OKG.rankingCriterion)
        text = ui["rank"].format(rank=value, criterion=labels(criterion) if criterion is not None else "?")
        behind = graph.value(claim.iri, OKG.rankedBehind)
        text += ui["in_year"].format(year=year) if year is not None else ""
        text += ui["before_year"].format(year=before) if before is not None else ""
        text += ui["behind"].format(label=labels(behind)) if behind is not None else ""
        return text
    if (claim.iri, RDF.type, OKG.QuantitativeClaim) in graph:
        unit = graph.value(claim.iri, OKG.currency) or graph.value(claim.iri, OKG.unit)
        more = ui["more_than"] if graph.value(claim.iri, OKG.lowerBound) is not None else ""
        unit_text = "" if unit is None else " " + (str(unit) if isinstance(unit, Literal) else labels(unit))
        text = f"{labels(claim.predicate)}{ui['colon']}{more}{_number(value, labels.lang)}{unit_text}"
        return text + (f" ({year})" if year is not None else "")
    if claim.predicate == OKG.statement:
        return claim.statement or str(value)
    return f"{labels(claim.predicate)}{ui['colon']}{value}"


def _short_id(iri: Node, project: Project) -> str:
    prefix = project.base + "id/"
    text = str(iri)
    return text[len(prefix) :] if text.startswith(prefix) else text


def to_networkx(source: GraphSource, *, lang: str = "en", with_claims: bool = False) -> nx.MultiDiGraph:
    """Project the knowledge graph onto a directed multigraph of entities and domain relations.

    Nodes are keyed by short id (``org/intelcia``) with ``label`` (in ``lang``), ``class``, ``class_label``,
    ``family``, ``iri`` and, where known, ``aliases``, ``wikidata``, ``mentions`` (quotes), ``documents`` and
    ``facts`` (literal-valued claims with their quotes). Edges are keyed by relation (``launched``) with
    ``label``, ``iri``, ``quotes``, ``claims``, ``claimants`` and ``graphs`` (named graphs holding the triple).
    With ``with_claims``, claims become nodes linked to their subject, value, claimant and event.
    """
    import networkx as nx

    _check_lang(lang)
    rdf, project = _as_graph(source)
    graph = _Index(rdf, project)
    labels = _Labels(graph, lang)
    ui = _UI[lang]
    classes = _class_table(graph, labels, with_claims)

    # Nodes: instances of the node classes, each with its most specific class.
    chosen: dict[Node, Node] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and cls in classes:
            current = chosen.get(subject)
            if current is None or (classes[cls].depth, str(cls)) > (classes[current].depth, str(current)):
                chosen[subject] = cls
    ids = {iri: _short_id(iri, project) for iri in chosen}
    claims = _claims(graph, labels)
    claims_by_iri: dict[Node, _Claim] = {c.iri: c for c in claims}

    out = nx.MultiDiGraph(lang=lang, with_claims=with_claims)
    out.graph["classes"] = {}
    for iri in sorted(chosen, key=lambda i: ids[i]):
        info = classes[chosen[iri]]
        out.graph["classes"][info.name] = {
            "label": info.label,
            "family": info.family,
            "ancestors": info.ancestors,
            "names": info.names,
            "shape": FAMILY_SHAPES[info.family],
            "color": CLASS_COLOURS.get(info.name, CLASS_COLOURS[info.family]),
        }
        attrs: dict[str, Any] = {"label": labels(iri), "class": info.name, "class_label": info.label, "family": info.family}
        attrs["iri"] = str(iri)
        if info.family == CLAIM_FAMILY:
            claim = claims_by_iri[iri]
            attrs["label"] = _claim_label(graph, claim, labels)
            attrs["quotes"] = claim.quotes
        aliases = sorted({str(a) for a in graph.objects(iri, SKOS.altLabel)} - {attrs["label"]})
        if aliases:
            attrs["aliases"] = aliases
        wikidata = sorted(_local(o) for o in graph.objects(iri, OWL.sameAs) if str(o).startswith("http://www.wikidata.org/entity/"))
        if wikidata:
            attrs["wikidata"] = wikidata[0]
        mentions = _quotes(graph, iri) if info.family != CLAIM_FAMILY else []
        if mentions:
            attrs["mentions"] = mentions
        documents = sorted(_short_id(d, project) for d in graph.objects(iri, OKG.mentionedIn))
        if documents:
            attrs["documents"] = documents
        for prop, value in sorted(graph.predicate_objects(iri), key=lambda po: (str(po[0]), str(po[1]))):
            # Object properties pointing outside the nodes (a post's role, a unit): an attribute named after the property.
            name = _local(prop)
            if isinstance(value, URIRef) and value not in chosen and prop not in _NOT_EDGES and str(prop).startswith(str(OKG)):
                if name not in attrs and name not in ("evidence", "subject", "predicate", "object"):
                    attrs[name] = labels(value)
        out.add_node(ids[iri], **attrs)

    # Facts: claims whose value is a literal, as attributes of their subject.
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_triple: dict[tuple[Node, Node, Node], list[_Claim]] = defaultdict(list)
    for claim in claims:
        by_triple[(claim.subject, claim.predicate, claim.value)].append(claim)
        if isinstance(claim.value, Literal) and claim.subject in ids:
            facts[ids[claim.subject]].append(
                {
                    "text": _fact_text(graph, claim, labels),
                    "quotes": claim.quotes,
                    "claimant": _claimant_text(claim, labels, ui),
                    "claim": _short_id(claim.iri, project),
                    "kind": _local(graph.value(claim.iri, RDF.type) or OKG.Claim),
                }
            )
    for node, items in facts.items():
        out.nodes[node]["facts"] = sorted(items, key=lambda f: (_FACT_ORDER.get(f["kind"], 9), f["claim"]))

    # Edges: every triple between two nodes, plus comparisons made by claims (subject -> ranked behind -> other).
    def add_edge(s: Node, p: Node, o: Node, backing: list[_Claim], where: tuple[Node, Node, Node]) -> None:
        key = _local(p) if str(p).startswith(str(OKG)) else graph.namespace_manager.normalizeUri(p)  # type: ignore[arg-type]
        if not out.has_edge(ids[s], ids[o], key):
            graphs = graph.graphs(*where)
            data = {"label": labels(p), "relation": key, "iri": str(p), "quotes": [], "claims": [], "claimants": [], "graphs": graphs}
            out.add_edge(ids[s], ids[o], key=key, **data)
        data = out.edges[ids[s], ids[o], key]
        for claim in backing:
            data["claims"].append(_short_id(claim.iri, project))
            data["quotes"].extend(q for q in claim.quotes if q not in data["quotes"])
            said = _claimant_text(claim, labels, ui)
            if said and said not in data["claimants"]:
                data["claimants"].append(said)

    for s in sorted(chosen, key=lambda n: ids[n]):
        is_claim = classes[chosen[s]].family == CLAIM_FAMILY
        for p, o in sorted(graph.predicate_objects(s), key=lambda po: (str(po[0]), str(po[1]))):
            if o in chosen and o != s and isinstance(p, URIRef) and p not in _NOT_EDGES:
                add_edge(s, p, o, [] if is_claim else by_triple.get((s, p, o), []), (s, p, o))
    for claim in claims:
        for qualifier in _COMPARISONS:
            for other in sorted(graph.objects(claim.iri, qualifier), key=str):
                if claim.subject in chosen and other in chosen and claim.subject != other:
                    add_edge(claim.subject, qualifier, other, [claim], (claim.iri, qualifier, other))
    return out


def _graph_name(context: Any, project: Project) -> str:
    if context is None:
        return ""
    identifier = getattr(context, "identifier", context)
    text = str(identifier)
    prefix = project.base + "graph/"
    return text[len(prefix) :] if text.startswith(prefix) else ""


def _claimant_text(claim: _Claim, labels: _Labels, ui: dict[str, str]) -> str:
    """`said by Youssef Chraibi at talk ...`, or empty when the document itself claims."""
    if claim.claimant is None or (claim.claimant, RDF.type, OKG.SourceDocument) in labels.graph:
        return ""
    text = f"{ui['said_by']} {labels(claim.claimant)}"
    if claim.stated_at is not None:
        text += f" {ui['stated_at']} {labels(claim.stated_at)}"
    return text


def _claim_label(graph: _Index, claim: _Claim, labels: _Labels) -> str:
    if isinstance(claim.value, Literal):
        return _fact_text(graph, claim, labels)
    return claim.statement or f"{labels(claim.subject)} {labels(claim.predicate)} {labels(claim.value)}"


# --------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------


def node_index(graph: nx.MultiDiGraph) -> EntityIndex:
    """The projection's nodes in the entity index, by id, label and aliases."""
    index = EntityIndex()
    for node, data in sorted(graph.nodes(data=True)):
        label = data.get("label", "")
        index.add(node, [label, *data.get("aliases", [])], labels={"": label} if label else {})
    return index


def find_node(graph: nx.MultiDiGraph, text: str) -> str:
    """The node an entity reference names: its id (org/intelcia), IRI, slug (intelcia), label or alias (any case).

    Raises AmbiguousName or UnknownName (with the closest nodes) from the entity index.
    """
    wanted = text.strip()
    by_iri = sorted(n for n, d in graph.nodes(data=True) if d.get("iri") == wanted)
    if len(by_iri) == 1:
        return str(by_iri[0])
    return node_index(graph).resolve(wanted)


def _type_names(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Every accepted spelling of a type (class name, or its label in any language, any case) -> the classes it covers."""
    classes = graph.graph.get("classes", {})
    names: dict[str, set[str]] = defaultdict(set)
    for cls, info in classes.items():
        for ancestor in info["ancestors"]:
            names[ancestor.casefold()].add(cls)
            for label in classes.get(ancestor, {}).get("names", []):
                names[label.casefold()].add(cls)
        for label in info.get("names", [info["label"]]):
            names[label.casefold()].add(cls)
    return names


def select(graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, types: Sequence[str] = ()) -> nx.MultiDiGraph:
    """The part of a projection to show: the neighbourhood of `focus` (up to `depth` hops, either direction),
    then only nodes of `types` (the focus stays). Raises ViewError on an unknown entity or type, or an empty result."""
    import networkx as nx

    if depth < 0:
        raise ViewError(f"depth must be 0 or more, got {depth}")
    wanted = [t.strip() for item in types for t in item.split(",") if t.strip()]
    names = _type_names(graph)
    keep: set[str] | None = None
    if wanted:
        keep = set()
        for name in wanted:
            if name.casefold() not in names:
                present = sorted({c.casefold() for c in graph.graph.get("classes", {})})
                near = suggest(name, names)
                hint = f"did you mean {', '.join(near)}? " if near else ""
                raise ViewError(f"unknown type {name!r}; {hint}types in this graph: {', '.join(present)}")
            keep |= names[name.casefold()]
    nodes = set(graph)
    center = None
    if focus is not None:
        center = find_node(graph, focus)
        nodes = set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth))
    if keep is not None:
        matching = {n for n in nodes if graph.nodes[n]["class"] in keep}
        if not matching:
            where = f" within {depth} hop(s) of {graph.nodes[center]['label']}" if center else ""
            raise ViewError(f"the selection is empty: no node of type {', '.join(wanted)}{where}; nothing to show")
        nodes = matching | ({center} if center else set())
    if not nodes:
        raise ViewError("the selection is empty: the graph has no entity to show")
    sub = graph.subgraph(nodes).copy()
    sub.graph["focus"] = center
    sub.graph["depth"] = depth if center else None
    sub.graph["types"] = wanted
    return sub


# --------------------------------------------------------------------------
# HTML view
# --------------------------------------------------------------------------


def _asset(*parts: str) -> str:
    """A file pyvis ships (vis-network), found without importing pyvis (which imports IPython)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ViewError("pyvis is not installed; `pip install pyvis` (it ships vis-network, which the view inlines)")
    path = Path(next(iter(spec.submodule_search_locations)), "templates", "lib", "vis-9.1.2", *parts)
    return path.read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _truncate(text: str, limit: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_tip(node: str, data: dict[str, Any], ui: dict[str, str], max_facts: int = 12) -> dict[str, Any]:
    lines = [[ui["id"], node]]
    if data.get("aliases"):
        lines.append([ui["aliases"], ", ".join(data["aliases"])])
    if data.get("wikidata"):
        lines.append([ui["wikidata"], data["wikidata"]])
    for key, value in sorted(data.items()):
        if key not in _NODE_KEYS and isinstance(value, str):
            lines.append([key, value])
    if data.get("documents"):
        lines.append([ui["documents"], ", ".join(data["documents"])])
    facts = [[f["text"], f.get("claimant", ""), f["quotes"][:2]] for f in data.get("facts", [])]
    if len(facts) > max_facts:
        facts = [*facts[:max_facts], [ui["more"].format(n=len(facts) - max_facts), "", []]]
    quotes = list(dict.fromkeys([*data.get("mentions", []), *data.get("quotes", [])]))[:4]
    heading = ui["quotes"] if data.get("quotes") else ui["mentions"]
    tip = {"title": data["label"], "subtitle": data["class_label"], "lines": lines, "facts": facts, "quotes": quotes}
    tip["quotes_heading"] = heading
    return tip


_NODE_KEYS = {"label", "class", "class_label", "family", "iri", "aliases", "wikidata", "mentions", "documents", "facts", "quotes"}


def _edge_tip(u: str, v: str, data: dict[str, Any], graph: nx.MultiDiGraph, ui: dict[str, str]) -> dict[str, Any]:
    lines = [[ui["said_by"], c.removeprefix(ui["said_by"] + " ")] for c in data.get("claimants", [])]
    if not data.get("quotes") and "reference" in data.get("graphs", []):
        lines.append(["", ui["reference"]])
    return {
        "title": f"{graph.nodes[u]['label']} → {data['label']} → {graph.nodes[v]['label']}",
        "subtitle": data.get("relation", ""),
        "lines": lines,
        "facts": [],
        "quotes": data.get("quotes", [])[:4],
    }


def stabilisation_iterations(nodes: int) -> int:
    """Layout iterations before physics stops: up to 600, fewer as the graph grows (a budget of node-iterations),
    at most 120 for a large graph and never under 20."""
    cap = LARGE_STABILISATION_ITERATIONS if nodes > LARGE_GRAPH else STABILISATION_ITERATIONS
    return max(20, min(cap, LARGE_STABILISATION_BUDGET // max(nodes, 1)))


def _spiral_positions(graph: nx.MultiDiGraph, order: list[str], spacing: float = 40.0) -> list[tuple[float, float]]:
    """Starting positions for a large graph, so that a short layout still shows structure: nodes in breadth-first order
    (component after component) along a sunflower spiral, which puts neighbours near each other."""
    import networkx as nx

    undirected = graph.to_undirected(as_view=True)
    sequence: list[str] = []
    seen: set[str] = set()
    for start in order:
        if start not in seen:
            component = [start, *(v for _, v in nx.bfs_edges(undirected, start, sort_neighbors=sorted))]
            seen.update(component)
            sequence.extend(component)
    rank = {node: i for i, node in enumerate(sequence)}
    golden = math.pi * (3 - math.sqrt(5))
    out = []
    for node in order:
        k = rank[node]
        radius = spacing * math.sqrt(k)
        out.append((round(radius * math.cos(k * golden), 1), round(radius * math.sin(k * golden), 1)))
    return out


def _curve(index: int, forward: bool) -> dict[str, Any]:
    """Spread parallel edges between the same two nodes on alternate sides, growing curvature."""
    clockwise = (index % 2 == 0) == forward
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": 0.18 * (index // 2 + 1)}


def _view_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    ui = _UI[lang]
    large = graph.number_of_nodes() > LARGE_GRAPH
    classes = graph.graph.get("classes", {})
    degree = dict(graph.degree())
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        style = classes.get(data["class"], {"shape": "dot", "color": "#888888"})
        deg = degree.get(node, 0)
        item: dict[str, Any] = {
            "id": node,
            "label": _truncate(data["label"], 40 if data["family"] == CLAIM_FAMILY else 60),
            "shape": style["shape"],
            "color": {
                "background": style["color"],
                "border": "#333333",
                "highlight": {"background": style["color"], "border": "#000000"},
                "hover": {"background": style["color"], "border": "#000000"},
            },
            "size": round(min(14 + 5 * math.sqrt(deg), 48), 1),
            "tip": _node_tip(node, data, ui),
        }
        if data["family"] == "SourceDocument":
            item["font"] = {"color": "#ffffff", "size": 13, "strokeWidth": 0}
            item["margin"] = 8
        elif data["family"] == CLAIM_FAMILY:
            item["size"] = round(item["size"] * 0.6, 1)
            item["font"] = {"size": 11, "color": "#555555"}
        elif deg >= 6:
            item["font"] = {"size": 17, "bold": True}
        nodes.append(item)
    edges = []
    groups: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, key in sorted(graph.edges(keys=True)):
        groups[frozenset((u, v))].append((u, v, key))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        item = {"id": f"{u}|{key}|{v}", "from": u, "to": v, "tip": _edge_tip(u, v, data, graph, ui)}
        if not large:
            item["label"] = data["label"]
        group = groups[frozenset((u, v))]
        if len(group) > 1 and not large:
            item["smooth"] = _curve(group.index((u, v, key)), u <= v)
        edges.append(item)
    legend = []
    counts = Counter(d["class"] for _, d in graph.nodes(data=True))
    family_order = {f: i for i, f in enumerate((*NODE_FAMILIES, CLAIM_FAMILY))}
    for cls, count in sorted(counts.items(), key=lambda kv: (family_order.get(classes[kv[0]]["family"], 99), kv[0])):
        info = classes[cls]
        legend.append({"label": info["label"], "shape": info["shape"], "color": info["color"], "count": count})
    iterations = stabilisation_iterations(graph.number_of_nodes())
    if large:
        for item, (x, y) in zip(nodes, _spiral_positions(graph, [n["id"] for n in nodes]), strict=True):
            item["x"], item["y"] = x, y
    notes = [ui["large"].format(n=f"{graph.number_of_nodes():,}", iterations=iterations)] if large else []
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": graph.number_of_nodes() <= 300},
        "nodes": {
            "borderWidth": 1,
            "widthConstraint": {"maximum": 170},
            "font": {"size": 14, "face": "DejaVu Sans, Helvetica, Arial, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 11, "color": "#555555", "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1.2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut" if large else "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -160,
                "centralGravity": 0.01,
                "springLength": 170,
                "springConstant": 0.05,
                "avoidOverlap": 1,
            },
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 90, "avoidOverlap": 0.1},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "notes": notes,
        "options": options,
        "ui": {k: ui[k] for k in ("nodes", "edges", "legend", "facts", "quotes", "mentions", "hint", "laying_out")},
        "large": large,
    }


def render_html(graph: nx.MultiDiGraph, *, lang: str = "en", title: str | None = None) -> str:
    """One self-contained HTML page (vis-network, its CSS and the data inlined; a Content-Security-Policy that
    allows no network and only the page's own scripts) drawing `graph`, a projection or a selection of it."""
    _check_lang(lang)
    if graph.number_of_nodes() == 0:
        raise ViewError("the selection is empty: nothing to show")
    title = title or _title(graph, lang)
    data = _view_data(graph, lang=lang, title=title)
    # The source-map comment would make developer tools fetch a file that is not there.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", _asset("vis-network.min.js"))
    app_js = (_TEMPLATES / "view.js").read_text(encoding="utf-8")
    css = _asset("vis-network.css") + "\n" + (_TEMPLATES / "view.css").read_text(encoding="utf-8")
    for script in (vis_js, app_js):
        if "</script" in script.lower():
            raise ViewError("a bundled script contains </script>; cannot inline it safely")
    hashes = " ".join(f"'sha256-{_b64_sha256(s)}'" for s in (vis_js, app_js))
    csp = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        '<div id="okg-graph"></div>\n'
        '<div id="okg-header"></div>\n<div id="okg-legend"></div>\n'
        f'<script type="application/json" id="okg-data">{_json_for_script(data)}</script>\n'
        f"<script>{vis_js}</script>\n"
        f"<script>{app_js}</script>\n"
        "</body>\n</html>\n"
    )


def _b64_sha256(text: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _title(graph: nx.MultiDiGraph, lang: str) -> str:
    ui = _UI[lang]
    focus = graph.graph.get("focus")
    if focus and focus in graph:
        depth = graph.graph.get("depth")
        what = ui["around"].format(label=graph.nodes[focus]["label"], depth=depth, hops=ui["hop"] if depth == 1 else ui["hops"])
    else:
        what = ui["ecosystem"]
    return f"outsourcing-kg: {what}"


@dataclass
class View:
    """An HTML view: the page, the graph it draws and any warning. Displays inline in Jupyter (an iframe with
    `srcdoc`, no file written); `save(path)` writes it."""

    html: str
    graph: Any
    title: str
    warnings: list[str] = field(default_factory=list)
    height: int = 640

    @property
    def nodes(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def edges(self) -> int:
        return int(self.graph.number_of_edges())

    def _repr_html_(self) -> str:
        # sandbox without allow-same-origin: the page's scripts run in an opaque origin, apart from the notebook.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="{html.escape(self.title, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        return write_file(Path(path), self.html.encode("utf-8"))

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def make_view(
    source: GraphSource,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
    height: int = 640,
) -> View:
    """Project, select and render: the HTML view of the graph, or of the part of it asked for."""
    full = to_networkx(source, lang=lang, with_claims=with_claims)
    shown = select(full, focus=focus, depth=depth, types=types)
    warnings = []
    n = shown.number_of_nodes()
    if n > LARGE_GRAPH:
        warnings.append(
            f"{n:,} nodes is a large view: it lays out for {stabilisation_iterations(n)} iterations, "
            "then physics stops; narrow it to an entity's neighbourhood (focus) or to some types"
        )
    page = render_html(shown, lang=lang)
    return View(page, shown, _title(shown, lang), warnings, height)


def default_view_path(project: Project, focus_node: str | None) -> Path:
    """views/ecosystem.html, or views/<slug>.html for a focused view, in the project folder (git-ignored)."""
    name = "ecosystem" if focus_node is None else re.sub(r"[^a-z0-9-]+", "-", focus_node.rsplit("/", 1)[-1].lower())
    return project.root / "views" / f"{name}.html"


def write_view(
    source: GraphSource,
    output: str | Path | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
) -> tuple[View, Path]:
    """Write the view to `output` (default: views/ecosystem.html or views/<entity>.html in the project folder)."""
    view = make_view(source, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
    if output is None:
        _, project = _as_graph(source)
        path = default_view_path(project, view.graph.graph.get("focus"))
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        path = Path(output)
    return view, write_file(path, view.html.encode("utf-8"))


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
    lines += [f"  {_truncate(d['label'], 40):42} {d['degree']}" for d in report["degree"]]
    sample = f", estimated from {report['betweenness_sample']} sources" if report["betweenness_sample"] else ""
    lines.append(f"Betweenness centrality (top, normalised{sample}):")
    lines += [f"  {_truncate(b['label'], 40):42} {b['betweenness']:.4f}" for b in report["betweenness"]]
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


def _export(source: GraphSource | nx.MultiDiGraph, path: str | Path | None, fmt: str, *, lang: str, with_claims: bool) -> bytes:
    import io

    import networkx as nx

    graph = source if isinstance(source, nx.MultiDiGraph) else to_networkx(source, lang=lang, with_claims=with_claims)
    flat = flat_graph(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    data = buffer.getvalue()
    if path is not None:
        write_file(Path(path), data)
    return data
