"""Draft the annotations of a new French article: spaCy's French NER plus rules, linked to the entities already known.

`okg extract ARTICLE.txt` writes `graph/sources/<doc>.yaml` in the format curators write by hand (and the UTF-8
text beside it when the input had to be converted). Every drafted entity and claim carries its exact quote and a
confidence; what the rules could not settle is written as a `review:` note. The draft builds without edits: every
quote is copied from the text, every referenced entity is declared in the draft or already known, and every
property, unit and role is a term of ontology/okg.ttl.

The pipeline, one module per stage, each a function over the `Document` (plain data in, plain data out):

    article.read_article      bytes to text (UTF-8, else Windows-1252/Latin-1, said so; HTML stripped, said so)
    known.known_entities      labels, aliases and acronyms of every entity already in the project (an EntityIndex)
    known.load_gazetteer      the sector's companies, federations and parks with their kinds (optional, an EntityIndex)
    document.Document.of      normalised and folded text, page furniture, sentences
    model.analyse             spaCy's PER/ORG/LOC spans and dependency parse, a block of paragraphs at a time
    kinds.rule_mentions       names typed by their context (cue nouns, appositions, lists, events, titles) and the gazetteer
    mentions.find_mentions    known names, acronym definitions, sectors, places, spaCy's spans, the above: weighed
    kinds.refine              company names with a country suffix joined; places inside organisations' names
    linking.link_mentions     each mention to a known or a new entity; the article's country; cities located
    posts.find_posts          posts, their organisations, roles and holders
    figures.find_amounts      figures in digits or words (numbers.py), ranges, bare numbers compared with them
    figures.quantitative_claims  metric, unit, subject (subjects.py, over syntax.py's parse), modality (modality.py), year
    events.find_events        talks, interviews, projects
    figures.quantitative_claims, rankings.ranking_claims, speech.speech_claims
    render.render_yaml        the annotation file

The drafted entities are the one table the stages share (`entities.DraftEntities`): linking, posts and events add
to it; the later stages read it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..io import write_files
from ..names import EntityIndex
from ..project import Project
from .article import Article, read_article, strip_html
from .dates import RELATIVE, PubDate, find_dates
from .document import Document
from .entities import DraftEntities
from .errors import DraftExists, ExtractError
from .events import find_events
from .figures import amount_spans, find_amounts, quantitative_claims
from .items import Draft, DraftClaim, DraftEntity, merge_claims
from .kinds import refine, rule_mentions
from .known import known_entities, load_gazetteer
from .linking import link_mentions, locate_cities
from .mentions import find_mentions
from .model import Progress, analyse, load_model
from .posts import find_posts
from .rankings import ranking_claims
from .render import render_yaml
from .speech import speech_claims
from .syntax import Parse
from .text import slugify

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Article",
    "Draft",
    "DraftClaim",
    "DraftEntity",
    "ExtractError",
    "ExtractResult",
    "Progress",
    "draft_annotations",
    "extract",
    "known_entities",
    "load_gazetteer",
    "load_model",
    "read_article",
    "render_yaml",
    "strip_html",
]


@dataclass
class ExtractResult:
    """What `extract` wrote: the annotation file, the text file beside it (and whether it was written), the draft."""

    output: Path
    text_path: Path
    text_written: bool
    draft: Draft
    notices: list[str]

    def counts(self) -> dict[str, int]:
        """Entities (linked, new), claims (by kind) and points to review, for the command's summary line."""
        entities = self.draft.entities
        claims = self.draft.claims
        return {
            "entities": len(entities),
            "linked": sum(e.linked for e in entities),
            "new": sum(not e.linked for e in entities),
            "claims": len(claims),
            "quantitative": sum(c.kind == "quantitative" for c in claims),
            "ranking": sum(c.kind == "ranking" for c in claims),
            "qualitative": sum(c.kind == "qualitative" for c in claims),
            "to_review": len(self.draft.review) + sum(bool(e.review) for e in entities) + sum(bool(c.review) for c in claims),
        }


