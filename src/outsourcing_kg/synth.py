"""A deterministic synthetic ecosystem in the project's own ontology, for scale tests and benchmarks.

Synthetic articles are written sentence by sentence, so every claim's quote sits at exact offsets in its
article's text, as in the real graph. Output is streamed as N-Quads (named graphs kept) or N-Triples, so
a million triples never sit in memory as one string.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .compile.builder import compile_dataset
from .errors import KGError
from .io import write_file
from .project import OKG, Project

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SCHEMA_ARTICLE = "<https://schema.org/NewsArticle>"

# The federation, its president and the host of his talks, as in the seed article (same ids and labels).
FEDERATION = (
    ("org/fmes", "Federation", "Fédération Marocaine de l'Externalisation des Services", "Moroccan Federation of Outsourcing Services"),
    ("org/cgem", "Federation", "Confédération Générale des Entreprises du Maroc", "General Confederation of Moroccan Enterprises"),
    ("person/youssef-chraibi", "Person", "Youssef Chraibi", "Youssef Chraibi"),
    ("post/fmes-president", "Post", "président de la FMES", "president of the FMES"),
)
SEGMENTS = ("crm", "bpo", "kpo", "eso")
ROOTS = ("Atlas", "Nova", "Sahel", "Cap", "Medina", "Orion", "Zenith", "Argan", "Tafilalt", "Rif", "Oasis", "Delta")
SUFFIXES = ("Services", "Contact", "Digital", "Solutions", "Consulting", "Outsourcing", "Group", "Connect")
GIVEN = ("Amine", "Salma", "Youssef", "Nadia", "Karim", "Leila", "Omar", "Imane", "Hamza", "Sofia", "Mehdi", "Zineb")
FAMILY = ("Alaoui", "Bennani", "Chraibi", "Idrissi", "Tazi", "Fassi", "Berrada", "Lahlou", "Naciri", "Sqalli")
METRICS = (("revenue", "un chiffre d'affaires de {n} millions de dirhams", "MAD"),
           ("investment", "des investissements de {n} millions de dirhams", "MAD"),
           ("employment", "plus de {n} emplois", None))  # fmt: skip


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


@dataclass
class _Article:
    """An article being written: its text grows sentence by sentence; quotes keep their offsets."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def say(self, sentence: str, quote: str) -> tuple[int, int, str]:
        start = self.length + sentence.index(quote)
        self.parts.append(sentence)
        self.length += len(sentence)
        return start, start + len(quote), quote

    @property
    def text(self) -> str:
        return "".join(self.parts)


# kind, subject id, property, object (N-Triples term), (start, end, quote), qualifiers (property -> N-Triples term)
_Claim = tuple[str, str, str, str, tuple[int, int, str], dict[str, str]]


