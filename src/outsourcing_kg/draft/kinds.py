"""Entity kinds from context: what the words around a name say it is, before spaCy's guess.

spaCy's French model finds names but often types them wrong: a one-word company is a person or a place, a trade
fair an organisation, a minister's title an organisation. These finders read the cues French press text gives:

- companies: a common noun before the name ("le groupe X", "le cabinet américain X", "le journal « X »", "l'indien
  X"), the author of a study, an interview's question label ("ABC : ..."), an apposition ("X, filiale du groupe Y";
  "le spécialiste de ..., X, a ..."), a role before it ("CFO de X", "– DG X –"), a list a cue opens ("des clients
  tels que : A, B et C", "acteurs internationaux (A, B...)"), and every later occurrence of a name so typed; a
  committee of a federation ("Commission X"); (`mentions` reads a last word such as Telecom or Center);
- events: named ones ("Salon international de ... (ACR)", "la 5e édition du ACR") and their acronym, unnamed ones
  a statement is made at (a press conference, a signing, an inauguration, a ceremony, the launch of works, a
  video-conference), and the pandemic, also inside compounds ("post-Covid-19");
- persons: titles that stand for one ("SM le Roi"), a surname after the full name;
- places: a place noun before the name ("le quartier de X", "le parc X");
- ministries as whole names (commas and "et" included), and ministers' titles, which block spaCy's spans inside them;
- the gazetteer (graph/reference/gazetteer.tsv, optional): names of the sector's companies, federations and parks
  with their kinds.

`rule_mentions` returns these mentions for `mentions.find_mentions` to weigh against the others; `refine` then
joins a company's name with the country or region after it ("Vertex Maroc"), takes an acronym in brackets after an
organisation's name as its acronym, adds a person's later surnames and the places named inside organisations' names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..names import EntityIndex, name_key
from .document import Document
from .mentions import PLACE_PATTERNS, Acronym, Mention, Mentions, is_company_name, org_kind
from .rules import (
    APPOSITION_AFTER,
    APPOSITION_BEFORE,
    AUTHOR_CUE,
    COMMITTEE,
    COMPANY_CUE,
    EDITION_OF,
    EVENT_NAME,
    FUNCTION_WORDS,
    INTERVIEWER_LABEL,
    LIST_CUE,
    LIST_END,
    LIST_SEPARATOR,
    MINISTER,
    MINISTRY,
    NAME,
    NATIONALITY_CUE,
    NOT_PLACES,
    ORG_HEAD,
    PANDEMIC,
    PLACE_CUE,
    REGION_SUFFIXES,
    ROLE_OF_COMPANY,
    ROYAL_TITLE,
    SENTENCE_WORDS,
    TITLE_WORDS,
    UNNAMED_EVENTS,
)
from .text import slugify

#: The review note of an unnamed event ("une conférence de presse"), also how `events` recognises one.
UNNAMED_EVENT_NOTE = "an unnamed event: say what it was (whose, when, where) in its labels, or delete it"

#: Priorities (see `mentions.find_mentions`; the project's own names have 50, places 20, spaCy 5): a named event
#: over the names inside it; a company name with a country suffix over the known place it ends with; the gazetteer
#: just under the project's names; a ministry and a minister's title over spaCy's spans inside them; a company a cue
#: types over places and spaCy.
P_EVENT_NAME = 56
P_GAZETTEER = 48
P_PANDEMIC = 52
P_MINISTRY = 34
P_TITLE = 33
P_COMPANY = 26
P_SUFFIXED = 51
P_REPEAT = 24
P_UNNAMED_EVENT = 35

_NAME_WORD = re.compile(r"[\wÀ-ÿ&'-]+")
_UNNAMED = [(key, en, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)) for key, en, pattern in UNNAMED_EVENTS]


def rule_mentions(doc: Document, index: EntityIndex, gazetteer: EntityIndex | None) -> list[Mention]:
    """Every mention the cue rules and the gazetteer find in text[:limit], not yet weighed against the others."""
    out = [*_ministries(doc), *_royal_titles(doc), *_events(doc, index)]
    out += _places_by_cue(doc, index)
    companies = _companies(doc, index)
    out += companies
    if gazetteer is not None:
        out += _gazetteer(doc, index, gazetteer)
    out += _repeats(doc, index, companies)
    return out


def _trim_name(doc: Document, start: int, end: int) -> tuple[int, int]:
    """A name's span without trailing function or title words (a country suffix is kept: `refine` joins it)."""
    words = list(_NAME_WORD.finditer(doc.text, start, end))
    while words and (name_key(words[-1].group()) in FUNCTION_WORDS or name_key(words[-1].group()) in TITLE_WORDS):
        words.pop()
    if not words:
        return start, start
    return words[0].start(), words[-1].end()


