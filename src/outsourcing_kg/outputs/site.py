"""The static site (`okg site`): a page for every entity, claim, source document and named query, in English and French.

Layout of the folder written (English at the root, French in ``fr/`` with the same paths; each page links to its
counterpart):

- ``index.html``: counts per class, sources, last build, a search box over labels, aliases and acronyms (the index is
  ``assets/search.js``, a script, so the search works from ``file://``), links to every section, and the schema.org
  ``Dataset`` description as JSON-LD;
- ``downloads.html``: the dumps in every RDF format with their media type, size and SHA-256, the licence, and the
  DCAT/VoID catalogue, all in ``download/`` (`catalog.write_catalog`, published at ``<base URL>download/``);
- ``id/<kind>/<slug>.html``: an entity (``.page-N.html`` after the first 200 claims; ``.view.html`` its neighbourhood
  drawn by the HTML view of `views`); ``id/claim/<doc>/<claim>.html``: a claim; ``id/document/<doc>.html``: a source
  document with every annotated span highlighted; ``queries/<name>.html``: a named query and its current answer;
  ``graph/<name>.html``: a named graph; ``lists/``: entities by kind, claims, sources; ``ontology.html``: the pyLODE
  documentation, when the project has it;
- for machines, beside each page of an IRI: its RDF description (``id/org/intelcia.ttl``, ``.jsonld``, ``.nt``,
  ``.rdf``; `linked_data.write_descriptions`), and the redirect rules that make the IRIs dereferenceable on a static
  host (``.htaccess``, ``_redirects``, ``_headers``; `linked_data.write_redirects`). Every page is at the path of
  its IRI plus ``.html``, the document `okg serve` answers a browser with (`linked_data.default_page`);
- ``sitemap.xml`` (a sitemap index above 50,000 pages), and ``.okg-site``, the marker that lets a later run
  replace the folder.

Every text from the graph reaches a page through Jinja2 with autoescaping, or through `markupsafe.escape` for the
highlighted source text; JSON in a page is escaped so that no ``</script>`` can end its element; pages load nothing
from outside the site (a Content-Security-Policy says so). Pages are sorted and hold no timestamp, so the same graph
gives the same bytes. The folder is written beside the target and swapped in whole (`io.write_tree`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..graph.knowledge import KnowledgeGraph
from ..io import write_tree
from .site_core import LANGS, MARKER, Progress, Section, SiteError, SiteReport, SiteWriter, _State
from .site_pages import (
    write_claim_pages,
    write_document_pages,
    write_downloads,
    write_entity_pages,
    write_graph_pages,
    write_index,
    write_lists,
    write_query_pages,
)
from .site_text import SITE_UI

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["DOWNLOADS", "MARKER", "Progress", "Section", "SiteError", "SiteReport", "default_base_url", "write_site"]

#: The downloads page, in every page's navigation and the index's sections when the site has its downloads.
DOWNLOADS = Section("downloads.html", {lang: SITE_UI[lang]["downloads"] for lang in LANGS}, localised=True)
#: The folder of the dumps and the catalogue inside the site.
DOWNLOAD_FOLDER = "download"


def _write_all(writer: SiteWriter, folder: Path, progress: Progress | None, catalog: Catalog | None) -> _State:
    state = _State(folder, writer.plan(), progress)
    writer.write_assets(state)
    write_entity_pages(writer, state)
    write_claim_pages(writer, state)
    write_graph_pages(writer, state)
    write_document_pages(writer, state)
    write_query_pages(writer, state)
    write_lists(writer, state)
    if catalog is not None:
        write_downloads(writer, state, catalog)
    write_index(writer, state)
    writer.write_search(state)
    writer.write_ontology(state)
    writer.write_sitemap(state)
    writer._emit(state, MARKER, b"written by okg site; the folder is replaced whole by the next run\n")
    return state


def default_base_url(kg: KnowledgeGraph) -> str:
    """Where the site is published by default: the dataset's base (https://w3id.org/okg/)."""
    return kg.project.base


