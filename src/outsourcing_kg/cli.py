"""`okg`: click wiring only. Each command parses options, calls one library function and formats its result."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from ._version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from .api import KnowledgeGraph
    from .graph.results import Result
    from .project import Project

# json, re and pathlib are imported where used: `okg --help` imports nothing it does not need.

F = TypeVar("F", bound=Callable[..., Any])


def _project(root: str | None) -> Project:
    from .project import Project

    return Project.default(root)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and the library's exit code; no traceback for user errors."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import KGError

        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            # Writes and loads are atomic, so an interruption leaves every file and store as it was or complete.
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


project_option = click.option(
    "--project",
    "project_root",
    type=click.Path(file_okay=False),
    default=None,
    help="Project folder (default: $OKG_HOME or the nearest folder holding ontology/okg.ttl).",
)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)


store_option = click.option(
    "--store",
    default=None,
    metavar="SPEC",
    envvar="OKG_STORE",
    help="Where the graph lives: memory (default), rdflib, oxigraph:PATH (on disk, reopened without parsing) or "
    "oxigraph-memory:PATH (that store, copied into memory for analysis); see docs/scale.md. Env: OKG_STORE.",
)

limit_option = click.option(
    "--limit", type=click.IntRange(min=0), default=None, metavar="N", help="Print at most N rows (a page; default: all)."
)
offset_option = click.option(
    "--offset", type=click.IntRange(min=0), default=0, metavar="N", help="Skip the first N rows (with --limit: the next page)."
)

timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Give up on a query after this many seconds (more than 0; default: no limit).",
)


def _on_disk(store: str | None) -> bool:
    """Whether a store spec names an Oxigraph store on disk (`oxigraph:PATH`, `oxigraph-memory:PATH`)."""
    from .graph.engines import parse_store

    return parse_store(store).path is not None


def _load(
    project: Project, store: str | None, timeout: float | None = None, *, reload: bool = False, source: str | None = None
) -> KnowledgeGraph:
    """The knowledge graph from the chosen store, with a progress bar while a large file loads into a store on disk."""
    from .api import load
    from .graph.engines import NoStore, parse_store

    if parse_store(store).path is None:  # parsed in memory: no store to report on, and no need to import rich
        return load(source, project=project, store=store, timeout=timeout)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress("loading", BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as bar:  # fmt: skip
        task = bar.add_task("load", total=None)
        try:
            return load(
                source,
                project=project,
                store=store,
                timeout=timeout,
                reload=reload,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except NoStore as exc:
            hint = f"`okg build --store {store}` loads the build into it, `okg load FILE --store {store}` a file"
            raise NoStore(f"{exc.message}: {hint}") from None


lang_option = click.option(
    "--lang",
    default=None,
    metavar="CODE",
    help="Language of labels (fr, en); falls back to English where the graph has none.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okg")
def main() -> None:
    """outsourcing-kg: build, check and query the knowledge graph of the outsourcing ecosystem.

    \b
    Example:
      okg build && okg query organisations
    """


@main.command()
@click.option("--check", is_flag=True, help="Do not write; exit 1 if graph/build/ differs from a fresh build.")
@click.option(
    "--reviewed-only",
    is_flag=True,
    default=None,
    help="Leave out claims no one has reviewed yet (okg review); default: $OKG_REVIEWED_ONLY. Rejected items are always left out.",
)
@store_option
@project_option
@handle_errors
def build(check: bool, reviewed_only: bool | None, store: str | None, project_root: str | None) -> None:
    """Compile ontology and annotated sources into graph/build/ (validated first).

    \b
    Example:
      okg build --check
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .compile.builder import build as run_build

    project = _project(project_root)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as bar:  # fmt: skip
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task({"sources": "compiling sources", "validate": "validating", "serialise": "writing"}[stage])
            bar.update(tasks[stage], completed=done, total=total)

        result = run_build(project, check=check, progress=progress, reviewed_only=reviewed_only)
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    if check:
        click.echo(f"graph/build/ is current ({len(result.unchanged)} files)")
        return
    for path in result.written:
        click.echo(f"wrote {path.relative_to(project.root)}")
    if not result.written:
        click.echo(f"graph/build/ already current ({len(result.unchanged)} files)")
    if _on_disk(store):
        kg = _load(project, store, reload=True)
        click.echo(f"loaded {len(kg)} statements into {kg.store}")


