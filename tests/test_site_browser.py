"""The static site in a real browser: Debian's Chromium, headless, driven by Playwright, every page opened from
file:// with every request outside the site aborted (the fixtures of test_views_browser.py; with CI=true a missing
browser is a failure)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import test_views_browser
from conftest import DOC, XSS_IMG, XSS_LABEL
from test_views_browser import ARTIFACTS, Loaded

from outsourcing_kg import load
from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.outputs.catalog import DUMP_FORMATS
from outsourcing_kg.outputs.site import write_site
from outsourcing_kg.project import Project

# The browser fixtures of the view tests: Debian's Chromium, requests outside file:// aborted and recorded.
browser = test_views_browser.browser
open_page = test_views_browser.open_page


@pytest.fixture(scope="module")
def site(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    write_site(load(project=project), folder)
    return folder


def _check_offline(loaded: Loaded, root: Path) -> None:
    assert loaded.errors == []
    assert loaded.blocked == []
    outside = [u for u in loaded.requests if not u.startswith(root.resolve().as_uri() + "/") and not u.startswith("data:")]
    assert outside == []


PAGES = {
    "index": "index.html",
    "index-fr": "fr/index.html",
    "entity": "id/org/intelcia.html",
    "claim": f"id/claim/{DOC}/outsourcing-revenue-2019.html",
    "source": f"id/document/{DOC}.html",
    "query": "queries/sector_rankings.html",
    "graph": "graph/reference.html",
    "downloads": "downloads.html",
    "downloads-fr": "fr/downloads.html",
    "ontology": "ontology.html",
}


@pytest.mark.parametrize("name", list(PAGES), ids=list(PAGES))
def test_pages_open_offline_with_no_error(site: Path, open_page: Any, name: str) -> None:
    path = site / PAGES[name]
    if name == "ontology":
        # pyLODE's page has no script of ours: it is ready once loaded.
        loaded = open_page(path, ready=False)
    else:
        loaded = open_page(path)
    if name == "entity":
        frame = loaded.page.frame_locator("iframe.okg-view")
        frame.locator("body[data-state=ready]").wait_for(state="attached", timeout=60_000)
        inner = next(f for f in loaded.page.frames if f != loaded.page.main_frame)
        assert inner.evaluate("okgNetwork.body.data.nodes.length") >= 2
    if name.startswith("downloads"):
        rows = loaded.page.locator("table.okg-downloads tbody tr")
        assert rows.count() == len(DUMP_FORMATS)
        for i in range(rows.count()):
            link = rows.nth(i).locator("a")
            target = Path(unquote(urlsplit(link.evaluate("a => a.href")).path))
            assert target.is_file() and target.parent == site / "download"
            digest = rows.nth(i).locator("code.okg-sha256").inner_text()
            assert digest == hashlib.sha256(target.read_bytes()).hexdigest()
    _check_offline(loaded, site)


def test_search_finds_entities_by_label_alias_and_acronym_in_both_languages(site: Path, open_page: Any) -> None:
    loaded = open_page(site / "index.html")
    page = loaded.page
    page.fill("#okg-search", "fmes")
    links = page.locator("#okg-results a")
    assert "./id/org/fmes.html" in [links.nth(i).get_attribute("href") for i in range(links.count())]
    page.fill("#okg-search", "federation marocaine")  # accents and case folded
    assert page.locator("#okg-results a").count() >= 1
    page.locator("#okg-results a").first.click()
    page.wait_for_selector("body[data-state=ready]", state="attached")
    assert page.url.endswith("id/org/fmes.html")
    french = open_page(site / "fr/index.html").page
    french.fill("#okg-search", "CGEM")
    assert french.locator("#okg-results a").first.get_attribute("href") == "./id/org/cgem.html"  # the French page
    french.locator("#okg-results a").first.click()
    french.wait_for_selector("body[data-state=ready]", state="attached")
    assert french.url.endswith("/fr/id/org/cgem.html")
    _check_offline(loaded, site)


def test_each_highlight_of_the_source_shows_what_the_graph_says_and_leads_to_its_claim(
    site: Path, open_page: Any, project: Project
) -> None:
    text = (project.sources_dir / f"{DOC}.txt").read_text(encoding="utf-8")
    kg = load(project=project)
    quotes = kg.query("provenance")
    loaded = open_page(site / f"id/document/{DOC}.html")
    page = loaded.page
    pieces = page.evaluate(
        "() => Array.from(document.getElementById('okg-text').childNodes).map(n =>"
        " [n.textContent, n.nodeType === 1 ? n.getAttribute('data-spans') : ''])"
    )
    assert "".join(t for t, _ in pieces) == text
    infos = page.evaluate(
        "() => Array.from(document.querySelectorAll('.okg-span-info')).map(s =>"
        " [s.id, +s.dataset.start, +s.dataset.end, s.querySelector('a.okg-claim-link') ? s.querySelector('a.okg-claim-link').href : null])"
    )
    by_offsets: dict[tuple[int, int], list[str]] = {}
    for span, start, end, href in infos:
        offset = 0
        joined = ""
        first = None
        for piece, spans in pieces:
            if span in (spans or "").split():
                first = offset if first is None else first
                joined += piece
            offset += len(piece)
        assert (first, joined) == (start, text[start:end]), span
        if href:
            by_offsets.setdefault((start, end), []).append(href)
    for row in quotes.itertuples():
        claim_page = (site / f"{str(row.claim).removeprefix('https://w3id.org/okg/')}.html").resolve().as_uri()
        assert claim_page in by_offsets[(int(row.start), int(row.end))], row.claim
    # Activating each claim's highlight (click, or Enter from the keyboard) shows its section and its link.
    claim_spans = [(span, href) for span, _, _, href in infos if href]
    for n, (span, href) in enumerate(claim_spans):
        piece = page.locator(f'#okg-text .hl[data-spans~="{span}"]').first
        if n % 2:
            piece.focus()
            page.keyboard.press("Enter")
        else:
            piece.click()
        section = page.locator(f"#{span}")
        assert section.is_visible(), span
        assert section.locator("a.okg-claim-link").evaluate("a => a.href") == href
    page.locator(f'#okg-text .hl[data-spans~="{claim_spans[0][0]}"]').first.click()
    page.locator(f"#{claim_spans[0][0]} a.okg-claim-link").click()
    page.wait_for_selector("body[data-state=ready]", state="attached")
    assert page.url == claim_spans[0][1]
    assert "Evidence" in page.locator("main").inner_text()
    _check_offline(loaded, site)


def test_script_in_a_label_and_an_article_shows_as_text(xss_kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    write_site(xss_kg, folder)
    for path in ("id/org/evil-corp.html", "id/document/xss-test.html", "index.html"):
        loaded = open_page(folder / path)
        page = loaded.page
        if path == "index.html":
            page.fill("#okg-search", "evil")
            assert page.locator("#okg-results a").first.inner_text() == XSS_LABEL
        elif "evil-corp" in path:
            assert page.locator("h1").inner_text() == XSS_LABEL
        else:
            assert XSS_IMG in page.locator("#okg-text").inner_text()
            page.locator("#okg-text .hl.k-claim").last.click()
        assert page.evaluate("document.querySelectorAll('main img').length") == 0
        assert page.evaluate("typeof window.okgXss") == "undefined"
        _check_offline(loaded, folder)


def test_screenshots_for_the_docs(site: Path, open_page: Any) -> None:
    """The pictures of docs/site.md, kept in tests/artifacts/ (copied to docs/img/ by hand when the pages change)."""
    ARTIFACTS.mkdir(exist_ok=True)
    entity = open_page(site / "id/person/youssef-chraibi.html").page
    entity.frame_locator("iframe.okg-view").locator("body[data-state=ready]").wait_for(state="attached", timeout=60_000)
    entity.wait_for_timeout(500)
    entity.screenshot(path=str(ARTIFACTS / "site-entity.png"))
    source = open_page(site / f"id/document/{DOC}.html").page
    source.locator("#okg-text .hl.k-claim").nth(3).click()
    source.evaluate("document.querySelector('.okg-source').scrollIntoView()")
    source.screenshot(path=str(ARTIFACTS / "site-source.png"))
    assert (ARTIFACTS / "site-entity.png").stat().st_size > 20_000
    assert (ARTIFACTS / "site-source.png").stat().st_size > 20_000
