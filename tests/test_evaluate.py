"""`okg evaluate` (draft/evaluate.py): precision, recall and F1 of a draft against curated annotations."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import DOC

from outsourcing_kg.cli import main
from outsourcing_kg.draft.evaluate import Score, evaluate
from outsourcing_kg.project import Project


def test_gold_against_itself_is_perfect(project: Project) -> None:
    gold = project.sources_dir / f"{DOC}.yaml"
    ev = evaluate(gold, gold, project)
    for _, score in ev.rows():
        assert score.matched == score.gold == score.draft
    assert ev.entities.gold == 21 and ev.links.gold == 10 and ev.quantitative.gold == 3
    assert ev.missed == [] and ev.extra == []


def test_a_wrong_year_and_a_missing_entity_are_counted(tmp_project: Project) -> None:
    path = tmp_project.sources_dir / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    value: 120000\n    unit: jobs\n    lower_bound: true\n    year: 2019",
        "    value: 120000\n    unit: jobs\n    lower_bound: true\n    year: 2018",
    )
    text = text.replace('  - id: place/africa\n    mention: {quote: "Afrique"}\n', "")
    draft = tmp_project.root / "draft" / f"{DOC}.yaml"
    draft.parent.mkdir()
    draft.write_text(text, encoding="utf-8")
    (draft.with_suffix(".txt")).write_bytes(path.with_suffix(".txt").read_bytes())
    ev = evaluate(draft, path, tmp_project)
    assert (ev.quantitative.matched, ev.quantitative.draft, ev.quantitative.gold) == (2, 3, 3)
    assert (ev.entities.matched, ev.entities.draft, ev.entities.gold) == (20, 20, 21)
    assert ev.links.recall == 0.9
    assert "entity place/africa (Continent)" in ev.missed


def test_score_arithmetic() -> None:
    s = Score("x", gold=4, draft=5, matched=3)
    assert (s.precision, s.recall) == (0.6, 0.75) and round(s.f1 or 0, 4) == 0.6667
    assert Score("y", gold=0, draft=0, matched=0).as_dict()["f1"] is None


def test_cli_table_and_json(runner: CliRunner, project: Project) -> None:
    gold = str(project.sources_dir / f"{DOC}.yaml")
    table = runner.invoke(main, ["evaluate", gold, gold, "--project", str(project.root)], catch_exceptions=False)
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["gold", "draft", "match", "precision", "recall", "F1"]
    assert lines[1].split() == ["entities", "21", "21", "21", "1.00", "1.00", "1.00"]
    assert "quantitative claims             3     3     3       1.00   1.00  1.00" in table.output
    data = json.loads(runner.invoke(main, ["evaluate", gold, gold, "--format", "json", "--project", str(project.root)]).output)
    assert data["links"] == {"gold": 10, "draft": 10, "matched": 10, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    bad = runner.invoke(main, ["evaluate", gold + ".nope", gold, "--project", str(project.root)])
    assert bad.exit_code == 2 and bad.output.startswith("Error: ") and bad.output.count("\n") == 1
