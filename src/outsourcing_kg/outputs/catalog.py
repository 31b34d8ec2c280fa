"""Downloads and self-description: the dumps in every RDF format with their size and SHA-256, and a DCAT 3 catalogue
with the VoID statistics of the dataset, in Turtle and JSON-LD; a schema.org `Dataset` for an index page.

`write_catalog(kg, directory)` writes, into one folder:

- `okg.trig`, `okg.nq`, `okg.jsonld` (named graphs kept), `okg.ttl`, `okg.nt`, `okg.rdf` (the union): one dump per RDF
  format of `outputs.export` (its writers, so the dumps are the bytes `okg export` gives);
- `SHA256SUMS`: `sha256sum -c` checks the dumps against it;
- `catalog.ttl` and `catalog.jsonld`: one description of the dataset, which is at once a `dcat:Dataset` (in a
  `dcat:Catalog`, one `dcat:Distribution` per dump with `dcat:downloadURL`, `dcat:mediaType`, `dcat:byteSize` and
  `spdx:checksum`) and a `void:Dataset` (`void:triples`, `void:entities`, class and property partitions, one subset per
  named graph, `void:dataDump`, `void:sparqlEndpoint` when an endpoint is given).

Everything in the description comes from the graph and the settings (no clock): the temporal coverage is the span of
the date literals of the data graphs, the spatial coverage the places the source documents' graphs mention, the sources
the `okg:SourceDocument`s. The same graph and settings give the same bytes. The description is checked against
`ontology/catalog-shapes.ttl` (SHACL) before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from .._version import __version__
from ..compile.serialise import graph_jsonld
from ..compile.validation import shacl_problems
from ..errors import KGError, ValidationFailed
from ..graph.knowledge import KnowledgeGraph
from ..graph.queries import bind_values
from ..io import read_turtle, write_files
from ..project import OKG, PREFIXES, Project, shorten
from .export import EXPORT_FORMATS, ExportFormat, export

SPDX = Namespace("http://spdx.org/rdf/terms#")
#: DCAT 3's dcat:version (rdflib's DCAT namespace stops at DCAT 2 and warns on it).
DCAT_VERSION = URIRef(f"{DCAT}version")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

#: The prefixes of the catalogue files: the project's table plus the catalogue vocabularies (not added to
#: `project.PREFIXES`, which every export of the graph itself declares).
CATALOG_PREFIXES: dict[str, Any] = {**PREFIXES, "dcat": DCAT, "void": VOID, "spdx": SPDX, "foaf": FOAF}

#: The licence of the ontology and the curated data (README, "Licence"; the ontology header's dcterms:license).
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: Who publishes the dataset (pyproject.toml's authors; the ontology's dcterms:creator).
PUBLISHER = "outsourcing-kg maintainers"
#: What the licence does not cover: the articles' text, which the graph holds (okg:text) to anchor every quote.
RIGHTS = {
    "en": "Ontology and curated data: CC BY 4.0. The text of each source article (okg:text) remains its publisher's, "
    "quoted for provenance.",
    "fr": "Ontologie et données curées : CC BY 4.0. Le texte de chaque article source (okg:text) reste la propriété de "
    "son éditeur ; il est cité pour la provenance.",
}
TITLE = {
    "en": "Outsourcing knowledge graph (Morocco)",
    "fr": "Graphe de connaissances de l'outsourcing (Maroc)",
}
DESCRIPTION = {
    "en": "The Moroccan outsourcing ecosystem (companies, federations, executives, segments, places, events) and every "
    "claim of the source articles, each with who made it, when, and its exact quote at exact character offsets.",
    "fr": "L'écosystème marocain de l'outsourcing (entreprises, fédérations, dirigeants, segments, lieux, événements) et "
    "chaque affirmation des articles sources, avec son auteur, sa date et sa citation exacte à ses positions exactes.",
}

#: The dumps, in this order: every RDF format of outputs.export (network formats are not RDF).
DUMP_FORMATS: tuple[str, ...] = tuple(name for name, fmt in EXPORT_FORMATS.items() if not fmt.network)
SUMS_FILE = "SHA256SUMS"
CATALOG_FILES = ("catalog.ttl", "catalog.jsonld")
DATE_TYPES = (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime)


@dataclass(frozen=True)
class Dump:
    """One dump file: its format, where it is, where it will be downloaded from, its size in bytes and SHA-256 (hex)."""

    format: ExportFormat
    path: Path
    url: str
    byte_size: int
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Statistics:
    """The VoID figures of a graph: distinct triples of the union, entities (distinct subjects under `uri_space`),
    instances per class, triples per property and per named graph (IRI -> count, sorted by IRI)."""

    triples: int
    entities: int
    uri_space: str
    classes: dict[str, int]
    properties: dict[str, int]
    graphs: dict[str, int]
    distinct_subjects: int
    distinct_objects: int


@dataclass
class Catalog:
    """What `write_catalog` wrote: the dumps, the description (an rdflib Graph, no blank nodes) and every file path."""

    directory: Path
    catalog: str
    dataset: str
    dumps: list[Dump]
    statistics: Statistics
    description: Graph
    files: list[Path] = field(default_factory=list)

    def turtle(self) -> bytes:
        """The description as Turtle (the bytes of catalog.ttl)."""
        return catalog_turtle(self.description)

    def jsonld(self) -> bytes:
        """The description as JSON-LD, compacted with the catalogue prefixes (the bytes of catalog.jsonld)."""
        return catalog_jsonld(self.description)


def download_base(project: Project) -> str:
    """Where the dumps are published unless told otherwise: `<base>download/` (e.g. https://w3id.org/okg/download/)."""
    return f"{project.base}download/"


def dataset_iri(project: Project) -> str:
    """The dataset's IRI, `<base>dataset`; its parts (distributions, partitions) are fragments of it."""
    return f"{project.base}dataset"


def catalog_iri(project: Project) -> str:
    return f"{project.base}catalog"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, in hex, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_url(url: str, what: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise KGError(f"{what} {url!r} is not an http(s) URL; give one such as https://example.org/okg/download/")
    return url


def _count(kg: KnowledgeGraph, text: str, bindings: Mapping[str, Node] | None = None) -> list[tuple[Node | None, ...]]:
    query = bind_values(text, {name: term.n3() for name, term in bindings.items()}) if bindings else text
    return kg.sparql_result(query).rows


def statistics(kg: KnowledgeGraph) -> Statistics:
    """Count what VoID describes, on the union of the named graphs (a triple held by two graphs counts once)."""
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    uri_space = kg.project.base + "id/"
    (triples, subjects, objects), *_ = _count(
        kg, f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE {{ {distinct} }}"
    )
    (entities,), *_ = _count(
        kg,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?space)) }",
        {"space": Literal(uri_space)},
    )
    classes = _count(kg, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } GROUP BY ?c")
    properties = _count(kg, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {distinct} }} GROUP BY ?p")
    graphs = _count(kg, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?g)) } GROUP BY ?g")

    def table(rows: list[tuple[Node | None, ...]]) -> dict[str, int]:
        return dict(sorted((str(key), int(str(n))) for key, n in rows if key is not None and n is not None))

    return Statistics(
        triples=int(str(triples)),
        entities=int(str(entities)),
        uri_space=uri_space,
        classes=table(classes),
        properties=table(properties),
        graphs=table(graphs),
        distinct_subjects=int(str(subjects)),
        distinct_objects=int(str(objects)),
    )


