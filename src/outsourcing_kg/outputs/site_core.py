"""The site writer's shared parts: where pages go, how terms and claims are shown, the assets, search index and sitemap."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import KGError
from ..graph.knowledge import KnowledgeGraph
from ..io import write_file
from ..project import OKG, shorten
from .site_data import CONTEXT_CHARS, Claim, GraphReader
from .site_text import SITE_UI

if TYPE_CHECKING:
    import jinja2

#: Claims listed on one page of an entity; more go to further pages.
PAGE_CLAIMS = 200
#: Items on one page of a list (entities of a kind, claims, sources).
LIST_PAGE = 500
#: Rows of a named query's answer shown on its page.
QUERY_ROWS = 1000
#: The neighbourhood view is drawn for entities with at most this many neighbours.
NEIGHBOURHOOD_MAX = 60
#: URLs in one sitemap file (the sitemaps.org limit).
SITEMAP_URLS = 50_000
MARKER = ".okg-site"
LANGS = ("en", "fr")

#: progress(done, total, what): pages written so far, pages planned, and what is being written.
Progress = Callable[[int, int, str], None]

_TEMPLATES = Path(__file__).with_name("templates") / "site"
_CLAIM_PLUMBING = {
    str(p) for p in (OKG.subject, OKG.predicate, OKG.object, OKG.evidence, OKG.claimant, OKG.source, OKG.statement, OKG.statedAt)
} | {str(p) for p in (OKG.currency, OKG.unit, OKG.lowerBound, RDF.type, SKOS.editorialNote)}


class SiteError(KGError):
    """The site cannot be written as asked (output folder, base URL)."""


@dataclass
class SiteReport:
    """What `write_site` wrote: the folder, how many pages of each sort (each language counted), files in all, dumps
    (one per RDF format, 0 without downloads) and resources with an RDF description (each in several formats)."""

    folder: Path
    pages: int
    entities: int
    claims: int
    documents: int
    queries: int
    files: int
    dumps: int = 0
    descriptions: int = 0


@dataclass
class Section:
    """A link the index lists among its sections: `href` relative to the site's root, a title per language; with
    `localised`, the page exists in each language's tree (`fr/<href>` for French) and each page links its own."""

    href: str
    title: dict[str, str]
    localised: bool = False


@dataclass
class _Page:
    """Where a page sits, so that every link it holds is relative (the site works from file:// and any host)."""

    path: str  # inside the language's tree
    lang: str

    def full(self, path: str | None = None, lang: str | None = None) -> str:
        lang = lang or self.lang
        path = self.path if path is None else path
        return path if lang == "en" else f"{lang}/{path}"

    def href(self, path: str, lang: str | None = None) -> str:
        here = posixpath.dirname(self.full()) or "."
        return posixpath.relpath(self.full(path, lang), here)

    def asset(self, name: str) -> str:
        here = posixpath.dirname(self.full()) or "."
        return posixpath.relpath(f"assets/{name}", here)

    @property
    def root(self) -> str:
        return self.href("index.html")[: -len("index.html")] or "./"


