"""The named queries answer the competency questions from the article (queries/*.rq, queries.py)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.errors import QueryError
from outsourcing_kg.ontology import Project
from outsourcing_kg.queries import list_queries

ID = "https://w3id.org/okg/id/"
SEVERAL_SOURCES = {"conflicting_figures"}


def test_every_query_opens_with_question_params_columns_and_example(project: Project) -> None:
    queries = list_queries(project)
    assert len(queries) >= 10
    for q in queries:
        assert q.question.endswith("?"), q.name
        assert q.columns, q.name
        assert q.example.count("\n") >= 2, f"{q.name} needs an example result"
        assert q.example.splitlines()[0].startswith("| " + q.columns[0]), q.name


@pytest.mark.parametrize("name", [q.path.stem for q in list_queries(Project.default())])
def test_every_query_runs_and_returns_its_declared_columns(kg: KnowledgeGraph, name: str) -> None:
    result = kg.query(name)
    # The published graph has one source: conflicting figures need several (tests/test_extract.py checks that query).
    assert result.rows or name in SEVERAL_SOURCES, name
    declared = next(q for q in list_queries(kg.project) if q.name == name).columns
    assert result.columns == declared


def test_organisations_and_their_kinds(kg: KnowledgeGraph) -> None:
    rows = {(r["label"], r["kind"]) for r in kg.query("organisations").records()}
    assert rows == {
        ("Intelcia", "company"),
        ("Moroccan Federation of Outsourcing Services", "federation"),
        ("General Confederation of Moroccan Enterprises", "federation"),
    }
    french = {r["label"] for r in kg.query("organisations", lang="fr").records()}
    assert "Fédération Marocaine de l'Externalisation des Services" in french


def test_fmes_president_where_when_what(kg: KnowledgeGraph) -> None:
    rows = kg.query("federation_president").records()
    assert {r["person"] for r in rows} == {"Youssef Chraibi"}
    assert {r["host"] for r in rows} == {"General Confederation of Moroccan Enterprises"}
    assert {str(r["date"]) for r in rows} == {"2021-02"}
    quotes = " ".join(r["quote"] for r in rows)
    assert "la Covid-19 a servi de révélateur à de nouveaux modes opératoires" in quotes
    assert "ce qui a été profitable au développement du secteur" in quotes


def test_unnamed_boss_of_intelcia(kg: KnowledgeGraph, project: Project) -> None:
    rows = kg.query("unnamed_executive_statements").records()
    assert {r["post"] for r in rows} == {"head of Intelcia"}
    assert {r["context"] for r in rows} == {"interview of Intelcia's head for the feature"}
    text = (project.sources_dir / "covid-relation-client-le-grand-declic.txt").read_text(encoding="utf-8")
    reinvent = next(r for r in rows if "réinventer" in r["quote"])
    assert text[reinvent["start"] : reinvent["end"]] == reinvent["quote"]
    assert reinvent["quote"].startswith("après les premiers moments de doute")


def test_projects_where_and_when(kg: KnowledgeGraph) -> None:
    (row,) = kg.query("projects").records()
    assert (row["company"], row["place"], row["country"], row["during"]) == ("Intelcia", "Oujda", "Morocco", "Covid-19 health crisis")


def test_sector_figures_2019(kg: KnowledgeGraph) -> None:
    rows = {r["metric"]: r for r in kg.query("sector_figures").records()}
    assert (rows["revenue"]["value"], rows["revenue"]["currency"], rows["revenue"]["lower_bound"]) == (14_000_000_000, "MAD", False)
    assert (rows["investment"]["value"], rows["investment"]["currency"]) == (1_300_000_000, "MAD")
    assert (rows["employment"]["value"], rows["employment"]["unit"], rows["employment"]["lower_bound"]) == (120_000, "jobs", True)
    assert {r["year"] for r in rows.values()} == {2019}
    assert kg.query("sector_figures", year=2020).rows == []


def test_segments_with_full_names(kg: KnowledgeGraph) -> None:
    rows = {r["acronym"]: r["name"] for r in kg.query("segments").records()}
    assert rows == {
        "BPO": "business process outsourcing",
        "CRM": "customer relationship management",
        "ESO": "engineering services outsourcing",
        "KPO": "knowledge process outsourcing",
    }


def test_rankings_now_and_before(kg: KnowledgeGraph) -> None:
    rows = {(r["criterion"], r["rank"]): r for r in kg.query("sector_rankings").records()}
    assert set(rows) == {("foreign-currency earnings", 3), ("employment", 1), ("employment", 2)}
    assert rows[("employment", 1)]["year"] == 2020
    assert rows[("employment", 2)]["before_year"] == 2020
    assert rows[("employment", 2)]["behind"] == "automotive industry in Morocco"
    assert rows[("foreign-currency earnings", 3)]["scope"] == "Morocco"


def test_presence_abroad(kg: KnowledgeGraph) -> None:
    rows = {(r["relation"], r["place"], r["place_kind"]) for r in kg.query("presence_abroad").records()}
    assert rows == {("leader in", "French-speaking zone", "linguistic zone"), ("expanding in", "Africa", "continent")}


def test_crisis_effects_on_crm_and_outsourcing(kg: KnowledgeGraph) -> None:
    rows = kg.query("crisis_effects").records()
    positive = {(r["on"], r["claimant"]) for r in rows if r["effect"] == "positive effect on"}
    assert ("customer relationship management", "Covid-19 & Relation client : Le grand déclic") in positive
    assert ("outsourcing in Morocco", "Youssef Chraibi") in positive
    assert ("outsourcing in Morocco", "head of Intelcia") in positive
    assert any("mis à terre bien des activités" in r["quote"] for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_provenance_of_any_fact(kg: KnowledgeGraph, project: Project) -> None:
    text = (project.sources_dir / "covid-relation-client-le-grand-declic.txt").read_text(encoding="utf-8")
    rows = kg.query("provenance").records()
    assert len({r["claim"] for r in rows}) >= 35
    for row in rows:
        assert text[row["start"] : row["end"]] == row["quote"]
    (one,) = kg.query("provenance", claim="claim/covid-relation-client-le-grand-declic/outsourcing-jobs-2019").records()
    assert (one["quote"], one["value"]) == ("totalisait plus de 120.000 emplois", 120000)
    about_intelcia = kg.query("provenance", subject="org/intelcia").records()
    assert {r["property"] for r in about_intelcia} == {"https://w3id.org/okg/ontology#launched"}


def test_parameter_values_are_bound_not_pasted(kg: KnowledgeGraph) -> None:
    hostile = 'Oujda" } ; DROP ALL ; #'
    before = len(kg)
    with pytest.raises(QueryError, match="parameter lang: expected a language code"):
        kg.query("organisations", lang=hostile)
    assert len(kg) == before


def test_unknown_query_suggests_closest(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"no query named 'sector_figure'; did you mean sector_figures"):
        kg.query("sector_figure")


def test_unknown_and_badly_typed_parameters(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"has no parameter 'colour' \(its parameters: sector, year, lang\)"):
        kg.query("sector_figures", colour="red")
    with pytest.raises(QueryError, match="parameter year: expected a four-digit year, got 'last year'"):
        kg.query("sector_figures", year="last year")


def test_update_is_refused_and_syntax_errors_point_at_the_token(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        kg.sparql("DROP ALL")
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        kg.sparql("INSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(QueryError, match=r"line 2, column \d+, at 'WHER'"):
        kg.sparql("SELECT ?s\nWHER { ?s ?p ?o }")


def test_sparql_sees_every_named_graph(kg: KnowledgeGraph) -> None:
    result = kg.sparql("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(str(result.rows[0][0])) == 3
    assert isinstance(kg.graph, Graph)
