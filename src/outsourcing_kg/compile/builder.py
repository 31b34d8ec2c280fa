"""Compile ontology, reference data and annotated sources into one RDF Dataset, and write graph/build/.

The build starts from scratch every time, needs no network, and gives
byte-identical files for identical sources (no blank nodes; sorted output).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..annotations.anchoring import Anchor
from ..annotations.files import SourceFile, load_source, parse_number
from ..annotations.models import Claim, DateValue, Entity, TextValue
from ..errors import SourceError, StaleBuild
from ..io import read_turtle, write_files
from ..names import slugify, suggest
from ..project import OA, OKG, PREFIXES, SCHEMA, WD, Project
from .serialise import schema_bytes, serialise
from .validation import validate_dataset

SCHEMA_FILE = "annotation.schema.json"

_QUALITATIVE_DATATYPES = {"statement", "eventDate"}


@dataclass
class Terms:
    """What the ontology declares, to check annotation files against."""

    graph: Graph
    object_properties: set[URIRef] = field(default_factory=set)
    datatype_properties: set[URIRef] = field(default_factory=set)
    metrics: set[URIRef] = field(default_factory=set)
    individuals: set[URIRef] = field(default_factory=set)

    @classmethod
    def from_graph(cls, graph: Graph) -> Terms:
        terms = cls(graph)
        terms.object_properties = {s for s in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(s, URIRef)}
        terms.datatype_properties = {s for s in graph.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(s, URIRef)}
        terms.metrics = {s for s in graph.transitive_subjects(RDFS.subPropertyOf, OKG.metric) if s != OKG.metric}  # type: ignore[misc]
        terms.individuals = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)}
        return terms


def load_ontology(project: Project) -> Graph:
    return read_turtle(project.ontology_dir / "okg.ttl")


def load_sources(project: Project) -> tuple[list[SourceFile], list[SourceFile]]:
    """The reference data files and the article files, in name order."""
    refs = [load_source(p) for p in sorted(project.reference_dir.glob("*.yaml"))]
    for ref in refs:
        if not ref.is_reference:
            raise ref.error("files in graph/reference/ hold `reference:` data; move articles to graph/sources/", "document")
    docs = [load_source(p) for p in sorted(project.sources_dir.glob("*.yaml"))]
    for doc in docs:
        if doc.is_reference:
            raise doc.error("files in graph/sources/ are articles with a `document:` section", "reference")
    if not docs:
        raise SourceError("no annotated source (*.yaml) found", path=project.sources_dir)
    return refs, docs


def _checked_wikidata(project: Project) -> set[str]:
    path = project.reference_dir / "wikidata.tsv"
    try:
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
    except FileNotFoundError:
        return set()
    return {row.split("\t")[1] for row in rows if row.strip()}


class _Builder:
    def __init__(self, project: Project, ontology: Graph, *, reviewed_only: bool = False, terms: Terms | None = None) -> None:
        self.project = project
        self.ontology = ontology
        self.terms = terms or Terms.from_graph(ontology)
        self.reviewed_only = reviewed_only
        self.ds = Dataset()
        for prefix, ns in PREFIXES.items():
            self.ds.bind(prefix, ns)
        self.ds.bind("id", project.base + "id/")
        self.entities: dict[str, tuple[Entity, SourceFile]] = {}
        self.known: set[str] = set()

    # -- helpers ---------------------------------------------------------
    def iri(self, ref: str) -> URIRef:
        return URIRef(self.project.thing(ref))

    def graph(self, name: str) -> Graph:
        return self.ds.graph(URIRef(self.project.graph_iri(name)))

    def term(self, name: str, where: SourceFile, *loc: Any) -> URIRef:
        iri = OKG[name]
        if (iri, None, None) not in self.ontology:
            raise where.error(f"`{name}` is not a term of the ontology (ontology/okg.ttl)", *loc)
        return iri

    def ref(self, ref: str, where: SourceFile, *loc: Any) -> URIRef:
        if ref not in self.known:
            hint = _closest(ref, self.known)
            raise where.error(f"unknown entity `{ref}`{hint}; declare it under `entities:`", *loc)
        return self.iri(ref)

    # -- stages ----------------------------------------------------------
    def add_ontology(self, segments: Graph) -> None:
        g = self.graph("ontology")
        for triple in self.ontology:
            g.add(triple)
        ref = self.graph("reference")
        for triple in segments:
            ref.add(triple)
        for s in segments.subjects(RDF.type, SKOS.Concept):
            self.known.add(str(s).removeprefix(self.project.base + "id/"))

    def declare(self, files: Iterable[SourceFile]) -> None:
        """First pass: every declared entity, so references may point forward and across files."""
        for source in files:
            local: set[str] = set()
            for i, entity in enumerate(source.data.entities):
                if entity.id in local:
                    raise source.error(f"duplicate entity id `{entity.id}`; declare it once", "entities", i, "id")
                local.add(entity.id)
                if entity.type is None or entity.review_status == "rejected":
                    continue
                if entity.label is None:
                    raise source.error(f"entity {entity.id} has a type but no `label:` (fr and en)", "entities", i)
                if entity.id in self.entities:
                    first, where = self.entities[entity.id]
                    if (first.type, first.label) != (entity.type, entity.label):
                        raise source.error(
                            f"entity {entity.id} is declared differently in {where.path.name}; "
                            "declare type and labels in one place and only `mention:` it elsewhere",
                            "entities",
                            i,
                        )
                    continue
                self.entities[entity.id] = (entity, source)
                self.known.add(entity.id)

    def add_entities(self, source: SourceFile, checked_qids: set[str]) -> None:
        g = self.graph("reference" if source.is_reference else source.name)
        doc = None if source.is_reference else self.iri(f"document/{source.name}")
        for i, entity in enumerate(source.data.entities):
            if entity.review_status == "rejected":
                continue
            node = self.ref(entity.id, source, "entities", i, "id")
            if entity.type is not None and self.entities[entity.id][1] is source:
                assert entity.label is not None
                g.add((node, RDF.type, OKG[entity.type]))
                for lang in ("fr", "en"):
                    text = getattr(entity.label, lang)
                    g.add((node, RDFS.label, Literal(text, lang=lang)))
                    g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
                for alias in entity.aliases:
                    g.add((node, SKOS.altLabel, Literal(alias)))
            if entity.located_in:
                if not source.is_reference:
                    raise source.error(
                        "`located_in` is reference data; in an article, write a claim with property locatedIn and a quote",
                        "entities",
                        i,
                        "located_in",
                    )
                for j, parent in enumerate(entity.located_in):
                    g.add((node, OKG.locatedIn, self.ref(parent, source, "entities", i, "located_in", j)))
            if entity.wikidata:
                if entity.wikidata not in checked_qids:
                    raise source.error(
                        f"Wikidata id {entity.wikidata} is not in graph/reference/wikidata.tsv (checked identifiers); "
                        "leave the entity unlinked or add a checked identifier there",
                        "entities",
                        i,
                        "wikidata",
                    )
                self.graph("reference").add((node, OWL.sameAs, WD[entity.wikidata]))
            if doc is not None:
                if entity.mention is None:
                    if entity.type is not None:
                        raise source.error(f"entity {entity.id} needs `mention: {{quote: ...}}` from the text", "entities", i)
                    continue
                g.add((node, OKG.mentionedIn, doc))
                evidence = URIRef(f"{self.project.base}id/mention/{source.name}/{entity.id}")
                g.add((node, OKG.evidence, evidence))
                self.add_evidence(g, evidence, doc, source.mention_anchors[entity.id])

    def add_evidence(self, g: Graph, evidence: URIRef, doc: URIRef, found: Anchor) -> None:
        quote, position = URIRef(f"{evidence}/quote"), URIRef(f"{evidence}/position")
        g.add((evidence, RDF.type, OKG.Evidence))
        g.add((evidence, OA.hasSource, doc))
        g.add((evidence, OA.hasSelector, quote))
        g.add((evidence, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(found.exact)))
        g.add((quote, OA.prefix, Literal(found.prefix)))
        g.add((quote, OA.suffix, Literal(found.suffix)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        # xsd:integer, not Web Annotation's nonNegativeInteger: Oxigraph and Virtuoso store derived integer
        # types as xsd:integer, so the data would not load unchanged; the shapes keep them >= 0.
        g.add((position, OA.start, Literal(found.start, datatype=XSD.integer)))
        g.add((position, OA.end, Literal(found.end, datatype=XSD.integer)))

    def add_document(self, source: SourceFile) -> URIRef:
        meta = source.data.document
        assert meta is not None and source.text is not None and source.sha256 is not None
        g = self.graph(source.name)
        doc = self.iri(f"document/{source.name}")
        g.add((URIRef(self.project.graph_iri(source.name)), PROV.wasDerivedFrom, doc))
        g.add((doc, RDF.type, OKG.SourceDocument))
        g.add((doc, RDF.type, SCHEMA.NewsArticle))
        g.add((doc, DCTERMS.identifier, Literal(source.name)))
        g.add((doc, DCTERMS.title, Literal(meta.title, lang=meta.language)))
        g.add((doc, RDFS.label, Literal(meta.title, lang=meta.language)))
        g.add((doc, DCTERMS.language, Literal(meta.language, datatype=XSD.language)))
        g.add((doc, OKG.sha256, Literal(source.sha256)))
        g.add((doc, OKG.text, Literal(source.text)))
        if meta.publisher:
            g.add((doc, DCTERMS.publisher, self.ref(meta.publisher, source, "document", "publisher")))
        if meta.author:
            g.add((doc, DCTERMS.creator, Literal(meta.author)))
        if meta.url:
            g.add((doc, SCHEMA.url, URIRef(meta.url)))
        if meta.website:
            g.add((doc, SCHEMA.isPartOf, URIRef(meta.website)))
        if meta.date:
            g.add((doc, DCTERMS.date, _date_literal(meta.date)))
        if meta.inferred_date:
            g.add((doc, OKG.inferredDate, _date_literal(meta.inferred_date)))
        if meta.date_note:
            g.add((doc, SKOS.editorialNote, Literal(meta.date_note, lang="en")))
        return doc

    def claim_value(self, claim: Claim, prop: URIRef, source: SourceFile, i: int) -> Literal | URIRef:
        loc = ("claims", i, "value")
        value = claim.value
        if claim.kind == "quantitative":
            if prop not in self.terms.metrics:
                raise source.error(
                    f"claim {claim.id}: property `{claim.property}` is not a metric (a sub-property of okg:metric)", "claims", i, "property"
                )
            try:
                number = parse_number(value)
            except ValueError as exc:
                raise source.error(f"claim {claim.id}: value {exc}", *loc) from None
            if (claim.currency is None) == (claim.unit is None):
                raise source.error(f"claim {claim.id}: a quantitative claim needs either `currency:` (ISO 4217) or `unit:`", "claims", i)
            return number_literal(number)
        if claim.kind == "ranking":
            if prop != OKG.rank:
                raise source.error(f"claim {claim.id}: a ranking claim has `property: rank`", "claims", i, "property")
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise source.error(f"claim {claim.id}: a rank is a whole number from 1, got {value!r}", *loc)
            if claim.criterion is None:
                raise source.error(f"claim {claim.id}: a ranking claim needs `criterion:` (e.g. employment)", "claims", i)
            return Literal(value, datatype=XSD.integer)
        # qualitative
        if isinstance(value, TextValue):
            if prop not in self.terms.datatype_properties or prop in self.terms.metrics:
                raise source.error(f"claim {claim.id}: text values go with `property: statement`", "claims", i, "property")
            # BCP 47 tags are case-insensitive and Oxigraph and Virtuoso lower-case them (fr-MA -> fr-ma): written
            # lower-case here, every store gives back the same tag and exports stay byte-identical to the build.
            return Literal(value.text, lang=value.lang.lower())
        if isinstance(value, DateValue):
            if prop not in self.terms.datatype_properties:
                raise source.error(f"claim {claim.id}: `{claim.property}` does not take a date", "claims", i, "property")
            return _date_literal(value.date)
        if isinstance(value, str):
            if prop not in self.terms.object_properties:
                raise source.error(f"claim {claim.id}: `{claim.property}` takes a literal, not an entity", "claims", i, "property")
            if "/" in value:
                return self.ref(value, source, *loc)
            term = OKG[value]
            if term not in self.terms.individuals:
                raise source.error(
                    f"claim {claim.id}: value `{value}` is neither an entity id (kind/slug) nor an ontology individual; "
                    "for words write {text: ..., lang: fr}",
                    *loc,
                )
            return term
        raise source.error(
            f"claim {claim.id}: a qualitative claim's value is an entity id, {{text: ..., lang: ..}} or {{date: ...}}, got {value!r}", *loc
        )

    def add_claims(self, source: SourceFile, doc: URIRef) -> None:
        g = self.graph(source.name)
        seen: set[str] = set()
        for i, claim in enumerate(source.data.claims):
            if claim.id in seen:
                raise source.error(f"duplicate claim id `{claim.id}`", "claims", i, "id")
            seen.add(claim.id)
            # A rejected claim never enters the graph; with reviewed_only, neither does one not reviewed yet.
            if claim.review_status == "rejected" or (self.reviewed_only and claim.review_status is None):
                continue
            node = self.iri(f"claim/{source.name}/{claim.id}")
            subject = self.ref(claim.subject, source, "claims", i, "subject")
            prop = self.term(claim.property, source, "claims", i, "property")
            value = self.claim_value(claim, prop, source, i)
            kind = {"quantitative": OKG.QuantitativeClaim, "ranking": OKG.RankingClaim, "qualitative": OKG.QualitativeClaim}
            g.add((node, RDF.type, kind[claim.kind]))
            g.add((node, OKG.subject, subject))
            g.add((node, OKG.predicate, prop))
            g.add((node, OKG.object, value))
            g.add((node, OKG.source, doc))
            # The truthy triple, once in the whole dataset: in the graph of the first source that states it. Stores
            # that query the union of graphs as a bag (measured: Oxigraph 0.5.13, oxigraph#1919) would otherwise return
            # a row per copy. Later sources keep their own claim of it, so provenance is intact.
            if next(self.ds.quads((subject, prop, value, None)), None) is None:
                g.add((subject, prop, value))
            claimant = doc if claim.claimant == "document" else self.ref(claim.claimant, source, "claims", i, "claimant")
            g.add((node, OKG.claimant, claimant))
            if claim.stated_at:
                g.add((node, OKG.statedAt, self.ref(claim.stated_at, source, "claims", i, "stated_at")))
            for lang, text in sorted(claim.statement.items()):
                g.add((node, OKG.statement, Literal(text, lang=lang)))
            if claim.note:
                g.add((node, SKOS.editorialNote, Literal(claim.note, lang="en")))
            self.add_qualifiers(g, node, claim, value, source, i)
            add_review(g, node, claim, self.project)
            for j, found in enumerate(source.claim_anchors[claim.id], start=1):
                evidence = URIRef(f"{node}/evidence/{j}")
                g.add((node, OKG.evidence, evidence))
                self.add_evidence(g, evidence, doc, found)

    def add_qualifiers(self, g: Graph, node: URIRef, claim: Claim, value: Any, source: SourceFile, i: int) -> None:
        if claim.currency:
            g.add((node, OKG.currency, Literal(claim.currency)))
        if claim.unit:
            g.add((node, OKG.unit, self.term(claim.unit, source, "claims", i, "unit")))
        if claim.lower_bound:
            if claim.kind != "quantitative":
                raise source.error(f"claim {claim.id}: `lower_bound` is for quantitative claims", "claims", i, "lower_bound")
            g.add((node, OKG.lowerBound, value))
        for name, prop in (("value_min", OKG.minValue), ("value_max", OKG.maxValue)):
            bound = getattr(claim, name)
            if bound is None:
                continue
            if claim.kind != "quantitative":
                raise source.error(f"claim {claim.id}: `{name}` is for quantitative claims", "claims", i, name)
            g.add((node, prop, number_literal(parse_number(bound))))
        if claim.modality is not None:
            g.add((node, OKG.modality, OKG[claim.modality]))
        if claim.year is not None:
            g.add((node, OKG.year, Literal(str(claim.year), datatype=XSD.gYear)))
        if claim.date:
            g.add((node, OKG.date, _date_literal(claim.date)))
        if claim.before_year is not None:
            g.add((node, OKG.beforeYear, Literal(str(claim.before_year), datatype=XSD.gYear)))
        if claim.criterion:
            g.add((node, OKG.rankingCriterion, self.term(claim.criterion, source, "claims", i, "criterion")))
        if claim.scope:
            g.add((node, OKG.rankingScope, self.ref(claim.scope, source, "claims", i, "scope")))
        if claim.ranked_behind:
            g.add((node, OKG.rankedBehind, self.ref(claim.ranked_behind, source, "claims", i, "ranked_behind")))
        for j, other in enumerate(claim.compared_with):
            g.add((node, OKG.comparedWith, self.ref(other, source, "claims", i, "compared_with", j)))
        for j, place in enumerate(claim.spatial_scope):
            g.add((node, OKG.spatialScope, self.ref(place, source, "claims", i, "spatial_scope", j)))

    def describe_reference(self, refs: list[SourceFile]) -> None:
        g = self.graph("reference")
        node = URIRef(self.project.graph_iri("reference"))
        for ref in refs:
            assert ref.data.reference is not None
            g.add((node, DCTERMS.title, Literal(ref.data.reference.title)))
            if ref.data.reference.note:
                g.add((node, DCTERMS.description, Literal(ref.data.reference.note, lang="en")))


def add_review(g: Graph, node: URIRef, claim: Claim, project: Project) -> None:
    """A reviewer's decision on a claim (`okg review`): okg:reviewStatus, okg:reviewedBy (a prov:wasAttributedTo:
    the reviewer, an okg:Reviewer named by rdfs:label) and okg:reviewedAt."""
    if claim.review_status is None:
        return
    g.add((node, OKG.reviewStatus, OKG[claim.review_status]))
    if claim.reviewed_by:
        reviewer = URIRef(project.thing(f"reviewer/{slugify(claim.reviewed_by)}"))
        g.add((reviewer, RDF.type, OKG.Reviewer))
        g.add((reviewer, RDFS.label, Literal(claim.reviewed_by)))
        g.add((node, OKG.reviewedBy, reviewer))
    if claim.reviewed_at:
        g.add((node, OKG.reviewedAt, Literal(claim.reviewed_at, datatype=XSD.dateTime)))


def number_literal(number: Decimal) -> Literal:
    """xsd:integer for whole numbers, else xsd:decimal in canonical form ("1.25").

    Measured: Oxigraph rewrites "120000.0"^^xsd:decimal as "120000", while rdflib's Turtle writer turns
    "120000"^^xsd:decimal into 120000.0; only these forms survive both unchanged.
    """
    if number == number.to_integral_value():
        return Literal(str(int(number)), datatype=XSD.integer)
    return Literal(format(number.normalize(), "f"), datatype=XSD.decimal)


def _date_literal(text: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)


def _closest(ref: str, known: Iterable[str]) -> str:
    near = suggest(ref, known)
    return f" (did you mean {', '.join(near)}?)" if near else ""


#: Build progress: (stage, done, total), stage one of "sources", "validate", "serialise" (a corpus of hundreds of
#: articles takes minutes; the CLI shows it as a bar).
BuildProgress = Callable[[str, int, int], None]


def compile_dataset(
    project: Project | None = None,
    *,
    progress: BuildProgress | None = None,
    notices: list[str] | None = None,
    reviewed_only: bool | None = None,
) -> Dataset:
    """Build the whole graph in memory from the editable sources; raises SourceError on bad input. What the sources
    should fix but the build can live with (a text not in Unicode NFC) is appended to `notices`. Rejected items are
    left out; with `reviewed_only` (default: the project's setting) so are claims not reviewed yet."""
    project = project or Project.default()
    reviewed_only = project.reviewed_only if reviewed_only is None else reviewed_only
    ontology = load_ontology(project)
    segments = read_turtle(project.ontology_dir / "segments.ttl")
    refs, docs = load_sources(project)
    if notices is not None:
        notices.extend(n for source in [*refs, *docs] for n in source.notices)
    builder = _Builder(project, ontology, reviewed_only=reviewed_only)
    builder.add_ontology(segments)
    builder.declare([*refs, *docs])
    checked = _checked_wikidata(project)
    for ref in refs:
        builder.add_entities(ref, checked)
    builder.describe_reference(refs)
    for done, doc_source in enumerate(docs, start=1):
        doc = builder.add_document(doc_source)
        builder.add_entities(doc_source, checked)
        builder.add_claims(doc_source, doc)
        if progress:
            progress("sources", done, len(docs))
    add_schema_http_equivalences(builder.ds, project)
    return builder.ds


#: The older spelling of schema.org's namespace, still written by many tools and datasets.
SCHEMA_HTTP = "http://schema.org/"


def add_schema_http_equivalences(ds: Dataset, project: Project) -> None:
    """We write schema.org as https://schema.org/; for each schema.org term the graph uses, the reference graph states
    its equivalence with the http://schema.org/ spelling (owl:equivalentClass for capitalised names, which schema.org
    uses for types, owl:equivalentProperty otherwise), so that data and queries written either way meet.

    OWL 2 DL keeps an equivalence only between terms of one declared kind, so both spellings are declared with the
    kind the ontology (ontology/okg.ttl) gives the https term; a term the ontology does not declare is a build error,
    since the equivalence would be silently dropped by OWL tools."""
    used = {
        term
        for quad in ds.quads((None, None, None, None))
        for term in quad[:3]
        if isinstance(term, URIRef) and str(term).startswith(str(SCHEMA)) and len(str(term)) > len(str(SCHEMA))
    }
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {term: kind for kind in kinds for term, _, _, _ in ds.quads((None, RDF.type, kind, None)) if isinstance(term, URIRef)}
    ref = ds.graph(URIRef(project.graph_iri("reference")))
    for term in sorted(used):
        local = str(term)[len(str(SCHEMA)) :]
        kind = declared.get(term)
        if kind is None:
            what = "owl:Class" if local[:1].isupper() else "owl:ObjectProperty` or `owl:DatatypeProperty"
            raise SourceError(
                f"schema:{local} is used but not declared: add `schema:{local} a {what} .` to its borrowed terms",
                path=project.ontology_dir / "okg.ttl",
            )
        http = URIRef(SCHEMA_HTTP + local)
        ref.add((http, RDF.type, kind))
        if kind == OWL.AnnotationProperty:  # OWL 2 DL has no equivalence of annotation properties: one each way
            ref.add((term, RDFS.subPropertyOf, http))
            ref.add((http, RDFS.subPropertyOf, term))
        else:
            ref.add((term, OWL.equivalentClass if kind == OWL.Class else OWL.equivalentProperty, http))


def expected_files(ds: Dataset, project: Project) -> dict[Path, bytes]:
    files = {project.build_dir / name: data for name, data in serialise(ds, project).items()}
    files[project.root / "graph" / SCHEMA_FILE] = schema_bytes()
    return files


@dataclass
class BuildResult:
    dataset: Dataset
    written: list[Path]
    unchanged: list[Path]
    notices: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.written + self.unchanged)


