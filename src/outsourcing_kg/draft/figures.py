"""Figures: amounts in French notation ("1,3 milliard de dirhams", "500 MDH", "plus de 12.000 collaborateurs") and
the quantitative claims they make: metric, subject, currency or unit, bound, year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ..names import fold
from .dates import PubDate, find_dates, resolve_date
from .document import Document
from .items import DraftClaim, claim_id
from .mentions import Mentions, subject_before
from .rules import (
    AMOUNT,
    APPROXIMATE,
    BARE_AFTER_CONTRE,
    BARE_BEFORE_A,
    COMBINED_SCALES,
    COMPANY_UNITS,
    CURRENCY_CODES,
    DECLINE,
    LOWER_BOUND,
    METRICS,
    MONEY_METRICS,
    MULTIPLIERS,
    PLAN,
    UPPER_BOUND,
    YEAR_ONLY,
)
from .text import Span, clause_end, clause_start, kebab, word_span

_METRICS = [(prop, re.compile(pattern, re.IGNORECASE)) for prop, pattern in METRICS]
#: Kinds of date expressions that give a figure its year.
_YEAR_KINDS = ("year", "month-year", "year-rel", "now")


@dataclass(frozen=True)
class Amount:
    """A figure at text[start:end]: its value (scale applied), currency (ISO code) or unit (percent, jobs, companies),
    and whether a scale word or abbreviation was applied ("milliard", "MDH")."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    unit: str | None
    scaled: bool


@dataclass(frozen=True)
class Figures:
    """Quantitative claims and the figures not drafted (review notes saying why)."""

    claims: list[DraftClaim]
    review: list[str]


def find_amounts(doc: Document) -> list[Amount]:
    """Figures with a scale, a currency or a unit in text[:limit], and the bare numbers compared with them, in order."""
    out = []
    for match in AMOUNT.finditer(doc.norm, 0, doc.limit):
        cc, mult, cur, unit = match.group("cc"), match.group("mult"), match.group("cur"), match.group("unit")
        if not (cc or mult or cur or unit):
            continue
        number = parse_french_number(match.group(1))
        if number is None:
            continue
        currency = None
        scale = 1
        if cc:
            low = cc.lower().replace(" ", "")
            scale = next((s for prefixes, s in COMBINED_SCALES if low.startswith(prefixes)), 10**6)
            currency = "EUR" if "€" in low else "MAD"
        if mult:
            scale = next(v for k, v in MULTIPLIERS.items() if mult.lower().startswith(k))
        if cur:
            currency = _currency(cur)
        end = match.end()
        while end > match.start() and doc.norm[end - 1].isspace():
            end -= 1
        out.append(Amount(match.start(), end, number * scale, currency, _unit(unit) if unit else None, bool(mult or cc)))
    return _with_bare_numbers(doc, out)


def amount_spans(amounts: Sequence[Amount]) -> list[Span]:
    """The figures' spans, sorted (dates skip years inside them)."""
    return sorted((a.start, a.end) for a in amounts)


def _with_bare_numbers(doc: Document, amounts: list[Amount]) -> list[Amount]:
    """«14 milliards de dirhams en 2019 contre 12 en 2018», «de 100.000 à 120.000 emplois»: the bare number takes
    the unit, currency and scale of the figure it is compared with."""
    extra = []
    for a in amounts:
        s, e = doc.sentence_of(a.start)
        after = BARE_AFTER_CONTRE.match(doc.norm[a.end : e])
        if after:
            extra.append((a, a.end + after.start(1), a.end + after.end(1)))
        before = BARE_BEFORE_A.search(doc.norm[s : a.start])
        if before and a.unit != "percent":
            extra.append((a, s + before.start(1), s + before.end(1)))
    bare = []
    for a, start, end in extra:
        text = doc.norm[start:end]
        number = parse_french_number(text)
        if number is None or (YEAR_ONLY.fullmatch(text) and not a.unit and not a.currency):
            continue
        # The scale is the figure's value over the number it starts with; the scale may be glued to that number
        # ("500MDH contre 300"), so the number is read up to its last digit.
        scale = _scale(doc.norm[a.start : a.end], a.value) if a.scaled else 1
        if scale is None:
            continue
        bare.append(replace(a, start=start, end=end, value=number * scale))
    return sorted([*amounts, *bare], key=lambda x: x.start)


_LEADING_NUMBER = re.compile(r"\d(?:[\d.,\s\u00a0\u202f]*\d)?")


def _scale(text: str, value: Decimal) -> Decimal | None:
    """`value` over the number `text` starts with (the factor its scale word stands for), or None if none is there."""
    match = _LEADING_NUMBER.match(text)
    first = parse_french_number(match.group()) if match else None
    return value / first if first else None


