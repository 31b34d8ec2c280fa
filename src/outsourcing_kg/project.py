"""Namespaces, IRI minting and project paths: the names every stage agrees on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Namespace

    OKG: Namespace
    SCHEMA: Namespace
    ORG: Namespace
    OA: Namespace
    TIME: Namespace
    VANN: Namespace
    SH: Namespace
    WD: Namespace

DEFAULT_BASE = "https://w3id.org/okg/"

#: Prefixes bound in every serialisation (and offered to SPARQL queries), as plain IRI strings: reading them must not
#: import rdflib (about 0.1 s, three times the start of `python -c "import click"`), which a query on the Oxigraph
#: engine never needs.
PREFIXES: dict[str, str] = {
    "okg": "https://w3id.org/okg/ontology#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}

#: The rdflib Namespace objects (`OKG.Claim`), made on first use from these IRIs (see `__getattr__`).
_NAMESPACES = {
    "OKG": PREFIXES["okg"],
    "SCHEMA": PREFIXES["schema"],
    "ORG": PREFIXES["org"],
    "OA": PREFIXES["oa"],
    "TIME": PREFIXES["time"],
    "VANN": "http://purl.org/vocab/vann/",
    "SH": "http://www.w3.org/ns/shacl#",
    "WD": PREFIXES["wd"],
}


def __getattr__(name: str) -> Any:
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(_NAMESPACES[name])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        from rdflib import Namespace

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