@dataclass(frozen=True)
class _Found:
    """What the stages found: every drafted entity (with or without a mention), the merged claims, review notes."""

    entities: list[DraftEntity]
    claims: list[DraftClaim]
    review: list[str]


def _run_stages(doc: Document, index: EntityIndex, pub: PubDate | None, progress: Progress | None, nlp: Language | None,
                gazetteer: EntityIndex | None) -> _Found:  # fmt: skip
    """Every stage in order; the claims merged (one per identity), the review notes in the order the stages made them."""
    analysis = analyse(doc.text, doc.limit, progress, nlp)
    parse = Parse(analysis.tokens)
    found = find_mentions(doc, index, analysis.ner, rule_mentions(doc, index, gazetteer))
    mentions = refine(doc, index, found)
    entities = DraftEntities(index)
    linked = link_mentions(doc, index, mentions, entities)
    cities = locate_cities(linked.mentions, index, entities)
    posts = find_posts(doc, index, linked.mentions, entities)
    mentions = posts.mentions
    # The figures' spans before any date is read: a number inside a figure is never a year.
    amounts = find_amounts(doc)
    spans = amount_spans(amounts)
    events = find_events(doc, index, mentions, entities, pub, spans)
    figures = quantitative_claims(doc, mentions, amounts, pub, parse)
    rankings = ranking_claims(doc, mentions, entities.view(), linked.country, parse, pub.year if pub else None)
    speech = speech_claims(doc, mentions, entities.view())
    review = [*linked.review, *events.review, *figures.review]
    if pub is None and any(d.kind in RELATIVE for d in find_dates(doc, 0, doc.limit, spans)):
        review.insert(0, "the text has relative dates (\"l'an dernier\", \"en février dernier\"...) and no publication date was given; "
                         "give the publication date (YYYY[-MM[-DD]]) when extracting to resolve them")  # fmt: skip
    if any(e.kind == "org" and not e.linked and e.label_fr == e.label_en and len(e.label_fr.split()) > 2 for e in entities):
        review.append("English labels of new organisations repeat their French names; translate the descriptive ones")
    claims = merge_claims([*cities, *posts.claims, *events.claims, *figures.claims, *rankings, *speech])
    return _Found(list(entities), claims, review)


def draft_annotations(
    text: str,
    index: EntityIndex,
    *,
    title: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    url: str | None = None,
    lang: str = "fr",
    progress: Progress | None = None,
    nlp: Language | None = None,
    gazetteer: EntityIndex | None = None,
) -> Draft:
    """Draft entities and claims for an article's text (no file is read or written).

    `index` holds the entities to link to (`known_entities`); `date` (YYYY[-MM[-DD]]) resolves relative dates;
    `publisher` must name one known organisation, else it is a review note; `nlp` defaults to `load_model()`;
    `gazetteer` (`known.gazetteer`) lists names of the sector's companies, federations and parks with their kinds.
    Raises ExtractError for a language other than French, a malformed date or url, or a missing model.
    """
    if lang != "fr":
        raise ExtractError(f"language {lang!r}: the extractor reads French (fr) only")
    pub = PubDate.parse(date) if date else None
    doc = Document.of(text)
    found = _run_stages(doc, index, pub, progress, nlp, gazetteer)
    review = list(dict.fromkeys(found.review))
    publisher_id = None
    if publisher:
        known = {i for i in index.lookup(publisher) if i.startswith("org/")}
        if len(known) == 1:
            publisher_id = next(iter(known))
        else:
            review.insert(0, f"publisher {publisher!r} is not a known organisation; add it to graph/reference/reference.yaml, "
                             "then set `publisher:` to its id")  # fmt: skip
    if url and not re.fullmatch(r"https?://\S+", url):
        raise ExtractError(f"article URL: expected an http(s) address, got {url!r}")
    if title is None:
        first = next((line.strip() for line in text[: doc.limit].splitlines() if line.strip()), "")
        title = first if 0 < len(first) <= 200 else "untitled article"
        review.insert(0, "the title is the text's first line; check it (or give the title when extracting)")
    # Every declared entity needs a quote; an entity without one is left out (a claim may still refer to a known one).
    entities = sorted((e for e in found.entities if e.mention is not None),
                      key=lambda e: (e.linked, e.mention[0] if e.mention else 10**12, e.id))  # fmt: skip
    return Draft(
        text=text, limit=doc.limit, title=title, language=lang, entities=entities,
        claims=_referable(found.claims, {e.id for e in entities} | set(index.entries)), review=review,
        furniture=list(doc.furniture), date=date, publisher=publisher_id, url=url,
    )  # fmt: skip


