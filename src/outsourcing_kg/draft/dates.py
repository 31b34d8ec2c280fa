"""Dates: the publication date, date expressions in the text ("en février dernier", "l'an dernier", 2019), and
their values resolved against the publication date."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .document import Document
from .errors import ExtractError
from .rules import DATE_PATTERNS, MONTHS, MONTHS_EN, MONTHS_FR, NUMBER_WORDS
from .text import Span

#: Kinds of date expressions that need the publication date.
RELATIVE = ("month-rel", "year-rel", "years-ago")


@dataclass(frozen=True)
class PubDate:
    """The article's publication date, as precise as it was given."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PubDate:
        """Read YYYY, YYYY-MM or YYYY-MM-DD; raises ExtractError on anything else or an impossible month or day."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise ExtractError(f"publication date: expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            raise ExtractError(f"publication date {text!r} is not a real date")
        return cls(year, month, day)

    def __str__(self) -> str:
        return f"{self.year}" + (f"-{self.month:02d}" if self.month else "") + (f"-{self.day:02d}" if self.day else "")


@dataclass(frozen=True)
class DateMention:
    """A date expression at text[start:end]: its kind (a key of `rules.DATE_PATTERNS`) and the parts it names."""

    kind: str
    start: int
    end: int
    month: str | None = None  # folded month name
    year: str | None = None
    rel: str | None = None  # dernier, passe, prochain...
    this: str | None = None  # "cette annee"
    n: str | None = None  # "il y a <n> ans"


class ResolvedDate(NamedTuple):
    """A date expression's value (YYYY or YYYY-MM; None when it cannot be resolved), confidence and note."""

    value: str | None
    confidence: float
    note: str | None


def find_dates(doc: Document, start: int, end: int, amounts: Sequence[Span]) -> list[DateMention]:
    """Date expressions in text[start:end], in order; a year inside a figure (`amounts`, sorted spans) is not one."""
    found: list[DateMention] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(doc.folded[start:end]):
            s, e = start + m.start(), start + m.end()
            if any(x.start < e and s < x.end for x in found):
                continue
            if kind == "year" and _inside(amounts, s):
                continue
            found.append(DateMention(kind, s, e, **{k: v for k, v in m.groupdict().items() if v}))
    return sorted(found, key=lambda d: d.start)


def _inside(spans: Sequence[Span], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 10**12)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def resolve_date(doc: Document, d: DateMention, pub: PubDate | None) -> ResolvedDate:
    """The value of a date expression; relative ones resolved against `pub`, with a note saying how."""
    surface = doc.text[d.start : d.end]
    if d.kind == "year":
        return ResolvedDate(surface, 0.9, None)
    if d.kind == "month-year":
        assert d.month is not None
        return ResolvedDate(f"{d.year}-{MONTHS[d.month]:02d}", 0.9, None)
    if d.kind == "since":
        return ResolvedDate(None, 0.0, None)
    if pub is None:
        return ResolvedDate(
            None,
            0.0,
            f"«{surface}» (character {d.start}) is relative and no publication date was given; give the date when extracting or fix by hand",
        )
    against = f"«{surface}» resolved against the publication date {pub}"
    if d.kind == "month-rel":
        assert d.month is not None
        month = MONTHS[d.month]
        if pub.month is None:
            return ResolvedDate(
                f"{pub.year}-{month:02d}", 0.5, f"«{surface}» resolved against the publication year {pub.year} (assumed same year)"
            )
        if d.rel != "prochain":
            year = pub.year if month < pub.month else pub.year - 1
        else:
            year = pub.year if month > pub.month else pub.year + 1
        return ResolvedDate(f"{year}-{month:02d}", 0.85, against)
    if d.kind == "year-rel":
        assert d.this or d.rel
        offset = 0 if d.this else (1 if d.rel and d.rel.startswith("prochain") else -1)
        return ResolvedDate(str(pub.year + offset), 0.85, against)
    if d.kind == "now":
        return ResolvedDate(str(pub.year), 0.6, f"«{surface}»: the publication year {pub.year}")
    if d.kind == "years-ago":
        assert d.n is not None
        n = int(d.n) if d.n.isdigit() else NUMBER_WORDS[d.n]
        return ResolvedDate(str(pub.year - n), 0.7, against)
    return ResolvedDate(None, 0.0, None)


def date_fr(value: str) -> str:
    """`2021-02` -> `février 2021`; a year as it is."""
    if len(value) == 7:
        return f"{MONTHS_FR[int(value[5:])]} {value[:4]}"
    return value


def date_en(value: str) -> str:
    """`2021-02` -> `February 2021`; a year as it is."""
    if len(value) == 7:
        return f"{MONTHS_EN[int(value[5:])]} {value[:4]}"
    return value
