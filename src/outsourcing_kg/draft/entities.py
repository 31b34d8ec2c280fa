"""The entities of a draft, by id: `DraftEntities`, the one table the linking, post and event stages add to.

Every stage that drafts an entity goes through it, so that a known entity is linked once, a new id never takes a
known one, and a second mention of the same new entity finds the first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from ..names import EntityIndex, Entry, name_key
from .items import DraftEntity
from .text import Span


def french_label(entry: Entry) -> str:
    """A known entity's French label ("" when it has none)."""
    return entry.labels.get("fr", "")


class DraftEntities:
    """Drafted entities by id, in the order they were drafted (later rules take the first that matches)."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._by_id: dict[str, DraftEntity] = {}

    def __getitem__(self, ident: str) -> DraftEntity:
        return self._by_id[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self._by_id

    def __iter__(self) -> Iterator[DraftEntity]:
        return iter(self._by_id.values())

    def get(self, ident: str) -> DraftEntity | None:
        return self._by_id.get(ident)

    def view(self) -> Mapping[str, DraftEntity]:
        """The entities by id, read-only, for the stages that only read them."""
        return MappingProxyType(self._by_id)

    def put(self, entity: DraftEntity) -> None:
        """Add or replace the entity with `entity.id`."""
        self._by_id[entity.id] = entity

    def free_id(self, ident: str) -> str:
        """`ident`, or `ident-2`, ... when a known entity already has it."""
        candidate, n = ident, 2
        while candidate in self.index:
            candidate, n = f"{ident}-{n}", n + 1
        return candidate

    def link(self, known: Entry, mention: Span, confidence: float) -> str:
        """Refer to a known entity (declared once, with its first mention); returns its id."""
        if known.id not in self._by_id:
            self._by_id[known.id] = DraftEntity(known.id, known.kind, None, french_label(known), known.labels.get("en", ""),
                                                mention=mention, confidence=confidence, known_type=known.type)  # fmt: skip
        return known.id

    def new(self, ident: str, kind: str, etype: str, fr: str, en: str, mention: Span | None, confidence: float) -> str:
        """The new entity `ident` (or the one already drafted with that id), given `mention` if it has none yet.

        A known entity with this id and French label is linked instead (drafting the same article again mints
        nothing); any other id a known entity has is replaced by a free one (`free_id`). Returns the entity's id.
        """
        entity = self._by_id.get(ident)
        known = self.index.entries.get(ident)
        if entity is None and known is not None and known.kind == kind and name_key(french_label(known)) == name_key(fr):
            # The same id and name as a known entity (the same article drafted again, the same talk): the known one.
            ident = self.link(known, mention, confidence) if mention is not None else ident
            if ident not in self._by_id:
                self._by_id[ident] = DraftEntity(ident, kind, None, french_label(known), known.labels.get("en", ""), confidence=confidence,
                                                 known_type=known.type)  # fmt: skip
            return ident
        if entity is None:
            ident = self.free_id(ident)
            entity = self._by_id.get(ident) or DraftEntity(ident, kind, etype, fr, en, confidence=confidence)
            self._by_id[ident] = entity
        if mention is not None and entity.mention is None:
            entity.mention = mention
        return entity.id

    def place(self, key: str, fr: str, en: str, etype: str, mention: Span | None) -> str:
        """A country, continent or city of the rule tables: the known place with its name, else a new one."""
        known = {k for k in self.index.lookup(fr) | self.index.lookup(en) if self.index.entries[k].kind == "place"}
        if len(known) == 1:
            ident = next(iter(known))
            if ident not in self._by_id:
                entry = self.index.entries[ident]
                self._by_id[ident] = DraftEntity(ident, "place", None, french_label(entry), entry.labels.get("en", ""), confidence=0.95,
                                                 known_type=entry.type)  # fmt: skip
            if mention is not None and self._by_id[ident].mention is None:
                self._by_id[ident].mention = mention
            return ident
        return self.new(f"place/{key}", "place", etype, fr, en, mention, 0.8)
