"""Check a graph against the SHACL shapes and every quote against its text, with a report a curator can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import SourceError, ValidationFailed
from .ontology import OA, OKG, PREFIXES, SH, Project

_FIXES = {
    "MinCountConstraintComponent": "add the missing value",
    "MaxCountConstraintComponent": "keep only one value",
    "DatatypeConstraintComponent": "give the value the expected datatype",
    "ClassConstraintComponent": "point to an entity of the expected type",
    "QualifiedMinCountConstraintComponent": "add the missing value",
    "QualifiedMaxCountConstraintComponent": "remove the extra value",
    "PatternConstraintComponent": "fix the value's format",
    "SPARQLConstraintComponent": "fix the data the message names",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong: which node, which shape, what is wrong, what to do."""

    focus: str
    message: str
    shape: str = ""
    path: str = ""
    value: str = ""
    fix: str = ""

    def line(self) -> str:
        parts = [self.focus]
        if self.path:
            parts.append(f"path {self.path}")
        text = f"{' | '.join(parts)}: {self.message}"
        if self.value:
            text += f" (value {self.value})"
        if self.shape:
            text += f" [shape {self.shape}]"
        if self.fix:
            text += f"; {self.fix}"
        return text


@dataclass
class Report:
    """The outcome of validation; `conforms` is False when there is any problem."""

    problems: list[Problem] = field(default_factory=list)
    triples: int = 0
    evidence_checked: int = 0

    @property
    def conforms(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples, {self.evidence_checked} quotes match their offsets"
        lines = [f"{len(self.problems)} problem(s) in {self.triples} triples:"]
        lines += [f"  - {p.line()}" for p in self.problems]
        return "\n".join(lines)

    def raise_for_problems(self) -> None:
        if not self.conforms:
            first = self.problems[0].line()
            more = f" (and {len(self.problems) - 1} more; run `okg validate` for all)" if len(self.problems) > 1 else ""
            raise ValidationFailed(f"the graph does not validate: {first}{more}", report=self)


def _short(node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        for prefix, ns in (("id", "https://w3id.org/okg/id/"), ("okgsh", "https://w3id.org/okg/shapes#"), *PREFIXES.items()):
            if str(node).startswith(str(ns)):
                return f"{prefix}:{str(node)[len(str(ns)) :]}"
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) < 60 else text[:57] + "...")
    return "[blank node]"


def union_graph(ds: Dataset | Graph) -> Graph:
    """All triples of a dataset in one graph (what SHACL targets and SPARQL paths need)."""
    if not isinstance(ds, Dataset):
        return ds
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def shapes_graph(project: Project) -> Graph:
    path = project.ontology_dir / "shapes.ttl"
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError:
        raise SourceError("file not found", path=path) from None
    except Exception as exc:
        raise SourceError(f"not valid Turtle: {str(exc).splitlines()[0]}", path=path) from None
    return g


def check_quotes(graph: Graph) -> tuple[list[Problem], int]:
    """Every selector's quote equals the text at its offsets, and prefix/suffix surround it."""
    problems: list[Problem] = []
    checked = 0
    texts: dict[Node, str] = {}
    for evidence in sorted(set(graph.subjects(RDF.type, OKG.Evidence)), key=str):
        focus = _short(evidence, graph)
        doc = graph.value(evidence, OA.hasSource)
        if doc is None:
            continue  # the shapes report the missing source
        if doc not in texts:
            body = graph.value(doc, OKG.text)
            if body is None:
                problems.append(Problem(focus, "its source document has no okg:text to check the quote against", fix="add the text"))
                continue
            texts[doc] = str(body)
        text = texts[doc]
        found: dict[Node, Node] = {}
        for selector in graph.objects(evidence, OA.hasSelector):
            for prop in (OA.exact, OA.prefix, OA.suffix, OA.start, OA.end):
                value = graph.value(selector, prop)
                if value is not None:
                    found[prop] = value
        if not {OA.exact, OA.start, OA.end} <= found.keys():
            continue  # the shapes report the missing selector
        checked += 1
        exact = str(found[OA.exact])
        try:
            s, e = int(str(found[OA.start])), int(str(found[OA.end]))
        except ValueError:
            continue  # the shapes report the datatype
        if text[s:e] != exact:
            there = _short(Literal(text[s:e]), graph)
            problems.append(
                Problem(
                    focus,
                    f"quote {_short(Literal(exact), graph)} is not the text at offsets {s}-{e} (the text there is {there})",
                    fix="rebuild from the annotation file",
                )
            )
        elif OA.prefix in found and not text[:s].endswith(str(found[OA.prefix])):
            problems.append(Problem(focus, "oa:prefix does not precede the quote in the text", fix="rebuild"))
        elif OA.suffix in found and not text[e:].startswith(str(found[OA.suffix])):
            problems.append(Problem(focus, "oa:suffix does not follow the quote in the text", fix="rebuild"))
    return problems, checked


def validate_dataset(ds: Dataset | Graph, project: Project | None = None) -> Report:
    """Run pySHACL with the project's shapes over the union graph, then check the quotes."""
    import pyshacl  # heavy: imported when validation runs

    project = project or Project.default()
    data = union_graph(ds)
    shapes = shapes_graph(project)
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False, abort_on_first=False
    )
    report = Report(triples=len(data))
    seen = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        component = results.value(result, SH.sourceConstraintComponent)
        kind = str(component).rsplit("#", 1)[-1] if component else ""
        problem = Problem(
            focus=_short(results.value(result, SH.focusNode), data),
            path=_short(results.value(result, SH.resultPath), data),
            shape=_short(results.value(result, SH.sourceShape), data) if isinstance(results.value(result, SH.sourceShape), URIRef) else "",
            message=str(results.value(result, SH.resultMessage) or kind),
            value=_short(value, data) if (value := results.value(result, SH.value)) != results.value(result, SH.focusNode) else "",
            fix=_FIXES.get(kind, ""),
        )
        if problem not in seen:
            seen.add(problem)
            report.problems.append(problem)
    report.problems.sort(key=lambda p: (p.focus, p.path, p.message))
    quote_problems, report.evidence_checked = check_quotes(data)
    report.problems.extend(quote_problems)
    return report


def load_rdf(path: Path) -> Dataset:
    """Parse an RDF file of any format rdflib reads into a Dataset; a bad file gives one line."""
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "turtle"
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except FileNotFoundError:
        raise SourceError("file not found", path=path) from None
    except Exception as exc:
        raise SourceError(f"cannot read as {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", path=path) from None
    return ds


def validate(target: str | Path | Dataset | Graph | None = None, project: Project | None = None) -> Report:
    """Validate the graph compiled from the sources (default), an RDF file, or a graph you hold."""
    project = project or Project.default()
    if target is None:
        from .build import compile_dataset

        return validate_dataset(compile_dataset(project), project)
    if isinstance(target, (Dataset, Graph)):
        return validate_dataset(target, project)
    return validate_dataset(load_rdf(Path(target)), project)
