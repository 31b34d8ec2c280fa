"""The notebook-facing entry point: `okg.load()` gives the built graph and the questions it answers.

This is the top of the library: the one place (with `cli.py`) that turns a path or a store spec into a graph, and
where the graph layer's `KnowledgeGraph` gains the outputs (views, networkx, push) that live in the layer above it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KGError
from .graph import knowledge
from .graph.engines import OxigraphEngine, copy_to_memory, memory_store, open_oxigraph, parse_store, rdflib_view
from .graph.results import lexical
from .project import PREFIXES, Project

# The compiler (pydantic, pySHACL) and the outputs (networkx, pyvis) are imported where used: a query on the
# article's graph needs none of them, and together they took most of `okg query`'s start (measured with -X importtime).
if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure
    from pyvis.network import Network
    from rdflib import Dataset, Graph

    from .compile.validation import Report
    from .outputs import remote, views

__all__ = ["KnowledgeGraph", "Summary", "load", "summary", "validate"]


class KnowledgeGraph(knowledge.KnowledgeGraph):
    """The built graph, its questions (see `graph.knowledge.KnowledgeGraph`) and its outputs: views (HTML, pyvis,
    figures), networkx, push."""

    def to_networkx(self, *, lang: str = "en", with_claims: bool = False) -> nx.MultiDiGraph:
        """Entities as nodes, domain relations as labelled directed edges, quotes as attributes (a networkx MultiDiGraph)."""
        from .outputs import projection

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
        from .outputs import views

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
        from .outputs import projection, views

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
        from .outputs import figures

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
        from .outputs import remote

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

    - `load()`: the committed build (graph/build/okg.trig), parsed by pyoxigraph into an in-memory Oxigraph store that
      answers every query; rdflib parses it too, only when its API is needed (`kg.dataset`: SHACL, exports, views).
    - `load("other.nq")`: another RDF file, the same way (formats pyoxigraph does not read, such as JSON-LD, are
      parsed and answered by rdflib).
    - `load(store="rdflib")`: rdflib parses the file and answers every query (the reference engine).
    - `load(store="oxigraph:PATH")`: an Oxigraph store on disk, reopened as it is, without parsing anything; it must
      exist (NoStore otherwise: a mistyped path is not a new store) and be complete (IncompleteStore otherwise).
      `load(FILE, store=...)` or `reload=True` (re)loads it from FILE (default: the build), `create=True` loads
      the build into a store that does not exist yet. A load replaces the store only once complete.
    - `load(store="oxigraph-memory:PATH")`: that on-disk store (opened, created or reloaded as above), copied into
      memory for analysis: claim-wide queries run 5 to 10 times faster (docs/scale.md); writes do not reach the disk.
    - `rebuild=True`: compile the sources instead of reading the build (with an Oxigraph store: validate and write
      graph/build/ first, as `okg build` does, then reload the store from it).
    - `timeout`: seconds after which a query gives up.
    """
    project = project or Project.default()
    spec = parse_store(store)
    path = Path(source) if source else project.build_dir / "okg.trig"
    if spec.path is not None:
        oxigraph_path = spec.path
        if rebuild and source is None:  # the store is loaded from a file: write the build, then reload from it
            from .compile.builder import build

            build(project)
            reload = True
        wanted = path if (source or reload or (create and not oxigraph_path.exists())) else None
        if wanted is not None and not wanted.is_file():
            raise KGError(f"{wanted}: no such file to load; run `okg build` (or `make run`) first")
        ox_store = open_oxigraph(oxigraph_path, wanted, reload=reload or source is not None, progress=progress)
        if spec.kind == "oxigraph-memory":
            ox_store = copy_to_memory(ox_store)
        held = ox_store
        return KnowledgeGraph(lambda: rdflib_view(held), project, OxigraphEngine(ox_store), store=str(spec), timeout=timeout)
    if rebuild:
        from .compile.builder import compile_dataset

        ds = compile_dataset(project)
        ds.default_union = True
        return KnowledgeGraph(ds, project, timeout=timeout)
    if not path.is_file():
        raise KGError(f"{path}: no built graph here; run `okg build` (or `make run`) first")
    answering = memory_store(path) if spec.kind == "memory" else None
    if answering is None:
        return KnowledgeGraph(_parsed(path), project, timeout=timeout, store=spec.kind)
    return KnowledgeGraph(lambda: _parsed(path), project, OxigraphEngine(answering), timeout=timeout)


def _parsed(path: Path) -> Dataset:
    """The file parsed by rdflib, its default graph the union of the named graphs, the project's prefixes bound."""
    from .io import read_dataset

    ds = read_dataset(path)
    ds.default_union = True
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds


def validate(target: str | Path | Dataset | Graph | None = None, project: Project | None = None) -> Report:
    """Validate the graph compiled from the sources (default), an RDF file, or a graph you hold."""
    from rdflib import Dataset, Graph

    from .compile.builder import compile_dataset
    from .compile.validation import validate_dataset
    from .io import read_dataset

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
    by_class = {lexical(c): int(lexical(n)) for c, n in counts.terms}
    classes = sorted(((kg.label(c, lang), n) for c, n in by_class.items()), key=lambda item: (-item[1], item[0]))
    okg = PREFIXES["okg"]
    claims = sum(by_class.get(okg + c, 0) for c in ("QuantitativeClaim", "RankingClaim", "QualitativeClaim"))
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
    return Summary(len(kg), claims, by_class.get(okg + "SourceDocument", 0), classes, answers)
