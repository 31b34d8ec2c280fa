"""What a draft holds: drafted entities and claims (with their quotes as text spans), and the whole draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import Span, slugify

#: A claim's value: an entity id or ontology term (str), a number, a `{date: ...}` or a `{text: ..., lang: ...}`.
ClaimValue = str | int | float | dict[str, str]


@dataclass
class DraftEntity:
    """An entity of the draft: new (with its type and labels) or linked to a known one (`type` None).

    `mention` is the span its `mention:` quote comes from; an entity without one is left out of the file. The
    remaining fields are what later rules need to know about it.
    """

    id: str
    kind: str  # the id's first part: org, person, place, post, event, sector, segment
    type: str | None  # None when the entity is already known (linked)
    label_fr: str = ""
    label_en: str = ""
    aliases: list[str] = field(default_factory=list)
    mention: Span | None = None
    confidence: float = 0.5
    review: str | None = None
    known_type: str | None = None  # a linked entity's type in the project
    acronym: str | None = None  # an organisation defined with its acronym
    short: str | None = None  # the short name of an organisation, for post and event labels
    org: str | None = None  # a post's organisation
    role: str | None = None  # a post's ontology role, if it has one
    article: str | None = None  # a post's French article (le, la)
    located: bool = False  # a city whose `locatedIn` claim is drafted
    speaker: str | None = None  # who speaks at a talk or an interview
    sentence: int | None = None  # the sentence a talk or an interview is named in
    post: str | None = None  # a person's post, when the text names it

    @property
    def linked(self) -> bool:
        return self.type is None

    @property
    def is_country(self) -> bool:
        """Whether the entity is a country (a known one by its type in the project)."""
        return (self.known_type if self.linked else self.type) == "Country"


@dataclass
class DraftClaim:
    """A claim of the draft, with the spans its quotes come from; fields as in the annotation format."""

    id: str
    kind: str  # quantitative, ranking, qualitative
    subject: str
    property: str
    value: ClaimValue
    quotes: list[Span]
    currency: str | None = None
    unit: str | None = None
    lower_bound: bool = False
    value_min: int | float | None = None  # a range's bounds ("de 2500 à 2600"); `value` is the one furthest from zero
    value_max: int | float | None = None
    modality: str | None = None  # plan, target or forecast; None for a fact
    year: int | None = None
    before_year: int | None = None
    criterion: str | None = None
    scope: str | None = None
    ranked_behind: str | None = None
    claimant: str = "document"
    stated_at: str | None = None
    note: str | None = None
    confidence: float = 0.5
    review: str | None = None

    def identity(self) -> tuple[object, ...]:
        """What makes two claims the same claim, whatever their quotes and confidence."""
        value = self.value if not isinstance(self.value, dict) else tuple(sorted(self.value.items()))
        return (self.kind, self.subject, self.property, value, self.currency, self.unit, self.lower_bound, self.year,
                self.before_year, self.criterion, self.claimant, self.modality, self.value_min)  # fmt: skip


def claim_id(*parts: str | None) -> str:
    """A claim id from the last parts of entity ids and words: `claim_id("org/intelcia", "revenue", "2019")`."""
    slugs = [part.split("/", 1)[-1] for part in parts if part]
    return slugify("-".join(slugs))[:90].strip("-")


def merge_claims(claims: Iterable[DraftClaim]) -> list[DraftClaim]:
    """The claims in order, one per identity: a repeated claim adds its quotes (those that do not overlap one already
    there) and its confidence, if higher, to the first."""
    first: dict[tuple[object, ...], DraftClaim] = {}
    out: list[DraftClaim] = []
    for claim in claims:
        other = first.get(claim.identity())
        if other is None:
            first[claim.identity()] = claim
            out.append(claim)
            continue
        for quote in claim.quotes:
            if not any(q[0] < quote[1] and quote[0] < q[1] for q in other.quotes):
                other.quotes.append(quote)
        other.confidence = max(other.confidence, claim.confidence)
    return out


@dataclass
class Draft:
    """Everything drafted for one article, before it is written out."""

    text: str
    limit: int
    title: str
    language: str
    entities: list[DraftEntity]
    claims: list[DraftClaim]
    review: list[str]
    furniture: list[str]
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    notices: list[str] = field(default_factory=list)
