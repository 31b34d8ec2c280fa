"""`okg review` in a real browser: Debian's Chromium, headless, driven by Playwright, against the real server on
loopback (review/). With CI=true a missing browser is a failure (the `browser` fixture of test_views_browser.py).

The test article (tests/data/review/, written for the tests) is reviewed end to end from the keyboard, and the saved
file is built into the graph.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from test_review import DOC, DRAFT, has
from test_views_browser import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture)

from outsourcing_kg.compile.builder import compile_dataset
from outsourcing_kg.project import OKG, Project
from outsourcing_kg.review import ReviewServer, ReviewSession

REVIEWER = "Nadia Test"


@pytest.fixture()
def served(tmp_project: Project) -> Iterator[ReviewServer]:
    for path in DRAFT.glob(f"{DOC}.*"):
        shutil.copy(path, tmp_project.sources_dir / path.name)
    session = ReviewSession.open(tmp_project.sources_dir / f"{DOC}.yaml", reviewer=REVIEWER, project=tmp_project)
    server = ReviewServer(session)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def open_review(browser: Any, served: ReviewServer) -> Iterator[Callable[[], Any]]:  # noqa: F811
    contexts = []
    errors: list[str] = []

    def page() -> Any:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        origin = f"http://127.0.0.1:{served.port}/"
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(served.url)
        tab.wait_for_selector("body[data-ready=true]")
        return tab

    yield page
    for context in contexts:
        context.close()
    assert errors == []


def select_item(tab: Any, ident: str) -> None:
    """Walk the list with `j` until the item with this id is selected (the keyboard, as a reviewer would)."""
    for _ in range(40):
        selected = tab.locator('#items li[aria-selected="true"] .ident').text_content()
        if selected == ident:
            return
        tab.keyboard.press("j")
    raise AssertionError(f"{ident} not reached with j")


def unnamed_controls(tab: Any) -> list[str]:
    """The visible buttons, inputs and selects with neither an aria-label nor a <label for=...>."""
    out = []
    for control in tab.locator("button, input, select").all():
        ident = control.get_attribute("id")
        labelled = ident is not None and tab.locator(f'label[for="{ident}"]').count() == 1
        if control.is_visible() and not (control.get_attribute("aria-label") or labelled):
            out.append(control.evaluate("e => e.outerHTML"))
    return out


def item(tab: Any, ident: str) -> Any:
    return tab.locator("#items li", has=tab.locator(".ident", has_text=ident)).first


def select_text(tab: Any, words: str) -> None:
    """Select `words` in the article as a mouse would (a DOM selection over the rendered text nodes)."""
    tab.evaluate(
        """(words) => {
            const box = document.getElementById("text");
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            const nodes = []; let text = "";
            while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
            const start = text.indexOf(words), end = start + words.length;
            const at = (offset) => {
                for (const [node, from] of nodes) if (offset <= from + node.data.length) return [node, offset - from];
            };
            const range = document.createRange();
            range.setStart(...at(start)); range.setEnd(...at(end));
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        }""",
        words,
    )


def test_review_end_to_end_from_the_keyboard(open_review: Callable[[], Any], served: ReviewServer) -> None:
    tab = open_review()
    project = served.session.project
    shots = ARTIFACTS / "review"
    shots.mkdir(parents=True, exist_ok=True)
    assert unnamed_controls(tab) == []

    # Selecting an item highlights its quote; clicking a highlight selects its item.
    select_item(tab, "person/karim-alaoui")
    assert tab.locator("#text mark.current").first.text_content() == "Karim Alaoui"
    tab.locator("#text mark", has_text="Tanger").first.click()
    assert tab.locator('#items li[aria-selected="true"] .ident').text_content() == "place/tanger"

    # Accept an entity.
    tab.locator("#items li").first.click()
    tab.keyboard.press("a")
    tab.wait_for_selector("#items li:first-child .status:text-is('accepted')")
    assert tab.locator('#items li[aria-selected="true"] .ident').text_content() == "org/atlas-contact"  # moved on

    # Link a new entity to one the project knows.
    select_item(tab, "org/fmo")
    tab.keyboard.press("e")
    assert unnamed_controls(tab) == []  # the entity editor
    tab.locator("#link-search").fill("FMES")
    link = tab.get_by_role("button", name="Link to Moroccan Federation of Outsourcing Services (org/fmes)")
    link.click()
    tab.wait_for_selector("#items li .ident:text-is('org/fmes')")
    assert "edited by Nadia Test" in item(tab, "org/fmes").text_content()

    # An invalid edit is refused, with the build's message beside the item; nothing changes.
    select_item(tab, "fes-employment-2023")
    tab.keyboard.press("e")
    assert unnamed_controls(tab) == []  # the claim editor
    tab.locator("#f-value").fill("1300")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#editor-error:has-text('is not what its quote says')")
    assert (
        "value 1300 is not what its quote says (the quote gives 1200)" in item(tab, "fes-employment-2023").locator(".error").text_content()
    )
    tab.screenshot(path=str(shots / "refused.png"))

    # Fix the claim's subject and year instead.
    tab.locator("#f-value").fill("1200")
    tab.locator("#f-subject").fill("org/atlas-contact")
    tab.locator("#f-year").fill("2022")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#editor", state="hidden")
    fixed = item(tab, "fes-employment-2023")
    assert fixed.locator(".status").text_content() == "edited" and fixed.locator(".error").text_content() == ""
    assert "org/atlas-contact · employment · 1200 · jobs · in 2022" in fixed.locator(".summary").text_content()

    # Reject a claim.
    select_item(tab, "atlas-contact-count-plan")
    tab.keyboard.press("x")
    tab.wait_for_selector("#items li.rejected .ident:text-is('atlas-contact-count-plan')")

    # Add the figure the draft missed by selecting its words: the quote and the number come from the selection.
    select_text(tab, "deux autres")
    tab.keyboard.press("c")
    tab.wait_for_selector("#editor[open]")
    assert tab.locator("#f-quote").input_value() == "deux autres" and tab.locator("#f-value").input_value() == "2"
    start = served.session.text.index("deux autres")
    assert tab.locator("#f-offsets").text_content().endswith(f"characters {start} to {start + len('deux autres')} of the text")
    tab.locator("#f-id").fill("atlas-contact-sites-plan")
    tab.locator("#f-subject").fill("org/atlas-contact")
    tab.locator("#f-property").select_option("count")
    tab.locator("#f-unit").select_option("sites")
    tab.locator("#f-modality").select_option("plan")
    tab.locator("#f-year").fill("")
    tab.screenshot(path=str(shots / "new-claim.png"))
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#editor", state="hidden")
    assert tab.locator('#items li[aria-selected="true"] .ident').text_content() == "atlas-contact-sites-plan"
    assert tab.locator("#text mark.current").first.text_content() == "deux autres"

    # Save from the keyboard.
    tab.keyboard.press("s")
    tab.wait_for_selector("#counts:has-text('· saved')")
    tab.screenshot(path=str(shots / "saved.png"))

    saved = served.session.path.read_text(encoding="utf-8")
    assert saved.startswith("# yaml-language-server: $schema=../annotation.schema.json\n# Draft annotations of")
    ds = compile_dataset(project)

    def claim(name: str) -> URIRef:
        return URIRef(project.thing(f"claim/{DOC}/{name}"))

    def thing(ref: str) -> URIRef:
        return URIRef(project.thing(ref))

    assert has(ds, claim("fes-employment-2023"), OKG.subject, thing("org/atlas-contact"))
    assert has(ds, claim("fes-employment-2023"), OKG.year, Literal("2022", datatype=XSD.gYear))
    assert has(ds, claim("fes-employment-2023"), OKG.reviewStatus, OKG.edited)
    assert has(ds, claim("fes-employment-2023"), OKG.reviewedBy, thing("reviewer/nadia-test"))
    assert has(ds, claim("fmo-says-crm"), OKG.claimant, thing("org/fmes"))
    assert not has(ds, thing("org/fmo"), None, None)
    assert not has(ds, claim("atlas-contact-count-plan"), None, None)
    added = claim("atlas-contact-sites-plan")
    assert has(ds, added, OKG.object, Literal("2", datatype=XSD.integer)) and has(ds, added, OKG.unit, OKG.sites)
    assert has(ds, added, OKG.modality, OKG.plan) and has(ds, added, OKG.reviewStatus, OKG.edited)
    assert has(ds, claim("fes-revenue-2022"), OKG.subject, thing("place/fes"))
    assert not has(ds, claim("fes-revenue-2022"), OKG.reviewStatus, None)
    assert "review_status: accepted" in saved.split("- id: place/fes", 1)[1].split("- id:", 1)[0]


def test_two_tabs_and_a_file_changed_on_disk(open_review: Callable[[], Any], served: ReviewServer) -> None:
    first, second = open_review(), open_review()
    first.keyboard.press("a")
    first.wait_for_selector("#items li:first-child .status:text-is('accepted')")
    second.keyboard.press("x")  # this tab still shows the review before the first tab's decision
    second.wait_for_selector("#alert:not([hidden])")
    assert "changed in another page" in second.locator("#alert-text").text_content()
    assert served.session.state()["counts"] == {"accepted": 1, "edited": 0, "rejected": 0, "unreviewed": 23}
    second.get_by_role("button", name="Reload the review").click()
    second.wait_for_selector("#items li:first-child .status:text-is('accepted')")

    path = served.session.path
    path.write_text(path.read_text(encoding="utf-8") + "# a curator's note, added in an editor\n", encoding="utf-8")
    second.keyboard.press("s")
    second.wait_for_selector("#alert:not([hidden])")
    assert "changed on disk since this review read it" in second.locator("#alert-text").text_content()
    assert path.read_text(encoding="utf-8").endswith("# a curator's note, added in an editor\n")
    second.get_by_role("button", name="Save anyway, replacing the file on disk").click()
    second.wait_for_selector("#alert", state="hidden")
    assert "review_status: accepted" in path.read_text(encoding="utf-8")


def test_article_text_and_labels_are_shown_as_text(open_review: Callable[[], Any], served: ReviewServer) -> None:
    """A label with markup is shown as written and runs nothing."""
    from conftest import XSS_LABEL

    session = served.session
    key = next(i.key for i in session.items() if i.fields.get("id") == "org/atlas-contact")
    fields = next(dict(i.fields) for i in session.items() if i.key == key)
    session.edit(key, {**fields, "label": {"fr": XSS_LABEL, "en": XSS_LABEL}})
    tab = open_review()
    assert XSS_LABEL in item(tab, "org/atlas-contact").locator(".summary").text_content()
    assert tab.evaluate("window.okgXss") is None
    assert tab.locator("#items img, #text img").count() == 0


def test_page_refuses_without_token(browser: Any, served: ReviewServer) -> None:  # noqa: F811
    context = browser.new_context()
    tab = context.new_page()
    response = tab.goto(f"http://127.0.0.1:{served.port}/")
    assert response.status == 403 and "token" in tab.content()
    # A request without the session's token is refused, whatever page sends it.
    status = tab.evaluate(
        """async (port) => {
            const body = JSON.stringify({action: "accepted", key: "entities/0"});
            try { return (await fetch(`http://127.0.0.1:${port}/api/action`, {method: "POST", body})).status; }
            catch (e) { return "blocked"; }
        }""",
        served.port,
    )
    assert status == 403
    context.close()
    assert served.session.revision == 0


def test_offsets_agree_with_the_server_past_characters_outside_the_bmp(browser: Any, tmp_project: Project) -> None:  # noqa: F811
    """JavaScript counts UTF-16 units, Python code points: an emoji before the quotes must not shift them."""
    for path in DRAFT.glob(f"{DOC}.*"):
        shutil.copy(path, tmp_project.sources_dir / path.name)
    text_path = tmp_project.sources_dir / f"{DOC}.txt"
    text_path.write_text(text_path.read_text(encoding="utf-8").replace("\n\n", "\n\n📞 ", 1), encoding="utf-8")
    session = ReviewSession.open(tmp_project.sources_dir / f"{DOC}.yaml", reviewer=REVIEWER, project=tmp_project)
    server = ReviewServer(session)
    server.start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(server.url)
        tab.wait_for_selector("body[data-ready=true]")
        item(tab, "person/karim-alaoui").click()
        assert tab.locator("#text mark.current").first.text_content() == "Karim Alaoui"
        select_text(tab, "deux autres")
        tab.keyboard.press("c")
        tab.wait_for_selector("#editor[open]")
        start = session.text.index("deux autres")
        assert tab.locator("#f-quote").input_value() == "deux autres"
        assert tab.locator("#f-offsets").text_content().endswith(f"characters {start} to {start + 11} of the text")
    finally:
        context.close()
        server.stop()
