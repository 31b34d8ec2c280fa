"""`okg review` without a browser: the session's decisions checked by the build, saving with comments kept,
conflicts, the token on the real server, and what the build makes of review fields (review/, compile/builder.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from conftest import ROOT
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from outsourcing_kg.compile.builder import compile_dataset
from outsourcing_kg.errors import SourceError
from outsourcing_kg.project import OKG, Project
from outsourcing_kg.review import Conflict, ReviewError, ReviewServer, ReviewSession

DOC = "centres-appels-fes-recrutement"
DRAFT = ROOT / "tests" / "data" / "review"
CLOCK = "2026-11-30T10:00:00Z"


@pytest.fixture()
def review_project(tmp_project: Project) -> Project:
    """The project with the test article's draft (written by `okg extract`, see tests/data/README.md) among its sources."""
    for path in DRAFT.glob(f"{DOC}.*"):
        shutil.copy(path, tmp_project.sources_dir / path.name)
    return tmp_project


@pytest.fixture()
def session(review_project: Project) -> ReviewSession:
    return ReviewSession.open(
        review_project.sources_dir / f"{DOC}.yaml", reviewer="Nadia Test", project=review_project, clock=lambda: CLOCK
    )


def key_of(session: ReviewSession, ident: str) -> str:
    return next(item.key for item in session.items() if item.fields.get("id") == ident)


def fields_of(session: ReviewSession, ident: str) -> dict[str, object]:
    return next(dict(item.fields) for item in session.items() if item.fields.get("id") == ident)


def has(ds: Any, s: Any, p: Any, o: Any) -> bool:
    return next(ds.quads((s, p, o, None)), None) is not None


def claim_iri(project: Project, claim: str) -> URIRef:
    return URIRef(project.thing(f"claim/{DOC}/{claim}"))


def test_items_come_with_their_quotes_placed_in_the_text(session: ReviewSession) -> None:
    items = session.items()
    assert len(items) == 24
    for item in items:
        assert item.span is not None, item.key
        quote = item.fields["mention"]["quote"] if item.kind == "entity" else item.fields["quote"]  # type: ignore[index]
        quote = quote["quote"] if isinstance(quote, dict) else quote
        assert session.text[item.span[0] : item.span[1]] == quote


def test_decisions_are_saved_with_reviewer_and_time_and_comments_kept(session: ReviewSession) -> None:
    before = session.path.read_text(encoding="utf-8")
    session.decide(key_of(session, "place/fes"), "accepted")
    session.decide(key_of(session, "atlas-contact-count-plan"), "rejected")
    session.save()
    after = session.path.read_text(encoding="utf-8")
    assert after.startswith("\n".join(before.splitlines()[:4]))  # the draft's header comments
    assert after.count("review_status: accepted") == 1 and after.count("review_status: rejected") == 1
    assert after.count(f'reviewed_at: "{CLOCK}"') == 2 and after.count("reviewed_by: Nadia Test") == 2
    # Nothing else moved: every line of the draft is still there, in the same order.
    lines = iter(after.splitlines())
    assert all(any(line == other for other in lines) for line in before.splitlines())


def test_an_edit_the_build_refuses_is_not_kept(session: ReviewSession) -> None:
    key = key_of(session, "fes-employment-2023")
    wrong = {**fields_of(session, "fes-employment-2023"), "value": 1300}
    with pytest.raises(ReviewError, match=r"value 1300 is not what its quote says \(the quote gives 1200\)"):
        session.edit(key, wrong)
    unknown = {**fields_of(session, "fes-employment-2023"), "subject": "org/atlas-contakt"}
    with pytest.raises(ReviewError, match="unknown entity `org/atlas-contakt` \\(did you mean org/atlas-contact"):
        session.edit(key, unknown)
    bad_unit = {**fields_of(session, "fes-employment-2023"), "unit": "seats"}
    with pytest.raises(ReviewError, match="`seats` is not a term of the ontology"):
        session.edit(key, bad_unit)
    moved = {**fields_of(session, "fes-employment-2023"), "quote": "1.200 salaires"}
    with pytest.raises(ReviewError, match="quote not found in the text"):
        session.edit(key, moved)
    extra = {**fields_of(session, "fes-employment-2023"), "colour": "red"}
    with pytest.raises(ReviewError, match="unknown field `colour`"):
        session.edit(key, extra)
    assert session.revision == 0 and fields_of(session, "fes-employment-2023")["value"] == 1200


def test_a_draft_that_does_not_build_names_the_item_to_fix(review_project: Project) -> None:
    path = review_project.sources_dir / f"{DOC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 250000000", "value: 260000000"), encoding="utf-8")
    session = ReviewSession.open(path, reviewer="Nadia Test", project=review_project)
    key = key_of(session, "fes-revenue-2022")
    assert session.state()["problems"] == [{"key": key, "message": AnyStr("value 260000000 is not what its quote says")}]
    with pytest.raises(ReviewError, match=r"^claim fes-revenue-2022: value 260000000"):
        session.decide(key_of(session, "place/fes"), "accepted")
    session.edit(key, {**fields_of(session, "fes-revenue-2022"), "value": 250000000})
    assert session.state()["problems"] == [] and session.state()["counts"]["edited"] == 1


