"""`okg`: click wiring only. Each command parses options, calls one library function and formats its result."""

from __future__ import annotations

import functools
import json
import re
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


store_option = click.option(
    "--store",
    default=None,
    metavar="SPEC",
    envvar="OKG_STORE",
    help="Where the graph lives: memory (default) or oxigraph:PATH (on disk, reopened without parsing). Env: OKG_STORE.",
)

timeout_option = click.option("--timeout", type=float, default=None, metavar="SECONDS", help="Give up on a query after this long.")


def _load(project: Any, store: str | None, timeout: float | None = None) -> Any:
    """The knowledge graph from the chosen store, with a progress bar while a large file loads."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from .api import load

    console = Console(stderr=True)
    with Progress("loading", BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as bar:  # fmt: skip
        task = bar.add_task("load", total=None)
        return load(
            project=project, store=store, timeout=timeout, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )


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
@store_option
@project_option
@handle_errors
def build(check: bool, store: str | None, project_root: str | None) -> None:
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
    if store and store != "memory":
        from .api import load

        kg = load(project=project, store=store, reload=True)
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
    from .validate import validate as run_validate

    project = _project(project_root)
    target: Any = rdf_file
    if store and store != "memory" and rdf_file is None:
        target = _load(project, store).dataset
    report = run_validate(target, project)
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

        grid = [[_cell(v) for v in row] for row in result.rows]
        table = Table(show_lines=False, header_style="bold")
        for index, column in enumerate(result.columns):
            values = [row[index] for row in grid]
            longest = max((len(v) for v in values), default=0)
            numeric = bool(values) and all(re.fullmatch(r"-?[\d.]+", v) or not v for v in values)
            table.add_column(column, justify="right" if numeric else "left", no_wrap=longest <= 24, min_width=min(longest, 12))
        for row in grid:
            table.add_row(*row)
        # Piped output gets a wide table rather than rich's 80-column default.
        console = Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False)
        console.print(table)
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
@lang_option
@format_option
@store_option
@timeout_option
@project_option
@handle_errors
def query(
    name: str | None,
    params: tuple[str, ...],
    list_: bool,
    lang: str | None,
    fmt: str,
    store: str | None,
    timeout: float | None,
    project_root: str | None,
) -> None:
    """Run a named query of queries/ against the built graph.

    \b
    Example:
      okg query sector_figures --param year=2019 --lang fr --format csv
    """
    from .queries import list_queries

    project = _project(project_root)
    if list_ or not name:
        for q in list_queries(project):
            args = " ".join(f"[{p.name}={p.type}]" if p.default is not None else f"{p.name}={p.type}" for p in q.params)
            click.echo(f"{q.name:28} {q.question}" + (f"  ({args})" if args else ""))
        return
    kg = _load(project, store, timeout)
    given = _parse_params(params)
    if lang and "lang" not in given:
        given["lang"] = lang
    _emit(kg.query_result(name, **given), fmt)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@format_option
@store_option
@timeout_option
@project_option
@handle_errors
def sparql(file: Any, fmt: str, store: str | None, timeout: float | None, project_root: str | None) -> None:
    """Run an ad-hoc SPARQL query from FILE (or - for standard input).

    \b
    Example:
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | okg sparql -
    """
    kg = _load(_project(project_root), store, timeout)
    _emit(kg.sparql_result(file.read()), fmt)


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
    click.echo(f"{report['triples']} triples, {report['claims']} claims, {report['documents']} source document(s)")
    click.echo("Instances per class:")
    for cls, count in report["classes"]:
        click.echo(f"  {cls:24} {count}")
    for question, answer in report["answers"]:
        click.echo(f"\nQ: {question}")
        for line in answer:
            click.echo(f"A: {line}")


# --- issue 6: scale -------------------------------------------------------------------


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


# --- Issue 4: graph views (views.py): okg view, okg stats, okg export --format graphml|gexf ---


def _shown_path(path: Path) -> str:
    """A written file's path relative to the current folder when it is inside it, else absolute."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    default=None,
    help="HTML file to write (default: views/ecosystem.html, or views/<entity>.html with --focus, in the project folder).",
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
    """Write an HTML view of the graph that opens offline in a browser.

    Colour and shape per class, size by degree, quotes in the tooltips.

    \b
    Example:
      okg view --focus intelcia --depth 2 -o /tmp/intelcia.html
    """
    from .views import ViewError, write_view

    if depth is not None and focus is None:
        raise ViewError("--depth needs --focus ENTITY")
    kg = _load(_project(project_root), store)
    shown, path = write_view(
        kg, output, focus=focus, depth=2 if depth is None else depth, types=types, with_claims=with_claims, lang=kg.language(lang or "en")
    )
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
    from .views import stats as make_stats
    from .views import stats_text

    kg = _load(_project(project_root), store)
    report = make_stats(kg, top=top, lang=kg.language(lang or "en"), with_claims=with_claims)
    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if fmt == "json" else stats_text(report))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), required=True, help="Network format, for Gephi and Cytoscape.")
@click.option("-o", "--output", type=click.Path(dir_okay=True), default=None, help="File to write (default: standard output).")
@store_option
@project_option
@handle_errors
def export(fmt: str, output: str | None, store: str | None, project_root: str | None) -> None:
    """Export the graph's network of entities and relations (GraphML or GEXF).

    \b
    Example:
      okg export --format gexf -o /tmp/okg.gexf
    """
    from .views import export_network

    data = export_network(_load(_project(project_root), store), fmt, output)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        click.echo(f"wrote {_shown_path(Path(output))}")


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