def _date_key(value: str, *, end: bool) -> tuple[int, int, int]:
    """A date literal as (year, month, day) for ordering: a year or month counts from its first day for the start of
    the coverage and to its last for the end."""
    match = re.match(r"(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if match is None:
        return (0, 0, 0)
    year, month, day = match.groups()
    return (int(year), int(month) if month else (12 if end else 1), int(day) if day else (31 if end else 1))


def temporal_coverage(kg: KnowledgeGraph) -> tuple[Literal, Literal] | None:
    """The earliest and the latest date literal (xsd:date, gYear, gYearMonth, dateTime) of the data graphs (every graph
    but the ontology's): the years of the claims, the dates of the sources. None when there is no date."""
    rows = _count(
        kg,
        "SELECT DISTINCT ?d WHERE { GRAPH ?g { ?s ?p ?d } FILTER(?g != ?ontology && isLiteral(?d) "
        f"&& DATATYPE(?d) IN ({', '.join(t.n3() for t in DATE_TYPES)})) }}",
        {"ontology": URIRef(kg.project.graph_iri("ontology"))},
    )
    dates = sorted({row[0] for row in rows if isinstance(row[0], Literal)}, key=lambda d: (str(d), str(d.datatype)))
    if not dates:
        return None
    start = min(dates, key=lambda d: _date_key(str(d), end=False))
    end = max(dates, key=lambda d: _date_key(str(d), end=True))
    return start, end


def spatial_coverage(kg: KnowledgeGraph) -> list[str]:
    """The places (instances of okg:Place or a subclass) that the graph of some source document names, sorted."""
    rows = _count(
        kg,
        "SELECT DISTINCT ?place WHERE { ?doc a okg:SourceDocument . ?g prov:wasDerivedFrom ?doc . "
        "GRAPH ?g { { ?place ?p ?o } UNION { ?s ?p ?place } } ?place a ?c . ?c rdfs:subClassOf* okg:Place }",
    )
    return sorted({str(row[0]) for row in rows if isinstance(row[0], URIRef)})


def sources(kg: KnowledgeGraph) -> list[str]:
    """The source documents (okg:SourceDocument), sorted."""
    rows = _count(kg, "SELECT DISTINCT ?doc WHERE { ?doc a okg:SourceDocument }")
    return sorted({str(row[0]) for row in rows if isinstance(row[0], URIRef)})


def _labels(kg: KnowledgeGraph, iris: Iterable[str], props: tuple[URIRef, ...]) -> list[tuple[URIRef, URIRef, Literal]]:
    """The labels (or titles) of `iris` in every language, as triples for the description."""
    wanted = sorted(set(iris))
    if not wanted:
        return []
    values = " ".join(URIRef(i).n3() for i in wanted)
    predicates = " ".join(p.n3() for p in props)
    rows = _count(kg, f"SELECT DISTINCT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {predicates} }} ?s ?p ?l }}")
    return [(s, p, o) for s, p, o in rows if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, Literal)]


