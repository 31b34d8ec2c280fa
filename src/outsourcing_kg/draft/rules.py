"""The extractor's rule tables: general French press vocabulary as data (word lists, regexes, metric tables).

Nothing here names one article's strings. Stages import what they need; a table changes behaviour only through the
stage that reads it, so each table says which stage that is.
"""

from __future__ import annotations

import re

from ..annotations.numbers import APPROXIMATE_COUNTS

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
    ("south-africa", "Afrique du Sud", "South Africa", "Country", "en", r"sud-africaine?s?"),
    ("united-arab-emirates", "Émirats arabes unis", "United Arab Emirates", "Country", "aux", None),
    ("saudi-arabia", "Arabie saoudite", "Saudi Arabia", "Country", "en", None),
    ("qatar", "Qatar", "Qatar", "Country", "au", None),
    ("turkey", "Turquie", "Turkey", "Country", "en", None),
    ("mauritania", "Mauritanie", "Mauritania", "Country", "en", None),
    ("mali", "Mali", "Mali", "Country", "au", None),
    ("nigeria", "Nigeria", "Nigeria", "Country", "au", None),
    ("ghana", "Ghana", "Ghana", "Country", "au", None),
    ("kenya", "Kenya", "Kenya", "Country", "au", None),
    ("cameroon", "Cameroun", "Cameroon", "Country", "au", None),
    ("italy", "Italie", "Italy", "Country", "en", None),
    ("netherlands", "Pays-Bas", "Netherlands", "Country", "aux", None),
    ("switzerland", "Suisse", "Switzerland", "Country", "en", None),
    ("ireland", "Irlande", "Ireland", "Country", "en", None),
    ("poland", "Pologne", "Poland", "Country", "en", None),
    ("romania", "Roumanie", "Romania", "Country", "en", None),
    ("bulgaria", "Bulgarie", "Bulgaria", "Country", "en", None),
    ("ukraine", "Ukraine", "Ukraine", "Country", "en", None),
    ("china", "Chine", "China", "Country", "en", None),
    ("malaysia", "Malaisie", "Malaysia", "Country", "en", None),
    ("brazil", "Brésil", "Brazil", "Country", "au", None),
    ("mexico", "Mexique", "Mexico", "Country", "au", None),
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
    " ceo pdg dg drh daf dsi b2b b2c mou mous vip groupe fédération federation association ministère ministere ito hro lpo rpo ites".split()
)
#: Capitalised words spaCy takes for places that name no place of their own (mentions).
NOT_PLACES = frozenset(
    "royaume etat état nation gouvernement continent région capitale ville pays monde dh dhs mad mdh vip commerce industrie"
    " économie economie emploi".split()
)
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
# Entity kinds (kinds.py): what the words around a name say it is
# --------------------------------------------------------------------------------------------------------------------

