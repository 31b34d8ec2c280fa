"""Numbers as the press writes them: French digits ("1,3", "12.000", "12 000"), words ("cinq", "vingt-quatre",
"neuf cents", read with text2num), approximate counts ("une vingtaine", "le millier") and multiples ("quadruplé")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from ..annotations.numbers import APPROXIMATE_COUNTS, multiple, parse_french_number
from ..names import fold

__all__ = ["Number", "multiple", "parse_french_number", "read_number", "words_to_int"]


class Number(NamedTuple):
    """A number's value and how it was written: `digits`, `words` or `approximate` ("une vingtaine")."""

    value: Decimal
    written: str


def read_number(text: str) -> Number | None:
    """The number `text` writes, in digits, in words or as an approximate count; None when it writes none.

    A lone "un"/"une" is an article, not a number (the caller decides when it counts: "un milliard", "une seule").
    """
    digits = parse_french_number(text)
    if digits is not None:
        return Number(digits, "digits")
    words = fold(text).strip()
    approx = re.fullmatch(r"(?:une?|le|la) (\w+?)s?", words)
    if approx and approx.group(1) in APPROXIMATE_COUNTS:
        return Number(Decimal(APPROXIMATE_COUNTS[approx.group(1)]), "approximate")
    if words in ("un", "une", "le"):
        return Number(Decimal(1), "words")
    value = words_to_int(words)
    return Number(Decimal(value), "words") if value is not None else None


def words_to_int(words: str) -> int | None:
    """ "vingt-quatre" -> 24, "deux mille cinq cents" -> 2500, with text2num; None when it is no French number."""
    try:
        from text_to_num import text2num
    except ImportError:  # pragma: no cover - text2num comes with the `extract` extra
        return None
    try:
        return int(text2num(words.replace(" et ", " et ").strip(), "fr"))
    except ValueError:
        return None