def quantitative_claims(doc: Document, mentions: Mentions, amounts: Sequence[Amount], pub: PubDate | None) -> Figures:
    """A claim per figure whose metric, subject and currency or unit the rules find; each other figure is a review
    note. A figure's clause runs from the figure before it to the one after it in its sentence."""
    spans = amount_spans(amounts)
    by_sentence: dict[Span, list[Amount]] = {}
    for a in amounts:
        by_sentence.setdefault(doc.sentence_of(a.start), []).append(a)
    claims: list[DraftClaim] = []
    review: list[str] = []
    for sentence, items in by_sentence.items():
        s, e = sentence
        clauses = []
        for i, a in enumerate(items):
            left_end = items[i - 1].end if i else s
            right_end = items[i + 1].start if i + 1 < len(items) else e
            clauses.append((clause_start(doc.norm, left_end, a.start), clause_end(doc.norm, a.end, right_end)))
        previous: _Previous | None = None
        for a, clause in zip(items, clauses, strict=True):
            outcome = _figure(doc, mentions, pub, spans, a, sentence, clause, previous, clauses)
            claims += [outcome.claim] if outcome.claim else []
            review += outcome.review
            previous = _Previous(a, outcome.metric)
    return Figures(claims, review)


class _Previous(NamedTuple):
    """The figure before in the sentence, and the metric the rules gave it (None when they gave up before one)."""

    amount: Amount
    metric: str | None


class _Outcome(NamedTuple):
    """A figure's claim (None when not drafted), review notes, and the metric it got (None when the rules gave up
    before finding one), which the next figure of the sentence may take."""

    claim: DraftClaim | None
    review: list[str]
    metric: str | None


class _Measure(NamedTuple):
    """What a figure measures: the metric, its keyword's span, unit, currency; notes and confidence penalties when
    the metric or currency is the one of the figure before it."""

    metric: str
    keyword: Span | None
    unit: str | None
    currency: str | None
    notes: list[str]
    penalties: list[float]


def _figure(
    doc: Document,
    mentions: Mentions,
    pub: PubDate | None,
    spans: Sequence[Span],
    a: Amount,
    sentence: Span,
    clause: Span,
    previous: _Previous | None,
    clauses: list[Span],
) -> _Outcome:
    """The claim of one figure, or the review note saying why it is not drafted."""
    lo, hi = clause
    left, right = doc.norm[lo : a.start], doc.norm[a.end : hi]
    where = f"figure «{doc.text[a.start : a.end]}» at character {a.start}"
    notes: list[str] = []
    confidence = 0.85
    lower = LOWER_BOUND.search(left)
    if APPROXIMATE.search(left):
        notes.append("the text gives an approximate figure")
        confidence -= 0.1
    if UPPER_BOUND.search(left):
        notes.append('the text gives an upper bound ("moins de"), not an exact figure')
        confidence -= 0.2
    if PLAN.search(left):
        return _Outcome(None, [f"{where}: a plan or a target, not a fact; not drafted"], None)
    measure = _measure(doc, a, left, right, lo, previous)
    if isinstance(measure, str):
        return _Outcome(None, [measure], None)
    metric, keyword, unit, currency = measure.metric, measure.keyword, measure.unit, measure.currency
    notes += measure.notes
    # One subtraction per penalty, in the order the rules met them: the rounded confidence depends on it.
    for penalty in measure.penalties:
        confidence -= penalty
    if currency is None and unit is None:
        return _Outcome(None, [f"{where}: neither currency nor unit; not drafted"], metric)
    value = a.value
    if metric == "growth" and keyword is not None and DECLINE.search(doc.norm[keyword[0] : keyword[1]]):
        value = -value
    subject = subject_before(doc, mentions, a.start, sentence[0])
    if subject is None:
        return _Outcome(None, [f"{where}: no company or sector it is about; not drafted"], metric)
    subject_id, subject_confidence = subject
    confidence = min(confidence, subject_confidence)
    year = _year_near(doc, pub, spans, a, clause, sentence, [c for c in clauses if c != clause])
    if year.note:
        notes.append(year.note)
    review = None
    if year.value is None:
        review = "no year in the sentence; add `year:` if the text implies one"
        confidence -= 0.1
    start = min([a.start, *([keyword[0]] if keyword else [])])
    if lower:
        start = min(start, lo + lower.start())
    end = max([a.end, *([keyword[1]] if keyword else [])])
    if year.span and year.span[0] >= lo and year.span[1] <= hi:
        start, end = min(start, year.span[0]), max(end, year.span[1])
    claim = DraftClaim(
        claim_id(subject_id, kebab(metric), str(year.value) if year.value else None), "quantitative", subject_id, metric,
        _number(value), [word_span(doc.text, start, end)], currency=currency, unit=unit if currency is None else None,
        lower_bound=bool(lower), year=year.value, note="; ".join(notes) or None, confidence=round(max(0.1, confidence), 2),
        review=review,
    )  # fmt: skip
    return _Outcome(claim, [year.review] if year.review else [], metric)


