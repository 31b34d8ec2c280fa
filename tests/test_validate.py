"""SHACL validation and quote anchoring checks (compile/validation.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from outsourcing_kg.api import validate
from outsourcing_kg.cli import main
from outsourcing_kg.compile.builder import compile_dataset
from outsourcing_kg.compile.serialise import union_graph
from outsourcing_kg.compile.validation import validate_dataset
from outsourcing_kg.project import OA, OKG, Project

ID = "https://w3id.org/okg/id/"
CLAIM = URIRef(ID + "claim/covid-relation-client-le-grand-declic/outsourcing-jobs-2019")


@pytest.fixture()
def graph(project: Project) -> Graph:
    return union_graph(compile_dataset(project))


def test_built_graph_conforms(project: Project) -> None:
    report = validate(project.build_dir / "okg.trig", project)
    assert report.conforms, report.text()
    assert report.evidence_checked >= 60
    assert report.text().startswith("conforms: ")


def test_missing_labels_are_reported_per_language(graph: Graph, project: Project) -> None:
    graph.remove((URIRef(ID + "org/intelcia"), RDFS.label, Literal("Intelcia", lang="en")))
    report = validate_dataset(graph, project)
    assert [p.message for p in report.problems] == ["needs exactly one rdfs:label in English (@en)"]
    assert report.problems[0].focus == "id:org/intelcia"
    assert report.problems[0].path == "rdfs:label"


def test_year_must_be_gyear_and_quantity_needs_unit(graph: Graph, project: Project) -> None:
    graph.set((CLAIM, OKG.year, Literal("2019")))
    graph.remove((CLAIM, OKG.unit, None))
    messages = {p.message for p in validate_dataset(graph, project).problems}
    assert "a year is one xsd:gYear" in messages
    assert "a quantitative claim has exactly one of okg:currency (ISO 4217) or okg:unit" in messages


def test_quote_at_wrong_offsets_is_reported_by_shape_and_by_check(graph: Graph, project: Project) -> None:
    position = URIRef(f"{CLAIM}/evidence/1/position")
    graph.set((position, OA.start, Literal(1600, datatype=XSD.integer)))
    report = validate_dataset(graph, project)
    messages = [p.message for p in report.problems]
    assert any(m.startswith("the quote is not the text at its offsets") for m in messages)
    assert any("is not the text at offsets 1600-1641" in m for m in messages)
    assert not report.conforms


def test_a_quote_on_the_position_selector_is_refused(graph: Graph, project: Project) -> None:
    """The named queries read the quote as oa:hasSelector/oa:exact: a second oa:exact on the position selector, even
    equal to the quote, would give each of their rows twice."""
    position = URIRef(f"{CLAIM}/evidence/1/position")
    quote = graph.value(URIRef(f"{CLAIM}/evidence/1/quote"), OA.exact)
    assert quote is not None
    graph.add((position, OA.exact, quote))
    report = validate_dataset(graph, project)
    assert [p.message for p in report.problems] == [
        "a TextPositionSelector carries no oa:exact (the quote belongs to the evidence's TextQuoteSelector)"
    ]


def test_missing_evidence_and_truthy_triple(graph: Graph, project: Project) -> None:
    graph.remove((CLAIM, OKG.evidence, None))
    graph.remove((URIRef(ID + "sector/outsourcing-morocco"), OKG.employment, None))
    messages = {p.message for p in validate_dataset(graph, project).problems}
    assert "a claim has evidence: a quote with offsets (okg:evidence)" in messages
    assert "the claim's truthy triple (subject property value) is missing" in messages


def test_validate_cli_exit_codes(tmp_path: Path, runner: CliRunner, graph: Graph, project: Project) -> None:
    good = runner.invoke(main, ["validate", str(project.build_dir / "okg.trig"), "--project", str(project.root)], catch_exceptions=False)
    assert good.exit_code == 0 and good.output.startswith("conforms: ")
    graph.remove((URIRef(ID + "org/fmes"), RDFS.label, None))
    bad_file = tmp_path / "broken.ttl"
    graph.serialize(bad_file, format="turtle")
    bad = runner.invoke(main, ["validate", str(bad_file), "--project", str(project.root)], catch_exceptions=False)
    assert bad.exit_code == 1
    assert "2 problem(s)" in bad.output and "id:org/fmes | path rdfs:label" in bad.output
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("<a> <b> .", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(garbage), "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {garbage}: cannot read as turtle") and result.output.count("\n") == 1
