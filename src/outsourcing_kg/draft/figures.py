"""Figures: amounts in French notation ("1,3 milliard de dirhams", "500 MDH", "plus de 12.000 collaborateurs") and
the quantitative claims they make: metric, subject, currency or unit, bound, year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from ..names import fold
from .dates import DateMention, PubDate, find_dates, resolve_date
from .document import Document
from .items import DraftClaim, claim_id
from .mentions import Mentions
from .modality import modality
from .numbers import multiple, parse_french_number, read_number
from .rules import (
    AMOUNT,
    APPROXIMATE,
    BARE_AFTER_CONTRE,
    COMBINED_SCALES,
    CURRENCY_CODES,
    DECLINE,
    DIGITS,
    JOBS_BEFORE,
    LOWER_BOUND,
    METRICS,
    MONEY_METRICS,
    MULTIPLE,
    MULTIPLIERS,
    RANGE_BEFORE,
    UNIT_METRICS,
    UNIT_TERMS,
    UPPER_BOUND,
    WORKFORCE_METRICS,
    YEAR_ONLY,
)
from .subjects import respective_subject, subject_of
from .syntax import Parse
from .text import Span, clause_end, clause_start, kebab, word_span

_METRICS = [(prop, re.compile(pattern, re.IGNORECASE)) for prop, pattern in METRICS]
#: Kinds of date expressions that give a figure its year.
_YEAR_KINDS = ("year", "month-year", "year-rel", "now")


@dataclass(frozen=True)
class Amount:
    """A figure at text[start:end]: its value (scale applied), currency (ISO code) or unit (a `UnitOfCount` term),
    whether a scale word or abbreviation was applied ("milliard", "MDH"), the lower bound of a range ("de 2500 à
    2600"), how the number was written (digits, words, approximate) and, for a number that took the unit of an
    earlier figure, a note saying so."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    unit: str | None
    scaled: bool
    low: Decimal | None = None
    written: str = "digits"
    inherited: str | None = None


@dataclass(frozen=True)
class Figures:
    """Quantitative claims and the figures not drafted (review notes saying why)."""

    claims: list[DraftClaim]
    review: list[str]


def find_amounts(doc: Document) -> list[Amount]:
    """Figures with a scale, a currency or a unit in text[:limit] (numbers in digits or in words, ranges, multiples
    such as "quadruplé"), and the bare numbers compared with them or listed after them, in order."""
    out = []
    for match in AMOUNT.finditer(doc.norm, 0, doc.limit):
        cc, mult, cur, unit = match.group("cc"), match.group("mult"), match.group("cur"), match.group("unit")
        if not (cc or mult or cur or unit):
            continue
        number = read_number(match.group(1))
        if number is None or (number.written == "words" and fold(match.group(1)) in ("un", "une", "le") and not mult
                              and not re.match(r"\s*seule?", doc.norm[match.end(1) : match.end(1) + 8])):  # fmt: skip
            continue
        if (
            unit
            and number.written == "words"
            and _unit(unit) in ("years", "months", "days")
            and number.value == 1
            and "seul" not in match.group()
        ):
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
        amount = Amount(match.start(), end, number.value * scale, currency, _unit(unit) if unit else None, bool(mult or cc),
                        written=number.written)  # fmt: skip
        out.append(_with_range(doc, amount, scale))
    for match in MULTIPLE.finditer(doc.norm, 0, doc.limit):
        factor = multiple(match.group(1))
        if factor is not None:
            out.append(Amount(match.start(), match.end(), Decimal(factor), None, "times", False, written="words"))
    taken = [(a.start, a.end) for a in out]
    for match in JOBS_BEFORE.finditer(doc.norm, 0, doc.limit):
        count = parse_french_number(match.group(1))
        start, end = match.start(1), match.end(1)
        if count is None or YEAR_ONLY.fullmatch(match.group(1)) or any(x < end and start < y for x, y in taken):
            continue
        out.append(Amount(start, end, count, None, "jobs", False, inherited="the unit is the jobs named before the number"))
    out.sort(key=lambda x: x.start)
    return _with_bare_numbers(doc, out)


def _with_range(doc: Document, a: Amount, scale: int) -> Amount:
    """«entre 12 et 25 %», «de 2500 à 2600 salariés»: the figure with the bare lower bound written before it."""
    s, _ = doc.sentence_of(a.start)
    before = RANGE_BEFORE.search(doc.norm[max(s, a.start - 40) : a.start])
    if not before:
        return a
    text = before.group(1) or before.group(2)
    low = parse_french_number(text)
    if low is None or YEAR_ONLY.fullmatch(text) or low * scale >= a.value:
        return a
    return replace(a, start=max(s, a.start - 40) + before.start(), low=low * scale)


def amount_spans(amounts: Sequence[Amount]) -> list[Span]:
    """The figures' spans, sorted (dates skip years inside them)."""
    return sorted((a.start, a.end) for a in amounts)


def _with_bare_numbers(doc: Document, amounts: list[Amount]) -> list[Amount]:
    """«14 milliards de dirhams en 2019 contre 12 en 2018»: the bare number takes the unit, currency and scale of the
    figure it is compared with. «Nous sommes 4500 à Rabat, 1000 à Agadir»: a bare number listed after a count of
    people in the same paragraph takes its unit (said in a note)."""
    extra = []
    for a in amounts:
        _, e = doc.sentence_of(a.start)
        after = BARE_AFTER_CONTRE.match(doc.norm[a.end : e])
        if after:
            extra.append((a, a.end + after.start(1), a.end + after.end(1)))
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
        bare.append(replace(a, start=start, end=end, value=number * scale, low=None))
    found = sorted([*amounts, *bare], key=lambda x: x.start)
    return sorted([*found, *_listed(doc, found)], key=lambda x: x.start)


_BARE = re.compile(rf"(?<![\w.,+-])({DIGITS})(?![\w%²]|[.,]\d|\s*(?:%|e\b|ème|er\b|h\b|:))")
_LISTED_BEFORE = re.compile(r"(?:\bsommes|\bsont|\bà|\bpuis|\bet|,)\s*$", re.IGNORECASE)
_LISTED_AFTER = re.compile(r"\s*(?:à|au|aux|en|dans|dont|,|\.|;)\s", re.IGNORECASE)


def _listed(doc: Document, amounts: list[Amount]) -> list[Amount]:
    """Bare numbers that take the unit of a count of people before them in their paragraph (at most 300 characters)."""
    out = []
    taken = [(a.start, a.end) for a in amounts]
    for m in _BARE.finditer(doc.norm, 0, doc.limit):
        if any(x <= m.start() < y for x, y in taken) or YEAR_ONLY.fullmatch(m.group(1)):
            continue
        number = parse_french_number(m.group(1))
        if number is None or number < 10:
            continue
        if not (_LISTED_BEFORE.search(doc.norm[max(0, m.start() - 12) : m.start()]) and _LISTED_AFTER.match(doc.norm, m.end())):
            continue
        previous = [a for a in amounts if a.end <= m.start() and a.unit == "jobs" and m.start() - a.end < 300]
        if not previous or "\n\n" in doc.norm[previous[-1].end : m.start()]:
            continue
        p = previous[-1]
        out.append(
            Amount(
                m.start(),
                m.end(1),
                number,
                None,
                p.unit,
                False,
                inherited=f"the unit is the one of «{doc.text[p.start : p.end]}» before it",
            )
        )
    return out


_LEADING_NUMBER = re.compile(r"\d(?:[\d.,\s\u00a0\u202f]*\d)?")


def _scale(text: str, value: Decimal) -> Decimal | None:
    """`value` over the number `text` starts with (the factor its scale word stands for), or None if none is there."""
    match = _LEADING_NUMBER.match(text)
    first = parse_french_number(match.group()) if match else None
    return value / first if first else None


def quantitative_claims(
    doc: Document, mentions: Mentions, amounts: Sequence[Amount], pub: PubDate | None, parse: Parse | None = None
) -> Figures:
    """A claim per figure whose metric, subject and currency or unit the rules find; each other figure is a review
    note. A figure's clause runs from the figure before it to the one after it in its sentence."""
    parse = parse or Parse([])
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
            outcome = _figure(doc, _Context(mentions, pub, parse), spans, a, sentence, clause, previous, clauses)
            claims += [outcome.claim] if outcome.claim else []
            review += outcome.review
            previous = _Previous(a, outcome.metric, outcome.claim.year if outcome.claim else None)
    return Figures(claims, review)


class _Previous(NamedTuple):
    """The figure before in the sentence, the metric the rules gave it (None when they gave up before one) and the
    year of its claim."""

    amount: Amount
    metric: str | None
    year: int | None = None


class _Context(NamedTuple):
    """What every figure of the article is read against: the mentions, the publication date, the parse."""

    mentions: Mentions
    pub: PubDate | None
    parse: Parse


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
    ctx: _Context,
    spans: Sequence[Span],
    a: Amount,
    sentence: Span,
    clause: Span,
    previous: _Previous | None,
    clauses: list[Span],
) -> _Outcome:
    """The claim of one figure, or the review note saying why it is not drafted."""
    mentions, pub, parse = ctx
    lo, hi = clause
    left, right = doc.norm[lo : a.start], doc.norm[a.end : hi]
    where = f"figure «{doc.text[a.start : a.end]}» at character {a.start}"
    notes: list[str] = [a.inherited] if a.inherited else []
    confidence = 0.85 if not a.inherited else 0.6
    lower = LOWER_BOUND.search(left)
    if APPROXIMATE.search(left) or a.written == "approximate":
        notes.append("the text gives an approximate figure")
        confidence -= 0.1
    if a.written != "digits":
        notes.append("the number is written in words")
    if UPPER_BOUND.search(left):
        notes.append('the text gives an upper bound ("moins de"), not an exact figure')
        confidence -= 0.2
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
    value, low = a.value, a.low
    sign = doc.norm[max(0, a.start - 1) : a.start]
    if sign == "-" or (metric in ("growth", "rankChange") and _declines(doc, keyword, left)):
        value, low = -value, (-low if low is not None else None)
    verb = _verb(parse, a)
    subject = (respective_subject(doc, mentions, a.start, sentence) if metric == "rankChange" else None) or subject_of(
        doc, mentions, parse, a.start, sentence
    )
    if subject is None:
        return _Outcome(None, [f"{where}: no company or sector it is about; not drafted"], metric)
    subject_id, subject_confidence = subject
    confidence = min(confidence, subject_confidence)
    mood = parse.mood(verb) if verb is not None else None
    lemmas = frozenset(parse.tokens[j].lemma for j in parse.path_up(verb)[:3]) if verb is not None else frozenset()
    modal = modality(doc.norm, lo, a.start, a.end, hi, pub, mood, sentence, lemmas)
    year = _year_near(doc, pub, spans, a, clause, sentence, [c for c in clauses if c != clause], modal.kind, mood)
    if modal.kind != "fact" and modal.horizon is not None:
        year = _Year(modal.horizon, modal.span, None, None)
    elif (
        previous is not None
        and previous.year is not None
        and re.search(r"\bsoit\s*$", doc.norm[max(0, lo - 8) : a.start])
        and year.span is None
    ):
        year = _Year(previous.year, None, "the same figure converted («soit»): the year of the figure before it", None)
    if year.note:
        notes.append(year.note)
    review = None
    if year.value is None and modal.kind == "fact":
        review = "no year in the sentence; add `year:` if the text implies one"
        confidence -= 0.1
    start = min([a.start, *([keyword[0]] if keyword else [])])
    if lower:
        start = min(start, lo + lower.start())
    end = max([a.end, *([keyword[1]] if keyword else [])])
    if year.span and year.span[0] >= lo and year.span[1] <= hi:
        start, end = min(start, year.span[0]), max(end, year.span[1])
    ranged = low is not None
    claim = DraftClaim(
        claim_id(subject_id, kebab(metric), modal.kind if modal.kind != "fact" else None, str(year.value) if year.value else None),
        "quantitative", subject_id, metric, _number(value), [word_span(doc.text, start, end)], currency=currency,
        unit=unit if currency is None else None, lower_bound=bool(lower),
        value_min=_number(min(value, low)) if ranged and low is not None else None,
        value_max=_number(max(value, low)) if ranged and low is not None else None,
        modality=modal.kind if modal.kind != "fact" else None, year=year.value,
        note="; ".join(notes) or None, confidence=round(max(0.1, confidence), 2), review=review,
    )  # fmt: skip
    return _Outcome(claim, [year.review] if year.review else [], metric)


