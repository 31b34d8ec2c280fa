"""`okg`: click wiring only. Each command parses options, calls one library function and formats its result."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLES_HELP = "\b\nExample:\n  "


def _project(root: str | None) -> Any:
    from .ontology import Project

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
@project_option
@handle_errors
def build(check: bool, project_root: str | None) -> None:
    """Compile ontology and annotated sources into graph/build/ (validated first).

    \b
    Example:
      okg build --check
    """
    from .build import build as run_build

    project = _project(project_root)
    result = run_build(project, check=check)
    if check:
        click.echo(f"graph/build/ is current ({len(result.unchanged)} files)")
        return
    for path in result.written:
        click.echo(f"wrote {path.relative_to(project.root)}")
    if not result.written:
        click.echo(f"graph/build/ already current ({len(result.unchanged)} files)")


@main.command()
@click.argument("rdf_file", required=False, type=click.Path(dir_okay=False))
@project_option
@handle_errors
def validate(rdf_file: str | None, project_root: str | None) -> None:
    """Check the graph against the SHACL shapes and every quote against its text.

    Without RDF_FILE, validates the graph compiled from the sources.
    Exit code 1 when problems are found.

    \b
    Example:
      okg validate graph/build/okg.trig
    """
    from .validate import validate as run_validate

    report = run_validate(rdf_file, _project(project_root))
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


def _cell(value: Any) -> str:
    """A result value as display text: IRIs shortened to prefixed names, numbers with their digits."""
    from rdflib import URIRef

    from .ontology import shorten
    from .queries import python_value

    if value is None:
        return ""
    if isinstance(value, URIRef):
        return shorten(str(value))
    return str(python_value(value))


def _emit(result: Any, fmt: str) -> None:
    from .queries import python_value

    if fmt == "json":
        click.echo(json.dumps(result.records(), ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else python_value(v) for v in row])
    elif fmt == "markdown":
        click.echo("| " + " | ".join(result.columns) + " |")
        click.echo("|" + "---|" * len(result.columns))
        for row in result.rows:
            cells = [_cell(v).replace("|", "\\|").replace("\n", " ") for v in row]
            click.echo("| " + " | ".join(cells) + " |")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*[_cell(v) for v in row])
        Console(soft_wrap=False).print(table)
        click.echo(f"{len(result.rows)} row(s)")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        params[key.strip().lstrip("?")] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their questions.")
@format_option
@project_option
@click.option("--endpoint", metavar="URL", default=None, help="Run on this remote SPARQL 1.1 endpoint instead (see okg push).")
@handle_errors
def query(name: str | None, params: tuple[str, ...], list_: bool, fmt: str, project_root: str | None, endpoint: str | None) -> None:
    """Run a named query of queries/ against the built graph.

    \b
    Example:
      okg query sector_figures --param year=2019 --format csv
    """
    from .api import load
    from .queries import list_queries

    project = _project(project_root)
    if list_ or not name:
        for q in list_queries(project):
            args = " ".join(f"[{p.name}={p.type}]" if p.default is not None else f"{p.name}={p.type}" for p in q.params)
            click.echo(f"{q.name:28} {q.question}" + (f"  ({args})" if args else ""))
        return
    if endpoint:
        from .stores import run_named_remote

        _emit(run_named_remote(endpoint, name, _parse_params(params), project), fmt)
        return
    kg = load(project=project)
    _emit(kg.query(name, **_parse_params(params)), fmt)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@format_option
@project_option
@click.option("--endpoint", metavar="URL", default=None, help="Run on this remote SPARQL 1.1 endpoint instead (see okg push).")
@handle_errors
def sparql(file: Any, fmt: str, project_root: str | None, endpoint: str | None) -> None:
    """Run an ad-hoc SPARQL query from FILE (or - for standard input).

    \b
    Example:
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | okg sparql -
    """
    from .api import load

    if endpoint:
        from .stores import run_remote

        _emit(run_remote(endpoint, file.read(), _project(project_root)), fmt)
        return
    kg = load(project=_project(project_root))
    _emit(kg.sparql(file.read()), fmt)


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
    from .docs import write_docs

    project = _project(project_root)
    for path in write_docs(project, Path(output) if output else None):
        click.echo(f"wrote {path}")


@main.command()
@project_option
@handle_errors
def summary(project_root: str | None) -> None:
    """Print counts per class, the number of claims and three sample answers.

    \b
    Example:
      okg summary
    """
    from .api import load
    from .api import summary as make_summary

    report = make_summary(load(project=_project(project_root)))
    click.echo(f"{report['triples']} triples, {report['claims']} claims, {report['documents']} source document(s)")
    click.echo("Instances per class:")
    for cls, count in report["classes"]:
        click.echo(f"  {cls:24} {count}")
    for question, answer in report["answers"]:
        click.echo(f"\nQ: {question}")
        for line in answer:
            click.echo(f"A: {line}")


# ---------------------------------------------------------------------------------------------------------------
# Linked-data stores (issue 5): export, push, serve; `query` and `sparql` take --endpoint above.
# ---------------------------------------------------------------------------------------------------------------


class _ExportFormatOption(click.Option):
    """--format for export: its help lists stores.EXPORT_FORMATS when shown, so `okg --help` does not import stores."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from .stores import DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS

        self.help = f"Output format: {', '.join(EXPORT_FORMATS)} (default: from the extension of -o, else {DEFAULT_EXPORT_FORMAT})."
        return super().get_help_record(ctx)


