"""The static site (outputs/site*.py, `okg site`): every page written, links that resolve, spans at their offsets,
escaped text, byte-identical rebuilds, one-line errors. The browser tests are in test_site_browser.py."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from conftest import DOC, XSS_IMG, XSS_LABEL, XSS_SCRIPT
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from outsourcing_kg import load
from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.errors import KGError
from outsourcing_kg.outputs import site_pages
from outsourcing_kg.outputs.catalog import DUMP_FORMATS, TITLE, schema_org_dataset, validate_catalog
from outsourcing_kg.outputs.export import EXPORT_FORMATS
from outsourcing_kg.outputs.linked_data import STATIC_FORMATS, default_page, described_resources
from outsourcing_kg.outputs.site import MARKER, Section, SiteError, write_site
from outsourcing_kg.outputs.site_data import GraphReader
from outsourcing_kg.outputs.site_text import highlighted_text, segments
from outsourcing_kg.project import Project


@pytest.fixture(scope="module")
def seed_kg(project: Project) -> KnowledgeGraph:
    return load(project=project)


@pytest.fixture(scope="module")
def built(seed_kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    write_site(seed_kg, folder)
    return folder


def _no_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the named queries' pages where a test is about something else (rdflib answers them in seconds)."""
    monkeypatch.setattr("outsourcing_kg.graph.queries.list_queries", lambda project=None: [])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def _links(path: Path) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def _local(target: str) -> bool:
    return not urlsplit(target).scheme and not target.startswith("//")


def _crawl(root: Path, start: str = "index.html") -> tuple[set[Path], list[str]]:
    """Every page reachable from `start` through local links, and the links that point at nothing."""
    seen: set[Path] = set()
    broken: list[str] = []
    todo = [root / start]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for _, _, value in _links(page):
            if not _local(value):
                continue
            path = unquote(urlsplit(value).path)
            if not path:
                continue
            target = (page.parent / path).resolve()
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)} -> {value}")
            elif target.suffix == ".html" and target not in seen:
                todo.append(target)
    return seen, broken


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- what is written -----------------------------------------------------------------------------


