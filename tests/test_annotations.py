"""Annotation files (annotations/): models, reading with line numbers, quote anchoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsourcing_kg.annotations.anchoring import anchor, read_text
from outsourcing_kg.annotations.files import load_source, read_annotation_file
from outsourcing_kg.annotations.models import json_schema
from outsourcing_kg.errors import QuoteNotFound, SourceError

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
