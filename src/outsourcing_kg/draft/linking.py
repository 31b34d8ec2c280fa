"""Linking: each mention to a known entity (same name, else a close spelling) or to a new one; the article's main
country; sector names made specific to it ("outsourcing au Maroc"); Moroccan cities located in Morocco."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from ..names import EntityIndex, name_key
from .document import Document
from .entities import DraftEntities, french_label
from .items import DraftClaim, DraftEntity, claim_id
from .kinds import UNNAMED_EVENT_NOTE, event_slug
from .mentions import Mention, Mentions, org_kind
from .rules import DEMONYMS, PLACES
from .text import slugify, strip_article


@dataclass(frozen=True)
class Country:
    """The article's main country: its entity id, French and English names, French "in" preposition."""

    id: str
    fr: str
    en: str
    prep: str


@dataclass(frozen=True)
class Linked:
    """The mentions with their entities, the article's main country (if any) and what to review."""

    mentions: Mentions
    country: Country | None
    review: list[str]


def link_mentions(doc: Document, index: EntityIndex, mentions: Mentions, entities: DraftEntities) -> Linked:
    """Give each mention its entity, drafting new entities in `entities`; a mention that stays unlinked is dropped
    from the draft (its `entity` stays None) and, when it names several known entities, noted for review."""
    review: list[str] = []
    votes = _country_votes(doc, mentions)
    linked = [_link(m, index, entities, review) for m in mentions]
    country = None
    if votes:
        key = votes.most_common(1)[0][0]
        place = next(p for p in PLACES if p[0] == key)
        country = Country(entities.place(place[0], place[1], place[2], place[3], None), place[1], place[2], place[4])
    for i, m in enumerate(mentions):
        if m.kind == "sector" and m.sector is not None:
            linked[i] = _link_sector(doc, m, index, entities, country, review)
    # Sector anaphora ("le secteur") point to the last named sector before them, else the most mentioned one.
    named = [(m, e) for m, e in zip(mentions, linked, strict=True) if m.kind == "sector" and e and not m.anaphora]
    common = Counter(e for _, e in named).most_common(1)
    for i, m in enumerate(mentions):
        if m.anaphora:
            before = [e for n, e in named if n.end <= m.start]
            linked[i] = before[-1] if before else (common[0][0] if common else None)
    return Linked(Mentions(replace(m, entity=e) for m, e in zip(mentions, linked, strict=True)), country, review)


def _country_votes(doc: Document, mentions: Mentions) -> Counter[str]:
    """Votes for the article's main country: each mention of a country, each demonym ("marocaines")."""
    votes: Counter[str] = Counter()
    for m in mentions:
        if m.kind == "place" and m.place is not None and m.place.type == "Country":
            votes[m.place.key] += 1
    for key, demonym in DEMONYMS:
        # Every country with a demonym gets a vote, if only 0: an article that names no country is about Morocco.
        votes[key] += len(demonym.findall(doc.norm[: doc.limit]))
    return votes


def _link(m: Mention, index: EntityIndex, entities: DraftEntities, review: list[str]) -> str | None:
    """The entity of a mention other than a sector name: the one known entity with its name, else the one known
    entity within a few typos (flagged), else a new organisation, person or place."""
    if m.kind == "sector" and (m.sector is not None or m.anaphora):
        return None
    if len(m.known) == 1:
        known = index.entries[next(iter(m.known))]
        return entities.link(known, (m.start, m.end), 0.95 if m.source in ("known", "acronym") else 0.85)
    if len(m.known) > 1:
        return _ambiguous(m, sorted(m.known), "has the same name as", index, entities, review)
    if m.kind in ("org", "person", "place"):
        # spaCy takes a segment's name for an organisation ("la Relation Clients"): a close spelling links it.
        kinds = {m.kind} | ({"org", "place"} if m.kind in ("org", "place") else set()) | ({"segment"} if m.source == "ner" else set())
        near = index.within_typos(m.name, kinds)
        if near:
            best = [i for d, i in near if d == near[0][0]]
            if len(best) != 1:
                return _ambiguous(m, best, "is spelled like", index, entities, review)
            known = index.entries[best[0]]
            ident = entities.link(known, (m.start, m.end), 0.7)
            entity = entities[ident]
            entity.review = entity.review or f"linked to {known.id} ({french_label(known)}) by a close spelling: «{m.name}»; check it"
            return ident
    if m.kind == "org":
        return _new_org(m, entities)
    if m.kind == "person":
        return _new_person(m, entities)
    if m.kind == "place":
        if m.place is not None:
            return entities.place(m.place.key, m.place.fr, m.place.en, m.place.type, (m.start, m.end))
        return entities.new(f"place/{slugify(m.name)}", "place", m.etype or "Place", m.name, m.name, (m.start, m.end), 0.6)
    if m.kind == "event":
        return _new_event(m, entities)
    if m.kind == "segment" and m.acronym is not None:
        review.append(f"«{m.acronym.long} ({m.acronym.acronym})» looks like a business segment that ontology/segments.ttl does not have; "
                      "add it there if it is one")  # fmt: skip
    return None


