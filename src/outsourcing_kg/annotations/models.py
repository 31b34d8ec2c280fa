"""The annotation file format: pydantic models of what curators write (also exported as JSON Schema for editors)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

EntityRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
TermName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Year = Annotated[int, Field(ge=1000, le=2999)]


def _calendar(text: str) -> str:
    """A date as written (YYYY, YYYY-MM or YYYY-MM-DD) that exists in the calendar."""
    import calendar

    parts = [int(p) for p in text.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError(f"{text} is not a calendar date: month {parts[1]} does not exist")
    if len(parts) > 2:
        days = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= days:
            raise ValueError(f"{text} is not a calendar date: {calendar.month_name[parts[1]]} {parts[0]} has {days} days")
    return text


#: YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar when the file is read.
CalendarDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_calendar)]
#: YYYY-MM or YYYY-MM-DD, checked against the calendar.
MonthOrDay = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$"), AfterValidator(_calendar)]

#: A reviewer's decision on a drafted item (`okg review`): kept as it was, corrected, or left out of the graph.
REVIEW_STATUSES = ("accepted", "edited", "rejected")
#: When a reviewer decided: an ISO 8601 date and time with its offset (UTC: `Z`).
Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]

ENTITY_TYPES = (
    "Organization", "Company", "Federation", "Person", "Post", "Segment", "Sector",
    "Place", "Country", "City", "Continent", "Region", "LinguisticZone",
    "Event", "Crisis", "Talk", "Interview", "Project",
)  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Reviewed(_Model):
    """The review fields `okg review` writes on each entity and claim it settles."""

    review_status: Literal[REVIEW_STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="A reviewer's decision: accepted as drafted, edited, or rejected (a rejected item is not built). "
        "Absent: not reviewed yet.",
    )
    reviewed_by: NonEmpty | None = Field(default=None, description="Who reviewed the item (prov:wasAttributedTo in the graph).")
    reviewed_at: Timestamp | None = Field(default=None, description="When, as ISO 8601 with an offset (2026-11-30T15:04:05Z).")

    @model_validator(mode="after")
    def _reviewer_with_status(self) -> _Reviewed:
        if (self.reviewed_by is not None or self.reviewed_at is not None) and self.review_status is None:
            raise ValueError("`reviewed_by` and `reviewed_at` go with a `review_status:` (accepted, edited or rejected)")
        return self


class Labels(_Model):
    """A label in French and in English."""

    fr: NonEmpty
    en: NonEmpty


class QuoteSpec(_Model):
    """A quote with the occurrence to use when the same words appear more than once."""

    quote: NonEmpty
    occurrence: int | None = Field(default=None, ge=1)


class TextValue(_Model):
    """A claim value that is words, not an entity: kept with its language."""

    text: NonEmpty
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]


class DateValue(_Model):
    """A claim value that is a date: YYYY, YYYY-MM or YYYY-MM-DD."""

    date: CalendarDate


class Entity(_Reviewed):
    """An entity a source mentions; `type` and `label` only where it is first declared."""

    id: EntityRef
    type: Literal[ENTITY_TYPES] | None = None  # type: ignore[valid-type]
    label: Labels | None = None
    aliases: list[NonEmpty] = []
    mention: QuoteSpec | None = None
    located_in: list[EntityRef] = []
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure `okg extract` was (0 to 1); not built into the graph.")
    review: NonEmpty | None = Field(default=None, description="What a curator should check (written by `okg extract`); not built.")


class Claim(_Reviewed):
    """One fact of a source: subject, property, value, qualifiers, claimant, quote."""

    id: Slug
    kind: Literal["quantitative", "ranking", "qualitative"]
    subject: EntityRef
    property: TermName
    value: bool | int | float | str | TextValue | DateValue
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    unit: TermName | None = None
    lower_bound: bool = False
    value_min: int | float | None = Field(
        default=None, description="A range's low bound («de 2500 à 2600»); `value` is the bound furthest from zero."
    )
    value_max: int | float | None = Field(default=None, description="A range's high bound.")
    modality: Literal["fact", "plan", "target", "forecast"] | None = Field(
        default=None, description="Whether a figure is a fact (the default), a plan, a target or a forecast; `year` is a plan's horizon."
    )
    year: Year | None = None
    date: MonthOrDay | None = None
    before_year: Year | None = None
    criterion: TermName | None = None
    scope: EntityRef | None = None
    ranked_behind: EntityRef | None = None
    compared_with: list[EntityRef] = []
    spatial_scope: list[EntityRef] = []
    claimant: EntityRef | Literal["document"] = "document"
    stated_at: EntityRef | None = None
    statement: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], NonEmpty] = {}
    note: NonEmpty | None = None
    derived: bool = Field(
        default=False,
        description="The value is not written in the quote but derived from it (a sum, a conversion); say how in `note:`.",
    )
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure `okg extract` was (0 to 1); not built into the graph.")
    review: NonEmpty | None = Field(default=None, description="What a curator should check (written by `okg extract`); not built.")
    quote: NonEmpty | QuoteSpec | list[NonEmpty | QuoteSpec]

    @model_validator(mode="after")
    def _derived_says_how(self) -> Claim:
        if self.derived and self.note is None:
            raise ValueError("a `derived: true` value needs a `note:` saying how it was derived from the quote")
        return self


class DocumentMeta(_Model):
    """What is known of the document; unknowns stay out rather than guessed."""

    title: NonEmpty
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
    publisher: EntityRef | None = None
    author: NonEmpty | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    date: CalendarDate | None = None
    inferred_date: CalendarDate | None = None
    date_note: NonEmpty | None = None
    furniture: list[NonEmpty] = []


class ReferenceMeta(_Model):
    title: NonEmpty
    note: NonEmpty | None = None


class AnnotationFile(_Model):
    """An article's annotations (`document:`) or the curated reference data (`reference:`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="outsourcing-kg annotation file")

    document: DocumentMeta | None = None
    reference: ReferenceMeta | None = None
    entities: list[Entity] = []
    claims: list[Claim] = []
    review: list[NonEmpty] = Field(
        default=[], description="Findings `okg extract` could not turn into entities or claims, for the curator; not built."
    )

    @model_validator(mode="after")
    def _one_header(self) -> AnnotationFile:
        if (self.document is None) == (self.reference is None):
            raise ValueError("give exactly one of `document:` (an article) or `reference:` (reference data)")
        if self.reference is not None and self.claims:
            raise ValueError("reference data holds entities only; claims belong to an article's file")
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of annotation files, for editor completion."""
    schema = AnnotationFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://w3id.org/okg/annotation.schema.json"
    return schema