def _org(doc: Document, index: EntityIndex, start: int, end: int, priority: int, etype: str | None = None) -> Mention | None:
    """The organisation a cue names at text[start:end] (trimmed), or None when the words cannot be a company's name."""
    start, end = _trim_name(doc, start, end)
    name = doc.text[start:end]
    # A name followed by a country suffix is judged on its first part ("Vertex Maroc": "Vertex").
    words = name.split()
    while len(words) > 1 and name_key(words[-1]) in REGION_SUFFIXES | {"&", "et"}:
        words.pop()
    if end <= start or end > doc.limit or not is_company_name(" ".join(words)):
        return None
    if len(words) < len(name.split()) and not index.lookup(name):
        # "Vertex Maroc" is one company, not the place it ends with (a known place has priority 50).
        priority = P_SUFFIXED
    return Mention(start, end, "org", "rule", priority, known=frozenset(index.lookup(name)), name=name, etype=etype)


def _companies(doc: Document, index: EntityIndex) -> list[Mention]:
    """Names a cue types as companies (common noun, nationality, apposition, role, list), and committees."""
    text = doc.norm[: doc.limit]
    out: list[Mention | None] = []
    for m in INTERVIEWER_LABEL.finditer(text):
        if name_key(m.group("name")) not in {"nb", "ps", "q", "r", "qr"}:
            out.append(_org(doc, index, m.start("name"), m.end("name"), P_COMPANY))
    for m in AUTHOR_CUE.finditer(text):
        out.append(_org(doc, index, m.start("name"), m.end("name"), P_COMPANY, org_kind(m.group("name"))))
    for pattern in (COMPANY_CUE, NATIONALITY_CUE, APPOSITION_BEFORE):
        for m in pattern.finditer(text):
            out.append(_org(doc, index, m.start("name"), m.end("name"), P_COMPANY))
    for m in APPOSITION_AFTER.finditer(text):
        if m.group("parent") or re.search(r"filiale|leader|num[eé]ro un|sp[eé]cialiste", m.group()):
            out.append(_org(doc, index, m.start("name"), m.end("name"), P_COMPANY))
            if m.group("parent"):
                out.append(_org(doc, index, m.start("parent"), m.end("parent"), P_COMPANY))
    for m in ROLE_OF_COMPANY.finditer(text):
        after_of = re.search(r"\s(?:de|d')\s*$", text[m.start() : m.start("name")])
        in_dashes = re.search(r"[–—-]\s*$", text[max(0, m.start() - 3) : m.start()])
        if after_of or in_dashes:
            out.append(_org(doc, index, m.start("name"), m.end("name"), P_COMPANY))
    for m in COMMITTEE.finditer(text):
        if re.search(r"[–—-]\s*$", text[max(0, m.start() - 3) : m.start()]):
            out.append(_org(doc, index, m.start(), m.end("name"), P_COMPANY, "Organization"))
    for m in LIST_CUE.finditer(text):
        out += _list_items(doc, index, m.end())
    return [m for m in out if m is not None]


