"""Posts: "le directeur général d'Intelcia", "président de la CGEM" as `Post` entities (with `postIn` and `role`
claims) and who holds them, when the text names the holder next to the post or in the next sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import EntityIndex
from .document import Document
from .entities import DraftEntities
from .items import DraftClaim, claim_id
from .mentions import Mention, Mentions
from .rules import POSSESSIVE_ROLE, ROLE_BEFORE_ORG, ROLES
from .text import elide

#: What may sit between a post and its holder: "le président de la CGEM, M. Amine Berrada".
_HOLDER_AFTER = re.compile(r",?\s*(?:M\.\s*|Mme\s*)?")
#: ... and between a holder and the post: "Amine Berrada, (l'actuel) président de la CGEM".
_HOLDER_BEFORE = re.compile(r",\s*(?:(?:l'|le |la )?(?:actuel(?:le)? |nouveau |nouvelle |ancien(?:ne)? )?)?")


@dataclass(frozen=True)
class Posts:
    """The mentions with the posts added (a post covers its organisation's mention; both are kept), and the claims."""

    mentions: Mentions
    claims: list[DraftClaim]


def find_posts(doc: Document, index: EntityIndex, mentions: Mentions, entities: DraftEntities) -> Posts:
    """Every role followed by a linked organisation's mention: a post (known, else drafted in `entities`), its
    claims, and its holder's `holdsPost` claim."""
    orgs = {m.start: m for m in mentions if m.kind == "org" and m.entity}
    posts: list[Mention] = []
    for match in ROLE_BEFORE_ORG.finditer(doc.norm, 0, doc.limit):
        org = orgs.get(match.end())
        if org is not None:
            posts.append(_post(match.group(1), match.group(2), (match.start(), org.end), org, index, entities))
    for match in POSSESSIVE_ROLE.finditer(doc.norm, 0, doc.limit):
        # "son directeur général": the post of the organisation the sentence is about (the first it names), else
        # of the last one the sentence before names.
        i = doc.sentence_index(match.start())
        if i < 0:
            continue
        s = doc.sentences[i][0]
        free = [m for m in mentions.within(doc.sentences[max(0, i - 1)][0], match.start(), {"org"})
                if not any(p.start <= m.start < p.end for p in posts)]  # fmt: skip
        here = [m for m in free if m.start >= s]
        org = here[0] if here else free[-1] if free else None
        if org is not None:
            post = _post(match.group(1), "de", (match.start(), match.end()), org, index, entities)
            drafted = entities[post.entity or ""]
            if not drafted.linked and drafted.review is None:
                drafted.review = f"«{match.group()}»: the organisation ({org.name}) is the one the sentence is about; check it"
            posts.append(post)
    if not posts:
        return Posts(mentions, [])
    mentions = Mentions([*mentions.items, *posts])
    claims: list[DraftClaim] = []
    for post in posts:
        claims += _post_claims(post, entities)
        claims += _holder_claims(doc, mentions, post, entities)
    return Posts(mentions, claims)


def _post(role_text: str, prep: str, span: tuple[int, int], org: Mention, index: EntityIndex, entities: DraftEntities) -> Mention:
    """The post a role names at its organisation (`prep` the words between them, `span` the post's words): linked
    when known (by id or French label), else drafted."""
    _, role_key, role_en, role_term = next(r for r in ROLES if re.fullmatch(r[0], role_text, re.IGNORECASE))
    assert org.entity is not None
    organisation = entities[org.entity]
    short = organisation.short or organisation.label_fr
    if organisation.linked:
        # A known organisation is named by its acronym when it has one ("président de la CGEM").
        aliases = [a for a in index.entries[organisation.id].names if a.isupper() and 2 <= len(a) <= 8]
        short = aliases[0] if aliases else organisation.label_fr
    prep = prep.strip()
    fr = f"{role_text.lower()} {prep} {short}" if not prep.endswith("'") else f"{role_text.lower()} {prep}{short}"
    if prep in ("de", "d'"):
        fr = f"{role_text.lower()} {elide('de', short)}"
    the = "the " if prep in ("de la", "du", "de l'", "des") else ""
    en = f"{role_en} of {the}{organisation.label_en if not organisation.acronym else short}"
    ident = f"post/{organisation.id.split('/', 1)[1]}-{role_key}"
    known = sorted(i for i in index.lookup(fr) if i.startswith("post/"))
    if ident in index or known:
        entity = entities.link(index.entries[ident if ident in index else known[0]], span, 0.9)
    else:
        entity = entities.new(ident, "post", "Post", fr, en, span, 0.85)
        drafted = entities[entity]
        drafted.org, drafted.role = organisation.id, role_term
        drafted.article = "la" if fr.split()[0].endswith("e") else "le"
    return Mention(span[0], span[1], "post", "rule", 60, name=fr, entity=entity)


def _post_claims(post: Mention, entities: DraftEntities) -> list[DraftClaim]:
    """`postIn` and (when the role is an ontology term) `role` of a drafted post; none for a known one."""
    assert post.entity is not None
    entity = entities[post.entity]
    quote = (post.start, post.end)
    if entity.linked:
        return []
    assert entity.org is not None
    claims = [DraftClaim(claim_id(post.entity, "post-in"), "qualitative", entity.id, "postIn", entity.org, [quote], confidence=0.9)]
    if entity.role:
        claims.append(DraftClaim(claim_id(post.entity, "role"), "qualitative", entity.id, "role", entity.role, [quote], confidence=0.85))
    return claims


def _holder_claims(doc: Document, mentions: Mentions, post: Mention, entities: DraftEntities) -> list[DraftClaim]:
    """`holdsPost` for the person named right before or after the post; else for the first person the next sentence
    names, if the post's sentence names none and the next sentence names no post (a weaker lead, flagged)."""
    assert post.entity is not None
    text = doc.norm
    s0, _ = doc.sentence_of(post.start)
    i = doc.sentence_index(post.start)
    e1 = doc.sentences[min(len(doc.sentences) - 1, i + 1)][1] if i >= 0 else post.end + 300
    persons = mentions.within(s0, e1, {"person"})
    holder, confidence, span = None, 0.0, (post.start, post.end)
    for p in persons:
        if p.start >= post.end and _HOLDER_AFTER.fullmatch(text[post.end : p.start]):
            holder, confidence, span = p, 0.85, (post.start, p.end)
            break
        if p.end <= post.start and _HOLDER_BEFORE.fullmatch(text[p.end : post.start]):
            holder, confidence, span = p, 0.85, (p.start, post.end)
            break
    if holder is None:
        # "... du président de la FMES. S'exprimant ..., Youssef Chraibi a ...": the next sentence names him.
        s, e = doc.sentences[i]
        if any(s <= p.start < e for p in persons):
            return []
        if i + 1 < len(doc.sentences):
            ns, ne = doc.sentences[i + 1]
            after = [p for p in persons if ns <= p.start < ne]
            if after and not [m for m in mentions if m.kind == "post" and ns <= m.start < ne]:
                holder, confidence, span = after[0], 0.5, (post.start, after[0].end)
    if holder is None:
        return []
    assert holder.entity is not None
    review = None
    if confidence < 0.8:
        review = "the holder is named in the next sentence, not next to the post; check that it is the same person"
    person = entities[holder.entity]
    if person.post is None:
        person.post = post.entity
    return [DraftClaim(claim_id(holder.entity, "holds", post.entity), "qualitative", holder.entity, "holdsPost", post.entity, [span],
                       confidence=confidence, review=review)]  # fmt: skip
