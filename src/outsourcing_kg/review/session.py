"""A review of one draft annotation file: its items, the reviewer's decisions, each checked by the build, and saving.

The file is held as round-trip YAML (ruamel.yaml), so the curator's comments, key order and quoting survive; every
decision is applied to a copy, checked with the build's own checks (`compile.builder.SourceCheck`: schema, known
ids, quote anchoring, figures against their quotes), and kept only when they pass. `save` writes the file
atomically (`io.write_file`) unless it changed on disk since it was read.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..annotations.anchoring import anchor, content_limit, find_spans
from ..annotations.models import ENTITY_TYPES
from ..annotations.numbers import readings
from ..compile.builder import SourceCheck
from ..errors import KGError, SourceError
from ..io import write_file
from ..names import EntityIndex, slugify
from ..project import OKG, Project

__all__ = ["Conflict", "Item", "ReviewError", "ReviewSession", "vocabulary"]

#: The fields of a claim that hold entity ids (renamed with the entity when it is linked to a known one).
ENTITY_FIELDS = ("subject", "value", "claimant", "stated_at", "scope", "ranked_behind")
ENTITY_LISTS = ("compared_with", "spatial_scope")
SECTIONS = {"entity": "entities", "claim": "claims"}
KINDS = {section: kind for kind, section in SECTIONS.items()}


class ReviewError(KGError):
    """A decision the build's checks refuse, or a request that names no item; nothing was changed."""


class Conflict(KGError):
    """The draft changed elsewhere (on disk, or in another page of the same review) since this page last saw it."""

    exit_code = 1


@dataclass
class Item:
    """One entity or claim of the draft, as the page shows it."""

    key: str  # "entities/3", "claims/0": the section and position, stable while the review lasts
    kind: str  # "entity" or "claim"
    fields: dict[str, Any]
    span: tuple[int, int] | None
    status: str | None

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "fields": self.fields, "span": self.span, "status": self.status}


