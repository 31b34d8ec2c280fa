"""The named queries answer the competency questions from the article (queries/*.rq, queries.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from rdflib import Graph

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.errors import QueryError
from outsourcing_kg.graph.queries import list_queries
from outsourcing_kg.project import Project

ID = "https://w3id.org/okg/id/"


def test_every_query_opens_with_question_params_columns_and_example(project: Project) -> None:
    queries = list_queries(project)
    assert len(queries) >= 12
    for q in queries:
        assert q.question.endswith("?"), q.name
        assert q.columns, q.name
        assert q.example.count("\n") >= 2, f"{q.name} needs an example result"
        table = [line for line in q.example.splitlines() if line.startswith("|")]
        assert table[0] == "| " + " | ".join(q.columns) + " |", q.name


REQUIRED = {"entity_profile": {"entity": "org/intelcia"}}
EMPTY_TODAY = {"conflicting_figures"}  # needs two sources that disagree


@pytest.mark.parametrize("name", [q.path.stem for q in list_queries(Project.default())])
def test_every_query_runs_and_returns_its_declared_columns(kg: KnowledgeGraph, name: str) -> None:
    result = kg.query_result(name, **REQUIRED.get(name, {}))
    assert bool(result.rows) == (name not in EMPTY_TODAY), name
    declared = next(q for q in list_queries(kg.project) if q.name == name).columns
    assert result.columns == declared


def test_organisations_and_their_kinds(kg: KnowledgeGraph) -> None:
    rows = {(r["label"], r["kind"]) for r in kg.query_result("organisations").records()}
    assert rows == {
        ("Intelcia", "company"),
        ("Moroccan Federation of Outsourcing Services", "federation"),
        ("General Confederation of Moroccan Enterprises", "federation"),
    }
    french = {r["label"] for r in kg.query_result("organisations", lang="fr").records()}
    assert "Fédération Marocaine de l'Externalisation des Services" in french


def test_fmes_president_where_when_what(kg: KnowledgeGraph) -> None:
    rows = kg.query_result("federation_president").records()
    assert {r["person"] for r in rows} == {"Youssef Chraibi"}
    assert {r["host"] for r in rows} == {"General Confederation of Moroccan Enterprises"}
    assert {str(r["date"]) for r in rows} == {"2021-02"}
    quotes = " ".join(r["quote"] for r in rows)
    assert "la Covid-19 a servi de révélateur à de nouveaux modes opératoires" in quotes
    assert "ce qui a été profitable au développement du secteur" in quotes


def test_unnamed_boss_of_intelcia(kg: KnowledgeGraph, project: Project) -> None:
    rows = kg.query_result("unnamed_executive_statements").records()
    assert {r["post"] for r in rows} == {"head of Intelcia"}
    assert {r["context"] for r in rows} == {"interview of Intelcia's head for the feature"}
    text = (project.sources_dir / "covid-relation-client-le-grand-declic.txt").read_text(encoding="utf-8")
    reinvent = next(r for r in rows if "réinventer" in r["quote"])
    assert text[reinvent["start"] : reinvent["end"]] == reinvent["quote"]
    assert reinvent["quote"].startswith("après les premiers moments de doute")


def test_projects_where_and_when(kg: KnowledgeGraph) -> None:
    (row,) = kg.query_result("projects").records()
    assert (row["company"], row["place"], row["country"], row["during"]) == ("Intelcia", "Oujda", "Morocco", "Covid-19 health crisis")


def test_sector_figures_2019(kg: KnowledgeGraph) -> None:
    rows = {r["metric"]: r for r in kg.query_result("sector_figures").records()}
    assert (rows["revenue"]["value"], rows["revenue"]["currency"], rows["revenue"]["lower_bound"]) == (14_000_000_000, "MAD", False)
    assert (rows["investment"]["value"], rows["investment"]["currency"]) == (1_300_000_000, "MAD")
    assert (rows["employment"]["value"], rows["employment"]["unit"], rows["employment"]["lower_bound"]) == (120_000, "jobs", True)
    assert {r["year"] for r in rows.values()} == {2019}
    assert kg.query_result("sector_figures", year=2020).rows == []


def test_segments_with_full_names(kg: KnowledgeGraph) -> None:
    rows = {r["acronym"]: r["name"] for r in kg.query_result("segments").records()}
    assert rows == {
        "BPO": "business process outsourcing",
        "CRM": "customer relationship management",
        "ESO": "engineering services outsourcing",
        "KPO": "knowledge process outsourcing",
    }


def test_rankings_now_and_before(kg: KnowledgeGraph) -> None:
    rows = {(r["criterion"], r["rank"]): r for r in kg.query_result("sector_rankings").records()}
    assert set(rows) == {("foreign-currency earnings", 3), ("employment", 1), ("employment", 2)}
    assert rows[("employment", 1)]["year"] == 2020
    assert rows[("employment", 2)]["before_year"] == 2020
    assert rows[("employment", 2)]["behind"] == "automotive industry in Morocco"
    assert rows[("foreign-currency earnings", 3)]["scope"] == "Morocco"


def test_presence_abroad(kg: KnowledgeGraph) -> None:
    rows = {(r["relation"], r["place"], r["place_kind"]) for r in kg.query_result("presence_abroad").records()}
    assert rows == {("leader in", "French-speaking zone", "linguistic zone"), ("expanding in", "Africa", "continent")}


def test_crisis_effects_on_crm_and_outsourcing(kg: KnowledgeGraph) -> None:
    rows = kg.query_result("crisis_effects").records()
    positive = {(r["on"], r["claimant"]) for r in rows if r["effect"] == "positive effect on"}
    assert ("customer relationship management", "Covid-19 & Relation client : Le grand déclic") in positive
    assert ("outsourcing in Morocco", "Youssef Chraibi") in positive
    assert ("outsourcing in Morocco", "head of Intelcia") in positive
    assert any("mis à terre bien des activités" in r["quote"] for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_provenance_of_any_fact(kg: KnowledgeGraph, project: Project) -> None:
    text = (project.sources_dir / "covid-relation-client-le-grand-declic.txt").read_text(encoding="utf-8")
    rows = kg.query_result("provenance").records()
    assert len({r["claim"] for r in rows}) >= 35
    for row in rows:
        assert text[row["start"] : row["end"]] == row["quote"]
    (one,) = kg.query_result("provenance", claim="claim/covid-relation-client-le-grand-declic/outsourcing-jobs-2019").records()
    assert (one["quote"], one["value"]) == ("totalisait plus de 120.000 emplois", 120000)
    about_intelcia = kg.query_result("provenance", subject="org/intelcia").records()
    assert {r["property"] for r in about_intelcia} == {"https://w3id.org/okg/ontology#launched"}


def test_parameter_values_are_bound_not_pasted(kg: KnowledgeGraph) -> None:
    hostile = 'Oujda" } ; DROP ALL ; #'
    before = len(kg)
    assert kg.query_result("places", name=hostile).rows == []  # matched as a plain string: no place has that name
    assert len(kg) == before
    assert [r["place"] for r in kg.query_result("places", name="OUJDA").records()] == ["Oujda"]
    with pytest.raises(QueryError, match="parameter lang: expected a language code"):
        kg.query_result("organisations", lang=hostile)
    assert len(kg) == before


def test_entity_profile(kg: KnowledgeGraph) -> None:
    rows = kg.query_result("entity_profile", entity="org/intelcia").records()
    assert {(r["role"], r["property"], r["other"]) for r in rows} == {
        ("mention", "mentioned in", "Covid-19 & Relation client : Le grand déclic"),
        ("value", "post in", "head of Intelcia"),
        ("subject", "launched", "Intelcia's expansion project in Oujda"),
    }
    with pytest.raises(QueryError, match=r"needs parameter entity \(iri\)"):
        kg.query_result("entity_profile")


def test_claims_by_claimant(kg: KnowledgeGraph) -> None:
    rows = kg.query_result("claims_by_claimant", by="person/youssef-chraibi").records()
    assert {r["claimant"] for r in rows} == {"Youssef Chraibi"}
    assert {r["stated_at"] for r in rows} == {"talk by the FMES president at the CGEM (February 2021)"}
    assert len(rows) == 2
    everyone = {(r["claimant"], r["claimant_kind"]) for r in kg.query_result("claims_by_claimant").records()}
    assert ("head of Intelcia", "post") in everyone and ("Covid-19 & Relation client : Le grand déclic", "source document") in everyone


def test_event_claims(kg: KnowledgeGraph) -> None:
    talk = kg.query_result("event_claims", event="event/fmes-president-talk-cgem-2021-02").records()
    assert {r["event_kind"] for r in talk} == {"talk"}
    relations = {(r["relation"], r["property"]) for r in talk}
    assert ("about (as subject)", "hosted by") in relations and ("stated at", "positive effect on") in relations
    crisis = kg.query_result("event_claims", event="event/covid-19-crisis").records()
    assert ("about (as value)", "during", "Intelcia's expansion project in Oujda") in {
        (r["relation"], r["property"], r["other"]) for r in crisis
    }


def test_figures_by_metric_and_year(kg: KnowledgeGraph) -> None:
    revenue = kg.query_result("figures", metric="okg:revenue").records()
    assert [(r["value"], r["currency"], r["year"]) for r in revenue] == [(14_000_000_000, "MAD", 2019)] * 2  # headline + body
    assert kg.query_result("figures", year=2018).rows == []
    jobs = kg.query_result("figures", metric="okg:employment", year=2019).records()
    assert [(r["value"], r["unit"], r["lower_bound"]) for r in jobs] == [(120_000, "jobs", True)]


def test_places_and_hierarchy(kg: KnowledgeGraph) -> None:
    rows = kg.query_result("places").records()
    within = {r["place"]: r["within"] for r in rows}
    assert within["Oujda"] == "Morocco < Africa < world"
    assert within["Morocco"] == "Africa < world"
    assert ("Oujda", "location", "Intelcia's expansion project in Oujda") in {(r["place"], r["relation"], r["about"]) for r in rows}


def test_no_conflicting_figures_in_one_article(kg: KnowledgeGraph) -> None:
    result = kg.query_result("conflicting_figures")
    assert result.rows == [] and result.columns[:3] == ["subject", "metric", "year"]


def test_unknown_query_suggests_closest(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"no query named 'sector_figure'; did you mean sector_figures"):
        kg.query_result("sector_figure")


def test_unknown_and_badly_typed_parameters(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"has no parameter 'colour' \(its parameters: sector, year, lang, modality\)"):
        kg.query_result("sector_figures", colour="red")
    with pytest.raises(QueryError, match="parameter year: expected a four-digit year, got 'last year'"):
        kg.query_result("sector_figures", year="last year")


def test_update_is_refused_and_syntax_errors_point_at_the_token(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        kg.sparql_result("DROP ALL")
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        kg.sparql_result("INSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(QueryError, match=r"line 2, column \d+, at 'WHER'"):
        kg.sparql_result("SELECT ?s\nWHER { ?s ?p ?o }")


def test_sparql_sees_every_named_graph(kg: KnowledgeGraph) -> None:
    result = kg.sparql_result("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(str(result.rows[0][0])) == 3
    assert isinstance(kg.graph, Graph)


def test_conflicting_figures_across_two_sources(tmp_project: Project) -> None:
    import shutil

    from conftest import ROOT

    from outsourcing_kg import load

    for path in (ROOT / "tests" / "data" / "second-source").iterdir():
        shutil.copy(path, tmp_project.sources_dir / path.name)
    kg = load(rebuild=True, project=tmp_project)
    rows = kg.query_result("conflicting_figures").records()
    assert {(r["subject"], r["metric"], r["year"], r["value"], r["source"]) for r in rows} == {
        ("outsourcing in Morocco", "revenue", 2019, 14_000_000_000, "covid-relation-client-le-grand-declic"),
        ("outsourcing in Morocco", "revenue", 2019, 13_800_000_000, "fmes-bilan-2019"),
    }
    # The same jobs figure from both sources is two claims on one subject, not a conflict.
    jobs = kg.query_result("figures", metric="okg:employment").records()
    assert len(jobs) == 2 and {r["value"] for r in jobs} == {120_000}
    assert len({r["document"] for r in jobs}) == 2


def test_a_fact_stated_by_two_sources_is_one_row_on_every_store(tmp_project: Project, tmp_path: Path) -> None:
    """Several articles state the same jobs figure and the FMES presidency: each truthy triple is written once in the
    dataset (in the first source's graph), because Oxigraph's union default graph counts a triple once per graph
    (measured: federation_president gave 4 rows on Oxigraph, 2 in rdflib, when each source graph held its copy)."""
    import shutil
    from collections import Counter

    from conftest import ROOT

    from outsourcing_kg import load

    for folder in ("second-source", "articles"):
        for path in (ROOT / "tests" / "data" / folder).iterdir():
            shutil.copy(path, tmp_project.sources_dir / path.name)
    memory = load(rebuild=True, project=tmp_project)
    copies = Counter((s, p, o) for s, p, o, _g in memory.dataset.quads((None, None, None, None)))
    assert copies and max(copies.values()) == 1
    claims = memory.sparql_result(
        "PREFIX okg: <https://w3id.org/okg/ontology#> SELECT ?claim WHERE { ?claim okg:predicate okg:employment ; okg:object 120000 }"
    )
    assert len(claims.rows) >= 2  # one claim per source: provenance is kept
    on_disk = load(store=f"oxigraph:{tmp_path / 'store'}", project=tmp_project, rebuild=True)
    for name in ("federation_president", "sector_figures", "figures", "conflicting_figures", "places"):
        assert on_disk.query_result(name).records() == memory.query_result(name).records(), name
    facts = "SELECT ?o WHERE { <https://w3id.org/okg/id/sector/outsourcing-morocco> <https://w3id.org/okg/ontology#employment> ?o }"
    values = sorted(str(row[0]) for row in on_disk.sparql_result(facts).rows)
    assert "120000" in values and len(values) == len(set(values))  # 120,000 jobs, stated by two sources, comes back once
    assert values == sorted(str(row[0]) for row in memory.sparql_result(facts).rows)


# -- numbers come out exact, in plain notation, in every format -------------------------------------------------

BIG = 2**64 + 7


def _numbers_graph() -> KnowledgeGraph:
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    from outsourcing_kg.api import KnowledgeGraph as ApiGraph

    ds = Dataset(default_union=True)
    g = ds.graph(URIRef("https://e.org/g"))
    s = URIRef("https://e.org/s")
    g.add((s, URIRef("https://e.org/big"), Literal(str(BIG), datatype=XSD.integer)))
    g.add((s, URIRef("https://e.org/small"), Literal("0.0000001", datatype=XSD.decimal)))
    g.add((s, URIRef("https://e.org/flag"), Literal("false", datatype=XSD.boolean)))
    return ApiGraph(ds, Project.default(ROOT))


def test_a_whole_number_beyond_64_bits_stays_exact_in_a_dataframe() -> None:
    frame = _numbers_graph().sparql("SELECT ?big WHERE { ?s <https://e.org/big> ?big }")
    assert frame["big"].dtype == object and frame["big"][0] == BIG
    small = _numbers_graph().sparql("SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    assert str(small["n"].dtype) == "Int64"


def test_plain_notation_in_csv_json_and_tables(runner: CliRunner, tmp_path: Path) -> None:
    import json

    from outsourcing_kg.graph.results import plain_text, records_json

    kg = _numbers_graph()
    result = kg.sparql_result(
        "SELECT ?big ?small ?flag WHERE { ?s <https://e.org/big> ?big ; <https://e.org/small> ?small ; <https://e.org/flag> ?flag }"
    )
    assert [plain_text(v) for v in result.rows[0]] == [str(BIG), "0.0000001", "false"]
    text = records_json(result)
    assert f'"big": {BIG}' in text and '"small": 0.0000001' in text and '"flag": false' in text
    assert json.loads(text) == [{"big": BIG, "small": 1e-7, "flag": False}]


def test_select_star_columns_keep_their_order_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import outsourcing_kg as okg\n"
        f"kg = okg.load(project=okg.project.Project.default({str(ROOT)!r}))\n"
        "query = 'SELECT * WHERE { ?claim okg:subject ?subject ; okg:year ?year ; a ?type } LIMIT 1'\n"
        "print(list(kg.sparql(query).columns))\n"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        seen.add(done.stdout.strip())
    assert seen == {"['claim', 'subject', 'year', 'type']"}


# -- pages of large answers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["provenance", "claims_by_claimant", "figures"])
def test_pages_of_a_named_query_put_back_together_are_its_rows(kg: KnowledgeGraph, name: str) -> None:
    everything = kg.query_result(name).rows
    pages = [kg.query_result(name, limit=7, offset=start).rows for start in range(0, len(everything) + 7, 7)]
    assert all(len(page) <= 7 for page in pages) and [row for page in pages for row in page] == everything
    assert kg.query_result(name, offset=5).rows == everything[5:]
    assert kg.query(name, limit=3).shape[0] == min(3, len(everything))


def test_a_page_of_any_sparql_form(kg: KnowledgeGraph) -> None:
    from outsourcing_kg.graph.sparql import paged

    limited = "SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 10"  # its own LIMIT: the answer is sliced instead
    assert paged(limited, 3) is None and kg.sparql_result(limited, limit=3, offset=2).rows == kg.sparql_result(limited).rows[2:5]
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }"
    assert kg.sparql_result(construct, limit=4, offset=1).rows == kg.sparql_result(construct).rows[1:5]
    trailing = "SELECT ?c WHERE { ?s a ?c } VALUES ?c { okg:Company okg:Federation }"
    assert paged(trailing, 1) is None and len(kg.sparql_result(trailing, limit=1).rows) == 1
    with pytest.raises(QueryError, match="a page needs a limit and an offset of 0 or more"):
        kg.sparql_result("SELECT * WHERE { ?s ?p ?o }", offset=-1)


def test_cli_limit_and_offset(runner: CliRunner) -> None:
    from outsourcing_kg.cli import main

    whole = runner.invoke(main, ["query", "provenance", "--format", "csv", "--project", str(ROOT)], catch_exceptions=False)
    page = runner.invoke(main, ["query", "provenance", "--format", "csv", "--limit", "2", "--offset", "3", "--project", str(ROOT)])
    lines = whole.output.splitlines()
    assert page.exit_code == 0 and page.output.splitlines() == [lines[0], *lines[4:6]]
    bad = runner.invoke(main, ["query", "provenance", "--limit", "-1", "--project", str(ROOT)])
    assert bad.exit_code == 2 and "--limit" in bad.output


# -- rewritten queries give the rows of their texts before issue 17 --------------------------------------------------


BEFORE = ROOT / "bench" / "queries_before"


@pytest.mark.parametrize("name", sorted(p.stem for p in BEFORE.glob("*.rq")))
def test_a_rewritten_query_gives_the_rows_of_its_text_before(
    kg: KnowledgeGraph, name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On the article's graph (each store of the fixture) and on a synthetic ecosystem in Oxigraph, the text kept in
    bench/queries_before/ (the query before issue 17's rewrite) and today's give the same rows in the same order."""
    from outsourcing_kg import load
    from outsourcing_kg.graph.queries import bind_values, get_query, resolve_params
    from outsourcing_kg.synth import write_synthetic

    query = get_query(name, kg.project)
    bound = resolve_params(query, {}, kg.project)
    before = bind_values((BEFORE / f"{name}.rq").read_text(encoding="utf-8"), bound)
    assert kg.sparql_result(before).rows == kg.query_result(name).rows
    synth = tmp_path_factory.mktemp("synth") / "synth.nq"
    write_synthetic(synth, 3000, seed=2, project=kg.project)
    other = load(synth, project=kg.project)
    rows = other.query_result(name).rows
    assert rows and other.sparql_result(before).rows == rows


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_unreviewed_quotes_the_first_evidence_by_iri_and_falls_back_to_the_iri(project: Project, store: str, tmp_path: Path) -> None:
    """The cases the seed does not hold, each answered as by the query's text before its rewrite (GROUP BY with MIN
    there, a filter and label tables now): a claim with a second evidence whose IRI comes first (its quote is taken,
    though the text sorts last), one whose added evidence comes last (the first quote stays), a subject without an
    English label (its IRI), and a language no label has."""
    from outsourcing_kg import load
    from outsourcing_kg.graph.queries import bind_values, get_query, resolve_params

    claim = ID + "claim/covid-relation-client-le-grand-declic/"
    event = "<" + ID + "event/fmes-president-talk-cgem-2021-02>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    oa, okg = "http://www.w3.org/ns/oa#", "https://w3id.org/okg/ontology#"

    def evidence(claim_id: str, number: int, exact: str) -> str:
        ev = f"<{claim}{claim_id}/evidence/{number}>"
        selector = f"<{claim}{claim_id}/evidence/{number}/quote>"
        return f'<{claim}{claim_id}> <{okg}evidence> {ev} .\n{ev} <{oa}hasSelector> {selector} .\n{selector} <{oa}exact> "{exact}" .\n'

    lines = (project.build_dir / "okg.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (line.startswith(f"{event} {label}") and line.rstrip().endswith("@en ."))]
    assert len(kept) == len(lines) - 1
    data = tmp_path / "changed.nt"
    added = evidence("cgem-talk-date", 0, "zz comes last as text") + evidence("cgem-talk-host", 2, "AA comes first as text")
    data.write_text("".join(kept) + added, encoding="utf-8")
    changed = load(data, project=project, store=None if store == "memory" else store)

    query = get_query("unreviewed", project)
    before = (BEFORE / "unreviewed.rq").read_text(encoding="utf-8")
    for lang in ("en", "fr", "de"):  # bound as given: query_result would answer in English for de
        bound = resolve_params(query, {"lang": lang}, project)
        result = changed.sparql_result(bind_values(query.text, bound))
        assert result.rows == changed.sparql_result(bind_values(before, bound)).rows, lang
        by_claim = {r["claim"].rsplit("/", 1)[1]: r for r in result.records()}
        assert by_claim["cgem-talk-date"]["quote"] == "zz comes last as text"
        assert by_claim["cgem-talk-host"]["quote"] == "S’exprimant, en février dernier à la CGEM"
        subject = by_claim["cgem-talk-date"]["subject"]
        assert (subject == event[1:-1]) is (lang != "fr"), (lang, subject)
        assert (by_claim["cgem-talk-date"]["property"] == okg + "eventDate") is (lang == "de")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("claims_by_claimant", {"lang": "fr"}),
        ("claims_by_claimant", {"by": "person/youssef-chraibi"}),
        ("claims_by_claimant", {"by": "person/youssef-chraibi", "lang": "fr"}),
        ("provenance", {"subject": "sector/outsourcing-morocco"}),
    ],
)
def test_a_rewritten_query_keeps_its_rows_with_parameters(kg: KnowledgeGraph, name: str, params: dict[str, str]) -> None:
    """The rewrite and the text before it agree beyond the default parameters too (another language, one claimant,
    one subject), on each store of the fixture."""
    from outsourcing_kg.graph.queries import bind_values, get_query, resolve_params

    query = get_query(name, kg.project)
    bound = resolve_params(query, params, kg.project)
    before = bind_values((BEFORE / f"{name}.rq").read_text(encoding="utf-8"), bound)
    rows = kg.sparql_result(bind_values(query.text, bound)).rows
    assert rows and kg.sparql_result(before).rows == rows