@main.command()
@click.option("--format", "fmt", metavar="FORMAT", default=None, cls=_ExportFormatOption)
@click.option("--graph", "graph_name", metavar="NAME", default=None, help="Only this named graph (e.g. reference, or its IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Output file, written atomically (default: stdout).")
@project_option
@handle_errors
def export(fmt: str | None, graph_name: str | None, output: str | None, project_root: str | None) -> None:
    """Write the built graph in an RDF format; named graphs are kept where the format has them.

    Formats without named graphs (ttl, nt, xml) get the union of the graphs, with a warning on stderr.
    JSON-LD is compacted with graph/build/context.jsonld, embedded: nothing is fetched from the web.

    \b
    Example:
      okg export --format jsonld -o okg.jsonld
    """
    from .stores import export as run_export

    target = output if output is not None else sys.stdout.buffer
    result = run_export(None, fmt, target, graph=graph_name, project=_project(project_root))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.path is not None:
        click.echo(f"wrote {result.path} ({result.format.label}, {result.format.media_type}): {result.triples} triples", err=True)


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
@project_option
@handle_errors
def push(endpoint: str, graph_store: str | None, dry_run: bool, project_root: str | None) -> None:
    """Replace each named graph of the built graph in a SPARQL 1.1 store.

    Each graph is uploaded whole to a staging graph (Graph Store Protocol PUT), then moved into place
    (SPARQL MOVE), so a failed push leaves every graph old or new, never half-written. User and password
    come from OKG_STORE_USER and OKG_STORE_PASSWORD (Digest or Basic), never from the command line.

    \b
    Example:
      okg push --endpoint http://127.0.0.1:7878/update --dry-run
    """
    from .stores import push as run_push

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

    report = run_push(endpoint, graph_store, project=_project(project_root), dry_run=dry_run, progress=progress)
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
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (default: read-only).")
@project_option
@handle_errors
def serve(port: int, bind: str, writable: bool, project_root: str | None) -> None:
    """Serve the built graph with an Oxigraph server (SPARQL 1.1, YASGUI in the browser) until Ctrl-C.

    Queries without FROM see the union of the named graphs. Read-only unless --writable.

    \b
    Example:
      okg serve --port 7878
    """
    import signal

    from .stores import start_oxigraph

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # on `kill` too, stop the server and remove its data
    server = start_oxigraph(_project(project_root), port=port, bind=bind, writable=writable)
    mode = "read-write" if writable else "read-only"
    click.echo(f"Oxigraph is serving {server.triples} triples in {len(server.graphs)} named graphs, {mode}, at {server.url}/")
    click.echo(f"  SPARQL query endpoint: {server.query_url}")
    if writable:
        click.echo(f"  update endpoint: {server.update_url}, Graph Store Protocol: {server.store_url}")
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


def cli_reference() -> str:
    """The README's CLI reference, regenerated from --help (a test keeps the README in step)."""
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
