"""Namespaces, IRI minting and project paths: the names every stage agrees on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

OKG = Namespace("https://w3id.org/okg/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

DEFAULT_BASE = "https://w3id.org/okg/"

#: Prefixes bound in every serialisation (and offered to SPARQL queries).
PREFIXES: dict[str, Any] = {
    "okg": OKG,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "oa": OA,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

__all__ = ["DEFAULT_BASE", "OA", "OKG", "ORG", "PREFIXES", "SCHEMA", "SH", "TIME", "VANN", "WD", "Project", "find_root"]


def find_root(start: Path | None = None) -> Path:
    """The project folder: $OKG_HOME, else the nearest parent holding ontology/okg.ttl, else the checkout this package sits in."""
    env = os.environ.get("OKG_HOME")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "okg.ttl").is_file() and (folder / "graph").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """Where the editable sources and the build live, and the base IRI things are minted under."""

    root: Path
    base: str = DEFAULT_BASE
    #: Build only the claims a reviewer accepted or edited (`okg review`); $OKG_REVIEWED_ONLY=1 sets it.
    reviewed_only: bool = False

    @classmethod
    def default(cls, root: str | Path | None = None, base: str | None = None) -> Project:
        base = base or os.environ.get("OKG_BASE_IRI") or DEFAULT_BASE
        if not base.endswith("/"):
            base += "/"
        reviewed_only = os.environ.get("OKG_REVIEWED_ONLY", "").strip().lower() in {"1", "true", "yes"}
        return cls(Path(root).resolve() if root else find_root(), base, reviewed_only)

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def sources_dir(self) -> Path:
        return self.root / "graph" / "sources"

    @property
    def reference_dir(self) -> Path:
        return self.root / "graph" / "reference"

    @property
    def build_dir(self) -> Path:
        return self.root / "graph" / "build"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @cached_property
    def ns(self) -> Namespace:
        return Namespace(self.base)

    def thing(self, ref: str) -> str:
        """IRI of an entity from its `kind/slug` reference."""
        return f"{self.base}id/{ref}"

    def graph_iri(self, name: str) -> str:
        return f"{self.base}graph/{name}"


def shorten(iri: str, base: str = DEFAULT_BASE) -> str:
    """A prefixed name for display (`id:org/intelcia`, `okg:revenue`); other IRIs are returned unchanged."""
    for prefix, ns in (("id", base + "id/"), *PREFIXES.items()):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri
