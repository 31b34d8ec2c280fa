"""Benchmark of the graph views at 100, 2,000 and 10,000 nodes: projection, HTML generation, page size.

A synthetic graph in the project's data model (entities with fr/en labels, claims with quoted evidence,
truthy triples, and the real ontology) is projected with projection.to_networkx and rendered with
views.render_html. The baseline, measured in the same run, is pyvis's own path for the same nodes and
edges: Network(directed=True).from_nx(...) then generate_html() (pyvis 0.3.2, CDN resources: its
smallest page). `to_pyvis` (the view as a pyvis Network, filled in bulk) is timed against pyvis's
`from_nx` alone on the same graph; the static figure (`figures.figure`, then PNG bytes) up to 1,000 nodes.
With --browser, each page is also opened in headless Chromium (network blocked), --runs
times: the time until the page is usable (drawn, laid out, physics off) and the longest time the page went
without an animation frame until then (requestAnimationFrame timestamps from the page's start), median of
the runs and worst run, against the targets (10 s, 200 ms). `--docs docs/views.md` rewrites the table between
the markers `<!-- bench/views_bench.py: begin -->` and `<!-- bench/views_bench.py: end -->` of that page.

    .venv/bin/python bench/views_bench.py [--sizes 100,2000,10000] [--browser] [--runs 3] [--docs docs/views.md]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _docs import replace_between
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from outsourcing_kg.outputs import figures, projection, views
from outsourcing_kg.project import OA, OKG, Project

CLASSES = ["Company", "Federation", "Person", "Post", "Sector", "Segment", "City", "Country", "Project", "Talk"]
BEGIN, END = "<!-- bench/views_bench.py: begin -->", "<!-- bench/views_bench.py: end -->"
RELATIONS = ["launched", "locatedIn", "speaker", "topic", "expandingIn", "adaptedTo"]


def synthetic_dataset(n: int, project: Project) -> Dataset:
    """n nodes: a source document and n - 1 entities with 2 relations each, the first backed by a claim with an
    evidence quote, the second a plain triple."""
    ds = Dataset(default_union=True)
    onto = ds.graph(URIRef(project.graph_iri("ontology")))
    onto.parse(project.ontology_dir / "okg.ttl", format="turtle")
    g = ds.graph(URIRef(project.graph_iri("bench")))
    doc = URIRef(project.thing("document/bench"))
    g.add((doc, RDF.type, OKG.SourceDocument))
    g.add((doc, RDFS.label, Literal("Synthetic article", lang="fr")))
    nodes = [URIRef(project.thing(f"x/e{i}")) for i in range(n - 1)]
    n = len(nodes)
    for i, node in enumerate(nodes):
        g.add((node, RDF.type, OKG[CLASSES[i % len(CLASSES)]]))
        g.add((node, RDFS.label, Literal(f"entité numéro {i}", lang="fr")))
        g.add((node, RDFS.label, Literal(f"entity number {i}", lang="en")))
    for i, node in enumerate(nodes):
        for j, target in enumerate((nodes[(i + 1) % n], nodes[(i * 7 + 3) % n])):
            prop = OKG[RELATIONS[(i + j) % len(RELATIONS)]]
            g.add((node, prop, target))
            if j == 0:
                claim = URIRef(project.thing(f"claim/bench/c{i}"))
                evidence, quote = URIRef(f"{claim}/evidence/1"), URIRef(f"{claim}/evidence/1/quote")
                g.add((claim, RDF.type, OKG.QualitativeClaim))
                for p, o in ((OKG.subject, node), (OKG.predicate, prop), (OKG.object, target), (OKG.source, doc), (OKG.claimant, doc)):
                    g.add((claim, p, o))
                g.add((claim, OKG.evidence, evidence))
                g.add((evidence, OA.hasSelector, quote))
                g.add((quote, OA.exact, Literal(f"l'entité {i} est liée à l'entité {(i + 1) % n}, selon l'article")))
        if i % 3 == 0:
            claim = URIRef(project.thing(f"claim/bench/f{i}"))
            g.add((claim, RDF.type, OKG.QuantitativeClaim))
            value = Literal(f"{1000 * i}.0", datatype=XSD.decimal)
            for p, o in ((OKG.subject, node), (OKG.predicate, OKG.employment), (OKG.object, value), (OKG.unit, OKG.jobs)):
                g.add((claim, p, o))
            g.add((node, OKG.employment, value))
    return ds


def pyvis_baseline(graph: Any) -> tuple[float, int, float]:
    """pyvis's path for the same nodes and edges (plain attributes, directed so no edge is dropped): the time of
    from_nx + generate_html, the page's size, and the time of from_nx alone."""
    import networkx as nx
    from pyvis.network import Network

    simple = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        simple.add_node(node, label=data["label"], title=data["class_label"])
    for u, v, data in graph.edges(data=True):
        simple.add_edge(u, v, label=data["label"], title=" | ".join(data.get("quotes", [])))
    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="remote")
    net.from_nx(simple)
    filled = time.perf_counter() - start
    page = net.generate_html()
    return time.perf_counter() - start, len(page.encode("utf-8")), filled


# Records every animation frame and the moment the page is ready (the same script as tests/test_views_browser.py).
FRAMES = """
window.okgFrames = [];
(function frame(t) { window.okgFrames.push(performance.now()); requestAnimationFrame(frame); })();
new MutationObserver(function () {
  if (document.body && document.body.getAttribute("data-state") === "ready" && !window.okgReady) { window.okgReady = performance.now(); }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state"]});
"""


