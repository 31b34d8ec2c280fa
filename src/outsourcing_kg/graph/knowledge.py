"""The graph layer's entry point: `KnowledgeGraph`, a built graph and the questions it answers.

It wraps an rdflib Dataset (or a lazily made rdflib view of an Oxigraph store) and an `Engine` that answers SPARQL.
It does not read files or open stores: `outsourcing_kg.load()` (the top layer) turns a path or a store spec into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from ..errors import QueryError
from ..names import EntityIndex, UnknownName
from ..project import PREFIXES, Project, shorten
from .engines import Engine, RdflibEngine
from .queries import QueryParam, get_query, iri_term, named_text
from .results import Result, language, lexical, to_dataframe
from .sparql import column_order, paged

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Dataset, Graph, URIRef

#: Labels and aliases, asked of the engine (no rdflib view needed): rdfs:label before skos:prefLabel.
_LABELS = """SELECT ?s ?label ?order WHERE {
  { ?s rdfs:label ?label BIND (1 AS ?order) } UNION { ?s skos:prefLabel ?label BIND (2 AS ?order) }
  FILTER (isIRI(?s) && isLiteral(?label))
}"""
_ALIASES = "SELECT ?s ?alias WHERE { ?s skos:altLabel ?alias FILTER (isIRI(?s)) }"

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
        if timeout is not None and not timeout > 0:
            raise QueryError(f"timeout must be more than 0 seconds (None for no limit), got {timeout}")
        self._dataset: Dataset | None = None
        self._make_dataset: Callable[[], Dataset] | None = None
        if hasattr(dataset, "quads"):  # a Dataset, told apart without importing rdflib
            self._dataset = cast("Dataset", dataset)
        else:
            self._make_dataset = dataset
        self.project = project
        self.store = store
        self.timeout = timeout
        self._labels: dict[str, dict[str, str]] | None = None
        self._names: EntityIndex | None = None
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

    def _select(self, text: str, source: str, limit: int | None = None, offset: int = 0) -> Result:
        if (limit is not None and limit < 0) or offset < 0:
            raise QueryError(f"a page needs a limit and an offset of 0 or more, got limit={limit}, offset={offset}")
        page = paged(text, limit, offset)
        result = self.engine.select(text if page is None else page, source=source, timeout=self.timeout)
        order = column_order(text, result.columns)
        result = result if order is None else result.reordered(order)
        return result.page(limit, offset) if page is None else result

    # -- questions -------------------------------------------------------
    def query_result(self, name: str, /, *, limit: int | None = None, offset: int = 0, **params: QueryParam) -> Result:
        """A named query's rows as RDF terms; `lang` falls back to English when the graph has no label in it.

        `limit` and `offset` give one page of the rows (in the query's order): `offset=0, limit=1000`, then
        `offset=1000`... The store hands out only that page, so a page of a query of tens of thousands of rows is
        converted and printed in a fraction of the time (the store still evaluates and sorts every row)."""
        lang = params.get("lang")
        if (
            isinstance(lang, str)
            and re.fullmatch(r"[a-z]{2,3}", lang)
            and any(p.name == "lang" for p in get_query(name, self.project).params)
        ):
            params["lang"] = self.language(lang)
        return self._select(*named_text(name, params, self.project, self.resolve_iri), limit, offset)

    def query(
        self, name: str, /, *, short_iris: bool = False, limit: int | None = None, offset: int = 0, **params: QueryParam
    ) -> pd.DataFrame:
        """Run a named query of queries/ and return a DataFrame (numbers numeric, years integers); `limit` and
        `offset` give one page of its rows (see `query_result`)."""
        result = self.query_result(name, limit=limit, offset=offset, **params)
        return to_dataframe(result, short_iris=short_iris, base=self.project.base)

    def sparql_result(self, text: str, *, limit: int | None = None, offset: int = 0) -> Result:
        return self._select(text, "sparql", limit, offset)

    def sparql(self, text: str, *, short_iris: bool = False, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Run read-only SPARQL (prefixes okg:, schema:, rdfs:... predeclared) and return a DataFrame; `limit` and
        `offset` give one page of its rows."""
        return to_dataframe(self.sparql_result(text, limit=limit, offset=offset), short_iris=short_iris, base=self.project.base)

    def describe(self, entity: str | URIRef, *, lang: str = "en", short_iris: bool = True) -> pd.DataFrame:
        """Every fact about an entity (as subject or value), with quotes and claimants: its profile."""
        return self.query("entity_profile", entity=self.resolve_iri(str(entity)), lang=lang, short_iris=short_iris)

    # -- names -------------------------------------------------------------
    def _label_index(self) -> dict[str, dict[str, str]]:
        if self._labels is None:
            index: dict[str, dict[str, str]] = {}
            found = self._select(_LABELS, "labels").terms
            for s, o, _order in sorted(found, key=lambda row: (int(lexical(row[2])), lexical(row[1]))):
                index.setdefault(lexical(s), {}).setdefault(language(o), lexical(o))
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

    def entity_index(self) -> EntityIndex:
        """Every labelled IRI by its labels (rdfs:label, skos:prefLabel) and aliases (skos:altLabel); entities minted
        under the project's base are indexed by their id (`org/intelcia`), other IRIs by the IRI itself."""
        if self._names is None:
            index = EntityIndex()
            prefix = self.project.base + "id/"
            aliases: dict[str, list[str]] = {}
            for s, o in sorted((lexical(s), lexical(o)) for s, o in self._select(_ALIASES, "aliases").terms):
                aliases.setdefault(s, []).append(o)
            for iri, labels in sorted(self._label_index().items()):
                ident = iri.removeprefix(prefix) if iri.startswith(prefix) else iri
                index.add(ident, [*labels.values(), *aliases.get(iri, [])], labels=labels)
            self._names = index
        return self._names

    def _holds(self, iri: str) -> bool:
        """Whether some triple has `iri` as subject or object (asked of the engine: no rdflib view needed)."""
        term = iri_term(iri)
        found = self._select(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}", "resolve")
        return lexical(found.terms[0][0]) == "true"

    def resolve(self, entity: str | URIRef) -> URIRef:
        """An entity's IRI from an IRI, an id (org/intelcia), a prefixed name, or a label, alias or acronym.

        Raises UnknownName (with the closest entities) or AmbiguousName (a KGError each).
        """
        from rdflib import URIRef

        return URIRef(self.resolve_iri(str(entity)))

    def resolve_iri(self, entity: str) -> str:
        """`resolve` as a plain string (what named queries bind, without importing rdflib)."""
        text = str(entity).strip()
        if re.fullmatch(r"https?://\S+", text):
            iri = text
        elif re.fullmatch(r"[a-z]+(/[a-z0-9]+(-[a-z0-9]+)*)+", text):
            iri = self.project.thing(text)
        elif ":" in text and text.split(":", 1)[0] in PREFIXES:
            prefix, local = text.split(":", 1)
            iri = PREFIXES[prefix] + local
        else:
            ident = self.entity_index().resolve(text)
            return ident if "://" in ident else self.project.thing(ident)
        try:
            held = self._holds(iri)
        except ValueError:  # a character no IRI may hold: it names nothing in the graph
            held = False
        if not held:
            index = self.entity_index()
            near = index.suggestions(text)
            hint = "; did you mean " + ", ".join(index.describe(i) for i in near) + "?" if near else ""
            raise UnknownName(f"no entity {shorten(iri, self.project.base)} in the graph{hint}", near)
        return iri