def _declines(doc: Document, keyword: Span | None, left: str) -> bool:
    """Whether a change is a decline: its keyword says so ("recul", "baisse"), or the words just before the figure."""
    if keyword is not None and DECLINE.search(doc.norm[keyword[0] : keyword[1]]):
        return True
    return bool(DECLINE.search(left[-30:]))


def _verb(parse: Parse, a: Amount) -> int | None:
    """The verb that governs the figure in the parse, when there is a parse."""
    i = parse.token_at(a.start) if parse else None
    return parse.governor(i) if i is not None else None


def _measure(doc: Document, a: Amount, left: str, right: str, lo: int, previous: _Previous | None) -> _Measure | str:
    """The metric, unit and currency of a figure; or the review note saying why it is not drafted.

    The unit decides the metric for counts: people are employment unless a keyword says jobs created, hires or
    capacity; a percentage is a growth, a market share or another share; other units of count have their own metric
    (`rules.UNIT_METRICS`, else `count`). Without a keyword, the metric of the figure before it in the sentence
    serves when their units or currencies agree; a money metric without a currency takes the one of the figure
    before it.
    """
    where = f"figure «{doc.text[a.start : a.end]}» at character {a.start}"
    metric, keyword = _metric(left, right, lo, a.end)
    unit, currency = a.unit, a.currency
    notes: list[str] = []
    penalties: list[float] = []
    if unit == "jobs":
        metric = metric if metric in WORKFORCE_METRICS else "employment"
    elif unit == "percent":
        metric = metric if metric in ("growth", "marketShare", "share") else "share"
    elif unit in ("years",) and re.search(r"il y a (?:encore )?$", left):
        metric = "age"
    elif unit is not None:
        metric = UNIT_METRICS.get(unit, "count")
    if (
        metric is None
        and previous is not None
        and previous.metric
        and (previous.amount.unit == unit or ((currency or a.scaled) and previous.amount.currency))
    ):
        metric = previous.metric
        notes.append("the metric is the one of the figure before it in the sentence")
        penalties.append(0.2)
    if metric is None and currency is not None:
        metric = "revenue" if re.search(r"r[ée]alis|g[ée]n[èe]r|p[eè]se", left) else None
    if metric is None and currency is not None:
        # "les revenus ont reculé de 2 % à 7 milliards", "Son chiffre d'affaires a doublé. Elle vise le milliard
        # d'euros": the money metric named earlier in the sentence, else in the sentence before.
        earlier = _earlier_money_metric(doc, a.start)
        if earlier is not None:
            metric = earlier
            notes.append("the metric is named earlier in the text, not next to the figure")
            penalties.append(0.15)
    if metric is None:
        return f"{where}: no metric (revenue, investment, jobs...) recognised; not drafted"
    if metric in (*MONEY_METRICS, "marketSize") and currency is None:
        if unit is not None:
            return f"{where}: {metric} counted in {unit}; not drafted"
        if previous is None or not previous.amount.currency:
            return f"{where}: {metric} without a currency; not drafted"
        currency = previous.amount.currency
        notes.append(f"the text gives no currency; {currency}, the currency of the figure before it")
        penalties.append(0.2)
    if currency is not None and metric not in (*MONEY_METRICS, "marketSize"):
        return f"{where}: an amount of money whose metric the rules do not know; not drafted"
    return _Measure(metric, keyword, unit, currency, notes, penalties)


