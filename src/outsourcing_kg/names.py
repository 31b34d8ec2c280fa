"""Names of entities: the one entity index, and the folded forms names are matched on.

`EntityIndex` answers every "which entity is this name?" question in the project: `KnowledgeGraph.resolve` and
`describe`, `okg view --focus`, entity-typed query parameters, the build's "did you mean", and the extractor's
linking. Exact matches go through a dictionary of folded names (case, accents, typographic apostrophes, spacing
and a leading article do not matter); near matches and suggestions come from rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import KGError, brief

__all__ = ["EQUIVALENT", "AmbiguousName", "EntityIndex", "Entry", "UnknownName", "fold", "fold_text", "name_key", "slugify", "suggest"]

#: Typographic variants read as their plain form when quotes and names are matched.
EQUIVALENT = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}  # fmt: skip

_LEADING_ARTICLE = re.compile(r"^(?:l'|le |la |les |the )", re.IGNORECASE)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a label, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    c = EQUIVALENT.get(c, c)
    f = fold(c)
    return f if len(f) == 1 else (f[:1] or c)


def fold_text(text: str) -> str:
    """Case- and accent-folded text of the same length as `text`, so offsets in one are offsets in the other."""
    return "".join(_fold_char(c) for c in text)


def name_key(name: str) -> str:
    """The form names are matched on: folded, typographic apostrophes straightened, spaces collapsed, no leading article."""
    key = " ".join(fold_text(name).split())
    return _LEADING_ARTICLE.sub("", key).strip()


def slugify(text: str) -> str:
    """The lower-case ASCII slug of a name, as ids use it (`Fès` -> `fes`); `x` when nothing is left."""
    out = re.sub(r"[^a-z0-9]+", "-", name_key(text).replace("&", " and ")).strip("-")
    return out or "x"


class UnknownName(KGError):
    """No entity has this name or id; `suggestions` holds the closest ids."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message)


class AmbiguousName(KGError):
    """Several entities share this name; `candidates` holds their ids."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(message)


@dataclass
class Entry:
    """One entity of the index: its id (`org/intelcia`), its type (`Company`), labels by language, every name."""

    id: str
    type: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The id's first part: org, person, place, post, event, segment, sector..."""
        return self.id.split("/", 1)[0]

    def label(self, lang: str = "en") -> str:
        """The label in `lang`, else English, French, any label, else the id."""
        for candidate in (lang, "en", "fr"):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return next((v for v in self.labels.values() if v), self.id)


def _max_typos(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 10 else 2


def suggest(text: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60.0) -> list[str]:
    """The choices most like `text` (rapidfuzz's normalised Indel similarity on folded forms, 0-100), best first."""
    from rapidfuzz import fuzz, process

    options = sorted(set(choices))
    wanted = name_key(text)
    found = process.extract(wanted, [name_key(o) for o in options], scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    return [options[index] for _, _, index in found]


class EntityIndex:
    """Entities by every name they go by: labels, aliases, acronyms, and their own id.

    - `lookup(name)`: the ids whose name matches exactly, after folding (`name_key`);
    - `within_typos(name, kinds)`: ids within a few typos (1 for names of 5-9 characters, 2 from 10), closest first;
    - `resolve(text)`: exactly one id, or UnknownName/AmbiguousName with the closest ids in the message;
    - `suggestions(text)`: the closest ids for a name that matched nothing.
    """

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_name: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def add(self, ident: str, names: Iterable[str], *, type: str | None = None, labels: dict[str, str] | None = None) -> Entry:
        """Add an entity (or more names for one already there); names shorter than 2 characters are not indexed."""
        names = [n for n in names if n]
        entry = self.entries.get(ident)
        if entry is None:
            entry = self.entries[ident] = Entry(ident, type, dict(labels or {}), list(names))
        else:
            entry.names.extend(names)
            for lang, text in (labels or {}).items():
                entry.labels.setdefault(lang, text)
            entry.type = entry.type or type
        for name in names:
            key = name_key(name)
            if len(key) >= 2:
                self.by_name.setdefault(key, set()).add(ident)
        return entry

    def name_pattern(self) -> re.Pattern[str] | None:
        """One regular expression matching every indexed name (of 2 characters or more) as a whole word, in text
        folded with `fold_text`; longest names first, so the longest name wins. None for an empty index."""
        names = sorted((k for k in self.by_name if len(k) >= 2), key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

    def lookup(self, name: str) -> set[str]:
        """Ids of the entities called `name` (folded comparison)."""
        return set(self.by_name.get(name_key(name), set()))

    def within_typos(self, name: str, kinds: Iterable[str]) -> list[tuple[int, str]]:
        """(typos, id) of entities of the given kinds whose name is a few typos from `name`, closest first.

        Typos are counted as optimal string alignment distance (insertions, deletions, substitutions and adjacent
        transpositions), from rapidfuzz.
        """
        from rapidfuzz.distance import OSA

        key = name_key(name)
        allowed = _max_typos(key)
        if not allowed:
            return []
        wanted = set(kinds)
        found: dict[str, int] = {}
        for other, ids in self.by_name.items():
            if abs(len(other) - len(key)) > allowed or _max_typos(other) == 0:
                continue
            distance = OSA.distance(key, other, score_cutoff=allowed)
            if distance <= allowed:
                for known in ids:
                    if self.entries[known].kind in wanted:
                        found[known] = min(distance, found.get(known, 99))
        return sorted((d, i) for i, d in found.items())

    def suggestions(self, text: str, *, limit: int = 3) -> list[str]:
        """Ids whose names or ids are closest to `text`, best first (for "did you mean")."""
        from rapidfuzz import fuzz, process

        choices: list[tuple[str, str]] = [(key, ident) for key, ids in self.by_name.items() for ident in ids]
        choices += [(name_key(ident), ident) for ident in self.entries]
        choices += [(name_key(ident.rsplit("/", 1)[-1]), ident) for ident in self.entries]
        wanted = name_key(text)
        found = process.extract(wanted, [c[0] for c in choices], scorer=fuzz.ratio, limit=None, score_cutoff=60.0)
        best: dict[str, float] = {}
        for _, score, index in found:
            ident = choices[index][1]
            best[ident] = max(score, best.get(ident, 0.0))
        return [i for i, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))][:limit]

    def describe(self, ident: str, lang: str = "en") -> str:
        """`Label (id)`, as names are shown in messages."""
        entry = self.entries.get(ident)
        return f"{entry.label(lang)} ({ident})" if entry and entry.labels else ident

    def resolve(self, text: str, *, lang: str = "en") -> str:
        """The one id that `text` names: an id (`org/intelcia`), its last part (`intelcia`), a label, alias or acronym.

        Raises AmbiguousName when several entities share the name, UnknownName (with up to three suggestions in
        its message and `suggestions`) when none has it.
        """
        wanted = text.strip()
        if wanted in self.entries:
            return wanted
        by_slug = sorted(i for i in self.entries if i.rsplit("/", 1)[-1] == wanted.casefold())
        found = sorted(self.lookup(wanted)) or by_slug
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(self.describe(i, lang) for i in found[:5])
            raise AmbiguousName(f"{brief(text)} names several entities: {listed}; give the id", found)
        near = self.suggestions(wanted)
        hint = "; did you mean " + ", ".join(self.describe(i, lang) for i in near) + "?" if near else ""
        raise UnknownName(f"no entity {brief(text)} in the graph{hint}", near)
