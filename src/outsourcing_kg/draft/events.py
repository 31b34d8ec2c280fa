"""Events: talks ("s'exprimant lors d'une conférence à la CGEM, X a ..."), interviews ("interrogé par ..., X") and
projects ("Intelcia a lancé un nouveau site à Oujda"), with their speaker, host, date, launcher and place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..names import EntityIndex
from .dates import DateMention, PubDate, ResolvedDate, date_en, date_fr, find_dates, resolve_date
from .document import Document
from .entities import DraftEntities
from .items import DraftClaim, claim_id
from .kinds import UNNAMED_EVENT_NOTE
from .mentions import Mention, Mentions
from .rules import EXPANSION, HOST_BEFORE, INTERVIEW_CUE, PLACE_BEFORE, PROJECT_NOUN, PROJECT_VERB, TALK_CUE
from .text import Span, elide


@dataclass(frozen=True)
class Events:
    """Claims about the drafted events (speaker, host, date, launcher, location) and what to review."""

    claims: list[DraftClaim]
    review: list[str]


def find_events(
    doc: Document, index: EntityIndex, mentions: Mentions, entities: DraftEntities, pub: PubDate | None, amounts: Sequence[Span]
) -> Events:
    """Talks, then interviews, then projects, drafted in `entities`; `amounts` are the figures' spans (a year inside
    a figure is not a talk's date)."""
    claims: list[DraftClaim] = []
    review: list[str] = []
    for match in TALK_CUE.finditer(doc.norm, 0, doc.limit):
        talk = _talk(doc, index, mentions, entities, pub, amounts, match)
        claims += talk.claims
        review += talk.review
    for match in INTERVIEW_CUE.finditer(doc.norm, 0, doc.limit):
        claims += _interview(doc, mentions, entities, match)
    claims += _projects(doc, mentions, entities)
    return Events(claims, review)


def _speaker_after(mentions: Mentions, pos: int, end: int) -> Mention | None:
    """The first linked person or post named in text[pos:end]."""
    for m in mentions:
        if pos <= m.start < end and m.kind in ("person", "post") and m.entity:
            return m
    return None


def _holder_after(doc: Document, mentions: Mentions, post: Mention, end: int) -> Mention | None:
    """The person named right after a post ("le président de la CGEM, Amine Berrada"), before `end`."""
    for m in mentions:
        if post.end <= m.start < end and m.kind == "person" and re.fullmatch(r",?\s*", doc.norm[post.end : m.start]):
            return m
    return None


def _speaker_label(entities: DraftEntities, ident: str) -> tuple[str, str]:
    """French and English names of a speaker for an event's label: a person's name, "le président de ..."."""
    e = entities[ident]
    if e.kind == "post":
        return f"{e.article or 'le'} {e.label_fr}", f"the {e.label_en}"
    return e.label_fr, e.label_en


def _talk(
    doc: Document,
    index: EntityIndex,
    mentions: Mentions,
    entities: DraftEntities,
    pub: PubDate | None,
    amounts: Sequence[Span],
    match: re.Match[str],
) -> Events:
    """A talk: its host (an organisation after "à la", "devant"...), date and speaker (the first person or post after
    them, a post's holder preferred), within the cue's sentence; a date it cannot resolve is a review note."""
    _s, e = doc.sentence_of(match.start())
    window_end = min(e, match.end() + 120)
    host = next((m for m in mentions.within(match.end(), window_end, {"org"}) if HOST_BEFORE.search(doc.norm[match.end() : m.start])), None)
    dates = [
        d for d in find_dates(doc, match.end(), window_end, amounts) if d.kind != "year" or d.start < (host.start if host else window_end)
    ]
    date = dates[0] if dates else None
    clause_end = max(match.end(), host.end if host else 0, date.end if date else 0)
    speaker = _speaker_after(mentions, clause_end, e)
    if speaker is None:
        return Events([], [])
    if speaker.kind == "post":
        # A person named right after a post is its holder: prefer the person.
        speaker = _holder_after(doc, mentions, speaker, e) or speaker
    assert speaker.entity is not None
    fr_speaker, en_speaker = _speaker_label(entities, speaker.entity)
    slug = speaker.entity.split("/", 1)[1] + "-talk"
    fr, en = f"intervention de {fr_speaker}", f"talk by {en_speaker}"
    if host is not None:
        assert host.entity is not None
        short, en_name = _host_names(index, entities, host.entity)
        slug += "-" + host.entity.split("/", 1)[1]
        fr += f" à {'la ' if short.isupper() else ''}{short}"
        en += f" at {'the ' if short.isupper() else ''}{en_name}"
    resolved = resolve_date(doc, date, pub) if date else None
    if resolved and resolved.value:
        slug += "-" + resolved.value
        fr += f" ({date_fr(resolved.value)})"
        en += f" ({date_en(resolved.value)})"
    ident = entities.new(f"event/{slug}", "event", "Talk", fr, en, None, 0.6)
    event = entities[ident]
    event.mention = event.mention or (match.start(), clause_end)
    event.speaker = speaker.entity
    event.sentence = doc.sentence_index(match.start())
    for m in (m for m in mentions.within(match.start(), e, {"event"}) if m.start <= clause_end):
        # "lors d'une conférence de presse, X a ...": the talk is that event; the unnamed one is left out.
        unnamed = entities.get(m.entity or "")
        if unnamed is not None and unnamed.id != ident and unnamed.review == UNNAMED_EVENT_NOTE:
            unnamed.mention = None
    claims = [DraftClaim(claim_id(ident, "speaker"), "qualitative", ident, "speaker", speaker.entity, [(match.start(), speaker.end)],
                         confidence=0.6)]  # fmt: skip
    if host is not None and host.entity is not None:
        claims.append(DraftClaim(claim_id(ident, "host"), "qualitative", ident, "hostedBy", host.entity, [(match.start(), host.end)],
                                 confidence=0.6))  # fmt: skip
    if date is not None and resolved is not None:
        claim, note = _date_claim(ident, date, resolved)
        return Events([*claims, claim] if claim else claims, [note] if note else [])
    return Events(claims, [])


