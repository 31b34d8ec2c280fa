"""Quote anchoring: find a curator's quote in the article text, exactly or tolerant of typography, and give W3C Web
Annotation selectors (exact quote, prefix/suffix, start/end offsets)."""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import QuoteNotFound, SourceError
from ..names import EQUIVALENT


@dataclass(frozen=True)
class Anchor:
    """A quote anchored in a text: W3C Web Annotation quote and position selectors."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


CONTEXT_CHARS = 32


def read_text(path: Path) -> tuple[str, str]:
    """The text of a source as published and the sha256 of its bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("text file not found; each <doc>.yaml needs its <doc>.txt beside it", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
            path=path,
        ) from None
    if text.startswith("\ufeff"):
        raise SourceError("starts with a byte-order mark; save it as UTF-8 without BOM so offsets stay true", path=path)
    if not text.strip():
        raise SourceError("empty text; a source needs the article's text", path=path)
    return text, hashlib.sha256(data).hexdigest()


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """Fold typographic variants, whitespace runs and canonically equivalent forms (a letter followed by combining
    accents, as in Unicode NFD, becomes its composed letter); keep, for each folded character, where it starts and
    ends in `text`, so matches map back to the original offsets."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous_space = False
    for i, char in enumerate(text):
        if out and unicodedata.combining(char):
            composed = unicodedata.normalize("NFC", out[-1] + char)
            if len(composed) == 1:
                out[-1] = composed
                ends[-1] = i + 1
                continue
        char = EQUIVALENT.get(char, char)
        if char.isspace():
            if previous_space:
                ends[-1] = i + 1
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        out.append(char)
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    last = end - 1
    while last > start and unicodedata.combining(text[last]):  # an accent belongs to the letter before it
        last -= 1
    before_ok = start == 0 or not (text[start].isalnum() and text[start - 1].isalnum())
    after_ok = end >= len(text) or not (text[last].isalnum() and (text[end].isalnum() or unicodedata.combining(text[end])))
    return before_ok and after_ok


def _find_all(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def closest_passage(text: str, quote: str) -> str:
    """The passage of `text` most like `quote`, to show next to a quote that was not found."""
    folded, index, ends = _normalise(text)
    wanted, _, _ = _normalise(quote.strip())
    size = len(wanted)
    if not size or not folded:
        return ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted.lower())

    def score(start: int) -> float:
        matcher.set_seq1(folded[start : start + size].lower())
        return matcher.ratio()

    step = max(1, size // 8)
    last = max(0, len(folded) - size)
    best = max(range(0, last + 1, step), key=score)
    best = max(range(max(0, best - step), min(last, best + step) + 1), key=score)
    start, end = best, min(len(folded), best + size)
    # Widen to whole words so the passage reads naturally.
    while start > 0 and folded[start - 1].isalnum() and folded[start].isalnum():
        start -= 1
    while end < len(folded) and folded[end - 1].isalnum() and folded[end].isalnum():
        end += 1
    return text[index[start] : ends[end - 1]].strip()


def find_spans(body: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where `anchor` may place `quote`: exact matches, else tolerant ones, on word boundaries."""
    spans = [(s, s + len(quote)) for s in _find_all(body, quote)]
    if not spans:
        folded, starts, ends = _normalise(body)
        wanted, _, _ = _normalise(quote)
        spans = [(starts[s], ends[s + len(wanted) - 1]) for s in _find_all(folded, wanted)]
    return [span for span in spans if _on_word_boundary(body, *span)]


def anchor(text: str, quote: str, occurrence: int | None = None, *, limit: int | None = None) -> Anchor:
    """Find `quote` in `text` (exactly, else tolerant of apostrophes, quotes and spaces) on word boundaries.

    Raises QuoteNotFound (with the closest passage) or SourceError when the quote is ambiguous.
    """
    body = text if limit is None else text[:limit]
    quote = quote.strip()
    spans = find_spans(body, quote)
    if not spans:
        near = closest_passage(body, quote)
        raise QuoteNotFound(f"quote not found in the text: {quote!r}; closest passage: {near!r}")
    if occurrence is None and len(spans) > 1:
        raise SourceError(f"quote {quote!r} occurs {len(spans)} times; make it longer or add `occurrence: N` (1 to {len(spans)})")
    if occurrence is not None and occurrence > len(spans):
        raise SourceError(f"quote {quote!r} occurs {len(spans)} time(s), not {occurrence}; lower `occurrence`")
    start, end = spans[(occurrence or 1) - 1]
    return Anchor(
        exact=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def content_limit(text: str, furniture: list[str]) -> int | None:
    """Where page furniture (e.g. a trailing "LIRE AUSSI :") starts; quotes must come before it."""
    cut = [text.rfind(item) for item in furniture]
    cut = [c for c in cut if c != -1]
    return min(cut) if cut else None
