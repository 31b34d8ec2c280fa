"""Compiling the graph and writing graph/build/ (compile/builder.py, compile/serialise.py), including every kind of bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DOC, ROOT, build_snapshot
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from outsourcing_kg.cli import main
from outsourcing_kg.compile.builder import build, compile_dataset, stale_files
from outsourcing_kg.compile.serialise import BUILD_FILES, serialise, union_graph
from outsourcing_kg.errors import StaleBuild
from outsourcing_kg.project import OA, OKG, Project

ID = "https://w3id.org/okg/id/"


@pytest.fixture(scope="module")
def dataset(project: Project) -> Dataset:
    return compile_dataset(project)


@pytest.fixture(scope="module")
def union(dataset: Dataset) -> Graph:
    return union_graph(dataset)


def test_committed_build_is_current(project: Project) -> None:
    # CI fails here when someone edits a source without running `okg build`.
    assert stale_files(project) == []


def test_build_check_cli_passes_on_committed_build(runner: CliRunner, project: Project) -> None:
    result = runner.invoke(main, ["build", "--check", "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == "graph/build/ is current (6 files)\n"


def test_one_named_graph_per_source_plus_ontology_and_reference(dataset: Dataset) -> None:
    names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert names == [
        f"https://w3id.org/okg/graph/{DOC}",
        "https://w3id.org/okg/graph/ontology",
        "https://w3id.org/okg/graph/reference",
    ]


def test_every_claim_has_truthy_triple_and_evidence(union: Graph) -> None:
    claims = set(union.subjects(OKG.source, None))
    assert len(claims) >= 35
    for claim in claims:
        s, p, o = (union.value(claim, x) for x in (OKG.subject, OKG.predicate, OKG.object))
        assert (s, p, o) in union, claim
        evidence = list(union.objects(claim, OKG.evidence))
        assert evidence, claim
        for ev in evidence:
            assert len(list(union.objects(ev, OA.hasSelector))) == 2


def test_truthy_triples_answer_simple_questions(union: Graph) -> None:
    intelcia, project_iri = URIRef(ID + "org/intelcia"), URIRef(ID + "event/intelcia-oujda-expansion")
    assert (intelcia, OKG.launched, project_iri) in union
    assert (project_iri, OKG.location, URIRef(ID + "place/oujda")) in union
    revenue = union.value(URIRef(ID + "sector/outsourcing-morocco"), OKG.revenue)
    assert revenue is not None and int(revenue.toPython()) == 14_000_000_000


def test_document_carries_its_provenance(union: Graph, project: Project) -> None:
    import hashlib

    doc = URIRef(ID + f"document/{DOC}")
    text = (project.sources_dir / f"{DOC}.txt").read_bytes()
    assert str(union.value(doc, OKG.sha256)) == hashlib.sha256(text).hexdigest()
    assert str(union.value(doc, OKG.text)) == text.decode("utf-8")
    assert str(union.value(doc, OKG.inferredDate)) == "2021"
    assert union.value(doc, URIRef("http://purl.org/dc/terms/date")) is None  # not stated, so not asserted


def test_wikidata_links_only_for_checked_ids(union: Graph, project: Project) -> None:
    checked = {line.split("\t")[1] for line in (project.reference_dir / "wikidata.tsv").read_text().splitlines()[1:]}
    links = {str(o).rsplit("/", 1)[1] for o in union.objects(None, URIRef("http://www.w3.org/2002/07/owl#sameAs"))}
    assert links and links <= checked
    for unlinked in ("org/intelcia", "org/fmes", "org/cgem", "place/oujda", "person/youssef-chraibi"):
        assert union.value(URIRef(ID + unlinked), URIRef("http://www.w3.org/2002/07/owl#sameAs")) is None


def test_build_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import hashlib, sys\n"
        "from outsourcing_kg.compile.builder import compile_dataset\nfrom outsourcing_kg.compile.serialise import serialise\n"
        "from outsourcing_kg.project import Project\n"
        f"p = Project.default({str(ROOT)!r})\n"
        "for name, data in serialise(compile_dataset(p), p).items(): print(name, hashlib.sha256(data).hexdigest())\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.append(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(BUILD_FILES)


def test_every_format_reparses_to_the_same_graph(dataset: Dataset, project: Project) -> None:
    files = serialise(dataset, project)
    reference = Graph()
    reference.parse(data=files["okg.nt"].decode(), format="nt")
    for name, fmt in (("okg.trig", "trig"), ("okg.jsonld", "json-ld")):
        parsed = Dataset()
        parsed.parse(data=files[name].decode(), format=fmt)
        assert sorted(str(g.identifier) for g in parsed.graphs() if len(g)) == sorted(str(g.identifier) for g in dataset.graphs() if len(g))
        union = Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(union, reference), name
    ttl = Graph().parse(data=files["okg.ttl"].decode(), format="turtle")
    assert isomorphic(ttl, reference)
    # Newlines and typographic apostrophes inside quotes survive.
    assert any("\n" in str(o) and "’" in str(o) for o in reference.objects(None, OA.suffix))


def test_nt_is_sorted_and_unique(project: Project) -> None:
    lines = (project.build_dir / "okg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_build_writes_only_changed_files_and_check_detects_staleness(tmp_project: Project) -> None:
    result = build(tmp_project)
    assert result.written == []
    yaml_path = tmp_project.sources_dir / f"{DOC}.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("label: {fr: Intelcia, en: Intelcia}", "label: {fr: Intelcia SA, en: Intelcia}"))
    with pytest.raises(StaleBuild, match=r"stale: graph/build/okg\.trig"):
        build(tmp_project, check=True)
    written = {p.name for p in build(tmp_project).written}
    assert written == {"okg.trig", "okg.ttl", "okg.nt", "okg.jsonld"}
    assert stale_files(tmp_project) == []
    labels = union_graph(compile_dataset(tmp_project)).objects(URIRef(ID + "org/intelcia"), RDFS.label)
    assert Literal("Intelcia SA", lang="fr") in set(labels)


def _break(project: Project, old: str, new: str, file: str | None = None) -> Path:
    path = project.sources_dir / (file or f"{DOC}.yaml")
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


BAD_INPUTS = [
    pytest.param(
        lambda p: _break(p, "claims:\n", "claims:\n  - id: [oops\n"),
        r"\.yaml:\d+: YAML syntax error",
        id="yaml-syntax",
    ),
    pytest.param(
        lambda p: _break(p, "    currency: MAD\n    year: 2019\n", "    currency: MAD\n    colour: blue\n    year: 2019\n"),
        r"\.yaml:\d+: unknown field `colour`",
        id="unknown-field",
    ),
    pytest.param(
        lambda p: _break(p, "subject: org/intelcia\n", "subject: org/intelcya\n"),
        r"\.yaml:\d+: unknown entity `org/intelcya` \(did you mean org/intelcia",
        id="unknown-entity",
    ),
    pytest.param(
        lambda p: _break(p, 'quote: "totalisait plus de 120.000 emplois"', 'quote: "totalisait plus de 130.000 emplois"'),
        r"\.yaml:\d+: claim outsourcing-jobs-2019: quote not found in the text: .*closest passage: 'totalisait plus de 120.000 emplois'",
        id="quote-not-in-text",
    ),
    pytest.param(
        lambda p: _break(p, "  - id: org/fmes\n", "  - id: org/intelcia\n"),
        r"\.yaml:\d+: duplicate entity id `org/intelcia`",
        id="duplicate-entity-id",
    ),
    pytest.param(
        lambda p: _break(p, "  - id: outsourcing-investment-2019\n", "  - id: outsourcing-revenue-2019\n"),
        r"\.yaml:\d+: duplicate claim id `outsourcing-revenue-2019`",
        id="duplicate-claim-id",
    ),
    pytest.param(
        lambda p: (p.sources_dir / f"{DOC}.txt").write_bytes((p.sources_dir / f"{DOC}.txt").read_text().encode("cp1252")),
        r"\.txt: not UTF-8 \(invalid byte 0xe9 at offset \d+\); convert it",
        id="text-not-utf8",
    ),
    pytest.param(
        lambda p: (p.sources_dir / f"{DOC}.txt").write_text("", encoding="utf-8"),
        r"\.txt: empty text",
        id="empty-text",
    ),
    pytest.param(
        lambda p: _break(p, "value: 120000\n", "value: plus de cent mille\n"),
        r"\.yaml:\d+: claim outsourcing-jobs-2019: value needs a number, got 'plus de cent mille'",
        id="non-numeric-value",
    ),
    pytest.param(
        lambda p: _break(p, "wikidata: Q15", "wikidata: Q999999", file="../reference/reference.yaml"),
        r"reference\.yaml:\d+: Wikidata id Q999999 is not in graph/reference/wikidata.tsv",
        id="unchecked-wikidata",
    ),
]


@pytest.mark.parametrize(("breaker", "pattern"), BAD_INPUTS)
def test_bad_input_gives_one_line_and_leaves_build_untouched(tmp_project: Project, runner: CliRunner, breaker, pattern: str) -> None:  # type: ignore[no-untyped-def]
    import re

    before = build_snapshot(tmp_project)
    breaker(tmp_project)
    result = runner.invoke(main, ["build", "--project", str(tmp_project.root)], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.output
    assert build_snapshot(tmp_project) == before


def test_yaml_error_line_points_at_the_field(tmp_project: Project, runner: CliRunner) -> None:
    path = _break(tmp_project, "    currency: MAD\n    year: 2019\n", "    currency: MAD\n    colour: blue\n    year: 2019\n")
    expected = path.read_text().splitlines().index("    colour: blue") + 1
    result = runner.invoke(main, ["build", "--project", str(tmp_project.root)], catch_exceptions=False)
    assert f"{DOC}.yaml:{expected}: unknown field `colour`" in result.output


def test_build_refuses_a_graph_that_does_not_validate(tmp_project: Project, runner: CliRunner) -> None:
    # A shape violation the YAML schema cannot see: a post in two organisations.
    _break(
        tmp_project,
        "  - id: intelcia-chief-executive-role\n",
        "  - id: intelcia-chief-executive-post-in-fmes\n    kind: qualitative\n    subject: post/intelcia-chief-executive\n"
        '    property: postIn\n    value: org/fmes\n    quote: "le patron d\'Intelcia"\n  - id: intelcia-chief-executive-role\n',
    )
    before = build_snapshot(tmp_project)
    result = runner.invoke(main, ["build", "--project", str(tmp_project.root)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "the graph does not validate: id:post/intelcia-chief-executive | path okg:postIn" in result.output
    assert "exactly one organisation" in result.output
    assert build_snapshot(tmp_project) == before


def test_build_reports_progress_stage_by_stage(tmp_project: Project) -> None:
    import shutil

    for path in (ROOT / "tests" / "data" / "articles").iterdir():
        shutil.copy(path, tmp_project.sources_dir / path.name)
    events: list[tuple[str, int, int]] = []
    build(tmp_project, progress=lambda stage, done, total: events.append((stage, done, total)))
    sources = [e for e in events if e[0] == "sources"]
    assert sources == [("sources", n, 4) for n in range(1, 5)]  # the seed article and three more
    assert [e[0] for e in events[len(sources) :]] == ["validate", "validate", "serialise", "serialise"]
    assert events[-1] == ("serialise", 1, 1)


@pytest.mark.parametrize(
    ("declaration", "term"),
    [("schema:Event a owl:Class .\n", "schema:Event"), ("schema:about a owl:ObjectProperty .\n", "schema:about"),
     ("schema:text a owl:DatatypeProperty .\n", "schema:text")],
)  # fmt: skip
def test_build_refuses_a_schema_org_term_the_ontology_does_not_declare(
    tmp_project: Project, runner: CliRunner, declaration: str, term: str
) -> None:
    """Its http://schema.org/ equivalence would be dropped by OWL tools (OWL 2 DL wants both sides typed)."""
    ontology = tmp_project.ontology_dir / "okg.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8").replace(declaration, "", 1), encoding="utf-8")
    before = build_snapshot(tmp_project)
    result = runner.invoke(main, ["build", "--project", str(tmp_project.root)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {ontology}: {term} is used but not declared: add `{term} a owl:")
    assert len(result.output.splitlines()) == 1
    assert build_snapshot(tmp_project) == before
