"""The static site (`okg site`): a page for every entity, claim, source document and named query, in English and French.

Layout of the folder written (English at the root, French in ``fr/`` with the same paths; each page links to its
counterpart):

- ``index.html``: counts per class, sources, last build, a search box over labels, aliases and acronyms (the index is
  ``assets/search.js``, a script, so the search works from ``file://``), links to every section, and the schema.org
  ``Dataset`` description as JSON-LD;
- ``id/<kind>/<slug>.html``: an entity (``.page-N.html`` after the first 200 claims; ``.view.html`` its neighbourhood
  drawn by the HTML view of `views`); ``id/claim/<doc>/<claim>.html``: a claim; ``id/document/<doc>.html``: a source
  document with every annotated span highlighted; ``queries/<name>.html``: a named query and its current answer;
  ``lists/``: entities by kind, claims, sources; ``ontology/``: the pyLODE documentation, when the project has it;
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

from ..graph.knowledge import KnowledgeGraph
from ..io import write_tree
from .site_core import MARKER, Progress, Section, SiteError, SiteReport, SiteWriter, _State
from .site_pages import write_claim_pages, write_document_pages, write_entity_pages, write_index, write_lists, write_query_pages

__all__ = ["MARKER", "Progress", "Section", "SiteError", "SiteReport", "default_base_url", "write_site"]


def _write_all(writer: SiteWriter, folder: Path, progress: Progress | None) -> _State:
    state = _State(folder, writer.plan(), progress)
    writer.write_assets(state)
    write_entity_pages(writer, state)
    write_claim_pages(writer, state)
    write_document_pages(writer, state)
    write_query_pages(writer, state)
    write_lists(writer, state)
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
) -> SiteReport:
    """Write the static site of `kg` into the folder `output` (replaced whole; see the module's docstring).

    `base_url` is where the site will be published (the sitemap's URLs; default the dataset's base IRI).
    `progress(done, total, what)` is called after each page. The hook for other outputs, such as the dumps and the
    DCAT/VoID catalogue: `extra(folder)` writes more files into the folder before it is swapped in (same atomic
    step), and `sections` adds their links to every page's navigation and the index (for example
    ``Section("downloads.html", {"en": "Downloads", "fr": "Téléchargements"})``); the site links only to what exists.
    Raises SiteError on a bad base URL, KGError when the folder cannot be written or holds other files.
    """
    base = base_url if base_url is not None else default_base_url(kg)
    if not base.startswith(("http://", "https://")) or any(c in base for c in " \"'<>"):
        raise SiteError(f"base URL {base!r}: give an absolute http(s) URL, such as https://example.org/okg/")
    if not base.endswith("/"):
        base += "/"
    docs = kg.project.root / "ontology" / "docs"
    writer = SiteWriter(kg, base_url=base, sections=sections, ontology_docs=docs if (docs / "index.html").is_file() else None)
    result: dict[str, _State] = {}

    def fill(folder: Path) -> None:
        result["state"] = _write_all(writer, folder, progress)
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
    )
