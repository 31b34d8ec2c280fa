"""The notebook-facing entry point: `okg.load()` gives the built graph and the questions it answers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from .backends import Engine, RdflibEngine
from .errors import KGError, QueryError
from .ontology import PREFIXES, Project, shorten
from .queries import Result, get_query, named_text, to_dataframe
from .sources import fold

FALLBACK_LANGUAGES = ("en", "fr")


class KnowledgeGraph:
    """The built graph: every named graph in `dataset`; `graph` queries their union.

    Query methods return pandas DataFrames; the `*_result` variants return the raw RDF terms. On an Oxigraph store,
    `dataset` (the rdflib view, through oxrdflib) is made on first use: queries do not need it, and importing
    oxrdflib costs about 0.2 s (measured), a third of loading 100k triples.
    """

    def __init__(
        self,
        dataset: Dataset | Callable[[], Dataset],
        project: Project,
        engine: Engine | None = None,
        store: str = "memory",
        timeout: float | None = None,
    ) -> None:
        self._dataset = dataset if isinstance(dataset, Dataset) else None
        self._make_dataset = None if isinstance(dataset, Dataset) else dataset
        self.project = project
        self.store = store
        self.timeout = timeout
        self._labels: dict[str, dict[str, str]] | None = None
        self.engine: Engine = engine if engine is not None else RdflibEngine(self.dataset)

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            assert self._make_dataset is not None
            self._dataset = self._make_dataset()
        return self._dataset

    @property
    def graph(self) -> Graph:
        return self.dataset  # default_union=True: queries see every named graph

    def __len__(self) -> int:
        assert self.engine is not None
        return len(self.engine)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} statements in {self.store}>"

    def _select(self, text: str, source: str) -> Result:
        assert self.engine is not None
        return self.engine.select(text, source=source, timeout=self.timeout)

    # -- questions -------------------------------------------------------
    def query_result(self, name: str, /, **params: Any) -> Result:
        """A named query's rows as RDF terms; `lang` falls back to English when the graph has no label in it."""
        lang = params.get("lang")
        if (
            isinstance(lang, str)
            and re.fullmatch(r"[a-z]{2,3}", lang)
            and any(p.name == "lang" for p in get_query(name, self.project).params)
        ):
            params["lang"] = self.language(lang)
        return self._select(*named_text(name, params, self.project))

    def query(self, name: str, /, *, short_iris: bool = False, **params: Any) -> Any:
        """Run a named query of queries/ and return a DataFrame (numbers numeric, years integers)."""
        return to_dataframe(self.query_result(name, **params), short_iris=short_iris, base=self.project.base)

    def sparql_result(self, text: str) -> Result:
        return self._select(text, "sparql")

    def sparql(self, text: str, *, short_iris: bool = False) -> Any:
        """Run read-only SPARQL (prefixes okg:, schema:, rdfs:... predeclared) and return a DataFrame."""
        return to_dataframe(self.sparql_result(text), short_iris=short_iris, base=self.project.base)

    def describe(self, entity: str, *, lang: str = "en", short_iris: bool = True) -> Any:
        """Every fact about an entity (as subject or value), with quotes and claimants: its profile."""
        return self.query("entity_profile", entity=str(self.resolve(entity)), lang=lang, short_iris=short_iris)

    # -- names -------------------------------------------------------------
    def _label_index(self) -> dict[str, dict[str, str]]:
        if self._labels is None:
            index: dict[str, dict[str, str]] = {}
            for prop in (RDFS.label, SKOS.prefLabel):
                for s, o in self.dataset.subject_objects(prop):
                    if isinstance(s, URIRef) and isinstance(o, Literal):
                        index.setdefault(str(s), {}).setdefault(o.language or "", str(o))
            self._labels = index
        return self._labels

    def languages(self) -> set[str]:
        return {lang for labels in self._label_index().values() for lang in labels if lang}

    def language(self, lang: str) -> str:
        """`lang` if the graph has labels in it, else the first fallback language it has."""
        if lang in self.languages():
            return lang
        return next((f for f in FALLBACK_LANGUAGES if f in self.languages()), lang)

    def label(self, iri: str | URIRef, lang: str = "en") -> str:
        """The label of an IRI in `lang`, falling back to English, French, any label, then its prefixed name."""
        labels = self._label_index().get(str(iri), {})
        for candidate in (lang, *FALLBACK_LANGUAGES, ""):
            if candidate in labels:
                return labels[candidate]
        if labels:
            return next(iter(sorted(labels.items())))[1]
        return shorten(str(iri), self.project.base)

    def resolve(self, entity: str | URIRef) -> URIRef:
        """An entity's IRI from an IRI, an id (org/intelcia), a prefixed name, or a label, alias or acronym."""
        text = str(entity).strip()
        if re.fullmatch(r"https?://\S+", text):
            iri = URIRef(text)
        elif re.fullmatch(r"[a-z]+(/[a-z0-9]+(-[a-z0-9]+)*)+", text):
            iri = URIRef(self.project.thing(text))
        elif ":" in text and text.split(":", 1)[0] in PREFIXES:
            prefix, local = text.split(":", 1)
            iri = URIRef(str(PREFIXES[prefix]) + local)
        else:
            wanted = fold(text)
            names = self._names()
            matches = sorted({iri for name, iri in names if name == wanted})
            if len(matches) == 1:
                return URIRef(matches[0])
            if len(matches) > 1:
                raise QueryError(f"{text!r} names several entities ({', '.join(shorten(m) for m in matches)}); give the id")
            near = difflib.get_close_matches(wanted, sorted({n for n, _ in names}), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
            raise QueryError(f"no entity named {text!r}{hint}")
        if (iri, None, None) not in self.dataset and (None, None, iri) not in self.dataset:
            raise QueryError(f"no entity {shorten(str(iri), self.project.base)} in the graph")
        return iri

    def _names(self) -> list[tuple[str, str]]:
        names = [(fold(label), iri) for iri, labels in self._label_index().items() for label in labels.values()]
        for s, o in self.dataset.subject_objects(SKOS.altLabel):
            names.append((fold(str(o)), str(s)))
        return names

    # Issue 4: graph views (views.py).
    def to_networkx(self, *, lang: str = "en", with_claims: bool = False) -> Any:
        """Entities as nodes, domain relations as labelled directed edges, quotes as attributes (a networkx MultiDiGraph)."""
        from .views import to_networkx

        return to_networkx(self, lang=lang, with_claims=with_claims)

    def view(
        self,
        focus: str | None = None,
        *,
        depth: int = 2,
        types: Sequence[str] = (),
        with_claims: bool = False,
        lang: str = "en",
        height: int = 640,
    ) -> Any:
        """An interactive view that displays inline in Jupyter (no file written); `.save(path)` writes the HTML page."""
        from .views import make_view

        return make_view(self, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang, height=height)

    def push(self, endpoint: str, graph_store: str | None = None, **options: Any) -> Any:
        """Replace this graph's named graphs in a SPARQL 1.1 store (stores.push; credentials from OKG_STORE_USER/PASSWORD)."""
        from .stores import push

        return push(endpoint, graph_store, self.dataset, project=self.project, **options)


def load(
    source: str | Path | None = None,
    *,
    store: str | None = None,
    project: Project | None = None,
    rebuild: bool = False,
    reload: bool = False,
    timeout: float | None = None,
    progress: Any = None,
) -> KnowledgeGraph:
    """The built graph, ready for questions.

    - `load()`: the committed build (graph/build/okg.trig) in memory, with rdflib.
    - `load("other.nq")`: another RDF file.
    - `load(store="oxigraph:PATH")`: an Oxigraph store on disk; loaded from `source` (default: the build) when
      empty or when `reload=True`, otherwise reopened as it is, without parsing anything.
    - `rebuild=True`: compile the sources instead of reading the build (with an Oxigraph store: validate and write
      graph/build/ first, as `okg build` does, then reload the store from it).
    - `timeout`: seconds after which a query gives up.
    """
    from .backends import OxigraphEngine, open_oxigraph, parse_store, rdflib_view

    project = project or Project.default()
    oxigraph_path = parse_store(store)
    path = Path(source) if source else project.build_dir / "okg.trig"
    if oxigraph_path is not None:
        if rebuild and source is None:  # the store is loaded from a file: write the build, then reload from it
            from .build import build

            build(project)
            reload = True
        wanted = path if (source or not (oxigraph_path / "CURRENT").exists() or reload) else None
        if wanted is not None and not wanted.is_file():
            raise KGError(f"{wanted}: no such file to load; run `okg build` (or `make run`) first")
        ox_store = open_oxigraph(oxigraph_path, wanted, reload=reload or source is not None, progress=progress)
        return KnowledgeGraph(
            lambda: rdflib_view(ox_store), project, OxigraphEngine(ox_store), store=f"oxigraph:{oxigraph_path}", timeout=timeout
        )
    if rebuild:
        from .build import compile_dataset

        ds = compile_dataset(project)
        ds.default_union = True
        return KnowledgeGraph(ds, project, timeout=timeout)
    if not path.is_file():
        raise KGError(f"{path}: no built graph here; run `okg build` (or `make run`) first")
    from .validate import load_rdf

    ds = load_rdf(path)
    ds.default_union = True
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return KnowledgeGraph(ds, project, timeout=timeout)


def summary(kg: KnowledgeGraph) -> dict[str, Any]:
    """Counts per class, number of claims and documents, and three sample answers (for `make run`)."""
    counts = kg.sparql_result(
        """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
             ?s a ?c . ?c rdfs:label ?class . FILTER (LANG(?class) = "en")
             FILTER (STRSTARTS(STR(?c), "https://w3id.org/okg/ontology#"))
           } GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    classes = [(str(c), int(str(n))) for c, n in counts.rows]
    by_name = dict(classes)
    claims = sum(by_name.get(k, 0) for k in ("quantitative claim", "ranking claim", "qualitative claim"))
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
    return {
        "triples": len(kg),
        "claims": claims,
        "documents": by_name.get("source document", 0),
        "classes": classes,
        "answers": answers,
    }
