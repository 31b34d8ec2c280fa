"""The networkx projection of the knowledge graph, and the selection of a part of it (a focus, some types).

The projection keeps what a reader of the ecosystem cares about: entities (organisations, people, posts,
segments, sectors, places, events, source documents) become nodes, domain relations become labelled,
directed edges, and the RDF plumbing (types, labels, evidence, selectors, datatypes) becomes attributes
of those nodes and edges, with the exact quotes that back each fact. Claims can be shown as nodes too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..compile.serialise import union_graph
from ..errors import KGError
from ..graph.knowledge import KnowledgeGraph
from ..names import EntityIndex, suggest
from ..project import OA, OKG, Project

if TYPE_CHECKING:
    import networkx as nx

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

#: Words of the views (node tips, titles, notes) in each language.
UI = {
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
        "hint_large": "Hover a node for its quotes · scroll to zoom · drag to move",
        "hint_overview": "Click a kind, a source or a search result to draw it · hover a node for its quotes",
        "laying_out": "laying out…",
        "more": "and {n} more",
        "more_than": "more than ",
        "colon": ": ",
        "rank": "rank {rank} for {criterion}",
        "in_year": " in {year}",
        "before_year": " before {year}",
        "behind": ", behind {label}",
        "large": "{n} nodes: laid out ahead of time, edge labels hidden; narrow the view to an entity's neighbourhood or to some types",
        "drawing": "drawing…",
        "oversize": (
            "{n} nodes is more than a browser can lay out and draw (the limit is {limit}): pick a kind or a source below, "
            "or search for an entity to draw its neighbourhood; for a whole page of one part, use --focus ENTITY or --types TYPES"
        ),
        "kinds": "Kinds",
        "sources": "Sources",
        "search": "Search an entity",
        "search_hint": "name, alias or id",
        "overview": "Overview",
        "part_of": "{label}: {shown} of {total} nodes (most connected first)",
        "neighbourhood_of": "around {label}: {shown} nodes",
        "mentioned_in": "mentioned in {label}: {shown} of {total} nodes",
        "no_match": "no entity matches",
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
        "hint_large": "Survolez un nœud pour ses citations · molette pour zoomer · glisser pour déplacer",
        "hint_overview": "Cliquez un type, une source ou un résultat de recherche pour le dessiner · survolez un nœud pour ses citations",
        "laying_out": "mise en page…",
        "more": "et {n} de plus",
        "more_than": "plus de ",
        "colon": "\u202f: ",
        "rank": "rang {rank} pour {criterion}",
        "in_year": " en {year}",
        "before_year": " avant {year}",
        "behind": ", derrière {label}",
        "large": (
            "{n} nœuds : mise en page calculée à l'avance, libellés des liens masqués ; "
            "restreignez la vue au voisinage d'une entité ou à certains types"
        ),
        "drawing": "dessin…",
        "oversize": (
            "{n} nœuds, c'est plus qu'un navigateur ne peut mettre en page et dessiner (la limite est {limit}) : "
            "choisissez un type ou une source ci-dessous, ou cherchez une entité pour dessiner son voisinage ; "
            "pour une page entière d'une partie, utilisez --focus ENTITÉ ou --types TYPES"
        ),
        "kinds": "Types",
        "sources": "Sources",
        "search": "Chercher une entité",
        "search_hint": "nom, alias ou id",
        "overview": "Vue d'ensemble",
        "part_of": "{label} : {shown} nœuds sur {total} (les plus reliés d'abord)",
        "neighbourhood_of": "autour de {label} : {shown} nœuds",
        "mentioned_in": "mentionnés dans {label} : {shown} nœuds sur {total}",
        "no_match": "aucune entité ne correspond",
    },
}


class ViewError(KGError):
    """A view, export or statistic cannot be made from what was asked (unknown entity or type, empty selection, bad path)."""


def truncate(text: str, limit: int = 34) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def view_title(graph: nx.MultiDiGraph, lang: str) -> str:
    """The title of a view of `graph` (a projection or a selection): the ecosystem, or the neighbourhood of its focus."""
    ui = UI[lang]
    focus = graph.graph.get("focus")
    if focus and focus in graph:
        depth = graph.graph.get("depth")
        what = ui["around"].format(label=graph.nodes[focus]["label"], depth=depth, hops=ui["hop"] if depth == 1 else ui["hops"])
    else:
        what = ui["ecosystem"]
    return f"outsourcing-kg: {what}"


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
    ui = UI[labels.lang]
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
    ui = UI[lang]
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


def select(graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, types: str | Sequence[str] = ()) -> nx.MultiDiGraph:
    """The part of a projection to show: the neighbourhood of `focus` (up to `depth` hops, either direction),
    then only nodes of `types` (the focus stays). Raises ViewError on an unknown entity or type, or an empty result."""
    import networkx as nx

    if depth < 0:
        raise ViewError(f"depth must be 0 or more, got {depth}")
    # One class name or a comma-separated list is a string; several are a sequence of them.
    wanted = [t.strip() for item in ([types] if isinstance(types, str) else types) for t in item.split(",") if t.strip()]
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
