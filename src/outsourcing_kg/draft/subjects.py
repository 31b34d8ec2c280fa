"""Subjects: what a figure or a rank is about, read from the dependency parse (syntax.py).

The possessor of the noun the figure measures, else the grammatical subject of the verb that governs it; pronouns,
"l'entreprise", "nous" and "cette zone" resolved to what the text named before; the i-th name before
"respectivement". Without a parse, or when none of these names an entity, the nearest company, sector or segment
before the figure (`mentions.subject_before`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..names import fold
from .document import Document
from .mentions import Mention, Mentions, subject_before
from .rules import CITIES, FEDERATION_HEAD, INSTITUTION_HEAD, ORDINAL, PLACES
from .syntax import Parse
from .text import Span, strip_article

#: Subject words that stand for the article's topic: pronouns and the generic nouns of a company or the sector.
_TOPIC_WORDS = re.compile(
    r"^(?:il|elle|ils|elles|nous|on|(?:celui|celle|ceux|celles)(?:-ci|-là)?|(?:l'|le |la |cette |ce |notre |son |sa )?(?:entreprise|soci[ée]t[ée]|groupe|firme|"
    r"filiale|op[ée]rateur|multinationale|structure|compagnie))$",
    re.IGNORECASE,
)
_SUBJECT_KINDS = ("org", "sector", "place", "segment")


def subject_of(doc: Document, mentions: Mentions, parse: Parse, pos: int, sentence: Span) -> tuple[str, float] | None:
    """What a figure (or a rank) at `pos` is about, read from the parse.

    The possessor of the noun it measures ("le chiffre d'affaires d'Intelcia"); for "son/ses/leur", the subject of the
    clause's verb when it names one ("Intelcia a doublé son effectif"), else the topic named before the sentence;
    else the grammatical subject of the verb that governs the figure ("le secteur emploie ..."), a pronoun or
    "l'entreprise" standing for the topic. Without a parse, or when none of these names an entity, the nearest
    company, sector or segment before it (`subject_before`).
    """
    i = parse.token_at(pos) if parse else None
    if i is None:
        return subject_before(doc, mentions, pos, sentence[0])
    verb = parse.governor(i)
    who = parse.subject(verb) if verb is not None else None
    antecedent = parse.antecedent(who) if who is not None else None
    if antecedent is not None and who is not None:
        # A relative pronoun stands for its antecedent when the words before the pronoun name an entity.
        lo, hi = _within(parse.subtree(antecedent, skip_clauses=True), sentence)
        if _named(mentions, lo, min(hi, parse.tokens[who].start), parse.tokens[antecedent].start) is not None:
            who = antecedent
    said = None
    for _ in range(3):
        if who is None:
            break
        lo, hi = _within(parse.subtree(who, skip_clauses=True), sentence)
        said = _named(mentions, lo, hi, parse.tokens[who].start)
        if said is not None or parse.tokens[who].pos not in ("NOUN",) or verb is None or not parse.tokens[verb].dep.startswith("acl"):
            break
        # "des espaces s'étendant sur 131.000 m2": the noun the participle qualifies names nothing; the subject is
        # the one of the verb that governs that noun ("Il prévoit des espaces ...").
        verb = parse.governor(who)
        who = parse.subject(verb) if verb is not None else None
    for j in parse.path_up(i)[1:]:
        if parse.tokens[j].pos in ("VERB", "AUX") or j == verb:
            break
        for p in parse.possessors(j):
            if parse.tokens[p].lemma in ("son", "leur"):
                return (said.entity or "", 0.8) if said is not None else _topic(doc, mentions, sentence[0], parse.tokens[p].text)
            found = _named(mentions, *_within(parse.subtree(p, skip_clauses=True), sentence), -1)
            if found is not None:
                return found.entity or "", 0.8
    if said is not None:
        return said.entity or "", 0.85
    if who is not None:
        lo, hi = _within(parse.subtree(who, skip_clauses=True), sentence)
        words = doc.norm[lo:hi].strip()
        site = _site_before(doc, mentions, pos) if _SITE_WORDS.search(words) and not lo <= pos < hi else None
        if site is not None:
            return site, 0.7
        if _TOPIC_WORDS.match(words):
            if re.match(r"(?:nous|notre|nos)\b", words, re.IGNORECASE):
                return _topic(doc, mentions, sentence[0], words)
            return _previous_subject(doc, mentions, parse, sentence) or _topic(doc, mentions, sentence[0], words)
    return subject_before(doc, mentions, pos, sentence[0])


#: Subject nouns that stand for a site or a park named before ("cette nouvelle zone", "le futur parc", "ce projet").
_SITE_WORDS = re.compile(
    r"\b(?:zones?|parcs?|sites?|technopoles?|technoparcs?|campus|plateformes?|projets?|complexes?|pôles?)\b", re.IGNORECASE
)


def _site_before(doc: Document, mentions: Mentions, pos: int) -> str | None:
    """The site or park named last before `pos` in its paragraph: a place of several words, none of them a country
    or city of the rule tables ("Fès Shore" is a park, "Rabat" is not; an acronym is not)."""
    paragraph = doc.norm.rfind("\n\n", 0, pos) + 1
    places = [
        m for m in mentions.within(max(paragraph, pos - 2000), pos, {"place"})
        if m.entity and _is_site(doc.text[m.start : m.end])
    ]  # fmt: skip
    return places[-1].entity if places else None


_LISTED_PLACES = frozenset(fold(name) for name in (*CITIES, *(fr for _, fr, *_ in PLACES), *(en for _, _, en, *_ in PLACES)))


def _is_site(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and fold(name) not in _LISTED_PLACES and not name.isupper()


def _previous_subject(doc: Document, mentions: Mentions, parse: Parse, sentence: Span, depth: int = 0) -> tuple[str, float] | None:
    """What a pronoun ("il", "celle-ci") refers to: the subject of the main verb of one of the three sentences before,
    the nearest first, when it names an organisation or a site (a pronoun there is resolved the same way)."""
    i = doc.sentence_index(sentence[0])
    for k in range(i - 1, max(-1, i - 4), -1):
        s, e = doc.sentences[k]
        first = parse.token_at(s)
        if first is None:
            continue
        roots = [j for j in range(first, len(parse.tokens)) if parse.tokens[j].start < e and parse.tokens[j].head == j]
        for root in roots:
            who = parse.subject(root)
            if who is None:
                continue
            lo, hi = _within(parse.subtree(who, skip_clauses=True), (s, e))
            named = _named(mentions, lo, hi, parse.tokens[who].start)
            if named is not None and named.kind in ("org", "place"):
                return named.entity or "", 0.65
            site = _site_before(doc, mentions, lo) if _SITE_WORDS.search(doc.norm[lo:hi]) else None
            if site is not None:
                return site, 0.6
            if depth < 2 and _TOPIC_WORDS.match(doc.norm[lo:hi].strip()) and not re.match(r"(?:nous|on)\b", doc.norm[lo:hi].strip(), re.I):
                return _previous_subject(doc, mentions, parse, (s, e), depth + 1)
    return None


def respective_subject(doc: Document, mentions: Mentions, pos: int, sentence: Span) -> tuple[str, float] | None:
    """ "l'Égypte et la Tunisie se classent respectivement aux 6e (+7 places) et 17e rangs": the i-th rank after
    "respectivement" (or a change of places in brackets after it) belongs to the i-th of the places or organisations
    named before it in the sentence."""
    s, e = sentence
    cue = doc.norm.rfind("respectivement", s, pos)
    if cue < 0:
        return None
    stop = re.search(r"[,;:]", doc.norm[cue:e])  # the coordination ends with its clause
    e = cue + stop.start() if stop else e
    ranks = [m.start() for m in ORDINAL.finditer(doc.norm, cue, e)]
    before = [r for r in ranks if r <= pos]
    named = [m for m in mentions.within(s, cue, {"place", "org"}) if m.entity]
    if not before or len(ranks) < 2 or len(named) < len(ranks):
        return None
    return named[-len(ranks) :][len(before) - 1].entity or "", 0.7


def _within(span: Span, sentence: Span) -> Span:
    return max(span[0], sentence[0]), min(span[1], sentence[1])


def _named(mentions: Mentions, lo: int, hi: int, head: int) -> Mention | None:
    """The company, sector, place or segment a subject phrase text[lo:hi] names: an organisation or the sector
    first, outside a post ("le président de la FMES" names a person, not the FMES); a place only when it is the
    phrase's head (at `head`), not a place named inside it."""
    found = [
        m for m in mentions.within(lo, hi, _SUBJECT_KINDS)
        if not _in_post(mentions, m) and (m.kind != "place" or m.start <= head < m.end)
    ]  # fmt: skip
    # A name before an anaphora ("le secteur des centres de contacts" is about the contact centres), then by kind.
    for anaphora in (False, True):
        for kind in _SUBJECT_KINDS:
            for m in found:
                if m.kind == kind and m.anaphora == anaphora:
                    return m
    return None