@dataclass
class _State:
    folder: Path
    total: int
    progress: Progress | None
    pages: list[str] = field(default_factory=list)
    rendered: int = 0
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class SiteWriter:
    """What the page writers share while writing the site of one graph (`site.write_site` is the entry point)."""

    def __init__(self, kg: KnowledgeGraph, *, base_url: str, sections: Sequence[Section], ontology_docs: Path | None) -> None:
        import jinja2

        self.kg = kg
        self.read = GraphReader(kg)
        self.base_url = base_url
        self.sections = list(sections)
        self.ontology_docs = ontology_docs
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.templates: dict[str, jinja2.Template] = {}
        self.entities: list[str] = []
        self.entity_set: set[str] = set()
        self.documents: list[str] = []
        self.document_set: set[str] = set()
        self.claims: list[str] = []
        self.claim_set: set[str] = set()
        self.depths: dict[str, int] = {}
        self.ontology: list[tuple[Node, Node, Node]] | None = None
        self.search: list[list[Any]] = []
        self.entity_kinds: dict[str, str] = {}
        self.kind_pages: dict[str, str] = {}
        self.document_titles: dict[str, dict[str, str]] = {}
        #: The schema.org Dataset of the index page, per language (`catalog.schema_org_dataset`), set by `write_site`.
        self.dataset: dict[str, dict[str, Any]] = {}
        #: (media type, extension) of the RDF documents written beside the pages of IRIs (none without the downloads).
        self.rdf: list[tuple[str, str]] = []
        #: The pages of the named graphs (path inside a language's tree, name, derived from a source document), for
        #: the index; and the page of the graph derived from each source document, for the document's page.
        self.graph_pages: list[tuple[str, str, bool]] = []
        self.graph_of: dict[str, tuple[str, str]] = {}

    # -- files -------------------------------------------------------------------
    def _template(self, name: str) -> jinja2.Template:
        if name not in self.templates:
            self.templates[name] = self.env.get_template(name)
        return self.templates[name]

    def _emit(self, state: _State, relpath: str, content: bytes, *, page: bool = False) -> None:
        write_file(state.folder / relpath, content, create_folders=True)
        state.files += 1
        if page:
            state.pages.append(relpath)

    def _render(self, state: _State, template: str, page: _Page, what: str, **context: Any) -> None:
        ui = SITE_UI[page.lang]
        other = "fr" if page.lang == "en" else "en"
        text = self._template(template).render(
            page=page,
            ui=ui,
            other=other,
            switch=page.href(page.path, other),
            sections=self.nav(page),
            alternates=self.alternates(page),
            **context,
        )
        self._emit(state, page.full(), text.encode("utf-8"), page=True)
        state.counts[what] = state.counts.get(what, 0) + 1
        state.rendered += 1
        state.total = max(state.total, state.rendered)  # huge entities add pages the plan could not foresee
        if state.progress:
            state.progress(state.rendered, state.total, what)

    def alternates(self, page: _Page) -> list[tuple[str, str]]:
        """(media type, href) of the RDF documents beside the page of an IRI (`id/org/intelcia.ttl`, ...), when the
        site holds them (`linked_data.write_descriptions`, written with the downloads)."""
        from .linked_data import resource_for

        if not self.rdf or not page.path.endswith(".html") or resource_for(page.path.removesuffix(".html"), self.kg.project) is None:
            return []
        stem = page.path.removesuffix(".html")
        return [(media, page.href(stem + ext, "en")) for media, ext in self.rdf]

    def nav(self, page: _Page) -> list[tuple[str, str]]:
        ui = SITE_UI[page.lang]
        links = [
            (page.href("lists/entities.html"), ui["entities"]),
            (page.href("lists/claims.html"), ui["claims"]),
            (page.href("lists/sources.html"), ui["sources"]),
            (page.href("lists/queries.html"), ui["queries"]),
        ]
        if self.ontology_docs is not None:
            links.append((page.href("ontology.html"), ui["ontology"]))
        for section in self.sections:
            href = page.href(section.href, None if section.localised else "en")
            links.append((href, section.title.get(page.lang, section.title.get("en", section.href))))
        return links

    # -- terms -------------------------------------------------------------------
    def path_of(self, iri: str) -> str | None:
        """The page of an IRI inside a language tree, if the site has one."""
        if iri in self.entity_set or iri in self.document_set or iri in self.claim_set:
            return self.read.page_path(iri) + ".html"
        return None

    def term(self, node: Node | None, page: _Page, claim: Claim | None = None) -> dict[str, Any]:
        """A value as the templates show it: its text, a link when it has a page, its kind (iri or literal)."""
        if node is None:
            return {"text": "", "href": None, "iri": None}
        if isinstance(node, URIRef):
            target = self.path_of(str(node))
            return {"text": self.kg.label(node, page.lang), "href": page.href(target) if target else None, "iri": str(node)}
        if isinstance(node, Literal):
            return {"text": _literal_text(node, page.lang, claim, self.kg), "href": None, "iri": None}
        return {"text": str(node), "href": None, "iri": None}

    def claim_view(self, claim: Claim, page: _Page) -> dict[str, Any]:
        ui = SITE_UI[page.lang]
        lang = page.lang
        statements = [o for o in claim.props.get(str(OKG.statement), []) if isinstance(o, Literal)]
        chosen = [s for s in statements if s.language == lang] or [s for s in statements if s.language == ("fr" if lang == "en" else "en")]
        qualifiers = []
        for prop in sorted(claim.props, key=lambda p: (self.kg.label(p, lang), p)):
            if prop in _CLAIM_PLUMBING:
                continue
            for node in claim.props[prop]:
                qualifiers.append({"property": self.kg.label(prop, lang), "value": self.term(node, page, claim)})
        notes = [str(o) for o in claim.props.get(str(SKOS.editorialNote), [])]
        subject, predicate, value = claim.one(OKG.subject), claim.one(OKG.predicate), claim.one(OKG.object)
        quotes = [
            {
                "document": self.term(URIRef(e.document), page),
                "exact": e.exact,
                "start": e.start,
                "end": e.end,
                "before": ("…" if e.start > len(e.before) else "") + e.before,
                "after": e.after + ("…" if len(e.after) == CONTEXT_CHARS else ""),
            }
            for e in claim.evidence
        ]
        return {
            "iri": claim.iri,
            "href": page.href(self.read.page_path(claim.iri) + ".html"),
            "statement": str(chosen[0]) if chosen else "",
            "subject": self.term(subject, page),
            "property": self.term(predicate, page) if predicate is not None else {"text": ui["unknown"], "href": None, "iri": None},
            "value": self.term(value, page, claim),
            "qualifiers": qualifiers,
            "claimant": self.term(claim.one(OKG.claimant), page),
            "stated_at": self.term(claim.one(OKG.statedAt), page) if claim.one(OKG.statedAt) is not None else None,
            "source": self.term(claim.one(OKG.source), page) if claim.one(OKG.source) is not None else None,
            "quotes": quotes,
            "notes": notes,
            "touches": [n for n in claim_iris(claim) if self.path_of(n)],
        }

    # -- the site ----------------------------------------------------------------------
    def plan(self) -> int:
        self.entities = self.read.entities()
        self.entity_set = set(self.entities)
        self.documents = self.read.documents()
        self.document_set = set(self.documents)
        self.claims = self.read.claims()
        self.claim_set = set(self.claims)
        self.depths = self.read.class_depths()
        from ..graph.queries import list_queries

        queries = len(list_queries(self.kg.project))
        lists = 4 + len(self.entities) // LIST_PAGE + len(self.claims) // LIST_PAGE + len(self.documents) // LIST_PAGE
        return len(LANGS) * (1 + len(self.entities) + len(self.claims) + len(self.documents) + queries + lists)

    def write_assets(self, state: _State) -> None:
        from .views import view_assets

        for name in ("site.css", "site.js"):
            self._emit(state, f"assets/{name}", (_TEMPLATES / name).read_bytes())
        for name, content in sorted(view_assets().items()):
            self._emit(state, f"assets/{name}", content)

    def write_search(self, state: _State) -> None:
        from .views import _json_for_script

        self.search.sort(key=lambda row: (str(row[3]).casefold(), str(row[0])))
        text = "/* Generated by okg site: every entity and source by its labels, aliases and acronyms. */\n"
        text += f"window.okgSearch = {_json_for_script(self.search)};\n"
        self._emit(state, "assets/search.js", text.encode("utf-8"))

    def search_entry(self, iri: str, props: dict[str, list[Node]], kind: str | None) -> None:
        labels: dict[str, str] = {}
        aliases: list[str] = []
        for prop in (str(RDFS.label), str(SKOS.prefLabel), str(DCTERMS.title)):
            for node in props.get(prop, []):
                if isinstance(node, Literal):
                    labels.setdefault(node.language or "", str(node))
        for node in props.get(str(SKOS.altLabel), []):
            aliases.append(str(node))
        en = labels.get("en") or labels.get("fr") or labels.get("") or shorten(iri, self.kg.project.base)
        fr = labels.get("fr") or en
        names = sorted({*aliases, *(v for k, v in labels.items() if v not in (en, fr))})
        kinds = [self.kg.label(kind, "en"), self.kg.label(kind, "fr")] if kind else ["", ""]
        self.search.append([self.read.page_path(iri) + ".html", *kinds, en, fr, names])

    def write_ontology(self, state: _State) -> None:
        """pyLODE's pages at the ontology IRI's document path, `ontology.html` (and `fr/ontology.html`), where
        `okg serve` and the redirect rules send `/ontology` (`linked_data.default_page`)."""
        if self.ontology_docs is None:
            return
        for name, target in (("index.html", "ontology.html"), ("fr.html", "fr/ontology.html")):
            source = self.ontology_docs / name
            if source.is_file():
                self._emit(state, target, source.read_bytes(), page=True)

    def write_sitemap(self, state: _State) -> None:
        pages = sorted(state.pages)
        parts = [pages[i : i + SITEMAP_URLS] for i in range(0, len(pages), SITEMAP_URLS)] or [[]]

        def urlset(paths: list[str]) -> bytes:
            lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
            lines += [f"<url><loc>{xml_escape(self.base_url + p)}</loc></url>" for p in paths]
            return ("\n".join([*lines, "</urlset>"]) + "\n").encode("utf-8")

        if len(parts) == 1:
            self._emit(state, "sitemap.xml", urlset(parts[0]))
            return
        index = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for n, part in enumerate(parts, start=1):
            self._emit(state, f"sitemap-{n}.xml", urlset(part))
            index.append(f"<sitemap><loc>{xml_escape(self.base_url)}sitemap-{n}.xml</loc></sitemap>")
        self._emit(state, "sitemap.xml", ("\n".join([*index, "</sitemapindex>"]) + "\n").encode("utf-8"))

    def most_specific(self, types: list[Node]) -> str | None:
        known = [str(t) for t in types if isinstance(t, URIRef) and str(t).startswith(str(OKG))]
        if not known:
            known = [str(t) for t in types if isinstance(t, URIRef)]
        return max(known, key=lambda c: (self.depths.get(c, 0), c)) if known else None


def claim_iris(claim: Claim) -> list[str]:
    """Every IRI a claim names (subject, value, claimant, event, qualifiers), sorted."""
    out: set[str] = set()
    for prop, nodes in claim.props.items():
        if prop in (str(RDF.type), str(OKG.predicate), str(OKG.evidence)):
            continue
        out.update(str(n) for n in nodes if isinstance(n, URIRef))
    return sorted(out)


def _number(value: int | Decimal, lang: str) -> str:
    text = f"{value:,}" if isinstance(value, int) else f"{value:,f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _literal_text(node: Literal, lang: str, claim: Claim | None, kg: KnowledgeGraph) -> str:
    value = node.toPython()
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(node)
    text = _number(value, lang)
    if claim is None or claim.one(OKG.object) != node:
        return text
    ui = SITE_UI[lang]
    currency, unit = claim.one(OKG.currency), claim.one(OKG.unit)
    if currency is not None:
        text += f" {currency}"
    if isinstance(unit, URIRef):
        text += f" {kg.label(unit, lang)}"
    if claim.one(OKG.lowerBound) is not None:
        text = ui["more_than"] + text
    return text
