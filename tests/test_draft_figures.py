"""`okg extract`, the figures stages (draft/figures.py, numbers.py, modality.py, syntax.py, rankings.py): every kind
of figure, plans kept as plans, the subject from the parse. Every sentence here is written for these tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from outsourcing_kg.api import load
from outsourcing_kg.compile.builder import build
from outsourcing_kg.draft.dates import PubDate
from outsourcing_kg.draft.extract import draft_annotations, extract
from outsourcing_kg.draft.modality import modality
from outsourcing_kg.draft.numbers import read_number
from outsourcing_kg.names import EntityIndex
from outsourcing_kg.project import OKG, Project


def figures(text: str, index: EntityIndex, nlp: Any, date: str | None = "2021-06") -> list[Any]:
    d = draft_annotations(text + "\n", index, title="t", nlp=nlp, date=date)
    return [c for c in d.claims if c.kind in ("quantitative", "ranking")]


def one(claims: list[Any], value: float) -> Any:
    found = [c for c in claims if c.value == value]
    assert len(found) == 1, [(c.property, c.value, c.unit) for c in claims]
    return found[0]


# -- numbers --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "written"),
    [
        ("cinq", 5, "words"),
        ("neuf cents", 900, "words"),
        ("vingt-quatre", 24, "words"),
        ("deux mille cinq cents", 2500, "words"),
        ("une vingtaine", 20, "approximate"),
        ("le millier", 1000, "approximate"),
        ("12.000", 12000, "digits"),
        ("3 200", 3200, "digits"),
        ("1,5", Decimal("1.5"), "digits"),
    ],
)
def test_numbers_in_digits_and_in_words(text: str, value: Decimal, written: str) -> None:
    number = read_number(text)
    assert number is not None and number.value == value and number.written == written


def test_numbers_in_words_become_figures_with_their_unit(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia exploite cinq sites et emploie neuf cents salariés dans sept pays.", index, nlp)
    assert {(c.value, c.unit) for c in got} == {(5, "sites"), (900, "jobs"), (7, "countries")}
    assert one(got, 900).property == "employment" and "written in words" in (one(got, 900).note or "")


def test_an_article_is_not_a_number(index: EntityIndex, nlp: Any) -> None:
    assert figures("Intelcia a ouvert un site à Oujda et une agence à Rabat.", index, nlp) == []


def test_approximate_counts_and_a_billion_in_words(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia ouvre une vingtaine de sites par an. Intelcia vise le milliard d'euros de chiffre d'affaires.", index, nlp)
    assert one(got, 20).unit == "sites" and "approximate" in (one(got, 20).note or "")
    billion = one(got, 1_000_000_000)
    assert (billion.property, billion.currency, billion.modality) == ("revenue", "EUR", "target")


# -- units and metrics ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "metric"),
    [
        ("Le nouveau campus d'Intelcia s'étend sur 3 200 m² à Oujda.", 3200, "m2", "area"),
        ("Intelcia a acquis un terrain de 22 ha près de Oujda.", 22, "ha", "area"),
        ("Intelcia sert ses clients en 11 langues.", 11, "languages", "count"),
        ("Intelcia a gagné 3 nouveaux clients ce trimestre.", 3, "clients", "count"),
        ("Le site d'Intelcia à Oujda peut accueillir 800 conseillers.", 800, "jobs", "capacity"),
        ("Le site d'Intelcia compte 650 postes de travail.", 650, "workstations", "capacity"),
        ("Intelcia prévoit la création de 400 nouveaux emplois à Oujda.", 400, "jobs", "jobsCreated"),
        ("Chez Intelcia, 35% des salariés sont en télétravail.", 35, "percent", "share"),
        ("Intelcia a presque triplé son chiffre d'affaires.", 3, "times", "growthFactor"),
    ],
)
def test_units_of_count_and_their_metrics(index: EntityIndex, nlp: Any, sentence: str, value: int, unit: str, metric: str) -> None:
    claim = one(figures(sentence, index, nlp), value)
    assert (claim.unit, claim.property) == (unit, metric)


def test_capacity_and_jobs_created_are_not_employment(index: EntityIndex, nlp: Any) -> None:
    got = figures("Le centre d'Intelcia peut accueillir 1200 agents. Intelcia a créé 300 emplois en 2020.", index, nlp)
    assert one(got, 1200).property == "capacity"
    assert one(got, 300).property == "jobsCreated"


def test_durations_and_ages(index: EntityIndex, nlp: Any) -> None:
    got = figures("Fondée il y a 20 ans, Intelcia a ouvert trois sites en 6 mois.", index, nlp)
    assert (one(got, 20).unit, one(got, 20).property) == ("years", "age")
    assert (one(got, 6).unit, one(got, 6).property) == ("months", "duration")


def test_ranges_keep_both_bounds(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia emploie de 2 500 à 2 600 personnes à Oujda. Sa marge varie entre 12 et 25% selon les années.", index, nlp)
    jobs = one(got, 2600)
    assert (jobs.value_min, jobs.value_max, jobs.unit) == (2500, 2600, "jobs")
    share = one(got, 25)
    assert (share.value_min, share.value_max, share.unit) == (12, 25, "percent")


def test_declines_are_negative(index: EntityIndex, nlp: Any) -> None:
    got = figures("Les exportations du secteur de l'offshoring ont reculé de 3,5% en 2020.", index, nlp)
    claim = one(got, -3.5)
    assert (claim.property, claim.unit, claim.year) == ("growth", "percent", 2020)


def test_a_market_size_in_a_foreign_currency(index: EntityIndex, nlp: Any) -> None:
    got = figures("Le marché mondial de l'outsourcing pèse 300 milliards de dollars en 2020.", index, nlp)
    claim = one(got, 300_000_000_000)
    assert (claim.property, claim.currency, claim.year) == ("marketSize", "USD", 2020)


def test_a_bare_number_takes_the_unit_of_the_count_before_it(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia compte 900 collaborateurs à Oujda. Nous sommes 400 à Rabat.", index, nlp)
    assert one(got, 400).unit == "jobs" and "the unit is the one of" in (one(got, 400).note or "")


# -- rankings -------------------------------------------------------------------------------------------------------


def test_ordinals_and_rankings(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia est classée 31e au niveau mondial. Le Maroc est deuxième en Afrique. Intelcia est leader au Maroc.", index, nlp)
    ranks = {(c.subject, c.value, c.criterion) for c in got if c.kind == "ranking"}
    assert ("org/intelcia", 31, "ranking") in ranks
    assert ("place/morocco", 2, "ranking") in ranks
    assert ("org/intelcia", 1, "ranking") in ranks


def test_a_rank_change_in_places(index: EntityIndex, nlp: Any) -> None:
    got = figures("Le Maroc a perdu 4 places dans le classement. L'Afrique gagne 9 places.", index, nlp)
    assert one(got, -4).unit == "places" and one(got, -4).property == "rankChange"
    assert one(got, 9).unit == "places"


# -- modality -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind", "horizon"),
    [
        ("Orbis prévoit de créer 1.200 emplois d'ici 2025.", "plan", 2025),
        ("Orbis vise 3.000 emplois à l'horizon 2027.", "target", 2027),
        ("Son chiffre d'affaires devrait atteindre 2 milliards de dirhams en 2026.", "forecast", 2026),
        ("Orbis compte désormais plus de 4.500 salariés.", "fact", None),
        ("Orbis recrutera 500 agents.", "plan", None),
    ],
)
def test_modality_from_the_cue_words_on_both_sides(sentence: str, kind: str, horizon: int | None) -> None:
    digits = next(i for i, c in enumerate(sentence) if c.isdigit())
    end = sentence.index(" ", digits + 1)
    got = modality(sentence, 0, digits, end, len(sentence), PubDate(2021))
    assert (got.kind, got.horizon) == (kind, horizon)


def test_plans_are_drafted_with_their_modality_and_horizon(index: EntityIndex, nlp: Any) -> None:
    got = figures(
        "Intelcia prévoit de recruter 1.500 collaborateurs d'ici fin 2025. Intelcia emploie désormais plus de 4.000 salariés.", index, nlp
    )
    plan, fact = one(got, 1500), one(got, 4000)
    assert (plan.modality, plan.year, plan.property) == ("plan", 2025, "hires")
    assert (fact.modality, fact.year, fact.lower_bound) == (None, 2021, True)


def test_a_future_tense_is_a_plan_from_the_parse(index: EntityIndex, nlp: Any) -> None:
    claim = one(figures("Le nouveau site d'Intelcia générera 700 emplois.", index, nlp), 700)
    assert claim.modality == "plan" and claim.year is None


# -- subjects and years ---------------------------------------------------------------------------------------------


def test_reported_speech_about_the_sector_is_the_sectors_figure(index: EntityIndex, nlp: Any) -> None:
    got = figures("Youssef Chraibi, président de la FMES, a indiqué que le secteur de l'offshoring emploie 140.000 personnes.", index, nlp)
    claim = one(got, 140_000)
    assert (claim.subject, claim.property, claim.year) == ("sector/outsourcing-morocco", "employment", 2021)


def test_the_grammatical_subject_not_the_nearest_mention(index: EntityIndex, nlp: Any) -> None:
    got = figures("Intelcia, qui travaille pour la CGEM et la FMES, emploie 9.000 collaborateurs.", index, nlp)
    assert one(got, 9000).subject == "org/intelcia"


def test_a_possessor_names_the_subject(index: EntityIndex, nlp: Any) -> None:
    got = figures("Selon la FMES, le chiffre d'affaires d'Intelcia a atteint 3 milliards de dirhams en 2020.", index, nlp)
    assert one(got, 3_000_000_000).subject == "org/intelcia"


def test_the_year_comes_from_the_clause_never_from_a_founding_date(index: EntityIndex, nlp: Any) -> None:
    got = figures(
        "Fondée en 2000, Intelcia a réalisé un chiffre d'affaires de 500 millions de dirhams en 2019, soit 45 millions d'euros.", index, nlp
    )
    assert one(got, 500_000_000).year == 2019
    assert one(got, 45_000_000).year == 2019


def test_a_present_figure_without_a_year_takes_the_publication_year(index: EntityIndex, nlp: Any) -> None:
    assert one(figures("Intelcia emploie 7.000 personnes au Portugal.", index, nlp, date="2023-03-01"), 7000).year == 2023
    assert one(figures("Intelcia emploie 7.000 personnes au Portugal.", index, nlp, date=None), 7000).year is None


# -- the draft builds, and the figures queries filter by modality --------------------------------------------------


def test_plans_and_ranges_build_and_the_figures_query_filters_by_modality(tmp_project: Project, nlp: Any) -> None:
    source = tmp_project.sources_dir / "plans-and-ranges.txt"
    source.write_text(
        "Intelcia prévoit de recruter 1.500 collaborateurs d'ici 2025.\n\nIntelcia emploie de 2 500 à 2 600 personnes à Oujda en 2021.\n",
        encoding="utf-8",
    )
    extract(source, project=tmp_project, date="2021-06", title="Plans et fourchettes", nlp=nlp)
    build(tmp_project)  # validates (SHACL + quotes) or raises
    kg = load(project=tmp_project)
    rows = kg.sparql_result(
        """SELECT ?value ?modality ?min ?max WHERE {
           ?c a okg:QuantitativeClaim ; okg:subject <https://w3id.org/okg/id/org/intelcia> ; okg:object ?value .
           OPTIONAL { ?c okg:modality ?modality } OPTIONAL { ?c okg:minValue ?min } OPTIONAL { ?c okg:maxValue ?max } }"""
    ).rows
    got = {(int(str(r[0])), str(r[1]).rsplit("#", 1)[-1] if r[1] else None, r[2] and int(str(r[2])), r[3] and int(str(r[3]))) for r in rows}
    assert (1500, "plan", None, None) in got and (2600, None, 2500, 2600) in got
    plans = kg.query("figures", modality=OKG.plan, short_iris=True)
    assert list(plans["value"]) == [1500]
    facts = kg.query("figures", modality=OKG.fact, short_iris=True)
    assert 1500 not in list(facts["value"]) and 2600 in list(facts["value"])


def test_respectively_pairs_the_ranks_with_the_names_in_order(index: EntityIndex, nlp: Any) -> None:
    got = figures("L'Espagne et le Portugal se classent respectivement aux 8e (+3 places) et 21e (+5 places) rangs.", index, nlp)
    ranks = {(c.subject, c.value) for c in got if c.kind == "ranking"}
    assert ranks == {("place/spain", 8), ("place/portugal", 21)}
    assert (one(got, 3).subject, one(got, 5).subject) == ("place/spain", "place/portugal")


def test_a_relative_pronoun_subject_stands_for_its_antecedent(index: EntityIndex, nlp: Any) -> None:
    # Invented: the ranked country is the antecedent of "qui", not the study that ranks it.
    text = "Selon le cabinet Orbis Consulting, le Maroc gagne deux places, loin devant le Kenya qui recule de cinq places au 41e rang."
    ranks = {(c.subject, c.value) for c in figures(text, index, nlp) if c.kind == "ranking"}
    assert ("place/kenya", 41) in ranks


def test_a_country_name_that_holds_a_continent_name_is_the_country(index: EntityIndex, nlp: Any) -> None:
    text = "Le centre d'appels de Vertex Maroc sert des clients en Afrique du Sud depuis 2019.\n"
    entities = {e.id for e in draft_annotations(text, index, title="t", nlp=nlp).entities}
    assert "place/south-africa" in entities and "place/africa" not in entities