# -- parameters reach the subqueries that project them ----------------------------------------------------------------

_PEOPLE = """
@prefix ex: <http://example.org/> .
ex:a ex:said ex:s1, ex:s2 ; ex:name "A" .
ex:b ex:said ex:s3 ; ex:name "B" .
ex:c ex:said ex:s4, ex:s5, ex:s6 ; ex:name "C" .
"""
_A = "<http://example.org/a>"
_B = "<http://example.org/b>"


def _rows(text: str) -> list[list[str]]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(_PEOPLE.encode(), format=ox.RdfFormat.TURTLE)
    answer = store.query(text)
    return sorted([str(term) for term in solution] for solution in answer)


def _top_only(text: str, bindings: dict[str, str | None]) -> str:
    """The binding as it was before: one VALUES block, at the top only (what the pushed-down form must agree with)."""
    names = " ".join(f"?{n}" for n in bindings)
    row = " ".join("UNDEF" if t is None else t for t in bindings.values())
    return text.replace("WHERE {", f"WHERE {{ VALUES ({names}) {{ ({row}) }}", 1)


@pytest.mark.parametrize(
    ("text", "pushed"),
    [
        # a table per person, projected as is: restricted
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?name ?n WHERE { ?who ex:name ?name . "
            "{ SELECT ?who (COUNT(?s) AS ?n) WHERE { ?who ex:said ?s } GROUP BY ?who } }",
            1,
        ),
        # nested, each level projecting ?who: both restricted
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?s WHERE { { SELECT ?who ?s WHERE { "
            "{ SELECT DISTINCT ?who WHERE { ?who ex:name ?x } } ?who ex:said ?s } } }",
            2,
        ),
        # a subquery that chooses rows (LIMIT) before the join: left alone, or the answer would change
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?s WHERE { ?who ex:said ?s . "
            "{ SELECT ?who WHERE { ?who ex:said ?t } ORDER BY ?t LIMIT 2 } }",
            0,
        ),
        # the variable computed inside (BIND or AS): left alone, binding it first would be an error
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?name WHERE { ?who ex:name ?name . "
            "{ SELECT ?who WHERE { ?x ex:name ?n BIND (?x AS ?who) } } }",
            0,
        ),
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?name WHERE { ?who ex:name ?name . "
            "{ SELECT (?x AS ?who) WHERE { ?x ex:name ?n } } }",
            0,
        ),
        # SELECT *: left alone
        ("PREFIX ex: <http://example.org/> SELECT ?who ?s WHERE { { SELECT * WHERE { ?who ex:said ?s } } }", 0),
        # the middle subquery does not project ?who: the innermost one's ?who is another variable, left alone
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?k WHERE { ?who ex:name ?name . "
            "{ SELECT (COUNT(*) AS ?k) WHERE { { SELECT ?who WHERE { ?who ex:said ?s } } } } }",
            0,
        ),
        # what strings and comments hold is not syntax
        (
            "PREFIX ex: <http://example.org/> SELECT ?who ?name WHERE { ?who ex:name ?name . "
            'FILTER (?name != "{ SELECT ?who WHERE {") # { SELECT ?who WHERE {\n }',
            0,
        ),
    ],
)
def test_a_parameter_is_repeated_in_the_subqueries_that_project_it(text: str, pushed: int) -> None:
    """Where a subquery projects a bound parameter's variable, the binding is repeated inside it (a subquery does not
    see the top-level VALUES), and the rows are those of the binding at the top only, for each value and for UNDEF."""
    from outsourcing_kg.graph.queries import bind_values

    for who in (_A, _B, None):
        bindings = {"who": who}
        bound = bind_values(text, bindings)
        expected_blocks = 1 + (pushed if who is not None else 0)
        assert bound.count("VALUES") == expected_blocks, bound
        assert _rows(bound) == _rows(_top_only(text, bindings))


def test_only_the_parameters_a_subquery_projects_are_repeated_in_it() -> None:
    from outsourcing_kg.graph.queries import bind_values

    text = (
        "PREFIX ex: <http://example.org/> SELECT ?who ?name WHERE { ?who ex:name ?name . FILTER (?name != ?other) "
        "{ SELECT ?who WHERE { ?who ex:said ?s } } }"
    )
    bound = bind_values(text, {"who": _A, "other": '"B"'})
    assert f"VALUES (?who) {{ ({_A}) }}" in bound
    assert _rows(bound) == _rows(_top_only(text, {"who": _A, "other": '"B"'})) == [[_A, '"A"']] * 2  # ex:a said two things


def test_one_claimant_asked_of_claims_by_claimant_restricts_its_label_table(kg: KnowledgeGraph) -> None:
    """The named query's label table takes the claimant too, and the rows are the full answer's rows for that claimant."""
    from outsourcing_kg.graph.queries import named_text

    text, _ = named_text("claims_by_claimant", {"by": "person/youssef-chraibi"}, kg.project)
    assert text.count("VALUES") == 3
    one = kg.query("claims_by_claimant", by="person/youssef-chraibi")
    every = kg.query("claims_by_claimant")
    assert len(one) > 0
    assert one.to_dict("records") == every[every["claimant"] == one["claimant"].iloc[0]].to_dict("records")


@pytest.mark.parametrize(
    "text",
    [
        # a comment that says WHERE { before the query's own WHERE
        "# returns each person: SELECT ?who WHERE { ... }\nPREFIX ex: <http://example.org/>\n"
        "SELECT ?who ?name WHERE { ?who ex:name ?name }",
        # no WHERE keyword on the query, one on its subquery
        "PREFIX ex: <http://example.org/> SELECT ?who ?name { ?who ex:name ?name . "
        "{ SELECT ?who (COUNT(?s) AS ?n) WHERE { ?who ex:said ?s } GROUP BY ?who } }",
        # a string holding WHERE { before the group (a base IRI is not a string: use a FROM-less SELECT expression)
        'PREFIX ex: <http://example.org/> SELECT ?who ?name ("WHERE { x }" AS ?note) WHERE { ?who ex:name ?name }',
    ],
)
def test_parameters_are_bound_in_the_query_s_own_where_group(text: str) -> None:
    """The VALUES block goes into the query's own group, read from its tokens: not into a comment, a string, or a
    subquery's WHERE that comes first in the text."""
    from outsourcing_kg.graph.queries import bind_values

    bound = bind_values(text, {"who": _A})
    rows = _rows(bound)
    assert rows and all(row[0] == _A for row in rows)
    assert rows == [row for row in _rows(text) if row[0] == _A]


def test_a_construct_binds_its_where_group_not_its_template() -> None:
    import pyoxigraph as ox

    from outsourcing_kg.graph.queries import bind_values

    text = "PREFIX ex: <http://example.org/> CONSTRUCT { ?who ex:named ?name } WHERE { ?who ex:name ?name }"
    bound = bind_values(text, {"who": _B})
    assert bound.index("VALUES") > bound.index("WHERE")
    store = ox.Store()
    store.load(_PEOPLE.encode(), format=ox.RdfFormat.TURTLE)
    assert [str(t.subject) for t in store.query(bound)] == [_B]


TIES = (
    # an event of two kinds, a property with two English labels, a figure with two claimants
    "<{id}event/fmes-president-talk-cgem-2021-02> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{okg}Interview> .\n"
    '<{okg}eventDate> <http://www.w3.org/2000/01/rdf-schema#label> "date of the event"@en .\n'
    "<{id}claim/covid-relation-client-le-grand-declic/outsourcing-revenue-2019> <{okg}claimant> <{id}person/youssef-chraibi> .\n"
)


@pytest.mark.parametrize("data", ["synthetic", "ties"])
def test_every_named_query_orders_its_rows_totally(project: Project, tmp_path: Path, data: str) -> None:
    """Rows come in one order on every run and store: adding every column as a further ORDER BY key changes nothing,
    on a synthetic ecosystem (labels, quotes and ranks repeat) and, on Oxigraph and rdflib, on the article's graph with
    rows that tie on the first keys (an event of two kinds, a property with two labels, a figure with two claimants),
    where both engines also give the same rows. Before: event_claims, figures, sector_rankings and unreviewed tied
    rows that differed in other columns, in an order that changed between runs; rdflib merged an event's duplicate
    rows."""
    from outsourcing_kg import load
    from outsourcing_kg.graph.queries import named_text
    from outsourcing_kg.synth import write_synthetic

    if data == "synthetic":
        path = tmp_path / "synth.nq"
        write_synthetic(path, 30000, seed=1, project=project)
        engines = [load(path, project=project)]
    else:
        path = tmp_path / "ties.nt"
        seed = (project.build_dir / "okg.nt").read_text(encoding="utf-8")
        path.write_text(seed + TIES.format(id=ID, okg="https://w3id.org/okg/ontology#"), encoding="utf-8")
        engines = [load(path, project=project), load(path, project=project, store="rdflib")]
    for query in list_queries(project):
        text, _ = named_text(query.name, REQUIRED.get(query.name, {}), project)
        # A named query ends with its ORDER BY (paging appends LIMIT after it too: graph.sparql.paged).
        assert text.rstrip().rsplit("\n", 1)[-1].startswith("ORDER BY"), query.name
        every_column = " ".join(f'COALESCE(STR(?{column}), "")' for column in query.columns)
        refined = text.rstrip() + " " + every_column + "\n"
        answers = [kg.sparql_result(text).rows for kg in engines]
        for kg, rows in zip(engines, answers, strict=True):
            assert rows == kg.sparql_result(refined).rows, query.name
        assert all(rows == answers[0] for rows in answers), query.name
