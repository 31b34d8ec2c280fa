"""Read what curators write (text + annotation YAML) into checked, anchored plain data.

Everything a person can get wrong in an annotation file is caught here, with the file and line, before any RDF is made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import SourceError
from .anchoring import Anchor, anchor, content_limit, read_text
from .models import AnnotationFile, Claim, QuoteSpec
from .numbers import readings, value_in_quote


@dataclass
class SourceFile:
    """An annotation file with its anchors resolved; `text` is None for reference data."""

    name: str
    path: Path
    data: AnnotationFile
    lines: dict[tuple[Any, ...], int]
    text: str | None = None
    notices: list[str] = field(default_factory=list)
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
    if kind == "value_error":
        return f"{loc}: {str(err['msg']).removeprefix('Value error, ')}"
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


class _Refused(yaml.MarkedYAMLError):
    """A scalar YAML 1.1 would have silently turned into another number; the message says what to write."""


class AnnotationLoader(yaml.SafeLoader):
    """PyYAML reading the YAML 1.2 core schema, as annotation files are written.

    PyYAML implements YAML 1.1, whose implicit types change what a curator typed (measured: `010` became 8,
    `21:40` became 1300, `yes` became True, an unquoted date a datetime). Here only YAML 1.2's core types are
    implicit: null, true/false, decimal (and 0o/0x) integers, floats; everything else stays a string. A float
    written like a French thousands figure (`120.000`) is refused with what to write instead.
    """

    # PyYAML keeps implicit resolvers in a per-class table: this loader starts from an empty one of its own.
    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    AnnotationLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _construct_int(loader: AnnotationLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    return int(text, 10)  # "010" is ten in YAML 1.2, not eight


def _construct_float(loader: AnnotationLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        whole = text.replace(".", "")
        raise _Refused(
            None,
            None,
            f"{text} would read as the decimal number {float(text):g}; write {whole} for {whole} (no thousands separator)",
            node.start_mark,
        )
    return float(yaml.SafeLoader.construct_yaml_float(loader, node))


AnnotationLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
AnnotationLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def read_annotation_file(path: Path, raw: str | None = None) -> tuple[AnnotationFile, dict[tuple[Any, ...], int]]:
    """Parse and check one annotation file; errors name the file and line. `raw` is the file's text when it is not
    (yet) on disk, as `okg review` checks an edit before saving it."""
    if raw is None:
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceError("file not found", path=path) from None
        except UnicodeDecodeError as exc:
            raise SourceError(f"not UTF-8 (byte {exc.start}); save the file as UTF-8", path=path) from None
    try:
        # One parse: the node tree gives the line numbers, and the data is constructed from it.
        loader = AnnotationLoader(raw)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise SourceError(str(exc.problem), path=path, line=line) from None
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
        # Prefer the most specific error: pydantic lists one per union member. A check of ours (a calendar date, a
        # derived figure's note) says the most; then an unknown field, then the deepest location.
        errors = sorted(exc.errors(), key=lambda e: (e["type"] != "value_error", e["type"] != "extra_forbidden", -len(e["loc"])))
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


def _quotes(claim: Claim) -> list[QuoteSpec]:
    items = claim.quote if isinstance(claim.quote, list) else [claim.quote]
    return [QuoteSpec(quote=item) if isinstance(item, str) else item for item in items]


def load_source(path: Path, raw: str | None = None) -> SourceFile:
    """Read one annotation file (`raw`: its text, when not read from `path`) and, for an article, its text; anchor
    every quote. A rejected item (`review_status: rejected`) is not anchored: it never enters the graph."""
    data, lines = read_annotation_file(path, raw)
    source = SourceFile(name=path.stem, path=path, data=data, lines=lines)
    if data.document is None:
        return source
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem):
        raise SourceError("file name must be a lower-case ASCII slug (it names the document and its graph)", path=path)
    text_path = path.with_suffix(".txt")
    source.text, source.sha256 = read_text(text_path)
    source.text_path = text_path
    if not unicodedata.is_normalized("NFC", source.text):
        source.notices.append(
            f"{text_path}: accents are decomposed (Unicode NFD); quotes match either way, but saving the text as NFC "
            "makes it compare equal in every tool"
        )
    for item in data.document.furniture:
        if item not in source.text:
            raise source.error(f"furniture {item!r} is not in the text; remove it from `furniture:`", "document", "furniture")
    limit = content_limit(source.text, data.document.furniture)
    for i, entity in enumerate(data.entities):
        if entity.mention is not None and entity.review_status != "rejected":
            try:
                source.mention_anchors[entity.id] = anchor(source.text, entity.mention.quote, entity.mention.occurrence, limit=limit)
            except SourceError as exc:
                raise source.error(f"entity {entity.id}: {exc.message}", "entities", i, "mention") from None
    for i, claim in enumerate(data.claims):
        if claim.review_status == "rejected":
            continue
        anchors = []
        for j, spec in enumerate(_quotes(claim)):
            try:
                anchors.append(anchor(source.text, spec.quote, spec.occurrence, limit=limit))
            except SourceError as exc:
                loc = ("claims", i, "quote", j) if isinstance(claim.quote, list) else ("claims", i, "quote")
                raise source.error(f"claim {claim.id}: {exc.message}", *loc) from None
        source.claim_anchors[claim.id] = anchors
        _check_figure(source, i, claim, anchors)
    return source


def _check_figure(source: SourceFile, i: int, claim: Claim, anchors: list[Anchor]) -> None:
    """A figure (and a range's bounds) must be one its quote gives, read the French way (annotations.numbers), unless
    marked derived."""
    if claim.kind == "qualitative" or claim.derived or isinstance(claim.value, bool):
        return
    if isinstance(claim.value, str) and re.fullmatch(r"[-+]?\d[\d .,\u00a0\u202f]*", claim.value):
        as_read = ", ".join(format(v.normalize(), "f") for v in sorted(readings(claim.value)))
        message = f"claim {claim.id}: value {claim.value!r} is text; write the number as plain digits ({as_read})"
        raise source.error(message, "claims", i, "value")
    quote = " … ".join(a.exact for a in anchors)
    for name, number in (("value", claim.value), ("value_min", claim.value_min), ("value_max", claim.value_max)):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            continue
        value = parse_number(number)
        if value_in_quote(value, quote):
            continue
        given = ", ".join(format(v.normalize(), "f") for v in sorted(readings(quote))) or "no number"
        raise source.error(
            f"claim {claim.id}: {name} {format(value.normalize(), 'f')} is not what its quote says (the quote gives {given}); "
            "fix it, or mark the claim `derived: true` with a `note:` saying how it was derived",
            "claims",
            i,
            name,
        )


def parse_number(value: object) -> Decimal:
    """A claim's numeric value as a Decimal; strings like '1,3' are refused rather than guessed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"needs a number, got {value!r}; write digits without quotes, e.g. 14000000000")
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - float repr is always a valid Decimal
        raise ValueError(f"not a number: {value!r}") from None