@main.command(name="load")
@click.argument("rdf_file", type=click.Path(dir_okay=False))
@store_option
@project_option
@handle_errors
def load_file(rdf_file: str, store: str | None, project_root: str | None) -> None:
    """Load an RDF file (.nq, .nt, .trig, .ttl, .rdf) into an Oxigraph store, replacing what it held.

    Every other verb then reads it with the same --store, without parsing again. Large files go in bounded pieces,
    with a progress bar; a file that does not parse leaves the store empty and names the line.

    \b
    Example:
      okg synth --triples 1000000 -o /tmp/synth-1m.nq
      okg load /tmp/synth-1m.nq --store oxigraph:/tmp/okg-1m
    """
    from .errors import KGError

    if not _on_disk(store):
        raise KGError("okg load needs --store oxigraph:PATH (or OKG_STORE): the memory store lasts one command")
    kg = _load(_project(project_root), store, source=rdf_file)
    click.echo(f"loaded {len(kg)} statements into {kg.store}")


@main.command()
@click.argument("rdf_file", required=False, type=click.Path(dir_okay=False))
@store_option
@project_option
@handle_errors
def validate(rdf_file: str | None, store: str | None, project_root: str | None) -> None:
    """Check the graph against the SHACL shapes and every quote against its text.

    Without RDF_FILE, validates the graph compiled from the sources (or, with --store, the store's graph).
    Exit code 1 when problems are found.

    \b
    Example:
      okg validate graph/build/okg.trig
    """
    from .api import validate as run_validate

    project = _project(project_root)
    target: Any = rdf_file
    if _on_disk(store) and rdf_file is None:
        target = _load(project, store).dataset
    report = run_validate(target, project)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


def _cell(value: Any) -> str:
    """A result value as display text: IRIs shortened to prefixed names, numbers in plain notation."""
    from .graph.results import is_iri, lexical, plain_text
    from .project import shorten

    if is_iri(value):
        return shorten(lexical(value))
    return plain_text(value)


def _emit(result: Result, fmt: str) -> None:
    from .graph.results import plain_text, records_json

    if fmt == "json":
        click.echo(records_json(result))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.terms:
            writer.writerow([plain_text(v) for v in row])
    elif fmt == "markdown":
        click.echo("| " + " | ".join(result.columns) + " |")
        click.echo("|" + "---|" * len(result.columns))
        for row in result.terms:
            cells = [_cell(v).replace("|", "\\|").replace("\n", " ") for v in row]
            click.echo("| " + " | ".join(cells) + " |")
    else:
        import re

        from rich.console import Console
        from rich.table import Table

        grid = [[_cell(v) for v in row] for row in result.terms]
        table = Table(show_lines=False, header_style="bold")
        for index, column in enumerate(result.columns):
            values = [row[index] for row in grid]
            longest = max((len(v) for v in values), default=0)
            numeric = bool(values) and all(re.fullmatch(r"-?[\d.]+", v) or not v for v in values)
            table.add_column(column, justify="right" if numeric else "left", no_wrap=longest <= 24, min_width=min(longest, 12))
        for cells in grid:
            table.add_row(*cells)
        # Piped output gets a wide table rather than rich's 80-column default.
        console = Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False)
        console.print(table)
        click.echo(f"{len(grid)} row(s)")


def _with_lang(params: dict[str, str], lang: str | None) -> dict[str, str]:
    """--lang fills the `lang` parameter unless --param lang=... gave it."""
    if lang and "lang" not in params:
        params["lang"] = lang
    return params


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            from .errors import brief

            raise click.BadParameter(f"{brief(pair)} is not key=value", param_hint="--param")
        params[key.strip().lstrip("?")] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their questions.")
