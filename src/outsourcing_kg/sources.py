"""Read what curators write (text + annotation YAML) into checked, anchored plain data.

Everything a person can get wrong in an annotation file is caught here, with
the file and line, before any RDF is made.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .errors import QuoteNotFound, SourceError

# --------------------------------------------------------------------------
# The annotation file format (also exported as JSON Schema for editors)
# --------------------------------------------------------------------------

EntityRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
TermName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Year = Annotated[int, Field(ge=1000, le=2999)]

ENTITY_TYPES = (
    "Organization", "Company", "Federation", "Person", "Post", "Segment", "Sector",
    "Place", "Country", "City", "Continent", "Region", "LinguisticZone",
    "Event", "Crisis", "Talk", "Interview", "Project",
)  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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

    date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Entity(_Model):
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


class Claim(_Model):
    """One fact of a source: subject, property, value, qualifiers, claimant, quote."""

    id: Slug
    kind: Literal["quantitative", "ranking", "qualitative"]
    subject: EntityRef
    property: TermName
    value: bool | int | float | str | TextValue | DateValue
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    unit: TermName | None = None
    lower_bound: bool = False
    year: Year | None = None
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] | None = None
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
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure `okg extract` was (0 to 1); not built into the graph.")
    review: NonEmpty | None = Field(default=None, description="What a curator should check (written by `okg extract`); not built.")
    quote: NonEmpty | QuoteSpec | list[NonEmpty | QuoteSpec]


class DocumentMeta(_Model):
    """What is known of the document; unknowns stay out rather than guessed."""

    title: NonEmpty
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
    publisher: EntityRef | None = None
    author: NonEmpty | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
    inferred_date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
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


# --------------------------------------------------------------------------
# Plain results handed to the build
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A quote anchored in a text: W3C Web Annotation quote and position selectors."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


@dataclass
class SourceFile:
    """An annotation file with its anchors resolved; `text` is None for reference data."""

    name: str
    path: Path
    data: AnnotationFile
    lines: dict[tuple[Any, ...], int]
    text: str | None = None
    text_path: Path | None = None
    sha256: str | None = None
    mention_anchors: dict[str, Anchor] = field(default_factory=dict)
    claim_anchors: dict[str, list[Anchor]] = field(default_factory=dict)

    @property
    def is_reference(self) -> bool:
        return self.data.reference is not None

    def line(self, *loc: Any) -> int | None:
        """Best line number for a location in the file (walks up to the nearest known parent)."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def error(self, message: str, *loc: Any) -> SourceError:
        return SourceError(message, path=self.path, line=self.line(*loc))


# --------------------------------------------------------------------------
# YAML with line numbers
# --------------------------------------------------------------------------


def _line_map(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int], file: Path) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise SourceError(
                    f"duplicate key `{key}` (first at line {seen[key]}); keep one",
                    path=file,
                    line=key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 1
            out[(*path, key)] = key_node.start_mark.line + 1
            _line_map(value_node, (*path, key), out, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), out, file)


def _describe_pydantic_error(err: Any) -> str:
    loc = ".".join(str(part) for part in err["loc"] if not str(part).startswith(("function-", "literal[")))
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown field `{err['loc'][-1]}`; remove it or check its spelling against the schema (graph/annotation.schema.json)"
    if kind == "missing":
        return f"missing required field `{loc}`"
    return f"{loc}: {err['msg']} (got {err.get('input')!r})"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union member names (e.g. 'str', 'QuoteSpec') to locations; keep the YAML path.
    out: list[Any] = []
    for part in loc:
        if isinstance(part, int) or (isinstance(part, str) and part.islower() and "[" not in part and "-" not in part):
            out.append(part)
        elif isinstance(part, str) and part in {"fr", "en"} | set(AnnotationFile.model_fields) | set(Claim.model_fields):
            out.append(part)
    return tuple(out)


