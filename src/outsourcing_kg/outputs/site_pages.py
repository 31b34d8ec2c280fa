"""The pages of the static site, each sort written a batch at a time (see `site.SiteWriter`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import KGError
from ..graph.knowledge import KnowledgeGraph
from ..project import OKG, SCHEMA
from .site_core import LANGS, LIST_PAGE, NEIGHBOURHOOD_MAX, PAGE_CLAIMS, QUERY_ROWS, SiteWriter, _number, _Page, _State
from .site_data import BATCH, Claim, Entity, chunks
from .site_text import SITE_UI, highlighted_text

if TYPE_CHECKING:
    import networkx as nx

    from .catalog import Catalog

_WIKIDATA = "http://www.wikidata.org/entity/"
_NOT_SHOWN = {str(p) for p in (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, OKG.evidence, OKG.mentionedIn, OKG.text)}
_SAME_AS = (str(OWL.sameAs), str(SCHEMA.sameAs))
#: Sources (and their named graphs) listed on the index; all of them are on lists/sources.html.
INDEX_SOURCES = 50
_ROLE_TITLES = (("subject", "facts"), ("claimant", "by_it"), ("value", "as_value"), ("event", "at_event"))


def _pages(base: str, n: int) -> str:
    return f"{base}.html" if n == 1 else f"{base}.page-{n}.html"


def _pager(page: _Page, base: str, n: int, total: int) -> dict[str, Any] | None:
    if total <= 1:
        return None
    return {
        "n": n,
        "total": total,
        "previous": page.href(_pages(base, n - 1)) if n > 1 else None,
        "next": page.href(_pages(base, n + 1)) if n < total else None,
        "all": [(k, page.href(_pages(base, k))) for k in range(1, total + 1)],
    }


def _texts(props: dict[str, list[Node]], prop: URIRef, lang: str) -> list[str]:
    nodes = [n for n in props.get(str(prop), []) if isinstance(n, Literal)]
    chosen = [n for n in nodes if n.language == lang] or [n for n in nodes if not n.language] or nodes
    return [str(n) for n in chosen]


# -- entities -------------------------------------------------------------------------------------


def _neighbourhood_graph(w: SiteWriter, batch: dict[str, Entity]) -> KnowledgeGraph:
    """A small graph holding the ontology, the batch's entities with their direct links, and the types and labels
    of what they link to: enough for the view's projection, a batch at a time."""
    if w.ontology is None:
        w.ontology = w.read.ontology_triples()
    dataset = Dataset(default_union=True)
    graph = dataset.graph(URIRef(w.kg.project.graph_iri("site")))
    for triple in w.ontology:
        graph.add(triple)
    near: set[str] = set()
    for iri, entity in batch.items():
        subject = URIRef(iri)
        for prop, nodes in entity.props.items():
            if prop in (str(OKG.evidence), str(OKG.mentionedIn)):
                continue
            for node in nodes:
                if isinstance(node, URIRef) and str(node) not in w.entity_set and prop != str(RDF.type):
                    continue
                graph.add((subject, URIRef(prop), node))
                if isinstance(node, URIRef) and str(node) in w.entity_set:
                    near.add(str(node))
        for s, p in entity.incoming:
            if s in w.entity_set:
                graph.add((URIRef(s), URIRef(p), subject))
                near.add(s)
    for triple in w.read.neighbourhood_triples(sorted(near - set(batch))):
        graph.add(triple)
    return KnowledgeGraph(dataset, w.kg.project)


def _neighbours(w: SiteWriter, entity: Entity) -> set[str]:
    out = {s for s, _ in entity.incoming if s in w.entity_set}
    for prop, nodes in entity.props.items():
        if prop not in (str(OKG.mentionedIn), str(RDF.type)):
            out.update(str(n) for n in nodes if isinstance(n, URIRef) and str(n) in w.entity_set)
    out.discard(entity.iri)
    return out


