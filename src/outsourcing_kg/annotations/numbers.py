"""Numbers as French press text writes them, read so that a figure can be checked against its own quote.

`readings(quote)` gives every value a careful reader could take from a quote: digits with French thousands
separators (dot, space, U+00A0, U+202F) and a decimal comma, scale words and abbreviations ("1,3 milliard",
"500 MDH", "2 MMDH", "4 Mds", "12 mille"), percentages, ordinals ("3e", "troisième", "premier", "second"),
approximate counts ("une vingtaine", "le millier") and numbers written in words ("neuf cents", via text2num).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..names import fold

__all__ = ["APPROXIMATE_COUNTS", "MULTIPLES", "multiple", "parse_french_number", "readings", "value_in_quote"]

#: Scale words and abbreviations after a number, and what they multiply it by.
SCALES = {
    "milliard": 10**9, "milliards": 10**9, "mds": 10**9, "md": 10**9, "mrd": 10**9, "mrds": 10**9, "mmdh": 10**9,
    "million": 10**6, "millions": 10**6, "mdh": 10**6, "mdhs": 10**6,
    "mille": 10**3, "k": 10**3,
}  # fmt: skip

#: Approximate counts ("une vingtaine", "le millier"), as nouns (folded).
APPROXIMATE_COUNTS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}  # fmt: skip
#: Multiples ("doublé", "quadruplent"), by the stem of their words (folded).
MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5, "decuple": 10, "centuple": 100}
#: Ordinals text2num leaves alone ("premier", "second", "leader": first).
ORDINALS = {"premier": 1, "premiere": 1, "1er": 1, "1re": 1, "1ere": 1, "leader": 1, "second": 2, "seconde": 2}

_GROUPED = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?"
_PLAIN = r"\d+(?:[.,]\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<number>{_GROUPED}|{_PLAIN})(?:\s*(?P<scale>{'|'.join(sorted(SCALES, key=len, reverse=True))})(?![\w²³]))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
#: A scale word right after digits: read with its number above, so text2num must not turn it into digits of its own.
_AFTER_DIGITS = re.compile(r"(\d)\s*(?:milliards?|millions?|mille)\b", re.IGNORECASE)


def parse_french_number(text: str) -> Decimal | None:
    """A number in digits as the French press writes it: "1,3" -> 1.3, "12.000" and "12 000" -> 12000; None when
    `text` is not one. French grouping wins: "120.000" is a hundred and twenty thousand, never 120 (the misreading
    this module exists to catch); "1.5" or "2.25", with fewer than three decimals, are decimals."""
    raw = re.sub(r"[\u00a0\u202f ]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


def multiple(word: str) -> int | None:
    """ "quadruplé" -> 4, "doublent" -> 2; None for any other word."""
    folded = fold(word)
    return next((n for stem, n in MULTIPLES.items() if folded.startswith(stem[:-1])), None)


def _digits(text: str) -> set[Decimal]:
    values: set[Decimal] = set()
    bare: set[Decimal] = set()
    scales: set[int] = set()
    for match in _NUMBER.finditer(text):
        scale = SCALES.get((match.group("scale") or "").lower(), 1)
        number = parse_french_number(match.group("number"))
        numbers = set() if number is None else {number}
        values |= numbers | {n * scale for n in numbers}
        if scale == 1:
            bare |= {n for n in numbers if not (n == n.to_integral_value() and 1800 <= n <= 2100)}  # years keep theirs
        else:
            scales.add(scale)
    # "14 milliards en 2019 contre 12 en 2018": a bare number compared with a scaled one takes its scale.
    return values | {n * scale for n in bare for scale in scales}


@lru_cache(maxsize=4096)
def readings(quote: str) -> frozenset[Decimal]:
    """Every value the quote's numbers may stand for (see the module docstring), as Decimals."""
    from text_to_num import alpha2digit

    text = unicodedata.normalize("NFC", quote)
    values = _digits(text)
    # Numbers in words become digits ("deux milliards" -> "2000000000", "troisième" -> "3ème"). text2num would also
    # turn a scale word after digits into digits of its own ("14 milliards" -> "14 1000000000", then read as one
    # grouped number), so those scale words, already read above, are left out of its input.
    values |= _digits(alpha2digit(_AFTER_DIGITS.sub(r"\1", text), "fr", threshold=0))
    for word in _WORD.findall(fold(text)):
        value = ORDINALS.get(word) or APPROXIMATE_COUNTS.get(word.removesuffix("s")) or multiple(word)
        if value:
            values.add(Decimal(value))
    return frozenset(values)


def value_in_quote(value: Decimal, quote: str) -> bool:
    """Whether `value` is one of the quote's readings (a decline may be given as a negative change of the number)."""
    found = readings(quote)
    return value in found or -value in found
