"""Shared fixtures: the real project, a throw-away copy of it to break, and the built graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from outsourcing_kg import load
from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.ontology import Project

ROOT = Path(__file__).resolve().parents[1]
DOC = "covid-relation-client-le-grand-declic"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.default(ROOT)


@pytest.fixture(scope="session", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest, project: Project, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The built graph, once in rdflib's memory store and once in an Oxigraph store on disk: same assertions."""
    if request.param == "memory":
        return load(project=project)
    return load(store=f"oxigraph:{tmp_path_factory.mktemp('oxigraph') / 'store'}", project=project)


@pytest.fixture()
def tmp_project(tmp_path: Path) -> Project:
    """A copy of the project's editable sources and build, safe to break."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("docs"))
    return Project.default(tmp_path)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def build_snapshot(project: Project) -> dict[str, bytes]:
    """Bytes of every file in graph/build/, to prove a failed command left it untouched."""
    return {p.name: p.read_bytes() for p in sorted(project.build_dir.iterdir())}