@lang_option
@format_option
@limit_option
@offset_option
@store_option
@timeout_option
@project_option
@click.option("--endpoint", metavar="URL", default=None, help="Run on this remote SPARQL 1.1 endpoint instead (see okg push).")
@handle_errors
def query(
    name: str | None,
    params: tuple[str, ...],
    list_: bool,
    lang: str | None,
    fmt: str,
    limit: int | None,
    offset: int,
    store: str | None,
    timeout: float | None,
    project_root: str | None,
    endpoint: str | None,
) -> None:
    """Run a named query of queries/ against the built graph.

    \b
    Example:
      okg query sector_figures --param year=2019 --lang fr --format csv
    """
    from .graph.queries import list_queries

    project = _project(project_root)
    if list_ or not name:
        for q in list_queries(project):
            args = " ".join(f"[{p.name}={p.type}]" if p.default is not None else f"{p.name}={p.type}" for p in q.params)
            click.echo(f"{q.name:28} {q.question}" + (f"  ({args})" if args else ""))
        return
    if endpoint:
        from .outputs.remote import run_named_remote

        _emit(run_named_remote(endpoint, name, _with_lang(_parse_params(params), lang), project).page(limit, offset), fmt)
        return
    kg = _load(project, store, timeout)
    _emit(kg.query_result(name, limit=limit, offset=offset, **_with_lang(_parse_params(params), lang)), fmt)


@main.command()
@click.argument("file", type=click.File("rb"))
@format_option
@limit_option
@offset_option
@store_option
@timeout_option
@project_option
@click.option("--endpoint", metavar="URL", default=None, help="Run on this remote SPARQL 1.1 endpoint instead (see okg push).")
@handle_errors
def sparql(
    file: BinaryIO,
    fmt: str,
    limit: int | None,
    offset: int,
    store: str | None,
    timeout: float | None,
    project_root: str | None,
    endpoint: str | None,
) -> None:
    """Run an ad-hoc SPARQL query from FILE (or - for standard input).

    \b
    Example:
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | okg sparql -
    """
    from .graph.sparql import decode_query

    name = getattr(file, "name", "<stdin>")
    text = decode_query(file.read(), "standard input" if name == "<stdin>" else str(name))
    if endpoint:
        from .outputs.remote import run_remote

        _emit(run_remote(endpoint, text, _project(project_root)).page(limit, offset), fmt)
        return
    kg = _load(_project(project_root), store, timeout)
    _emit(kg.sparql_result(text, limit=limit, offset=offset), fmt)


@main.command()
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None, help="Output folder (default: ontology/docs/).")
@project_option
@handle_errors
def docs(output: str | None, project_root: str | None) -> None:
    """Write HTML documentation of the ontology with pyLODE.

    \b
    Example:
      okg docs -o /tmp/okg-docs
    """
    from .outputs.ontology_docs import write_docs

    project = _project(project_root)
    from pathlib import Path

    for path in write_docs(project, Path(output) if output else None):
        click.echo(f"wrote {path}")


@main.command()
@store_option
@project_option
@handle_errors
def summary(store: str | None, project_root: str | None) -> None:
    """Print counts per class, the number of claims and three sample answers.

    \b
    Example:
      okg summary
    """
    from .api import summary as make_summary

    report = make_summary(_load(_project(project_root), store))
    click.echo(f"{report.triples} triples, {report.claims} claims, {report.documents} source document(s)")
    click.echo("Instances per class:")
    for cls, count in report.classes:
        click.echo(f"  {cls:24} {count}")
    for question, answer in report.answers:
        click.echo(f"\nQ: {question}")
        for line in answer:
            click.echo(f"A: {line}")


# --- Scale: synthetic data and Oxigraph stores --------------------------------------------