def _measure(doc: Document, a: Amount, left: str, right: str, lo: int, previous: _Previous | None) -> _Measure | str:
    """The metric, unit and currency of a figure; or the review note saying why it is not drafted.

    The unit decides the metric for jobs and companies; a percentage must be growth or a market share. Without a
    keyword, the metric of the figure before it in the sentence serves when their units or currencies agree; a money
    metric without a currency takes the one of the figure before it.
    """
    where = f"figure «{doc.text[a.start : a.end]}» at character {a.start}"
    metric, keyword = _metric(left, right, lo, a.end)
    unit, currency = a.unit, a.currency
    notes: list[str] = []
    penalties: list[float] = []
    if unit == "jobs":
        metric = "employment"
    elif unit == "companies":
        metric = "companyCount"
    elif unit == "percent" and metric not in ("growth", "marketShare"):
        return f"percentage «{doc.text[a.start : a.end]}» at character {a.start}: no growth or market share named; not drafted"
    if (
        metric is None
        and previous is not None
        and previous.metric
        and (previous.amount.unit == unit or ((currency or a.scaled) and previous.amount.currency))
    ):
        metric = previous.metric
        notes.append("the metric is the one of the figure before it in the sentence")
        penalties.append(0.2)
    if metric is None:
        return f"{where}: no metric (revenue, investment, jobs...) recognised; not drafted"
    if metric in ("employment", "companyCount") and unit is None:
        unit = "jobs" if metric == "employment" else "companies"
    if metric in MONEY_METRICS and currency is None:
        if unit is not None:
            return f"{where}: {metric} counted in {unit}; not drafted"
        if previous is None or not previous.amount.currency:
            return f"{where}: {metric} without a currency; not drafted"
        currency = previous.amount.currency
        notes.append(f"the text gives no currency; {currency}, the currency of the figure before it")
        penalties.append(0.2)
    return _Measure(metric, keyword, unit, currency, notes, penalties)


def _metric(left: str, right: str, lo: int, end: int) -> tuple[str | None, Span | None]:
    """The metric a figure measures and its keyword's span: the keyword nearest before it in its clause (`left`
    starts at `lo`), else the nearest after it (`right` starts at `end`)."""
    best: tuple[int, str, Span] | None = None
    for prop, pattern in _METRICS:
        for m in pattern.finditer(left):
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, prop, (lo + m.start(), lo + m.end()))
    if best is None:
        for prop, pattern in _METRICS:
            for m in pattern.finditer(right):
                distance = m.start() + 1000
                if best is None or distance < best[0]:
                    best = (distance, prop, (end + m.start(), end + m.end()))
    return (best[1], best[2]) if best else (None, None)


class _Year(NamedTuple):
    value: int | None
    span: Span | None
    note: str | None
    review: str | None  # a year the rules found but could not resolve


def _year_near(
    doc: Document, pub: PubDate | None, spans: Sequence[Span], a: Amount, clause: Span, sentence: Span, others: list[Span]
) -> _Year:
    """The year of a figure: in its clause, else the nearest one in its sentence that belongs to no other figure's
    clause, else the one year of the previous sentence of the paragraph; relative years resolved."""
    (lo, hi), (s, e) = clause, sentence
    dates = [d for d in find_dates(doc, s, e, spans) if d.kind in _YEAR_KINDS]
    in_clause = [d for d in dates if d.start >= lo and d.end <= hi]
    free = [d for d in dates if not any(x <= d.start < y for x, y in others)]
    pool = in_clause or free
    note_prefix = ""
    if not pool:
        i = doc.sentence_index(s)
        if i <= 0 or "\n" in doc.norm[doc.sentences[i - 1][1] : s]:
            return _Year(None, None, None, None)
        before = [d for d in find_dates(doc, *doc.sentences[i - 1], spans) if d.kind in _YEAR_KINDS]
        if len({doc.text[d.start : d.end] for d in before}) != 1:
            return _Year(None, None, None, None)
        pool, note_prefix = before[:1], "the year of the previous sentence"
    d = min(pool, key=lambda d: min(abs(d.start - a.end), abs(a.start - d.end)))
    value, _confidence, note = resolve_date(doc, d, pub)
    if note_prefix:
        note = note_prefix + (f"; {note}" if note else "")
    if value is None:
        return _Year(None, None, None, note or None)
    return _Year(int(value[:4]), (d.start, d.end), note, None)


def parse_french_number(text: str) -> Decimal | None:
    """ "1,3" -> 1.3, "12.000" and "12 000" -> 12000; None when `text` is not a number."""
    raw = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _currency(word: str) -> str:
    """The ISO code of a currency word matched by `rules.CURRENCY`."""
    w = fold(word)
    code = next((code for code, prefixes in CURRENCY_CODES.items() if w.startswith(prefixes)), None)
    return code or ("XOF" if "cfa" in w else "MAD")


def _unit(word: str) -> str:
    """The unit term of a unit word matched by `rules.UNITS`."""
    w = fold(word)
    if w == "%" or w.startswith("pour"):
        return "percent"
    if w in COMPANY_UNITS:
        return "companies"
    return "jobs"