def _write_view(w: SiteWriter, state: _State, full: nx.MultiDiGraph, entity: Entity, page: _Page) -> str | None:
    """The entity's neighbourhood view page, next to its page; its path, or None when there is nothing to draw."""
    from .projection import select
    from .views import render_html

    try:
        shown = select(full, focus=entity.iri, depth=1)
    except KGError:
        return None
    if shown.number_of_nodes() < 2:
        return None
    path = w.read.page_path(entity.iri) + ".view.html"
    view = _Page(path, page.lang)
    html = render_html(shown, lang=page.lang, assets=view.asset("view.js").removesuffix("view.js"))
    w._emit(state, view.full(), html.encode("utf-8"), page=True)
    return path


def write_entity_pages(w: SiteWriter, state: _State) -> None:
    from .projection import to_networkx

    for batch in chunks(w.entities, BATCH):
        data = w.read.entity_batch(batch)
        small = sorted({c for e in data.values() if len(e.roles) <= PAGE_CLAIMS for _, c in e.roles})
        details = w.read.claim_batch(small)
        small_kg = _neighbourhood_graph(w, data)
        projections = {lang: to_networkx(small_kg, lang=lang) for lang in LANGS}
        for iri in batch:
            entity = data[iri]
            kind = w.most_specific(entity.props.get(str(RDF.type), []))
            w.entity_kinds[iri] = kind or ""
            w.search_entry(iri, entity.props, kind)
            chunked = [entity.roles[i : i + PAGE_CLAIMS] for i in range(0, len(entity.roles), PAGE_CLAIMS)] or [[]]
            neighbours = _neighbours(w, entity)
            views: dict[str, str | None] = {}
            for n, roles in enumerate(chunked, start=1):
                claims = details if len(entity.roles) <= PAGE_CLAIMS else w.read.claim_batch(sorted({c for _, c in roles}))
                for lang in LANGS:
                    page = _Page(_pages(w.read.page_path(iri), n), lang)
                    if n == 1 and len(neighbours) <= NEIGHBOURHOOD_MAX:
                        views[lang] = _write_view(w, state, projections[lang], entity, page)
                    context = _entity_context(w, entity, kind, roles, claims, page, neighbours)
                    shown = views.get(lang)
                    context["view"] = page.href(shown) if shown else None
                    context["pager"] = _pager(page, w.read.page_path(iri), n, len(chunked))
                    w._render(state, "entity.html", page, "entity", **context)


def _entity_context(
    w: SiteWriter,
    entity: Entity,
    kind: str | None,
    roles: Sequence[tuple[str, str]],
    claims: dict[str, Claim],
    page: _Page,
    neighbours: set[str],
) -> dict[str, Any]:
    lang = page.lang
    labels = sorted(
        {
            (n.language or "", str(n))
            for p in (str(RDFS.label), str(SKOS.prefLabel))
            for n in entity.props.get(p, [])
            if isinstance(n, Literal)
        }
    )
    wikidata = sorted(str(n).removeprefix(_WIKIDATA) for p in _SAME_AS for n in entity.props.get(p, []) if str(n).startswith(_WIKIDATA))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    touched = set(neighbours)
    for role, iri in roles:
        if iri in claims:
            view = w.claim_view(claims[iri], page)
            groups[role].append(view)
            touched.update(view["touches"])
    statements = []
    for prop in sorted(entity.props, key=lambda p: (w.kg.label(p, lang), p)):
        if prop in _NOT_SHOWN or prop in _SAME_AS or prop.startswith(str(SKOS)) or prop == str(DCTERMS.description):
            continue
        for node in entity.props[prop]:
            # A figure or a statement of the ontology's is a claim's truthy triple: shown below with its quote.
            if isinstance(node, Literal) and prop.startswith(str(OKG)):
                continue
            statements.append({"property": w.term(URIRef(prop), page), "value": w.term(node, page)})
    touched.discard(entity.iri)
    related = sorted((w.term(URIRef(i), page) for i in touched if w.path_of(i)), key=lambda t: (t["text"].casefold(), t["iri"]))
    return {
        "title": w.kg.label(entity.iri, lang),
        "iri": entity.iri,
        "labels": labels,
        "aliases": sorted(str(n) for n in entity.props.get(str(SKOS.altLabel), [])),
        "kind": w.kg.label(kind, lang) if kind else "",
        "wikidata": [(q, f"https://www.wikidata.org/wiki/{q}") for q in wikidata],
        "descriptions": _texts(entity.props, SKOS.definition, lang) + _texts(entity.props, DCTERMS.description, lang),
        "notes": _texts(entity.props, SKOS.editorialNote, lang),
        "groups": [(SITE_UI[lang][title], groups[role]) for role, title in _ROLE_TITLES if groups.get(role)],
        "statements": statements,
        "mentions": [
            {"document": w.term(URIRef(m.document), page), "exact": m.exact, "start": m.start, "end": m.end} for m in entity.mentions
        ],
        "too_many": len(neighbours) if len(neighbours) > NEIGHBOURHOOD_MAX else None,
        "related": related,
    }


