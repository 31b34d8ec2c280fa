"""What the static site reads from a graph, a batch at a time: entities, claims with their evidence, source documents.

Every read is SPARQL through the KnowledgeGraph's engine (rdflib in memory or Oxigraph on disk), with the IRIs of a
batch joined through a VALUES block (IRIs taken from the graph itself, never text typed by someone), so a site is
made in memory bounded by the batch size and the largest entity, not by the size of the graph.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..graph.knowledge import KnowledgeGraph
from ..project import OKG

#: IRIs per VALUES block.
BATCH = 200
#: Characters of the source text shown before and after a quote on a claim page.
CONTEXT_CHARS = 160
#: Kinds of things under the base's `id/` that get no entity page: claims get their own pages, and evidence of
#: mentions is shown on the pages of what is mentioned.
NOT_ENTITY_KINDS = ("claim", "mention", "document")

_SAFE_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*")


def chunks(items: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def values(iris: Iterable[str]) -> str:
    return " ".join(URIRef(i).n3() for i in iris)


@dataclass
class Evidence:
    """One quote: the source document, the exact words, their offsets (characters) and the text around them."""

    document: str
    exact: str
    start: int
    end: int
    before: str = ""
    after: str = ""


@dataclass
class Claim:
    """A claim's own statements (predicate IRI -> objects) and its evidence, sorted by document and offset."""

    iri: str
    props: dict[str, list[Node]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def one(self, prop: URIRef) -> Node | None:
        found = self.props.get(str(prop), [])
        return found[0] if found else None


@dataclass
class Entity:
    """An entity's own statements, the claims that name it (claim IRI, role) and where it is mentioned."""

    iri: str
    props: dict[str, list[Node]] = field(default_factory=dict)
    incoming: list[tuple[str, str]] = field(default_factory=list)  # (subject IRI, predicate IRI) of truthy triples
    roles: list[tuple[str, str]] = field(default_factory=list)  # (role, claim IRI), sorted
    mentions: list[Evidence] = field(default_factory=list)


class GraphReader:
    """The reads the site makes, each over a batch of IRIs."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.id_base = kg.project.base + "id/"

    def rows(self, text: str) -> list[tuple[Node | None, ...]]:
        return self.kg.sparql_result(text).rows

    # -- what there is -------------------------------------------------------
    def kind(self, iri: str) -> str:
        rest = iri[len(self.id_base) :] if iri.startswith(self.id_base) else ""
        return rest.split("/", 1)[0] if "/" in rest else ""

    def page_path(self, iri: str) -> str:
        """Where an IRI's page goes, inside a language's tree: the IRI's path under the base (`id/org/intelcia`), or
        a hash of the IRI when that path holds characters a file name should not."""
        rest = iri[len(self.id_base) :] if iri.startswith(self.id_base) else ""
        if rest and _SAFE_PATH.fullmatch(rest):
            return f"id/{rest}"
        return "id/_/" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:24]

    def entities(self) -> list[str]:
        """Typed IRIs under the base's `id/` that get an entity page, sorted."""
        found = self.rows(f'SELECT DISTINCT ?e WHERE {{ ?e a ?t . FILTER (STRSTARTS(STR(?e), "{self.id_base}")) }}')
        out = {str(row[0]) for row in found if isinstance(row[0], URIRef)}
        return sorted(i for i in out if self.kind(i) and self.kind(i) not in NOT_ENTITY_KINDS)

    def documents(self) -> list[str]:
        return sorted({str(r[0]) for r in self.rows("SELECT DISTINCT ?d WHERE { ?d a okg:SourceDocument }") if isinstance(r[0], URIRef)})

    def claims(self) -> list[str]:
        found = self.rows("SELECT DISTINCT ?c WHERE { ?c okg:predicate ?p ; okg:evidence ?e }")
        return sorted({str(r[0]) for r in found if isinstance(r[0], URIRef)})

    def class_depths(self) -> dict[str, int]:
        """Each class of the ontology with its depth under its roots (a deeper class is more specific)."""
        parents: dict[str, set[str]] = defaultdict(set)
        for child, parent in self.rows("SELECT ?c ?s WHERE { ?c rdfs:subClassOf ?s . FILTER (isIRI(?c) && isIRI(?s)) }"):
            parents[str(child)].add(str(parent))
        depth: dict[str, int] = {}

        def of(c: str, seen: frozenset[str] = frozenset()) -> int:
            if c not in depth:
                depth[c] = 1 + max((of(p, seen | {c}) for p in parents.get(c, ()) if p not in seen), default=-1)
            return depth[c]

        for name in list(parents):
            of(name)
        return depth

    def class_counts(self) -> list[tuple[str, int]]:
        found = self.rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
        okg = str(OKG)
        return sorted(
            ((str(c), int(n.toPython())) for c, n in found if isinstance(n, Literal) and str(c).startswith(okg)),
            key=lambda kv: (-kv[1], kv[0]),
        )

    def dataset_facts(self) -> dict[str, list[str]]:
        """What the graph says about itself: build date, licence, creator, version, years of the claims."""
        facts: dict[str, list[str]] = defaultdict(list)
        queries = {
            "built": "SELECT DISTINCT ?v WHERE { ?x prov:generatedAtTime|dcterms:modified ?v }",
            "license": "SELECT DISTINCT ?v WHERE { ?x a owl:Ontology ; dcterms:license ?v }",
            "creator": "SELECT DISTINCT ?v WHERE { ?x a owl:Ontology ; dcterms:creator ?v }",
            "version": "SELECT DISTINCT ?v WHERE { ?x a owl:Ontology ; owl:versionInfo ?v }",
            "years": "SELECT (MIN(STR(?y)) AS ?v) (MAX(STR(?y)) AS ?w) WHERE { ?c okg:year ?y }",
        }
        for key, text in queries.items():
            for row in self.rows(text):
                facts[key].extend(str(v) for v in row if v is not None)
        return {k: sorted(set(v)) for k, v in facts.items()}

    # -- batches ---------------------------------------------------------------
    def entity_batch(self, iris: Sequence[str]) -> dict[str, Entity]:
        """Own statements, truthy triples pointing at them, claims naming them and mentions, for a batch of entities."""
        out = {i: Entity(i) for i in iris}
        block = values(iris)
        for e, p, o in self.rows(f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {block} }} ?e ?p ?o . FILTER (?p != okg:text) }}"):
            if o is not None:
                out[str(e)].props.setdefault(str(p), []).append(o)
        claim, mention = self.id_base + "claim/", self.id_base + "mention/"
        incoming = (
            f"SELECT ?o ?s ?p WHERE {{ VALUES ?o {{ {block} }} ?s ?p ?o . "
            f'FILTER (isIRI(?s) && !STRSTARTS(STR(?s), "{claim}") && !STRSTARTS(STR(?s), "{mention}")) }}'
        )
        for o, s, p in self.rows(incoming):
            out[str(o)].incoming.append((str(s), str(p)))
        roles = (
            f"SELECT ?e ?role ?c WHERE {{ VALUES ?e {{ {block} }} "
            '{ ?c okg:subject ?e BIND ("subject" AS ?role) } UNION { ?c okg:object ?e BIND ("value" AS ?role) } '
            'UNION { ?c okg:claimant ?e BIND ("claimant" AS ?role) } UNION { ?c okg:statedAt ?e BIND ("event" AS ?role) } }'
        )
        for e, role, c in self.rows(roles):
            out[str(e)].roles.append((str(role), str(c)))
        mentions = (
            f"SELECT ?e ?doc ?exact ?start ?end WHERE {{ VALUES ?e {{ {block} }} ?e okg:evidence ?ev . "
            "?ev oa:hasSource ?doc ; oa:hasSelector ?q , ?pos . ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end }"
        )
        for e, doc, exact, start, end in self.rows(mentions):
            out[str(e)].mentions.append(Evidence(str(doc), str(exact), _int(start), _int(end)))
        for entity in out.values():
            entity.incoming = sorted(set(entity.incoming))
            entity.roles = sorted(set(entity.roles), key=lambda rc: (_ROLE_ORDER.get(rc[0], 9), rc[1]))
            entity.mentions.sort(key=lambda m: (m.document, m.start, m.end, m.exact))
            for objects in entity.props.values():
                objects.sort(key=_term_key)
        return out

    def claim_batch(self, iris: Sequence[str]) -> dict[str, Claim]:
        """Claims with their statements and evidence (quote, offsets, the text around it)."""
        out: dict[str, Claim] = {}
        for part in chunks(list(iris), 500):
            block = values(part)
            for iri in part:
                out[iri] = Claim(iri)
            for c, p, o in self.rows(f"SELECT ?c ?p ?o WHERE {{ VALUES ?c {{ {block} }} ?c ?p ?o }}"):
                if o is not None:
                    out[str(c)].props.setdefault(str(p), []).append(o)
            evidence = (
                f"SELECT ?c ?doc ?exact ?start ?end ?before ?after WHERE {{ VALUES ?c {{ {block} }} "
                "?c okg:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?q , ?pos . "
                "?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end . ?doc okg:text ?text . "
                f"BIND (IF(?start > {CONTEXT_CHARS}, ?start - {CONTEXT_CHARS}, 0) AS ?from) "
                "BIND (SUBSTR(?text, ?from + 1, ?start - ?from) AS ?before) "
                f"BIND (SUBSTR(?text, ?end + 1, {CONTEXT_CHARS}) AS ?after) }}"
            )
            for c, doc, exact, start, end, before, after in self.rows(evidence):
                out[str(c)].evidence.append(Evidence(str(doc), str(exact), _int(start), _int(end), str(before or ""), str(after or "")))
        for claim in out.values():
            claim.evidence.sort(key=lambda e: (e.document, e.start, e.end, e.exact))
            for objects in claim.props.values():
                objects.sort(key=_term_key)
        return out

    def document_batch(self, iris: Sequence[str]) -> dict[str, tuple[dict[str, list[Node]], list[tuple[str, int, int, bool]]]]:
        """Each document's statements (its text included) and its annotated spans: (annotated IRI, start, end,
        is a claim), sorted by offset."""
        block = values(iris)
        props: dict[str, dict[str, list[Node]]] = {i: {} for i in iris}
        spans: dict[str, list[tuple[str, int, int, bool]]] = {i: [] for i in iris}
        for d, p, o in self.rows(f"SELECT ?d ?p ?o WHERE {{ VALUES ?d {{ {block} }} ?d ?p ?o }}"):
            if o is not None:
                props[str(d)].setdefault(str(p), []).append(o)
        found = (
            f"SELECT DISTINCT ?d ?x ?start ?end ?pred WHERE {{ VALUES ?d {{ {block} }} ?ev oa:hasSource ?d ; oa:hasSelector ?pos . "
            "?pos oa:start ?start ; oa:end ?end . ?x okg:evidence ?ev . OPTIONAL { ?x okg:predicate ?pred } }"
        )
        for d, x, start, end, pred in self.rows(found):
            spans[str(d)].append((str(x), _int(start), _int(end), pred is not None))
        for key in spans:
            spans[key] = sorted(set(spans[key]), key=lambda s: (s[1], -s[2], not s[3], s[0]))
        for mapping in props.values():
            for objects in mapping.values():
                objects.sort(key=_term_key)
        return {i: (props[i], spans[i]) for i in iris}

    def neighbourhood_triples(self, iris: Sequence[str]) -> list[tuple[Node, Node, Node]]:
        """Types and labels of a set of IRIs: what the view needs to draw them as nodes."""
        out: list[tuple[Node, Node, Node]] = []
        for part in chunks(sorted(iris), 500):
            text = (
                f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values(part)} }} ?s ?p ?o . "
                "FILTER (?p IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel)) }"
            )
            out.extend((s, p, o) for s, p, o in self.rows(text) if s is not None and p is not None and o is not None)
        return out

    def ontology_triples(self) -> list[tuple[Node, Node, Node]]:
        graph = URIRef(self.kg.project.graph_iri("ontology")).n3()
        rows = self.rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]


_ROLE_ORDER = {"subject": 0, "claimant": 1, "value": 2, "event": 3}


def _int(node: Node | None) -> int:
    try:
        return int(str(node))
    except ValueError:
        return -1


def _term_key(node: Node) -> tuple[str, str, str]:
    if isinstance(node, Literal):
        return ("1", node.language or "", str(node))
    return ("0", "", str(node))
