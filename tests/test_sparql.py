"""Read-only SPARQL (graph/sparql.py): which columns a query computes as booleans, and rdflib's evaluation errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from outsourcing_kg.cli import main
from outsourcing_kg.errors import QueryError
from outsourcing_kg.graph.sparql import boolean_columns, run_sparql
from outsourcing_kg.project import Project


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("SELECT (?a > ?b AS ?x) ?a WHERE { ?s ?p ?a OPTIONAL { ?s ?q ?b } }", {"x"}),
        ("SELECT * WHERE { ?s ?p ?o BIND (BOUND(?o) AS ?x) BIND (STR(?o) AS ?y) }", {"x"}),
        ("SELECT (true AS ?t) (1 AS ?one) (xsd:boolean(?o) AS ?cast) WHERE { ?s ?p ?o }", {"t", "cast"}),
        ("SELECT ?s WHERE { ?s ?p ?o BIND (EXISTS { ?o ?p ?s } AS ?e) BIND (!BOUND(?s) || isIRI(?o) AS ?f) }", {"e", "f"}),
        ("SELECT ?s WHERE { ?s ?p ?o BIND (STRSTARTS(STR(?s), 'x') AS ?g) BIND (REGEX(?o, 'a') AS ?h) }", {"g", "h"}),
        ("SELECT (COUNT(*) AS ?n) (SAMPLE(?o) AS ?o1) WHERE { ?s ?p ?o }", set()),
        ("ASK { ?s ?p ?o }", set()),
    ],
)
def test_boolean_columns_are_the_ones_computed_as_booleans(query: str, columns: set[str]) -> None:
    assert boolean_columns(query) == columns


def test_boolean_columns_refuses_what_prepare_refuses() -> None:
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        boolean_columns("DELETE WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (EXISTS { ?s ?p ?o } AS ?e) WHERE {}",
        "SELECT ?s (NOT EXISTS { ?s ?p ?s } AS ?e) WHERE { ?s ?p ?o }",
    ],
)
def test_exists_in_a_select_expression_is_one_clear_line(project: Project, query: str) -> None:
    """rdflib evaluates lazily and fails on EXISTS in a SELECT expression (its issue #2124) while the rows are read:
    the error is still the library's own, and the CLI prints one line."""
    graph = Graph()
    graph.add((URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b")))
    with pytest.raises(QueryError, match=r"rdflib cannot evaluate EXISTS inside a SELECT expression .*BIND \(EXISTS"):
        run_sparql(graph, query)
    result = CliRunner().invoke(main, ["sparql", "-", "--store", "rdflib", "--project", str(project.root)], input=query)
    assert result.exit_code == 2
    assert result.output.startswith("Error: rdflib cannot evaluate EXISTS inside a SELECT expression (sparql; ")
    assert len(result.output.splitlines()) == 1


def test_other_evaluation_errors_are_one_clear_line() -> None:
    """Any exception rdflib raises while evaluating becomes a QueryError naming the query's source."""
    with pytest.raises(QueryError, match=r"^SPARQL evaluation failed in q\.rq: "):
        run_sparql(Graph(), "SELECT ?x WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?x ?p ?o } }", source="q.rq")
