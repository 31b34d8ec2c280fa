"""Read-only SPARQL: parsing (SPARQL Update refused, syntax errors with line, column and token), the project's
prefixes declared for queries that use them, and evaluation with rdflib."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..project import PREFIXES
from .results import Result, canonical_term, triples_result

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import Query

#: The forms of a read-only query, as rdflib's algebra names them.
QUERY_FORMS = ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def decode_query(data: bytes, name: str) -> str:
    """A query file's text: UTF-8 (a byte-order mark is dropped); anything else is a QueryError saying where."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); save the query as UTF-8, "
            "e.g. `iconv -f WINDOWS-1252 -t UTF-8`"
        ) from None


def prepare(text: str, *, source: str = "query") -> Query:
    """Parse read-only SPARQL; SPARQL Update is refused, a syntax error names its line, column and token.

    Parsing (not pattern matching) decides, so a string literal that contains `DROP ALL` stays a string.
    """
    from rdflib.plugins.sparql import prepareQuery

    if not _without_comments_and_strings(text).strip():
        raise QueryError("the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        return prepareQuery(text, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing.ParseException and friends
        if _is_update(text):
            raise QueryError("SPARQL Update is refused: queries here only read (SELECT, ASK, CONSTRUCT, DESCRIBE)") from None
        raise QueryError(f"SPARQL syntax error in {source}: {_parse_error(exc, text)}") from None


def check_read_only(text: str, *, source: str = "query") -> tuple[str, bool]:
    """Parse `text` as read-only SPARQL before it is sent anywhere: its form (one of QUERY_FORMS) and whether it names
    its own dataset (FROM / FROM NAMED). Raises QueryError for an Update or a syntax error."""
    algebra = prepare(text, source=source).algebra
    return str(algebra.name), bool(algebra.get("datasetClause"))


_PREFIX_DECLARATION = re.compile(r"PREFIX\s+([\w-]*):", flags=re.IGNORECASE)
_PREFIX_USE = re.compile(r"(?<![\w<])([A-Za-z][\w-]*):")


@functools.lru_cache(maxsize=256)
def with_prefixes(text: str) -> tuple[str, int]:
    """Declare the project's prefixes (okg:, rdfs:...) that the query uses but does not declare, on one extra first
    line, as rdflib's initNs does for local queries; returns the text and the number of lines added (so positions in
    a store's error message can be mapped back). One pass over the text, cached per text (measured: twelve searches,
    one per prefix, took 0.5 ms, as long as a small query)."""
    declared = {m.lower() for m in _PREFIX_DECLARATION.findall(text)}
    used = set(_PREFIX_USE.findall(text))
    missing = [p for p in PREFIXES if p in used and p not in declared]
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + "\n" + text, 1


def run_sparql(graph: Graph, text: str, *, source: str = "query") -> Result:
    """Run a read-only SPARQL query with rdflib; a syntax error gives the line, column and token."""
    from rdflib import Literal

    prepared = prepare(text, source=source)
    try:
        result = graph.query(prepared)
        if result.type == "ASK":
            return Result(["ask"], [(Literal(bool(result.askAnswer)),)])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return triples_result(result.graph)
        columns = [str(v) for v in (result.vars or [])]
        # rdflib evaluates lazily: its errors come while the rows are read, so they are read inside the try
        return Result(columns, [tuple(canonical_term(v) for v in row) for row in result])  # type: ignore[union-attr]
    except Exception as exc:
        if str(exc).startswith("What do I do with this CompValue?") and "GroupGraphPattern" in str(exc):
            raise QueryError(
                f"rdflib cannot evaluate EXISTS inside a SELECT expression ({source}; its issue #2124): "
                "write BIND (EXISTS { … } AS ?x) in the WHERE clause, or use an Oxigraph store (the default)"
            ) from None
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise QueryError(f"SPARQL evaluation failed in {source}: {first}") from None


def _compvalues(node: object) -> Iterator[CompValue]:
    """Every node of a parsed query's algebra (CompValue reads its fields through an evaluation context: the raw
    values are read with OrderedDict's own accessors)."""
    from collections import OrderedDict

    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(OrderedDict.__getitem__(item, key) for key in OrderedDict.keys(item))
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


#: Expressions whose value is an xsd:boolean (SPARQL 1.1 §17.4): comparisons, logical operators and the tests.
_BOOLEAN_EXPRESSIONS = frozenset(
    {
        "RelationalExpression",
        "ConditionalAndExpression",
        "ConditionalOrExpression",
        "UnaryNot",
        "Builtin_BOUND",
        "Builtin_EXISTS",
        "Builtin_NOTEXISTS",
        "Builtin_isIRI",
        "Builtin_isBLANK",
        "Builtin_isLITERAL",
        "Builtin_isNUMERIC",
        "Builtin_sameTerm",
        "Builtin_REGEX",
        "Builtin_LANGMATCHES",
        "Builtin_CONTAINS",
        "Builtin_STRSTARTS",
        "Builtin_STRENDS",
    }
)


def boolean_columns(text: str) -> frozenset[str]:
    """The columns of a SELECT query whose value is computed as a boolean: `(?a > ?b AS ?x)`, `BIND (BOUND(?y) AS
    ?x)`, `(true AS ?x)`, `(xsd:boolean(…) AS ?x)`. Virtuoso answers all of these as the integers 1 and 0; the
    remote reader turns them back into true and false in these columns only. Raises QueryError as prepare()."""
    from collections import OrderedDict

    from rdflib import Literal
    from rdflib.namespace import XSD
    from rdflib.plugins.sparql.parserutils import CompValue

    def boolean(expr: object) -> bool:
        if isinstance(expr, Literal):
            return expr.datatype == XSD.boolean
        if not isinstance(expr, CompValue):
            return False
        if expr.name == "Function":
            return OrderedDict.get(expr, "iri") == XSD.boolean
        return expr.name in _BOOLEAN_EXPRESSIONS

    return frozenset(
        str(OrderedDict.__getitem__(node, "var"))
        for node in _compvalues(prepare(text).algebra)
        if node.name == "Extend" and boolean(OrderedDict.__getitem__(node, "expr"))
    )


def _parse_error(exc: Exception, text: str) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    if line is None:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    token = source_line[col - 1 :].split()[0] if col and source_line[col - 1 :].split() else "end of input"
    return f"line {line}, column {col}, at {token!r}"


# SPARQL's lexical units as far as okg reads a query's structure (its groups, subqueries, form): what a comment, string
# or IRI holds is never read as syntax, and a keyword is a whole word outside a prefixed name (so `ex:select` is not
# SELECT).
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'\''(?:[^'\\]|\\.|'(?!''))*'\''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$][^\W]\w*)
    |(?P<word>(?<![\w:.-])[A-Za-z]+(?![\w:]))
    |(?P<punct>[{}()*,])""",
    re.VERBOSE,
)


#: (kind, text, start, end): kind is "string", "iri", "var", "word" or "punct"; comments are left out.
Token = tuple[str, str, int, int]


def sparql_tokens(text: str) -> list[Token]:
    """The tokens of a query that okg reads its structure from: keywords, variables, braces, parentheses, commas,
    strings and IRIs as whole units (what they hold is never read as syntax); comments and prefixed names left out."""
    return [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]


_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def _without_comments_and_strings(text: str) -> str:
    """The query with comments left out and every string and IRI emptied, read by the same tokenizer as its structure."""
    parts, at = [], 0
    for match in _TOKEN.finditer(text):
        blank = {"comment": "", "string": '""', "iri": "<>"}.get(match.lastgroup or "")
        if blank is not None:
            parts += [text[at : match.start()], blank]
            at = match.end()
    return "".join(parts) + text[at:]


def column_order(text: str, columns: list[str]) -> list[int] | None:
    """For `SELECT *`, the order of `columns` by first appearance of each variable in the query (rdflib takes them
    from a set, so their order changed with PYTHONHASHSEED); None for queries that name their columns."""
    bare = _without_comments_and_strings(text)
    if not _STAR.search(bare):
        return None
    first: dict[str, int] = {}
    for match in _VARIABLE.finditer(bare):
        first.setdefault(match.group(1), match.start())
    order = sorted(range(len(columns)), key=lambda i: (first.get(columns[i], len(bare)), columns[i]))
    return None if order == list(range(len(columns))) else order


_ENDS_WITH_SLICE = re.compile(r"\b(?:LIMIT|OFFSET)\s+\d+\s*(?:\b(?:LIMIT|OFFSET)\s+\d+\s*)?$", re.IGNORECASE)
_ENDS_WITH_VALUES = re.compile(r"\bVALUES\s*(?:[?$]\w+|\([^()]*\))\s*\{[^{}]*\}\s*$", re.IGNORECASE)
_SELECT_FORM = re.compile(r"^[^{]*\bSELECT\b", re.IGNORECASE)


def paged(text: str, limit: int | None, offset: int = 0) -> str | None:
    """A SELECT query with `LIMIT limit OFFSET offset` appended, so the store hands out only that page (a named
    query ends with its ORDER BY, so pages are stable); None when the text cannot take them (it is not a SELECT, or
    it already ends with LIMIT, OFFSET or a trailing VALUES block): the caller then slices the answer."""
    if limit is None and not offset:
        return text
    bare = _without_comments_and_strings(text).rstrip()
    if not _SELECT_FORM.search(bare) or _ENDS_WITH_SLICE.search(bare) or _ENDS_WITH_VALUES.search(bare):
        return None
    return text.rstrip() + "\n" + (f"LIMIT {limit} " if limit is not None else "") + (f"OFFSET {offset}" if offset else "") + "\n"
