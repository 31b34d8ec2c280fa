"""Check a graph against the SHACL shapes and every quote against its text, with a report a curator can act on."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import ValidationFailed
from ..io import read_turtle
from ..project import OA, OKG, PREFIXES, SH, Project
from .serialise import union_graph

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


def shapes_graph(project: Project) -> Graph:
    """The SHACL shapes of the ontology (ontology/shapes.ttl)."""
    return read_turtle(project.ontology_dir / "shapes.ttl")


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


def shacl_problems(data: Graph, shapes: Graph) -> list[Problem]:
    """Run pySHACL (no inference, SHACL-SPARQL on) and return its results as sorted, de-duplicated Problems."""
    import pyshacl  # heavy: imported when validation runs

    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False, abort_on_first=False
    )
    problems: list[Problem] = []
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
            problems.append(problem)
    problems.sort(key=lambda p: (p.focus, p.path, p.message))
    return problems


def validate_dataset(ds: Dataset | Graph, project: Project | None = None) -> Report:
    """Run pySHACL with the project's shapes over the union graph, then check the quotes."""
    project = project or Project.default()
    data = union_graph(ds)
    report = Report(triples=len(data))
    report.problems = shacl_problems(data, shapes_graph(project))
    quote_problems, report.evidence_checked = check_quotes(data)
    report.problems.extend(quote_problems)
    return report