def _list_items(doc: Document, index: EntityIndex, pos: int) -> list[Mention | None]:
    """The names listed from `pos`: capitalised items separated by commas, "et", "&" or brackets, to the list's end."""
    text = doc.norm
    items: list[Mention | None] = []
    name = re.compile(NAME)
    end = doc.sentence_of(pos)[1] or doc.limit
    while pos < end:
        m = name.match(text, pos, end)
        if not m:
            break
        items.append(_org(doc, index, m.start(), m.end(), P_COMPANY))
        sep = LIST_SEPARATOR.match(text, m.end(), end)
        if not sep or sep.end() == m.end():
            break
        pos = sep.end()
        if LIST_END.match(text, m.end(), end):
            break
    return items


def _places_by_cue(doc: Document, index: EntityIndex) -> list[Mention]:
    """Names a place noun introduces ("le quartier de X", "le parc X"): places (a district, a park)."""
    out = []
    for m in PLACE_CUE.finditer(doc.norm, 0, doc.limit):
        start, end = _trim_name(doc, m.start("name"), m.end("name"))
        name = doc.text[start:end]
        key = name_key(name)
        if (
            end > start
            and key not in NOT_PLACES
            and key.split()[0] not in SENTENCE_WORDS
            and not any(i.startswith("org/") for i in index.lookup(name))
        ):
            out.append(Mention(start, end, "place", "rule", P_COMPANY, known=frozenset(index.lookup(name)), name=name, etype="Place"))
    return out


def _repeats(doc: Document, index: EntityIndex, typed: Iterable[Mention]) -> list[Mention]:
    """Every other occurrence of a name a cue typed as a company ("le groupe Vertex ... Vertex a ...")."""
    names = {m.name for m in typed if m.kind == "org"}
    # The head of a name with a country suffix is a company too ("Vertex Maroc": "Vertex").
    for name in list(names):
        words = name.split()
        while len(words) > 1 and name_key(words[-1]) in REGION_SUFFIXES | {"&", "et"}:
            words.pop()
        if len(words) < len(name.split()) and is_company_name(" ".join(words)):
            names.add(" ".join(words))
    out = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.norm[: doc.limit]):
            out.append(Mention(m.start(), m.end(), "org", "rule", P_REPEAT, known=frozenset(index.lookup(name)), name=name))
    return out


def _gazetteer(doc: Document, index: EntityIndex, gazetteer: EntityIndex) -> list[Mention]:
    """Names of the gazetteer in the text (capitalised as listed for acronyms), typed as the gazetteer says."""
    pattern = gazetteer.name_pattern()
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(doc.folded, 0, doc.limit):
        surface = doc.text[match.start() : match.end()]
        ids = sorted(gazetteer.by_name[match.group()])
        entry = gazetteer.entries[ids[0]]
        originals = [n for n in entry.names if name_key(n) == match.group()]
        if not surface[0].isupper() or (originals and all(n.isupper() for n in originals) and not surface.isupper()):
            continue
        out.append(Mention(match.start(), match.end(), entry.kind, "gazetteer", P_GAZETTEER, known=frozenset(index.lookup(surface)),
                           name=surface, etype=entry.type, label_en=entry.labels.get("en", "")))  # fmt: skip
    return out


def _ministries(doc: Document) -> list[Mention]:
    """Ministries by their whole name (an organisation), and ministers' titles (a span that only blocks others)."""
    out = []
    for m in MINISTRY.finditer(doc.norm, 0, doc.limit):
        end = m.end()
        name = doc.text[m.start() : end]
        out.append(Mention(m.start(), end, "org", "rule", P_MINISTRY, name=name, etype="Organization"))
    for m in MINISTER.finditer(doc.norm, 0, doc.limit):
        out.append(Mention(m.start(), m.end(), "title", "rule", P_TITLE, name=doc.text[m.start() : m.end()]))
    return out


