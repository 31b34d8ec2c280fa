"""Downloads and self-description (outputs/catalog.py): the dumps, SHA256SUMS, the DCAT 3 + VoID catalogue checked
against ontology/catalog-shapes.ttl, the schema.org Dataset, `okg catalog`."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, VOID, XSD

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.compile.validation import shacl_problems
from outsourcing_kg.errors import KGError, ValidationFailed
from outsourcing_kg.outputs.catalog import (
    CATALOG_FILES,
    DATE_TYPES,
    DUMP_FORMATS,
    SPDX,
    SUMS_FILE,
    Catalog,
    catalog_shapes,
    schema_org_dataset,
    validate_catalog,
    write_catalog,
)
from outsourcing_kg.outputs.export import EXPORT_FORMATS
from outsourcing_kg.project import OKG, Project

_RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}


@pytest.fixture(scope="module")
def written(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return write_catalog(kg, tmp_path_factory.mktemp("catalog") / "download", sparql_endpoint="https://example.org/okg/sparql")


def _union(path: Path, fmt: str) -> Graph:
    ds = Dataset()
    ds.parse(path, format=_RDFLIB_FORMAT[fmt])
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_description_validates_against_the_catalogue_shapes(written: Catalog, project: Project) -> None:
    for name in CATALOG_FILES:
        parsed = Graph().parse(written.directory / name, format="json-ld" if name.endswith(".jsonld") else "turtle")
        assert shacl_problems(parsed, catalog_shapes(project)) == []
        assert parsed.isomorphic(written.description), name
    ds = URIRef(written.dataset)
    g = written.description
    assert (ds, RDF.type, DCAT.Dataset) in g and (ds, RDF.type, VOID.Dataset) in g
    assert (URIRef(written.catalog), DCAT.dataset, ds) in g
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("https://example.org/okg/sparql")
    assert len(list(g.objects(ds, DCAT.distribution))) == len(DUMP_FORMATS) == len(written.dumps)


def test_shapes_refuse_a_broken_description(written: Catalog, project: Project) -> None:
    broken = Graph()
    for triple in written.description:
        broken.add(triple)
    dist = next(iter(sorted(broken.objects(URIRef(written.dataset), DCAT.distribution))))
    broken.remove((dist, DCAT.byteSize, None))
    checksum = broken.value(dist, SPDX.checksum)
    broken.set((checksum, SPDX.checksumValue, Literal("abcd", datatype=XSD.hexBinary)))
    with pytest.raises(ValidationFailed, match=r"^the catalogue does not validate: .*\(and 1 more\)$") as caught:
        validate_catalog(broken, project)
    problems = caught.value.report
    assert isinstance(problems, list) and {p.path for p in problems} == {
        "<http://www.w3.org/ns/dcat#byteSize>",
        "<http://spdx.org/rdf/terms#checksumValue>",
    }


def test_checksums_and_sizes_match_the_files(written: Catalog) -> None:
    g = written.description
    sums = {}
    for line in (written.directory / SUMS_FILE).read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    assert sorted(sums) == sorted(d.name for d in written.dumps)
    for dist in g.objects(URIRef(written.dataset), DCAT.distribution):
        url = str(g.value(dist, DCAT.downloadURL))
        assert url.startswith("https://w3id.org/okg/download/")
        path = written.directory / url.rsplit("/", 1)[1]
        data = path.read_bytes()
        assert int(g.value(dist, DCAT.byteSize)) == len(data)
        digest = hashlib.sha256(data).hexdigest()
        assert str(g.value(g.value(dist, SPDX.checksum), SPDX.checksumValue)) == digest == sums[path.name]
        fmt = next(f for f in EXPORT_FORMATS.values() if path.suffix == f.extension)
        assert str(g.value(dist, DCAT.mediaType)).endswith("/" + fmt.media_type)


@pytest.mark.parametrize("fmt", DUMP_FORMATS)
def test_every_dump_holds_the_graph_and_void_counts_it(written: Catalog, kg: KnowledgeGraph, fmt: str) -> None:
    dump = next(d for d in written.dumps if d.format.name == fmt)
    union = _union(dump.path, fmt)
    stats = written.statistics
    assert len(union) == stats.triples
    assert stats.entities == len({s for s in union.subjects() if str(s).startswith(stats.uri_space)})
    assert stats.classes[str(OKG.QuantitativeClaim)] == len(set(union.subjects(RDF.type, OKG.QuantitativeClaim)))
    assert stats.properties == {str(p): len(list(union.triples((None, p, None)))) for p in sorted(set(union.predicates()))}
    g = written.description
    assert g.value(URIRef(written.dataset), VOID.triples) == Literal(stats.triples)


def test_void_partitions_and_subsets_add_up(written: Catalog, project: Project) -> None:
    g = written.description
    ds = URIRef(written.dataset)
    per_property = sum(int(g.value(p, VOID.triples)) for p in g.objects(ds, VOID.propertyPartition))
    assert per_property == written.statistics.triples
    classes = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}
    assert classes == written.statistics.classes
    trig = Dataset().parse(project.build_dir / "okg.trig", format="trig")
    subsets = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(ds, VOID.subset)}
    assert subsets == {str(c.identifier): len(c) for c in trig.graphs() if len(c) and isinstance(c.identifier, URIRef)}


def test_coverage_and_sources_come_from_the_graph(written: Catalog, project: Project) -> None:
    from rdflib.namespace import DCTERMS

    trig = Dataset().parse(project.build_dir / "okg.trig", format="trig")
    trig.default_union = True
    ontology = URIRef(project.graph_iri("ontology"))
    dates = {
        o for s, p, o, c in trig.quads((None, None, None, None)) if c != ontology and isinstance(o, Literal) and o.datatype in DATE_TYPES
    }
    g = written.description
    period = g.value(URIRef(written.dataset), DCTERMS.temporal)
    start, end = g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)
    assert start in dates and end in dates
    assert all(str(start)[:4] <= str(d)[:4] <= str(end)[:4] for d in dates)
    docs = set(trig.subjects(RDF.type, OKG.SourceDocument))
    assert set(g.objects(URIRef(written.dataset), DCTERMS.source)) == docs
    doc_graphs = {c for c, _, d in trig.triples((None, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)) if d in docs}
    named = {
        t
        for c in doc_graphs
        for s, p, o in trig.graph(c)
        for t in (s, o)
        if isinstance(t, URIRef) and str(t).startswith(project.base + "id/place/")
    }
    assert set(g.objects(URIRef(written.dataset), DCTERMS.spatial)) == named and named


def test_same_graph_gives_the_same_bytes(written: Catalog, kg: KnowledgeGraph, tmp_path: Path, project: Project) -> None:
    again = write_catalog(kg, tmp_path / "again", sparql_endpoint="https://example.org/okg/sparql")
    for path in written.files:
        assert (again.directory / path.name).read_bytes() == path.read_bytes(), path.name
    # Another process with another hash seed (rdflib's writers once ordered by hash): the same bytes.
    env = {**os.environ, "PYTHONHASHSEED": "4242", "OKG_STORE": ""}
    env.pop("OKG_STORE")
    okg = Path(sys.executable).with_name("okg")
    args = [str(okg), "catalog", "-o", str(tmp_path / "seed"), "--sparql-endpoint", "https://example.org/okg/sparql"]
    done = subprocess.run([*args, "--project", str(project.root)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for path in written.files:
        assert (tmp_path / "seed" / path.name).read_bytes() == path.read_bytes(), path.name


def test_schema_org_dataset_for_an_index_page(written: Catalog) -> None:
    data = schema_org_dataset(written)
    json.dumps(data)  # serialisable as it is
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    downloads = {d["contentUrl"]: d for d in data["distribution"] if "sha256" in d}
    assert {d.url for d in written.dumps} == set(downloads)
    for dump in written.dumps:
        assert downloads[dump.url]["sha256"] == dump.sha256 and downloads[dump.url]["encodingFormat"] == dump.format.media_type
    g = written.description
    from rdflib.namespace import DCTERMS

    period = g.value(URIRef(written.dataset), DCTERMS.temporal)
    assert data["temporalCoverage"] == f"{g.value(period, DCAT.startDate)}/{g.value(period, DCAT.endDate)}"
    assert {p["@id"] for p in data["spatialCoverage"]} == {str(o) for o in g.objects(URIRef(written.dataset), DCTERMS.spatial)}
    assert schema_org_dataset(written, lang="fr")["name"] != data["name"]
    with pytest.raises(KGError, match="holds no dataset"):
        schema_org_dataset(Graph())


def test_okg_catalog_writes_the_folder(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "dl"
    result = runner.invoke(main, ["catalog", "-o", str(out), "--base", "https://example.org/d", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(DUMP_FORMATS) + 1
    assert lines[0].startswith(f"wrote {out / 'okg.ttl'} (Turtle, ")
    assert lines[-1].startswith(f"wrote {out / 'catalog.ttl'}, catalog.jsonld, SHA256SUMS: ")
    text = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "<https://example.org/d/okg.nt>" in text and "sparqlEndpoint" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "ftp://example.org/"], "Error: download base URL 'ftp://example.org/' is not an http(s) URL; give one such as"),
        (["--license", "CC-BY"], "Error: licence 'CC-BY' is not an http(s) URL;"),
    ],
)
def test_okg_catalog_bad_input_is_one_line(runner: CliRunner, project: Project, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["catalog", "-o", str(tmp_path / "x"), *args, "--project", str(project.root)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith(message), result.output


def test_okg_catalog_into_a_file_is_one_line(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = runner.invoke(main, ["catalog", "-o", str(target), "--project", str(project.root)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "is a file" in result.output