def _referable(claims: list[DraftClaim], ids: set[str]) -> list[DraftClaim]:
    """The claims whose every entity is declared in the draft or known (`ids`), with repeated ids numbered (-2, -3)."""
    out = []
    seen: Counter[str] = Counter()
    for c in claims:
        refs = {c.subject, c.scope, c.ranked_behind, c.stated_at, c.claimant if c.claimant != "document" else None}
        if isinstance(c.value, str) and "/" in c.value:
            refs.add(c.value)
        if not {r for r in refs if r} <= ids:
            continue
        seen[c.id] += 1
        if seen[c.id] > 1:
            c.id = f"{c.id}-{seen[c.id]}"
        out.append(c)
    return out


def extract(
    article: str | Path,
    output: str | Path | None = None,
    *,
    project: Project | None = None,
    title: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    url: str | None = None,
    lang: str = "fr",
    force: bool = False,
    gazetteer: bool = True,
    progress: Progress | None = None,
    nlp: Language | None = None,
) -> ExtractResult:
    """Draft graph/sources/<doc>.yaml (default name: the article's, as a slug) for a French article.

    The text the quotes refer to is written beside it as <doc>.txt when it is not already there (UTF-8, markup
    stripped). An existing annotation file, or a different text file, is never replaced unless force=True.
    Raises ExtractError for an unreadable article, a bad output name, a file it would overwrite, or an annotation
    file of the project it cannot read. With gazetteer=False the project's list of the sector's companies,
    federations and parks (graph/reference/gazetteer.tsv) is not read: kinds come from the text's cues alone.
    """
    project = project or Project.default()
    article = Path(article)
    read = read_article(article)
    if output is None:
        output = project.sources_dir / f"{slugify(article.stem)}.yaml"
    output = Path(output)
    if output.suffix != ".yaml":
        raise ExtractError("the output is an annotation file: give it the .yaml suffix", path=output)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", output.stem):
        raise ExtractError(f"the output's name must be a lower-case ASCII slug (it names the document), e.g. {slugify(output.stem)}.yaml",
                           path=output)  # fmt: skip
    if output.exists() and not force:
        raise DraftExists("exists already; the extractor never overwrites an annotation file", path=output)
    text_path = output.with_suffix(".txt")
    data = read.text.encode("utf-8")
    same_file = text_path.exists() and text_path.resolve() == article.resolve()
    write_text = not (text_path.exists() and text_path.read_bytes() == data)
    if write_text and text_path.exists() and not force:
        what = "the article itself, in another encoding or format" if same_file else "a different text"
        raise DraftExists(f"holds {what}, not the text the draft quotes", path=text_path)
    try:
        index = known_entities(project, exclude=[output])
    except SourceError as exc:
        raise ExtractError(f"cannot read the entities already known: {exc}") from None
    names = load_gazetteer(project) if gazetteer else None
    draft = draft_annotations(read.text, index, title=title or read.html_title, publisher=publisher, date=date, url=url, lang=lang,
                              progress=progress, nlp=nlp, gazetteer=names)  # fmt: skip
    draft.notices = read.notices
    schema = os.path.relpath(project.root / "graph" / "annotation.schema.json", output.parent.resolve())
    body = render_yaml(draft, Path(schema).as_posix(), text_path.name)
    files = {output: body.encode("utf-8")}
    if write_text:
        files[text_path] = data
    write_files(files)
    return ExtractResult(output=output, text_path=text_path, text_written=write_text, draft=draft, notices=read.notices)