def _host_names(index: EntityIndex, entities: DraftEntities, ident: str) -> tuple[str, str]:
    """How a talk's label names its host: (short French name, English name); an acronym serves for both."""
    h = entities[ident]
    short = h.short or h.label_fr
    if h.linked:
        caps = [a for a in index.entries[h.id].names if a.isupper()]
        short = caps[0] if caps else h.label_fr
    return short, short if short.isupper() else h.label_en


def _date_claim(ident: str, date: DateMention, resolved: ResolvedDate) -> tuple[DraftClaim | None, str | None]:
    """(`eventDate` claim, None), flagged when the date is uncertain; or (None, review note) when it is unresolved."""
    value, confidence, note = resolved
    if value is None:
        return None, f"date of {ident}: {note}"
    review = note if confidence < 0.8 else None
    return DraftClaim(claim_id(ident, "date"), "qualitative", ident, "eventDate", {"date": value}, [(date.start, date.end)],
                      confidence=confidence, review=review, note=note if confidence >= 0.8 and note else None), None  # fmt: skip


def _interview(doc: Document, mentions: Mentions, entities: DraftEntities, match: re.Match[str]) -> list[DraftClaim]:
    """An interview of the first person or post named after the cue in its sentence."""
    _s, e = doc.sentence_of(match.start())
    speaker = _speaker_after(mentions, match.end(), e)
    if speaker is None or speaker.entity is None:
        return []
    fr_speaker, en_speaker = _speaker_label(entities, speaker.entity)
    ident = entities.new(f"event/{speaker.entity.split('/', 1)[1]}-interview", "event", "Interview",
                         f"entretien avec {fr_speaker}", f"interview of {en_speaker}", None, 0.6)  # fmt: skip
    event = entities[ident]
    end = match.end()
    while end > match.start() and doc.norm[end - 1] in " ,":
        end -= 1
    event.mention = event.mention or (match.start(), end)
    event.speaker = speaker.entity
    event.sentence = doc.sentence_index(match.start())
    return [DraftClaim(claim_id(ident, "speaker"), "qualitative", ident, "speaker", speaker.entity, [(match.start(), speaker.end)],
                       confidence=0.6)]  # fmt: skip


def _projects(doc: Document, mentions: Mentions, entities: DraftEntities) -> list[DraftClaim]:
    """In a sentence with a project noun and a launch verb: the organisation nearest the verb launched a project at
    the place named after them ("à Oujda"); one project per sentence."""
    claims: list[DraftClaim] = []
    for s, e in doc.sentences:
        nouns = list(PROJECT_NOUN.finditer(doc.norm, s, e))
        verbs = list(PROJECT_VERB.finditer(doc.norm, s, e))
        if not nouns or not verbs:
            continue
        for verb in verbs:
            orgs = [m for m in mentions.within(s, e, {"org"}) if abs(m.start - verb.end()) < 60 or abs(verb.start() - m.end) < 60]
            if not orgs:
                continue
            org = min(orgs, key=lambda m: min(abs(m.start - verb.end()), abs(verb.start() - m.end)))
            after = max(org.end, verb.end())
            places = [m for m in mentions if m.kind == "place" and m.entity and after <= m.start <= min(e, after + 60)
                      and PLACE_BEFORE.search(doc.norm[after : m.start])]  # fmt: skip
            if not places:
                continue
            noun = min(nouns, key=lambda x: abs(x.start() - verb.start()))
            claims += _project(entities, org, verb, places[0], noun)
            break
    return claims


def _project(entities: DraftEntities, org: Mention, verb: re.Match[str], place: Mention, noun: re.Match[str]) -> list[DraftClaim]:
    """The project (an expansion, else a new site) and its `launched` and `location` claims."""
    assert org.entity is not None and place.entity is not None
    kind = "expansion" if EXPANSION.search(noun.group()) else "site"
    o, p = entities[org.entity], entities[place.entity]
    oshort = o.short or o.label_fr
    fr_kind = "projet d'expansion" if kind == "expansion" else "nouveau site"
    fr = f"{fr_kind} {elide('de', oshort)} à {p.label_fr}"
    en = f"{o.label_en}'s {'expansion project' if kind == 'expansion' else 'new site'} in {p.label_en}"
    ident = entities.new(f"event/{o.id.split('/', 1)[1]}-{p.id.split('/', 1)[1]}-{kind}", "event", "Project", fr, en, None, 0.6)
    start = min(noun.start(), verb.start(), org.start)
    if place.end - start > 250:
        start = min(verb.start(), org.start)
    entities[ident].mention = entities[ident].mention or (start, place.end)
    quote = (min(verb.start(), org.start), place.end)
    return [
        DraftClaim(claim_id(o.id, "launched", ident), "qualitative", o.id, "launched", ident, [quote], confidence=0.6),
        DraftClaim(claim_id(ident, "location"), "qualitative", ident, "location", p.id, [quote], confidence=0.6),
    ]
