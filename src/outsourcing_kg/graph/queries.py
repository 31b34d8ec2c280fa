"""Named SPARQL queries (queries/*.rq): their headers, typed parameters bound as RDF terms, and results as rows.

Parameters are never pasted into query text: each value becomes an RDF term
(IRI or typed literal, checked and escaped) and is joined through a VALUES block, so the same
query text runs unchanged in rdflib, in Oxigraph and on a remote SPARQL endpoint.
Terms are written here without rdflib, whose import a query on the Oxigraph engine does not need.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from ..errors import QueryError, brief
from ..names import suggest
from ..project import PREFIXES, Project
from .sparql import Token, sparql_tokens

if TYPE_CHECKING:
    from rdflib import Literal, URIRef

#: What a parameter value may be: text as typed on the command line, a number, or an RDF term.
QueryParam: TypeAlias = "str | int | float | Decimal | URIRef | Literal | None"
#: Turns an entity reference (id, label, prefixed name) into the IRI of an entity that exists, or raises a KGError.
Resolver = Callable[[str], str]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Characters an IRI reference may not hold (SPARQL's IRIREF), so that a value can never close the IRI early.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_term(iri: str) -> str:
    """An IRI as a SPARQL term, `<...>`; ValueError if it holds a character an IRI may not."""
    if not iri or _NOT_IN_IRI.search(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def literal_term(text: str, datatype: str | None = None) -> str:
    """A literal as a SPARQL term, its text escaped (quote, backslash, line breaks), with an optional datatype IRI."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"^^{iri_term(datatype)}" if datatype else "")


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
    path = project.queries_dir / f"{name[:100]}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", name) or not path.is_file():
        names = [q.stem for q in sorted(project.queries_dir.glob("*.rq"))]
        near = suggest(name, names) or [n for n in names if name.lower() in n][:3]
        hint = f"; did you mean {', '.join(near)}?" if near else f"; the named queries are: {', '.join(names)}"
        raise QueryError(f"no query named {brief(name)}{hint}")
    return parse_header(name, path, path.read_text(encoding="utf-8"))


def to_term(param: Param, value: QueryParam, project: Project, resolve: Resolver | None = None) -> str:
    """A parameter value as an RDF term of the declared type, in SPARQL syntax (`<iri>`, `"2019"^^<...#gYear>`);
    a bad value names the parameter and its type.

    With `resolve` (a graph's entity index), an IRI parameter may also be a label, and an id that names nothing
    in the graph is refused with the closest ids instead of giving an empty answer.
    """
    text = str(value)
    try:
        if param.type == "iri":
            if type(value).__name__ == "URIRef":  # an rdflib IRI, given as it is
                return iri_term(text)
            if resolve is not None:
                return iri_term(resolve(text))
            if re.fullmatch(r"https?://\S+", text):
                return iri_term(text)
            if re.fullmatch(r"[a-z]+(/[a-z0-9]+(-[a-z0-9]+)*)+", text):
                return iri_term(project.thing(text))
            prefix, _, local = text.partition(":")
            if prefix in PREFIXES and re.fullmatch(r"[A-Za-z_][\w-]*", local):
                return iri_term(PREFIXES[prefix] + local)
            raise ValueError
        if param.type == "string":
            return literal_term(text)
        if param.type == "lang":
            if not re.fullmatch(r"[a-z]{2,3}", text):
                raise ValueError
            return literal_term(text)
        if param.type == "number":
            if isinstance(value, bool):
                raise ValueError
            number = Decimal(text)
            if not number.is_finite():
                raise ValueError
            return literal_term(format(number, "f"), _XSD + "decimal")
        if param.type == "integer":
            return literal_term(str(int(text)), _XSD + "integer")
        if param.type == "year":
            if not re.fullmatch(r"\d{4}", text):
                raise ValueError
            return literal_term(text, _XSD + "gYear")
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
    raise QueryError(f"parameter {param.name}: expected {expected}, got {brief(text)}")


def bind_values(text: str, bindings: Mapping[str, str | None]) -> str:
    """Join the bindings through a VALUES block placed first in the query's WHERE group, and repeated in each subquery
    that projects a bound parameter (see `_subqueries_to_restrict`).

    `bindings` maps a variable name (no `?`) to an RDF term in SPARQL syntax, or None for UNDEF. QueryError if the
    query has no group to bind into.
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join("UNDEF" if term is None else term for term in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
    tokens = sparql_tokens(text)
    top = _where_group(tokens)
    if top is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    inserts = [(top, block)]
    bound = {name: term for name, term in bindings.items() if term is not None}
    for position, restricted in _subqueries_to_restrict(tokens, set(bound)):
        if position != top:
            inner_names = " ".join(f"?{name}" for name in restricted)
            inner_row = " ".join(bound[name] for name in restricted)
            inserts.append((position, f" VALUES ({inner_names}) {{ ({inner_row}) }} "))
    for position, insert in sorted(inserts, reverse=True):
        text = text[:position] + insert + text[position:]
    return text


def _where_group(tokens: list[Token]) -> int | None:
    """Where the query's own WHERE group opens (the offset after its brace): the group after the keyword WHERE outside
    every brace, else (`SELECT ?x { ... }`) the first group outside every brace; None if there is none. Read from
    tokens, so that "WHERE {" in a comment or a string, or a subquery's WHERE, is never taken for it."""
    depth, first = 0, None
    for index, (_kind, value, _start, end) in enumerate(tokens):
        if value == "{":
            if depth == 0:
                if index and tokens[index - 1][0] == "word" and tokens[index - 1][1].upper() == "WHERE":
                    return end
                first = end if first is None else first
            depth += 1
        elif value == "}":
            depth -= 1
    return first


