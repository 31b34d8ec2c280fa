"""Mentions: where the text names an organisation, person, place, sector or segment, before any linking.

Five finders read the document: known names (every name in the entity index), acronym definitions, sectors and
places from the rule tables, and spaCy's spans. Where they overlap, `find_mentions` keeps the mention of highest
priority, then the longest. Later stages read mentions through `Mentions`, which never changes once built.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..names import EntityIndex, name_key
from .document import Document
from .model import NerSpan
from .rules import (
    ACRONYM_AFTER_LONG,
    ACRONYM_BEFORE_LONG,
    CITIES,
    COMPANY_TAIL,
    COMPARISON,
    DEMONYMS,
    EVENT_HEAD_START,
    EVERYONE,
    FEDERATION_HEAD,
    FUNCTION_WORDS,
    INSTITUTION_HEAD,
    NOT_ORGS,
    NOT_PLACES,
    ORG_CONTINUATION,
    ORG_HEAD,
    ORG_NOUN_AFTER,
    PLACES,
    POST_THEN_NAME,
    REGION_SUFFIXES,
    SECTOR_ANAPHORA,
    SECTORS,
    SEGMENT_WORDS,
    SENTENCE_WORDS,
    SPAN_LEADING_WORDS,
    TITLE_SPAN,
    TITLE_WORDS,
)
from .text import Span, slugify


@dataclass(frozen=True)
class Acronym:
    """An acronym and the long name the text defines it with."""

    acronym: str
    long: str


@dataclass(frozen=True)
class SectorName:
    """A sector of `rules.SECTORS`: key, French and English names."""

    key: str
    fr: str
    en: str


@dataclass(frozen=True)
class PlaceName:
    """A place of `rules.PLACES` or `rules.CITIES`: key, names, type and the French "in" preposition."""

    key: str
    fr: str
    en: str
    type: str
    prep: str


@dataclass(frozen=True)
class Mention:
    """A name at text[start:end]: what kind of entity it names, which finder found it, and (once linked) the entity.

    `known` holds the ids of known entities with exactly this name; `acronym`, `sector`, `place` and `anaphora`
    ("le secteur") say what the finder knows of it.
    """

    start: int
    end: int
    kind: str  # org person place post sector segment event
    source: str  # known acronym sector place ner rule
    priority: int
    known: frozenset[str] = frozenset()
    name: str = ""  # the name as written (for labels)
    acronym: Acronym | None = None
    sector: SectorName | None = None
    place: PlaceName | None = None
    anaphora: bool = False
    entity: str | None = None  # the entity's id, once linked
    etype: str | None = None  # the type a rule or the gazetteer gives a new entity (Company, Event...)
    label_en: str = ""  # a new entity's English label, when a rule knows it
    aliases: tuple[str, ...] = ()  # other names of a new entity the rule found (an event's acronym)


class Mentions:
    """Mentions in text order (by start, longest first); `inside_post` holds the positions of those inside a post."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.items = tuple(sorted(mentions, key=lambda m: (m.start, -m.end)))
        self.starts = tuple(m.start for m in self.items)
        inside: set[int] = set()
        for i, post in enumerate(self.items):
            if post.kind == "post":
                inside.update(j for j in self._linked_between(post.start, post.end, None) if j != i)
        self.inside_post = frozenset(inside)

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def _linked_between(self, start: int, end: int, kinds: set[str] | None) -> list[int]:
        """Positions of the linked mentions inside text[start:end], of the given kinds (None: all)."""
        out = []
        for i in range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)):
            m = self.items[i]
            if m.end <= end and (kinds is None or m.kind in kinds) and m.entity:
                out.append(i)
        return out

    def within(self, start: int, end: int, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Linked mentions inside text[start:end], of the given kinds (default: all), in order."""
        wanted = set(kinds) if kinds else None
        return [self.items[i] for i in self._linked_between(start, end, wanted)]


def find_mentions(doc: Document, index: EntityIndex, ner: Iterable[NerSpan], extra: Iterable[Mention] = ()) -> Mentions:
    """Every mention of text[:limit] that no mention of higher priority (or a longer one) overlaps; none linked yet.

    `extra` are the mentions other finders made (`kinds.rule_mentions`: cue words and the gazetteer).
    """
    places = _places(doc, index)
    # A known name inside a longer place name of the tables ("Afrique" in "Afrique du Sud") is not that place.
    known = [
        k
        for k in _known(doc, index)
        if not any(p.start <= k.start and k.end <= p.end and p.end - p.start > k.end - k.start for p in places)
    ]
    raw = [*known, *_acronyms(doc, index), *_sectors(doc), *places, *_ner(doc, index, ner), *extra]
    raw.sort(key=lambda m: (-m.priority, -(m.end - m.start), m.start))
    taken: list[Mention] = []
    occupied = bytearray(doc.limit + 1)
    for m in raw:
        if any(occupied[m.start : m.end]):
            continue
        occupied[m.start : m.end] = b"\x01" * (m.end - m.start)
        taken.append(m)
    return Mentions(taken)


def subject_before(doc: Document, mentions: Mentions, pos: int, sentence_start: int) -> tuple[str, float] | None:
    """(entity id, confidence) of what a figure or a rank at `pos` is about.

    The company, federation, sector or segment nearest before it in its sentence; else the last one named before the
    sentence outside brackets (pronouns, "le secteur"); else the article's most mentioned one. Mentions inside a post
    ("président de la CGEM") and those a comparison introduces ("après le tourisme") are skipped.
    """
    kinds = {"org", "sector", "segment"}
    for i in range(bisect.bisect_left(mentions.starts, pos) - 1, -1, -1):
        m = mentions.items[i]
        if m.kind not in kinds or not m.entity or m.end > pos or i in mentions.inside_post:
            continue
        if COMPARISON.search(doc.norm[max(0, m.start - 15) : m.start]):
            continue
        if m.start >= sentence_start:
            return m.entity, 0.85
        # Before the sentence: the last company or sector named outside brackets (segments are listed, not topics).
        if m.kind != "segment" and not doc.in_brackets(m.start):
            return m.entity, 0.7
    common = Counter(m.entity for m in mentions if m.kind in kinds and m.entity).most_common(1)
    return (common[0][0], 0.4) if common and common[0][0] else None


# --------------------------------------------------------------------------------------------------------------------
# The finders
# --------------------------------------------------------------------------------------------------------------------


def _known(doc: Document, index: EntityIndex) -> list[Mention]:
    """Every name of a known entity, on folded text; longest names first, so the longest name wins."""
    pattern = index.name_pattern()
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(doc.folded, 0, doc.limit):
        surface = doc.text[match.start() : match.end()]
        key = match.group()
        ids = index.by_name[key]
        # Acronyms match in capitals only ("ESO", not "eso" inside a word's other reading).
        originals = [n for i in ids for n in index.entries[i].names if name_key(n) == key]
        if originals and all(n.isupper() for n in originals) and not surface.isupper():
            continue
        if EVERYONE.match(doc.folded, max(0, match.start() - 8)) and key == "monde":
            continue
        kinds = {index.entries[i].kind for i in ids}
        out.append(Mention(match.start(), match.end(), next(iter(kinds)) if len(kinds) == 1 else "org", "known", 50,
                           known=frozenset(ids), name=surface))  # fmt: skip
    return out


def _acronyms(doc: Document, index: EntityIndex) -> list[Mention]:
    """Acronym definitions ("Long Name (ACR)", "ACR (Long Name)", "Long Name ou ACR"...), then the acronym alone."""
    out: list[Mention] = []
    for form, pattern in enumerate(ACRONYM_AFTER_LONG):
        for match in pattern.finditer(doc.norm, 0, doc.limit):
            a = match.group("acr")
            letters = [c for c in a if c.isalpha()]
            if len(letters) < 2 or sum(c.isupper() for c in letters) < 2:
                continue
            long = _long_form(doc, match.start(), letters, capitals_only=form == 2)
            if long is None:
                continue
            a_end = match.start("acr") + len(a)
            end = match.end() if form == 0 else match.end("acr")
            out.append(_definition(doc, index, long, max(end, a_end), a))
    for match in ACRONYM_BEFORE_LONG.finditer(doc.norm[: doc.limit]):
        a = match.group("acr")
        letters = [c for c in a if c.isalpha()]
        words = [w for w in re.findall(r"[\w&-]+", match.group("long").replace("'", " ")) if w.lower() not in FUNCTION_WORDS]
        if len(letters) >= 2 and [w[0].upper() for w in words] == [c.upper() for c in letters]:
            out.append(_definition(doc, index, (match.start("long"), match.end("long")), max(match.end(), match.end("acr")), a))
    # Later mentions of a defined acronym on their own (the last definition of an acronym gives their kind).
    defined = {m.acronym.acronym: m for m in out if m.acronym}
    for a, definition in defined.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(a)}(?![\w-])", doc.norm[: doc.limit]):
            if not any(m.start <= match.start() < m.end for m in out):
                out.append(Mention(match.start(), match.end(), definition.kind, "acronym", 40, name=a, acronym=definition.acronym,
                                   etype=definition.etype))  # fmt: skip
    return out


def _long_form(doc: Document, before: int, letters: list[str], capitals_only: bool) -> Span | None:
    """The words just before `before` whose content-word initials spell the acronym's letters."""
    window_start = max(0, before - 200)
    chunk = doc.norm[window_start:before]
    words = list(re.finditer(r"[\wÀ-ÿ&-]+", chunk.replace("'", " ")))
    content = [w for w in words if w.group().lower() not in FUNCTION_WORDS]
    n = len(letters)
    if len(content) < n:
        return None
    picked = content[-n:]
    # Nothing but spaces, apostrophes and function words may sit between the long form and the acronym.
    tail = chunk[picked[-1].end() :]
    if re.search(r"[.;:!?«»]", tail) or len(tail) > 12:
        return None
    if [w.group()[0].upper() for w in picked] != [c.upper() for c in letters]:
        return None
    if capitals_only and not all(w.group()[0].isupper() for w in picked):
        return None
    if not picked[0].group()[0].isupper():
        return None
    start = window_start + picked[0].start()
    end = window_start + picked[-1].end()
    if "\n" in doc.norm[start:end]:
        return None
    return start, end


def _definition(doc: Document, index: EntityIndex, long_span: Span, end: int, acronym: str) -> Mention:
    """The mention of an acronym's definition, from its long name's start to `end`."""
    long = doc.text[long_span[0] : long_span[1]]
    known = index.lookup(long) | index.lookup(acronym)
    kind = "event" if EVENT_HEAD_START.match(long) else "segment" if SEGMENT_WORDS.match(long) and not ORG_HEAD.match(long) else "org"
    if known:
        kinds = {index.entries[i].kind for i in known}
        kind = next(iter(kinds)) if len(kinds) == 1 else "org"
    # A definition holds the names inside it ("Association ... de la relation client (ARC)"): it comes first.
    return Mention(long_span[0], end, kind, "acronym", 55, known=frozenset(known), name=long, acronym=Acronym(acronym, long),
                   etype="Event" if kind == "event" else None)  # fmt: skip


_SECTOR_PATTERNS = [
    (SectorName(key, fr, en), re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)) for key, fr, en, pattern in SECTORS
]