def _in_post(mentions: Mentions, m: Mention) -> bool:
    return any(p.kind == "post" and p.start <= m.start and m.end <= p.end for p in mentions.within(m.start - 80, m.end, {"post"}))


def _topic(doc: Document, mentions: Mentions, sentence_start: int, word: str) -> tuple[str, float] | None:
    """What a pronoun or "l'entreprise" refers to: for "nous" (an interview), the company of the speaker's post,
    else the company the article names most often (public bodies and federations aside); else the company or
    sector named last before the sentence."""
    if not re.match(r"(?:nous|notre|nos)\b", word, re.IGNORECASE):
        found = subject_before(doc, mentions, sentence_start, sentence_start)
        return (found[0], min(found[1], 0.7)) if found else None
    # The organisation of the post of the person speaking ("DRH de X") first, else the one named most often.
    public = {m.entity for m in mentions if m.kind == "org" and _public_body(doc, m)}
    # "Agence nationale ... (ANAPEC)": the acronym names the same public body.
    acronyms = {
        a.group(1) for m in mentions if m.entity in public for a in [re.match(r"\s*\(([^()]{2,12})\)", doc.norm[m.end : m.end + 16])] if a
    }
    public |= {m.entity for m in mentions if m.kind == "org" and doc.text[m.start : m.end] in acronyms}
    companies = [m for m in mentions if m.kind == "org" and m.entity and m.entity not in public]
    for pool in ([m for m in companies if _in_post(mentions, m)], [m for m in companies if not _in_post(mentions, m)]):
        counts = Counter(m.entity for m in pool)
        if counts:
            # The most named, the first named among equals.
            return max(counts, key=lambda e: (counts[e], -min(m.start for m in pool if m.entity == e))) or "", 0.6
    found = subject_before(doc, mentions, sentence_start, sentence_start)
    return (found[0], min(found[1], 0.6)) if found else None


def _public_body(doc: Document, m: Mention) -> bool:
    """Whether an organisation mention names a public body or a federation ("Agence ...", "ministère", "ANAPEC"
    defined as an "Agence ..."): never what an interviewee's "nous" stands for."""
    names = [doc.text[m.start : m.end], m.name, m.acronym.long if m.acronym else ""]
    return any(INSTITUTION_HEAD.match(strip_article(n)) or FEDERATION_HEAD.match(strip_article(n)) for n in names if n)
