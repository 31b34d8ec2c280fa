"""Rankings: "le premier pourvoyeur de devises en 2019", "le deuxième employeur du pays (auparavant troisième après
l'agriculture)" as ranking claims: rank, criterion, year or the year it held until, scope, who ranks before."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..names import name_key
from .document import Document
from .items import DraftClaim, DraftEntity, claim_id
from .linking import Country
from .mentions import Mention, Mentions
from .rules import (
    BEFORE,
    BEFORE_YEAR,
    CRITERIA,
    DEMONYMS,
    NATIONAL,
    ORDINAL,
    ORDINALS,
    RANK_HEAD,
    RANK_YEAR_AFTER,
    RANK_YEAR_BEFORE,
    RANKED_BEHIND,
    RANKING_VERB_FORM,
    RANKING_VERBS,
    TOP_GROUP,
)
from .subjects import respective_subject, subject_of
from .syntax import Parse
from .text import clause_end, clause_start, kebab, word_span

_CRITERIA = [(prop, re.compile(pattern, re.IGNORECASE)) for prop, pattern in CRITERIA]
_ARTICLE_BEFORE = re.compile(r"(?:le |la |l')$")


def ranking_claims(
    doc: Document,
    mentions: Mentions,
    entities: Mapping[str, DraftEntity],
    country: Country | None,
    parse: Parse | None = None,
    pub_year: int | None = None,
) -> list[DraftClaim]:
    """A claim per ordinal ("31e", "deuxième", "leader", "parmi les trois premières") whose criterion (named after
    it, else the one of the ranking before it in the sentence) and subject the rules find; the subject as for
    figures (the possessor or grammatical subject in the parse, else the nearest mention before)."""
    claims: list[DraftClaim] = []
    for s, e in doc.sentences:
        previous: DraftClaim | None = None
        for match in ORDINAL.finditer(doc.norm, s, e):
            claim = _ranking(doc, mentions, entities, country, match, (s, e), previous, parse or Parse([]), pub_year)
            if claim is not None:
                claims.append(claim)
                previous = claim
    return claims


def _ranking(
    doc: Document,
    mentions: Mentions,
    entities: Mapping[str, DraftEntity],
    country: Country | None,
    match: re.Match[str],
    sentence: tuple[int, int],
    previous: DraftClaim | None,
    parse: Parse,
    pub_year: int | None,
) -> DraftClaim | None:
    s, e = sentence
    rank = _rank(match.group(1))
    if rank is None:
        return None
    end_of_clause = clause_end(doc.norm, match.end(), min(e, match.end() + 90))
    tail = doc.norm[match.end() : end_of_clause]
    behind = _ranked_behind(mentions, match.end(), tail)
    criterion, crit_span = _criterion(tail, match.end())
    if criterion is None and not tail.strip() and doc.norm[match.end() : match.end() + 2].strip().startswith("("):
        # "aux 6e (+7 places) et 17e rangs": the criterion is named past the bracket.
        criterion, crit_span = _criterion(doc.norm[match.end() : min(e, match.end() + 60)], match.end())
    if criterion is None and not tail.strip() and doc.norm[match.end() : match.end() + 1] == ")":
        criterion, crit_span = (previous.criterion if previous is not None else "ranking"), None  # "le Sénégal (26e)"
    if criterion is None and previous is not None and (behind is not None or re.match(r"\s*[,;)]", tail) or not tail.strip()):
        criterion = previous.criterion
    if criterion is None:
        return None
    if criterion == "edition":
        # "la 17e édition du Salon X": the edition is the event's, named after it.
        named = [m for m in mentions.within(match.end(), min(e, match.end() + 160), {"event", "org"}) if m.entity]
        subject = (named[0].entity, 0.7) if named and named[0].entity else None
    else:
        subject = (
            _bracketed(doc, mentions, match.start())
            or respective_subject(doc, mentions, match.start(), (s, e))
            or _ranked_object(doc, mentions, parse, match.start())
            or subject_of(doc, mentions, parse, match.start(), (s, e))
        )
    if subject is None:
        return None
    end = max(match.end(), crit_span[1] if crit_span else 0, behind.end if behind else 0)
    year = before_year = None
    year_match = RANK_YEAR_AFTER.match(doc.norm[end:e])
    since = max(s, previous.quotes[0][1] if previous is not None else s)
    earlier = list(RANK_YEAR_BEFORE.finditer(doc.norm[clause_start(doc.norm, since, match.start()) : match.start()]))
    if year_match:
        year = int(year_match.group(1))
        end += year_match.end()
    elif earlier:
        year = int(earlier[-1].group(1))
    lead_start = max(s, match.start() - 40)
    lead = BEFORE.search(doc.norm[lead_start : match.start()])
    if lead:
        # "auparavant troisième": the rank held before the year given ("avant 2020"), else before the previous one's.
        explicit = BEFORE_YEAR.search(doc.norm[lead_start:end])
        before_year = int(explicit.group(1)) if explicit else (previous.year if previous is not None else None)
        start = lead_start + lead.start()
    else:
        start = match.start()
        article = _ARTICLE_BEFORE.search(doc.norm[max(s, start - 3) : start])
        if article:
            start -= len(article.group())
    quote = word_span(doc.text, start, end)
    if before_year is not None and previous is not None:
        quote = (min(previous.quotes[0][0], quote[0]), quote[1])
    if year is None and before_year is None and pub_year is not None:
        year = pub_year
    when = f"before-{before_year}" if before_year else str(year) if year else None
    return DraftClaim(
        claim_id(subject[0], "rank", kebab(criterion), when), "ranking", subject[0], "rank", rank, [quote], year=year,
        before_year=before_year, criterion=criterion, scope=_scope(doc, mentions, entities, country, match.start(), end_of_clause, s, e),
        ranked_behind=behind.entity if behind else None, confidence=round(min(0.8, subject[1]), 2),
        note=None if crit_span else "the criterion is the one of the ranking before it in the sentence",
    )  # fmt: skip


def _rank(word: str) -> int | None:
    """ "31e" -> 31, "deuxième" -> 2, "leader" -> 1, "les trois premières" -> 3."""
    key = name_key(word)
    if key in ORDINALS:
        return ORDINALS[key]
    digits = re.match(r"(\d+)", key)
    if digits:
        return int(digits.group(1)) or None
    if key == "leader":
        return 1
    group = next((n for w, n in TOP_GROUP.items() if w in key.split()), None)
    return group


def _ranked_object(doc: Document, mentions: Mentions, parse: Parse, pos: int) -> tuple[str, float] | None:
    """ "le rapport classe Casablanca parmi les trois premières": the object of a ranking verb is what is ranked
    (the verb found by its lemma, or by its form when the parser took it for a noun)."""
    i = parse.token_at(pos) if parse else None
    if i is None:
        return _object_after_verb(doc, mentions, pos)
    for j in parse.path_up(i)[1:4]:
        t = parse.tokens[j]
        if t.lemma not in RANKING_VERBS and not RANKING_VERB_FORM.fullmatch(t.text.lower()):
            continue
        for c in parse.children[j]:
            if parse.tokens[c].dep in ("obj", "nmod") and parse.tokens[c].start > t.start:
                lo, hi = parse.subtree(c, skip_clauses=True)
                named = [m for m in mentions.within(lo, hi, {"org", "place", "sector"}) if m.entity]
                if named:
                    return named[0].entity or "", 0.75
    return _object_after_verb(doc, mentions, pos)


def _object_after_verb(doc: Document, mentions: Mentions, pos: int) -> tuple[str, float] | None:
    """The same read from the words when the parse missed it: the name right after a ranking verb earlier in the
    sentence ("... qui classe Casablanca dans les trois premières")."""
    s, _ = doc.sentence_of(pos)
    verbs = [
        m
        for m in re.finditer(r"\b(\w+)\s+(?:l'|le |la |les )?", doc.norm[max(s, pos - 120) : pos])
        if RANKING_VERB_FORM.fullmatch(m.group(1).lower())
    ]
    if not verbs:
        return None
    at = max(s, pos - 120) + verbs[-1].end()
    named = [m for m in mentions.within(at, pos, {"org", "place", "sector"}) if m.entity and m.start == at]
    return (named[0].entity or "", 0.7) if named else None


def _bracketed(doc: Document, mentions: Mentions, pos: int) -> tuple[str, float] | None:
    """ "le Sénégal (26e)": the place or organisation named just before the bracket that holds the rank."""
    if not doc.norm[max(0, pos - 2) : pos].endswith("("):
        return None
    before = [m for m in mentions.within(max(0, pos - 60), pos, {"place", "org"}) if pos - m.end <= 3]
    return (before[-1].entity, 0.7) if before and before[-1].entity else None


def _ranked_behind(mentions: Mentions, at: int, tail: str) -> Mention | None:
    """The sector or organisation named right after "après"/"derrière" at the start of `tail` (text from `at`)."""
    after = RANKED_BEHIND.match(tail)
    if not after:
        return None
    at += after.end()
    # +2: past an elided article ("l'agriculture").
    return next((m for m in mentions if m.start in (at, at + 2) and m.kind in ("sector", "org") and m.entity), None)


def _criterion(tail: str, at: int) -> tuple[str | None, tuple[int, int] | None]:
    """The criterion named near the noun the rank qualifies in `tail` (text from `at`), and its span."""
    head = RANK_HEAD.match(tail)
    if head:
        for prop, pattern in _CRITERIA:
            found = pattern.search(tail[: head.end() + 45])
            if found:
                return prop, (at + found.start(), at + found.end())
    return None, None


def _scope(
    doc: Document, mentions: Mentions, entities: Mapping[str, DraftEntity], country: Country | None, start: int, end: int, s: int, e: int
) -> str | None:
    """The country a ranking is within: named in its clause (text[start:end]), else in its sentence; else the
    article's country when the sentence uses its demonym or says "du pays", "national"."""
    for lo, hi in ((start, end), (s, e)):
        for m in mentions.within(lo, hi, {"place"}):
            assert m.entity is not None
            if entities[m.entity].is_country:
                return m.entity
    country_id = country.id if country else None
    for key, demonym in DEMONYMS:
        if demonym.search(doc.norm[s:e]) and country_id and country_id.endswith(key):
            return country_id
    if NATIONAL.search(doc.norm[start:end]):
        return country_id
    return None
