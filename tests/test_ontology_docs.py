"""Ontology documentation with pyLODE (outputs/ontology_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

from outsourcing_kg.outputs.ontology_docs import write_docs
from outsourcing_kg.project import Project


def test_docs_are_self_contained_html_in_both_languages(tmp_path: Path, project: Project) -> None:
    written = write_docs(project, tmp_path / "docs")
    assert [p.name for p in written] == ["index.html", "fr.html"]
    english = written[0].read_text(encoding="utf-8")
    french = written[1].read_text(encoding="utf-8")
    assert "Outsourcing knowledge graph ontology" in english
    assert ">quantitative claim<" in english and ">affirmation chiffrée<" in french
    # Opens offline: no stylesheet, script or image fetched from elsewhere.
    assert not re.search(r"""<(link|script|img)[^>]+(href|src)=["']https?://""", english)
    assert "@import" not in english


def test_committed_docs_are_current(project: Project) -> None:
    from outsourcing_kg.outputs.ontology_docs import render_html

    committed = (project.ontology_dir / "docs" / "index.html").read_text(encoding="utf-8")
    assert committed == render_html(project, "en"), "ontology/docs/ is stale: run `okg docs`"
