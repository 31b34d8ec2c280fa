"""The HTML views in a real browser: Debian's Chromium, headless, driven by Playwright (views.py, templates/).

Every page is opened from file:// with every other request aborted. With CI=true a missing browser is a
failure; elsewhere these tests are skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, XSS_IMG, XSS_LABEL

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.outputs import projection, views

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; .ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Loaded:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def counts(self) -> tuple[int, int]:
        # A large view paints nodes and edges itself (okgView); a small one leaves them to vis-network.
        script = "window.okgView ? [okgView.nodes, okgView.edges] : [okgNetwork.body.data.nodes.length, okgNetwork.body.data.edges.length]"
        nodes, edges = self.page.evaluate(script)
        return int(nodes), int(edges)


@pytest.fixture()
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def load(path: Path, timeout: float = 60_000, init_script: str | None = None, *, ready: bool = True) -> Loaded:
        """Open `path` with every request outside file:// aborted and counted; wait until the view says it is ready
        (`ready=False`: until the page has loaded, for pages without the view's script)."""
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        loaded = Loaded(page)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                loaded.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda request: loaded.requests.append(request.url))
        page.on("console", lambda message: loaded.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: loaded.errors.append(str(error)))
        page.goto(path.as_uri(), wait_until="load")
        if ready:
            # A selector wait: the page's CSP forbids the eval a JavaScript predicate would need.
            page.wait_for_selector("body[data-state=ready]", state="attached", timeout=timeout)
        return loaded

    yield load
    for context in contexts:
        context.close()


