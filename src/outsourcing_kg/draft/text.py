"""Small helpers over article text and names: slugs, French elision, word-aligned spans, clauses."""

from __future__ import annotations

import re

from ..names import slugify as slugify  # the ids' slugs live with the entity index; re-exported for the stages
from .rules import CLAUSE_BREAK

#: A character span of the article's text: (start, end), end excluded.
Span = tuple[int, int]


def kebab(name: str) -> str:
    """`marketShare` -> `market-share`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def elide(prep: str, word: str) -> str:
    """'de' + 'Intelcia' -> "d'Intelcia"."""
    if prep.endswith("de") and word[:1].lower() in "aeiouyéèêhâîôû":
        return prep[:-2] + "d'" + word
    return f"{prep} {word}"


def strip_article(text: str) -> str:
    """The text without a leading French article."""
    return re.sub(r"^(?:l['’]|le |la |les )", "", text, flags=re.IGNORECASE)


def word_span(text: str, start: int, end: int) -> Span:
    """Widen a span to whole words and trim spaces and trailing punctuation, so that the build anchors it."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


def trim_quote(text: str, start: int, end: int) -> Span:
    """A reported statement's span without the guillemets, spaces and closing punctuation around it."""
    while start < end and text[start] in ' «"':
        start += 1
    while end > start and text[end - 1] in ' .»"!?;,':
        end -= 1
    return start, end


def clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding `pos` starts: after the last clause break in text[lo:pos], else `lo`."""
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, lo, pos)]
    return breaks[-1] if breaks else lo


def clause_end(text: str, pos: int, hi: int) -> int:
    """Where the clause holding `pos` ends: at the first clause break in text[pos:hi], else `hi`."""
    m = CLAUSE_BREAK.search(text, pos, hi)
    return m.start() if m else hi
