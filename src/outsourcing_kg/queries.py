"""Named SPARQL queries (queries/*.rq): their headers, typed parameters bound as RDF terms, and results as rows.

Parameters are never pasted into query text: each value becomes an RDF term
(IRI or typed literal) and is joined through a VALUES block, so the same
query text runs unchanged in rdflib and on a remote SPARQL endpoint.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryError
from .ontology import PREFIXES, Project

PARAM_TYPES = ("iri", "string", "number", "integer", "year", "lang")
_PARAM_LINE = re.compile(r"^#\s*param\s+\?(\w+)\s*:\s*(\w+)(?:\s*=\s*(\S+))?\s*(?:[-—]+\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass
class NamedQuery:
    """A query file: its name, the question it answers, its parameters and its text."""

    name: str
    path: Path
    text: str
    question: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    example: str = ""


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    """Read the opening comment block: `# question:`, `# param ?x: type [= default] -- text`, `# columns:`, `# example:`."""
    query = NamedQuery(name=name, path=path, text=text)
    in_example = False
    example: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        lower = body.lower()
        if lower.startswith("question:"):
            query.question = body.split(":", 1)[1].strip()
            in_example = False
        elif lower.startswith("param "):
            match = _PARAM_LINE.match(line)
            if not match or match.group(2) not in PARAM_TYPES:
                raise QueryError(
                    f"bad parameter line {body!r}; write `# param ?name: {'|'.join(PARAM_TYPES)} [= default] -- description`",
                    path=path,
                    line=lineno,
                )
            query.params.append(Param(match.group(1), match.group(2), match.group(3), (match.group(4) or "").strip()))
            in_example = False
        elif lower.startswith("columns:"):
            query.columns = [c.strip().lstrip("?") for c in body.split(":", 1)[1].split(",") if c.strip()]
            in_example = False
        elif lower.startswith("example:"):
            in_example = True
        elif in_example:
            example.append(line[1:].rstrip())
    query.example = textwrap.dedent("\n".join(example)).strip("\n")
    if not query.question:
        raise QueryError("the query opens with no `# question:` line; say what it answers", path=path, line=1)
    return query


def list_queries(project: Project | None = None) -> list[NamedQuery]:
    project = project or Project.default()
    out = []
    for path in sorted(project.queries_dir.glob("*.rq")):
        out.append(parse_header(path.stem, path, path.read_text(encoding="utf-8")))
    return out


def get_query(name: str, project: Project | None = None) -> NamedQuery:
    """A named query; an unknown name suggests the closest ones."""
    project = project or Project.default()
    path = project.queries_dir / f"{name}.rq"
    if "/" in name or not path.is_file():
        names = [q.stem for q in sorted(project.queries_dir.glob("*.rq"))]
        near = difflib.get_close_matches(name, names, n=3, cutoff=0.4) or [n for n in names if name.lower() in n][:3]
        hint = f"; did you mean {', '.join(near)}?" if near else "; `okg query --list` shows them all"
        raise QueryError(f"no query named {name!r}{hint}")
    return parse_header(name, path, path.read_text(encoding="utf-8"))


def to_term(param: Param, value: Any, project: Project) -> Node:
    """A parameter value as an RDF term of the declared type; a bad value names the parameter and its type."""
    text = str(value)
    try:
        if param.type == "iri":
            if isinstance(value, URIRef):
                return value
            if re.fullmatch(r"https?://\S+", text):
                return URIRef(text)
            if re.fullmatch(r"[a-z]+(/[a-z0-9]+(-[a-z0-9]+)*)+", text):
                return URIRef(project.thing(text))
            prefix, _, local = text.partition(":")
            if prefix in PREFIXES and re.fullmatch(r"[A-Za-z_][\w-]*", local):
                return URIRef(str(PREFIXES[prefix]) + local)
            raise ValueError
        if param.type == "string":
            return Literal(text)
        if param.type == "lang":
            if not re.fullmatch(r"[a-z]{2,3}", text):
                raise ValueError
            return Literal(text)
        if param.type == "number":
            if isinstance(value, bool):
                raise ValueError
            return Literal(Decimal(text), datatype=XSD.decimal)
        if param.type == "integer":
            return Literal(int(text), datatype=XSD.integer)
        if param.type == "year":
            if not re.fullmatch(r"\d{4}", text):
                raise ValueError
            return Literal(text, datatype=XSD.gYear)
    except (ValueError, InvalidOperation):
        pass
    expected = {
        "iri": "an IRI (https://...), an entity id such as org/intelcia, or a prefixed name such as okg:revenue",
        "string": "a string",
        "lang": "a language code such as fr or en",
        "number": "a number",
        "integer": "a whole number",
        "year": "a four-digit year",
    }[param.type]
    raise QueryError(f"parameter {param.name}: expected {expected}, got {text!r}")


def bind_values(text: str, bindings: dict[str, Node | None]) -> str:
    """Join the bindings through a VALUES block placed first in the query's WHERE group."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join("UNDEF" if term is None else term.n3() for term in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
    match = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if match is None:
        match = re.search(r"\{", _strip_comments(text))
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    return text[: match.end()] + block + text[match.end() :]


