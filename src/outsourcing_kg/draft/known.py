"""The entities a draft can link to: everything the project already declares, as the project's `EntityIndex`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..annotations.files import read_annotation_file
from ..errors import SourceError
from ..names import EntityIndex
from ..project import OKG, Project
from .text import slugify


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


#: The gazetteer's file in the reference folder: tab-separated name, type, aliases (separated by "|"), source.
GAZETTEER = "gazetteer.tsv"
#: The id prefix of each type the gazetteer may give.
_KINDS = {"Company": "org", "Federation": "org", "Organization": "org", "Place": "place", "Region": "place", "Event": "event"}


def load_gazetteer(project: Project) -> EntityIndex | None:
    """The names of the sector's companies, federations and parks with their types (graph/reference/gazetteer.tsv),
    as an EntityIndex whose ids are the ids a new entity of that name would get; None when there is no such file.

    These are hints for typing names, not entities of the graph: a name found only here is drafted as a new entity.
    Raises SourceError for a line with another number of fields or an unknown type.
    """
    path = project.reference_dir / GAZETTEER
    if not path.is_file():
        return None
    index = EntityIndex()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[1] not in _KINDS:
            raise SourceError(f"expected name, type ({', '.join(_KINDS)}), aliases, source, separated by tabs", path=path, line=n)
        name, etype, aliases, _source = fields
        names = [name, *(a.strip() for a in aliases.split("|") if a.strip())]
        index.add(f"{_KINDS[etype]}/{slugify(name)}", names, type=etype, labels={"fr": name, "en": name})
    return index