#: A capitalised name of up to five words ("Vertex", "Orbis Conseil", "Groupe PSA", "AT Kearney", "SeLoger"),
#: inner words capitalised or "&"; used inside the patterns below as (?P<name>...).
NAME = r"(?:[A-ZÀ-ÖØ-Þ][\w&.'-]*[\w&]|[A-Z])(?:\s(?:[A-ZÀ-ÖØ-Þ0-9][\w&.'-]*[\w&]?|&|[A-Z]))*"
#: Nationality adjectives after a company noun ("le groupe américain X", "l'indien X").
NATIONALITY = (
    r"(?:marocaine?|fran[cç]aise?|am[eé]ricaine?|indien(?:ne)?|allemande?|espagnole?|britannique|canadien(?:ne)?|belge|"
    r"portugaise?|italien(?:ne)?|chinoise?|japonaise?|su[eé]doise?|n[eé]erlandaise?|suisse|turc|turque|[eé]mirati(?:e)?|"
    r"saoudien(?:ne)?|qatarie?|tunisien(?:ne)?|s[eé]n[eé]galaise?|ivoirien(?:ne)?|europ[eé]en(?:ne)?|africaine?|asiatique|"
    r"international(?:e)?|mondiale?|multinationale?)"
)
#: Common nouns that introduce a company's name ("le groupe X", "le cabinet américain X", "le magazine « X »").
COMPANY_NOUN = (
    r"(?:groupes?|soci[eé]t[eé]s?|cabinets?|firmes?|entreprises?|compagnies?|op[eé]rateurs?|outsourceurs?|"
    r"prestataires?|enseignes?|marques?|constructeurs?|[eé]diteurs?|assureurs?|start-?ups?|filiales?|holdings?|"
    r"magazines?|journal|journaux|quotidiens?|hebdomadaires?|mensuels?|titres?|sites? d'information|banques?|"
    r"g[eé]ants?|leaders?|sp[eé]cialistes?|client|partenaire)"
)
COMPANY_CUE = re.compile(
    rf"\b(?i:le|la|les|l'|du|des|au|aux|un|une|son|sa|ses|notre|leur)\s*{COMPANY_NOUN}(?:\s+{NATIONALITY})?"
    rf"(?:\s+(?:de|du|des|d')\s*(?:la |l'|le |les )?(?!(?:la|le|les)\b)[a-zà-ÿ-]+(?:\s+[a-zà-ÿ-]+)?)?"
    rf"\s*(?:«\s*|\"\s*)?(?P<name>{NAME})(?:\s*»|\")?"
)
#: "l'indien X", "le français X": a nationality used as a noun before a company's name.
NATIONALITY_CUE = re.compile(rf"\b(?i:l'|le |la )(?:{NATIONALITY})\s+(?P<name>{NAME})")
#: "X, filiale du groupe Y" / "X, leader de ...": a name in apposition to a company noun, and that noun's company.
APPOSITION_AFTER = re.compile(
    rf"(?P<name>{NAME}),\s+(?:(?:l'|le |la |une? )?(?:filiale|leader|num[eé]ro un|sp[eé]cialiste|op[eé]rateur|"
    rf"groupe|soci[eé]t[eé]|entreprise|prestataire|outsourceur)\b)(?:\s+(?:du|de|d')\s*(?:groupe\s+)?(?P<parent>{NAME}))?"
)
#: "Le spécialiste de ..., X, a ...": a company noun phrase, then the name between commas.
APPOSITION_BEFORE = re.compile(
    rf"\b(?:[Ll]e|[Ll]a|[Ll]')\s*(?:sp[eé]cialiste|leader|num[eé]ro un|groupe|op[eé]rateur|prestataire|outsourceur)"
    rf"\b[^,.;:«»]{{0,90}},\s*(?P<name>{NAME})\s*,"
)
#: A role, then the organisation it is held in without an article ("DG Vertex Maroc", "CFO de Brixo").
ROLE_OF_COMPANY = re.compile(
    rf"\b(?:PDG|P-DG|DG|CEO|CFO|COO|CTO|DRH|DAF|DSI|directeur g[eé]n[eé]ral(?:e)?(?: d[eé]l[eé]gu[eé]e?)?|"
    rf"directrice g[eé]n[eé]rale(?: d[eé]l[eé]gu[eé]e)?|pr[eé]sidente?|fondat(?:eur|rice)|co-?fondat(?:eur|rice)|"
    rf"administrat(?:eur|rice) d[eé]l[eé]gu[eé]e?|country manager|managing director|directeur|directrice)"
    rf"\s+(?:(?:de|d')\s*)?(?P<name>{NAME})"
)
#: Last words of company names ("Atlas Contact Center", "Vertex Consulting", "Maroc Telecom"): such a name is a company
#: whatever spaCy says, even when it starts with a place.
COMPANY_TAIL = frozenset(
    "center centre group groupe holding consulting conseil telecom télécom solutions systems bank partners capital sa sarl "
    "inc ltd gmbh airlines software".split()
)
#: The author of a study or a ranking ("une étude de X", "le rapport du cabinet X"): an organisation.
AUTHOR_CUE = re.compile(
    rf"\b(?i:[eé]tude|rapport|classement|barom[eè]tre|enqu[eê]te|index|indice)s?\s+(?:r[eé]cente?\s+)?(?:de|d'|du)\s*(?P<name>{NAME})"
)
#: An interview's question label at a line's start ("ABC : Que représente ..."): the publication, in capitals.
INTERVIEWER_LABEL = re.compile(r"^[ \t]*(?P<name>[A-Z][A-Z0-9&]{1,7})[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
#: Heads of organisations that are not companies: a name starting so is typed by `mentions.org_kind`.
COMMITTEE = re.compile(rf"\b(?:Commission|Comit[eé]|Club|P[oô]le|Cellule)\s+(?P<name>{NAME})")
#: Lists of companies: a cue, then names separated by commas and "et" ("clients tels que : A, B et C",
#: "acteurs internationaux (A, B, C...)", "les groupes A et B").
LIST_CUE = re.compile(
    r"\b(?:clients?|acteurs?|op[eé]rateurs?|groupes|entreprises|soci[eé]t[eé]s|marques|enseignes|partenaires|"
    r"donneurs d'ordre|multinationales|outsourceurs|prestataires|firmes|compagnies|banques|"
    r"fleurons|g[eé]ants)\b[^.;:()«»]{0,50}?(?:\s+tels? que|\s+comme|\s+dont|\s*:|\s*\()\s*:?\s*"
    r"|\b(?:(?i:les) (?:groupes|soci[eé]t[eé]s|entreprises|op[eé]rateurs|firmes|compagnies))\s+(?=[A-Z])"
)
#: What separates the items of a list; a list ends at any other punctuation or at a lower-case word.
LIST_SEPARATOR = re.compile(r"(?:\s*(?:,|\bet\b|&|\(|\))\s*)+")
LIST_END = re.compile(r"\s*(?:\.\.\.|…|etc\.?)")
#: A company's name followed by a country or region it works in ("Vertex Maroc", "Orbis Africa", "X France & Maroc").
REGION_SUFFIXES = frozenset(
    "maroc morocco afrique africa europe france espagne portugal tunisie senegal belgique canada egypte madagascar "
    "maurice allemagne inde philippines mena emea international global services".split()
)
#: Words that open an event's name ("Salon international de ...", "Forum ..."), with its acronym after it.
EVENT_HEAD = r"(?:Salon|Forum|Foire|Congr[eè]s|Sommet|Assises|Festival|Exposition|Rencontres?|Journ[eé]es?|Conf[eé]rence internationale|Semaine|Troph[eé]es|Awards|Carrefour)"
EVENT_HEAD_START = re.compile(rf"^(?:l[ea] |les |l')?(?:\d+\S* [eé]dition d\S+ )?{EVENT_HEAD}\b")
EVENT_NAME = re.compile(
    rf"\b{EVENT_HEAD}\s+(?:[\wÀ-ÿ'’-]+\s+){{0,9}}?[\wÀ-ÿ'’-]+(?=\s*\((?P<acr>[A-Z][A-Z0-9&-]{{1,11}})\))"
    rf"|\b{EVENT_HEAD}\s+(?:(?:de la |de l'|du |des |d'|de |des )?[A-ZÀ-Ö][\wÀ-ÿ'-]*\s*){{1,5}}"
)
#: An edition before an event's name ("la 5e édition du ..."): the acronym that follows is an event.
EDITION_OF = re.compile(
    r"\b(?:\d+\s*(?:e|è|ème|eme|er|re)|premi[eè]re|deuxi[eè]me)\s+[eé]dition\s+(?:du|de la|de l'|des|d')\s*(?P<name>[A-Z][A-Z0-9&-]{1,11})\b"
)
#: Unnamed events a statement is made at: key, English label, pattern (French label: the words as written).
UNNAMED_EVENTS: list[tuple[str, str, str]] = [
    ("press-conference", "press conference", r"conf[eé]rences? de presse|points? de presse"),
    ("signing", "signing", r"(?:c[eé]r[eé]monie de )?signatures?(?= (?:d[eu']|des|de la|du|officielle|a eu|s'est|témoign|marqu)| *[,.])"),
    ("inauguration", "inauguration", r"(?:c[eé]r[eé]monie d')?inaugurations?"),
    ("ceremony", "ceremony", r"c[eé]r[eé]monies?"),
    ("launch-of-works", "launch of the works", r"lancement des travaux|pose de la premi[eè]re pierre"),
    ("videoconference", "video-conference", r"visio-?conf[eé]rences?|vid[eé]o-?conf[eé]rences?|webinaires?"),
    ("round-table", "round table", r"tables? rondes?"),
    ("general-assembly", "general assembly", r"assembl[eé]es? g[eé]n[eé]rales?"),
]
#: The pandemic, and compounds that name it ("post-Covid-19", "crise du coronavirus").
PANDEMIC = re.compile(
    r"(?:(?<=post-)|(?<=pré-)|(?<=pre-)|(?<![\w-]))(?:(?:la )?(?:crise|pand[eé]mie|[eé]pid[eé]mie) (?:du |de la |sanitaire (?:du |de la )?)?)?"
    r"(?:coronavirus|covid(?:-?19)?|sars-cov-2)(?![\w])",
    re.IGNORECASE,
)
#: Titles that stand for a person ("SM le Roi", "Sa Majesté le Roi Mohammed VI").
ROYAL_TITLE = re.compile(
    r"\b(?:SM|S\.M\.|Sa Majest[eé])\s+(?:le\s+)?(?:Roi|Reine)(?:\s+(?P<name>[A-Z][a-zé]+(?:\s+[A-Z][a-z]+)?\s+[IVX]+)\b)?"
)
#: A name right after a post and a comma is a person ("le ministre de ..., Prénom Nom,"), whatever spaCy says.
POST_THEN_NAME = re.compile(
    r"\b(?:ministre|ministre d[eé]l[eé]gu[eé]e?|secr[eé]taire d'[EÉ]tat|ambassadeur|ambassadrice|wali|gouverneur|"
    r"pr[eé]sidente?|direct(?:eur|rice)(?: g[eé]n[eé]ral(?:e)?)?(?: d[eé]l[eé]gu[eé]e?)?|PDG|CEO|DG|fondat(?:eur|rice)|"
    r"patron(?:ne)?|porte-parole|conseill(?:er|[eè]re))\b[^,.;:()«»]{0,90},\s*(?:M\.\s*|Mme\s*)?$"
)
#: Posts that are titles, not organisations ("ministre de l'Industrie"): spaCy's spans starting so are dropped.
TITLE_SPAN = re.compile(
    r"^(?:ministre|secr[eé]taire d'[EÉ]tat|ambassadeur|ambassadrice|conseill(?:er|[eè]re)|pr[eé]sident|directeur|directrice|"
    r"wali|gouverneur|SM|Sa Majest[eé])\b",
    re.IGNORECASE,
)
#: Lower-case words inside an organisation's name ("Transition numérique"), not the verbs and adverbs after it.
LOWER_WORDS = (
    r"(?:\s+(?!(?:et|aussi|également|a|ont|est|sont|qui|que|dont|en|au|aux|pour|sur|dans|avec|par|se|sera|va|vont|doit|peut|"
    r"était|avait|ne|y|le|la|les|un|une|ce|cette|ces|son|sa|ses)\b)[a-zà-ÿ][\wÀ-ÿ'-]*){0,2}"
)
#: The whole name of a ministry, commas and "et" included ("ministère de l'Industrie, du Commerce et de ...").
MINISTRY = re.compile(
    rf"\b[Mm]inist[eè]re\s+(?:de la |de l'|du |des |de |d')\s*[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}"
    rf"(?:(?:,\s*|\s+et\s+)(?:de la |de l'|du |des |de |d')\s*[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}){{0,4}}"
)
#: A ministry's title: inside it, spaCy's spans are parts of a post, not organisations or places.
MINISTER = re.compile(
    r"\b(?:[Mm]inistre|[Ss]ecr[eé]taire d'[EÉ]tat)(?:\s+[a-zà-ÿ]+)?\s+(?:de la |de l'|du |des |de |d'|à l'|au |chargée? de l'|chargée? du |chargée? de la )\s*"
    rf"[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}"
    rf"(?:(?:,\s*|\s+et\s+)(?:de la |de l'|du |des |de |d')\s*[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}){{0,4}}"
)
#: Nouns that introduce a place's name ("le quartier de X", "le parc X", "la zone d'activités X").
PLACE_CUE = re.compile(
    rf"\b(?i:quartier|district|parc|technopole|cit[eé]|zone (?:d'activit[eé]s?|industrielle|franche|offshoring|offshore))"
    rf"\s+(?:du |de la |de l'|des |de |d')?(?P<name>{NAME})"
)
#: The long name of an acronym that names a business segment, not an organisation ("Information Technology
#: Outsourcing (ITO)", "externalisation des ..."): segments live in ontology/segments.ttl, so the draft notes it
#: instead (a name that starts like an organisation's, "Fédération ... des Services", is not one).
SEGMENT_WORDS = re.compile(r"^(?:externalisation\b.*|.*\b(?:outsourcing|offshoring|nearshoring))$", re.IGNORECASE)
#: A capitalised word after an organisation's name that spaCy cut after a preposition ("... des Industries du").
ORG_NOUN_AFTER = re.compile(rf"\s+[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}")
#: What continues an organisation's name after spaCy stopped at a comma or "et" ("Fédération des Industries du
#: Cuir, du Textile et de l'Habillement"): each part a preposition and a capitalised noun.
ORG_CONTINUATION = re.compile(rf"(?:,\s*|\s+et\s+)(?:de la |de l'|du |des |de |d')\s*[A-ZÀ-Ö][\wÀ-ÿ'-]*{LOWER_WORDS}")
#: Capitalised words that open a sentence and name nothing ("Or, ...", "Ainsi"): never a place or an organisation.
SENTENCE_WORDS = frozenset(
    "or ainsi donc mais car pourtant ensuite enfin alors aussi toutefois néanmoins neanmoins cependant outre "
    "selon pour par dans entretien interview détails details aujourd'hui hier demain désormais actuellement depuis"
    " le la les l' un une ce cet cette ces il elle ils elles nous on son sa ses leur notre en au aux du des de d'".split()
)

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
#: "son directeur général" (no organisation after it): a post of the organisation named before (posts).
POSSESSIVE_ROLE = re.compile(r"\b(?:son|sa|leur)\s+(" + "|".join(p for p, *_ in ROLES) + r")\b(?!\s+(?:de|d'|du|des)\b)", re.IGNORECASE)

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
ACCORDING_TO = re.compile(r"(?:selon|pour|d'après)\s+(?:l'|le |la |M\.\s*|Mme\s+)?", re.IGNORECASE)
#: "Ainsi, selon X, ...": "selon" or "d'après" after a clause's start, anywhere in the sentence.
ACCORDING_TO_INSIDE = re.compile(r"(?:^|,\s*)(?:selon|d'après)\s+", re.IGNORECASE)
_SPEECH_WORDS = (
    r"(?:affirm|déclar|indiqu|soulign|expliqu|estim|assur|précis|confirm|rappel|not|ajout|annonc|relev|insist|consid[éè]r|"
    r"jug|avanc|soutien|martel|reconn|observ|constat|préven|révél)\w*"
)
#: «...», a-t-il déclaré / «...», ajoute-t-elle / «...», estime-t-il: the speaker was named before.
QUOTE_THEN_PRONOUN = re.compile(
    rf"«\s*(?P<body>[^«»]{{15,}})»\s*,?\s*(?:(?:a|avait)-t-(?:il|elle)\s+(?:\w+\s+)?{_SPEECH_WORDS}|{_SPEECH_WORDS}-t?-?(?:il|elle))\b",
    re.IGNORECASE,
)
#: "<statement>, a assuré X" / ", rappelle X": the verb after the statement, its speaker after the verb.
VERB_THEN_SPEAKER = re.compile(rf",\s*(?:{SPEECH_PAST}|{SPEECH_PRESENT})\s+(?:,?\s*pour sa part,?\s*)?", re.IGNORECASE)

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
APPROX_NOUN = r"(?:une |le |un |la )(?:" + "|".join(APPROXIMATE_COUNTS) + r")s?"
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