class Synthesiser:
    """Writes quads for a synthetic press corpus until about `triples` triples have been emitted."""

    def __init__(self, project: Project, triples: int, seed: int = 0) -> None:
        self.project = project
        self.target = triples
        self.rng = random.Random(seed)
        self.count = 0
        self.okg = str(OKG)
        self.companies = max(4, triples // 2500)
        self.cities = max(3, triples // 20000)
        self.countries = max(2, self.cities // 8)
        self.declared: set[str] = set()
        self.truthy: set[str] = set()

    def thing(self, ref: str) -> str:
        return _iri(self.project.thing(ref))

    def term(self, name: str) -> str:
        return _iri(self.okg + name)

    # -- entities, declared once in the first article that mentions them ---------------------
    def company(self, i: int) -> tuple[str, str]:
        name = f"{ROOTS[i % len(ROOTS)]} {SUFFIXES[(i // len(ROOTS)) % len(SUFFIXES)]} {i}"
        return f"org/synth-company-{i}", name

    def person(self, i: int) -> tuple[str, str]:
        return f"person/synth-person-{i}", f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // len(GIVEN)) % len(FAMILY)]} {i}"

    def city(self, i: int) -> tuple[str, str]:
        return f"place/synth-city-{i}", f"Ville {ROOTS[i % len(ROOTS)]} {i}"

    def country(self, i: int) -> tuple[str, str]:
        return f"place/synth-country-{i}", f"Pays {ROOTS[i % len(ROOTS)]} {i}"

    def declare(self, quad: Callable[[str, str, str], None], ref: str, kind: str, fr: str, en: str) -> bool:
        """Type and labels of an entity the first time it appears; True if it was new."""
        if ref in self.declared:
            return False
        self.declared.add(ref)
        node = self.thing(ref)
        quad(node, RDF_TYPE, self.term(kind))
        for lang, text in (("fr", fr), ("en", en)):
            quad(node, RDFS_LABEL, _lit(text, lang=lang))
            quad(node, SKOS_PREF, _lit(text, lang=lang))
        return True

    # -- one article ---------------------------------------------------------------------------
    def article(self, n: int) -> Iterator[str]:
        rng = self.rng
        doc_id = f"synth-article-{n:06d}"
        graph = _iri(self.project.graph_iri(doc_id))
        doc = self.thing(f"document/{doc_id}")
        lines: list[str] = []

        def quad(s: str, p: str, o: str) -> None:
            lines.append(f"{s} {p} {o} {graph} .\n")

        year = 2015 + n % 8
        c = rng.randrange(self.companies)
        company_ref, company = self.company(c)
        city_index = c % self.cities
        city_ref, city = self.city(city_index)
        country_ref, _country = self.country(city_index % self.countries)
        person_ref, person = self.person(c)
        post_ref = f"post/synth-company-{c}-chief-executive"
        project_ref = f"event/synth-project-{n}"
        segment = SEGMENTS[c % len(SEGMENTS)]
        title = f"{company} : bilan {year}"
        article = _Article()
        claims: list[_Claim] = []
        article.say(title + "\n\n", title)

        for metric, template, currency in METRICS:
            value = rng.randrange(10, 5000)
            phrase = template.format(n=value)
            sentence = f"En {year}, {company} a déclaré {phrase}. "
            anchor = article.say(sentence, phrase)
            number = value * (1 if metric == "employment" else 1_000_000)
            qualifiers = {"year": _lit(str(year), datatype="gYear")}
            if currency:
                qualifiers["currency"] = _lit(currency)
            else:
                qualifiers["unit"] = self.term("jobs")
                qualifiers["lowerBound"] = _lit(str(number), datatype="integer")
            claims.append(("QuantitativeClaim", company_ref, metric, _lit(str(number), datatype="integer"), anchor, qualifiers))
        anchor = article.say(
            f"Son dirigeant, {person}, a lancé un projet d'expansion à {city}. ", f"a lancé un projet d'expansion à {city}"
        )
        claims.append(("QualitativeClaim", company_ref, "launched", self.thing(project_ref), anchor, {}))
        claims.append(("QualitativeClaim", project_ref, "location", self.thing(city_ref), anchor, {}))
        anchor = article.say(f"{person} dirige {company}. ", f"{person} dirige {company}")
        claims.append(("QualitativeClaim", person_ref, "holdsPost", self.thing(post_ref), anchor, {}))
        claims.append(("QualitativeClaim", post_ref, "postIn", self.thing(company_ref), anchor, {}))
        claims.append(("QualitativeClaim", post_ref, "role", self.term("ChiefExecutiveRole"), anchor, {}))
        anchor = article.say(f"Le groupe est présent dans le segment {segment.upper()}. ", f"segment {segment.upper()}")
        claims.append(("QualitativeClaim", "sector/outsourcing-morocco", "coversSegment", self.thing(f"segment/{segment}"), anchor, {}))
        rank = 1 + rng.randrange(5)
        anchor = article.say(f"Le secteur serait le numéro {rank} des pourvoyeurs d'emplois. ", f"numéro {rank} des pourvoyeurs d'emplois")
        claims.append(("RankingClaim", "sector/outsourcing-morocco", "rank", _lit(str(rank), datatype="integer"), anchor,
                       {"rankingCriterion": self.term("employment"), "year": _lit(str(year), datatype="gYear")}))  # fmt: skip

        claims.extend(self.story(n, article, company_ref, company, year))

        text = article.text
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        quad(graph, PROV_DERIVED, doc)
        quad(doc, RDF_TYPE, self.term("SourceDocument"))
        quad(doc, RDF_TYPE, SCHEMA_ARTICLE)
        quad(doc, _iri(DCT + "identifier"), _lit(doc_id))
        quad(doc, _iri(DCT + "title"), _lit(title, lang="fr"))
        quad(doc, RDFS_LABEL, _lit(title, lang="fr"))
        quad(doc, _iri(DCT + "language"), _lit("fr", datatype="language"))
        quad(doc, self.term("sha256"), _lit(digest))
        quad(doc, self.term("text"), _lit(text))

        self.declare(quad, company_ref, "Company", company, company)
        self.declare(quad, person_ref, "Person", person, person)
        self.declare(quad, post_ref, "Post", f"dirigeant de {company}", f"head of {company}")
        if self.declare(quad, country_ref, "Country", _country, f"Country {_country.split(' ', 1)[1]}"):
            quad(self.thing(country_ref), self.term("locatedIn"), self.thing("place/africa"))
        if self.declare(quad, city_ref, "City", city, f"City {city.split(' ', 1)[1]}"):
            quad(self.thing(city_ref), self.term("locatedIn"), self.thing(country_ref))
        self.declare(quad, project_ref, "Project", f"projet d'expansion à {city}", f"expansion project in {city}")
        for ref, kind, fr, en in self.story_entities(n, c, company):
            self.declare(quad, ref, kind, fr, en)
        for ref in (company_ref, person_ref, city_ref):
            quad(self.thing(ref), self.term("mentionedIn"), doc)

        for index, (kind, subject, prop, obj, (start, end, exact), qualifiers) in enumerate(claims):
            node = self.thing(f"claim/{doc_id}/c{index}")
            subject_iri = self.thing(subject)
            quad(node, RDF_TYPE, self.term(kind))
            quad(node, self.term("subject"), subject_iri)
            quad(node, self.term("predicate"), self.term(prop))
            quad(node, self.term("object"), obj)
            quad(node, self.term("source"), doc)
            if "claimant" not in qualifiers:
                quad(node, self.term("claimant"), doc)
            truthy = f"{subject_iri} {self.term(prop)} {obj}"
            if truthy not in self.truthy:  # once in the dataset, as the build does
                self.truthy.add(truthy)
                quad(subject_iri, self.term(prop), obj)
            for q, v in qualifiers.items():
                if q == "statement":
                    fr, en = v.split("\n")
                    quad(node, self.term(q), _lit(fr, lang="fr"))
                    quad(node, self.term(q), _lit(en, lang="en"))
                else:
                    quad(node, self.term(q), v)
            evidence = _iri(f"{node[1:-1]}/evidence/1")
            quote, position = _iri(f"{evidence[1:-1]}/quote"), _iri(f"{evidence[1:-1]}/position")
            quad(node, self.term("evidence"), evidence)
            quad(evidence, RDF_TYPE, self.term("Evidence"))
            quad(evidence, _iri(OA + "hasSource"), doc)
            quad(evidence, _iri(OA + "hasSelector"), quote)
            quad(evidence, _iri(OA + "hasSelector"), position)
            quad(quote, RDF_TYPE, _iri(OA + "TextQuoteSelector"))
            quad(quote, _iri(OA + "exact"), _lit(exact))
            quad(quote, _iri(OA + "prefix"), _lit(text[max(0, start - 32) : start]))
            quad(quote, _iri(OA + "suffix"), _lit(text[end : end + 32]))
            quad(position, RDF_TYPE, _iri(OA + "TextPositionSelector"))
            quad(position, _iri(OA + "start"), _lit(str(start), datatype="integer"))
            quad(position, _iri(OA + "end"), _lit(str(end), datatype="integer"))
        self.count += len(lines)
        yield from lines

    # -- one more story per article, in turn, so that every named query has answers at scale ----------
    def story_entities(self, n: int, c: int, company: str) -> list[tuple[str, str, str, str]]:
        """Entities the article's story introduces: (id, class, French label, English label)."""
        if n % 5 == 0:
            return [
                *FEDERATION,
                (f"event/synth-talk-{n}", "Talk", f"intervention du président de la FMES n° {n}", f"FMES president's talk no. {n}"),
            ]
        if n % 5 == 4:
            return [
                (f"post/synth-company-{c}-general-manager", "Post", f"directeur général de {company}", f"general manager of {company}"),
                (f"event/synth-interview-{n}", "Interview", f"entretien n° {n}", f"interview no. {n}"),
            ]
        return []

    def story(self, n: int, article: _Article, company_ref: str, company: str, year: int) -> list[_Claim]:
        """Claims of the article's story: a federation talk, a crisis effect, presence abroad, a sector figure, or
        a statement by an unnamed executive."""
        rng, sector, kind = self.rng, "sector/outsourcing-morocco", n % 5
        if kind == 0:
            talk = f"event/synth-talk-{n}"
            month = f"{year}-{1 + n % 12:02d}"
            said = "le secteur a de nouveaux relais de croissance"
            anchor = article.say(
                f"Youssef Chraibi, président de la FMES, s'exprimant à la CGEM en {month}, a affirmé que {said}. ",
                f"Youssef Chraibi, président de la FMES, s'exprimant à la CGEM en {month}, a affirmé que {said}",
            )
            speaker = {"claimant": self.thing("person/youssef-chraibi"), "statedAt": self.thing(talk),
                       "statement": "Le secteur a de nouveaux relais de croissance.\nThe sector has new growth drivers."}  # fmt: skip
            return [
                ("QualitativeClaim", "person/youssef-chraibi", "holdsPost", self.thing("post/fmes-president"), anchor, {}),
                ("QualitativeClaim", "post/fmes-president", "postIn", self.thing("org/fmes"), anchor, {}),
                ("QualitativeClaim", "post/fmes-president", "role", self.term("PresidentRole"), anchor, {}),
                ("QualitativeClaim", talk, "speaker", self.thing("person/youssef-chraibi"), anchor, {}),
                ("QualitativeClaim", talk, "hostedBy", self.thing("org/cgem"), anchor, {}),
                ("QualitativeClaim", talk, "eventDate", _lit(month, datatype="gYearMonth"), anchor, {}),
                ("QualitativeClaim", sector, "statement", _lit(said, lang="fr"), anchor, speaker),
            ]
        if kind == 1:
            anchor = article.say(f"Pour {company}, la crise sanitaire a été bénéfique. ", "la crise sanitaire a été bénéfique")
            statement = f"La crise sanitaire a été bénéfique pour {company}.\nThe health crisis benefited {company}."
            return [("QualitativeClaim", "event/covid-19-crisis", "positiveEffectOn", self.thing(company_ref), anchor,
                     {"statement": statement})]  # fmt: skip
        if kind == 2:
            country_ref, country = self.country(rng.randrange(self.countries))
            prop, phrase = rng.choice((("leaderIn", "est leader en"), ("expandingIn", "se développe en")))
            anchor = article.say(f"L'outsourcing marocain {phrase} {country}. ", f"{phrase} {country}")
            return [("QualitativeClaim", sector, prop, self.thing(country_ref), anchor, {})]
        if kind == 3:
            jobs = rng.randrange(50, 200) * 1000
            anchor = article.say(f"En {year}, le secteur employait plus de {jobs} personnes. ", f"plus de {jobs} personnes")
            qualifiers = {
                "year": _lit(str(year), datatype="gYear"),
                "unit": self.term("jobs"),
                "lowerBound": _lit(str(jobs), datatype="integer"),
            }
            return [("QuantitativeClaim", sector, "employment", _lit(str(jobs), datatype="integer"), anchor, qualifiers)]
        post, interview = f"post/synth-company-{company_ref.rsplit('-', 1)[1]}-general-manager", f"event/synth-interview-{n}"
        anchor = article.say(
            f"Le directeur général de {company}, interviewé, estime que la demande reste forte. ", "estime que la demande reste forte"
        )
        by_post = {"claimant": self.thing(post), "statedAt": self.thing(interview),
                "statement": f"La demande reste forte pour {company}.\nDemand remains strong for {company}."}  # fmt: skip
        return [
            ("QualitativeClaim", post, "postIn", self.thing(company_ref), anchor, {}),
            ("QualitativeClaim", interview, "speaker", self.thing(post), anchor, {}),
            ("QualitativeClaim", company_ref, "statement", _lit("la demande reste forte", lang="fr"), anchor, by_post),
        ]

    def quads(self) -> Iterator[str]:
        """The project's ontology and reference graphs, then synthetic articles until the target is reached."""
        from rdflib import Graph, URIRef

        base = compile_dataset(self.project)
        for name in ("ontology", "reference"):
            graph = base.graph(URIRef(self.project.graph_iri(name)))
            lines = Graph(store=graph.store, identifier=graph.identifier).serialize(format="nt").splitlines()
            for line in sorted(lines):
                if line.strip():
                    self.count += 1
                    yield f"{line[:-1].rstrip()} <{graph.identifier}> .\n"
        # The reference sector the synthetic claims are about.
        sector = self.thing("sector/outsourcing-morocco")
        reference = _iri(self.project.graph_iri("synth-reference"))
        for line in (
            f"{sector} {RDF_TYPE} {self.term('Sector')} {reference} .\n",
            f"{sector} {RDFS_LABEL} {_lit('outsourcing au Maroc', lang='fr')} {reference} .\n",
            f"{sector} {RDFS_LABEL} {_lit('outsourcing in Morocco', lang='en')} {reference} .\n",
        ):
            self.count += 1
            yield line
        n = 0
        while self.count < self.target:
            yield from self.article(n)
            n += 1


def write_synthetic(
    output: str | Path,
    triples: int,
    *,
    seed: int = 0,
    project: Project | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream a synthetic ecosystem of about `triples` triples to `output` (.nq keeps graphs; .nt drops them).

    Returns the number of statements written. The file appears whole or not at all.
    """
    path = Path(output)
    if path.suffix not in (".nq", ".nt"):
        raise KGError(f"{path}: write synthetic data as .nq (N-Quads, keeps named graphs) or .nt (N-Triples)")
    if triples < 1:
        raise KGError(f"the number of triples must be positive, got {triples}")
    synth = Synthesiser(project or Project.default(), triples, seed)
    written = 0

    def write(fh: IO[bytes]) -> None:
        nonlocal written
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
        for line in synth.quads():
            if path.suffix == ".nt":
                line = line[: line.rindex("<")].rstrip() + " .\n"
            text.write(line)
            written += 1
            if progress and written % 10000 == 0:
                progress(written)
        text.flush()
        text.detach()  # the atomic writer closes the file

    write_file(path, write)
    return written