def _fragment(kind: str, iri: str, base: str) -> str:
    """A readable, stable fragment for a part of the dataset: `class-okg-Company`, `graph-reference`."""
    short = shorten(iri, base)
    if short == iri:
        return f"{kind}-{hashlib.sha256(iri.encode()).hexdigest()[:12]}"
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", short.replace(":", "-")).strip("-")


def describe_dataset(
    kg: KnowledgeGraph,
    dumps: list[Dump],
    *,
    stats: Statistics | None = None,
    license: str = DATA_LICENSE,
    publisher: str = PUBLISHER,
    publisher_url: str | None = None,
    sparql_endpoint: str | None = None,
    landing_page: str | None = None,
) -> Graph:
    """The DCAT 3 + VoID description of the dataset and its dumps (an rdflib Graph without blank nodes)."""
    project = kg.project
    stats = stats or statistics(kg)
    cat, ds = URIRef(catalog_iri(project)), URIRef(dataset_iri(project))

    def part(name: str) -> URIRef:
        return URIRef(f"{ds}#{name}")

    g = Graph()
    for prefix, ns in CATALOG_PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    lic = URIRef(_check_url(license, "licence"))
    agent = part("publisher")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(publisher)))
    if publisher_url:
        g.add((agent, FOAF.homepage, URIRef(_check_url(publisher_url, "publisher URL"))))

    g.add((cat, RDF.type, DCAT.Catalog))
    for lang, text in TITLE.items():
        g.add((cat, DCTERMS.title, Literal(f"{text}: catalogue" if lang == "en" else f"{text} : catalogue", lang=lang)))
    g.add((cat, DCTERMS.publisher, agent))
    g.add((cat, DCTERMS.license, lic))
    g.add((cat, DCAT.dataset, ds))

    for kind in (DCAT.Dataset, VOID.Dataset):
        g.add((ds, RDF.type, kind))
    for lang, text in TITLE.items():
        g.add((ds, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in DESCRIPTION.items():
        g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.license, lic))
    rights = part("rights")
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    for lang, text in RIGHTS.items():
        g.add((rights, RDFS.label, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((ds, DCAT_VERSION, Literal(__version__)))
    for lang in ("fr", "en"):
        g.add((ds, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    g.add((ds, DCTERMS.conformsTo, URIRef("https://w3id.org/okg/ontology")))
    g.add((ds, VOID.vocabulary, URIRef(str(OKG))))
    if landing_page:
        g.add((ds, DCAT.landingPage, URIRef(_check_url(landing_page, "landing page URL"))))

    coverage = temporal_coverage(kg)
    if coverage is not None:
        period = part("temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, coverage[0]))
        g.add((period, DCAT.endDate, coverage[1]))
    places = spatial_coverage(kg)
    for place in places:
        g.add((ds, DCTERMS.spatial, URIRef(place)))
        g.add((URIRef(place), RDF.type, DCTERMS.Location))
    docs = sources(kg)
    for doc in docs:
        g.add((ds, DCTERMS.source, URIRef(doc)))
        g.add((ds, PROV.wasDerivedFrom, URIRef(doc)))
    for triple in _labels(kg, places, (RDFS.label,)) + _labels(kg, docs, (DCTERMS.title,)):
        g.add(triple)
    sameas = _count(kg, f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {' '.join(URIRef(p).n3() for p in places)} }} ?s owl:sameAs ?o }}")
    for s, o in sameas if places else []:
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            g.add((s, OWL.sameAs, o))

    for dump in dumps:
        dist = part(f"dump-{dump.format.name}")
        g.add((ds, DCAT.distribution, dist))
        g.add((ds, VOID.dataDump, URIRef(dump.url)))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{dump.format.label} dump ({dump.name})", lang="en")))
        g.add((dist, DCAT.downloadURL, URIRef(dump.url)))
        g.add((dist, DCAT.accessURL, URIRef(dump.url)))
        g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dump.format.media_type)))
        g.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, lic))
        checksum = part(f"dump-{dump.format.name}-sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))

    if sparql_endpoint:
        endpoint = URIRef(_check_url(sparql_endpoint, "SPARQL endpoint URL"))
        g.add((ds, VOID.sparqlEndpoint, endpoint))
        service = part("sparql")
        g.add((cat, DCAT.service, service))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, endpoint))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((service, DCAT.servesDataset, ds))

    g.add((ds, VOID.uriSpace, Literal(stats.uri_space)))
    g.add((ds, VOID.triples, Literal(stats.triples)))
    g.add((ds, VOID.entities, Literal(stats.entities)))
    g.add((ds, VOID.distinctSubjects, Literal(stats.distinct_subjects)))
    g.add((ds, VOID.distinctObjects, Literal(stats.distinct_objects)))
    g.add((ds, VOID.classes, Literal(len(stats.classes))))
    g.add((ds, VOID.properties, Literal(len(stats.properties))))
    for cls, n in stats.classes.items():
        node = part(_fragment("class", cls, project.base))
        g.add((ds, VOID.classPartition, node))
        g.add((node, VOID["class"], URIRef(cls)))
        g.add((node, VOID.entities, Literal(n)))
    for prop, n in stats.properties.items():
        node = part(_fragment("property", prop, project.base))
        g.add((ds, VOID.propertyPartition, node))
        g.add((node, VOID.property, URIRef(prop)))
        g.add((node, VOID.triples, Literal(n)))
    for name, n in stats.graphs.items():
        # Each named graph is a subset, by its own IRI (the name SPARQL's GRAPH uses; /graph/<name> dereferences it).
        g.add((ds, VOID.subset, URIRef(name)))
        g.add((URIRef(name), RDF.type, VOID.Dataset))
        g.add((URIRef(name), VOID.triples, Literal(n)))
    return g