# -- claims ------------------------------------------------------------------------------------------


def write_claim_pages(w: SiteWriter, state: _State) -> None:
    total = max(1, math.ceil(len(w.claims) / LIST_PAGE))
    listed: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    number = 1
    for batch in chunks(w.claims, 500):
        details = w.read.claim_batch(batch)
        for iri in batch:
            for lang in LANGS:
                page = _Page(w.read.page_path(iri) + ".html", lang)
                view = w.claim_view(details[iri], page)
                w._render(state, "claim.html", page, "claim", claim=view, title=_claim_title(view))
                listed[lang].append({"href": w.read.page_path(iri) + ".html", "title": _claim_title(view), "quote": _first_quote(view)})
            if len(listed["en"]) == LIST_PAGE:
                _write_list_page(w, state, listed, "lists/claims", number, total, "claims")
                listed = {lang: [] for lang in LANGS}
                number += 1
    if listed["en"] or number == 1:
        _write_list_page(w, state, listed, "lists/claims", number, total, "claims")


def _claim_title(view: dict[str, Any]) -> str:
    if view["statement"]:
        return str(view["statement"])
    return f"{view['subject']['text']} — {view['property']['text']} — {view['value']['text']}"


def _first_quote(view: dict[str, Any]) -> str:
    return str(view["quotes"][0]["exact"]) if view["quotes"] else ""


def _write_list_page(
    w: SiteWriter, state: _State, items: dict[str, list[dict[str, Any]]], base: str, n: int, total: int, title: str
) -> None:
    for lang in LANGS:
        page = _Page(_pages(base, n), lang)
        rows = [{**row, "href": page.href(row["href"])} for row in items[lang]]
        w._render(state, "list.html", page, "list", title=SITE_UI[lang].get(title, title), rows=rows, pager=_pager(page, base, n, total))


# -- source documents ---------------------------------------------------------------------------------


def write_document_pages(w: SiteWriter, state: _State) -> None:
    for batch in chunks(w.documents, 50):
        found = w.read.document_batch(batch)
        claim_iris = sorted({x for _, spans in found.values() for x, _, _, is_claim in spans if is_claim})
        details = w.read.claim_batch(claim_iris)
        for iri in batch:
            props, spans = found[iri]
            w.search_entry(iri, props, str(OKG.SourceDocument))
            w.document_titles[iri] = {lang: (_texts(props, DCTERMS.title, lang) or [w.kg.label(iri, lang)])[0] for lang in LANGS}
            text = "".join(str(n) for n in props.get(str(OKG.text), [])[:1])
            for lang in LANGS:
                page = _Page(w.read.page_path(iri) + ".html", lang)
                w._render(state, "document.html", page, "document", **_document_context(w, iri, props, spans, text, details, page))


