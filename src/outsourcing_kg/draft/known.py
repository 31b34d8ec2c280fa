"""The entities a draft can link to: everything the project already declares, as the project's `EntityIndex`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..annotations.files import read_annotation_file
from ..names import EntityIndex
from ..project import OKG, Project


def known_entities(project: Project, exclude: Iterable[Path] = ()) -> EntityIndex:
    """Reference data, the segment scheme and every annotated source except `exclude` (the file being drafted).

    Each entity is indexed by its French and English labels and its aliases (segments: by their SKOS labels and
    notation), with its type and `fr`/`en` labels. Raises SourceError when an annotation file cannot be read.
    """
    index = EntityIndex()
    skip = {p.resolve() for p in exclude}
    files = sorted(project.reference_dir.glob("*.yaml")) + sorted(project.sources_dir.glob("*.yaml"))
    for path in files:
        if path.resolve() in skip:
            continue
        data, _ = read_annotation_file(path)
        for entity in data.entities:
            if entity.type is None or entity.label is None:
                continue
            labels = {"fr": entity.label.fr, "en": entity.label.en}
            index.add(entity.id, [entity.label.fr, entity.label.en, *entity.aliases], type=entity.type, labels=labels)
    segments = project.ontology_dir / "segments.ttl"
    if segments.is_file():
        _add_segments(index, segments, project)
    return index


def _add_segments(index: EntityIndex, path: Path, project: Project) -> None:
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS, SKOS

    graph = Graph()
    graph.parse(path, format="turtle")
    base = project.base + "id/"
    for node in sorted(graph.subjects(RDF.type, OKG.Segment), key=str):
        names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, RDFS.label) for o in graph.objects(node, p)]
        labels = {o.language: str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)}
        ident = str(node).removeprefix(base)
        index.add(ident, names, type="Segment", labels={"fr": labels.get("fr", ""), "en": labels.get("en", "")})