class AnyStr(str):
    """Equal to any string that contains it."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and str(self) in other

    __hash__ = str.__hash__


def test_rejecting_an_entity_a_claim_needs_is_refused(session: ReviewSession) -> None:
    with pytest.raises(ReviewError, match=r"^claim atlas-contact-chief-executive-post-in: unknown entity `org/atlas-contact`"):
        session.decide(key_of(session, "org/atlas-contact"), "rejected")


def test_linking_renames_every_reference(session: ReviewSession) -> None:
    session.link(key_of(session, "org/fmo"), "org/fmes")
    linked = fields_of(session, "org/fmes")
    assert set(linked) == {"id", "mention", "confidence", "review_status", "reviewed_by", "reviewed_at"}
    assert fields_of(session, "fmo-says-crm")["claimant"] == "org/fmes"
    with pytest.raises(ReviewError, match="no entity 'org/fmez' in the project; did you mean org/fmes"):
        session.link(key_of(session, "place/fes"), "org/fmez")


def test_a_selection_gives_the_quote_its_occurrence_and_numbers(session: ReviewSession) -> None:
    start = session.text.index("deux autres")
    found = session.quote_for(start - 1, start + len("deux autres"))  # a leading space is trimmed
    assert found["spec"] == {"quote": "deux autres"} and found["start"] == start and found["numbers"] == [2]
    second = session.text.index("Atlas Contact", session.text.index("Atlas Contact") + 1)
    assert session.quote_for(second, second + len("Atlas Contact"))["spec"] == {"quote": "Atlas Contact", "occurrence": 2}
    with pytest.raises(ReviewError, match="not inside the article"):
        session.quote_for(5, 10**6)


def test_entity_suggestions_come_from_the_project_and_the_draft(session: ReviewSession) -> None:
    found = session.suggest_entities("FMES")
    assert found[0]["id"] == "org/fmes" and found[0]["where"] == "project"
    assert session.suggest_entities("Atlas Contact")[0] == {
        "id": "org/atlas-contact",
        "label": "Atlas Contact",
        "type": "Company",
        "where": "draft",
    }


def test_another_page_and_the_disk_are_not_overwritten(session: ReviewSession) -> None:
    seen = session.revision
    session.decide(key_of(session, "place/fes"), "accepted", base=seen)
    with pytest.raises(Conflict, match="changed in another page"):
        session.decide(key_of(session, "place/rabat"), "accepted", base=seen)
    session.path.write_text(session.path.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    with pytest.raises(Conflict, match="changed on disk since this review read it"):
        session.save()
    assert session.path.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    assert session.state()["unsaved"] is True
    session.save(force=True)
    assert "review_status: accepted" in session.path.read_text(encoding="utf-8")
    assert session.state()["unsaved"] is False


def test_the_build_carries_review_status_and_leaves_rejected_and_unreviewed_out(session: ReviewSession) -> None:
    session.decide(key_of(session, "crm-growth-2022"), "accepted")
    edited = {**fields_of(session, "fes-employment-2023"), "subject": "org/atlas-contact", "year": 2022}
    session.edit(key_of(session, "fes-employment-2023"), edited)
    session.decide(key_of(session, "atlas-contact-count-plan"), "rejected")
    session.save()
    project = session.project
    ds = compile_dataset(project)
    accepted, changed = claim_iri(project, "crm-growth-2022"), claim_iri(project, "fes-employment-2023")
    assert has(ds, accepted, OKG.reviewStatus, OKG.accepted)
    assert has(ds, changed, OKG.reviewStatus, OKG.edited)
    reviewer = URIRef(project.thing("reviewer/nadia-test"))
    assert has(ds, changed, OKG.reviewedBy, reviewer) and has(ds, reviewer, RDF.type, OKG.Reviewer)
    assert has(ds, changed, OKG.reviewedAt, Literal(CLOCK, datatype=XSD.dateTime))
    assert has(ds, changed, OKG.subject, URIRef(project.thing("org/atlas-contact")))
    assert not has(ds, claim_iri(project, "atlas-contact-count-plan"), None, None)
    assert has(ds, claim_iri(project, "fes-revenue-2022"), RDF.type, OKG.QuantitativeClaim)
    reviewed = compile_dataset(project, reviewed_only=True)
    assert not has(reviewed, claim_iri(project, "fes-revenue-2022"), None, None)
    assert has(reviewed, changed, OKG.reviewStatus, OKG.edited)
    from outsourcing_kg.graph.knowledge import KnowledgeGraph

    ds.default_union = True  # as load() reads a build
    unreviewed = {r["claim"] for r in KnowledgeGraph(ds, project=project).query_result("unreviewed").records()}
    assert str(claim_iri(project, "fes-revenue-2022")) in unreviewed and str(changed) not in unreviewed


def test_reviewed_only_is_a_project_setting_and_a_build_option(session: ReviewSession, monkeypatch: pytest.MonkeyPatch) -> None:
    from outsourcing_kg.cli import main

    project = session.project
    monkeypatch.setenv("OKG_REVIEWED_ONLY", "1")
    assert Project.default(project.root).reviewed_only is True
    monkeypatch.delenv("OKG_REVIEWED_ONLY")
    # Only the reviewed article: the seed's claims were never reviewed, and its entities need them to validate.
    (project.sources_dir / "covid-relation-client-le-grand-declic.yaml").unlink()
    left = {"fes-revenue-2022", "crm-growth-2022"}
    for item in session.items():
        if item.kind == "claim" and item.fields["id"] not in left:
            session.decide(item.key, "accepted")
    session.save()
    result = CliRunner().invoke(main, ["build", "--reviewed-only", "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built = (project.build_dir / "okg.nt").read_text(encoding="utf-8")
    assert f"claim/{DOC}/fes-employment-2023>" in built
    assert not any(f"claim/{DOC}/{claim}>" in built for claim in left)


def test_review_fields_are_checked_by_the_schema(review_project: Project) -> None:
    path = review_project.sources_dir / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("confidence: 0.80\n", "confidence: 0.80\n    reviewed_by: Someone\n", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="`reviewed_by` and `reviewed_at` go with a `review_status:`"):
        compile_dataset(review_project)
    path.write_text(text.replace("confidence: 0.80\n", "confidence: 0.80\n    review_status: maybe\n", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="review_status"):
        compile_dataset(review_project)


@pytest.fixture()
def server(session: ReviewSession) -> Iterator[ReviewServer]:
    running = ReviewServer(session)
    running.start()
    yield running
    running.stop()


def test_every_request_needs_the_session_token(server: ReviewServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    key = key_of(server.session, "place/fes")
    body = {"action": "accepted", "key": key}
    assert httpx.get(base + "/").status_code == 403
    assert httpx.get(base + "/?token=wrong").status_code == 403
    page = httpx.get(server.url)
    assert page.status_code == 200 and f'content="{server.token}"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert httpx.get(base + "/api/state").status_code == 403
    refused = httpx.post(base + "/api/action", json=body, headers={"X-OKG-Token": "x" * 43})
    assert refused.status_code == 403 and "X-OKG-Token" in refused.json()["error"]
    assert httpx.post(base + "/api/action", json=body).status_code == 403
    assert server.session.revision == 0
    # A page served under another host name (DNS rebinding) is not answered.
    assert httpx.get(server.url, headers={"Host": "evil.example"}).status_code == 400
    ok = httpx.post(base + "/api/action", json={**body, "base": 0}, headers={"X-OKG-Token": server.token})
    assert ok.status_code == 200 and ok.json()["counts"]["accepted"] == 1
    stale = httpx.post(base + "/api/action", json={**body, "base": 0}, headers={"X-OKG-Token": server.token})
    assert stale.status_code == 409 and "another page" in stale.json()["error"]
    bad = httpx.post(base + "/api/action", content=b"{", headers={"X-OKG-Token": server.token})
    assert bad.status_code == 400


def test_cli_refuses_a_missing_draft_and_a_missing_reviewer(review_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from outsourcing_kg.cli import main

    monkeypatch.delenv("OKG_REVIEWER", raising=False)
    runner = CliRunner()
    missing = runner.invoke(main, ["review", "nope.yaml", "--reviewer", "N", "--no-browser", "--project", str(review_project.root)])
    assert missing.exit_code == 2 and missing.output.strip().endswith("file not found; give the draft `okg extract` wrote")
    nobody = runner.invoke(main, ["review", str(review_project.sources_dir / f"{DOC}.yaml"), "--no-browser"])
    assert nobody.exit_code == 2 and "--reviewer" in nobody.output


def test_cli_review_serves_until_stopped(review_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command starts the server, prints its address, and stops cleanly (KeyboardInterrupt stands for Ctrl-C)."""
    from outsourcing_kg import cli
    from outsourcing_kg.review import server as server_module

    seen: list[int] = []

    def wait(self: ReviewServer, timeout: float) -> None:
        seen.append(httpx.get(self.url).status_code)
        raise KeyboardInterrupt

    monkeypatch.setattr(server_module.ReviewServer, "wait", wait)
    monkeypatch.setenv("OKG_REVIEWER", "Nadia Test")
    draft = str(review_project.sources_dir / f"{DOC}.yaml")
    result = CliRunner().invoke(cli.main, ["review", draft, "--no-browser", "--project", str(review_project.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert seen == [200]
    assert result.output.startswith(f"reviewing {DOC}.yaml (24 items) at http://127.0.0.1:")