def _royal_titles(doc: Document) -> list[Mention]:
    """A title that stands for a person ("SM le Roi", "Sa Majesté le Roi Mohammed VI"), named when the name follows."""
    out = []
    for m in ROYAL_TITLE.finditer(doc.norm, 0, doc.limit):
        name = m.group("name") or doc.text[m.start() : m.end()]
        out.append(Mention(m.start(), m.end(), "person", "rule", P_TITLE, name=name, aliases=(doc.text[m.start() : m.end()],)))
    return out


def _events(doc: Document, index: EntityIndex) -> list[Mention]:
    """Named events with their acronym (and the acronym alone), unnamed events, the pandemic."""
    text = doc.norm[: doc.limit]
    out: list[Mention] = []
    acronyms: dict[str, Mention] = {}
    for m in EVENT_NAME.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in " ,":
            end -= 1
        name = doc.text[start:end]
        acr = m.group("acr")
        full_end = text.find(")", end) + 1 if acr else end
        event = Mention(start, full_end, "event", "rule", P_EVENT_NAME, known=frozenset(index.lookup(name) | (index.lookup(acr) if acr else set())),
                        name=name, etype="Event", aliases=(acr,) if acr else ())  # fmt: skip
        out.append(event)
        if acr:
            acronyms[acr] = event
    for m in EDITION_OF.finditer(text):
        acronyms.setdefault(m.group("name"), Mention(m.start("name"), m.end("name"), "event", "rule", P_EVENT_NAME,
                                                     name=m.group("name"), etype="Event"))  # fmt: skip
    for acr, event in acronyms.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            if not (event.start <= m.start() < event.end):
                out.append(Mention(m.start(), m.end(), "event", "rule", P_EVENT_NAME, known=event.known, name=event.name,
                                   etype="Event", aliases=(acr,)))  # fmt: skip
    for _key, en, pattern in _UNNAMED:
        for m in pattern.finditer(text):
            out.append(Mention(m.start(), m.end(), "event", "rule", P_UNNAMED_EVENT, name=doc.text[m.start() : m.end()], etype="Event",
                               label_en=en))  # fmt: skip
    for m in PANDEMIC.finditer(text):
        known = {i for name in ("Covid-19", "coronavirus") for i in index.lookup(name) if i.startswith("event/")}
        out.append(Mention(m.start(), m.end(), "event", "rule", P_PANDEMIC, known=frozenset(known), name=doc.text[m.start() : m.end()],
                           etype="Crisis", label_en="Covid-19 pandemic"))  # fmt: skip
    return out


# --------------------------------------------------------------------------------------------------------------------
# After the mentions are weighed
# --------------------------------------------------------------------------------------------------------------------

_SUFFIX = re.compile(r"[ \t]+(?P<first>[A-ZÉ][\w-]+)(?:[ \t]*(?:&|et)[ \t]*(?P<second>[A-ZÉ][\w-]+))?")
_REGION_IN_NAME = re.compile(r"\br[ée]gion\s+(?:de\s+|du\s+|d')?(?P<name>[A-ZÀ-Ö][\w'-]+(?:-[A-ZÀ-Ö][\w'-]+)*)")