@main.command()
@click.option("--triples", "-n", type=int, required=True, help="About how many triples to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: the same seed gives the same file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Output file, .nq (named graphs) or .nt.")
@project_option
@handle_errors
def synth(triples: int, seed: int, output: str, project_root: str | None) -> None:
    """Write a deterministic synthetic ecosystem (valid against the shapes) for scale tests and benchmarks.

    \b
    Example:
      okg synth --triples 100000 --seed 1 -o /tmp/synth-100k.nq
    """
    from rich.console import Console
    from rich.progress import Progress

    from .synth import write_synthetic

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=triples < 200_000 or not console.is_terminal) as bar:
        task = bar.add_task("writing", total=triples)
        written = write_synthetic(
            output, triples, seed=seed, project=_project(project_root), progress=lambda n: bar.update(task, completed=n)
        )
    click.echo(f"wrote {written} statements to {output}")


# --- The static site ---------------------------------------------------------------------


@main.command()
@click.option(
    "-o", "--output", type=click.Path(file_okay=False), default="site", show_default=True, help="Folder to write (replaced whole)."
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="Where the site will be published: sitemap, download URLs, redirect rules (default: the dataset's base IRI).",
)
@click.option("--no-downloads", is_flag=True, help="Leave out the dumps, the catalogue and the RDF of each IRI (for huge graphs).")
@store_option
@timeout_option
@project_option
@handle_errors
def site(output: str, base_url: str | None, no_downloads: bool, store: str | None, timeout: float | None, project_root: str | None) -> None:
    """Write the publishable dataset as a static site, in one step.

    A page per entity, claim, source document, named graph and named query, in English and French;
    the dumps in every RDF format with their SHA-256 and the DCAT/VoID catalogue (download/, and a
    downloads page); the RDF of every IRI beside its page; redirect rules for static hosts.
    It opens from file:// or any static host and loads nothing from elsewhere.

    \b
    Example:
      okg site -o site/ && xdg-open site/index.html
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .outputs.site import write_site

    kg = _load(_project(project_root), store, timeout)
    console = Console(stderr=True)
    columns = (TextColumn("{task.description:9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("pages", total=None)
        report = write_site(
            kg,
            output,
            base_url=base_url,
            progress=lambda done, total, what: bar.update(task, completed=done, total=total, description=what),
            downloads=not no_downloads,
        )
    click.echo(
        f"wrote {report.folder}/ ({report.entities} entity, {report.claims} claim, {report.documents} source and "
        f"{report.queries} query pages, in English and French)"
    )
    if report.dumps:
        click.echo(f"  with {report.dumps} dumps and their catalogue in download/, and the RDF of {report.descriptions} IRIs")


# --- Graph views: okg view, okg stats (GraphML/GEXF go through okg export) ---


def _shown_path(path: Path) -> str:
    """A written file's path relative to the current folder when it is inside it, else absolute."""
    from pathlib import Path

    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


# ---------------------------------------------------------------------------------------------------------------
# Linked-data stores: export, push, serve; `query` and `sparql` take --endpoint above.
# ---------------------------------------------------------------------------------------------------------------


