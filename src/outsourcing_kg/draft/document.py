"""The document every stage reads: the article's text, its normalised and folded forms, sentences, content limit.

Plain data, built once per article by `Document.of` and never changed; its methods only look things up.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..annotations.anchoring import content_limit
from ..names import EQUIVALENT, fold_text
from .rules import FURNITURE, SENTENCE_END
from .text import Span


@dataclass(frozen=True)
class Document:
    """One article's text and what the stages need to read it.

    `norm` and `folded` have the length of `text`, so an offset in one is an offset in all three: `norm` has
    apostrophes, dashes and spaces straightened (guillemets kept, for reported speech), `folded` is also case- and
    accent-folded. `limit` is where page furniture starts (or the text's length); nothing after it is read.
    `sentences` are (start, end) spans of text[:limit], in order.
    """

    text: str
    norm: str
    folded: str
    limit: int
    furniture: tuple[str, ...]
    sentences: tuple[Span, ...]
    sentence_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Document:
        """Read `text`: find its furniture, limit and sentences."""
        norm = "".join(c if c in "«»" else EQUIVALENT.get(c, c) for c in text)
        found = [m.group(1).strip() for m in FURNITURE.finditer(text)]
        furniture = sorted(set(found), key=lambda f: text.rfind(f))
        limit = content_limit(text, furniture) or len(text)
        sentences = split_sentences(norm, limit)
        return cls(text, norm, fold_text(text), limit, tuple(furniture), tuple(sentences), tuple(s for s, _ in sentences))

    def sentence_of(self, pos: int) -> Span:
        """The sentence holding `pos`; (pos, pos) when it is in none."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if pos < s:
                hi = mid - 1
            elif pos >= e:
                lo = mid + 1
            else:
                return s, e
        return pos, pos

    def sentence_index(self, pos: int) -> int:
        """The index in `sentences` of the sentence holding `pos`; -1 when it is in none."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return i if i >= 0 and pos < self.sentences[i][1] else -1

    def in_brackets(self, pos: int) -> bool:
        """Whether `pos` is inside round brackets opened in its sentence."""
        s, _ = self.sentence_of(pos)
        return self.norm.count("(", s, pos) > self.norm.count(")", s, pos)


def split_sentences(text: str, end: int) -> list[Span]:
    """Sentence spans of text[:end]: at . ! ? … before a capital, and at every line break; never inside « »."""
    out: list[Span] = []
    start = 0
    depth = 0
    last = 0
    for match in SENTENCE_END.finditer(text, 0, end):
        depth += text.count("«", last, match.start()) - text.count("»", last, match.start())
        last = match.start()
        # A quotation may hold several sentences; one that runs past 800 characters is cut anyway (a missing »).
        if depth > 0 and match.group() != "\n" and match.start() - start < 800:
            continue
        depth = 0 if match.group() == "\n" else depth
        stop = match.end() if match.group() != "\n" else match.start()
        if text[start:stop].strip():
            out.append(_trim(text, start, stop))
        start = match.end()
    if text[start:end].strip():
        out.append(_trim(text, start, end))
    return out


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