def write_site(
    kg: KnowledgeGraph,
    output: str | Path,
    *,
    base_url: str | None = None,
    progress: Progress | None = None,
    sections: Sequence[Section] = (),
    extra: Callable[[Path], None] | None = None,
    downloads: bool = True,
) -> SiteReport:
    """Write the static site of `kg` into the folder `output` (replaced whole; see the module's docstring): the
    pages, and with `downloads` (the default) the whole publishable dataset in the same atomic step: the dumps, their
    SHA-256 and the DCAT/VoID catalogue in ``download/`` (`catalog.write_catalog`, published at
    ``<base_url>download/``, its landing page `base_url`), the downloads page, and the RDF description of every IRI.
    The redirect rules are always written; without `downloads` they send every IRI to its page (for a graph too
    large to dump beside its site: its RDF is then the store's, through `okg serve`).

    `base_url` is where the site will be published (the sitemap's URLs, the catalogue's download URLs, the redirect
    rules' paths; default the dataset's base IRI). `progress(done, total, what)` is called after each page and each
    resource's RDF description. The hook for other outputs: `extra(folder)` writes more files into the folder before
    it is swapped in (same atomic step), and `sections` adds their links to every page's navigation and the index;
    the site links only to what exists. The index's schema.org Dataset is `catalog.schema_org_dataset` of the
    catalogue (of the description without dumps when there are none).
    Raises SiteError on a bad base URL, KGError when the folder cannot be written or holds other files,
    ValidationFailed when the catalogue breaks its shapes.
    """
    base = base_url if base_url is not None else default_base_url(kg)
    if not base.startswith(("http://", "https://")) or any(c in base for c in " \"'<>"):
        raise SiteError(f"base URL {base!r}: give an absolute http(s) URL, such as https://example.org/okg/")
    if not base.endswith("/"):
        base += "/"
    from .catalog import describe_dataset, schema_org_dataset, write_catalog
    from .export import EXPORT_FORMATS
    from .linked_data import STATIC_FORMATS, write_descriptions, write_redirects

    docs = kg.project.root / "ontology" / "docs"
    shown = [*sections, DOWNLOADS] if downloads else list(sections)
    writer = SiteWriter(kg, base_url=base, sections=shown, ontology_docs=docs if (docs / "index.html").is_file() else None)
    result: dict[str, _State] = {}
    written = {"dumps": 0, "descriptions": 0}
    rdf = STATIC_FORMATS if downloads else ()

    def fill(folder: Path) -> None:
        catalog = None
        if downloads:
            catalog = write_catalog(kg, folder / DOWNLOAD_FOLDER, base=base + DOWNLOAD_FOLDER + "/", landing_page=base)
        description = catalog.description if catalog is not None else describe_dataset(kg, [], landing_page=base)
        writer.dataset = {lang: schema_org_dataset(description, lang=lang) for lang in LANGS}
        writer.rdf = [(EXPORT_FORMATS[f].media_type, EXPORT_FORMATS[f].extension) for f in rdf]
        state = _write_all(writer, folder, progress, catalog)
        result["state"] = state
        if downloads:
            pages = state.rendered

            def described(done: int, total: int) -> None:
                if progress is not None:
                    progress(pages + done, pages + total, "description")

            descriptions = write_descriptions(kg, folder, formats=rdf, progress=described)
            state.files += len(descriptions) + (len(catalog.files) if catalog is not None else 0)
            written["descriptions"] = len(descriptions) // max(1, len(rdf))
            written["dumps"] = len(catalog.dumps) if catalog is not None else 0
        shipped = f"{DOWNLOAD_FOLDER}/catalog" if downloads else None  # without downloads, no catalogue to redirect to
        state.files += len(write_redirects(folder, urlsplit(base).path, formats=rdf, catalog=shipped))
        if extra is not None:
            extra(folder)

    folder = write_tree(Path(output), fill, marker=MARKER)
    state = result["state"]
    return SiteReport(
        folder=folder,
        pages=len(state.pages),
        entities=state.counts.get("entity", 0),
        claims=state.counts.get("claim", 0),
        documents=state.counts.get("document", 0),
        queries=state.counts.get("query", 0),
        files=state.files,
        dumps=written["dumps"],
        descriptions=written["descriptions"],
    )
