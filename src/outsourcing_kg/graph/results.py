"""Query answers: rows of RDF terms (`Result`), one canonical form per value across stores, and typed DataFrames.

Terms are rdflib's or, from the Oxigraph engine, pyoxigraph's. Reading a value (`python_value`, `plain_text`,
`records_json`) works on both without converting one into the other, and without importing rdflib for the common
datatypes, so a query printed by the command line never pays rdflib's import (about 0.1 s).
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from ..project import DEFAULT_BASE, shorten

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.term import Node


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a large answer is read into lists, then back as it was.

    Reading tens of thousands of solutions allocates hundreds of thousands of objects, none of them in a cycle, and
    each allocation threshold crossed starts a collection that walks every object alive. Measured at 1M triples (47,393
    rows of 9 columns, pyoxigraph in memory): reading the rows took 0.28 s over the query's own time with the collector
    on and 0.15 s with it off, and the collections' share grows with what else the process holds (0.45 s with rdflib
    and pandas imported). Reference counting still frees everything meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Result:
    """Column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]

    @property
    def terms(self) -> Sequence[Sequence[Any]]:
        """The rows as the engine gave them (pyoxigraph terms from the Oxigraph engine, rdflib terms otherwise): what
        `python_value`, `plain_text` and `is_iri` read without converting."""
        return self.rows

    def reordered(self, order: list[int]) -> Result:
        """The same answer with its columns in `order` (indexes into `columns`)."""
        return Result([self.columns[i] for i in order], [tuple(row[i] for i in order) for row in self.rows])

    def page(self, limit: int | None, offset: int = 0) -> Result:
        """At most `limit` rows from row `offset` (0 = the first); `limit` None for every row from `offset`."""
        return Result(self.columns, self.rows[offset : None if limit is None else offset + limit])

    def records(self) -> list[dict[str, Any]]:
        return [{c: python_value(v) for c, v in zip(self.columns, row, strict=True)} for row in self.terms]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_NAMES = ("integer", "int", "long", "short", "byte", "positiveInteger", "nonNegativeInteger",
                  "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")  # fmt: skip
_INTEGER_TYPES = {_XSD + t for t in _INTEGER_NAMES}
_KINDS = {**dict.fromkeys(_INTEGER_TYPES, "integer"), _XSD + "decimal": "real", _XSD + "double": "real", _XSD + "float": "real",
          _XSD + "gYear": "year", _XSD + "boolean": "boolean", _XSD + "date": "date"}  # fmt: skip
#: Datatypes whose values rdflib hands back as their text (so `python_value` gives the lexical form).
_TEXT_TYPES = {_XSD + t for t in ("string", "gYearMonth", "language", "anyURI")} | {"http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _rdflib_term() -> Any:
    """rdflib's term module if rdflib is loaded, else None: a term can only be rdflib's once rdflib is imported."""
    return sys.modules.get("rdflib.term")


def _parts(term: Any) -> tuple[str, str, str | None]:
    """(iri | bnode | literal, lexical form, datatype IRI or None) of an rdflib or a pyoxigraph term."""
    rdflib_term = _rdflib_term()
    if rdflib_term is not None and isinstance(term, rdflib_term.Identifier):
        if isinstance(term, rdflib_term.URIRef):
            return "iri", str(term), None
        if isinstance(term, rdflib_term.Literal):
            return "literal", str(term), None if term.datatype is None else str(term.datatype)
        return "bnode", str(term), None
    kind = type(term).__name__  # pyoxigraph: NamedNode, BlankNode, Literal
    if kind == "NamedNode":
        return "iri", term.value, None
    if kind == "Literal":
        datatype = term.datatype.value
        return "literal", term.value, None if term.language else datatype
    return "bnode" if kind == "BlankNode" else "literal", str(getattr(term, "value", term)), None


def is_iri(term: Any) -> bool:
    """Whether a result value (rdflib or pyoxigraph) is an IRI."""
    return term is not None and _parts(term)[0] == "iri"


def lexical(term: Any) -> str:
    """A term's text: an IRI, a blank node's id, a literal's lexical form (rdflib or pyoxigraph)."""
    return _parts(term)[1]


def language(term: Any) -> str:
    """A literal's language tag ("" for none), rdflib or pyoxigraph."""
    return str(getattr(term, "language", None) or "")


def _describe(term: Any) -> tuple[str, str]:
    """(kind, lexical form) of an rdflib or a pyoxigraph term, without converting one into the other."""
    kind, text, datatype = _parts(term)
    if kind == "iri":
        return "iri", text
    return (_KINDS.get(datatype, "text") if datatype and kind == "literal" else "text"), text


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
    with collector_paused():
        for index, name in enumerate(result.columns):
            cells = [None if row[index] is None else _describe(row[index]) for row in rows]
            kinds = {c[0] for c in cells if c is not None}
            columns[name] = _column(kinds, cells, short)
        return pd.DataFrame(columns, columns=result.columns)


def python_value(term: Any) -> Any:
    """A result value as Python: int for integers and years, Decimal for other decimals, bool, datetime types for
    dates, str for text and IRIs; None when unbound. rdflib and pyoxigraph terms give the same values."""
    if term is None:
        return None
    rdflib_term = _rdflib_term()
    if rdflib_term is None or not isinstance(term, rdflib_term.Identifier):
        return _native_value(term)
    from rdflib import Literal
    from rdflib.namespace import XSD

    if isinstance(term, Literal):
        if term.datatype == XSD.gYear:
            return int(str(term))
        value = term.toPython()
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _native_value(term: Any) -> Any:
    """python_value of a pyoxigraph term: the common datatypes read directly, the rest through rdflib's conversion
    (after the same canonical form the rdflib rows get), so both engines give one value."""
    kind, text, datatype = _parts(term)
    if kind != "literal" or datatype is None or datatype in _TEXT_TYPES:
        return text
    try:
        if datatype in _INTEGER_TYPES:
            return int(text.strip())
        if datatype == _XSD + "gYear":
            return int(text)
        if datatype == _XSD + "decimal":
            number = Decimal(text.strip())
            if number.is_finite():
                return int(number) if number == number.to_integral_value() else Decimal(format(number.normalize(), "f"))
        if datatype == _XSD + "boolean" and text.strip() in ("true", "false", "1", "0"):
            return text.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        pass
    from oxrdflib._converter import from_ox

    return python_value(canonical_term(cast("Node", from_ox(term))))


def plain_text(term: Any) -> str:
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

    def cell(term: Any) -> object:
        value = python_value(term)
        if value is None or isinstance(value, (bool, int)):
            return value
        if isinstance(value, Decimal):
            return mark + format(value, "f")
        if isinstance(value, float) and value == value and abs(value) != float("inf"):
            return mark + repr(value)
        return str(value)

    rows = [{c: cell(v) for c, v in zip(result.columns, row, strict=True)} for row in result.terms]
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
    from rdflib import Literal
    from rdflib.namespace import XSD

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