def _earlier_money_metric(doc: Document, pos: int) -> str | None:
    """The money metric whose keyword is nearest before `pos` in its sentence, else in the previous sentence of the
    same paragraph."""
    s, _ = doc.sentence_of(pos)
    spans = [(s, pos)]
    i = doc.sentence_index(s)
    if i > 0 and "\n" not in doc.norm[doc.sentences[i - 1][1] : s]:
        spans.append(doc.sentences[i - 1])
    for lo, hi in spans:
        best: tuple[int, str] | None = None
        for prop, pattern in _METRICS:
            if prop not in MONEY_METRICS:
                continue
            for m in pattern.finditer(doc.norm, lo, hi):
                if best is None or m.end() > best[0]:
                    best = (m.end(), prop)
        if best is not None:
            return best[1]
    return None


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
    doc: Document,
    pub: PubDate | None,
    spans: Sequence[Span],
    a: Amount,
    clause: Span,
    sentence: Span,
    others: list[Span],
    modal: str = "fact",
    mood: str | None = None,
) -> _Year:
    """The year of a figure: in its clause; else none for a plan without a horizon; else, for a fact in the present
    tense (or with no verb), the publication year when one is given; else, in a past tense, the nearest year of its
    sentence that belongs to no other figure's clause, else the one year of the previous sentence of the paragraph
    (never a founding date, never a year after the publication), else the publication year for a perfect tense and
    none for an imperfect. Relative years ("l'an dernier") are resolved against the publication date."""
    (lo, hi), (s, e) = clause, sentence
    dates = [d for d in find_dates(doc, s, e, spans) if d.kind in _YEAR_KINDS]
    in_clause = [d for d in dates if d.start >= lo and d.end <= hi]
    if in_clause:
        return _resolved(doc, pub, min(in_clause, key=lambda d: min(abs(d.start - a.end), abs(a.start - d.end))), "")
    if modal != "fact":
        return _Year(None, None, None, None)
    publication = (
        _Year(pub.year, None, f"no year in its clause: the publication year {pub.year}", None) if pub else _Year(None, None, None, None)
    )
    if pub is not None and mood in ("Pres", None):
        return publication
    free = [d for d in dates if not any(x <= d.start < y for x, y in others) and _usable(doc, d.start, pub)]
    if free:
        return _resolved(doc, pub, min(free, key=lambda d: min(abs(d.start - a.end), abs(a.start - d.end))), "")
    i = doc.sentence_index(s)
    if i > 0 and "\n" not in doc.norm[doc.sentences[i - 1][1] : s]:
        before = [d for d in find_dates(doc, *doc.sentences[i - 1], spans) if d.kind in _YEAR_KINDS and _usable(doc, d.start, pub)]
        if len({doc.text[d.start : d.end] for d in before}) == 1:
            return _resolved(doc, pub, before[0], "the year of the previous sentence")
    return publication if mood == "Past" else _Year(None, None, None, None)


