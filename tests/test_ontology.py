"""The ontology, segment scheme and shapes are complete and aligned (ontology/*.ttl)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

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
        # okg:predicate plays rdf:predicate's part, but OWL 2 DL reserves rdf: terms: rdfs:seeAlso says so instead
        parents |= {p for p in ontology.objects(term, RDFS.seeAlso) if str(p).startswith(str(RDF))}
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


# ----------------------------------------------------------------------------------------------------------------
# OWL 2 DL, checked by tools nobody here wrote: the OWL API's profile checker and the HermiT reasoner, both from the
# HermiT.jar that owlready2 ships (PyPI), run by tests/java/OwlCheck.java under Java from Debian (.ci/run).

OWL_CHECK = Path(__file__).parent / "java" / "OwlCheck.java"


@pytest.fixture(scope="session")
def owl_check() -> Callable[..., list[str]]:
    spec = importlib.util.find_spec("owlready2")
    java = shutil.which("java")
    if spec is None or not spec.submodule_search_locations or java is None or shutil.which("javac") is None:
        reason = "the OWL 2 DL checks need owlready2 (pip, the [test] extra) and a JDK (apt-get install default-jdk-headless)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: they must run; .ci/run installs the JDK)")
        pytest.skip(reason)
    jar = Path(next(iter(spec.submodule_search_locations))) / "hermit" / "HermiT.jar"
    assert jar.is_file(), jar

    def check(*files: Path) -> list[str]:
        done = subprocess.run([java, "-cp", str(jar), str(OWL_CHECK), *map(str, files)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        lines = done.stdout.splitlines()
        assert lines and lines[-1].startswith("checked: "), done.stdout + done.stderr
        return lines[:-1]

    return check


def test_ontology_as_shipped_is_owl2_dl_and_loads_in_hermit(owl_check: Callable[..., list[str]], project: Project) -> None:
    """No profile violation, HermiT loads it, it is consistent, and no class is unsatisfiable."""
    assert owl_check(project.ontology_dir / "okg.ttl") == []
    assert owl_check(project.ontology_dir / "okg.ttl", project.ontology_dir / "segments.ttl") == []


def test_built_graph_is_in_the_owl2_dl_profile(owl_check: Callable[..., list[str]], project: Project) -> None:
    """The whole build (ontology, reference data, every article) declares every term it uses. HermiT itself does not
    reason over the data: years and dates are xsd:gYear and xsd:date, outside the OWL 2 datatype map."""
    findings = owl_check(project.build_dir / "okg.ttl")
    assert [f for f in findings if f.startswith("violation")] == []
    assert [f for f in findings if not f.startswith("reasoner refused: Literals can only use the datatypes")] == []


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        ("okg:Extra a owl:Class ; rdfs:subClassOf schema:Brand .", "violation: Use of undeclared class: <https://schema.org/Brand>"),
        ("okg:Extra a owl:DatatypeProperty ; rdfs:range xsd:gYear .", "reasoner refused: HermiT supports all and only the datatypes"),
        ("okg:Extra a owl:Class ; rdfs:subClassOf owl:Nothing .", "unsatisfiable: https://w3id.org/okg/ontology#Extra"),
        ("okg:extra a rdf:Property , owl:FunctionalProperty ; rdfs:subPropertyOf rdf:object .", "violation: Use of reserved vocabulary"),
        ("okg:Extra a owl:Class . okg:x a okg:Extra , owl:NamedIndividual ; a [ owl:complementOf okg:Extra ] .", "inconsistent"),
    ],
)  # fmt: skip
def test_owl_check_finds_each_kind_of_fault(
    owl_check: Callable[..., list[str]], project: Project, tmp_path: Path, change: str, finding: str
) -> None:
    faulty = tmp_path / "okg.ttl"
    faulty.write_text((project.ontology_dir / "okg.ttl").read_text(encoding="utf-8") + "\n" + change + "\n", encoding="utf-8")
    findings = owl_check(faulty)
    assert any(f.startswith(finding) for f in findings), findings
