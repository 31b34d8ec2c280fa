"""Modality: whether a figure states a fact, a plan, a target or a forecast, and the horizon year of the last three.

Read from the figure's clause on both sides of it: cue words (rules.TARGET_CUE, FORECAST_CUE, PLAN_CUE), the tense
and mood of the verb that governs the figure when the parse gives them (future: plan; conditional: forecast), and
a horizon ("d'ici 2025", "à l'horizon 2027", "d'ici la fin de l'année") before or after the figure. A present tense
with "désormais", "aujourd'hui" states a fact whatever follows.
"""

from __future__ import annotations

from typing import NamedTuple

from .dates import PubDate
from .rules import FACT_CUE, FORECAST_CUE, HORIZON, PLAN_CUE, PLAN_LEMMAS, TARGET_CUE, TARGET_LEMMAS

#: The modalities, as the annotation files write them (`fact` is left out of a file).
MODALITIES = ("fact", "plan", "target", "forecast")


class Modality(NamedTuple):
    """A figure's modality, its horizon year (None when the text gives none) and the horizon's span in the text."""

    kind: str
    horizon: int | None
    span: tuple[int, int] | None


def modality(
    text: str,
    lo: int,
    start: int,
    end: int,
    hi: int,
    pub: PubDate | None,
    mood: str | None = None,
    sentence: tuple[int, int] | None = None,
    lemmas: frozenset[str] = frozenset(),
) -> Modality:
    """The modality of the figure at text[start:end] in the clause text[lo:hi]; `mood` is the governing verb's
    tense or mood from the parse ("Fut", "Cnd", "Pres", "Past"...) when known, `lemmas` the lemmas of that verb and
    the verbs above it ("viser" makes a target wherever it stands). The horizon is looked for in the clause, else in
    the rest of the `sentence` ("créer 3.000 emplois directs et stables à l'horizon 2027"), else, for a figure the
    governing verb makes a plan or a target, anywhere in the sentence."""
    left, right = text[lo:start], text[end:hi]
    horizon = _horizon(text, lo, start, end, hi, pub)
    if horizon.year is None and sentence is not None:
        later = _horizon(text, end, end, end, sentence[1], pub)
        horizon = later if later.future else horizon
    if horizon.year is None and sentence is not None and lemmas & (TARGET_LEMMAS | PLAN_LEMMAS):
        anywhere = _horizon(text, sentence[0], start, end, sentence[1], pub)
        horizon = anywhere if anywhere.future else horizon
    near_left = left[-80:]
    if FACT_CUE.search(near_left) and not TARGET_CUE.search(near_left) and mood not in ("Fut", "Cnd"):
        return Modality("fact", None, None)
    kind = None
    if TARGET_CUE.search(left) or TARGET_CUE.search(right[:40]):
        kind = "target"
    elif FORECAST_CUE.search(left) or mood == "Cnd":
        kind = "forecast"
    elif PLAN_CUE.search(left) or mood == "Fut":
        kind = "plan"
    elif lemmas & TARGET_LEMMAS:
        kind = "target"
    elif lemmas & PLAN_LEMMAS:
        kind = "plan"
    elif horizon.year is not None and horizon.future:
        kind = "target"
    if kind is None:
        return Modality("fact", None, None)
    return Modality(kind, horizon.year, horizon.span)


class _Horizon(NamedTuple):
    year: int | None
    span: tuple[int, int] | None
    future: bool  # said with "d'ici", "à l'horizon" (not a plain "en 2025")


def _horizon(text: str, lo: int, start: int, end: int, hi: int, pub: PubDate | None) -> _Horizon:
    """The horizon nearest the figure in its clause: "d'ici 2025" / "à l'horizon 2027" / "d'ici la fin de l'année"."""
    best: _Horizon | None = None
    best_distance = 10**9
    for m in HORIZON.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        distance = m.start() - end if m.start() >= end else start - m.end()
        year_text = next((g for g in (m.group(k) for k in ("y1", "y2", "y3", "y4", "y5")) if g), None)
        future = not m.group().lower().startswith("en ")
        if year_text is None:
            if pub is None:
                continue
            year = pub.year  # "d'ici la fin de l'année"
        else:
            year = int(year_text)
        if distance < best_distance:
            best, best_distance = _Horizon(year, (m.start(), m.end()), future), distance
    return best or _Horizon(None, None, False)


def is_future_year(year: int | None, pub: PubDate | None) -> bool:
    """Whether a year lies after the publication year (an "en 2025" that can only be a plan)."""
    return year is not None and pub is not None and year > pub.year
