"""Dereferenceable IRIs (outputs/linked_data.py): `okg serve` answers an entity, a named graph and the ontology by
content negotiation against a real server on a free loopback port; static descriptions and redirect rules."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, XSS_TEXT, XSS_YAML
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS
from servers import free_port, oxigraph_available

from outsourcing_kg.api import KnowledgeGraph, load
from outsourcing_kg.cli import main
from outsourcing_kg.compile.builder import build
from outsourcing_kg.errors import KGError, StoreError
from outsourcing_kg.outputs import linked_data, remote
from outsourcing_kg.outputs.catalog import write_catalog
from outsourcing_kg.outputs.linked_data import (
    HTML,
    REPRESENTATIONS,
    STATIC_FORMATS,
    LinkedDataServer,
    describe,
    described_resources,
    negotiate,
    redirect_rules,
    render,
    resource_for,
    start_server,
    write_descriptions,
    write_redirects,
)
from outsourcing_kg.outputs.site import write_site
from outsourcing_kg.project import Project

FIVE = {
    "text/html": ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
}
_RDFLIB = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/trig": "trig", "application/n-quads": "nquads"}  # fmt: skip
SITE_PAGE = "<!DOCTYPE html><title>Intelcia, the site's page</title>\n"
PATHS = {"entity": "/id/org/intelcia", "graph": "/graph/reference", "ontology": "/ontology"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text("<!DOCTYPE html><title>okg site</title>\n", encoding="utf-8")
    (folder / "id" / "org").mkdir(parents=True)
    (folder / "id" / "org" / "intelcia.html").write_text(SITE_PAGE, encoding="utf-8")
    write_catalog(load(project=Project.default(ROOT)), folder / "download", base="http://127.0.0.1/download/")
    return folder


@pytest.fixture(scope="module")
def served(project: Project, site: Path) -> Iterator[LinkedDataServer]:
    oxigraph_available()
    with start_server(project, port=free_port(), site=site) as server:
        yield server


def get(server: LinkedDataServer, path: str, accept: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, headers={"Accept": accept} if accept is not None else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("kind", sorted(PATHS))
@pytest.mark.parametrize("accept", sorted(FIVE))
def test_content_negotiation_answers_the_five_types(served: LinkedDataServer, kind: str, accept: str, project: Project) -> None:
    path = PATHS[kind]
    status, headers, _ = get(served, path, accept)
    assert status == 303 and headers["vary"] == "Accept"
    assert headers["location"] == path + FIVE[accept]
    status, headers, body = get(served, headers["location"], accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == accept
    iri = resource_for(path, project)
    assert iri is not None
    if accept == HTML:
        text = body.decode("utf-8")
        if kind == "entity":
            assert text == SITE_PAGE  # the site's page wins over a generated one
        elif kind == "ontology":
            assert text == (project.ontology_dir / "docs" / "index.html").read_text(encoding="utf-8")  # pyLODE (okg docs)
        else:
            assert text.startswith("<!DOCTYPE html>") and "Curated reference data" in text
        return
    parsed = Dataset()
    parsed.parse(data=body, format=_RDFLIB[accept])
    union = Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        union.add((s, p, o))
    if kind == "entity":
        assert (URIRef(iri.iri), RDFS.label, None) in union
        assert (None, None, URIRef(iri.iri)) in union  # the triples pointing at it too
    elif kind == "ontology":
        assert (URIRef(iri.iri), None, None) in union and len(union) > 500
    else:
        assert len(union) > 50


@pytest.fixture(scope="module")
def built_site(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site `okg site` writes, downloads and RDF descriptions included (no named queries: not what is tested)."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("outsourcing_kg.graph.queries.list_queries", lambda project=None: [])
    try:
        return write_site(load(project=project), tmp_path_factory.mktemp("okg-site") / "site").folder
    finally:
        monkeypatch.undo()


@pytest.fixture(scope="module")
def served_site(project: Project, built_site: Path) -> Iterator[LinkedDataServer]:
    oxigraph_available()
    with start_server(project, port=free_port(), site=built_site) as server:
        yield server


@pytest.mark.parametrize("kind", sorted(PATHS))
@pytest.mark.parametrize("accept", sorted(FIVE))
def test_a_site_written_by_okg_site_answers_the_five_types(
    served_site: LinkedDataServer, built_site: Path, kind: str, accept: str, project: Project
) -> None:
    """`okg serve --site` on a fresh `okg site`: the IRI's HTML is the site's own page, its RDF the file beside it."""
    path = PATHS[kind]
    status, headers, _ = get(served_site, path, accept)
    assert status == 303 and headers["vary"] == "Accept" and headers["location"] == path + FIVE[accept]
    status, headers, body = get(served_site, headers["location"], accept)
    assert status == 200 and headers["content-type"].split(";")[0] == accept
    file = built_site / (path.lstrip("/") + FIVE[accept])
    if accept == HTML:
        assert body == file.read_bytes()  # the site's page, at the path linked_data expects
        assert "okg-top" in body.decode("utf-8") or kind == "ontology"  # the site's layout (pyLODE for the ontology)
    else:
        assert body == file.read_bytes()  # the static description is the served one


def test_served_rdf_is_the_local_description(served: LinkedDataServer, kg: KnowledgeGraph, project: Project) -> None:
    for path in PATHS.values():
        resource = resource_for(path, project)
        assert resource is not None
        local = describe(kg.sparql_result, resource, project)
        for media in REPRESENTATIONS:
            if media == HTML:
                continue
            status, _, body = get(served, "/" + resource.document(media))
            assert status == 200, (path, media)
            assert body == render(local, media, project), (path, media)  # Oxigraph's answer, rdflib's answer: same bytes


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("application/rdf+xml;q=0.2, application/n-triples;q=0.3", "application/n-triples"),
        ("text/turtle;q=0, */*;q=0.1", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("application/*", "application/ld+json"),
        ("", "text/html"),
    ],
)
def test_q_values_are_honoured(served: LinkedDataServer, accept: str, wanted: str) -> None:
    assert negotiate(accept) == wanted
    status, headers, _ = get(served, PATHS["entity"], accept)
    assert status == 303 and headers["location"] == PATHS["entity"] + REPRESENTATIONS[wanted]


def test_nothing_acceptable_is_406_and_unknown_is_404(served: LinkedDataServer) -> None:
    for path in PATHS.values():
        status, headers, body = get(served, path, "image/png, application/pdf;q=0.5")
        assert status == 406 and headers["vary"] == "Accept"
        assert b"text/turtle" in body
    assert negotiate("image/png") is None
    assert get(served, "/id/org/no-such-company", "text/turtle")[0] == 404
    assert get(served, "/id/org/no-such-company.ttl")[0] == 404
    assert get(served, "/graph/no-such-graph", "text/turtle")[0] == 404


@pytest.mark.parametrize("path", ["/dataset", "/catalog", "/.well-known/void"])
def test_the_dataset_iri_leads_to_the_catalogue(served: LinkedDataServer, path: str, project: Project) -> None:
    from rdflib.namespace import DCAT

    status, headers, _ = get(served, path, "text/turtle")
    assert status == 303 and headers["location"] == "/download/catalog.ttl" and headers["vary"] == "Accept"
    status, headers, body = get(served, headers["location"])
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    assert (None, DCAT.dataset, URIRef(project.base + "dataset")) in Graph().parse(data=body, format="turtle")
    assert get(served, path, "application/ld+json")[1]["location"] == "/download/catalog.jsonld"
    assert get(served, path)[1]["location"] == "/"
    assert get(served, path, "image/png")[0] == 406


def test_sparql_and_the_site_share_the_port(served: LinkedDataServer, kg: KnowledgeGraph, project: Project) -> None:
    rows = remote.run_named_remote(served.query_url, "organisations", {}, project).rows
    assert rows == kg.query_result("organisations").rows
    status, _, body = get(served, "/")
    assert status == 200 and b"<title>okg site</title>" in body
    assert get(served, "/id/org/intelcia", method="POST")[0] == 405
    status, _, body = get(served, "/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    assert status == 404 and b"root:" not in body


def test_without_a_site_pages_are_generated_and_escaped(tmp_project: Project) -> None:
    oxigraph_available()
    (tmp_project.sources_dir / "xss-test.txt").write_text(XSS_TEXT, encoding="utf-8")
    (tmp_project.sources_dir / "xss-test.yaml").write_text(XSS_YAML, encoding="utf-8")
    build(tmp_project)
    with start_server(tmp_project, port=free_port()) as server:
        status, headers, body = get(server, "/id/org/evil-corp.html")
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        text = body.decode("utf-8")
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;window.okgXss=2&lt;/script&gt;" in text
        assert '<link rel="alternate" type="text/turtle" href="/id/org/evil-corp.ttl">' in text
        assert get(server, "/dataset", "text/turtle")[0] == 404  # no site, no catalogue
        status, _, body = get(server, "/")
        assert status == 200 and b"Oxigraph" in body  # no site: Oxigraph's query page
        status, _, _ = get(server, "/yasgui.min.js")
        assert status == 200  # and its assets


def test_static_descriptions_are_the_served_bytes(
    served: LinkedDataServer, kg: KnowledgeGraph, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linked_data, "DESCRIPTION_BATCH", 7)  # written in batches: none lost at their edges
    written = write_descriptions(kg, tmp_path)
    assert tmp_path / "id" / "org" / "intelcia.ttl" in written and tmp_path / "ontology.jsonld" in written
    assert len(written) == len(described_resources(kg)) * len(STATIC_FORMATS) == len(set(written))
    assert all(path.is_file() for path in written)
    for path in (tmp_path / "id/org/intelcia.ttl", tmp_path / "graph/reference.nt", tmp_path / "ontology.rdf"):
        status, _, body = get(served, "/" + path.relative_to(tmp_path).as_posix())
        assert status == 200 and body == path.read_bytes()


def test_redirect_rules_route_every_type(project: Project, tmp_path: Path) -> None:
    paths = write_redirects(tmp_path, "/okg/")
    assert sorted(p.name for p in paths) == [".htaccess", "_headers", "_redirects"]
    htaccess = (tmp_path / ".htaccess").read_text(encoding="utf-8")
    rules = re.findall(r"RewriteCond %\{HTTP_ACCEPT\} (\S+)\nRewriteRule \^(\S+)\$ /okg/\$1(\S+) \[R=303,L\]", htaccess)
    assert [(cond.replace("\\", ""), ext) for cond, _, ext in rules] == [
        ("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("application/n-triples", ".nt"), ("application/rdf+xml", ".rdf")
    ]  # fmt: skip
    pattern = re.compile(f"^{rules[0][1]}$")
    for path in ("id/org/intelcia", "id/claim/doc/x/evidence/1/quote", "graph/reference", "ontology"):
        assert pattern.fullmatch(path)
    assert not pattern.fullmatch("id/org/intelcia.ttl") and not pattern.fullmatch("download/okg.ttl")
    assert "RewriteRule ^(id/[a-z0-9/-]+|graph/[a-z0-9-]+|ontology)$ /okg/$1.html [R=303,L]" in htaccess
    assert htaccess.rstrip().endswith("RewriteRule ^(dataset|catalog|\\.well-known/void)$ /okg/ [R=303,L]")
    redirects = (tmp_path / "_redirects").read_text(encoding="utf-8")
    assert "/okg/id/* /okg/id/:splat.html 303" in redirects.splitlines()
    assert "/okg/*.ttl\n  Content-Type: text/turtle; charset=utf-8" in (tmp_path / "_headers").read_text(encoding="utf-8")
    with pytest.raises(KGError, match="must be a path or an http"):
        redirect_rules("okg")
    w3id = redirect_rules("https://example.org/okg/")[".htaccess"].decode("utf-8")  # a w3id.org-style redirect to a host
    assert "RewriteRule ^(id/[a-z0-9/-]+|graph/[a-z0-9-]+|ontology)$ https://example.org/okg/$1.ttl [R=303,L]" in w3id


def test_okg_serve_bad_site_is_one_line(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    oxigraph_available()
    result = runner.invoke(main, ["serve", "--site", str(tmp_path / "missing"), "--port", str(free_port()), "--project", str(project.root)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"Error: site folder {tmp_path / 'missing'} does not exist or is not a folder; write it first (okg site) or leave it out\n"
    )
    with pytest.raises(StoreError, match=r"^port 0 is not a TCP port"):
        start_server(project, port=0)


def test_okg_serve_with_a_site_prints_its_urls(project: Project, site: Path) -> None:
    oxigraph_available()
    port = free_port()
    okg = Path(sys.executable).with_name("okg")
    args = [str(okg), "serve", "--port", str(port), "--site", str(site), "--project", str(project.root)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        assert lines[2] == f"  Linked Data: http://127.0.0.1:{port}/id/<kind>/<slug>, /graph/<name>, /ontology (HTML or RDF by Accept)\n"
        assert lines[3] == f"  site: {site}\n" and lines[4] == "Press Ctrl-C to stop.\n"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/id/org/intelcia", headers={"Accept": "text/turtle"})
        assert connection.getresponse().getheader("Location") == "/id/org/intelcia.ttl"
        connection.close()
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0


def test_load_is_not_needed_to_describe(project: Project) -> None:
    # describe() works on whatever answers SELECT: here the local graph, as write_descriptions uses it
    kg = load(project=project)
    resource = resource_for("id/place/oujda", project)
    assert resource is not None
    ds = describe(kg.sparql_result, resource, project)
    assert len(list(ds.quads((URIRef(resource.iri), None, None, None)))) > 0
