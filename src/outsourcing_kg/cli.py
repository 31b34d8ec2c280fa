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
@handle_errors
def query(name: str | None, params: tuple[str, ...], list_: bool, fmt: str, project_root: str | None) -> None:
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
    kg = load(project=project)
    _emit(kg.query(name, **_parse_params(params)), fmt)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@format_option
@project_option
@handle_errors
def sparql(file: Any, fmt: str, project_root: str | None) -> None:
    """Run an ad-hoc SPARQL query from FILE (or - for standard input).

    \b
    Example:
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | okg sparql -
    """
    from .api import load

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


# --- issue 7: drafting annotations of new articles, and scoring drafts --------------------------------


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
    project_root: str | None,
) -> None:
    """Draft the annotation file of a French article, for a curator to review.

    Uses spaCy's French model and rules (acronyms, posts, figures, dates, rankings, reported speech), and links
    names to the entities already in the graph. Never replaces an existing file without --force.

    \b
    Example:
      okg extract article.txt --date 2021-03 -o graph/sources/my-article.yaml
    """
    from .extract import extract as run_extract

    last = [-1]

    def progress(done: int, total: int) -> None:
        if total >= 100_000:
            percent = done * 100 // total
            if percent // 10 != last[0] // 10 or done == total:
                last[0] = percent
                click.echo(f"extract: {percent}% ({done:,} of {total:,} characters)", err=True)

    project = _project(project_root)
    result = run_extract(
        article, output, project=project, title=title, publisher=publisher, date=date, url=url, lang=lang, force=force,
        progress=progress,
    )  # fmt: skip
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
    from .evaluate import evaluate as run_evaluate

    result = run_evaluate(draft, gold, _project(project_root))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(result.table())
    for item in result.missed:
        click.echo(f"missed: {item}")
    for item in result.extra:
        click.echo(f"extra: {item}")


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