def _usable(doc: Document, at: int, pub: PubDate | None) -> bool:
    """Whether a year found outside a figure's clause may date it: not a founding or arrival date ("fondé en
    2003", "depuis 2012"), not a year after the publication (a horizon)."""
    if _FOUNDED.search(doc.norm[max(0, at - 40) : at]):
        return False
    year = re.match(r"\d{4}", doc.norm[at : at + 4])
    return not (year and pub is not None and int(year.group()) > pub.year)


_FOUNDED = re.compile(
    r"\b(?:fond[ée]e?s?|cr[ée]{2}e?s?|n[ée]e?|install[ée]e?s?|implant[ée]e?s?|depuis|arriv[ée]e?)\b[^,;]*$", re.IGNORECASE
)


def _resolved(doc: Document, pub: PubDate | None, d: DateMention, note_prefix: str) -> _Year:
    value, _confidence, note = resolve_date(doc, d, pub)
    if note_prefix:
        note = note_prefix + (f"; {note}" if note else "")
    if value is None:
        return _Year(None, None, None, note or None)
    return _Year(int(value[:4]), (d.start, d.end), note, None)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _currency(word: str) -> str:
    """The ISO code of a currency word matched by `rules.CURRENCY`."""
    w = fold(word)
    code = next((code for code, prefixes in CURRENCY_CODES.items() if w.startswith(prefixes)), None)
    return code or ("XOF" if "cfa" in w else "MAD")


def _unit(word: str) -> str:
    """The unit term of a unit word matched by `rules.UNITS`."""
    w = word.strip()
    return next((term for term, pattern in UNIT_TERMS if pattern.search(w)), "jobs")