def _subqueries_to_restrict(tokens: list[Token], params: set[str]) -> list[tuple[int, list[str]]]:
    """Where a subquery's WHERE group opens (an offset into the query's text), and the bound parameters to repeat there.

    A SPARQL subquery is evaluated on its own, so the VALUES block at the top of the query does not restrict it: a
    subquery that computes a table for every claimant computes it in full even when one claimant is asked for
    (measured: `claims_by_claimant` for one person at 1M triples, 0.14 s in memory with the table in full, 0.02 s
    restricted). Repeating the binding inside gives the same rows: the top-level VALUES is joined with everything in
    the query, so a subquery's rows with another value never reach the answer. That holds only where the subquery
    projects the parameter's own variable, as a plain variable, through every enclosing subquery; so a subquery is
    left as it is when it projects `*` or computes the variable (`AS ?v`, also inside it), or has LIMIT or OFFSET
    (which choose rows before the join).
    """
    out: list[tuple[int, list[str]]] = []
    # Each open brace: the parameters visible in it (None outside every subquery: all of them).
    stack: list[set[str] | None] = []
    # Each subquery's group on the stack: its depth, the index of its opening brace, the parameters it may take.
    open_subqueries: list[tuple[int, int, set[str]]] = []
    index = 0
    while index < len(tokens):
        kind, value, _start, end = tokens[index]
        if kind == "word" and value.upper() == "SELECT" and stack:
            visible = params if stack[-1] is None else stack[-1]
            plain: set[str] = set()
            computed: set[str] = set()
            star, depth, after_as = False, 0, False
            index += 1
            while index < len(tokens):
                kind, value, _start, end = tokens[index]
                if value == "{" or (kind == "word" and value.upper() == "WHERE"):
                    break
                if value == "(":
                    depth += 1
                elif value == ")":
                    depth -= 1
                elif value == "*" and depth == 0:
                    star = True
                elif kind == "var" and after_as:
                    computed.add(value[1:])
                elif kind == "var" and depth == 0:
                    plain.add(value[1:])
                after_as = kind == "word" and value.upper() == "AS"
                index += 1
            while index < len(tokens) and tokens[index][1] != "{":
                index += 1
            if index == len(tokens):
                break
            takes = set() if star else (visible & plain) - computed
            stack.append(takes)
            open_subqueries.append((len(stack), index, takes))
        elif value == "{":
            stack.append(stack[-1] if stack else None)
        elif value == "}":
            if open_subqueries and open_subqueries[-1][0] == len(stack):
                _depth, opened, takes = open_subqueries.pop()
                position, group = tokens[opened][3], tokens[opened : index + 1]
                computed_inside = {
                    after[1][1:] for t, after in pairwise(group) if t[0] == "word" and t[1].upper() == "AS" and after[0] == "var"
                }
                modifiers = _solution_modifiers(tokens, index + 1)
                takes = set() if modifiers & {"LIMIT", "OFFSET"} else takes - computed_inside
                # Subqueries inside this one, recorded before its end was read, take only what this one takes.
                out[:] = [(p, names if not position <= p < end else [n for n in names if n in takes]) for p, names in out]
                out[:] = [(p, names) for p, names in out if names]
                if takes:
                    out.append((position, sorted(takes)))
            if stack:
                stack.pop()
        index += 1
    return sorted(out)


def _solution_modifiers(tokens: list[Token], index: int) -> set[str]:
    """The keywords after a subquery's group up to the brace that closes the subquery (GROUP BY, ORDER BY, LIMIT ...)."""
    words: set[str] = set()
    depth = 0
    while index < len(tokens):
        kind, value, _start, _end = tokens[index]
        if value == "{":
            depth += 1
        elif value == "}":
            if depth == 0:
                break
            depth -= 1
        elif kind == "word" and depth == 0:
            words.add(value.upper())
        index += 1
    return words


def resolve_params(
    query: NamedQuery, given: Mapping[str, QueryParam], project: Project, resolve: Resolver | None = None
) -> dict[str, str | None]:
    """Every parameter of `query` as an RDF term in SPARQL syntax (None for UNDEF): given values, else defaults; unknown or missing
    parameters are a QueryError naming them."""
    known = {p.name: p for p in query.params}
    for name in given:
        if name not in known:
            names = ", ".join(known) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {brief(name)} (its parameters: {names})")
    bound: dict[str, str | None] = {}
    for param in query.params:
        if param.name in given and given[param.name] is not None:
            bound[param.name] = to_term(param, given[param.name], project, resolve)
        elif param.default is not None:
            bound[param.name] = None if param.default == "UNDEF" else to_term(param, param.default.strip('"'), project)
        else:
            raise QueryError(f"query {query.name!r} needs parameter {param.name} ({param.type}): {param.description}".rstrip(": "))
    return bound


def named_text(
    name: str, params: Mapping[str, QueryParam] | None = None, project: Project | None = None, resolve: Resolver | None = None
) -> tuple[str, str]:
    """The text of a named query with its parameters bound, and where it came from (for error messages)."""
    project = project or Project.default()
    query = get_query(name, project)
    bound = resolve_params(query, params or {}, project, resolve)
    return bind_values(query.text, bound), f"queries/{name}.rq"