def _check_offline(loaded: Loaded) -> None:
    assert loaded.errors == []
    assert loaded.blocked == []
    assert [u for u in loaded.requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize("focus", [None, "intelcia"], ids=["full", "intelcia"])
def test_view_opens_offline_and_draws_the_projection(kg: KnowledgeGraph, open_page: Any, tmp_path: Path, focus: str | None) -> None:
    _, path = views.write_view(kg, tmp_path / "view.html", focus=focus)
    expected = kg.to_networkx()
    if focus:
        expected = projection.select(expected, focus=focus, depth=2)
    loaded = open_page(path)
    _check_offline(loaded)
    assert loaded.counts() == (expected.number_of_nodes(), expected.number_of_edges())
    assert loaded.page.evaluate("okgNetwork.physics.options.enabled") is False  # physics stopped once laid out
    legend = loaded.page.locator("#okg-legend").inner_text()
    assert "company" in legend
    assert ("segment" in legend) == (focus is None)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"view-{focus or 'full'}.png"
    loaded.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_tooltip_shows_quotes_on_hover(kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    _, path = views.write_view(kg, tmp_path / "view.html")
    loaded = open_page(path)
    _hover(loaded.page, "sector/outsourcing-morocco")
    tooltip = loaded.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "outsourcing in Morocco" in text and "employment: more than 120,000 jobs (2019)" in text
    assert "totalisait plus de 120.000 emplois" in text


def _hover(page: Any, node: str) -> None:
    # The node id is passed as an argument, never pasted into script text.
    point = page.evaluate("(id) => okgNetwork.canvasToDOM(okgNetwork.getPositions([id])[id])", node)
    page.mouse.move(point["x"], point["y"])


def test_script_in_labels_and_quotes_shows_as_text_and_never_runs(xss_kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    _, path = views.write_view(xss_kg, tmp_path / "xss.html", focus="org/evil-corp")
    loaded = open_page(path)
    _check_offline(loaded)
    page = loaded.page
    _hover(page, "org/evil-corp")
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    page.wait_for_timeout(300)
    text = tooltip.inner_text()
    assert XSS_LABEL in text.replace("\n", "")
    assert "tout va bien" in text
    assert page.locator("#okg-header h1").inner_text().startswith(f"outsourcing-kg: around {XSS_LABEL}")
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("typeof window.okgXss") == "undefined"
    title = page.evaluate("(id) => okgNetwork.body.data.nodes.get(id).title.textContent", "org/evil-corp")
    assert XSS_IMG in title
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-xss.png"))


def test_large_view_opens_with_fixed_positions_and_tooltips(kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    from test_views import synthetic

    big = synthetic(kg.to_networkx(), 3000)
    path = tmp_path / "big.html"
    path.write_text(views.render_html(big), encoding="utf-8")
    loaded = open_page(path, timeout=120_000)
    _check_offline(loaded)
    assert loaded.counts() == (3000, 6000)
    assert loaded.page.evaluate("okgNetwork.physics.options.enabled") is False
    assert "neighbourhood" in loaded.page.locator(".okg-note").inner_text()
    assert loaded.page.locator("progress.okg-progress").is_hidden()
    point = loaded.page.evaluate("(id) => okgView.position(id)", "x/42")
    loaded.page.mouse.move(point["x"], point["y"])
    tooltip = loaded.page.locator("div.okg-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith("entity 42")
    ARTIFACTS.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(ARTIFACTS / "view-3000.png"))


# Records every animation frame, every value of the progress bar and the moment the page is ready, from the start.
FRAMES = """
window.okgFrames = [];
window.okgProgress = [];
(function frame(t) { window.okgFrames.push(performance.now()); requestAnimationFrame(frame); })();
new MutationObserver(function (changes) {
  changes.forEach(function (c) {
    if (c.target.tagName === "PROGRESS" && c.attributeName === "value") { window.okgProgress.push(Number(c.target.value)); }
    if (c.target === document.body && document.body.getAttribute("data-state") === "ready" && !window.okgReady) {
      window.okgReady = performance.now();
    }
  });
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["value", "data-state"]});
"""
LONGEST_GAP_MS = 200
USABLE_MS = 10_000


def _longest_gap(loaded: Loaded) -> tuple[float, float, list[float]]:
    """The longest time between two animation frames from the page's start until the first frame after it is ready,
    the time until ready (ms since navigation), and the progress values shown."""
    loaded.page.wait_for_timeout(300)
    frames, ready, progress = loaded.page.evaluate("[okgFrames, okgReady, okgProgress]")
    until = next(i for i, t in enumerate(frames) if t > ready)
    shown = frames[: until + 1]
    return max(b - a for a, b in itertools.pairwise(shown)), ready, progress


def test_10000_node_view_never_blocks_the_page_long(kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    from test_views import synthetic

    big = synthetic(kg.to_networkx(), 10_000)
    path = tmp_path / "big.html"
    path.write_text(views.render_html(big), encoding="utf-8")
    # Best of three loads: one descheduled moment on a busy machine is not the page's doing, a slow page is slow
    # every time (before this page was reworked: 3.9 s and 1.2 s without a frame, every load).
    runs = []
    for _ in range(3):
        loaded = open_page(path, timeout=120_000, init_script=FRAMES)
        runs.append(_longest_gap(loaded))
        if runs[-1][0] < LONGEST_GAP_MS and runs[-1][1] < USABLE_MS:
            break
    _check_offline(loaded)
    assert loaded.counts() == (10_000, 20_000)
    gap, ready, progress = min(runs)
    assert gap < LONGEST_GAP_MS, f"longest time without a frame: {[round(r[0]) for r in runs]} ms"
    assert ready < USABLE_MS
    # The progress bar moved forward through intermediate values to the end.
    assert progress == sorted(progress) and progress[-1] == 100
    assert len([v for v in progress if 0 < v < 100]) >= 2, progress
    assert loaded.page.locator("progress.okg-progress").is_hidden()


def test_oversize_view_offers_kinds_sources_and_search(
    kg: KnowledgeGraph, open_page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_views import synthetic

    big = synthetic(kg.to_networkx(), 3000)
    monkeypatch.setattr(views, "OVERSIZE_GRAPH", 2000)
    path = tmp_path / "oversize.html"
    path.write_text(views.render_html(big), encoding="utf-8")
    loaded = open_page(path, timeout=120_000)
    _check_offline(loaded)
    page = loaded.page
    assert "3,000 nodes is more than a browser can lay out and draw (the limit is 2,000)" in page.locator(".okg-note").inner_text()
    classes = {d["class_label"] for _, d in big.nodes(data=True)}
    assert page.evaluate("okgNetwork.body.data.nodes.length") == len(classes)  # one node per kind
    panel = page.locator("#okg-panel")
    assert panel.is_visible()
    # A kind: its most connected nodes and their neighbours, at most PART_LIMIT.
    page.evaluate("document.body.removeAttribute('data-state')")
    panel.locator("button.okg-choice", has_text="company").first.click()
    page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60_000)
    shown = page.evaluate("okgNetwork.body.data.nodes.getIds()")
    assert 0 < len(shown) <= views.PART_LIMIT
    assert "company" in page.locator("#okg-header h1").inner_text()
    assert any(big.nodes[n]["class_label"] == "company" for n in shown)
    # A search result: its neighbourhood, drawn with tooltips.
    page.locator("input.okg-search").fill("entity 42")
    result = panel.locator(".okg-results button.okg-choice").first
    result.wait_for(state="visible")
    assert result.inner_text().startswith("entity 42")
    page.evaluate("document.body.removeAttribute('data-state')")
    result.click()
    page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60_000)
    shown = set(page.evaluate("okgNetwork.body.data.nodes.getIds()"))
    assert "x/42" in shown and set(big.predecessors("x/42")) | set(big.successors("x/42")) <= shown
    assert "around entity 42" in page.locator("#okg-header h1").inner_text()
    _hover(page, "x/42")
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert "entity 42" in tooltip.inner_text()
    page.locator("input.okg-search").fill("no such entity anywhere")
    page.locator(".okg-results", has_text="no entity matches").wait_for()
    assert loaded.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-oversize.png"))


def test_notebook_output_draws_in_the_host_page(kg: KnowledgeGraph, browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The exact HTML a notebook front end receives for kg.view(): the text/html of IPython's display formatter (what
    # ipykernel sends to JupyterLab, classic Notebook, VS Code and Colab), put in a page as a front end inserts it.
    from IPython.core.formatters import DisplayFormatter

    monkeypatch.chdir(tmp_path)
    view = kg.view(focus="intelcia", save=tmp_path / "intelcia.html")
    bundle, _ = DisplayFormatter().format(view)
    output = bundle["text/html"]
    assert output == view._repr_html_() and 'sandbox="allow-scripts"' in output and 'href="intelcia.html"' in output
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><h1>notebook</h1><div class=output>{output}</div></body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        blocked: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-state=ready]").wait_for(state="attached", timeout=60_000)
        inner = next(f for f in page.frames if f != page.main_frame)
        counts = inner.evaluate("[okgNetwork.body.data.nodes.length, okgNetwork.body.data.edges.length]")
        assert counts == [view.nodes, view.edges] and counts[0] > 0
        assert errors == [] and blocked == []
        assert [u for u in requests if not u.startswith(("file://", "data:", "about:srcdoc"))] == []
        link = page.locator("a")
        assert link.inner_text() == "intelcia.html" and link.get_attribute("href") == "intelcia.html"
        assert (tmp_path / link.get_attribute("href")).read_text(encoding="utf-8") == view.html  # the fallback opens the same page
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-notebook-iframe.png"))
    finally:
        context.close()


def test_customised_pyvis_network_renders_offline(kg: KnowledgeGraph, open_page: Any, tmp_path: Path) -> None:
    from outsourcing_kg import views as public_views

    net = kg.to_pyvis()
    net.toggle_physics(False)
    net.get_node("org/intelcia")["color"] = "#ff0000"
    net.get_node("org/intelcia")["title"] = "<b>my own</b> tooltip"
    path = public_views.render(net, tmp_path / "custom.html")
    loaded = open_page(path)
    _check_offline(loaded)
    assert loaded.counts() == (net.num_nodes(), net.num_edges())
    page = loaded.page
    assert page.evaluate("okgNetwork.physics.options.enabled") is False
    assert page.evaluate("(id) => okgNetwork.body.data.nodes.get(id).color", "org/intelcia") == "#ff0000"
    _hover(page, "org/intelcia")
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == "<b>my own</b> tooltip"  # text, not markup
    assert page.evaluate("document.querySelectorAll('b').length") == 0
    page.mouse.move(5, 890)
    page.wait_for_timeout(300)
    _hover(page, "sector/outsourcing-morocco")  # an unchanged node keeps the view's structured tooltip
    page.locator("div.vis-tooltip", has_text="employment: more than 120,000 jobs (2019)").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-pyvis-custom.png"))
