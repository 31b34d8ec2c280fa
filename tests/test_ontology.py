"""The ontology, segment scheme and shapes are complete and aligned (ontology/*.ttl)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from outsourcing_kg.project import OKG, VANN, Project

EXTERNAL = ("https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
            "http://purl.org/dc/terms/", "http://www.w3.org/ns/oa#", "http://www.w3.org/2006/time#",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#")  # fmt: skip


@pytest.fixture(scope="module")
def ontology(project: Project) -> Graph:
    return Graph().parse(project.ontology_dir / "okg.ttl")


def own_terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(OKG)))


def test_header_metadata(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/okg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, URIRef("http://purl.org/dc/terms/license"), URIRef("http://purl.org/dc/terms/creator")):
        assert ontology.value(header, prop) is not None, prop
    assert ontology.value(header, VANN.preferredNamespacePrefix) == Literal("okg")


def test_every_own_term_has_labels_in_fr_and_en_and_a_comment(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(OKG))}
    assert len(terms) > 60
    for term in terms:
        langs = sorted(o.language for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal))
        assert langs == ["en", "fr"], term
        assert {o.language for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal)} == {"en", "fr"}, term


@pytest.mark.parametrize(("kind", "link"), [(OWL.Class, RDFS.subClassOf), (OWL.ObjectProperty, RDFS.subPropertyOf),
                                            (OWL.DatatypeProperty, RDFS.subPropertyOf)])  # fmt: skip
def test_every_own_term_is_aligned_to_a_shared_vocabulary(ontology: Graph, kind: URIRef, link: URIRef) -> None:
    for term in own_terms(ontology, kind):
        parents = set(ontology.transitive_objects(term, link)) - {term}
        assert any(str(p).startswith(EXTERNAL) for p in parents), f"{term} is not aligned to a shared vocabulary"


def test_locatedin_is_transitive(ontology: Graph) -> None:
    assert (OKG.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology


def test_claim_kinds_and_qualifiers_exist(ontology: Graph) -> None:
    for cls in ("QuantitativeClaim", "RankingClaim", "QualitativeClaim", "Evidence", "Post", "Segment", "LinguisticZone"):
        assert (OKG[cls], RDF.type, OWL.Class) in ontology
    for prop in ("year", "date", "currency", "unit", "lowerBound", "rank", "rankingCriterion", "comparedWith", "claimant", "evidence"):
        assert (OKG[prop], None, None) in ontology, prop


def test_segment_scheme_has_names_and_definitions(project: Project) -> None:
    g = Graph().parse(project.ontology_dir / "segments.ttl")
    concepts = sorted(str(g.value(c, SKOS.notation)) for c in g.subjects(RDF.type, SKOS.Concept))
    assert concepts == ["BPO", "CRM", "ESO", "KPO"]
    for concept in g.subjects(RDF.type, SKOS.Concept):
        for prop in (SKOS.prefLabel, SKOS.definition):
            assert {o.language for o in g.objects(concept, prop)} == {"fr", "en"}  # type: ignore[union-attr]


def test_every_own_class_has_a_shape(project: Project, ontology: Graph) -> None:
    shapes = Graph().parse(project.ontology_dir / "shapes.ttl")
    targeted = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    missing = [c for c in own_terms(ontology, OWL.Class) if c not in targeted]
    assert missing == []
