"""`okg review` driven from the keyboard in headless Chromium: the keystrokes a review of the seed article's draft
takes, and the screenshots of docs/review.md.

    PYTHONPATH=src .venv/bin/python bench/review_walkthrough.py [--screenshots]

Runs in a throw-away copy of the project. The seed article is drafted with `okg extract` (the draft replaces the
curated file in the copy), then reviewed by pressing `a` on every item and `s` once; every key press is counted,
and the saved file is built with only reviewed claims (`reviewed_only=True`). With --screenshots, the test article
of tests/data/review/ is opened too and docs/img/review-*.png are written.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from outsourcing_kg.compile.builder import compile_dataset
from outsourcing_kg.draft.extract import extract
from outsourcing_kg.project import OKG, Project
from outsourcing_kg.review import ReviewServer, ReviewSession

ROOT = Path(__file__).resolve().parents[1]
SEED = "covid-relation-client-le-grand-declic"
TEST_DOC = "centres-appels-fes-recrutement"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def copy_project(tmp: Path) -> Project:
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, tmp / folder, ignore=shutil.ignore_patterns("docs"))
    return Project.default(tmp)


def open_page(browser: Any, server: ReviewServer) -> Any:
    page = browser.new_context(viewport={"width": 1400, "height": 860}).new_page()
    origin = f"http://127.0.0.1:{server.port}/"
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=true]")
    return page


def seed_keystrokes(browser: Any, tmp: Path) -> None:
    project = copy_project(tmp / "seed")
    draft = project.sources_dir / f"{SEED}.yaml"
    extract(project.sources_dir / f"{SEED}.txt", draft, project=project, date="2021-03", force=True)
    session = ReviewSession.open(draft, reviewer="bench", project=project)
    items = session.items()
    notes = sum(1 for i in items if i.fields.get("review"))
    server = ReviewServer(session)
    server.start()
    try:
        page = open_page(browser, server)
        keys = 0
        started = time.perf_counter()
        for n in range(1, len(items) + 1):
            page.keyboard.press("a")
            keys += 1
            page.wait_for_selector(f"#counts:text-matches('^{n} accepted')")
        page.keyboard.press("s")
        keys += 1
        page.wait_for_selector("#counts:has-text('· saved')")
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    ds = compile_dataset(project, reviewed_only=True)
    accepted = sum(1 for _ in ds.quads((None, OKG.reviewStatus, OKG.accepted, None)))
    claims = sum(1 for i in items if i.kind == "claim")
    print(
        f"seed article draft: {len(items)} items ({len(items) - claims} entities, {claims} claims; {notes} with a review note); "
        f"accepting every item and saving took {keys} keystrokes and no mouse ({seconds:.1f} s in headless Chromium, "
        f"{seconds / keys * 1000:.0f} ms per decision, each checked by the build); "
        f"the saved file builds with reviewed_only=True: {accepted} accepted claims in the graph"
    )


def screenshots(browser: Any, tmp: Path) -> None:
    project = copy_project(tmp / "shots")
    for path in (ROOT / "tests" / "data" / "review").glob(f"{TEST_DOC}.*"):
        shutil.copy(path, project.sources_dir / path.name)
    session = ReviewSession.open(project.sources_dir / f"{TEST_DOC}.yaml", reviewer="Nadia", project=project)
    server = ReviewServer(session)
    server.start()
    out = ROOT / "docs" / "img"
    try:
        page = open_page(browser, server)
        for n in (1, 2):
            page.keyboard.press("a")
            page.wait_for_selector(f"#counts:text-matches('^{n} accepted')")
        page.locator("#items li", has=page.locator(".ident", has_text="fes-employment-2023")).click()
        page.screenshot(path=str(out / "review-overview.png"))
        page.keyboard.press("e")
        page.locator("#f-value").fill("1300")
        page.keyboard.press("Enter")
        page.wait_for_selector("#editor-error:has-text('is not what its quote says')")
        page.screenshot(path=str(out / "review-refused.png"))
        page.keyboard.press("Escape")
        page.evaluate(
            """(words) => {
                const box = document.getElementById("text");
                const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const at = walker.currentNode.data.indexOf(words);
                    if (at >= 0) {
                        const range = document.createRange();
                        range.setStart(walker.currentNode, at); range.setEnd(walker.currentNode, at + words.length);
                        window.getSelection().removeAllRanges(); window.getSelection().addRange(range); return;
                    }
                }
            }""",
            "deux autres",
        )
        page.keyboard.press("c")
        page.wait_for_selector("#editor[open]")
        page.locator("#f-id").fill("atlas-contact-sites-plan")
        page.locator("#f-subject").fill("org/atlas-contact")
        page.locator("#f-property").select_option("count")
        page.locator("#f-unit").select_option("sites")
        page.locator("#f-modality").select_option("plan")
        page.locator("#f-year").fill("")
        page.screenshot(path=str(out / "review-new-claim.png"))
    finally:
        server.stop()
    print(f"wrote {out}/review-overview.png, review-refused.png, review-new-claim.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screenshots", action="store_true", help="also write docs/img/review-*.png from tests/data/review/")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        seed_keystrokes(browser, Path(tmp))
        if args.screenshots:
            screenshots(browser, Path(tmp))
        browser.close()


if __name__ == "__main__":
    main()