def _ambiguous(m: Mention, candidates: list[str], how: str, index: EntityIndex, entities: DraftEntities, review: list[str]) -> str | None:
    """A mention that names several known entities: a new entity flagged for review (never a merge), or only a
    review note when the candidates do not agree on a kind and type a new entity could take."""
    names = ", ".join(f"{c} ({french_label(index.entries[c])})" for c in candidates)
    kinds = {index.entries[c].kind for c in candidates}
    types = {index.entries[c].type for c in candidates}
    kind = next(iter(kinds)) if len(kinds) == 1 else m.kind
    etype = next(iter(types)) if len(types) == 1 else {"org": "Organization", "person": "Person", "place": "Place"}.get(kind)
    if kind not in ("org", "person", "place", "event", "sector") or etype is None:
        review.append(f"«{m.name}» at character {m.start} {how} several known entities ({names}); not drafted")
        return None
    ident = entities.free_id(f"{kind}/{slugify(m.name)}")
    entity = entities.get(ident) or DraftEntity(ident, kind, etype, m.name, m.name, mention=(m.start, m.end), confidence=0.3)
    entity.review = f"«{m.name}» {how} several known entities: {names}; keep one of their ids (and delete this declaration) or keep it new"
    entities.put(entity)
    return ident


def _new_org(m: Mention, entities: DraftEntities) -> str:
    """A new organisation: one per acronym, else one per name (a repeated name raises its confidence)."""
    if m.acronym is not None:
        long, acronym = m.acronym.long, m.acronym.acronym
        cluster = next((e for e in entities if e.acronym == acronym), None)
        if cluster is not None:
            return cluster.id
        ident = entities.free_id(f"org/{slugify(acronym)}")
        entities.put(
            DraftEntity(
                ident, "org", m.etype or org_kind(long), long, long, [acronym], (m.start, m.end), 0.9, acronym=acronym, short=acronym
            )
        )
        return ident
    name = m.name
    for e in entities:
        if e.kind == "org" and name_key(name) in {name_key(e.label_fr), *map(name_key, e.aliases)}:
            e.confidence = min(0.9, e.confidence + 0.1)
            return e.id
    ident = entities.free_id(f"org/{slugify(name)}")
    confidence = 0.75 if m.source in ("rule", "gazetteer") else 0.6
    entity = DraftEntity(ident, "org", m.etype or org_kind(name), name, m.label_en or name, [], (m.start, m.end), confidence, short=name)
    if m.source == "ner" and entity.type == "Company" and len(name.split()) == 1:
        entity.review = "spaCy's guess: no word around the name says it is a company; check its kind"
    entities.put(entity)
    return ident


def _new_event(m: Mention, entities: DraftEntities) -> str:
    """A new event: one per acronym or name (a named fair, "conférence de presse", the pandemic), its acronym as an
    alias; an unnamed event is flagged, for the curator to name it (what, when, where)."""
    if m.acronym is not None:
        long, acronym = m.acronym.long, m.acronym.acronym
        cluster = next((e for e in entities if e.kind == "event" and (e.acronym == acronym or acronym in e.aliases)), None)
        if cluster is not None:
            return cluster.id
        ident = entities.free_id(f"event/{slugify(acronym)}")
        entities.put(DraftEntity(ident, "event", "Event", long, long, [acronym], (m.start, m.end), 0.8, acronym=acronym, short=acronym))
        return ident
    unnamed = m.source == "rule" and m.etype == "Event" and bool(m.label_en)  # only unnamed events carry an English label
    for e in entities:
        if e.kind != "event" or e.linked:
            continue
        same_name = name_key(m.name) in {name_key(e.label_fr), *map(name_key, e.aliases)} or bool(set(m.aliases) & set(e.aliases))
        if same_name or (unnamed and m.label_en and e.label_en == m.label_en and e.review):
            return e.id
    ident = entities.free_id(f"event/{event_slug(m)}")
    entity = DraftEntity(ident, "event", m.etype or "Event", m.name, m.label_en or m.name, list(m.aliases), (m.start, m.end),
                         0.5 if unnamed else 0.7)  # fmt: skip
    if unnamed:
        entity.review = UNNAMED_EVENT_NOTE
    entities.put(entity)
    return ident


