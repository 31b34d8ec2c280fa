"""The synthetic ecosystem (synth.py): deterministic, sized as asked, valid against the shapes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Dataset, URIRef

from outsourcing_kg.cli import main
from outsourcing_kg.compile.validation import validate_dataset
from outsourcing_kg.project import Project
from outsourcing_kg.synth import write_synthetic


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, project: Project) -> None:
    a, b, c = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    write_synthetic(a, 6000, seed=3, project=project)
    write_synthetic(b, 6000, seed=3, project=project)
    write_synthetic(c, 6000, seed=4, project=project)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_synthetic_graph_is_valid_and_answers_queries(tmp_path: Path, project: Project) -> None:
    from outsourcing_kg.api import KnowledgeGraph

    path = tmp_path / "s.nq"
    written = write_synthetic(path, 8000, seed=1, project=project)
    assert 8000 <= written < 8000 + 400  # stops after the article that reaches the target
    ds = Dataset()
    ds.parse(path, format="nquads")
    report = validate_dataset(ds, project)
    assert report.conforms, report.text()
    assert report.evidence_checked > 100
    ds.default_union = True
    kg = KnowledgeGraph(ds, project)
    figures = kg.query_result("figures", metric="okg:revenue").records()
    assert len(figures) > 20 and all(r["currency"] == "MAD" for r in figures)
    assert (URIRef("https://w3id.org/okg/graph/ontology"), None, None) not in ds  # ontology graph kept as a graph name
    assert any(str(g.identifier).endswith("/graph/ontology") for g in ds.graphs())


def test_synth_cli_and_bad_input(tmp_path: Path, runner: CliRunner, project: Project) -> None:
    out = tmp_path / "s.nt"
    result = runner.invoke(main, ["synth", "-n", "3000", "-o", str(out), "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("wrote ") and result.output.endswith(f" statements to {out}\n")
    assert all(line.count(" <") <= 3 for line in out.read_text().splitlines()[:50])  # triples, no graph names
    bad = runner.invoke(main, ["synth", "-n", "10", "-o", str(tmp_path / "x.ttl"), "--project", str(project.root)])
    assert bad.exit_code == 2 and "write synthetic data as .nq" in bad.output
    missing = runner.invoke(main, ["synth", "-n", "10", "-o", str(tmp_path / "no" / "x.nq"), "--project", str(project.root)])
    assert missing.exit_code == 2 and "does not exist" in missing.output
