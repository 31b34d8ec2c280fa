"""Shared fixtures: the real project, a throw-away copy of it to break, and the built graph."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from outsourcing_kg import load
from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.names import EntityIndex
from outsourcing_kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
DOC = "covid-relation-client-le-grand-declic"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.default(ROOT)


@pytest.fixture(scope="session", params=["memory", "rdflib", "oxigraph"])
def kg(request: pytest.FixtureRequest, project: Project, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The built graph in Oxigraph's memory store (the default), in rdflib (the reference engine) and in an Oxigraph
    store on disk: same assertions."""
    if request.param in ("memory", "rdflib"):
        return load(project=project, store=request.param)
    return load(store=f"oxigraph:{tmp_path_factory.mktemp('oxigraph') / 'store'}", project=project, create=True)


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


# Issue 4 (views): a source whose entity label, title and quotes carry HTML and script, to prove the view shows them as text.
XSS_IMG = '<img src=x onerror="window.okgXss=1">'
XSS_SCRIPT = "<script>window.okgXss=2</script>"
XSS_LABEL = f"{XSS_IMG}Evil{XSS_SCRIPT} Corp"
XSS_QUOTE = f"{XSS_IMG} tout va bien <script>window.okgXss=3</script>"
XSS_TEXT = f"Un article de test. La société {XSS_LABEL} a une filiale à Oujda. Son patron dit : {XSS_QUOTE}. Fin.\n"
XSS_YAML = f"""\
document:
  title: 'Test {XSS_SCRIPT} article'
  language: fr
entities:
  - id: org/evil-corp
    type: Company
    label: {{fr: '{XSS_LABEL}', en: '{XSS_LABEL}'}}
    aliases: ['{XSS_IMG}']
    mention: {{quote: '{XSS_LABEL}'}}
  - id: place/oujda
    mention: {{quote: "Oujda"}}
claims:
  - id: evil-says
    kind: qualitative
    subject: org/evil-corp
    property: statement
    value: {{text: '{XSS_QUOTE}', lang: fr}}
    quote: '{XSS_QUOTE}'
  - id: evil-in-oujda
    kind: qualitative
    subject: org/evil-corp
    property: expandingIn
    value: place/oujda
    statement: {{en: '{XSS_IMG} expands in Oujda'}}
    quote: "a une filiale à Oujda"
"""


@pytest.fixture()
def xss_kg(tmp_project: Project) -> KnowledgeGraph:
    """The project plus a test article whose label, title and quotes hold `<img onerror>` and `<script>`."""
    (tmp_project.sources_dir / "xss-test.txt").write_text(XSS_TEXT, encoding="utf-8")
    (tmp_project.sources_dir / "xss-test.yaml").write_text(XSS_YAML, encoding="utf-8")
    return load(project=tmp_project, rebuild=True)


# --- Linked-data stores (issue 5): real servers on loopback, started once per session (see tests/servers.py) ---


@pytest.fixture(scope="session")
def oxigraph_store(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A writable Oxigraph server behind a Basic-auth proxy (Oxigraph itself has no authentication)."""
    from servers import PASSWORD, USER, BasicAuthProxy, OxigraphProcess, Store, missing, oxigraph_available

    oxigraph_available()
    server = OxigraphProcess(tmp_path_factory.mktemp("oxigraph"), project)
    try:
        server.start()
    except Exception as exc:
        missing(f"the Oxigraph server did not start: {exc}")
    proxy = BasicAuthProxy(server.port)
    base = f"http://127.0.0.1:{proxy.port}"
    yield Store("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", {"OKG_STORE_USER": USER, "OKG_STORE_PASSWORD": PASSWORD})
    proxy.stop()
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Virtuoso Open Source with its own virtuoso.ini, Graph Store Protocol with Digest auth at /sparql-graph-crud-auth."""
    from servers import VirtuosoProcess, missing, virtuoso_available

    virtuoso_available()
    server = VirtuosoProcess(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
    except Exception as exc:
        server.stop()
        missing(f"Virtuoso did not start: {exc}")
    yield server.store()
    server.stop()


@pytest.fixture(scope="session")
def nlp() -> Any:
    """spaCy's French pipeline, loaded once for every extractor test."""
    from outsourcing_kg.draft.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def index(project: Project) -> EntityIndex:
    """The project's known entities (reference data, segments, sources), as the extractor links to them."""
    from outsourcing_kg.draft.known import known_entities

    return known_entities(project)