def test_a_page_for_every_entity_claim_source_and_query_in_both_languages(seed_kg: KnowledgeGraph, built: Path, project: Project) -> None:
    read = GraphReader(seed_kg)
    entities, claims, documents = read.entities(), read.claims(), read.documents()
    assert len(entities) > 20 and len(claims) >= 39 and len(documents) == 1
    queries = sorted(p.stem for p in project.queries_dir.glob("*.rq"))
    expected = [read.page_path(i) + ".html" for i in (*entities, *claims, *documents)] + [f"queries/{q}.html" for q in queries]
    for path in expected:
        for lang_root in (built, built / "fr"):
            assert (lang_root / path).is_file(), path
    intelcia = (built / "id/org/intelcia.html").read_text(encoding="utf-8")
    assert "<h1>Intelcia</h1>" in intelcia
    assert 'href="../event/intelcia-oujda-expansion.html"' in intelcia  # an entity it touches
    assert 'src="intelcia.view.html"' in intelcia  # its neighbourhood view
    assert "le patron d’Intelcia" in intelcia  # a mention, with its quote
    french = (built / "fr/id/org/intelcia.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in french and 'href="../../../id/org/intelcia.html"' in french  # the language switch


def test_a_claim_page_shows_statement_value_with_currency_and_the_quote_in_its_context(built: Path) -> None:
    page = (built / f"id/claim/{DOC}/outsourcing-revenue-2019.html").read_text(encoding="utf-8")
    assert "14,000,000,000 MAD" in page
    assert "L’outsourcing représentait, en 2019 14 milliards de dirhams" in page
    assert '<mark class="okg-exact">' in page
    french = (built / f"fr/id/claim/{DOC}/outsourcing-jobs-2019.html").read_text(encoding="utf-8")
    assert "plus de 120\u202f000" in french  # a lower bound, French digits


def test_a_query_page_holds_the_question_its_sparql_and_its_answer(seed_kg: KnowledgeGraph, built: Path, project: Project) -> None:
    page = (built / "queries/sector_rankings.html").read_text(encoding="utf-8")
    rows = seed_kg.query("sector_rankings")
    assert "How does" in page or "rank" in page
    assert "SELECT" in page and "okg:rankingCriterion" in page
    assert page.count("<tr>") == len(rows) + 1
    assert "automotive industry in Morocco" in page
    needs = (built / "queries/entity_profile.html").read_text(encoding="utf-8")
    assert "?entity" in needs


def test_the_index_describes_the_dataset_and_the_search_index_is_a_script(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', index, flags=re.S)
    assert found
    dataset = json.loads(found.group(1))
    assert dataset["@type"] == "Dataset" and dataset["@context"] == "https://schema.org/"
    assert dataset["@id"] == "https://w3id.org/okg/dataset" and dataset["url"] == "https://w3id.org/okg/"
    assert dataset["license"].startswith("http")
    # One implementation: the catalogue's schema.org Dataset, made from the DCAT description the site publishes.
    assert dataset == schema_org_dataset(Graph().parse(built / "download/catalog.ttl"), lang="en")
    downloads = {d["contentUrl"]: d for d in dataset["distribution"]}
    assert len(downloads) == len(DUMP_FORMATS)
    for url, entry in downloads.items():
        file = built / url.removeprefix("https://w3id.org/okg/")
        assert entry["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
        assert entry["contentSize"] == f"{file.stat().st_size} B"
    french = re.search(r'<script type="application/ld\+json">(.*?)</script>', (built / "fr/index.html").read_text(encoding="utf-8"), re.S)
    assert french and json.loads(french.group(1))["name"] == TITLE["fr"]
    assert "not recorded in the graph" in index  # the seed build records no date
    search = (built / "assets/search.js").read_text(encoding="utf-8")
    entries = json.loads(search.split("window.okgSearch = ", 1)[1].rstrip(";\n"))
    fmes = next(e for e in entries if e[0] == "id/org/fmes.html")
    assert "FMES" in fmes[5]  # its acronym
    assert (built / fmes[0]).is_file()
    assert '<script src="assets/search.js"></script>' in index


def test_the_downloads_page_lists_every_dump_with_its_size_and_sha256_in_both_languages(built: Path) -> None:
    sums = dict(reversed(line.split("  ")) for line in (built / "download/SHA256SUMS").read_text(encoding="ascii").splitlines())
    assert sorted(sums) == sorted(f"okg{EXPORT_FORMATS[f].extension}" for f in DUMP_FORMATS)
    for page, prefix, unit in ((built / "downloads.html", "", "bytes"), (built / "fr/downloads.html", "../", "octets")):
        text = page.read_text(encoding="utf-8")
        rows = re.findall(
            r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td><td><code>([^<]+)</code></td>'
            r'<td class="okg-num" data-bytes="(\d+)">([^<]+)</td><td><code class="okg-sha256">([0-9a-f]{64})</code></td></tr>',
            text,
        )
        assert [r[1] for r in rows] == [f"okg{EXPORT_FORMATS[f].extension}" for f in DUMP_FORMATS], page
        for href, name, label, media, size, shown, digest in rows:
            file = page.parent / href
            assert href == f"{prefix}download/{name}" and file.is_file()
            fmt = next(f for f in EXPORT_FORMATS.values() if f.extension == file.suffix)
            assert (label, media) == (fmt.label, fmt.media_type)
            assert int(size) == file.stat().st_size and shown.endswith(unit)
            assert int(re.sub(r"\D", "", shown)) == file.stat().st_size
            assert digest == hashlib.sha256(file.read_bytes()).hexdigest() == sums[name]
        for name in ("catalog.ttl", "catalog.jsonld", "SHA256SUMS"):
            assert f'href="{prefix}download/{name}"' in text
        assert 'rel="license"' in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert 'href="downloads.html">Downloads</a>' in (built / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads.html">Téléchargements</a>' in (built / "fr/id/org/intelcia.html").read_text(encoding="utf-8")


def test_the_catalogue_written_with_the_site_validates(seed_kg: KnowledgeGraph, built: Path) -> None:
    description = Graph().parse(built / "download/catalog.ttl")
    validate_catalog(description, seed_kg.project)  # raises ValidationFailed naming the first problem
    urls = sorted(str(o) for o in description.objects(None, DCAT.downloadURL))
    assert urls == sorted(f"https://w3id.org/okg/download/okg{EXPORT_FORMATS[f].extension}" for f in DUMP_FORMATS)
    assert (None, DCAT.landingPage, URIRef("https://w3id.org/okg/")) in description


def test_every_page_of_an_iri_is_where_linked_data_looks_and_has_its_rdf_beside_it(seed_kg: KnowledgeGraph, built: Path) -> None:
    resources = described_resources(seed_kg)
    pages = {r.path for r in resources if (built / default_page(r)).is_file()}
    read = GraphReader(seed_kg)
    wanted = {read.page_path(i) for i in (*read.entities(), *read.claims(), *read.documents())}
    assert wanted <= pages  # every entity, claim and document page is the IRI's document path
    assert {"ontology", "graph/reference", "graph/ontology", f"graph/{DOC}"} <= pages
    for resource in resources:
        for fmt in STATIC_FORMATS:
            assert (built / resource.document(EXPORT_FORMATS[fmt].media_type)).is_file(), resource.path
    intelcia = (built / "id/org/intelcia.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="intelcia.ttl">' in intelcia
    assert "RewriteRule ^(id/[a-z0-9/-]+|graph/[a-z0-9-]+|ontology)$ /okg/$1.html [R=303,L]" in (built / ".htaccess").read_text(
        encoding="utf-8"
    )


def test_without_downloads_the_site_links_none(seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_queries(monkeypatch)
    report = write_site(seed_kg, tmp_path / "site", downloads=False)
    assert report.dumps == 0 and report.descriptions == 0
    assert not (tmp_path / "site/download").exists() and not (tmp_path / "site/downloads.html").exists()
    assert not list((tmp_path / "site").rglob("*.ttl"))
    assert "downloads.html" not in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    htaccess = (tmp_path / "site/.htaccess").read_text(encoding="utf-8")
    assert "RewriteCond %{HTTP_ACCEPT} text\\/turtle\nRewriteRule ^(id" not in htaccess
    # no catalogue to send the dataset's IRIs to: they go to the index, on Apache as on a plain static host
    assert "download/catalog" not in htaccess and "download/catalog" not in (tmp_path / "site/_redirects").read_text(encoding="utf-8")
    assert "RewriteRule ^(dataset|catalog|\\.well-known/void)$ /okg/ [R=303,L]" in htaccess
    assert _crawl(report.folder)[1] == []


def test_the_sitemap_lists_every_page_under_the_base_url(seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_queries(monkeypatch)
    folder = tmp_path / "site"
    report = write_site(seed_kg, folder, base_url="https://example.org/okg")
    urls = [e.text for e in ET.parse(folder / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))
    assert sorted(u.removeprefix("https://example.org/okg/") for u in urls if u) == pages
    assert report.pages == len(pages)
    assert {"downloads.html", "fr/downloads.html", "graph/reference.html", "ontology.html"} <= set(pages)
    assert "https://example.org/okg/download/okg.ttl" in (folder / "download/catalog.ttl").read_text(encoding="utf-8")
    assert "RewriteRule ^(id/[a-z0-9/-]+|graph/[a-z0-9-]+|ontology)$ /okg/$1.ttl [R=303,L]" in (folder / ".htaccess").read_text(
        encoding="utf-8"
    )


def test_a_crawl_from_the_index_reaches_every_page_and_finds_no_broken_link(built: Path) -> None:
    seen, broken = _crawl(built)
    assert broken == []
    pages = {p.resolve() for p in built.rglob("*.html")}
    assert pages - seen == set()
    downloads = _links(built / "downloads.html")
    assert {v for _, _, v in downloads if v.startswith("download/")} == {
        f"download/{p.name}" for p in (built / "download").iterdir()
    }  # every dump and catalogue file is linked, and the crawl found each of them


def test_pages_load_nothing_from_outside_the_site(built: Path) -> None:
    for page in built.rglob("*.html"):
        if page.name == "ontology.html":
            continue  # pyLODE's pages: links to other vocabularies, but nothing loaded (test_site_browser.py)
        for tag, attribute, value in _links(page):
            if attribute == "src" or tag == "link":
                assert _local(value), f"{page}: {tag} {value}"


def test_the_source_page_highlights_every_quote_and_mention_at_its_offsets(seed_kg: KnowledgeGraph, built: Path, project: Project) -> None:
    text = (project.sources_dir / f"{DOC}.txt").read_text(encoding="utf-8")
    page = (built / f"id/document/{DOC}.html").read_text(encoding="utf-8")
    pieces = _pieces(page)
    assert "".join(t for t, _ in pieces) == text  # the whole text, in order, nothing added
    infos = re.findall(r'<section id="(s\d+)" class="okg-span-info k-(\w+)" data-start="(\d+)" data-end="(\d+)"', page)
    covered: dict[str, list[int]] = {}
    offset = 0
    for piece, spans in pieces:
        for span in spans:
            covered.setdefault(span, []).append(offset)
        offset += len(piece)
    quotes = seed_kg.query("provenance")
    assert len(infos) >= len(quotes)
    found = {(int(s), int(e)) for _, kind, s, e in infos if kind == "claim"}
    assert {(int(r.start), int(r.end)) for r in quotes.itertuples()} <= found
    for span, _, start, end in infos:
        first = covered[span][0]
        assert first == int(start), span
        joined = "".join(t for t, spans in pieces if span in spans)
        assert joined == text[int(start) : int(end)], span


def _pieces(page: str) -> list[tuple[str, list[str]]]:
    """The text of #okg-text as (piece, ids of the spans covering it), HTML entities decoded."""
    import html

    body = page.split('<div id="okg-text" class="okg-text">', 1)[1].split("</div>", 1)[0]
    out = []
    for match in re.finditer(
        r'<span class="hl [^"]*" tabindex="0" role="button" data-start="\d+" data-spans="([^"]*)">(.*?)</span>|([^<]+)', body, re.S
    ):
        if match.group(3) is not None:
            out.append((html.unescape(match.group(3)), []))
        else:
            out.append((html.unescape(match.group(2)), match.group(1).split()))
    return out


# -- highlighting ------------------------------------------------------------------------------------------


def test_segments_cut_overlapping_and_nested_spans_at_every_boundary() -> None:
    #            0123456789
    spans = [(0, 6), (2, 4), (3, 9), (9, 9), (5, 20)]
    assert segments(10, spans) == [(0, 2, [0]), (2, 3, [0, 1]), (3, 4, [0, 1, 2]), (4, 6, [0, 2]), (6, 9, [2]), (9, 10, [])]


def test_highlighted_text_escapes_the_text_and_keeps_it_whole() -> None:
    text = f"a {XSS_SCRIPT} b"
    marked = str(highlighted_text(text, [(2, 10, "s0", "claim"), (0, len(text), "s1", "mention")]))
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert marked.count('class="hl') == 3
    assert 'data-spans="s0 s1"' in marked


# -- safety, determinism, scale hooks -------------------------------------------------------------------------


def test_script_in_labels_and_articles_is_written_as_text(xss_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_queries(monkeypatch)
    folder = tmp_path / "site"
    write_site(xss_kg, folder)
    for path in (folder / "id/org/evil-corp.html", folder / "id/document/xss-test.html", folder / "fr/id/org/evil-corp.html"):
        page = path.read_text(encoding="utf-8")
        assert XSS_IMG not in page and "<script>window.okgXss" not in page
        assert "&lt;img src=x onerror=" in page
    for path in (folder / "index.html", folder / "graph/xss-test.html", folder / "fr/index.html"):
        page = path.read_text(encoding="utf-8")  # the JSON-LD names the article by its title; the graph page links it
        assert XSS_IMG not in page and "<script>window.okgXss" not in page
    index = (folder / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', index, flags=re.S)
    assert found and f"Test {XSS_SCRIPT} article" in [d["name"] for d in json.loads(found.group(1))["isBasedOn"]]
    search = (folder / "assets/search.js").read_text(encoding="utf-8")
    assert "<" not in search and ">" not in search
    entries = json.loads(search.split("window.okgSearch = ", 1)[1].rstrip(";\n"))
    assert [e[3] for e in entries if e[0] == "id/org/evil-corp.html"] == [XSS_LABEL]


def test_the_site_builds_byte_identical_twice(seed_kg: KnowledgeGraph, built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_site(seed_kg, again)
    first, second = _tree(built), _tree(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_huge_entities_paginate_their_claims(seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_queries(monkeypatch)
    monkeypatch.setattr(site_pages, "PAGE_CLAIMS", 3)
    folder = tmp_path / "site"
    write_site(seed_kg, folder)
    sector = sorted((folder / "id/sector").glob("outsourcing-morocco*.html"))
    pages = [p for p in sector if ".page-" in p.name]
    assert len(pages) >= 3
    last = max(int(p.name.split(".page-")[1].split(".")[0]) for p in pages)
    assert 'rel="next"' not in (folder / f"id/sector/outsourcing-morocco.page-{last}.html").read_text(encoding="utf-8")
    assert _crawl(folder)[1] == []


def test_progress_and_the_hook_for_more_files(seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_queries(monkeypatch)
    calls: list[tuple[int, int, str]] = []

    def extra(folder: Path) -> None:
        (folder / "mirrors.html").write_text("<!DOCTYPE html><title>d</title>", encoding="utf-8")

    report = write_site(
        seed_kg,
        tmp_path / "site",
        progress=lambda done, total, what: calls.append((done, total, what)),
        sections=[Section("mirrors.html", {"en": "Mirrors", "fr": "Miroirs"})],
        extra=extra,
    )
    assert [c[0] for c in calls] == sorted(c[0] for c in calls) and calls[-1][0] <= calls[-1][1]
    assert {c[2] for c in calls} >= {"entity", "claim", "document", "graph", "list", "downloads", "index", "description"}
    assert calls[-1][0] == calls[-1][1]  # the last RDF description ends it
    assert 'href="../../mirrors.html">Mirrors' in (tmp_path / "site/id/org/intelcia.html").read_text(encoding="utf-8")
    assert 'href="../../../mirrors.html">Miroirs' in (tmp_path / "site/fr/id/org/intelcia.html").read_text(encoding="utf-8")
    assert _crawl(report.folder)[1] == []


def test_every_graph_page_is_reached_when_the_index_lists_few_sources(
    seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_queries(monkeypatch)
    monkeypatch.setattr(site_pages, "INDEX_SOURCES", 0)  # the index then lists only the graphs of no source
    report = write_site(seed_kg, tmp_path / "site", downloads=False)
    index = (report.folder / "index.html").read_text(encoding="utf-8")
    assert 'href="graph/reference.html"' in index and f'href="graph/{DOC}.html"' not in index
    seen, broken = _crawl(report.folder)
    assert broken == [] and {p.resolve() for p in report.folder.rglob("*.html")} - seen == set()


def test_a_second_run_replaces_the_site_but_never_a_folder_of_other_files(
    seed_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_queries(monkeypatch)
    folder = tmp_path / "site"
    write_site(seed_kg, folder)
    (folder / "stale.html").write_text("old", encoding="utf-8")
    write_site(seed_kg, folder)
    assert not (folder / "stale.html").exists() and (folder / MARKER).is_file()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KGError, match="holds other files"):
        write_site(seed_kg, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(SiteError, match="base URL"):
        write_site(seed_kg, tmp_path / "x", base_url="javascript:alert(1)")


# -- command line -------------------------------------------------------------------------------------------------


@pytest.fixture()
def quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _no_queries(monkeypatch)
    yield


def test_cli_writes_the_site(runner: CliRunner, tmp_path: Path, quick: None) -> None:
    result = runner.invoke(main, ["site", "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pages = r"\(\d+ entity, \d+ claim, 2 source and 0 query pages, in English and French\)"
    more = r"  with 6 dumps and their catalogue in download/, and the RDF of \d+ IRIs"
    assert re.fullmatch(rf"wrote {re.escape(str(tmp_path / 'out'))}/ {pages}\n{more}\n", result.output)
    assert (tmp_path / "out/index.html").is_file() and (tmp_path / "out/download/SHA256SUMS").is_file()
    result = runner.invoke(main, ["site", "--no-downloads", "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert re.fullmatch(rf"wrote {re.escape(str(tmp_path / 'out'))}/ {pages}\n", result.output)
    assert not (tmp_path / "out/download").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "/proc/okg-site"], r"^Error: /proc/okg-site: cannot write in /proc \(.*\)\n$"),
        (["--store", "nowhere:x", "-o", "SITE"], r"^Error: unknown store 'nowhere:x'; use `memory` or `oxigraph:PATH`.*\n$"),
        (["--base-url", "ftp://x", "-o", "SITE"], r"^Error: base URL 'ftp://x': give an absolute http\(s\) URL.*\n$"),
    ],
    ids=["unwritable", "unknown-store", "bad-base-url"],
)
def test_cli_bad_input_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path, quick: None, args: list[str], message: str) -> None:
    args = [str(tmp_path / "site") if a == "SITE" else a for a in args]
    result = runner.invoke(main, ["site", *args])
    assert result.exit_code == 2
    assert re.match(message, result.stderr if hasattr(result, "stderr") else result.output), result.output
    assert result.output.count("\n") == 1


def test_an_oxigraph_store_gives_the_same_site_as_memory(
    seed_kg: KnowledgeGraph, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_queries(monkeypatch)
    on_disk = load(store=f"oxigraph:{tmp_path / 'store'}", project=project, create=True)
    write_site(seed_kg, tmp_path / "memory")
    write_site(on_disk, tmp_path / "oxigraph")
    first, second = _tree(tmp_path / "memory"), _tree(tmp_path / "oxigraph")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
