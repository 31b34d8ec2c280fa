"""HTML documentation of the ontology, generated with pyLODE into ontology/docs/."""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from .build import _parse_turtle, write_atomic
from .ontology import Project


def _one_language(graph: Graph, lang: str) -> Graph:
    """pyLODE joins every rdfs:label into one heading ("companyentreprise"): keep the labels in `lang` where there is one."""
    out = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, replace=True)
    for s, p, o in graph:
        if p == RDFS.label and isinstance(o, Literal) and o.language not in (None, lang):
            if any(isinstance(x, Literal) and x.language == lang for x in graph.objects(s, RDFS.label)):
                continue
        out.add((s, p, o))
    return out


def render_html(project: Project, lang: str = "en") -> str:
    """The ontology as one self-contained HTML page (CSS inlined, no remote resources)."""
    level = logging.getLogger().level
    from pylode import OntPub  # pyLODE sets the root logger to DEBUG on import; restore it

    logging.getLogger().setLevel(level)
    ontology = _one_language(_parse_turtle(project.ontology_dir / "okg.ttl"), lang)
    return str(OntPub(ontology=ontology).make_html())


def write_docs(project: Project | None = None, output: Path | None = None) -> list[Path]:
    """Write index.html (English labels) and fr.html (French labels); returns the paths written."""
    project = project or Project.default()
    folder = output or project.ontology_dir / "docs"
    files = {
        folder / "index.html": render_html(project, "en").encode("utf-8"),
        folder / "fr.html": render_html(project, "fr").encode("utf-8"),
    }
    write_atomic(files)
    return list(files)