def _plain(node: Any) -> Any:
    """Round-trip YAML nodes as JSON-ready Python (dates as their ISO text)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # long quotes stay on one line, as the draft wrote them
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class ReviewSession:
    """A draft under review. `path` is the annotation file; `reviewer` the name written with each decision.

    Every change takes the revision the page last saw (`base`) and raises Conflict when another page changed the
    review since; `save` also raises Conflict when the file changed on disk since it was read or last saved.
    """

    project: Project
    path: Path
    reviewer: str
    clock: Callable[[], str] = _now
    revision: int = 0
    saved_revision: int = 0
    doc: Any = None
    text: str = ""
    disk_sha256: str = ""
    checker: SourceCheck | None = None
    known: EntityIndex = field(default_factory=EntityIndex)
    problems: list[dict[str, str | None]] = field(default_factory=list)

    @classmethod
    def open(
        cls, path: str | Path, *, reviewer: str, project: Project | None = None, clock: Callable[[], str] | None = None
    ) -> ReviewSession:
        """Read a draft and the project it belongs to. Raises SourceError for a file the review cannot read (not
        YAML, not an article's file, no text beside it) and KGError for an empty reviewer name."""
        from ..draft.known import known_entities

        if not reviewer.strip():
            raise KGError("a review needs the reviewer's name (reviewer option, or $OKG_REVIEWER)")
        path = Path(path).resolve()
        session = cls(project or Project.default(), path, reviewer.strip(), clock or _now)
        session._read()
        session.checker = SourceCheck(session.project, path)
        session.known = known_entities(session.project, exclude=[path])
        try:
            session.checker.check(session.raw())
        except SourceError as exc:
            # A draft that does not build yet can still be reviewed: the problem is shown until an edit fixes it.
            session.problems = [{"key": _locate(session.raw(), exc.line), "message": exc.message}]
        return session

    # -- the file ---------------------------------------------------------
    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise SourceError("file not found; give the draft `okg extract` wrote", path=self.path) from None
        try:
            raw = data.decode("utf-8")
            doc = _yaml().load(raw)
        except UnicodeDecodeError:
            raise SourceError("not UTF-8; save the file as UTF-8", path=self.path) from None
        except Exception as exc:  # ruamel's errors have no common public base worth naming here
            raise SourceError(f"not readable as YAML ({str(exc).splitlines()[0]}); fix it in an editor first", path=self.path) from None
        if not isinstance(doc, MutableMapping) or "document" not in doc:
            raise SourceError("a review is of an article's annotation file, with a `document:` section", path=self.path)
        text_path = self.path.with_suffix(".txt")
        try:
            self.text = text_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceError("text file not found; each <doc>.yaml needs its <doc>.txt beside it", path=text_path) from None
        for section in SECTIONS.values():
            if doc.get(section) is None:
                doc[section] = []
        self.doc = doc
        self.disk_sha256 = hashlib.sha256(data).hexdigest()

    def raw(self, doc: Any = None) -> str:
        out = io.StringIO()
        _yaml().dump(self.doc if doc is None else doc, out)
        return out.getvalue()

    # -- what the page shows ----------------------------------------------
    def items(self) -> list[Item]:
        limit = content_limit(self.text, [str(f) for f in self.doc["document"].get("furniture") or []])
        out = []
        for kind, section in SECTIONS.items():
            for i, node in enumerate(self.doc[section]):
                fields = _plain(node)
                out.append(Item(f"{section}/{i}", kind, fields, self._span(fields, limit), fields.get("review_status")))
        return out

    def _span(self, fields: dict[str, Any], limit: int | None) -> tuple[int, int] | None:
        spec = fields.get("mention") if "mention" in fields else fields.get("quote")
        if isinstance(spec, list):
            spec = spec[0] if spec else None
        if isinstance(spec, str):
            spec = {"quote": spec}
        if not isinstance(spec, dict) or not spec.get("quote"):
            return None
        try:
            found = anchor(self.text, str(spec["quote"]), spec.get("occurrence"), limit=limit)
        except SourceError:
            return None
        return found.start, found.end

    def state(self) -> dict[str, Any]:
        """Everything the page needs: the text, the items, the draft's own notes, the revision and what is unsaved."""
        counts: dict[str, int] = {"accepted": 0, "edited": 0, "rejected": 0, "unreviewed": 0}
        items = self.items()
        for item in items:
            counts[item.status or "unreviewed"] += 1
        document = _plain(self.doc["document"])
        return {
            "file": self.path.name,
            "title": document.get("title", ""),
            "text": self.text,
            "notes": _plain(self.doc.get("review") or []),
            "items": [item.as_json() for item in items],
            "revision": self.revision,
            "unsaved": self.revision != self.saved_revision,
            "counts": counts,
            "problems": self.problems,
            "reviewer": self.reviewer,
        }

    # -- decisions ----------------------------------------------------------
    def _node(self, doc: Any, key: str) -> Any:
        match = re.fullmatch(r"(entities|claims)/(\d+)", key)
        if not match or int(match.group(2)) >= len(doc[match.group(1)]):
            raise ReviewError(f"no item {key!r} in the draft; reload the page")
        return doc[match.group(1)][int(match.group(2))]

    def _expect(self, base: int | None) -> None:
        if base is not None and base != self.revision:
            raise Conflict(
                "the review changed in another page since this one loaded it; reload this page to see those changes "
                "(they are kept), then redo this one"
            )

    def _commit(self, doc: Any, key: str | None = None) -> None:
        """Keep `doc` if the build's checks pass; else raise ReviewError with their message and keep the old one."""
        assert self.checker is not None
        raw = self.raw(doc)
        try:
            self.checker.check(raw)
        except SourceError as exc:
            # The problem may be another item's (a draft that never built): name it, so the message is not misread.
            message = exc.message
            where = _locate(raw, exc.line)
            if where is not None and where != key:
                named = f"{KINDS[where.split('/')[0]]} {_ident(doc, where)}"
                message = message if message.startswith(named) else f"{named}: {message}"
            raise ReviewError(message) from None
        self.doc = doc
        self.problems = []
        self.revision += 1

    def _stamp(self, node: Any, status: str) -> None:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        node["review_status"] = status
        node["reviewed_by"] = self.reviewer
        node["reviewed_at"] = DoubleQuotedScalarString(self.clock())

    def decide(self, key: str, status: str, *, base: int | None = None) -> None:
        """Accept or reject an item as it stands (`status`: "accepted" or "rejected"); raises ReviewError when
        the build's checks refuse the result (a claim still pointing to a rejected entity), Conflict on a stale base."""
        self._expect(base)
        if status not in ("accepted", "rejected"):
            raise ReviewError(f"unknown decision {status!r}; accept or reject, or edit the item")
        doc = copy.deepcopy(self.doc)
        self._stamp(self._node(doc, key), status)
        self._commit(doc, key)

    def edit(self, key: str, fields: Mapping[str, Any], *, base: int | None = None) -> None:
        """Replace an item's fields by `fields` (the whole item, as JSON; the review fields are set here) and mark it
        edited. A changed entity id is changed in every claim that points to it. Raises ReviewError with the build's
        message when the result would not build; Conflict on a stale base."""
        self._expect(base)
        doc = copy.deepcopy(self.doc)
        node = self._node(doc, key)
        old_id = node.get("id")
        _replace_fields(node, fields)
        if key.startswith("entities/") and old_id and node.get("id") != old_id:
            _rename(doc, str(old_id), str(node.get("id")))
        self._stamp(node, "edited")
        self._commit(doc, key)

    def link(self, key: str, known_id: str, *, base: int | None = None) -> None:
        """Link a drafted entity to an entity the project already has: the item keeps its mention, loses its own
        type, labels and aliases, and every claim of the draft that pointed to it points to `known_id`."""
        self._expect(base)
        if known_id not in self.known:
            near = self.known.suggestions(known_id)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise ReviewError(f"no entity {known_id!r} in the project{hint}")
        doc = copy.deepcopy(self.doc)
        node = self._node(doc, key)
        if not key.startswith("entities/"):
            raise ReviewError("only an entity can be linked to a known entity")
        old_id = str(node.get("id"))
        fields = {"id": known_id, **({"mention": _plain(node["mention"])} if "mention" in node else {})}
        fields.update({k: _plain(v) for k, v in node.items() if k in ("confidence", "review")})
        _replace_fields(node, fields)
        _rename(doc, old_id, known_id)
        self._stamp(node, "edited")
        self._commit(doc, key)

    def add(self, kind: str, fields: Mapping[str, Any], *, base: int | None = None) -> str:
        """Add an entity or claim the draft missed (its fields as JSON); returns its key. Raises ReviewError with
        the build's message when it would not build; Conflict on a stale base."""
        self._expect(base)
        if kind not in SECTIONS:
            raise ReviewError(f"unknown item kind {kind!r}; entity or claim")
        from ruamel.yaml.comments import CommentedMap

        doc = copy.deepcopy(self.doc)
        node = CommentedMap()
        _replace_fields(node, fields)
        self._stamp(node, "edited")
        doc[SECTIONS[kind]].append(node)
        self._commit(doc, f"{SECTIONS[kind]}/{len(doc[SECTIONS[kind]]) - 1}")
        return f"{SECTIONS[kind]}/{len(doc[SECTIONS[kind]]) - 1}"

    # -- new items from a selection ------------------------------------------
    def quote_for(self, start: int, end: int) -> dict[str, Any]:
        """What a selection of the text gives a new item: its quote (with the occurrence that places it when the
        same words come more than once), the numbers the quote may stand for, and a slug for a new entity's id."""
        if not 0 <= start < end <= len(self.text):
            raise ReviewError(f"the selection {start}-{end} is not inside the article (0-{len(self.text)})")
        raw = self.text[start:end]
        quote = raw.strip()
        start += len(raw) - len(raw.lstrip())
        limit = content_limit(self.text, [str(f) for f in self.doc["document"].get("furniture") or []])
        spans = find_spans(self.text if limit is None else self.text[:limit], quote)
        occurrence = next((n for n, s in enumerate(spans, 1) if s[0] == start), None)
        spec: dict[str, Any] = {"quote": quote}
        if len(spans) > 1 and occurrence is not None:
            spec["occurrence"] = occurrence
        numbers = sorted(readings(quote))
        return {
            "spec": spec,
            "start": start,
            "end": start + len(quote),
            "numbers": [int(n) if n == n.to_integral_value() else float(n) for n in numbers],
            "slug": slugify(quote),
        }

    # -- entity search -------------------------------------------------------
    def suggest_entities(self, text: str, limit: int = 8) -> list[dict[str, str]]:
        """Entities of the project and of the draft whose names or ids come closest to `text`, best first, each
        as {id, label, type, where} (`where`: "project" or "draft"). Found through the project's EntityIndex."""
        draft = EntityIndex()
        for node in self.doc["entities"]:
            fields = _plain(node)
            if fields.get("review_status") == "rejected" or not fields.get("id"):
                continue
            labels = fields.get("label") or {}
            names = [*labels.values(), *(fields.get("aliases") or [])]
            draft.add(fields["id"], names or [fields["id"]], type=fields.get("type"), labels=labels)
        out: list[dict[str, str]] = []
        if not text.strip():
            return out
        indexes = {"draft": draft, "project": self.known}
        # Names that match exactly (folded) first, then the closest ones.
        found = [(where, i) for where, index in indexes.items() for i in sorted(index.lookup(text))]
        found += [(where, i) for where, index in indexes.items() for i in index.suggestions(text, limit=limit)]
        seen: set[str] = set()
        for where, ident in found:
            if ident in seen:
                continue
            seen.add(ident)
            entry = indexes[where].entries[ident]
            label = entry.label("en") if entry.labels else ident
            out.append({"id": ident, "label": label, "type": entry.type or "", "where": where})
        return out[: limit * 2]

    # -- saving ----------------------------------------------------------------
    def save(self, *, base: int | None = None, force: bool = False) -> int:
        """Write the file atomically with every decision so far; returns the revision saved. Raises Conflict when
        the file changed on disk since it was read or last saved (unless `force`), or on a stale base."""
        self._expect(base)
        try:
            on_disk = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except FileNotFoundError:
            on_disk = ""
        if on_disk != self.disk_sha256 and not force:
            raise Conflict(
                f"{self.path.name} changed on disk since this review read it (another program or another review saved "
                "it); nothing was written and your decisions are still here: save anyway to replace it, or copy "
                "your changes, then reload"
            )
        data = self.raw().encode("utf-8")
        write_file(self.path, data)
        self.disk_sha256 = hashlib.sha256(data).hexdigest()
        self.saved_revision = self.revision
        return self.revision


def _locate(raw: str, line: int | None) -> str | None:
    """The key of the item at `line` of `raw` (the dumped file), or None when the line is outside the items."""
    if line is None:
        return None
    doc = _yaml().load(raw)
    starts = [(node.lc.line + 1, f"{section}/{i}") for section in SECTIONS.values() for i, node in enumerate(doc.get(section) or [])]
    before = [start for start in starts if start[0] <= line]
    return max(before)[1] if before else None


def _ident(doc: Any, key: str) -> str:
    section, index = key.split("/")
    return str(doc[section][int(index)].get("id", key))


def _rename(doc: Any, old: str, new: str) -> None:
    """Point every reference of the draft to entity `old` at `new` (claims' entity fields, the publisher)."""
    for claim in doc["claims"]:
        for name in ENTITY_FIELDS:
            if claim.get(name) == old:
                claim[name] = new
        for name in ENTITY_LISTS:
            values = claim.get(name) or []
            for j, value in enumerate(values):
                if value == old:
                    values[j] = new
    if doc["document"].get("publisher") == old:
        doc["document"]["publisher"] = new


def _replace_fields(node: Any, fields: Mapping[str, Any]) -> None:
    """Give a round-trip mapping exactly `fields` (review fields aside), keeping the order and comments of the
    keys that stay; values equal to the old ones keep their old YAML style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def convert(value: Any) -> Any:
        if isinstance(value, Mapping):
            out = CommentedMap((str(k), convert(v)) for k, v in value.items())
            out.fa.set_flow_style()
            return out
        if isinstance(value, list):
            seq = CommentedSeq(convert(v) for v in value)
            seq.fa.set_flow_style()
            return seq
        return value

    review = {"review_status", "reviewed_by", "reviewed_at"}
    wanted = {k: v for k, v in fields.items() if k not in review and v is not None and v != "" and v != []}
    for key in [k for k in node if k not in wanted and k not in review]:
        del node[key]
    for key, value in wanted.items():
        if key in node and _plain(node[key]) == value:
            continue
        node[key] = convert(value)


def vocabulary(project: Project) -> dict[str, Any]:
    """What the edit forms offer, from the ontology: properties (metrics apart) and units of count, each with its
    fr/en labels and English comment; entity types; modalities. Shape: {"properties": [{name, label, label_fr,
    comment, metric}], "units": [...], "types": [...], "modalities": [...]}."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from ..compile.builder import Terms, load_ontology

    graph = load_ontology(project)
    terms = Terms.from_graph(graph)

    def describe(term: URIRef) -> dict[str, Any]:
        labels = {o.language: str(o) for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)}
        comments = {o.language: str(o) for o in graph.objects(term, RDFS.comment) if isinstance(o, Literal)}
        name = str(term).removeprefix(str(OKG))
        return {
            "name": name,
            "label": labels.get("en", name),
            "label_fr": labels.get("fr", ""),
            "comment": comments.get("en", ""),
            "metric": term in terms.metrics,
        }

    props = sorted((p for p in terms.object_properties | terms.datatype_properties | {OKG.rank} if str(p).startswith(str(OKG))), key=str)
    units = sorted((u for u in graph.subjects(RDF.type, OKG.UnitOfCount) if isinstance(u, URIRef)), key=str)
    modalities = sorted((m for m in graph.subjects(RDF.type, OKG.Modality) if isinstance(m, URIRef)), key=str)
    return {
        "properties": [describe(p) for p in props],
        "units": [describe(u) for u in units],
        "types": list(ENTITY_TYPES),
        "modalities": [describe(m) for m in modalities],
    }