def _strip_comments(text: str) -> str:
    return re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group(0)), text)


def resolve_params(query: NamedQuery, given: dict[str, Any], project: Project) -> dict[str, Node | None]:
    known = {p.name: p for p in query.params}
    for name in given:
        if name not in known:
            names = ", ".join(known) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r} (its parameters: {names})")
    bound: dict[str, Node | None] = {}
    for param in query.params:
        if param.name in given and given[param.name] is not None:
            bound[param.name] = to_term(param, given[param.name], project)
        elif param.default is not None:
            bound[param.name] = None if param.default == "UNDEF" else to_term(param, param.default.strip('"'), project)
        else:
            raise QueryError(f"query {query.name!r} needs parameter {param.name} ({param.type}): {param.description}".rstrip(": "))
    return bound


@dataclass
class Result:
    """Column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [{c: python_value(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


_INTEGER_NAMES = ("integer", "int", "long", "short", "byte", "positiveInteger", "nonNegativeInteger",
                  "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")  # fmt: skip
_INTEGER_TYPES = {str(XSD[t]) for t in _INTEGER_NAMES}
_KINDS = {**dict.fromkeys(_INTEGER_TYPES, "integer"), str(XSD.decimal): "real", str(XSD.double): "real", str(XSD.float): "real",
          str(XSD.gYear): "year", str(XSD.boolean): "boolean", str(XSD.date): "date"}  # fmt: skip


def _describe(term: Any) -> tuple[str, str]:
    """(kind, lexical form) of an rdflib or a pyoxigraph term, without converting one into the other."""
    if isinstance(term, URIRef) or type(term).__name__ == "NamedNode":
        return "iri", str(term) if isinstance(term, URIRef) else term.value
    if isinstance(term, Literal):
        return _KINDS.get(str(term.datatype), "text") if term.datatype else "text", str(term)
    datatype = getattr(term, "datatype", None)  # pyoxigraph.Literal
    if datatype is not None:
        return _KINDS.get(datatype.value, "text"), term.value
    return "text", str(getattr(term, "value", term))


def _column(kind_set: set[str], cells: list[tuple[str, str] | None], short: Callable[[str], str] | None) -> Any:
    import pandas as pd

    lexical = [None if c is None else c[1] for c in cells]
    if kind_set and kind_set <= {"integer", "year"}:
        return pd.array([None if v is None else int(v[:4] if len(v) > 4 and v[4:5] in "Z+-" else v) for v in lexical], dtype="Int64")
    if kind_set and kind_set <= {"integer", "real"}:
        numbers = [None if v is None else Decimal(v) for v in lexical]
        if all(n is None or (n.is_finite() and n == n.to_integral_value() and abs(n) < 2**63) for n in numbers):
            return pd.array([None if n is None else int(n) for n in numbers], dtype="Int64")
        return pd.array([None if n is None else float(n) for n in numbers], dtype="Float64")
    if kind_set == {"boolean"}:
        return pd.array([None if v is None else v in ("true", "1") for v in lexical], dtype="boolean")
    if kind_set == {"date"}:
        return pd.to_datetime(pd.Series(lexical, dtype="object"))
    if short is not None:
        lexical = [None if c is None else (short(c[1]) if c[0] == "iri" else c[1]) for c in cells]
    return pd.Series(lexical, dtype="str")


def to_dataframe(result: Result, *, short_iris: bool = False, base: str | None = None) -> Any:
    """A pandas DataFrame with real dtypes: Int64 for integers and years, Float64 for other numbers,
    boolean, datetime64 for xsd:date, str for the rest; IRIs optionally as prefixed names.

    Works from rdflib terms or, for the Oxigraph engine, straight from pyoxigraph's terms (no conversion).
    """
    import pandas as pd

    from .ontology import DEFAULT_BASE, shorten

    native = getattr(result, "native", None)
    rows: Any = native if native is not None else result.rows
    short = (lambda iri: shorten(iri, base or DEFAULT_BASE)) if short_iris else None
    columns: dict[str, Any] = {}
    for index, name in enumerate(result.columns):
        cells = [None if row[index] is None else _describe(row[index]) for row in rows]
        kinds = {c[0] for c in cells if c is not None}
        columns[name] = _column(kinds, cells, short)
    return pd.DataFrame(columns, columns=result.columns)


def python_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear:
            return int(str(term))
        value = term.toPython()
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def prepare(text: str, *, source: str = "query") -> Any:
    """Parse read-only SPARQL; SPARQL Update is refused, a syntax error names its line, column and token.

    Parsing (not pattern matching) decides, so a string literal that contains `DROP ALL` stays a string.
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing.ParseException and friends
        if _is_update(text):
            raise QueryError(
                "SPARQL Update is refused: `okg query` and `okg sparql` only read (SELECT, ASK, CONSTRUCT, DESCRIBE)"
            ) from None
        raise QueryError(f"SPARQL syntax error in {source}: {_parse_error(exc, text)}") from None


