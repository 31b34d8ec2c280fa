"""HTML documentation of the ontology, generated with pyLODE into ontology/docs/."""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph, Literal

from ..errors import KGError
from ..io import read_turtle, write_files
from ..project import Project


def _one_language(graph: Graph, lang: str) -> Graph:
    """Keep, for each subject and property, only the literals in `lang` where there is one.

    pyLODE joins every rdfs:label into one heading ("companyentreprise") and picks one title among several in
    hash order (the page changed with PYTHONHASHSEED); one language per page fixes both.
    """
    out = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, replace=True)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language not in (None, lang):
            if any(isinstance(x, Literal) and x.language == lang for x in graph.objects(s, p)):
                continue
        out.add((s, p, o))
    return out


def render_html(project: Project, lang: str = "en") -> str:
    """The ontology as one self-contained HTML page (CSS inlined, no remote resources).

    pyLODE 3.3.4 walks Python sets, so its page depends on the hash seed (measured: five seeds, five pages);
    it runs in a child interpreter with PYTHONHASHSEED=0 so that `okg docs` is reproducible.
    """
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": "0"}
    code = "import sys; from outsourcing_kg.outputs.ontology_docs import _render; sys.stdout.write(_render(sys.argv[1], sys.argv[2]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(project.root), lang], env=env, capture_output=True, check=False, encoding="utf-8"
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["pyLODE failed"])[-1]
        raise KGError(f"ontology documentation failed: {last}")
    return done.stdout


def _render(root: str, lang: str) -> str:
    project = Project.default(root)
    level = logging.getLogger().level
    from pylode import OntPub  # pyLODE sets the root logger to DEBUG on import; restore it

    logging.getLogger().setLevel(level)
    ontology = _one_language(_without_borrowed_declarations(read_turtle(project.ontology_dir / "okg.ttl")), lang)
    return str(OntPub(ontology=ontology).make_html())


def _without_borrowed_declarations(graph: Graph) -> Graph:
    """Drop the bare declarations of other vocabularies' terms (`schema:Event a owl:Class .`).

    They are in okg.ttl for OWL 2 DL, but pyLODE documents every declared term as the ontology's own, with an empty
    entry each; the pages still show them wherever the ontology's own terms point at them.
    """
    from rdflib.namespace import RDF

    from ..project import OKG

    out = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, replace=True)
    for s, p, o in graph:
        if p == RDF.type and not str(s).startswith(str(OKG)) and len(list(graph.predicate_objects(s))) == 1:
            continue
        out.add((s, p, o))
    return out


def write_docs(project: Project | None = None, output: Path | None = None) -> list[Path]:
    """Write index.html (English labels) and fr.html (French labels); returns the paths written."""
    project = project or Project.default()
    folder = output or project.ontology_dir / "docs"
    files = {
        folder / "index.html": render_html(project, "en").encode("utf-8"),
        folder / "fr.html": render_html(project, "fr").encode("utf-8"),
    }
    write_files(files)
    return list(files)
