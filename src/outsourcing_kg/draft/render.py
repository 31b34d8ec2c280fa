"""The draft as an annotation file, laid out like the curated ones (a header saying how to review it, then
`document`, `review`, `entities` and `claims`), every quote with the occurrence that places it when it repeats."""

from __future__ import annotations

import json

from .._version import __version__
from ..annotations.anchoring import find_spans
from ..names import name_key
from .items import ClaimValue, Draft, DraftClaim, DraftEntity
from .text import Span


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax, which YAML reads the same)."""
    return json.dumps(text, ensure_ascii=False)


def _quote_spec(text: str, span: Span, limit: int) -> str:
    """A quote of text[span], with its occurrence when the same words come more than once before `limit`."""
    quote = text[span[0] : span[1]]
    spans = find_spans(text[:limit], quote)
    occurrence = next((i for i, s in enumerate(spans, 1) if s[0] == span[0]), None)
    if len(spans) > 1 and occurrence is not None:
        return f"{{quote: {_q(quote)}, occurrence: {occurrence}}}"
    return _q(quote)


def render_yaml(draft: Draft, schema_ref: str, source_name: str) -> str:
    """The draft as an annotation file; `schema_ref` is the JSON schema's path from the file, `source_name` the
    text file's name (both for the header)."""
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# Draft annotations of {source_name}, written by `okg extract` (outsourcing-kg {__version__}).",
        "# Review every entity and claim: correct or delete it, settle each `review:` note, then delete the",
        "# `confidence:` and `review:` lines you have checked, and run `okg build`.",
        *_document(draft),
    ]
    if draft.review:
        lines += ["", "review:"] + [f"  - {_q(r)}" for r in draft.review]
    lines += ["", "entities:" if draft.entities else "entities: []"]
    for e in draft.entities:
        lines += _entity(draft, e)
    lines += ["", "claims:" if draft.claims else "claims: []"]
    for c in draft.claims:
        lines += _claim(draft, c)
    return "\n".join(lines) + "\n"


def _document(draft: Draft) -> list[str]:
    lines = ["document:", f"  title: {_q(draft.title)}", f"  language: {draft.language}"]
    if draft.publisher:
        lines.append(f"  publisher: {draft.publisher}")
    if draft.url:
        lines.append(f"  url: {_q(draft.url)}")
    if draft.date:
        lines.append(f"  date: {_q(draft.date)}")
    if draft.furniture:
        lines.append(f"  furniture: [{', '.join(_q(f) for f in draft.furniture)}]")
    return lines


def _entity(draft: Draft, e: DraftEntity) -> list[str]:
    lines = [f"  - id: {e.id}"]
    if not e.linked:
        lines.append(f"    type: {e.type}")
        lines.append(f"    label: {{fr: {_q(e.label_fr)}, en: {_q(e.label_en)}}}")
        aliases = [a for a in dict.fromkeys(e.aliases) if name_key(a) not in (name_key(e.label_fr), name_key(e.label_en))]
        if aliases:
            lines.append(f"    aliases: [{', '.join(_q(a) for a in aliases)}]")
    if e.mention is not None:
        lines.append(f"    mention: {_yaml_mention(_quote_spec(draft.text, e.mention, draft.limit))}")
    lines.append(f"    confidence: {e.confidence:.2f}")
    if e.review:
        lines.append(f"    review: {_q(e.review)}")
    return lines


def _claim(draft: Draft, c: DraftClaim) -> list[str]:
    lines = [
        f"  - id: {c.id}",
        f"    kind: {c.kind}",
        f"    subject: {c.subject}",
        f"    property: {c.property}",
        f"    value: {_yaml_value(c.value)}",
    ]
    for name in ("value_min", "value_max", "currency", "unit", "modality", "year", "before_year", "criterion", "scope", "ranked_behind"):
        value = getattr(c, name)
        if value is not None:
            lines.append(f"    {name}: {value}")
    if c.lower_bound:
        lines.append("    lower_bound: true")
    if c.claimant != "document":
        lines.append(f"    claimant: {c.claimant}")
    if c.stated_at:
        lines.append(f"    stated_at: {c.stated_at}")
    if c.note:
        lines.append(f"    note: {_q(c.note)}")
    lines.append(f"    confidence: {c.confidence:.2f}")
    if c.review:
        lines.append(f"    review: {_q(c.review)}")
    quotes = [_quote_spec(draft.text, q, draft.limit) for q in c.quotes]
    if len(quotes) == 1:
        lines.append(f"    quote: {quotes[0]}")
    else:
        lines.append("    quote:")
        lines += [f"      - {q}" for q in quotes]
    return lines


def _yaml_mention(spec: str) -> str:
    return spec if spec.startswith("{") else f"{{quote: {spec}}}"


def _yaml_value(value: ClaimValue) -> str:
    if isinstance(value, dict):
        if "text" in value:
            return f"{{text: {_q(value['text'])}, lang: {value['lang']}}}"
        return f"{{date: {_q(value['date'])}}}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return str(value)
