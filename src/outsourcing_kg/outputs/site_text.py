"""The site's words in English and French, and a source text with its annotated spans highlighted."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

SITE_UI: dict[str, dict[str, str]] = {
    "en": {
        "lang_name": "English",
        "other_lang": "Français",
        "site": "outsourcing-kg",
        "tagline": "An open knowledge graph of the Moroccan outsourcing ecosystem, every fact traced to its exact quote.",
        "home": "Home",
        "entities": "Entities",
        "claims": "Claims",
        "sources": "Sources",
        "queries": "Questions",
        "ontology": "Ontology",
        "search": "Search names, aliases and acronyms",
        "search_label": "Search",
        "no_results": "No match.",
        "counts": "What the dataset holds",
        "class": "Class",
        "instances": "Instances",
        "last_build": "Last build",
        "not_recorded": "not recorded in the graph",
        "version": "Ontology version",
        "triples": "Statements",
        "sections": "Sections",
        "labels": "Labels",
        "kind": "Kind",
        "wikidata": "Wikidata",
        "aliases": "Also known as",
        "facts": "Facts stated about it",
        "by_it": "Claims it makes",
        "as_value": "Claims where it is the value",
        "at_event": "Claims stated at it",
        "mentions": "Mentions",
        "neighbourhood": "Neighbourhood",
        "too_many": "Too many neighbours to draw here ({n}); they are listed below.",
        "no_view": "Nothing to draw around it.",
        "related": "Entities it touches",
        "property": "Property",
        "value": "Value",
        "qualifiers": "Qualifiers",
        "claimant": "Claimant",
        "stated_at": "Stated at",
        "source": "Source",
        "quote": "Quote",
        "statement": "Statement",
        "evidence": "Evidence",
        "subject": "Subject",
        "claim": "Claim",
        "note": "Note",
        "offsets": "characters {start}–{end}",
        "in_context": "In its context",
        "page_n": "Page {n} of {total}",
        "previous": "Previous",
        "next": "Next",
        "more_than": "more than ",
        "unknown": "(unknown)",
        "metadata": "About this document",
        "text": "Text",
        "legend": (
            "Highlighted: mentions of entities (underlined) and quotes of claims (shaded). "
            "Activate a passage to see what the graph says from it."
        ),
        "from_here": "What the graph says from this passage",
        "mention_of": "mentions",
        "question": "Question",
        "sparql": "SPARQL",
        "answer": "Current answer",
        "rows": "{n} row(s)",
        "first_rows": "the first {shown} of {n} rows",
        "needs": "This question needs a value for {params}; it is not answered here.",
        "failed": "The query failed: {error}",
        "none": "none",
        "all_entities": "All entities",
        "n_items": "{n} item(s)",
        "title": "Title",
        "publisher": "Publisher",
        "date": "Date",
        "language": "Language",
        "sha256": "SHA-256 of the text",
        "url": "Published at",
        "iri": "IRI",
        "switch": "Version française",
        "downloads": "Downloads",
        "downloads_intro": (
            "The whole dataset ({triples} statements) in every RDF format, each file with its size and SHA-256. "
            "TriG, N-Quads and JSON-LD keep the named graphs (one per source document); the others hold their union."
        ),
        "file": "File",
        "format": "Format",
        "media_type": "Media type",
        "size": "Size",
        "bytes": "{n} bytes",
        "description_files": "The dataset's description",
        "about_catalog_ttl": "DCAT 3 catalogue and VoID description, Turtle",
        "about_catalog_jsonld": "the same, JSON-LD",
        "about_SHA256SUMS": "the checksums of the dumps: sha256sum -c SHA256SUMS",
        "licence": "Licence",
        "named_graph": "Named graph: {name}",
        "named_graphs": "Named graphs",
        "named_graph_of": "Its named graph",
        "more_graphs": "… and the graph of each source, linked from its page",
    },
    "fr": {
        "lang_name": "Français",
        "other_lang": "English",
        "site": "outsourcing-kg",
        "tagline": "Un graphe de connaissances ouvert de l'écosystème marocain de l'outsourcing, chaque fait relié à sa citation exacte.",
        "home": "Accueil",
        "entities": "Entités",
        "claims": "Affirmations",
        "sources": "Sources",
        "queries": "Questions",
        "ontology": "Ontologie",
        "search": "Chercher noms, alias et sigles",
        "search_label": "Recherche",
        "no_results": "Aucun résultat.",
        "counts": "Contenu du jeu de données",
        "class": "Classe",
        "instances": "Instances",
        "last_build": "Dernière construction",
        "not_recorded": "non indiquée dans le graphe",
        "version": "Version de l'ontologie",
        "triples": "Énoncés",
        "sections": "Rubriques",
        "labels": "Libellés",
        "kind": "Type",
        "wikidata": "Wikidata",
        "aliases": "Aussi appelé",
        "facts": "Faits affirmés à son sujet",
        "by_it": "Ses affirmations",
        "as_value": "Affirmations dont il est la valeur",
        "at_event": "Affirmations faites lors de cet événement",
        "mentions": "Mentions",
        "neighbourhood": "Voisinage",
        "too_many": "Trop de voisins pour les dessiner ici ({n}) ; ils sont listés plus bas.",
        "no_view": "Rien à dessiner autour.",
        "related": "Entités liées",
        "property": "Propriété",
        "value": "Valeur",
        "qualifiers": "Qualificatifs",
        "claimant": "Auteur",
        "stated_at": "Lors de",
        "source": "Source",
        "quote": "Citation",
        "statement": "Énoncé",
        "evidence": "Preuve",
        "subject": "Sujet",
        "claim": "Affirmation",
        "note": "Note",
        "offsets": "caractères {start}–{end}",
        "in_context": "Dans son contexte",
        "page_n": "Page {n} sur {total}",
        "previous": "Précédente",
        "next": "Suivante",
        "more_than": "plus de ",
        "unknown": "(inconnu)",
        "metadata": "À propos de ce document",
        "text": "Texte",
        "legend": (
            "En surbrillance : mentions d'entités (soulignées) et citations d'affirmations (ombrées). "
            "Activez un passage pour voir ce que le graphe en tire."
        ),
        "from_here": "Ce que le graphe tire de ce passage",
        "mention_of": "mentionne",
        "question": "Question",
        "sparql": "SPARQL",
        "answer": "Réponse actuelle",
        "rows": "{n} ligne(s)",
        "first_rows": "les {shown} premières lignes sur {n}",
        "needs": "Cette question demande une valeur pour {params} ; elle n'a pas de réponse ici.",
        "failed": "La requête a échoué : {error}",
        "none": "aucun",
        "all_entities": "Toutes les entités",
        "n_items": "{n} élément(s)",
        "title": "Titre",
        "publisher": "Éditeur",
        "date": "Date",
        "language": "Langue",
        "sha256": "SHA-256 du texte",
        "url": "Publié sur",
        "iri": "IRI",
        "switch": "English version",
        "downloads": "Téléchargements",
        "downloads_intro": (
            "Le jeu de données entier ({triples} énoncés) dans chaque format RDF, chaque fichier avec sa taille et son "
            "SHA-256. TriG, N-Quads et JSON-LD gardent les graphes nommés (un par document source) ; les autres en "
            "donnent l'union."
        ),
        "file": "Fichier",
        "format": "Format",
        "media_type": "Type de média",
        "size": "Taille",
        "bytes": "{n} octets",
        "description_files": "La description du jeu de données",
        "about_catalog_ttl": "catalogue DCAT 3 et description VoID, en Turtle",
        "about_catalog_jsonld": "la même, en JSON-LD",
        "about_SHA256SUMS": "les sommes de contrôle des fichiers : sha256sum -c SHA256SUMS",
        "licence": "Licence",
        "named_graph": "Graphe nommé : {name}",
        "named_graphs": "Graphes nommés",
        "named_graph_of": "Son graphe nommé",
        "more_graphs": "… et le graphe de chaque source, en lien depuis sa page",
    },
}


def segments(length: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """The text cut at every span boundary: (start, end, indexes of the spans covering that piece), in order.

    Overlapping and nested spans are both handled: a piece is covered by every span that contains it. Spans outside
    the text or empty are left out.
    """
    points = {0, length}
    kept = [(i, s, e) for i, (s, e) in enumerate(spans) if 0 <= s < e <= length]
    for _, s, e in kept:
        points.update((s, e))
    ordered = sorted(points)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for i, s, e in kept:
        starting.setdefault(s, []).append(i)
        ending.setdefault(e, []).append(i)
    active: set[int] = set()
    out = []
    for a, b in itertools.pairwise(ordered):
        active.difference_update(ending.get(a, []))
        active.update(starting.get(a, []))
        out.append((a, b, sorted(active)))
    return out


def highlighted_text(text: str, spans: Sequence[tuple[int, int, str, str]]) -> Markup:
    """The text as HTML (escaped) with each piece covered by spans wrapped in a focusable element listing them.

    `spans` are (start, end, id, kind) with offsets in characters (code points) of `text`; the element of a piece
    carries ``data-spans`` (the ids covering it) and a class per kind (``k-claim``, ``k-mention``).
    """
    parts: list[str] = []
    for a, b, covering in segments(len(text), [(s, e) for s, e, _, _ in spans]):
        piece = str(escape(text[a:b]))
        if not covering:
            parts.append(piece)
            continue
        ids = " ".join(spans[i][2] for i in covering)
        kinds = " ".join(sorted({f"k-{spans[i][3]}" for i in covering}))
        parts.append(f'<span class="hl {kinds}" tabindex="0" role="button" data-start="{a}" data-spans="{escape(ids)}">{piece}</span>')
    return Markup("".join(parts))
