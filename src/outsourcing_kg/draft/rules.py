"""The extractor's rule tables: general French press vocabulary as data (word lists, regexes, metric tables).

Nothing here names one article's strings. Stages import what they need; a table changes behaviour only through the
stage that reads it, so each table says which stage that is.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------------------------------
# Words and names
# --------------------------------------------------------------------------------------------------------------------

#: Words an acronym's letters skip ("Office de la Formation..." is OFP...); also never a place or an organisation.
FUNCTION_WORDS = frozenset("de des du d la le les l et en pour au aux a à sur of the and for in".split())

#: Folded French month names and their numbers (dates).
MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
MONTHS_FR = ["", *("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())]
MONTHS_EN = ["", *("January February March April May June July August September October November December".split())]

#: Sectors (mentions): key, French name, English name, the pattern that names it.
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

#: "le secteur" on its own refers back to the article's sector (mentions).
SECTOR_ANAPHORA = re.compile(r"\b(?:le|ce|du|au) secteur\b(?! (?:de|du|des|d'|industriel|automobile|bancaire|agricole))", re.IGNORECASE)

#: Countries and continents a Moroccan business paper names (mentions, linking, rankings): key, French name,
#: English name, type, French "in" preposition, demonym pattern (votes for the article's main country).
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

#: Demonym patterns of `PLACES`, by key ("marocaines" votes for Morocco as the article's country).
DEMONYMS = [(key, re.compile(rf"\b(?:{demonym})\b", re.IGNORECASE)) for key, *_, demonym in PLACES if demonym]

#: Moroccan cities (mentions); a city of this list is drafted as located in Morocco.
CITIES = [
    "El Jadida", "Béni Mellal", "Casablanca", "Rabat", "Fès", "Tanger", "Marrakech", "Agadir", "Oujda", "Kénitra",
    "Meknès", "Tétouan", "Nador", "Salé", "Laâyoune", "Dakhla", "Mohammedia", "Settat", "Safi", "Khouribga", "Berrechid",
]  # fmt: skip

#: First words of organisation names, by the type they give (mentions: a LOC that starts so is an ORG; linking).
ORG_HEADS_FEDERATION = r"f[eé]d[eé]ration|conf[eé]d[eé]ration|association|groupement|union|chambre|syndicat|ordre"
ORG_HEADS_INSTITUTION = (
    r"minist[eè]re|agence|office|conseil|institut|universit[eé]|[eé]cole|centre|observatoire|autorit[eé]|direction|"
    r"haut[- ]commissariat|banque centrale|caisse|fondation|commission|d[eé]l[eé]gation"
)
ORG_HEADS_COMPANY = r"groupe|soci[eé]t[eé]|compagnie|banque|cabinet|holding|entreprise"
ORG_HEAD = re.compile(rf"^(?:{ORG_HEADS_FEDERATION}|{ORG_HEADS_INSTITUTION}|{ORG_HEADS_COMPANY})\b", re.IGNORECASE)
FEDERATION_HEAD = re.compile(rf"(?:{ORG_HEADS_FEDERATION})\b", re.IGNORECASE)
INSTITUTION_HEAD = re.compile(rf"(?:{ORG_HEADS_INSTITUTION})\b", re.IGNORECASE)

#: Abbreviations of concepts that spaCy takes for organisations (mentions).
NOT_ORGS = frozenset(
    "r&d rd pme pmes tpe pib rh tic ia it ht ttc tva ca ce covid covid-19 dh dhs mad mdh mmdh usd eur ong erp bpo kpo crm eso"
    " ceo pdg dg drh daf dsi b2b b2c".split()
)
#: Capitalised words spaCy takes for places that name no place of their own (mentions).
NOT_PLACES = frozenset("royaume etat état nation gouvernement continent région capitale ville pays monde".split())
#: Words of a title, not of a person's name (mentions).
TITLE_WORDS = frozenset(
    "m. m mme mlle me dr pr président présidente patron patronne directeur directrice ministre monsieur madame"
    " le la de du des l' vice-président".split()
)
#: Articles, prepositions and titles trimmed from the front of spaCy's spans (mentions).
SPAN_LEADING_WORDS = re.compile(r"(?:l'|le |la |les |du |de la |de l'|des |de |d'|au |aux |à |en |M\. |Mme |Mlle |Me |Dr |Pr )")
#: Acronym definitions (mentions). The long name before the acronym: "Long Name (ACR)", "Long Name ou ACR",
#: "Long Name ACR" (the last only after a capitalised long name); and the long name after it: "ACR (Long Name)".
ACRONYM = r"[A-Z][A-Z0-9&]{1,9}(?:-[A-Z0-9]+)?"
ACRONYM_AFTER_LONG = [
    re.compile(rf"\((?P<acr>{ACRONYM})\)"),
    re.compile(rf",?\s+(?:ou|soit|dit|dite|appelée?)\s+(?:l'|le |la )?(?P<acr>{ACRONYM})\b"),
    re.compile(rf"(?<=[a-zà-ÿ])\s+(?P<acr>{ACRONYM})(?=[\s).,;:])"),
]
ACRONYM_BEFORE_LONG = re.compile(rf"\b(?P<acr>{ACRONYM})\s+\((?P<long>[^()]{{5,120}})\)")

#: "tout le monde", "du monde entier": not the known entity whose name is "monde" (mentions).
EVERYONE = re.compile(r"tout le monde|du monde entier(?= de)", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------------------------------------

#: Posts: pattern, role key (slug), English title, ontology role individual or None.
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
#: A role followed by the preposition that introduces its organisation.
ROLE_BEFORE_ORG = re.compile(r"\b(" + "|".join(p for p, *_ in ROLES) + r")\s+(de la |de l'|du |des |de |d')", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------------------------------

#: Words that open a talk (events).
TALK_CUE = re.compile(
    r"\b(?:s'exprimant|intervenant|prenant la parole|lors de son intervention|dans son intervention|dans son allocution|"
    r"lors d'une (?:conférence|rencontre|table ronde|réunion)|à l'occasion d'une? (?:conférence|rencontre|forum|salon|table ronde))\b",
    re.IGNORECASE,
)
#: Prepositions just before a talk's host (events).
HOST_BEFORE = re.compile(r"(?:à la|au|à l'|aux|devant(?: la| le| l')?|chez|par(?: la| le| l')?|de la|du|de l')\s*$")
#: Words that open an interview (events).
INTERVIEW_CUE = re.compile(
    r"\b(?:interviewée?s?|interrogée?s?|contactée?s?|sollicitée?s?|jointe?s?)\s+(?:par|dans le cadre|pour|lors|à l'occasion)\b[^,.;:»]*"
    r"|\b(?:dans|lors d')\s+(?:un|une)\s+(?:entretien|interview)\b[^,.;:»]*",
    re.IGNORECASE,
)
#: A project: its noun and the verb that launches it, in one sentence with an organisation and a place (events).
PROJECT_NOUN = re.compile(
    r"\b(?:projets? d'(?:expansion|extension|implantation|investissement)|nouve(?:au|l) (?:site|centre|campus|plateau)|"
    r"nouvelle (?:implantation|usine|plateforme|filiale)|implantation|extension|expansion|ouverture)\b",
    re.IGNORECASE,
)
PROJECT_VERB = re.compile(
    r"\b(?:lancée?s?|lance|lancer|lancent|inaugurée?s?|inaugure|ouverte?s?|ouvre|ouvrir|implantée?s?|s'implante)\b", re.IGNORECASE
)
#: Prepositions just before a project's place (events).
PLACE_BEFORE = re.compile(r"(?:à|au|en|aux)\s*$")
EXPANSION = re.compile(r"expansion|extension", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Reported speech
# --------------------------------------------------------------------------------------------------------------------

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
#: «...», a déclaré X  /  «...», estime le président de ...
QUOTE_THEN_VERB = re.compile(r"«\s*(?P<body>[^«»]{15,})»\s*,?\s*(?:" + SPEECH_PAST + "|" + SPEECH_PRESENT + r")\s+", re.IGNORECASE)
#: "il a ajouté", "elle estime": the speaker is in an earlier sentence.
PRONOUN_BEFORE_VERB = re.compile(r"\b(?:il|elle)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: What was said: "... que <body>" or ": «<body>»".
SAID_THAT = re.compile(r"\s*,?\s*qu(?:e\s+|')")
SAID_COLON = re.compile(r"\s*:\s*«\s*([^«»]+)»?")
#: Selon X, ... / Pour X, ... / D'après X, ...
ACCORDING_TO = re.compile(r"(?:selon|pour|d'après)\s+(?:l'|le |la )?", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------------------------------

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
DIGITS = r"\d{1,3}(?:(?:[ \u00a0\u202f]|\.(?=\d{3}(?!\d)))\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
NUM = rf"(?<![\w.,])({DIGITS})"
#: Numbers written in words (numbers.py reads them with text2num): "cinq", "vingt-quatre", "neuf cents", "deux mille".
NUMBER_WORD = (
    r"(?:z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|"
    r"trente|quarante|cinquante|soixante|cents?|mille)"
)
WORDS = rf"{NUMBER_WORD}(?:(?:-et-|-| et | ){NUMBER_WORD})*"
#: Approximate counts in words ("une vingtaine", "le millier") and their values.
APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}  # fmt: skip
APPROX_NOUN = r"(?:une |le |un |la )(?:" + "|".join(APPROX_NOUNS) + r")s?"
MULT = r"milliards?|mds?|mrds?|millions?|mln|mille"
CURRENCY = r"dirhams?|dhs?|mad|euros?|€|eur|dollars?|usd|\$|francs? cfa|fcfa|livres? sterling"
COMBINED = r"mmdhs?|mrds? ?dhs?|mds? ?dhs?|mdhs?|md€|mds? ?€|mrds? ?€|m€|k€"
#: Units of count (figures): the ontology's unit term and the words that name it, most specific first. The unit
#: decides the default metric (`UNIT_METRICS`).
UNIT_WORDS: list[tuple[str, str]] = [
    ("percent", r"%|pour ?cent"),
    ("workstations", r"postes de travail|positions de travail|positions|si[eè]ges"),
    (
        "jobs",
        r"emplois|postes|salari[ée]s|employ[ée]s|collaborat(?:eurs|rices)|t[ée]l[ée]conseill(?:ers|[eè]res)|conseill(?:ers|[eè]res)|"
        r"agents|personnes|recrues|jeunes|cadres|ing[ée]nieurs|profils",
    ),
    ("companies", r"entreprises|soci[ée]t[ée]s|op[ée]rateurs|multinationales|filiales|groupes|acteurs|investisseurs"),
    ("callCentres", r"centres d'appels?|centres de contacts?|call centers?"),
    ("sites", r"sites|plateaux|plateformes|implantations|centres|bureaux|agences"),
    ("parks", r"parcs|zones|technopoles|technoparcs"),
    ("countries", r"pays|march[ée]s"),
    ("clients", r"clients|logos|donneurs d'ordres?"),
    ("languages", r"langues"),
    ("nationalities", r"nationalit[ée]s"),
    ("members", r"membres|adh[ée]rents"),
    ("measures", r"mesures"),
    ("agreements", r"conventions|m[ée]morandums|accords|protocoles|mous?"),
    ("institutions", r"[ée]tablissements|[ée]coles|instituts|universit[ée]s"),
    ("students", r"[ée]tudiants|stagiaires|laur[ée]ats|apprenants"),
    ("ecosystems", r"[ée]cosyst[eè]mes"),
    ("years", r"ans|ann[ée]es"),
    ("months", r"mois"),
    ("days", r"jours"),
    ("m2", r"m2|m²|m[eè]tres carr[ée]s"),
    ("ha", r"ha|hectares"),
    ("places", r"places|rangs"),
    ("times", r"fois"),
]
UNITS = "|".join(f"(?:{pattern})" for _, pattern in UNIT_WORDS)
#: The unit terms by compiled pattern, first match wins (figures read a matched unit word with it).
UNIT_TERMS = [(term, re.compile(rf"(?:{pattern})$", re.IGNORECASE)) for term, pattern in UNIT_WORDS]
#: A number with a scale, a currency or a unit: "1,3 milliard de dirhams", "500 MDH", "12.000 collaborateurs", "30 %",
#: "cinq sites", "une vingtaine de centres". Adjectives may stand between number and unit ("3 nouveaux clients").
AMOUNT = re.compile(
    rf"(?<![\w.,])({DIGITS}|{APPROX_NOUN}|(?:le|un)(?=\s+(?:milliards?|millions?)\b)|(?<!-){WORDS}(?![\w-]))"
    + rf"(?:\s*(?P<cc>{COMBINED})(?![\w€])"
    + rf"|(?:\s*(?P<mult>{MULT})\b)?(?:\s*(?:de |d')?\s*(?:(?:nouveaux|nouvelles|nouvel|autres|seule?s?|derni[eè]re?s|premi[eè]re?s|"
    + rf"grands?|grandes|principaux|principales|petits?|petites)\s+)?(?:(?P<cur>{CURRENCY})|(?P<unit>{UNITS}))(?![\w€²]))?)",
    re.IGNORECASE,
)
MULTIPLIERS = {"milliard": 10**9, "md": 10**9, "mrd": 10**9, "million": 10**6, "mln": 10**6, "mille": 10**3}
#: Scales of combined abbreviations ("500 MDH", "2,5 MMDH", "3 k€"), by folded prefix, first match; else a million.
COMBINED_SCALES: list[tuple[tuple[str, ...], int]] = [(("mdh", "m€"), 10**6), (("mm", "md", "mrd"), 10**9), (("k",), 10**3)]
#: ISO codes of currency words, by folded prefix; "francs CFA" are XOF; any other currency word is read as MAD.
CURRENCY_CODES: dict[str, tuple[str, ...]] = {
    "MAD": ("dirham", "dh", "mad"),
    "EUR": ("euro", "€", "eur"),
    "USD": ("dollar", "usd", "$"),
    "GBP": ("livre",),
}
#: Words that multiply: "a presque quadruplé" is 4 times (unit `times`).
MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5, "decuple": 10, "centuple": 100}
MULTIPLE = re.compile(r"\b(doubl|tripl|quadrupl|quintupl|d[ée]cupl|centupl)(?:[ée]e?s?|er|ent|ait|aient)\b", re.IGNORECASE)
#: "un objectif de création d'emplois de 60.000", "un effectif de 300": a bare number that counts jobs.
JOBS_BEFORE = re.compile(
    rf"\b(?:emplois?|postes|recrutements?|embauches?|effectifs?)\s+(?:[\w-]+\s+){{0,2}}?(?:de|d'environ|d'au moins)\s+{NUM}"
    rf"(?!\s*(?:%|{MULT}|{UNITS}|{CURRENCY})|[\w.,]\d)",
    re.IGNORECASE,
)
#: Verbs that rank their object: "X classe Casablanca parmi les trois premières", "qui place le Maroc 2e" (rankings).
RANKING_VERBS = frozenset({"classer", "placer", "positionner", "hisser", "propulser", "situer"})
RANKING_VERB_FORM = re.compile(r"(?:class|plac|positionn|hiss|propuls|situ)(?:e|ent|é|ée|és|ées|ait|aient)")
#: Ranges: "entre 12 et 25 %", "de 2500 à 2600 salariés", "2500 à 2600": the bare lower bound before the figure.
RANGE_BEFORE = re.compile(rf"(?:\bentre\s+{NUM}\s+et\s+|(?:\bde\s+)?{NUM}\s+(?:à|-)\s+)$", re.IGNORECASE)
#: «14 milliards ... contre 12»: the bare number after "contre" (no unit of its own).
BARE_AFTER_CONTRE = re.compile(rf"[^.;:«»]{{0,25}}?\bcontre\s+{NUM}(?![.,]?\d)(?!\s*(?:{MULT}|{UNITS}|{CURRENCY}))", re.IGNORECASE)
#: «de 100.000 à 120.000 emplois»: the bare number before "à".
BARE_BEFORE_A = re.compile(rf"\bde\s+{NUM}\s+à\s+$", re.IGNORECASE)
YEAR_ONLY = re.compile(YEAR)

#: Metrics (quantitative claims): property and the keyword that names it, the nearest keyword wins.
METRICS: list[tuple[str, str]] = [
    ("marketShare", r"parts? de march[eé]"),
    ("marketSize", r"taille du march[ée]|march[ée] (?:mondial|global|europ[ée]en|africain)|march[ée] p[eè]se|march[ée] estim[ée]"),
    ("foreignCurrencyEarnings", r"recettes? en devises|rentr[eé]es? de devises|devises"),
    ("exports", r"exportations?|export[eé]e?s?\b|exporte|revenus? (?:à|a) l'export"),
    ("revenue", r"chiffres? d'affaires?|\bca\b|revenus?|recettes?|ventes"),
    ("investment", r"investissements?|investie?s?\b|investir|investira|investit|investissant|budget|enveloppe"),
    (
        "growth",
        r"croissance|hausse|progression|augmentation|progress[eé]|augment[eé]|bond|baisse|recul[eé]?|repli|diminution|chut[eé]|chute|"
        r"dégringol\w*|perdu|gagn[eé]",
    ),
    (
        "jobsCreated",
        r"cr[ée]ations?|cr[ée]ation d'emplois|cr[ée]ations? de \S+ (?:nouveaux )?emplois|cr[ée]er|cr[ée]era|cr[ée]eront|cr[ée]é|g[ée]n[ée]rer|g[ée]n[ée]rera|"
        r"nouveaux emplois|emplois (?:directs|nouveaux|créés)",
    ),
    ("hires", r"recrut\w*|embauch\w*"),
    ("capacity", r"accueillir|capacit[ée]|peut recevoir|pouvant recevoir|abritant|abrite"),
    ("area", r"superficie|surface|s'[ée]tend\w*|d'une? \S+ de"),
    ("share", r"repr[ée]sente\w*|part|taux|s'accapare\w*|soit|proportion|dont"),
]
#: The metric of a figure without a keyword, by its unit; any other unit of count is a count (`count`).
UNIT_METRICS = {
    "jobs": "employment", "companies": "companyCount", "percent": "share", "years": "duration", "months": "duration",
    "days": "duration", "m2": "area", "ha": "area", "places": "rankChange", "times": "growthFactor",
    "workstations": "capacity",
}  # fmt: skip
#: Metrics counted in people (figures): a workforce unit with another metric keeps it.
WORKFORCE_METRICS = ("employment", "jobsCreated", "hires", "capacity")
#: Metrics that need a currency.
MONEY_METRICS = ("revenue", "investment", "exports", "foreignCurrencyEarnings")
DECLINE = re.compile(r"baisse|recul|repli|diminution|chut|d[ée]gringol|perdu|moins", re.IGNORECASE)
LOWER_BOUND = re.compile(
    r"(?:plus de|plus d'|au moins|pas moins de|au-delà de|dépassant|dépasse|dépassé|dépasser(?: les| la| le)?|supérieure? à)\s*$",
    re.IGNORECASE,
)
APPROXIMATE = re.compile(r"(?:près de|environ|quelque|autour de|approximativement|pratiquement|presque|en moyenne)\s*$", re.IGNORECASE)
UPPER_BOUND = re.compile(r"(?:moins de|moins d'|jusqu'à|pas plus de|inférieure? à)\s*$", re.IGNORECASE)
#: Modality (modality.py): cue words of targets, forecasts and plans, looked for in the figure's clause. A target
#: names an aim; a forecast a conditional or an expectation; a plan an intention or a future.
TARGET_CUE = re.compile(
    r"\b(?:objectifs?|vis(?:e|ent|ait|aient|ant)|ambitionn\w*|ambitions?|cibl\w*|entend\w*|escompt\w*)\b", re.IGNORECASE
)
FORECAST_CUE = re.compile(
    r"\b(?:devrai(?:t|ent)|pourrai(?:t|ent)|prévisions?|projections?|estimée?s? à|attendue?s?|table(?:nt)? sur|"
    r"anticip\w*|selon les prévisions)\b",
    re.IGNORECASE,
)
PLAN_CUE = re.compile(
    r"\b(?:prévoi(?:t|ent|yons)|prévu(?:e|s|es)?|projette\w*|projets?|envisag\w*|compt(?:e|ent|ons) (?:cr[ée]er|recruter|investir|"
    r"atteindre|ouvrir|porter|embaucher|doubler|d[ée]passer)|(?:va|vont|allons|allez|vais) \w+|programm\w*|permettra\w*|"
    r"g[ée]n[ée]rera\w*|cr[ée]era\w*|nécessite\w*|sera|seront|pourra\w*|\w{3,}(?:era|eront|ira|iront|dra|dront))\b",
    re.IGNORECASE,
)
#: Lemmas of the verb that governs a figure (in the parse) that make it a target or a plan wherever the cue word
#: stands in the sentence ("Les accords visent ..., avec un investissement de 375 millions").
TARGET_LEMMAS = frozenset({"viser", "ambitionner", "cibler", "escompter"})
PLAN_LEMMAS = frozenset({"prévoir", "projeter", "envisager", "programmer", "planifier"})
#: A horizon after or before the figure: "d'ici 2025", "à l'horizon 2027", "d'ici la fin de l'année", "fin 2025".
HORIZON = re.compile(
    rf"\b(?:d'ici (?:à |la )?(?:fin )?(?:(?:de )?l'ann[ée]e|(?P<y1>{YEAR}))|à l'horizon (?:de )?(?P<y2>{YEAR})|(?:à|pour) (?:fin )?(?P<y3>{YEAR})|"
    rf"fin (?P<y4>{YEAR})|en (?P<y5>{YEAR}))",
    re.IGNORECASE,
)
#: Present-tense statements of a fact ("compte désormais", "emploie aujourd'hui"): not a plan whatever follows.
FACT_CUE = re.compile(r"\b(?:désormais|aujourd'hui|actuellement|déjà|à ce jour)\b", re.IGNORECASE)
#: "après le secteur", "que l'agriculture": the mention before a figure is compared with, not its subject.
COMPARISON = re.compile(r"(?:après|derrière|devant|que|comme|contre|dont)\s*(?:l'|le |la |les )?$", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------------------

_MONTH_NAMES = "|".join(MONTHS)
#: Date expressions on folded text, most specific first: a span taken by one is not read again by the next.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-year", re.compile(rf"\b(?:(?:le )?\d{{1,2}}(?:er)? )?(?P<month>{_MONTH_NAMES}) (?P<year>{YEAR})\b")),
    (
        "month-rel",
        re.compile(rf"\b(?:(?:en|au mois de|courant|depuis|fin|debut|mi-) ?)?(?P<month>{_MONTH_NAMES}) (?P<rel>dernier|passe|prochain)\b"),
    ),
    ("year-rel", re.compile(r"\b(?:l'an|l'annee) (?P<rel>dernier|derniere|passe|passee|prochain|prochaine)\b|\b(?P<this>cette annee)\b")),
    ("years-ago", re.compile(r"\bil y a (?P<n>\d+|deux|trois|quatre|cinq|dix) ans\b")),
    ("since", re.compile(rf"\bdepuis (?:l'an |l'annee )?{YEAR}\b")),
    ("now", re.compile(r"\b(?:aujourd'hui|actuellement|a ce jour|a l'heure actuelle)\b")),
    ("year", re.compile(rf"(?<![\w.,]){YEAR}(?![\w]|[.,]\d)")),
]
NUMBER_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10}

# --------------------------------------------------------------------------------------------------------------------
# Rankings
# --------------------------------------------------------------------------------------------------------------------

#: Folded ordinals and their ranks.
ORDINALS = {
    "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "1re": 1, "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2,
    "2eme": 2, "2nd": 2, "troisieme": 3, "3e": 3, "3eme": 3, "quatrieme": 4, "4e": 4, "4eme": 4, "cinquieme": 5,
    "5e": 5, "5eme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
}  # fmt: skip
ORDINAL = re.compile(
    r"\b(premi(?:er|ère)s?|1(?:er|ère|re)|deuxième|second(?:e)?|troisième|quatrième|cinquième|sixième|septième|huitième|"
    r"neuvième|dixième|(?<![\d.,])\d{1,3}(?:e|è|ème|eme|ième)|leader|trio de tête|(?:les |des )(?:deux|trois|quatre|cinq|dix) premi(?:er|ère)s)(?!\w)",
    re.IGNORECASE,
)
#: "parmi les trois premières", "le trio de tête": a rank that is the size of a top group.
TOP_GROUP = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "trio": 3}
#: The noun a rank qualifies ("le premier pourvoyeur de devises"); the criterion is named near it.
RANK_HEAD = re.compile(
    r"\s*(?:[\w'-]+\s+){0,3}?(?:secteur|pourvoyeur|employeur|exportat\w*|créateur|source|acteur|opérateur|"
    r"contributeur|fournisseur|recruteur|marché|rang|place|position|édition|entreprise|société|destination|localisation|"
    r"pays|au niveau|mondial|en afrique|en europe|au maroc|du classement|\(|\))",
    re.IGNORECASE,
)
#: Criteria of a ranking: property and the words that name it.
CRITERIA: list[tuple[str, str]] = [
    ("foreignCurrencyEarnings", r"devises"),
    ("employment", r"emplois?\b|employeurs?\b|recruteurs?\b"),
    ("exports", r"exportat(?:eur|rice)s?|exportations?"),
    ("revenue", r"chiffre d'affaires|revenus"),
    ("investment", r"investisse(?:ur|ment)s?"),
    ("edition", r"[ée]ditions?"),
    ("size", r"plus grandes? entreprises?|plus grands? groupes?|entreprises?\b|soci[ée]t[ée]s?"),
    (
        "ranking",
        r"rangs?|places?|positions?|classements?|destinations?|localisations?|pays|mondial\w*|au niveau|"
        r"en afrique|en europe|au maroc|sur le continent|leader|\(|\)|trio",
    ),
]
RANKED_BEHIND = re.compile(r"\s+(?:après|derrière)\s+")
#: A ranking's year: right after it ("premier en 2019"), else earlier in its clause ("en 2019, ... premier").
RANK_YEAR_AFTER = re.compile(rf"\s*(?:en|au titre de|pour)?\s*({YEAR})\b")
RANK_YEAR_BEFORE = re.compile(rf"\b(?:en|au titre de) ({YEAR})\b")
#: "auparavant troisième": a rank held before.
BEFORE = re.compile(r"\b(?:auparavant|avant|jusqu'alors|précédemment|jadis|naguère|autrefois)\b", re.IGNORECASE)
#: "avant 2020": the year a rank held before ended.
BEFORE_YEAR = re.compile(rf"avant\s+({YEAR})")
#: "du pays", "national": the ranking's scope is the article's country.
NATIONAL = re.compile(r"\b(?:du|au|le) (?:pays|royaume)\b|\bnationale?\b", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------------------------------

#: A sentence ends at . ! ? … before a capital (not after M., Mme, Dr, Pr, etc.), and at every line break.
SENTENCE_END = re.compile(r"(?<!\bM)(?<!\bMme)(?<!\bDr)(?<!\bPr)(?<!\betc)[.!?…]+[»\"')]*(?=\s+[«\"(A-ZÀ-ÖØ-Þ0-9])|\n")
#: Page furniture after the article ("LIRE AUSSI :"); quotes must come before it.
FURNITURE = re.compile(
    r"^[ \t]*((?:à |a )?lire aussi\s*:?|voir aussi\s*:?|articles? (?:similaires|liés)\s*:?|partager(?: cet article)?\s*:?|"
    r"tags?\s*:|mots-clés\s*:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: Where a clause ends: commas (not inside a number), semicolons, colons, brackets, guillemets, conjunctions.
CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|;|:|\(|\)|«|»| et | ainsi que | contre | soit ")
