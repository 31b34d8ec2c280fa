"""Annotation files (annotations/): models, reading with line numbers, quote anchoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DOC

from outsourcing_kg.annotations.anchoring import anchor, read_text
from outsourcing_kg.annotations.files import load_source, read_annotation_file
from outsourcing_kg.annotations.models import json_schema
from outsourcing_kg.annotations.numbers import readings
from outsourcing_kg.errors import QuoteNotFound, SourceError
from outsourcing_kg.project import Project

TEXT = "L’outsourcing au Maroc. La Fédération Marocaine  de l’Externalisation. «après le doute»"


def test_exact_quote_gives_offsets_and_context() -> None:
    found = anchor(TEXT, "au Maroc")
    assert (found.start, found.end) == (14, 22)
    assert TEXT[found.start : found.end] == found.exact == "au Maroc"
    assert found.prefix == "L’outsourcing "
    assert found.suffix.startswith(". La Fédération")


def test_straight_apostrophe_matches_typographic_and_offsets_map_back() -> None:
    found = anchor(TEXT, "de l'Externalisation")
    assert found.exact == "de l’Externalisation"
    assert TEXT[found.start : found.end] == found.exact


def test_whitespace_runs_and_guillemets_are_tolerated() -> None:
    found = anchor(TEXT, 'Marocaine de l\'Externalisation. "après le doute"')
    assert found.exact == "Marocaine  de l’Externalisation. «après le doute»"


def test_quote_must_sit_on_word_boundaries() -> None:
    # "Maroc" is inside "Marocaine" too; only the whole word counts.
    assert anchor(TEXT, "Maroc").start == 17


def test_ambiguous_quote_asks_for_occurrence() -> None:
    text = "Intelcia à Oujda. Intelcia à Rabat."
    with pytest.raises(SourceError, match=r"occurs 2 times; .*occurrence: N"):
        anchor(text, "Intelcia")
    assert anchor(text, "Intelcia", occurrence=2).start == 18


def test_missing_quote_shows_closest_passage() -> None:
    with pytest.raises(QuoteNotFound, match=r"closest passage: .*Fédération Marocaine"):
        anchor(TEXT, "La Fédération Marocain de l'Externalisation")


def test_furniture_limit_excludes_trailing_text() -> None:
    with pytest.raises(QuoteNotFound):
        anchor("Texte.\n\nLIRE AUSSI : autre", "autre", limit=8)


def test_read_text_refuses_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("Fédération".encode("cp1252"))
    with pytest.raises(SourceError, match=r"doc.txt: not UTF-8 \(invalid byte 0xe9 at offset 1\)"):
        read_text(path)


def test_read_text_refuses_empty_and_bom(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    with pytest.raises(SourceError, match="empty text"):
        read_text(empty)
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffTexte".encode())
    with pytest.raises(SourceError, match="byte-order mark"):
        read_text(bom)


def test_read_text_hashes_the_bytes(project) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    path = project.sources_dir / "covid-relation-client-le-grand-declic.txt"
    text, digest = read_text(path)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert text.startswith("Covid-19 & Relation client")


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("document:\n  title: x\n  language: [fr\n", 4, "YAML syntax error"),
        ("document:\n  title: x\n  language: fr\n  colour: red\n", 4, "unknown field `colour`"),
        ("document:\n  title: x\n  title: y\n  language: fr\n", 3, "duplicate key `title`"),
        ("document:\n  title: x\n", 1, "missing required field `document.language`"),
        ("document:\n  title: x\n  language: fr\nclaims:\n  - id: a\n    kind: guess\n", 6, "kind"),
        ("", 1, "empty annotation file"),
    ],
)
def test_annotation_errors_name_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_annotation_file(path)
    assert info.value.path == path
    assert info.value.line == line
    assert message in info.value.message


def test_seed_annotations_anchor_every_quote(project) -> None:  # type: ignore[no-untyped-def]
    source = load_source(project.sources_dir / "covid-relation-client-le-grand-declic.yaml")
    assert source.text is not None
    anchors = [a for group in source.claim_anchors.values() for a in group] + list(source.mention_anchors.values())
    assert len(anchors) >= 60
    for found in anchors:
        assert source.text[found.start : found.end] == found.exact
        # Nothing is taken from the page furniture after the article.
        assert found.end <= source.text.index("LIRE AUSSI")


def test_json_schema_describes_the_file_format() -> None:
    schema = json_schema()
    assert schema["title"] == "outsourcing-kg annotation file"
    assert set(schema["properties"]) == {"document", "reference", "entities", "claims", "review"}
    assert schema["additionalProperties"] is False


# -- numbers read as written: YAML 1.2, and every figure checked against its quote ------------------------------


def _seed_with(project: Project, old: str, new: str) -> Path:
    path = project.sources_dir / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # A French thousands figure typed as in the article: YAML would read a decimal.
        ("value: 120000", "value: 120.000", r":337: 120\.000 would read as the decimal number 120; write 120000 for 120000"),
        (
            "value: 14000000000",
            "value: 14.000.000.000",
            r":312: claim outsourcing-revenue-2019: value '14.000.000.000' is text; write the number as plain digits \(14000000000\)",
        ),
        # YAML 1.1 octal: 0120000 was 40960; in YAML 1.2 it is 120000, as the quote says.
        ("value: 120000", "value: 01200", r":337: claim outsourcing-jobs-2019: value 1200 is not what its quote says"),
        # A figure its quote does not say: the message lists what the quote gives.
        (
            "value: 1300000000",
            "value: 13000000000",
            r":325: claim outsourcing-investment-2019: value 13000000000 is not what its quote says \(the quote gives 1\.3, 1300000000\)",
        ),
        ("value: 120000", "value: 12000", r"value 12000 is not what its quote says \(the quote gives 120000\)"),
        (
            "value: 14000000000",
            "value: 14000000",
            r"value 14000000 is not what its quote says \(the quote gives 1, 14, 2019, 14000000000\)",
        ),
    ],
    ids=["french-thousands", "french-billions", "leading-zero", "ten-times", "thousand-lost", "scale-wrong"],
)
def test_a_figure_must_be_what_its_quote_says(tmp_project: Project, old: str, new: str, message: str) -> None:
    path = _seed_with(tmp_project, old, new)
    with pytest.raises(SourceError, match=message):
        load_source(path)


def test_yaml_is_read_as_yaml_1_2(tmp_path: Path) -> None:
    import yaml

    from outsourcing_kg.annotations.files import AnnotationLoader

    text = "a: 010\nb: 21:40\nc: yes\nd: 2021-02-03\ne: 1.3e9\nf: off\ng: ~\nh: true\n"
    assert yaml.load(text, Loader=AnnotationLoader) == {
        "a": 10, "b": "21:40", "c": "yes", "d": "2021-02-03", "e": 1.3e9, "f": "off", "g": None, "h": True,
    }  # fmt: skip


def test_a_derived_figure_is_allowed_with_a_note(tmp_project: Project) -> None:
    path = _seed_with(tmp_project, "value: 120000\n", "value: 240000\n    derived: true\n    note: twice the figure, for the test\n")
    assert load_source(path).data.claims
    bare = _seed_with(tmp_project, "    note: twice the figure, for the test\n", "")
    with pytest.raises(SourceError, match=r"`derived: true` value needs a `note:`"):
        load_source(bare)


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("un chiffre d'affaires de 1,3 milliard de dirhams", 1_300_000_000),
        ("une enveloppe de 500 MDH contre 300 l'an passé", 300_000_000),
        ("des investissements de 2 MMDH", 2_000_000_000),
        ("un marché de 4 Mds de dollars", 4_000_000_000),
        ("une surface de 3 200 m²", 3200),
        ("une surface de 3\u202f200 m²", 3200),
        ("plus de 12.500 salariés", 12500),
        ("une part de 12,5 %", 12.5),
        ("neuf cents agents", 900),
        ("cinq sites", 5),
        ("une vingtaine de centres", 20),
        ("le millier de recrues", 1000),
        ("le troisième employeur", 3),
        ("le premier employeur", 1),
        ("classé 31e au niveau mondial", 31),
        ("un recul de 2,7 %", -2.7),
        ("deux milliards de dirhams", 2_000_000_000),
    ],
)
def test_numbers_are_read_the_french_way(quote: str, value: float) -> None:
    from decimal import Decimal

    from outsourcing_kg.annotations.numbers import value_in_quote

    assert value_in_quote(Decimal(str(value)), quote), sorted(readings(quote))


@pytest.mark.parametrize(("quote", "value"), [("plus de 120.000 emplois", 120), ("1,3 milliard", 13), ("vingt sites", 2)])
def test_misread_numbers_are_not_readings(quote: str, value: int) -> None:
    from decimal import Decimal

    from outsourcing_kg.annotations.numbers import value_in_quote

    assert not value_in_quote(Decimal(value), quote)


# -- dates that exist -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'value: {date: "2021-02"}',
            'value: {date: "2021-02-30"}',
            r":270: .*2021-02-30 is not a calendar date: February 2021 has 28 days",
        ),
        ('value: {date: "2021-02"}', 'value: {date: "2021-13"}', r"2021-13 is not a calendar date: month 13 does not exist"),
        ('value: {date: "2021-02"}', "value: {date: 2021-02-29}", r"2021-02-29 is not a calendar date: February 2021 has 28 days"),
        ('inferred_date: "2021"', 'inferred_date: "2021-04-31"', r":10: .*2021-04-31 is not a calendar date: April 2021 has 30 days"),
    ],
    ids=["february-30", "month-13", "unquoted", "document-date"],
)
def test_dates_that_do_not_exist_are_one_line(tmp_project: Project, old: str, new: str, message: str) -> None:
    path = _seed_with(tmp_project, old, new)
    with pytest.raises(SourceError, match=message):
        load_source(path)


def test_leap_days_exist(tmp_project: Project) -> None:
    path = _seed_with(tmp_project, 'value: {date: "2021-02"}', 'value: {date: "2020-02-29"}')
    assert load_source(path).data.claims


def test_a_leading_zero_is_decimal_as_in_yaml_1_2(tmp_project: Project) -> None:
    path = _seed_with(tmp_project, "value: 120000", "value: 0120000")  # YAML 1.1 read 40960 (octal)
    claim = next(c for c in load_source(path).data.claims if c.id == "outsourcing-jobs-2019")
    assert claim.value == 120000


# -- Unicode that looks the same ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text_form", "quote_form"), [("NFD", "NFC"), ("NFC", "NFD"), ("NFD", "NFD")], ids=["text-nfd", "quote-nfd", "both-nfd"]
)
@pytest.mark.parametrize("quote", ["créé 5 000 emplois à Fès", "en été", "Équipe", "à Fès"])
def test_canonically_equivalent_quotes_anchor_at_the_original_offsets(text_form: str, quote_form: str, quote: str) -> None:
    import unicodedata

    text = unicodedata.normalize(text_form, "Équipe : le secteur a créé 5 000 emplois à Fès en été.")
    found = anchor(text, unicodedata.normalize(quote_form, quote))
    assert found.exact == text[found.start : found.end]
    assert unicodedata.normalize("NFC", found.exact) == unicodedata.normalize("NFC", quote)


def test_a_quote_cannot_end_inside_a_decomposed_letter() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Le secteur a créé des emplois.")
    with pytest.raises(QuoteNotFound):
        anchor(text, "a cré")


def test_the_build_says_when_a_text_is_not_nfc(tmp_project: Project) -> None:
    import unicodedata

    from outsourcing_kg.compile.builder import build

    text_path = tmp_project.sources_dir / f"{DOC}.txt"
    text_path.write_text(unicodedata.normalize("NFD", text_path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(tmp_project, validate=False)
    assert result.notices == [
        f"{text_path}: accents are decomposed (Unicode NFD); quotes match either way, but saving the text as NFC "
        "makes it compare equal in every tool"
    ]


def test_a_range_bound_must_be_in_its_quote_too(tmp_project: Project) -> None:
    path = _seed_with(tmp_project, "value: 120000\n", "value: 120000\n    value_min: 100000\n")
    with pytest.raises(SourceError, match=r":\d+: claim outsourcing-jobs-2019: value_min 100000 is not what its quote says"):
        load_source(path)