def _document_context(
    w: SiteWriter,
    iri: str,
    props: dict[str, list[Node]],
    spans: list[tuple[str, int, int, bool]],
    text: str,
    claims: dict[str, Claim],
    page: _Page,
) -> dict[str, Any]:
    ui = SITE_UI[page.lang]
    marked = [(start, end, f"s{i}", "claim" if is_claim else "mention") for i, (_, start, end, is_claim) in enumerate(spans)]
    infos = []
    for i, (x, start, end, is_claim) in enumerate(spans):
        info: dict[str, Any] = {"id": f"s{i}", "kind": "claim" if is_claim else "mention", "start": start, "end": end}
        info["exact"] = text[start:end] if 0 <= start < end <= len(text) else ""
        if is_claim and x in claims:
            info["claim"] = w.claim_view(claims[x], page)
            info["title"] = _claim_title(info["claim"])
        else:
            info["entity"] = w.term(URIRef(x), page)
            info["title"] = info["entity"]["text"]
        infos.append(info)
    meta = []
    for key, prop in (
        ("title", DCTERMS.title),
        ("publisher", DCTERMS.publisher),
        ("date", DCTERMS.date),
        ("date", OKG.inferredDate),
        ("language", DCTERMS.language),
        ("url", SCHEMA.url),
        ("url", SCHEMA.isPartOf),
        ("sha256", OKG.sha256),
    ):
        for node in props.get(str(prop), []):
            if isinstance(node, Literal) and node.language and node.language != page.lang and key == "title" and len(props[str(prop)]) > 1:
                continue
            term = w.term(node, page)
            if isinstance(node, URIRef) and term["href"] is None and str(node).startswith(("http://", "https://")) and key == "url":
                term = {"text": str(node), "href": str(node), "iri": str(node)}
            meta.append((ui[key], term))
    if iri in w.graph_of:
        path, name = w.graph_of[iri]
        meta.append((ui["named_graph_of"], {"text": name, "href": page.href(path), "iri": None}))
    return {
        "title": w.document_titles[iri][page.lang],
        "iri": iri,
        "meta": meta,
        "notes": _texts(props, SKOS.editorialNote, page.lang),
        "text": highlighted_text(text, marked),
        "spans": infos,
    }


# -- lists and the index ----------------------------------------------------------------------------------


def write_lists(w: SiteWriter, state: _State) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in w.entities:
        by_kind[w.entity_kinds.get(iri, "")].append(iri)
    kinds = sorted(by_kind, key=lambda k: (w.kg.label(k, "en") if k else "", k))
    for kind in kinds:
        iris = by_kind[kind]
        name = "lists/" + (kind.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "other")
        w.kind_pages[kind] = name + ".html"
        total = max(1, math.ceil(len(iris) / LIST_PAGE))
        ordered = {lang: sorted(iris, key=_by_label(w, lang)) for lang in LANGS}
        for n in range(1, total + 1):
            items = {
                lang: [
                    {"href": w.read.page_path(i) + ".html", "title": w.kg.label(i, lang), "quote": ""}
                    for i in ordered[lang][(n - 1) * LIST_PAGE : n * LIST_PAGE]
                ]
                for lang in LANGS
            }
            _write_kind_page(w, state, items, name, n, total, kind)
    for lang in LANGS:
        page = _Page("lists/entities.html", lang)
        rows = [
            {
                "href": page.href(w.kind_pages[k]),
                "title": w.kg.label(k, lang) if k else SITE_UI[lang]["unknown"],
                "quote": str(len(by_kind[k])),
            }
            for k in kinds
        ]
        w._render(state, "list.html", page, "list", title=SITE_UI[lang]["entities"], rows=rows, pager=None)
        page = _Page("lists/sources.html", lang)
        docs = sorted(w.documents, key=lambda d: (str(w.document_titles.get(d, {}).get(page.lang, d)).casefold(), d))
        rows = [
            {"href": page.href(w.read.page_path(d) + ".html"), "title": w.document_titles.get(d, {}).get(lang, d), "quote": ""}
            for d in docs
        ]
        w._render(state, "list.html", page, "list", title=SITE_UI[lang]["sources"], rows=rows, pager=None)


