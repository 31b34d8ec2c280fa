"""The notebook-facing entry point: `okg.load()` gives the built graph and the questions it answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from .errors import KGError
from .ontology import PREFIXES, Project
from .queries import Result, run_named, run_sparql


@dataclass
class KnowledgeGraph:
    """The built graph: every named graph in `dataset`, their union in `graph`."""

    dataset: Dataset
    project: Project

    @property
    def graph(self) -> Graph:
        return self.dataset  # default_union=True: queries see every named graph

    def __len__(self) -> int:
        return len(set(self.dataset.triples((None, None, None))))

    def query(self, name: str, **params: Any) -> Result:
        return run_named(self.graph, name, params, self.project)

    def sparql(self, text: str) -> Result:
        return run_sparql(self.graph, text, source="sparql")

    def push(self, endpoint: str, graph_store: str | None = None, **options: Any) -> Any:
        """Replace this graph's named graphs in a SPARQL 1.1 store (stores.push; credentials from OKG_STORE_USER/PASSWORD)."""
        from .stores import push

        return push(endpoint, graph_store, self.dataset, project=self.project, **options)


def load(source: str | Path | None = None, *, project: Project | None = None, rebuild: bool = False) -> KnowledgeGraph:
    """Load the committed build (graph/build/okg.trig), another RDF file, or, with rebuild=True, compile the sources."""
    project = project or Project.default()
    if rebuild:
        from .build import compile_dataset

        ds = compile_dataset(project)
        ds.default_union = True
        return KnowledgeGraph(ds, project)
    path = Path(source) if source else project.build_dir / "okg.trig"
    if not path.is_file():
        raise KGError(f"{path}: no built graph here; run `okg build` (or `make run`) first")
    from .validate import load_rdf

    ds = load_rdf(path)
    ds.default_union = True
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return KnowledgeGraph(ds, project)


def summary(kg: KnowledgeGraph) -> dict[str, Any]:
    """Counts per class, number of claims and documents, and three sample answers (for `make run`)."""
    counts = kg.sparql(
        """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
             ?s a ?c . ?c rdfs:label ?class . FILTER (LANG(?class) = "en")
             FILTER (STRSTARTS(STR(?c), "https://w3id.org/okg/ontology#"))
           } GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    classes = [(str(c), int(str(n))) for c, n in counts.rows]
    by_name = dict(classes)
    claims = sum(by_name.get(k, 0) for k in ("quantitative claim", "ranking claim", "qualitative claim"))
    figures = kg.query("sector_figures").records()
    president = kg.query("federation_president").records()
    ranks = kg.query("sector_rankings").records()
    answers = [
        (
            "What were the outsourcing sector's 2019 figures?",
            [
                f"{r['metric']}: {'more than ' if r['lower_bound'] else ''}{r['value']:,} {r['currency'] or r['unit']}  « {r['quote']} »"
                for r in figures
            ],
        ),
        (
            "Who presides the FMES, and where did he speak?",
            sorted({f"{r['person']} ({r['post']}), {r['event']}, {r['date']}" for r in president}),
        ),
        (
            "How does the sector rank in Morocco?",
            [
                f"#{r['rank']} for {r['criterion']}"
                + (f" in {r['year']}" if r["year"] else "")
                + (f" before {r['before_year']}" if r["before_year"] else "")
                + (f", behind {r['behind']}" if r["behind"] else "")
                for r in ranks
            ],
        ),
    ]
    return {
        "triples": len(kg),
        "claims": claims,
        "documents": by_name.get("source document", 0),
        "classes": classes,
        "answers": answers,
    }