def stale_files(project: Project | None = None, ds: Dataset | None = None) -> list[Path]:
    """Files of the committed build that differ from a fresh build (empty when current)."""
    project = project or Project.default()
    ds = ds if ds is not None else compile_dataset(project)
    stale = []
    for path, data in expected_files(ds, project).items():
        if not path.is_file() or path.read_bytes() != data:
            stale.append(path)
    return stale


def build(
    project: Project | None = None,
    *,
    check: bool = False,
    validate: bool = True,
    progress: BuildProgress | None = None,
    reviewed_only: bool | None = None,
) -> BuildResult:
    """Compile, validate and write graph/build/ (or, with check=True, raise StaleBuild if it differs). With
    `reviewed_only` (default: the project's setting) claims not reviewed yet are left out."""
    project = project or Project.default()
    report = progress or (lambda stage, done, total: None)
    notices: list[str] = []
    ds = compile_dataset(project, progress=report, notices=notices, reviewed_only=reviewed_only)
    if validate:
        report("validate", 0, 1)
        validate_dataset(ds, project).raise_for_problems()
        report("validate", 1, 1)
    report("serialise", 0, 1)
    files = expected_files(ds, project)
    report("serialise", 1, 1)
    changed = [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data]
    if check:
        if changed:
            names = ", ".join(str(p.relative_to(project.root)) for p in changed)
            raise StaleBuild(f"the committed build is stale: {names}; run `okg build` and commit graph/")
        return BuildResult(ds, [], list(files), notices)
    write_files({p: files[p] for p in changed})
    return BuildResult(ds, changed, [p for p in files if p not in changed], notices)