def catalog_turtle(description: Graph) -> bytes:
    return description.serialize(format="turtle").encode("utf-8")


def catalog_jsonld(description: Graph) -> bytes:
    context = {prefix: str(ns) for prefix, ns in CATALOG_PREFIXES.items()}
    return graph_jsonld(description, context).encode("utf-8")


def catalog_shapes(project: Project) -> Graph:
    """The SHACL shapes of the DCAT and VoID terms the catalogue uses (ontology/catalog-shapes.ttl)."""
    return read_turtle(project.ontology_dir / "catalog-shapes.ttl")


def validate_catalog(description: Graph, project: Project) -> None:
    """Check the description against the catalogue shapes; raises ValidationFailed naming the first problem."""
    problems = shacl_problems(description, catalog_shapes(project))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationFailed(f"the catalogue does not validate: {problems[0].line()}{more}", report=problems)


def write_catalog(
    kg: KnowledgeGraph,
    directory: str | Path,
    *,
    base: str | None = None,
    name: str = "okg",
    license: str = DATA_LICENSE,
    publisher: str = PUBLISHER,
    publisher_url: str | None = None,
    sparql_endpoint: str | None = None,
    landing_page: str | None = None,
) -> Catalog:
    """Write the dumps (`<name>.<ext>`, every RDF format of outputs.export), `SHA256SUMS` and the DCAT/VoID description
    (`catalog.ttl`, `catalog.jsonld`) into `directory`, created if missing.

    `base` is the URL the folder is published at (default `<project base>download/`): each dump's `dcat:downloadURL`
    is `base` + its file name. `sparql_endpoint` adds `void:sparqlEndpoint` and a `dcat:DataService`. Each file is
    written atomically; the description is validated (SHACL) before it is written. Raises KGError for a base or
    licence that is not an http(s) URL, ValidationFailed if the description breaks the shapes.
    """
    project = kg.project
    folder = Path(directory)
    base = _check_url(base or download_base(project), "download base URL")
    if not base.endswith("/"):
        base += "/"
    for url, what in ((license, "licence"), (publisher_url, "publisher URL"), (sparql_endpoint, "SPARQL endpoint URL")):
        if url is not None:
            _check_url(url, what)  # before any dump is written
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise KGError(f"dump name {name!r} is not a plain file name; use letters, digits, '.', '_' or '-'")
    if folder.exists() and not folder.is_dir():
        raise KGError(f"{folder}: is a file; give a folder for the dumps and the catalogue")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KGError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None
    dumps: list[Dump] = []
    for fmt_name in DUMP_FORMATS:
        fmt = EXPORT_FORMATS[fmt_name]
        path = folder / f"{name}{fmt.extension}"
        export(kg, fmt_name, path)
        dumps.append(Dump(fmt, path, base + path.name, path.stat().st_size, sha256_file(path)))
    stats = statistics(kg)
    description = describe_dataset(
        kg,
        dumps,
        stats=stats,
        license=license,
        publisher=publisher,
        publisher_url=publisher_url,
        sparql_endpoint=sparql_endpoint,
        landing_page=landing_page,
    )
    validate_catalog(description, project)
    sums = "".join(f"{d.sha256}  {d.name}\n" for d in sorted(dumps, key=lambda d: d.name)).encode("ascii")
    files = {
        folder / SUMS_FILE: sums,
        folder / "catalog.ttl": catalog_turtle(description),
        folder / "catalog.jsonld": catalog_jsonld(description),
    }
    write_files(files)
    return Catalog(folder, catalog_iri(project), dataset_iri(project), dumps, stats, description, [d.path for d in dumps] + list(files))