def check_read_only(text: str) -> None:
    """Raise QueryError unless `text` is a read-only SPARQL query (before sending it anywhere)."""
    prepare(text)


def run_sparql(graph: Graph, text: str, *, source: str = "query") -> Result:
    """Run a read-only SPARQL query with rdflib; a syntax error gives the line, column and token."""
    prepared = prepare(text, source=source)
    try:
        result = graph.query(prepared)
    except Exception as exc:
        raise QueryError(f"SPARQL evaluation failed in {source}: {exc}") from None
    if result.type == "ASK":
        return Result(["ask"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return triples_result(result.graph)
    columns = [str(v) for v in (result.vars or [])]
    return Result(columns, [tuple(canonical_term(v) for v in row) for row in result])  # type: ignore[union-attr]


def triples_result(triples: Any) -> Result:
    """CONSTRUCT/DESCRIBE answers as sorted subject, predicate, object rows (in canonical form)."""
    rows = sorted({tuple(canonical_term(t) for t in triple) for triple in triples}, key=lambda t: tuple(x.n3() for x in t))  # type: ignore[union-attr]
    return Result(["subject", "predicate", "object"], rows)


def canonical_term(term: Node | None) -> Node | None:
    """One form per value, whatever answered the query, so rows compare equal across rdflib, Oxigraph and Virtuoso.

    Stores rewrite literals as they load them: Oxigraph returns xsd:nonNegativeInteger as xsd:integer and the
    decimal "120000.0" as "120000"; Virtuoso returns booleans as 1/0, integers above 2**31 as xsd:decimal, and tags
    some strings xsd:string. So results (local ones too) carry whole numbers as xsd:integer (as the build writes
    them, see build.number_literal), other decimals in canonical form, booleans as true/false, and strings without
    the redundant xsd:string datatype.
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    text, datatype = str(term).strip(), term.datatype
    try:
        if datatype == XSD.string:
            return Literal(str(term))
        if str(datatype) in _INTEGER_TYPES:
            return Literal(str(int(text)), datatype=XSD.integer)
        if datatype == XSD.decimal:
            number = Decimal(text)
            if number.is_finite():
                if number == number.to_integral_value():
                    # Virtuoso answers integers above 2**31 as xsd:decimal; same value, one form.
                    return Literal(str(int(number)), datatype=XSD.integer)
                return Literal(format(number.normalize(), "f"), datatype=XSD.decimal)
        if datatype == XSD.boolean and text in ("true", "false", "1", "0"):
            return Literal("true" if text in ("true", "1") else "false", datatype=XSD.boolean)
    except (ValueError, InvalidOperation):
        pass
    return term


def _parse_error(exc: Exception, text: str) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    if line is None:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    token = source_line[col - 1 :].split()[0] if col and source_line[col - 1 :].split() else "end of input"
    return f"line {line}, column {col}, at {token!r}"


def named_text(name: str, params: dict[str, Any] | None = None, project: Project | None = None) -> tuple[str, str]:
    """The text of a named query with its parameters bound, and where it came from (for error messages)."""
    project = project or Project.default()
    query = get_query(name, project)
    bound = resolve_params(query, params or {}, project)
    return bind_values(query.text, bound), f"queries/{name}.rq"


def run_named(graph: Graph, name: str, params: dict[str, Any] | None = None, project: Project | None = None) -> Result:
    """Run a query of queries/ with its parameters bound as RDF terms (rdflib)."""
    text, source = named_text(name, params, project)
    return run_sparql(graph, text, source=source)