def _sectors(doc: Document) -> list[Mention]:
    """Sector names of `rules.SECTORS`, and "le secteur" on its own (an anaphora, resolved when linking)."""
    out = []
    for sector, pattern in _SECTOR_PATTERNS:
        for match in pattern.finditer(doc.norm[: doc.limit]):
            out.append(Mention(match.start(), match.end(), "sector", "sector", 30, name=match.group(), sector=sector))
    for match in SECTOR_ANAPHORA.finditer(doc.norm[: doc.limit]):
        # The pattern ignores case ("Le Secteur", "LE SECTEUR"), so the word is found the same way.
        word = re.search("secteur", match.group(), re.IGNORECASE)
        start = match.start() + (word.start() if word else 0)
        out.append(Mention(start, match.end(), "sector", "sector", 10, name="secteur",
                           anaphora=True))  # fmt: skip
    return out


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name_key(name))}(?![\w-])")


#: The names of the places of the rule tables, folded (a name a cue introduces is not a company when it is one).
PLACE_KEYS = frozenset({name_key(p[1]) for p in PLACES} | {name_key(p[2]) for p in PLACES} | {name_key(c) for c in CITIES})

PLACE_PATTERNS = [
    *[(PlaceName(key, fr, en, kind, prep), _name_pattern(fr)) for key, fr, en, kind, prep, _ in PLACES],
    *[(PlaceName(slugify(city), city, city, "City", "à"), _name_pattern(city)) for city in CITIES],
]


