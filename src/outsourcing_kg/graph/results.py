"""Query answers: rows of RDF terms (`Result`), one canonical form per value across stores, and typed DataFrames."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..project import DEFAULT_BASE, shorten

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Result:
    """Column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]

    def reordered(self, order: list[int]) -> Result:
        """The same answer with its columns in `order` (indexes into `columns`)."""
        return Result([self.columns[i] for i in order], [tuple(row[i] for i in order) for row in self.rows])

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
        whole = [None if v is None else int(v[:4] if len(v) > 4 and v[4:5] in "Z+-" else v) for v in lexical]
        return _whole_numbers(whole)
    if kind_set and kind_set <= {"integer", "real"}:
        numbers = [None if v is None else Decimal(v) for v in lexical]
        if all(n is None or (n.is_finite() and n == n.to_integral_value()) for n in numbers):
            return _whole_numbers([None if n is None else int(n) for n in numbers])
        return pd.array([None if n is None else float(n) for n in numbers], dtype="Float64")
    if kind_set == {"boolean"}:
        return pd.array([None if v is None else v in ("true", "1") for v in lexical], dtype="boolean")
    if kind_set == {"date"}:
        return pd.to_datetime(pd.Series(lexical, dtype="object"))
    if short is not None:
        lexical = [None if c is None else (short(c[1]) if c[0] == "iri" else c[1]) for c in cells]
    return pd.Series(lexical, dtype="str")


def _whole_numbers(values: list[int | None]) -> Any:
    """Int64, or, when a value does not fit in 64 bits, an object column of Python ints (exact, not rounded)."""
    import pandas as pd

    if all(v is None or -(2**63) <= v < 2**63 for v in values):
        return pd.array(values, dtype="Int64")
    return pd.Series(values, dtype="object")


def to_dataframe(result: Result, *, short_iris: bool = False, base: str | None = None) -> pd.DataFrame:
    """A pandas DataFrame with real dtypes: Int64 for integers and years (an object column of Python ints when a value
    does not fit in 64 bits), Float64 for other numbers, boolean, datetime64 for xsd:date, str for the rest; IRIs
    optionally as prefixed names.

    Works from rdflib terms or, for the Oxigraph engine, straight from pyoxigraph's terms (no conversion).
    """
    import pandas as pd

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


def plain_text(term: Node | None) -> str:
    """A value as text in plain notation: exact decimals without exponents ("0.0000001", not "1E-7"), booleans as
    true/false, IRIs and other literals as they are; "" for an unbound value (CSV cells, table cells)."""
    value = python_value(term)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def records_json(result: Result) -> str:
    """The rows as a JSON array of objects: integers and decimals as exact JSON numbers in plain notation, booleans
    as JSON booleans, unbound values as null, everything else as strings."""
    import json
    import secrets

    # json has no exact decimal type: each decimal goes in as a marked string, and the marks come off afterwards.
    mark = f"okg-number-{secrets.token_hex(8)}:"

    def cell(term: Node | None) -> object:
        value = python_value(term)
        if value is None or isinstance(value, (bool, int)):
            return value
        if isinstance(value, Decimal):
            return mark + format(value, "f")
        if isinstance(value, float) and value == value and abs(value) != float("inf"):
            return mark + repr(value)
        return str(value)

    rows = [{c: cell(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    return re.sub(rf'"{re.escape(mark)}([-0-9.eE+]+)"', r"\1", text)


def triples_result(triples: Iterable[tuple[Node, Node, Node]]) -> Result:
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
