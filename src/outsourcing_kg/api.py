"""The notebook-facing entry point: `okg.load()` gives the built graph and the questions it answers.

This is the top of the library: the one place (with `cli.py`) that turns a path or a store spec into a graph, and
where the graph layer's `KnowledgeGraph` gains the outputs (views, networkx, push) that live in the layer above it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph

from .compile.builder import build, compile_dataset
from .compile.validation import Report, validate_dataset
from .errors import KGError
from .graph import knowledge
from .graph.engines import OxigraphEngine, open_oxigraph, parse_store, rdflib_view
from .io import read_dataset
from .outputs import figures, projection, remote, views
from .project import OKG, PREFIXES, Project

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure
    from pyvis.network import Network

__all__ = ["KnowledgeGraph", "Summary", "load", "summary", "validate"]


class KnowledgeGraph(knowledge.KnowledgeGraph):
    """The built graph, its questions (see `graph.knowledge.KnowledgeGraph`) and its outputs: views (HTML, pyvis,
    figures), networkx, push."""

    def to_networkx(self, *, lang: str = "en", with_claims: bool = False) -> nx.MultiDiGraph:
        """Entities as nodes, domain relations as labelled directed edges, quotes as attributes (a networkx MultiDiGraph)."""
        return projection.to_networkx(self, lang=lang, with_claims=with_claims)

    def view(
        self,
        focus: str | None = None,
        *,
        depth: int = 2,
        types: str | Sequence[str] = (),
        with_claims: bool = False,
        lang: str = "en",
        height: int = 640,
        save: bool | str | Path = True,
    ) -> views.View:
        """An interactive view that displays inline in notebooks (an iframe with `srcdoc`, then a link to the saved
        page as a fallback). `save`: where to write the page (default True: views/ecosystem.html or
        views/<entity>.html in the project folder, as `okg view`; False: nowhere, and no link)."""
        return views.make_view(self, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang, height=height, save=save)

    def to_pyvis(
        self,
        focus: str | None = None,
        *,
        depth: int = 2,
        types: str | Sequence[str] = (),
        with_claims: bool = False,
        lang: str = "en",
        height: str = "640px",
    ) -> Network:
        """The view as a `pyvis.network.Network` to customise with pyvis's API (same nodes, edges, colours, shapes and
        tooltips, as text, as `okg view`); `outsourcing_kg.views.render(net, path)` writes it as the offline page."""
        shown = projection.select(self.to_networkx(lang=lang, with_claims=with_claims), focus=focus, depth=depth, types=types)
        return views.to_pyvis(shown, lang=lang, height=height)

    def figure(
        self,
        focus: str | None = None,
        *,
        depth: int = 2,
        types: str | Sequence[str] = (),
        with_claims: bool = False,
        lang: str = "en",
    ) -> Figure:
        """A static figure (matplotlib Figure) of the view, for reports: `fig.savefig("x.svg")`, or
        `okg view -o x.svg|png|pdf` for byte-identical files. See `outputs.figures.figure`."""
        fig, _ = figures.make_figure(self, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
        return fig

    def push(
        self,
        endpoint: str,
        graph_store: str | None = None,
        *,
        dry_run: bool = False,
        timeout: float = 60.0,
        progress: Callable[[remote.PushEvent], None] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> remote.PushReport:
        """Replace this graph's named graphs in a SPARQL 1.1 store (see `outputs.remote.push`; credentials from
        OKG_STORE_USER / OKG_STORE_PASSWORD)."""
        return remote.push(self, endpoint, graph_store, dry_run=dry_run, timeout=timeout, progress=progress, env=env)


def load(
    source: str | Path | None = None,
    *,
    store: str | None = None,
    project: Project | None = None,
    rebuild: bool = False,
    reload: bool = False,
    create: bool = False,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> KnowledgeGraph:
    """The built graph, ready for questions.

    - `load()`: the committed build (graph/build/okg.trig) in memory, with rdflib.
    - `load("other.nq")`: another RDF file.
    - `load(store="oxigraph:PATH")`: an Oxigraph store on disk, reopened as it is, without parsing anything; it must
      exist (NoStore otherwise: a mistyped path is not a new store) and be complete (IncompleteStore otherwise).
      `load(FILE, store=...)` or `reload=True` (re)loads it from FILE (default: the build), `create=True` loads
      the build into a store that does not exist yet. A load replaces the store only once complete.
    - `rebuild=True`: compile the sources instead of reading the build (with an Oxigraph store: validate and write
      graph/build/ first, as `okg build` does, then reload the store from it).
    - `timeout`: seconds after which a query gives up.
    """
    project = project or Project.default()
    oxigraph_path = parse_store(store)
    path = Path(source) if source else project.build_dir / "okg.trig"
    if oxigraph_path is not None:
        if rebuild and source is None:  # the store is loaded from a file: write the build, then reload from it
            build(project)
            reload = True
        wanted = path if (source or reload or (create and not oxigraph_path.exists())) else None
        if wanted is not None and not wanted.is_file():
            raise KGError(f"{wanted}: no such file to load; run `okg build` (or `make run`) first")
        ox_store = open_oxigraph(oxigraph_path, wanted, reload=reload or source is not None, progress=progress)
        return KnowledgeGraph(
            lambda: rdflib_view(ox_store), project, OxigraphEngine(ox_store), store=f"oxigraph:{oxigraph_path}", timeout=timeout
        )
    if rebuild:
        ds = compile_dataset(project)
        ds.default_union = True
        return KnowledgeGraph(ds, project, timeout=timeout)
    if not path.is_file():
        raise KGError(f"{path}: no built graph here; run `okg build` (or `make run`) first")
    ds = read_dataset(path)
    ds.default_union = True
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return KnowledgeGraph(ds, project, timeout=timeout)


def validate(target: str | Path | Dataset | Graph | None = None, project: Project | None = None) -> Report:
    """Validate the graph compiled from the sources (default), an RDF file, or a graph you hold."""
    project = project or Project.default()
    if target is None:
        return validate_dataset(compile_dataset(project), project)
    if isinstance(target, (Dataset, Graph)):
        return validate_dataset(target, project)
    return validate_dataset(read_dataset(Path(target)), project)


@dataclass
class Summary:
    """What `make run` shows: sizes, instances per class (label, count; most first), and sample questions with answers."""

    triples: int
    claims: int
    documents: int
    classes: list[tuple[str, int]]
    answers: list[tuple[str, list[str]]]


def summary(kg: KnowledgeGraph, *, lang: str = "en") -> Summary:
    """Counts per class (labelled in `lang`), the number of claims and documents, and three sample answers."""
    counts = kg.sparql_result(
        """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . FILTER (STRSTARTS(STR(?c), STR(okg:))) }
           GROUP BY ?c"""
    )
    by_class = {str(c): int(str(n)) for c, n in counts.rows}
    classes = sorted(((kg.label(c, lang), n) for c, n in by_class.items()), key=lambda item: (-item[1], item[0]))
    claim_classes = [OKG.QuantitativeClaim, OKG.RankingClaim, OKG.QualitativeClaim]
    claims = sum(by_class.get(str(c), 0) for c in claim_classes)
    figures = kg.query_result("sector_figures").records()
    president = kg.query_result("federation_president").records()
    ranks = kg.query_result("sector_rankings").records()
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
    return Summary(len(kg), claims, by_class.get(str(OKG.SourceDocument), 0), classes, answers)