class _ExportFormatOption(click.Option):
    """--format for export: its help lists stores.EXPORT_FORMATS when shown, so `okg --help` does not import stores."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from .outputs.export import DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS

        self.help = f"Output format: {', '.join(EXPORT_FORMATS)} (default: from the extension of -o, else {DEFAULT_EXPORT_FORMAT})."
        return super().get_help_record(ctx)


@main.command()
@click.option("--format", "fmt", metavar="FORMAT", default=None, cls=_ExportFormatOption)
@click.option("--graph", "graph_name", metavar="NAME", default=None, help="Only this named graph (e.g. reference, or its IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Output file, written atomically (default: stdout).")
@lang_option
@store_option
@project_option
@handle_errors
def export(
    fmt: str | None, graph_name: str | None, output: str | None, lang: str | None, store: str | None, project_root: str | None
) -> None:
    """Write the built graph in an RDF format (or as a network for Gephi/Cytoscape: graphml, gexf).

    Named graphs are kept where the format has them.

    Formats without named graphs (ttl, nt, xml) get the union of the graphs, with a warning on stderr.
    JSON-LD is compacted with graph/build/context.jsonld, embedded: nothing is fetched from the web.

    \b
    Example:
      okg export --format jsonld -o okg.jsonld
    """
    from .outputs.export import export as run_export

    target = output if output is not None else sys.stdout.buffer
    kg = _load(_project(project_root), store)
    result = run_export(kg, fmt, target, graph=graph_name, lang=kg.language(lang or "en"))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.path is not None:
        size = f"{result.nodes} nodes, {result.edges} edges" if result.format.network else f"{result.triples} triples"
        click.echo(f"wrote {result.path} ({result.format.label}, {result.format.media_type}): {size}", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(), required=True, help="Folder for the dumps and the catalogue (created if missing).")
@click.option("--base", metavar="URL", default=None, help="URL the folder is published at (default: <base IRI>download/).")
@click.option("--sparql-endpoint", metavar="URL", default=None, help="A public SPARQL endpoint serving the graph (void:sparqlEndpoint).")
@click.option("--license", "license_", metavar="URL", default=None, help="Licence of the data (default: CC BY 4.0).")
@click.option("--publisher", default=None, help="Publisher's name (default: outsourcing-kg maintainers).")
@store_option
@project_option
@handle_errors
def catalog(
    output: str,
    base: str | None,
    sparql_endpoint: str | None,
    license_: str | None,
    publisher: str | None,
    store: str | None,
    project_root: str | None,
) -> None:
    """Write the dumps in every RDF format, SHA256SUMS, and the DCAT/VoID catalogue (Turtle and JSON-LD).

    Each dump's size and SHA-256 are in the catalogue; `sha256sum -c SHA256SUMS` checks them.
    The same graph gives the same bytes.

    \b
    Example:
      okg catalog -o site/download --base https://example.org/okg/download/
    """
    from .outputs.catalog import DATA_LICENSE, PUBLISHER, write_catalog

    kg = _load(_project(project_root), store)
    result = write_catalog(
        kg,
        output,
        base=base,
        license=license_ or DATA_LICENSE,
        publisher=publisher or PUBLISHER,
        sparql_endpoint=sparql_endpoint,
    )
    for dump in result.dumps:
        click.echo(f"wrote {_shown_path(dump.path)} ({dump.format.label}, {dump.byte_size:,} bytes, sha256 {dump.sha256[:12]}…)")
    stats = result.statistics
    click.echo(
        f"wrote {_shown_path(result.directory / 'catalog.ttl')}, catalog.jsonld, SHA256SUMS: {stats.triples} triples, "
        f"{stats.entities} entities, {len(stats.classes)} classes, {len(stats.properties)} properties"
    )


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    default=None,
    help="File to write: .html for the interactive view, .svg, .png or .pdf for a static figure "
    "(default: views/ecosystem.html, or views/<entity>.html with --focus, in the project folder).",
)
@click.option(
    "--focus", metavar="ENTITY", default=None, help="Show only the neighbourhood of this entity: id (org/intelcia), slug or label."
)
@click.option(
    "--depth", type=click.IntRange(0, 20), default=None, help="With --focus: hops around the entity, either direction.  [default: 2]"
)
@click.option(
    "--types", "types", multiple=True, metavar="CLASS[,CLASS]", help="Show only nodes of these classes, e.g. company,place (repeatable)."
)
@click.option("--with-claims", is_flag=True, help="Show claims as nodes linking claimant, subject and value.")
@lang_option
@store_option
@project_option
@handle_errors
def view(
    output: str | None,
    focus: str | None,
    depth: int | None,
    types: tuple[str, ...],
    with_claims: bool,
    lang: str | None,
    store: str | None,
    project_root: str | None,
) -> None:
    """Write an HTML view of the graph that opens offline in a browser, or a static figure.

    Colour and shape per class, size by degree, quotes in the tooltips. With -o FILE.svg, .png or .pdf: a figure
    for reports (networkx layout, legend, the source documents in the caption), byte-identical run to run.

    \b
    Example:
      okg view --focus intelcia --depth 2 -o /tmp/intelcia.html
      okg view -o ecosystem.svg
    """
    from .outputs.projection import ViewError
    from .outputs.views import write_output

    if depth is not None and focus is None:
        raise ViewError("--depth needs --focus ENTITY")
    kg = _load(_project(project_root), store)
    shown = write_output(
        kg, output, focus=focus, depth=2 if depth is None else depth, types=types, with_claims=with_claims, lang=kg.language(lang or "en")
    )
    path = shown.path
    for warning in shown.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"wrote {_shown_path(path)} ({shown.nodes} nodes, {shown.edges} edges)")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.option(
    "--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many nodes to list by degree and betweenness."
)
@click.option("--with-claims", is_flag=True, help="Count claims as nodes too.")
@lang_option
@store_option
@project_option
@handle_errors
def stats(fmt: str, top: int, with_claims: bool, lang: str | None, store: str | None, project_root: str | None) -> None:
    """Print counts per class and relation, centrality and connected components.

    \b
    Example:
      okg stats --top 5 --format json
    """
    from .outputs.network import stats as make_stats
    from .outputs.network import stats_text

    kg = _load(_project(project_root), store)
    report = make_stats(kg, top=top, lang=kg.language(lang or "en"), with_claims=with_claims)
    import json

    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if fmt == "json" else stats_text(report))


@main.command()
@click.option(
    "--endpoint", required=True, metavar="URL", help="The store's SPARQL 1.1 Update endpoint (e.g. http://127.0.0.1:7878/update)."
)
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="Its Graph Store Protocol URL (default: known from --endpoint for Oxigraph, Virtuoso, Fuseki, GraphDB).",
)
@click.option("--dry-run", is_flag=True, help="Show the graphs that would be replaced; send nothing.")
@click.option("--skolemize", is_flag=True, help="Give blank nodes shared by several graphs IRIs (else such a push is refused).")
@store_option
@project_option
@handle_errors
def push(endpoint: str, graph_store: str | None, dry_run: bool, skolemize: bool, store: str | None, project_root: str | None) -> None:
    """Replace each named graph of the built graph in a SPARQL 1.1 store.

    Each graph is uploaded whole to a staging graph (Graph Store Protocol PUT), then moved into place
    (SPARQL MOVE), so a failed push leaves every graph old or new, never half-written. User and password
    come from OKG_STORE_USER and OKG_STORE_PASSWORD (Digest or Basic), never from the command line.

    \b
    Example:
      okg push --endpoint http://127.0.0.1:7878/update --dry-run
    """
    from .outputs.remote import push as run_push

    shown: dict[str, int] = {}

    def progress(event: Any) -> None:
        if event.kind == "upload":
            click.echo(f"uploading {event.graph} ({event.message}, {event.total:,} bytes)", err=True)
        elif event.kind == "progress" and event.total >= 1 << 20:
            tenth = event.done * 10 // event.total
            if tenth > shown.get(event.graph, 0):
                shown[event.graph] = tenth
                click.echo(f"  {event.graph}: {tenth * 10}% ({event.done:,} of {event.total:,} bytes)", err=True)
        elif event.kind in ("retry", "cleanup"):
            click.echo(f"  {event.message}", err=True)

    report = run_push(_load(_project(project_root), store), endpoint, graph_store, dry_run=dry_run, progress=progress, skolemize=skolemize)
    if dry_run:
        click.echo(f"dry run: would replace {len(report.graphs)} graph(s) via {report.graph_store} and {report.endpoint}")
        for upload in report.graphs:
            click.echo(f"  {upload.iri}  {upload.triples} triples, {upload.size:,} bytes")
        return
    for iri in report.replaced:
        triples = next(u.triples for u in report.graphs if u.iri == iri)
        click.echo(f"replaced {iri} ({triples} triples)")
    click.echo(f"pushed {len(report.replaced)} graph(s) to {report.endpoint}")


@main.command()
@click.option("--port", type=int, default=7878, show_default=True, help="TCP port.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--site", type=click.Path(), default=None, help="Static site folder to serve too (pages for browsers).")
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (default: read-only).")
@store_option
@project_option
@handle_errors
def serve(port: int, bind: str, site: str | None, writable: bool, store: str | None, project_root: str | None) -> None:
    """Serve the built graph until Ctrl-C: SPARQL 1.1 (Oxigraph, YASGUI) and dereferenceable IRIs.

    /id/<kind>/<slug>, /graph/<name> and /ontology answer 303 See Other to an HTML page or to
    Turtle, JSON-LD, N-Triples, RDF/XML, TriG or N-Quads, by the Accept header (406 if none fits).
    With --site DIR, other paths are that folder's files and HTML pages come from it; without, pages
    are generated. Queries without FROM see the union of the named graphs. Read-only unless --writable.
    With --store oxigraph:PATH, serves that store as it is (no loading; stop other users of it first).

    \b
    Example:
      okg serve --port 7878 --site site/
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:7878/id/org/intelcia
    """
    import signal

    from .outputs.linked_data import start_server

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # on `kill` too, stop the server and remove its data
    from .graph.engines import parse_store

    # oxigraph-memory:PATH serves the store at PATH: the server holds its own copy
    server = start_server(_project(project_root), port=port, bind=bind, site=site, writable=writable, store=parse_store(store).path)
    mode = "read-write" if writable else "read-only"
    click.echo(f"Oxigraph is serving {server.triples} triples in {len(server.graphs)} named graphs, {mode}, at {server.url}/")
    click.echo(f"  SPARQL query endpoint: {server.query_url}")
    if writable:
        click.echo(f"  update endpoint: {server.update_url}, Graph Store Protocol: {server.store_url}")
    click.echo(f"  Linked Data: {server.url}/id/<kind>/<slug>, /graph/<name>, /ontology (HTML or RDF by Accept)")
    click.echo(f"  site: {_shown_path(server.site)}" if server.site is not None else "  no site: HTML pages are generated")
    click.echo("Press Ctrl-C to stop.")
    try:
        code = server.wait()
    except KeyboardInterrupt:
        code = 0
    finally:
        server.stop()
    if code:
        click.echo(f"Error: the Oxigraph server stopped with exit code {code}", err=True)
        sys.exit(2)


# --- Drafting annotations of new articles, and scoring drafts --------------------------------


@main.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Annotation file to write (default: graph/sources/<article>.yaml).",
)
@click.option("--title", default=None, help="The article's title (default: its first line).")
@click.option("--publisher", default=None, help="The publisher's name or alias, if it is a known organisation.")
@click.option("--date", default=None, metavar="YYYY[-MM[-DD]]", help='Publication date; resolves "l\'an dernier", "en février dernier".')
@click.option("--url", default=None, help="The article's address.")
@click.option("--lang", default="fr", show_default=True, help="The article's language (French only).")
@click.option("--force", is_flag=True, help="Replace an existing annotation file (and text file).")
@click.option(
    "--no-gazetteer",
    is_flag=True,
    help="Do not read graph/reference/gazetteer.tsv (the sector's companies, federations and parks): kinds from the text alone.",
)
@project_option
@handle_errors
def extract(
    article: str,
    output: str | None,
    title: str | None,
    publisher: str | None,
    date: str | None,
    url: str | None,
    lang: str,
    force: bool,
    no_gazetteer: bool,
    project_root: str | None,
) -> None:
    """Draft the annotation file of a French article, for a curator to review.

    Uses spaCy's French model and rules (acronyms, posts, figures, dates, rankings, reported speech), and links
    names to the entities already in the graph. Never replaces an existing file without --force.

    \b
    Example:
      okg extract article.txt --date 2021-03 -o graph/sources/my-article.yaml
    """
    from .draft.extract import extract as run_extract

    last = [-1]

    def progress(done: int, total: int) -> None:
        if total >= 100_000:
            percent = done * 100 // total
            if percent // 10 != last[0] // 10 or done == total:
                last[0] = percent
                click.echo(f"extract: {percent}% ({done:,} of {total:,} characters)", err=True)

    from .draft.errors import DraftExists

    project = _project(project_root)
    try:
        result = run_extract(
            article, output, project=project, title=title, publisher=publisher, date=date, url=url, lang=lang, force=force,
            gazetteer=not no_gazetteer, progress=progress,
        )  # fmt: skip
    except DraftExists as exc:
        raise DraftExists(f"{exc.message}: pass --force to replace it", path=exc.path) from None
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    n = result.counts()
    click.echo(
        f"wrote {result.output}: {n['entities']} entities ({n['linked']} already known, {n['new']} new), "
        f"{n['claims']} claims ({n['quantitative']} quantitative, {n['ranking']} ranking, {n['qualitative']} qualitative), "
        f"{n['to_review']} point(s) to review"
    )
    if result.text_written:
        click.echo(f"wrote {result.text_path}: the text the quotes refer to")
    click.echo("next: review the draft, then run `okg build`")


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@project_option
@handle_errors
def evaluate(draft: str, gold: str, fmt: str, project_root: str | None) -> None:
    """Score a draft annotation file against a curated one: precision, recall and F1.

    Rows: entities (and per type), links to existing entities, quantitative claims (subject, value, currency or
    unit, and year all right), ranking claims, qualitative claims.

    \b
    Example:
      okg evaluate /tmp/draft/my-article.yaml graph/sources/my-article.yaml --format json
    """
    from .draft.evaluate import evaluate as run_evaluate

    result = run_evaluate(draft, gold, _project(project_root))
    if fmt == "json":
        import json

        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(result.table())
    for item in result.missed:
        click.echo(f"missed: {item}")
    for item in result.extra:
        click.echo(f"extra: {item}")


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--reviewer", envvar="OKG_REVIEWER", required=True, help="Your name, written with each decision (default: $OKG_REVIEWER).")
@click.option("--port", type=int, default=0, help="TCP port (default: a free one).")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless you choose otherwise).")
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening it in a browser.")
@project_option
@handle_errors
def review(draft: str, reviewer: str, port: int, bind: str, no_browser: bool, project_root: str | None) -> None:
    """Review a draft annotation file in the browser: the article beside its entities and claims.

    Accept, reject or edit each item from the keyboard; each decision is checked with the build's own checks, and
    saving writes the file (comments kept) with each item's review status, reviewer and time. The address printed
    carries a per-session token; stop with Ctrl-C.

    \b
    Example:
      okg review graph/sources/my-article.yaml --reviewer "Salma B." --no-browser
    """
    from .review import ReviewServer, ReviewSession

    session = ReviewSession.open(draft, reviewer=reviewer, project=_project(project_root))
    server = ReviewServer(session, host=bind, port=port)
    server.start()
    click.echo(f"reviewing {session.path.name} ({len(session.items())} items) at {server.url}")
    click.echo("Ctrl-C stops the review (save first: unsaved decisions are lost)")
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        while server.running:
            server.wait(1.0)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    if session.revision != session.saved_revision:
        click.echo(f"stopped with unsaved decisions: {session.path.name} was not changed since the last save", err=True)


def cli_reference() -> str:
    """The CLI reference of docs/cli.md, rendered from every command's --help (`make docs-cli`; a test keeps it current)."""
    parts = []
    width: dict[str, Any] = {"terminal_width": 100, "max_content_width": 100, "help_option_names": ["-h", "--help"]}
    with click.Context(main, info_name="okg", **width) as ctx:
        parts.append("```\n$ okg --help\n" + main.get_help(ctx) + "\n```")
        for name in main.list_commands(ctx):
            command = main.get_command(ctx, name)
            assert command is not None
            with click.Context(command, info_name=name, parent=ctx, **width) as sub:
                parts.append(f"```\n$ okg {name} --help\n" + command.get_help(sub) + "\n```")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":  # pragma: no cover
    main()
