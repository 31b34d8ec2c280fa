"""Reported speech: «...», a déclaré X; «...», a-t-il déclaré; X a affirmé que ...; X le confirme : «...»;
<statement>, a assuré X; Selon X, ... as `statement` claims, with the speaker as claimant (a post's holder when the
sentence names them; a post such as "son directeur général" is resolved to its organisation by `posts`) and the talk
or interview it was said at."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .document import Document
from .items import DraftClaim, DraftEntity, claim_id
from .mentions import Mention, Mentions
from .rules import (
    ACCORDING_TO,
    ACCORDING_TO_INSIDE,
    PRONOUN_BEFORE_VERB,
    QUOTE_THEN_PRONOUN,
    QUOTE_THEN_VERB,
    SAID_COLON,
    SAID_THAT,
    SPEECH_VERB,
    VERB_THEN_SPEAKER,
)
from .text import Span, trim_quote, word_span

_SPEAKERS = ("person", "post")


class _Said(NamedTuple):
    """A statement found: who said it, what (the body's span), the span to quote, and how sure the rule is."""

    speaker: Mention
    body: Span
    quote: Span
    confidence: float


def speech_claims(doc: Document, mentions: Mentions, entities: Mapping[str, DraftEntity]) -> list[DraftClaim]:
    """Statements sentence by sentence: quoted then attributed, attributed then "que"/":", then "Selon X, ..."; a
    body already reported in the sentence is not reported again."""
    claims = []
    for i, (s, e) in enumerate(doc.sentences):
        said = _quoted(doc, mentions, s, e)
        said += _quoted_then_pronoun(doc, mentions, i, s, e, [x.body for x in said])
        said += _attributed(doc, mentions, i, s, e, [x.body for x in said])
        said += _verb_then_speaker(doc, mentions, s, e, [x.body for x in said])
        said += _according_to(doc, mentions, s, e, [x.body for x in said])
        claims += [_statement(doc, mentions, entities, _holder(mentions, entities, x, s, e), i) for x in said]
    return claims


def _quoted(doc: Document, mentions: Mentions, s: int, e: int) -> list[_Said]:
    """«...», a déclaré X  /  «...», estime le président de ..."""
    out = []
    for q in QUOTE_THEN_VERB.finditer(doc.norm[s:e]):
        speaker = next((m for m in mentions.within(s + q.end(), e, _SPEAKERS) if m.start - (s + q.end()) <= 4), None)
        if speaker:
            out.append(_Said(speaker, (s + q.start("body"), s + q.end("body")), (s + q.start(), speaker.end), 0.75))
    return out


def _quoted_then_pronoun(doc: Document, mentions: Mentions, i: int, s: int, e: int, done: list[Span]) -> list[_Said]:
    """«...», a-t-il déclaré / «...», ajoute-t-elle: the speaker is the last person or post named before the quote,
    in this sentence or the two before (a weaker lead)."""
    out = []
    for q in QUOTE_THEN_PRONOUN.finditer(doc.norm[s:e]):
        body = (s + q.start("body"), s + q.end("body"))
        if any(b[0] <= body[0] < b[1] for b in done):
            continue
        earlier = mentions.within(doc.sentences[max(0, i - 2)][0], s + q.start(), _SPEAKERS)
        if earlier:
            out.append(_Said(earlier[-1], trim_quote(doc.norm, *body), (s + q.start(), s + q.end()), 0.5))
    return out


def _verb_then_speaker(doc: Document, mentions: Mentions, s: int, e: int, done: list[Span]) -> list[_Said]:
    """<statement>, a assuré son directeur général / <statement>, rappelle X: the clause before the verb, said by the
    person or post named right after it."""
    out: list[_Said] = []
    for verb in VERB_THEN_SPEAKER.finditer(doc.norm, s, e):
        speaker = next((m for m in mentions.within(verb.end(), e, _SPEAKERS) if m.start - verb.end() <= 4), None)
        if speaker is None:
            continue
        opened = doc.norm.rfind("»", s, verb.start())
        body = trim_quote(doc.norm, opened + 1 if opened >= 0 else s, verb.start())
        if body[1] - body[0] < 10 or any(b[0] <= body[0] < b[1] or body[0] <= b[0] < body[1] for b in done):
            continue
        out.append(_Said(speaker, body, (body[0], speaker.end), 0.7))
    return out


def _attributed(doc: Document, mentions: Mentions, i: int, s: int, e: int, done: list[Span]) -> list[_Said]:
    """X a affirmé que ...  /  X le confirme : «...»  /  il a ajouté que ... (X named in the two sentences before)."""
    out: list[_Said] = []
    done = list(done)
    for verb in SPEECH_VERB.finditer(doc.norm, s, e):
        before = [m for m in mentions.within(s, verb.start(), _SPEAKERS) if verb.start() - m.end <= 60]
        if before:
            speaker, confidence = before[-1], 0.75
        elif PRONOUN_BEFORE_VERB.search(doc.norm[s : verb.start()]) and i > 0:
            earlier = mentions.within(doc.sentences[max(0, i - 2)][0], s, _SPEAKERS)
            if not earlier:
                continue
            speaker, confidence = earlier[-1], 0.5
        else:
            continue
        rest = doc.norm[verb.end() : e]
        que = SAID_THAT.match(rest)
        colon = SAID_COLON.match(rest)
        if que:
            body = (verb.end() + que.end(), e)
        elif colon:
            body = (verb.end() + colon.start(1), verb.end() + colon.end(1))
        else:
            continue
        body = trim_quote(doc.norm, *body)
        if any(b[0] <= body[0] < b[1] for b in done) or body[1] - body[0] < 10:
            continue
        start = speaker.start if speaker.start >= s else verb.start()
        out.append(_Said(speaker, body, (start, body[1]), confidence))
        done.append(body)
    return out


def _according_to(doc: Document, mentions: Mentions, s: int, e: int, done: list[Span]) -> list[_Said]:
    """Selon X, ... / Pour X, ... / D'après X, ... (X a person, a post or an organisation); also after a clause's
    start ("Ainsi, selon le ministre de ..., X, ..."), where X may follow a title."""
    lead = ACCORDING_TO.match(doc.norm[s:e])
    speaker, start = None, s
    if lead:
        speaker = next((m for m in mentions.within(s + lead.end(), e, (*_SPEAKERS, "org")) if m.start == s + lead.end()), None)
    if speaker is None:
        lead = ACCORDING_TO_INSIDE.search(doc.norm[s:e])
        if lead is None:
            return []
        start = s + lead.start() + (len(lead.group()) - len(lead.group().lstrip(", ")))
        # The first person or post before the next comma after the title ("selon le ministre de ..., X, ...").
        window = doc.norm.find(",", s + lead.end(), e)
        window = doc.norm.find(",", window + 1, e) if window != -1 else -1
        candidates = mentions.within(s + lead.end(), window if window != -1 else e, _SPEAKERS)
        speaker = candidates[0] if candidates else None
        if speaker is None:
            return []
    comma = doc.norm.find(",", speaker.end, e)
    # "Selon X, directrice générale de Y, ...": the apposition is not what was said.
    post = next((m for m in mentions.within(comma, e, ("post",)) if comma != -1 and m.start - comma <= 3), None)
    if post is not None:
        comma = doc.norm.find(",", post.end, e)
    if comma == -1:
        return []
    body = trim_quote(doc.norm, comma + 1, e)
    if body[1] - body[0] < 10 or any(b[0] <= body[0] < b[1] for b in done):
        return []
    return [_Said(speaker, body, (start, body[1]), 0.7)]


def _holder(mentions: Mentions, entities: Mapping[str, DraftEntity], said: _Said, s: int, e: int) -> _Said:
    """A statement by a post whose holder the sentence names ("X, directeur général de Y, a déclaré") is the holder's."""
    post = said.speaker
    if post.kind != "post":
        return said
    holder = next((m for m in mentions.within(s, e, ("person",)) if m.entity and entities[m.entity].post == post.entity), None)
    return said._replace(speaker=holder) if holder is not None else said


def _statement(doc: Document, mentions: Mentions, entities: Mapping[str, DraftEntity], said: _Said, sentence: int) -> DraftClaim:
    """The `statement` claim: about the first organisation, sector, segment or event the body names (else the
    speaker), stated at the speaker's talk or interview of this or the previous sentence."""
    speaker = said.speaker.entity
    assert speaker is not None
    body, quote = said.body, said.quote
    if quote[1] - quote[0] > 600:
        quote = body
    content = mentions.within(body[0], body[1], {"org", "sector", "segment", "event"})
    subject = content[0].entity if content else speaker
    assert subject is not None
    text = " ".join(doc.text[body[0] : body[1]].split())
    return DraftClaim(claim_id(speaker, "says", subject), "qualitative", subject, "statement", {"text": text, "lang": "fr"},
                      [word_span(doc.text, *quote)], claimant=speaker, stated_at=_stated_at(entities, speaker, sentence),
                      confidence=said.confidence)  # fmt: skip


def _stated_at(entities: Mapping[str, DraftEntity], speaker: str, sentence: int) -> str | None:
    """The last event whose speaker (or the speaker's post) is `speaker`, named in this or the previous sentence;
    else, for a post, the last event its holder spoke at."""
    stated_at = None
    post = entities[speaker].post
    for ev in entities.values():
        if ev.kind == "event" and ev.speaker is not None and ev.speaker in (speaker, post) and ev.sentence is not None \
                and 0 <= sentence - ev.sentence <= 1:  # fmt: skip
            stated_at = ev.id
    if stated_at is None and entities[speaker].kind == "post":
        for ev in entities.values():
            if ev.kind == "event" and ev.speaker and entities[ev.speaker].post == speaker:
                stated_at = ev.id
    return stated_at