def _places(doc: Document, index: EntityIndex) -> list[Mention]:
    """Capitalised names of the countries, continents and cities of the rule tables."""
    out = []
    for place, pattern in PLACE_PATTERNS:
        for match in pattern.finditer(doc.folded[: doc.limit]):
            if doc.text[match.start()].isupper():
                out.append(Mention(match.start(), match.end(), "place", "place", 20, known=frozenset(index.lookup(place.fr)),
                                   name=place.fr, place=place))  # fmt: skip
    return out


def is_company_name(name: str) -> bool:
    """Whether a name a cue introduces can be a company's: capitalised, not a place, a concept or a title word."""
    key = name_key(name)
    words = key.split()
    if not words or len(name) < 2 or len(words) > 5:
        return False
    if len(words) > 1 and words[0] in ("le", "la", "les") and " ".join(words[1:]) not in PLACE_KEYS | NOT_PLACES:
        words = words[1:]  # "Le Quotidien", "La Poste": the article is part of the name (not "Le Maroc")
        key = " ".join(words)
    if key in PLACE_KEYS or key in NOT_ORGS or key in NOT_PLACES or words[0] in SENTENCE_WORDS or words[0] in TITLE_WORDS:
        return False
    if any(d.fullmatch(name) or d.fullmatch(name.split()[0]) for _, d in DEMONYMS) or words[-1] in FUNCTION_WORDS:
        return False
    return name[0].isupper() or name[0].isdigit()