def _new_person(m: Mention, entities: DraftEntities) -> str:
    """A new person, or one already drafted with the same full name or (for a surname alone) the same surname."""
    name = m.name
    key = name_key(name)
    for e in entities:
        if e.kind != "person":
            continue
        full = name_key(e.label_fr)
        if key == full or (len(key.split()) == 1 and full.split()[-1] == key):
            e.confidence = min(0.9, e.confidence + 0.1)
            return e.id
        if len(key.split()) > 1 and full == key.split()[-1] and not e.linked:
            # "M. Alami ... Karim Alami": the surname came first; the full name is the label now.
            e.label_fr = e.label_en = name
            e.confidence = 0.7
            return e.id
        if set(m.aliases) & {e.label_fr, *e.aliases}:
            return e.id
    # A surname alone is a weaker lead than a full name.
    confidence = 0.4 if len(name.split()) == 1 else 0.7
    ident = entities.free_id(f"person/{slugify(name)}")
    aliases = [a for a in m.aliases if a != name]
    entity = DraftEntity(ident, "person", "Person", name, name, aliases, (m.start, m.end), confidence)
    if m.source == "rule" and name in m.aliases:
        entity.review = "a title that stands for a person: give the person's name as the label"
    entities.put(entity)
    return ident


def _link_sector(doc: Document, m: Mention, index: EntityIndex, entities: DraftEntities, country: Country | None,
                 review: list[str]) -> str | None:  # fmt: skip
    """A sector name: the known sector with its name (or its country-specific id), else a new sector of the article's
    country ("outsourcing au Maroc", `sector/outsourcing-morocco`) with the words the text used as aliases."""
    assert m.sector is not None
    key, fr, en = m.sector.key, m.sector.fr, m.sector.en
    ident = f"sector/{key}-{slugify(country.en)}" if country else f"sector/{key}"
    candidates = index.lookup(m.name) | index.lookup(fr) | ({ident} if ident in index else set())
    candidates = {c for c in candidates if index.entries[c].kind == "sector"}
    if ident in candidates:
        candidates = {ident}
    if len(candidates) == 1:
        return entities.link(index.entries[next(iter(candidates))], (m.start, m.end), 0.85)
    if len(candidates) > 1:
        return _ambiguous(m, sorted(candidates), "may name", index, entities, review)
    label_fr = f"{fr} {country.prep} {country.fr}" if country else fr
    label_en = f"{en} in {country.en}" if country else en
    existing = entities.get(ident)
    linked = entities.new(ident, "sector", "Sector", label_fr, label_en, (m.start, m.end), 0.8)
    entity = entities[linked]
    surface = doc.text[m.start : m.end]
    if existing is None:
        entity.aliases = [fr] if name_key(fr) != name_key(label_fr) else []
    if name_key(surface) not in {name_key(a) for a in [entity.label_fr, *entity.aliases]} and len(entity.aliases) < 6:
        entity.aliases.append(strip_article(surface))
    return linked


def locate_cities(mentions: Mentions, index: EntityIndex, entities: DraftEntities) -> list[DraftClaim]:
    """`locatedIn` Morocco claims for the new cities of the rule tables (a City needs one); a city whose claim cannot
    be drafted (Morocco is neither known nor mentioned) becomes a Place, flagged for review."""
    morocco = next(p for p in PLACES if p[0] == "morocco")
    claims = []
    for m in mentions:
        entity = entities.get(m.entity or "")
        if entity is None or entity.linked or entity.type != "City" or entity.located:
            continue
        country = entities.place(morocco[0], morocco[1], morocco[2], morocco[3], None)
        if country not in index and entities[country].mention is None:
            entity.type = "Place"
            entity.review = "a city needs `locatedIn`: add it to graph/reference/reference.yaml with `located_in`, then make it a City"
            continue
        entity.located = True
        claims.append(DraftClaim(claim_id(entity.id, "located-in", country), "qualitative", entity.id, "locatedIn", country,
                                 [(m.start, m.end)], confidence=0.7, note="from the extractor's list of Moroccan cities, not stated in the text"))  # fmt: skip
    return claims