def browser_runs(path: Path, runs: int) -> list[tuple[float, float]]:
    """(seconds until usable, longest gap between frames in ms until then) for each of `runs` loads of the page."""
    from playwright.sync_api import sync_playwright

    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[*args, "--disable-sync", "--no-first-run"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.add_init_script(FRAMES)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-state=ready]", state="attached", timeout=300_000)
            page.wait_for_timeout(300)
            frames, ready = page.evaluate("[okgFrames, okgReady]")
            shown = frames[: next(i for i, t in enumerate(frames) if t > ready) + 1]
            out.append((ready / 1000, max(b - a for a, b in itertools.pairwise(shown))))
            page.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,2000,10000", help="comma-separated node counts (default: 100,2000,10000)")
    parser.add_argument("--browser", action="store_true", help="also open each page in headless Chromium: usable after, longest frame gap")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size with --browser (default: 3)")
    parser.add_argument("--docs", type=Path, metavar="PAGE", help="rewrite the table between the bench markers of PAGE (docs/views.md)")
    args = parser.parse_args()
    project = Project.default()
    columns = [("nodes", 6), ("edges", 6), ("project s", 9), ("render s", 9), ("html MB", 8), ("pyvis s", 8), ("pyvis MB", 8)]
    columns += [("render/pyvis", 12), ("to_pyvis s", 10), ("from_nx s", 9), ("figure s", 8)]
    header = " ".join(f"{name:>{width}}" for name, width in columns)
    print(header + (f" {'usable s':>8} {'worst s':>7} {'gap ms':>6} {'worst ms':>8}" if args.browser else ""))
    rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            ds = synthetic_dataset(n, project)
            start = time.perf_counter()
            graph = projection.to_networkx(ds)
            projected = time.perf_counter() - start
            start = time.perf_counter()
            page = views.render_html(graph)
            rendered = time.perf_counter() - start
            size = len(page.encode("utf-8"))
            base_time, base_size, from_nx = pyvis_baseline(graph)
            start = time.perf_counter()
            views.to_pyvis(graph)
            to_pyvis = time.perf_counter() - start
            figure: float | None = None
            if graph.number_of_nodes() <= 1000:
                start = time.perf_counter()
                figures.figure_bytes(figures.figure(graph), "png")
                figure = time.perf_counter() - start
            row: dict[str, Any] = {
                "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "project": projected, "render": rendered,
                "size": size, "pyvis": base_time, "pyvis_size": base_size, "to_pyvis": to_pyvis, "from_nx": from_nx, "figure": figure,
            }  # fmt: skip
            line = (
                f"{row['nodes']:>6} {row['edges']:>6} {projected:>9.2f} {rendered:>9.3f} {size / 1e6:>8.2f}"
                f" {base_time:>8.3f} {base_size / 1e6:>8.2f} {rendered / base_time:>12.2f} {to_pyvis:>10.3f} {from_nx:>9.3f}"
                f" {'-' if figure is None else f'{figure:.2f}':>8}"
            )
            if args.browser:
                path = Path(tmp) / f"view-{n}.html"
                path.write_text(page, encoding="utf-8")
                runs = browser_runs(path, args.runs)
                usable, gaps = [r[0] for r in runs], [r[1] for r in runs]
                row["usable"], row["gap"] = (statistics.median(usable), max(usable)), (statistics.median(gaps), max(gaps))
                line += f" {row['usable'][0]:>8.2f} {row['usable'][1]:>7.2f} {row['gap'][0]:>6.0f} {row['gap'][1]:>8.0f}"
            rows.append(row)
            print(line, flush=True)
    if args.browser:
        print(f"targets: usable within 10 s, no gap between frames of 200 ms or more ({args.runs} loads a size: median, worst)")
    if args.docs:
        command = shlex.join([".venv/bin/python", "bench/views_bench.py", *sys.argv[1:]])
        write_docs(args.docs, markdown(rows, args, command, (load_before, os.getloadavg())))
        print(f"wrote the table into {args.docs}")


def _seconds(value: float | None) -> str:
    if value is None:
        return "not run"
    return f"{value:.3f} s" if value < 0.1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def markdown(rows: list[dict[str, Any]], args: argparse.Namespace, command: str, load: tuple[tuple[float, ...], ...]) -> str:
    """The docs' table of a run: one row a size, with the pyvis baselines measured in the same run."""
    head = ["nodes", "edges", "projection (RDF → networkx)", "HTML generation", "HTML size", "pyvis `from_nx` + HTML", "pyvis page"]
    head += ["`to_pyvis`", "pyvis `from_nx` alone", "figure (PNG)"]
    if args.browser:
        head += ["usable, median (worst)", "longest gap, median (worst)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        cells = [f"{r['nodes']:,}", f"{r['edges']:,}", _seconds(r["project"]), _seconds(r["render"]), f"{r['size'] / 1e6:.2f} MB"]
        cells += [_seconds(r["pyvis"]), f"{r['pyvis_size'] / 1e6:.2f} MB"]
        cells += [_seconds(r["to_pyvis"]), _seconds(r["from_nx"]), _seconds(r["figure"])]
        if args.browser:
            cells += [f"{_seconds(r['usable'][0])} ({_seconds(r['usable'][1])})", f"{r['gap'][0]:.0f} ms ({r['gap'][1]:.0f} ms)"]
        lines.append("| " + " | ".join(cells) + " |")
    (before, after) = load
    runs = f", {args.runs} page loads a size" if args.browser else ""
    note = (
        f"\nProduced by `{command}`{runs}; load average {before[0]:.2f} before the run and {after[0]:.2f} after it"
        " (1-minute figures, 2 cores). HTML generation includes the layout (igraph for views above 1,000 nodes); the first"
        " view in a process also pays igraph's import.\n"
    )
    return "\n".join(lines) + "\n" + note


def write_docs(page: Path, table: str) -> None:
    replace_between(page, BEGIN, END, table)


if __name__ == "__main__":
    main()