def _ner(doc: Document, index: EntityIndex, spans: Iterable[NerSpan]) -> list[Mention]:
    """spaCy's spans, trimmed of articles and titles, without the concepts and title words it takes for names; a
    name right after a post and a comma is a person; an organisation's name ending with a country comes first."""
    out = []
    for start, end, label in spans:
        if label == "PER" and "," in doc.norm[start:end]:
            end = doc.norm.index(",", start)  # "X Y, Conseiller de ...": a person's name has no comma
        start, end = _trim_span(doc, start, end)
        if end - start < 2:
            continue
        name = doc.text[start:end]
        words = name.split()
        if len(words) > 2 and any(d.fullmatch(words[0]) for _, d in DEMONYMS):
            # "les Marocains Prénom Nom": a demonym before a name qualifies a person.
            start = doc.text.index(words[1], start)
            name, words, label = doc.text[start:end], words[1:], "PER"
        key = name_key(name)
        if (
            key in NOT_ORGS
            or TITLE_SPAN.match(name)
            or (len(words) == 1 and key in SENTENCE_WORDS)
            or any(d.fullmatch(name) for _, d in DEMONYMS)
        ):
            continue
        if label == "LOC" and ORG_HEAD.match(name):
            label = "ORG"
        if label == "ORG" and ORG_HEAD.match(name):
            # A federation's or an institution's name goes on after a comma or "et" ("..., du Textile et de l'Habillement").
            if name.split()[-1].lower() in FUNCTION_WORDS and (noun := ORG_NOUN_AFTER.match(doc.norm, end, doc.limit)) is not None:
                end = noun.end()
            while (more := ORG_CONTINUATION.match(doc.norm, end, doc.limit)) is not None:
                end = more.end()
            name = doc.text[start:end]
        if label in ("LOC", "ORG") and 2 <= len(words) <= 3 and all(w[0].isupper() for w in words) and key not in PLACE_KEYS \
                and POST_THEN_NAME.search(doc.norm[max(0, start - 120) : start]):  # fmt: skip
            label = "PER"
        if label == "ORG" and (key in NOT_ORGS or name.islower() or len(name) > 80):
            continue
        if label == "LOC" and (name.lower() in NOT_PLACES or key in NOT_PLACES or name.islower()):
            continue
        if label == "PER":
            if not any(w[0].isupper() and w.lower() not in TITLE_WORDS for w in words) or len(words) > 4:
                continue
            if any(w.lower() in TITLE_WORDS for w in words[1:]):
                continue
        etype = None
        if len(words) > 1 and name_key(words[-1]) in COMPANY_TAIL and not ORG_HEAD.match(name):
            label, etype = "ORG", "Company"
        kind = {"PER": "person", "ORG": "org", "LOC": "place"}[label]
        priority = 5
        if etype and not index.lookup(name):
            # "Maroc Telecom", "Atlas Contact Center": a company, before the known place it starts with.
            priority = 51
        if kind == "org" and len(words) > 1 and name_key(words[-1]) in REGION_SUFFIXES and not index.lookup(name):
            head = [w for w in words if name_key(w) not in REGION_SUFFIXES | {"&", "et"}]
            # "Vertex Maroc" is one company, not the place it ends with (a known place has priority 50).
            priority = 51 if head and is_company_name(" ".join(head)) else 5
        out.append(Mention(start, end, kind, "ner", priority, known=frozenset(index.lookup(name)), name=name, etype=etype))
    return out


def org_kind(name: str) -> str:
    """Federation, Organization (an institution) or Company, from the first word of an organisation's name."""
    if FEDERATION_HEAD.match(name):
        return "Federation"
    if INSTITUTION_HEAD.match(name):
        return "Organization"
    return "Company"


def _trim_span(doc: Document, start: int, end: int) -> Span:
    """A spaCy span cut at its first line break or sentence end, without leading articles and titles or trailing punctuation."""
    text = doc.norm
    if "\n" in text[start:end]:
        first = text[start:end].split("\n")[0]
        end = start + len(first)
    # A span across a sentence end ("MoU. Or") is cut there.
    stop = re.search(r"(?<!\b[A-Z])(?<!\bMme)(?<!\bDr)(?<!\bPr)[.!?]\s+[A-ZÀ-Ö]", text[start:end])
    if stop:
        end = start + stop.start()
    while True:
        m = SPAN_LEADING_WORDS.match(text[start:end])
        if not m or m.end() >= end - start:
            break
        start += m.end()
    while end > start and (text[end - 1] in " ,.;:'\"«»()-" or text[end - 1].isspace()):
        end -= 1
    return start, end