def refine(doc: Document, index: EntityIndex, mentions: Mentions) -> Mentions:
    """Join a company's name with the country or region right after it ("Vertex Maroc", "Orbis France & Maroc"), and
    add the places named inside organisations' names ("wilaya de la région X") as place mentions of their own."""
    items = list(mentions.items)
    by_start = {m.start: m for m in items if m.kind == "place"}
    out: list[Mention] = []
    skip: set[int] = set()
    for m in items:
        if m.kind == "org" and m.acronym is None and m.etype not in ("Organization", "Federation"):
            suffix = _SUFFIX.match(doc.norm, m.end, doc.limit)
            if (
                suffix
                and _is_suffix(suffix.group("first"), by_start.get(suffix.start("first")))
                and (suffix.group("second") is None or _is_suffix(suffix.group("second"), by_start.get(suffix.start("second"))))
            ):
                end = suffix.end()
                name = doc.text[m.start : end]
                m = Mention(m.start, end, "org", "rule", m.priority, known=frozenset(index.lookup(name)), name=name, etype="Company")
                skip.update(i for i, other in enumerate(items) if other.kind == "org" and m.start < other.start < end)
        out.append(m)
    out = [m for i, m in enumerate(out) if i not in skip]
    out = _acronyms_in_brackets(doc, out)
    out += _surnames(doc, out)
    taken = [(m.start, m.end) for m in out if m.kind == "place"]
    for m in list(out):
        if m.kind != "org":
            continue
        for place, pattern in PLACE_PATTERNS:
            for p in pattern.finditer(doc.folded, m.start, m.end):
                if doc.text[p.start()].isupper() and not any(s <= p.start() < e for s, e in taken):
                    out.append(Mention(p.start(), p.end(), "place", "place", 20, known=frozenset(index.lookup(place.fr)), name=place.fr,
                                       place=place))  # fmt: skip
                    taken.append((p.start(), p.end()))
        for r in _REGION_IN_NAME.finditer(doc.norm, m.start, m.end):
            if not any(s <= r.start("name") < e for s, e in taken):
                out.append(Mention(r.start("name"), r.end("name"), "place", "rule", 20, known=frozenset(index.lookup(r.group("name"))),
                                   name=doc.text[r.start("name") : r.end("name")], etype="Region"))  # fmt: skip
                taken.append((r.start("name"), r.end("name")))
    return Mentions(out)


_BRACKETED = re.compile(r"(?P<gap>(?:\s+[a-zà-ÿ'][\wÀ-ÿ'-]*){0,8}?)\s*\((?P<acr>[A-Z][A-Z0-9&-]{1,11})\)")


def _acronyms_in_brackets(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """ "Agence nationale de ... (ANAPEC)": an organisation's name with an acronym in brackets whose letters do not
    spell its initials (so `mentions` found no definition) is still its acronym."""
    out: list[Mention] = []
    drop: set[int] = set()
    for m in mentions:
        after = _BRACKETED.match(doc.norm, m.end, doc.limit) if m.kind == "org" and m.acronym is None and not m.known else None
        if after is None or len(m.name.split()) < 3:
            out.append(m)
            continue
        if after.group("gap") and not ORG_HEAD.match(m.name):
            out.append(m)  # only an institution's or a federation's name runs on in lower case ("Agence ... de l'export")
            continue
        acr = after.group("acr")
        name = doc.text[m.start : after.start("gap") + len(after.group("gap"))]
        drop.update(id(o) for o in mentions if o.start == after.start("acr") and o.kind == "org")
        out.append(replace(m, end=after.end(), name=name, acronym=Acronym(acr, name)))
    return [m for m in out if id(m) not in drop]


def _surnames(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A person's surname alone after their full name ("Karim Benali ... M. Benali a ajouté"): the same person."""
    taken = bytearray(doc.limit + 1)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    out = []
    first: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "person" and len(m.name.split()) >= 2:
            first.setdefault(m.name, m)
    for full in first.values():
        surname = full.name.split()[-1]
        if len(surname) < 3 or not surname[0].isupper():
            continue
        for s in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", doc.norm[: doc.limit]):
            if s.start() > full.start and not any(taken[s.start() : s.end()]):
                out.append(Mention(s.start(), s.end(), "person", "rule", P_REPEAT, known=full.known, name=surname))
                taken[s.start() : s.end()] = b"\x01" * (s.end() - s.start())
    return out


def _is_suffix(word: str, place: Mention | None) -> bool:
    return name_key(word) in REGION_SUFFIXES or (place is not None and place.place is not None and place.place.type != "City")


def event_slug(m: Mention) -> str:
    """The id's last part for a new event: its acronym, else its name."""
    if m.aliases and m.aliases[0].isupper():
        return slugify(m.aliases[0])
    return slugify(m.label_en or m.name)
