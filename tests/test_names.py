"""The one entity index (names.py): exact lookups on folded names, typos, suggestions, resolution."""

from __future__ import annotations

import pytest

from outsourcing_kg.names import AmbiguousName, EntityIndex, UnknownName, fold_text, name_key, suggest


@pytest.fixture
def index() -> EntityIndex:
    index = EntityIndex()
    index.add("org/vertex-maroc", ["Vertex Maroc", "Vertex"], type="Company", labels={"fr": "Vertex Maroc", "en": "Vertex Morocco"})
    index.add(
        "org/fedex",
        ["Fédération des services externalisés", "FSE"],
        type="Federation",
        labels={"fr": "Fédération des services externalisés"},
    )
    index.add("place/fes", ["Fès", "Fez"], type="City", labels={"fr": "Fès", "en": "Fez"})
    index.add("person/ines-alaoui", ["Inès Alaoui"], type="Person", labels={"fr": "Inès Alaoui"})
    index.add("person/ines-alaoui-2", ["Ines Alaoui"], type="Person", labels={"fr": "Ines Alaoui"})
    return index


def test_name_key_folds_case_accents_typography_and_a_leading_article() -> None:
    assert name_key("  L’Hôtel   de Ville ") == "hotel de ville"
    assert name_key("La Fédération") == "federation"
    assert fold_text("Équipe « A »") == 'equipe " a "'
    assert len(fold_text("Œuvre – Fès")) == len("Œuvre – Fès")  # offsets carry over


@pytest.mark.parametrize("name", ["vertex maroc", "VERTEX MAROC", "Vertex", "la vertex maroc"])
def test_lookup_by_any_name_in_any_case(index: EntityIndex, name: str) -> None:
    assert index.lookup(name) == {"org/vertex-maroc"}


def test_typos_within_the_allowance_for_the_name_length(index: EntityIndex) -> None:
    assert index.within_typos("Vertx Maroc", ["org"]) == [(1, "org/vertex-maroc")]
    assert index.within_typos("Vretex Maroc", ["org"]) == [(1, "org/vertex-maroc")]  # a transposition is one typo
    assert index.within_typos("Vertex Maroc", ["person"]) == []  # other kinds are not offered
    assert index.within_typos("Fes", ["place"]) == []  # short names must match exactly


@pytest.mark.parametrize(
    ("text", "expected"),
    [("org/vertex-maroc", "org/vertex-maroc"), ("vertex-maroc", "org/vertex-maroc"), ("Fez", "place/fes"), ("fse", "org/fedex")],
)
def test_resolve_by_id_slug_label_or_acronym(index: EntityIndex, text: str, expected: str) -> None:
    assert index.resolve(text) == expected


def test_resolve_refuses_a_shared_name_and_lists_the_candidates(index: EntityIndex) -> None:
    with pytest.raises(AmbiguousName) as caught:
        index.resolve("ines alaoui")
    assert caught.value.candidates == ["person/ines-alaoui", "person/ines-alaoui-2"]
    assert "give the id" in str(caught.value)


def test_resolve_suggests_the_closest_entities(index: EntityIndex) -> None:
    with pytest.raises(UnknownName) as caught:
        index.resolve("Vertexx Marok")
    assert caught.value.suggestions[0] == "org/vertex-maroc"
    assert str(caught.value).startswith("no entity 'Vertexx Marok' in the graph; did you mean Vertex Morocco (org/vertex-maroc)")


def test_resolve_without_anything_close_gives_no_suggestion(index: EntityIndex) -> None:
    with pytest.raises(UnknownName) as caught:
        index.resolve("zzzz qqqq")
    assert caught.value.suggestions == [] and str(caught.value) == "no entity 'zzzz qqqq' in the graph"


def test_suggest_among_plain_names() -> None:
    assert suggest("sector_figure", ["sector_figures", "places", "figures"])[0] == "sector_figures"
    assert suggest("nothing-alike", ["sector_figures"]) == []


def test_adding_more_names_to_an_entity_keeps_one_entry(index: EntityIndex) -> None:
    index.add("org/vertex-maroc", ["VM"], labels={"fr": "ignored: the first label stays"})
    assert len(index) == 5 and index.lookup("vm") == {"org/vertex-maroc"}
    assert index.entries["org/vertex-maroc"].label("fr") == "Vertex Maroc"
