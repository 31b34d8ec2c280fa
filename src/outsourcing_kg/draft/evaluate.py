"""Score a draft annotation file (`okg extract`) against a curated one: precision, recall and F1.

Entities are aligned one to one: the same id, else the same kind (the id's `org/`, `person/`... part) and either a
shared name (label or alias, case- and accent-insensitive) or overlapping mention quotes in the same text. A drafted
entity counts for its type when the curated one has the same type; the `entities` row counts an alignment whatever
the fine type. Links are the entities a file refers to without declaring them (already in the graph): right when
both files refer to the same id. A quantitative claim is right when its subject (through the alignment), value,
currency or unit, and year are all right; a ranking claim when subject, rank and criterion are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..annotations.files import SourceFile, load_source
from ..names import name_key
from ..project import Project
from .known import known_entities


@dataclass(frozen=True)
class Score:
    """Counts for one row of the evaluation; precision (recall) is None when the draft (gold) has none."""

    name: str
    gold: int
    draft: int
    matched: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.draft if self.draft else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "gold": self.gold,
            "draft": self.draft,
            "matched": self.matched,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": rounded(self.f1),
        }


@dataclass
class Evaluation:
    draft: Path
    gold: Path
    entities: Score
    entity_types: list[Score]
    links: Score
    quantitative: Score
    ranking: Score
    qualitative: Score
    alignment: dict[str, str] = field(default_factory=dict)  # draft id -> gold id
    missed: list[str] = field(default_factory=list)  # gold items the draft lacks
    extra: list[str] = field(default_factory=list)  # draft items the gold lacks

    def rows(self) -> list[tuple[str, Score]]:
        return [
            ("entities", self.entities),
            *[(f"  {s.name}", s) for s in self.entity_types],
            ("links to existing entities", self.links),
            ("quantitative claims", self.quantitative),
            ("ranking claims", self.ranking),
            ("qualitative claims", self.qualitative),
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "draft": str(self.draft),
            "gold": str(self.gold),
            "entities": self.entities.as_dict(),
            "entity_types": {s.name: s.as_dict() for s in self.entity_types},
            "links": self.links.as_dict(),
            "quantitative_claims": self.quantitative.as_dict(),
            "ranking_claims": self.ranking.as_dict(),
            "qualitative_claims": self.qualitative.as_dict(),
            "missed": self.missed,
            "extra": self.extra,
        }

    def table(self) -> str:
        def cell(x: float | None) -> str:
            return "—" if x is None else f"{x:.2f}"

        width = max(len(name) for name, _ in self.rows())
        lines = [f"{'':{width}}  {'gold':>5} {'draft':>5} {'match':>5}  {'precision':>9} {'recall':>6} {'F1':>5}"]
        for name, s in self.rows():
            lines.append(
                f"{name:{width}}  {s.gold:>5} {s.draft:>5} {s.matched:>5}  {cell(s.precision):>9} {cell(s.recall):>6} {cell(s.f1):>5}"
            )
        return "\n".join(lines)


@dataclass
class _Entity:
    id: str
    type: str
    names: set[str]
    span: tuple[int, int] | None
    linked: bool

    @property
    def kind(self) -> str:
        return self.id.split("/", 1)[0]


def _entities(source: SourceFile, other: SourceFile, known: dict[str, tuple[str, set[str]]]) -> list[_Entity]:
    declared = {e.id: e for e in (*other.data.entities, *source.data.entities) if e.type is not None}
    out = []
    for e in source.data.entities:
        decl = declared.get(e.id)
        if decl is not None and decl.label is not None:
            etype = str(decl.type)
            names = {name_key(n) for n in (decl.label.fr, decl.label.en, *decl.aliases)}
        else:
            etype, names = known.get(e.id, ("?", set()))
        anchor = source.mention_anchors.get(e.id)
        out.append(_Entity(e.id, etype, names, (anchor.start, anchor.end) if anchor else None, e.type is None))
    return out


def _align(gold: list[_Entity], draft: list[_Entity], same_text: bool) -> dict[str, str]:
    """draft id -> gold id, one to one: same id first, then same kind with a shared name or overlapping mentions."""
    alignment: dict[str, str] = {}
    gold_ids = {g.id for g in gold}
    for d in draft:
        if d.id in gold_ids:
            alignment[d.id] = d.id
    taken = set(alignment.values())
    pairs = []
    for d in draft:
        if d.id in alignment:
            continue
        for g in gold:
            if g.id in taken or g.kind != d.kind:
                continue
            overlap = 0
            if same_text and d.span and g.span:
                overlap = max(0, min(d.span[1], g.span[1]) - max(d.span[0], g.span[0]))
            shared = bool(d.names & g.names)
            if overlap or shared:
                pairs.append((-(overlap > 0) - shared, -overlap, d.id, g.id))
    for _, _, d_id, g_id in sorted(pairs):
        if d_id not in alignment and g_id not in taken:
            alignment[d_id] = g_id
            taken.add(g_id)
    return alignment


def _known(project: Project, exclude: list[Path]) -> dict[str, tuple[str, set[str]]]:
    """Type and folded names of every entity the project declares outside the two files compared."""
    index = known_entities(project, exclude=exclude)
    return {i: (e.type or "?", {name_key(n) for n in e.names}) for i, e in index.entries.items()}


def _matched(gold: list[tuple[Any, ...]], draft: list[tuple[Any, ...]]) -> tuple[int, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    left = Counter(gold)
    hits = 0
    extra = []
    for item in draft:
        if left[item] > 0:
            left[item] -= 1
            hits += 1
        else:
            extra.append(item)
    return hits, [k for k, n in left.items() for _ in range(n)], extra


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return Decimal(str(value)).normalize()


def evaluate(draft: str | Path, gold: str | Path, project: Project | None = None) -> Evaluation:
    """Precision, recall and F1 of `draft` against `gold` (both annotation files of the same article)."""
    project = project or Project.default()
    draft_path, gold_path = Path(draft), Path(gold)
    d_src, g_src = load_source(draft_path), load_source(gold_path)
    known = _known(project, [draft_path, gold_path])
    g_entities = _entities(g_src, d_src, known)
    d_entities = _entities(d_src, g_src, known)
    same_text = d_src.sha256 is not None and d_src.sha256 == g_src.sha256
    alignment = _align(g_entities, d_entities, same_text)
    by_gold = {g.id: g for g in g_entities}
    types = sorted({e.type for e in g_entities} | {e.type for e in d_entities})
    type_rows = []
    for t in types:
        hits = sum(1 for d in d_entities if d.type == t and d.id in alignment and by_gold[alignment[d.id]].type == t)
        type_rows.append(Score(t, sum(g.type == t for g in g_entities), sum(d.type == t for d in d_entities), hits))
    entities = Score("entities", len(g_entities), len(d_entities), len(alignment))
    g_links = {g.id for g in g_entities if g.linked}
    d_links = {d.id for d in d_entities if d.linked}
    links = Score("links", len(g_links), len(d_links), len(g_links & d_links))

    def mapped(ref: Any) -> Any:
        return alignment.get(ref, ref) if isinstance(ref, str) else ref

    def quantitative(src: SourceFile, align: bool) -> list[tuple[Any, ...]]:
        m = mapped if align else (lambda x: x)
        return [(m(c.subject), _number(c.value), c.currency or c.unit, c.year) for c in src.data.claims if c.kind == "quantitative"]

    def ranking(src: SourceFile, align: bool) -> list[tuple[Any, ...]]:
        m = mapped if align else (lambda x: x)
        return [(m(c.subject), c.value, c.criterion) for c in src.data.claims if c.kind == "ranking"]

    def qualitative(src: SourceFile, align: bool) -> list[tuple[Any, ...]]:
        m = mapped if align else (lambda x: x)
        out = []
        for c in src.data.claims:
            if c.kind != "qualitative":
                continue
            value = m(c.value) if isinstance(c.value, str) else type(c.value).__name__
            out.append((m(c.subject), c.property, value))
        return out

    rows = {}
    missed: list[str] = []
    extra: list[str] = []
    for name, fn in (("quantitative", quantitative), ("ranking", ranking), ("qualitative", qualitative)):
        g_items, d_items = fn(g_src, False), fn(d_src, True)
        hits, lost, added = _matched(g_items, d_items)
        rows[name] = Score(name, len(g_items), len(d_items), hits)
        if name != "qualitative":
            missed += [f"{name} claim {item}" for item in lost]
            extra += [f"{name} claim {item}" for item in added]
    matched_gold = set(alignment.values())
    missed += [f"entity {g.id} ({g.type})" for g in g_entities if g.id not in matched_gold]
    extra += [f"entity {d.id} ({d.type})" for d in d_entities if d.id not in alignment]
    return Evaluation(
        draft=draft_path, gold=gold_path, entities=entities, entity_types=type_rows, links=links,
        quantitative=rows["quantitative"], ranking=rows["ranking"], qualitative=rows["qualitative"],
        alignment=alignment, missed=missed, extra=extra,
    )  # fmt: skip