def _by_label(w: SiteWriter, lang: str) -> Callable[[str], tuple[str, str]]:
    return lambda iri: (w.kg.label(iri, lang).casefold(), iri)


def _write_kind_page(
    w: SiteWriter, state: _State, items: dict[str, list[dict[str, Any]]], base: str, n: int, total: int, kind: str
) -> None:
    for lang in LANGS:
        page = _Page(_pages(base, n), lang)
        rows = [{**row, "href": page.href(row["href"])} for row in items[lang]]
        title = w.kg.label(kind, lang) if kind else SITE_UI[lang]["unknown"]
        w._render(state, "list.html", page, "list", title=title, rows=rows, pager=_pager(page, base, n, total))


def write_index(w: SiteWriter, state: _State) -> None:
    from .views import _json_for_script

    facts = w.read.dataset_facts()
    # Every graph that is not a source document's (the ontology, the reference data), and the first sources' graphs:
    # the others are linked from their documents' pages.
    graphs = [g for g in w.graph_pages if not g[2]] + [g for g in w.graph_pages if g[2]][:INDEX_SOURCES]
    counts = w.read.class_counts()
    triples = len(w.kg)
    for lang in LANGS:
        page = _Page("index.html", lang)
        ui = SITE_UI[lang]
        rows = [
            {"label": w.kg.label(c, lang), "count": n, "href": page.href(w.kind_pages[c]) if c in w.kind_pages else None} for c, n in counts
        ]
        sources = [
            {"href": page.href(w.read.page_path(d) + ".html"), "title": w.document_titles.get(d, {}).get(lang, d)}
            for d in w.documents[:INDEX_SOURCES]
        ]
        from markupsafe import Markup

        w._render(
            state,
            "index.html",
            page,
            "index",
            title=ui["site"],
            counts=rows,
            sources=sources,
            more_sources=len(w.documents) > INDEX_SOURCES,
            built=", ".join(facts.get("built", [])) or None,
            version=", ".join(facts.get("version", [])) or None,
            triples=f"{triples:,}" if lang == "en" else f"{triples:,}".replace(",", "\u202f"),
            jsonld=Markup(_json_for_script(w.dataset[lang])),
            search_js=page.asset("search.js"),
            graphs=[{"href": page.href(path), "title": name} for path, name, _ in graphs],
            more_graphs=len(w.graph_pages) > len(graphs),
        )


# -- named queries ------------------------------------------------------------------------------------------


def write_query_pages(w: SiteWriter, state: _State) -> None:
    from ..graph.queries import list_queries

    queries = list_queries(w.kg.project)
    for query in queries:
        needs = [p.name for p in query.params if p.default is None]
        answers: dict[str, Any] = {}
        for lang in LANGS:
            if needs:
                answers[lang] = None
                continue
            try:
                params: dict[str, Any] = {"lang": lang} if any(p.name == "lang" for p in query.params) else {}
                if lang == "fr" and not params and "en" in answers:
                    answers[lang] = answers["en"]
                    continue
                answers[lang] = w.kg.query_result(query.name, **params)
            except KGError as exc:
                answers[lang] = exc
        for lang in LANGS:
            page = _Page(f"queries/{query.name}.html", lang)
            ui = SITE_UI[lang]
            answer = answers[lang]
            context: dict[str, Any] = {"title": query.question, "name": query.name, "sparql": query.text, "columns": [], "rows": []}
            context["note"] = None
            if answer is None:
                context["note"] = ui["needs"].format(params=", ".join(f"?{n}" for n in needs))
            elif isinstance(answer, KGError):
                context["note"] = ui["failed"].format(error=str(answer))
            else:
                shown = answer.rows[:QUERY_ROWS]
                context["columns"] = answer.columns
                context["rows"] = [[w.term(cell, page) for cell in row] for row in shown]
                n = len(answer.rows)
                context["count"] = ui["rows"].format(n=n) if n == len(shown) else ui["first_rows"].format(shown=len(shown), n=n)
            w._render(state, "query.html", page, "query", **context)
    for lang in LANGS:
        page = _Page("lists/queries.html", lang)
        rows = [{"href": page.href(f"queries/{q.name}.html"), "title": q.question, "quote": q.name} for q in queries]
        w._render(state, "list.html", page, "list", title=SITE_UI[lang]["queries"], rows=rows, pager=None)