class SourceCheck:
    """The build's own checks of one annotation file, in the context of the project, without building the rest.

    `okg review` checks each edit with it: the file's schema, quote anchoring and figures against their quotes
    (`load_source`), then known ids, ontology terms and claim values (the builder), against the ontology, the
    reference data and every other source (read once). `path` is the file being checked; a source of the project
    with the same name is left out of the context, since the file replaces it.
    """

    def __init__(self, project: Project, path: Path) -> None:
        self.project = project
        self.path = path
        self.ontology = load_ontology(project)
        self.terms = Terms.from_graph(self.ontology)
        self.segments = read_turtle(project.ontology_dir / "segments.ttl")
        self.refs = [load_source(p) for p in sorted(project.reference_dir.glob("*.yaml"))]
        self.others = [load_source(p) for p in sorted(project.sources_dir.glob("*.yaml")) if p.stem != path.stem]
        self.checked_qids = _checked_wikidata(project)

    def check(self, raw: str) -> SourceFile:
        """The file's text `raw`, checked as `okg build` would; raises SourceError (file and line) on the first problem."""
        source = load_source(self.path, raw)
        if source.is_reference:
            raise source.error("a review is of an article's file, with a `document:` section", "reference")
        builder = _Builder(self.project, self.ontology, terms=self.terms)
        builder.add_ontology(self.segments)
        builder.declare([*self.refs, *self.others, source])
        doc = builder.add_document(source)
        builder.add_entities(source, self.checked_qids)
        builder.add_claims(source, doc)
        return source