def _first(graph: Graph, subject: Node, prop: URIRef, lang: str) -> str | None:
    values = [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]
    for wanted in (lang, "en", "fr", None):
        for value in sorted(values, key=str):
            if value.language == wanted or wanted is None:
                return str(value)
    return None


def schema_org_dataset(catalog: Catalog | Graph, *, lang: str = "en") -> dict[str, Any]:
    """A schema.org `Dataset` (a JSON-LD dict, context https://schema.org/) for a `<script type="application/ld+json">`
    in an index page, so dataset search engines find the dataset; made from the DCAT description alone."""
    g = catalog.description if isinstance(catalog, Catalog) else catalog
    ds_iri = next(iter(sorted(str(s) for s in g.subjects(RDF.type, DCAT.Dataset) if (s, RDF.type, VOID.Dataset) in g)), None)
    if ds_iri is None:
        raise KGError("the description holds no dataset (dcat:Dataset); make it with write_catalog or describe_dataset")
    ds = URIRef(ds_iri)
    agent = g.value(ds, DCTERMS.publisher)
    out: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": str(ds),
        "url": str(g.value(ds, DCAT.landingPage) or ds),
        "name": _first(g, ds, DCTERMS.title, lang),
        "description": _first(g, ds, DCTERMS.description, lang),
        "license": str(g.value(ds, DCTERMS.license)),
        "version": str(g.value(ds, DCAT_VERSION)),
        "inLanguage": sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(ds, DCTERMS.language)),
        "isAccessibleForFree": True,
    }
    if agent is not None:
        publisher = {"@type": "Organization", "name": str(g.value(agent, FOAF.name))}
        if (home := g.value(agent, FOAF.homepage)) is not None:
            publisher["url"] = str(home)
        out["publisher"] = out["creator"] = publisher
    period = g.value(ds, DCTERMS.temporal)
    if period is not None:
        out["temporalCoverage"] = f"{g.value(period, DCAT.startDate)}/{g.value(period, DCAT.endDate)}"
    places = []
    for place in sorted(g.objects(ds, DCTERMS.spatial), key=str):
        entry: dict[str, Any] = {"@type": "Place", "@id": str(place), "name": _first(g, place, RDFS.label, lang) or str(place)}
        same = sorted(str(o) for o in g.objects(place, OWL.sameAs))
        if same:
            entry["sameAs"] = same
        places.append(entry)
    if places:
        out["spatialCoverage"] = places
    based = [
        {"@id": str(doc), "name": _first(g, doc, DCTERMS.title, lang) or str(doc)} for doc in sorted(g.objects(ds, DCTERMS.source), key=str)
    ]
    if based:
        out["isBasedOn"] = based
    downloads = []
    for dist in sorted(g.objects(ds, DCAT.distribution), key=str):
        media = str(g.value(dist, DCAT.mediaType) or "").removeprefix(IANA_MEDIA_TYPES)
        checksum = g.value(dist, SPDX.checksum)
        entry = {
            "@type": "DataDownload",
            "contentUrl": str(g.value(dist, DCAT.downloadURL)),
            "encodingFormat": media,
            "contentSize": f"{g.value(dist, DCAT.byteSize)} B",
        }
        if checksum is not None:
            entry["sha256"] = str(g.value(checksum, SPDX.checksumValue))
        downloads.append(entry)
    out["distribution"] = downloads
    if (endpoint := g.value(ds, VOID.sparqlEndpoint)) is not None:
        out["distribution"].append({"@type": "DataDownload", "contentUrl": str(endpoint), "encodingFormat": "application/sparql-query"})
    keywords = {"en": ["outsourcing", "Morocco", "knowledge graph", "claims", "provenance"],
                "fr": ["externalisation", "Maroc", "graphe de connaissances", "affirmations", "provenance"]}  # fmt: skip
    out["keywords"] = keywords.get(lang, keywords["en"])
    return {k: v for k, v in out.items() if v is not None}


__all__ = [
    "CATALOG_FILES",
    "DATA_LICENSE",
    "DUMP_FORMATS",
    "PUBLISHER",
    "Catalog",
    "Dump",
    "Statistics",
    "describe_dataset",
    "schema_org_dataset",
    "statistics",
    "validate_catalog",
    "write_catalog",
]