# -- named graphs and downloads ------------------------------------------------------------------------------


def write_graph_pages(w: SiteWriter, state: _State) -> None:
    """A page per named graph under the base (`graph/<name>.html`, where `okg serve` and the redirect rules send
    `/graph/<name>`): what it is derived from (the source document's page, the ontology's) and its RDF documents
    (`w.rdf`, the extensions written beside the page by `linked_data.write_descriptions`)."""
    from .linked_data import resource_for

    base = w.kg.project.base
    derived: dict[str, list[str]] = defaultdict(list)
    # Two reads rather than one with an OPTIONAL, which would look up each quad's graph again.
    for (g,) in w.read.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
        if isinstance(g, URIRef) and str(g).startswith(base):
            derived[str(g)] = []
    for g, source in w.read.rows("SELECT DISTINCT ?g ?d WHERE { ?g prov:wasDerivedFrom ?d }"):
        if str(g) in derived and isinstance(source, URIRef):
            derived[str(g)].append(str(source))
    ontology = w.kg.project.graph_iri("ontology")
    for graph in sorted(derived):
        resource = resource_for(graph[len(base) :], w.kg.project)
        if resource is None or resource.kind != "graph":
            continue
        name = resource.path.removeprefix("graph/")  # a graph has no label: its name, which is its IRI's last part
        w.graph_pages.append((resource.path + ".html", name, bool(derived[graph])))
        for d in derived[graph]:
            w.graph_of.setdefault(d, (resource.path + ".html", name))
        for lang in LANGS:
            page = _Page(resource.path + ".html", lang)
            rows = [
                {"href": page.href(w.read.page_path(d) + ".html"), "title": w.kg.label(d, lang), "quote": ""}
                for d in sorted(set(derived[graph]))
                if d in w.document_set
            ]
            if graph == ontology and w.ontology_docs is not None:
                rows.append({"href": page.href("ontology.html"), "title": SITE_UI[lang]["ontology"], "quote": ""})
            rows += [{"href": page.href(resource.path + ext, "en"), "title": f"{name}{ext}", "quote": media} for media, ext in w.rdf]
            title = SITE_UI[lang]["named_graph"].format(name=name)
            w._render(state, "list.html", page, "graph", title=title, rows=rows, pager=None)


def write_downloads(w: SiteWriter, state: _State, catalog: Catalog) -> None:
    """`downloads.html` (and `fr/downloads.html`): every dump with its format, media type, size and SHA-256, the
    licence, and links to the DCAT/VoID catalogue and SHA256SUMS, all in `download/` (`catalog.write_catalog`)."""
    from .catalog import CATALOG_FILES, RIGHTS, SUMS_FILE

    folder = catalog.directory.name
    for lang in LANGS:
        page = _Page("downloads.html", lang)
        ui = SITE_UI[lang]
        dumps = [
            {
                "name": d.name,
                "href": page.href(f"{folder}/{d.name}", "en"),
                "label": d.format.label,
                "media_type": d.format.media_type,
                "bytes": d.byte_size,
                "size": ui["bytes"].format(n=_number(d.byte_size, lang)),
                "sha256": d.sha256,
            }
            for d in catalog.dumps
        ]
        files = [(page.href(f"{folder}/{name}", "en"), name) for name in (*CATALOG_FILES, SUMS_FILE)]
        w._render(
            state,
            "downloads.html",
            page,
            "downloads",
            title=ui["downloads"],
            dumps=dumps,
            files=files,
            license=w.dataset[lang].get("license", ""),
            rights=RIGHTS.get(lang, RIGHTS["en"]),
            triples=_number(catalog.statistics.triples, lang),
        )
