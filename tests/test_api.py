"""The notebook API (api.py, queries.to_dataframe, magic.py): DataFrames with real types, profiles, names, the magic."""

from __future__ import annotations

import IPython
import pandas as pd
import pytest
from click.testing import CliRunner
from IPython.testing.globalipapp import start_ipython

from outsourcing_kg import load
from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.errors import KGError
from outsourcing_kg.names import UnknownName
from outsourcing_kg.project import Project


@pytest.fixture(scope="session")
def ip():  # type: ignore[no-untyped-def]
    shell = start_ipython() or IPython.get_ipython()
    shell.run_line_magic("load_ext", "outsourcing_kg")
    return shell


def test_query_returns_typed_dataframe(kg: KnowledgeGraph) -> None:
    frame = kg.query("sector_figures")
    assert list(frame.columns) == ["metric", "value", "currency", "unit", "lower_bound", "year", "quote"]
    assert str(frame["value"].dtype) == "Int64"
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["lower_bound"].dtype) == "boolean"
    assert frame.set_index("metric").loc["employment", "value"] == 120_000
    assert frame["value"].sum() == 14_000_000_000 + 1_300_000_000 + 120_000


def test_short_iris_and_nullable_columns(kg: KnowledgeGraph) -> None:
    frame = kg.query("figures", short_iris=True)
    assert set(frame["metric"]) == {"okg:revenue", "okg:investment", "okg:employment"}
    ranks = kg.query("sector_rankings")
    assert str(ranks["rank"].dtype) == "Int64"
    assert ranks["year"].isna().sum() == 2 and ranks["before_year"].dropna().tolist() == [2020]


def test_language_choice_and_fallback(kg: KnowledgeGraph) -> None:
    french = kg.query("organisations", lang="fr")
    assert "Fédération Marocaine de l'Externalisation des Services" in set(french["label"])
    german = kg.query("organisations", lang="de")  # no German labels: falls back to English
    assert set(german["label"]) == set(kg.query("organisations")["label"])
    assert kg.label("https://w3id.org/okg/id/org/fmes", "de") == "Moroccan Federation of Outsourcing Services"
    assert kg.label("https://w3id.org/okg/id/org/fmes", "fr") == "Fédération Marocaine de l'Externalisation des Services"
    assert kg.label("https://example.org/unknown") == "https://example.org/unknown"


@pytest.mark.parametrize(
    "name", ["FMES", "fmes", "org/fmes", "https://w3id.org/okg/id/org/fmes", "federation marocaine de l'externalisation des services"]
)
def test_resolve_by_id_iri_label_alias(kg: KnowledgeGraph, name: str) -> None:
    assert str(kg.resolve(name)) == "https://w3id.org/okg/id/org/fmes"


def test_resolve_unknown_suggests(kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownName, match=r"^no entity 'Intelsia' in the graph; did you mean Intelcia \(org/intelcia\)"):
        kg.resolve("Intelsia")
    with pytest.raises(UnknownName, match=r"^no entity id:org/intelsia in the graph; did you mean Intelcia \(org/intelcia\)"):
        kg.resolve("org/intelsia")
    with pytest.raises(UnknownName, match=r"^no entity id:org/nobody in the graph"):
        kg.resolve("org/nobody")


def test_an_unknown_entity_parameter_gets_the_closest_ids_not_an_empty_table(kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownName, match=r"did you mean Intelcia \(org/intelcia\)") as caught:
        kg.query("entity_profile", entity="org/intelsia")
    assert caught.value.suggestions[0] == "org/intelcia"
    # Labels work where ids do.
    assert len(kg.query("entity_profile", entity="Intelcia")) == len(kg.query("entity_profile", entity="org/intelcia")) > 0


def test_describe_gives_every_fact_with_quotes(kg: KnowledgeGraph) -> None:
    profile = kg.describe("Youssef Chraibi")
    roles = set(zip(profile["role"], profile["property"], strict=True))
    assert ("subject", "holds post") in roles
    assert ("value", "speaker") in roles
    assert ("mention", "mentioned in") in roles
    assert all(isinstance(q, str) and q for q in profile["quote"])
    holds = profile[profile["property"] == "holds post"].iloc[0]
    assert holds["other"] == "president of the FMES"


def test_cli_api_and_magic_return_the_same_rows(kg: KnowledgeGraph, project: Project, runner: CliRunner, ip) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    api = kg.query("sector_rankings")
    cli = runner.invoke(main, ["query", "sector_rankings", "--format", "csv", "--project", str(project.root)], catch_exceptions=False)
    cli_rows = list(csv.DictReader(io.StringIO(cli.output)))
    api_rows = [{k: "" if pd.isna(v) else str(v) for k, v in row.items()} for row in api.to_dict("records")]
    assert cli_rows == api_rows

    ip.user_ns["my_kg"] = kg
    text = (project.queries_dir / "sector_rankings.rq").read_text(encoding="utf-8")
    bound = text.replace("WHERE {", 'WHERE {\n  VALUES (?sector ?lang) { (<https://w3id.org/okg/id/sector/outsourcing-morocco> "en") }', 1)
    magic = ip.run_cell_magic("sparql", "my_kg --out saved", bound)
    pd.testing.assert_frame_equal(magic, api)
    assert ip.user_ns["saved"] is magic


def test_magic_errors_are_one_line(kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str], ip) -> None:  # type: ignore[no-untyped-def]
    ip.user_ns["my_kg"] = kg
    assert ip.run_cell_magic("sparql", "my_kg", "SELECT ?s WHER { ?s ?p ?o }") is None
    assert capsys.readouterr().err == "Error: SPARQL syntax error in sparql: line 1, column 11, at 'WHER'\n"
    assert ip.run_cell_magic("sparql", "nothing_here", "SELECT * WHERE { ?s ?p ?o }") is None
    assert "no KnowledgeGraph variable named 'nothing_here'" in capsys.readouterr().err


def test_sparql_ask_and_construct(kg: KnowledgeGraph) -> None:
    assert kg.sparql("ASK { ?c okg:lowerBound ?v }")["ask"].tolist() == [True]
    triples = kg.sparql("CONSTRUCT { ?o okg:launched ?p } WHERE { ?o okg:launched ?p }", short_iris=True)
    assert triples.values.tolist() == [["id:org/intelcia", "okg:launched", "id:event/intelcia-oujda-expansion"]]


def test_load_missing_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KGError, match=r"no built graph here; run `okg build`"):
        load(tmp_path / "missing.trig")


def test_load_rebuild_equals_committed_build(kg: KnowledgeGraph) -> None:
    rebuilt = load(rebuild=True, project=kg.project)
    assert len(rebuilt) == len(kg)