def read_annotation_file(path: Path) -> tuple[AnnotationFile, dict[tuple[Any, ...], int]]:
    """Parse and check one annotation file; errors name the file and line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 (byte {exc.start}); save the file as UTF-8", path=path) from None
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        data = yaml.load(raw, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        raise SourceError(f"YAML syntax error: {problem}; fix the indentation or quoting there", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML error: {exc}", path=path) from None
    if node is None or data is None:
        raise SourceError("empty annotation file; it needs a `document:` (or `reference:`) section", path=path, line=1)
    if not isinstance(data, dict):
        raise SourceError("an annotation file is a mapping with `document:`, `entities:` and `claims:`", path=path, line=1)
    lines: dict[tuple[Any, ...], int] = {}
    _line_map(node, (), lines, path)
    try:
        model = AnnotationFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        # Prefer the most specific error: pydantic lists one per union member.
        errors = sorted(exc.errors(), key=lambda e: (e["type"] != "extra_forbidden", -len(e["loc"])))
        first = errors[0]
        loc = _clean_loc(tuple(first["loc"]))
        line = None
        probe = loc
        while probe:
            if probe in lines:
                line = lines[probe]
                break
            probe = probe[:-1]
        raise SourceError(_describe_pydantic_error(first), path=path, line=line) from None
    return model, lines


# --------------------------------------------------------------------------
# Texts and quote anchoring
# --------------------------------------------------------------------------

_EQUIVALENT = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}  # fmt: skip

CONTEXT_CHARS = 32


def read_text(path: Path) -> tuple[str, str]:
    """The text of a source as published and the sha256 of its bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("text file not found; each <doc>.yaml needs its <doc>.txt beside it", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
            path=path,
        ) from None
    if text.startswith("\ufeff"):
        raise SourceError("starts with a byte-order mark; save it as UTF-8 without BOM so offsets stay true", path=path)
    if not text.strip():
        raise SourceError("empty text; a source needs the article's text", path=path)
    return text, hashlib.sha256(data).hexdigest()


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold typographic variants and whitespace runs; keep, for each folded char, its offset in `text`."""
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, char in enumerate(text):
        char = _EQUIVALENT.get(char, char)
        if char.isspace():
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        out.append(char)
        index.append(i)
    return "".join(out), index


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start].isalnum() and text[start - 1].isalnum())
    after_ok = end >= len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return before_ok and after_ok


def _find_all(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def closest_passage(text: str, quote: str) -> str:
    """The passage of `text` most like `quote`, to show next to a quote that was not found."""
    folded, index = _normalise(text)
    wanted, _ = _normalise(quote.strip())
    size = len(wanted)
    if not size or not folded:
        return ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted.lower())

    def score(start: int) -> float:
        matcher.set_seq1(folded[start : start + size].lower())
        return matcher.ratio()

    step = max(1, size // 8)
    last = max(0, len(folded) - size)
    best = max(range(0, last + 1, step), key=score)
    best = max(range(max(0, best - step), min(last, best + step) + 1), key=score)
    start, end = best, min(len(folded), best + size)
    # Widen to whole words so the passage reads naturally.
    while start > 0 and folded[start - 1].isalnum() and folded[start].isalnum():
        start -= 1
    while end < len(folded) and folded[end - 1].isalnum() and folded[end].isalnum():
        end += 1
    return text[index[start] : index[end - 1] + 1].strip()


def find_spans(body: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where `anchor` may place `quote`: exact matches, else tolerant ones, on word boundaries."""
    spans = [(s, s + len(quote)) for s in _find_all(body, quote)]
    if not spans:
        folded, index = _normalise(body)
        wanted, _ = _normalise(quote)
        spans = [(index[s], index[s + len(wanted) - 1] + 1) for s in _find_all(folded, wanted)]
    return [span for span in spans if _on_word_boundary(body, *span)]


def anchor(text: str, quote: str, occurrence: int | None = None, *, limit: int | None = None) -> Anchor:
    """Find `quote` in `text` (exactly, else tolerant of apostrophes, quotes and spaces) on word boundaries.

    Raises QuoteNotFound (with the closest passage) or SourceError when the quote is ambiguous.
    """
    body = text if limit is None else text[:limit]
    quote = quote.strip()
    spans = find_spans(body, quote)
    if not spans:
        near = closest_passage(body, quote)
        raise QuoteNotFound(f"quote not found in the text: {quote!r}; closest passage: {near!r}")
    if occurrence is None and len(spans) > 1:
        raise SourceError(f"quote {quote!r} occurs {len(spans)} times; make it longer or add `occurrence: N` (1 to {len(spans)})")
    if occurrence is not None and occurrence > len(spans):
        raise SourceError(f"quote {quote!r} occurs {len(spans)} time(s), not {occurrence}; lower `occurrence`")
    start, end = spans[(occurrence or 1) - 1]
    return Anchor(
        exact=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def _quotes(claim: Claim) -> list[QuoteSpec]:
    items = claim.quote if isinstance(claim.quote, list) else [claim.quote]
    return [QuoteSpec(quote=item) if isinstance(item, str) else item for item in items]


def content_limit(text: str, furniture: list[str]) -> int | None:
    """Where page furniture (e.g. a trailing "LIRE AUSSI :") starts; quotes must come before it."""
    cut = [text.rfind(item) for item in furniture]
    cut = [c for c in cut if c != -1]
    return min(cut) if cut else None


def load_source(path: Path) -> SourceFile:
    """Read one annotation file and, for an article, its text; anchor every quote."""
    data, lines = read_annotation_file(path)
    source = SourceFile(name=path.stem, path=path, data=data, lines=lines)
    if data.document is None:
        return source
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem):
        raise SourceError("file name must be a lower-case ASCII slug (it names the document and its graph)", path=path)
    text_path = path.with_suffix(".txt")
    source.text, source.sha256 = read_text(text_path)
    source.text_path = text_path
    for item in data.document.furniture:
        if item not in source.text:
            raise source.error(f"furniture {item!r} is not in the text; remove it from `furniture:`", "document", "furniture")
    limit = content_limit(source.text, data.document.furniture)
    for i, entity in enumerate(data.entities):
        if entity.mention is not None:
            try:
                source.mention_anchors[entity.id] = anchor(source.text, entity.mention.quote, entity.mention.occurrence, limit=limit)
            except SourceError as exc:
                raise source.error(f"entity {entity.id}: {exc.message}", "entities", i, "mention") from None
    for i, claim in enumerate(data.claims):
        anchors = []
        for j, spec in enumerate(_quotes(claim)):
            try:
                anchors.append(anchor(source.text, spec.quote, spec.occurrence, limit=limit))
            except SourceError as exc:
                loc = ("claims", i, "quote", j) if isinstance(claim.quote, list) else ("claims", i, "quote")
                raise source.error(f"claim {claim.id}: {exc.message}", *loc) from None
        source.claim_anchors[claim.id] = anchors
    return source


def parse_number(value: Any) -> Decimal:
    """A claim's numeric value as a Decimal; strings like '1,3' are refused rather than guessed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"needs a number, got {value!r}; write digits without quotes, e.g. 14000000000")
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - float repr is always a valid Decimal
        raise ValueError(f"not a number: {value!r}") from None


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a label, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
