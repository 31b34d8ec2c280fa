"""The HTML view: a self-contained page drawn with vis-network (the copy pyvis ships), inlined with its CSS.

It opens from ``file://`` with no network, and article text reaches the page only as JSON data that the page's
script turns into DOM text nodes (never HTML).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io import write_file
from ..project import Project

if TYPE_CHECKING:
    import networkx as nx
from .projection import CLAIM_FAMILY, NODE_FAMILIES, UI, GraphSource, ViewError, _as_graph, _check_lang, select, to_networkx

#: Above this many nodes the view warns, draws straight unlabelled edges and stops physics after a bounded layout.
LARGE_GRAPH = 1000
#: Layout iterations before physics is turned off: at most 600 (120 above LARGE_GRAPH), and fewer as the graph
#: grows, within a budget of node-iterations (measured: 0.2-0.3 s an iteration at 10,000 nodes in headless Chromium).
STABILISATION_ITERATIONS = 600
LARGE_STABILISATION_ITERATIONS = 120
LARGE_STABILISATION_BUDGET = 300_000
_TEMPLATES = Path(__file__).with_name("templates")


# --------------------------------------------------------------------------
# HTML view
# --------------------------------------------------------------------------


def _asset(*parts: str) -> str:
    """A file pyvis ships (vis-network), found without importing pyvis (which imports IPython)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ViewError("pyvis is not installed; `pip install pyvis` (it ships vis-network, which the view inlines)")
    path = Path(next(iter(spec.submodule_search_locations)), "templates", "lib", "vis-9.1.2", *parts)
    return path.read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _truncate(text: str, limit: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_tip(node: str, data: dict[str, Any], ui: dict[str, str], max_facts: int = 12) -> dict[str, Any]:
    lines = [[ui["id"], node]]
    if data.get("aliases"):
        lines.append([ui["aliases"], ", ".join(data["aliases"])])
    if data.get("wikidata"):
        lines.append([ui["wikidata"], data["wikidata"]])
    for key, value in sorted(data.items()):
        if key not in _NODE_KEYS and isinstance(value, str):
            lines.append([key, value])
    if data.get("documents"):
        lines.append([ui["documents"], ", ".join(data["documents"])])
    facts = [[f["text"], f.get("claimant", ""), f["quotes"][:2]] for f in data.get("facts", [])]
    if len(facts) > max_facts:
        facts = [*facts[:max_facts], [ui["more"].format(n=len(facts) - max_facts), "", []]]
    quotes = list(dict.fromkeys([*data.get("mentions", []), *data.get("quotes", [])]))[:4]
    heading = ui["quotes"] if data.get("quotes") else ui["mentions"]
    tip = {"title": data["label"], "subtitle": data["class_label"], "lines": lines, "facts": facts, "quotes": quotes}
    tip["quotes_heading"] = heading
    return tip


_NODE_KEYS = {"label", "class", "class_label", "family", "iri", "aliases", "wikidata", "mentions", "documents", "facts", "quotes"}


def _edge_tip(u: str, v: str, data: dict[str, Any], graph: nx.MultiDiGraph, ui: dict[str, str]) -> dict[str, Any]:
    lines = [[ui["said_by"], c.removeprefix(ui["said_by"] + " ")] for c in data.get("claimants", [])]
    if not data.get("quotes") and "reference" in data.get("graphs", []):
        lines.append(["", ui["reference"]])
    return {
        "title": f"{graph.nodes[u]['label']} → {data['label']} → {graph.nodes[v]['label']}",
        "subtitle": data.get("relation", ""),
        "lines": lines,
        "facts": [],
        "quotes": data.get("quotes", [])[:4],
    }


def stabilisation_iterations(nodes: int) -> int:
    """Layout iterations before physics stops: up to 600, fewer as the graph grows (a budget of node-iterations),
    at most 120 for a large graph and never under 20."""
    cap = LARGE_STABILISATION_ITERATIONS if nodes > LARGE_GRAPH else STABILISATION_ITERATIONS
    return max(20, min(cap, LARGE_STABILISATION_BUDGET // max(nodes, 1)))


def _spiral_positions(graph: nx.MultiDiGraph, order: list[str], spacing: float = 40.0) -> list[tuple[float, float]]:
    """Starting positions for a large graph, so that a short layout still shows structure: nodes in breadth-first order
    (component after component) along a sunflower spiral, which puts neighbours near each other."""
    import networkx as nx

    undirected = graph.to_undirected(as_view=True)
    sequence: list[str] = []
    seen: set[str] = set()
    for start in order:
        if start not in seen:
            component = [start, *(v for _, v in nx.bfs_edges(undirected, start, sort_neighbors=sorted))]
            seen.update(component)
            sequence.extend(component)
    rank = {node: i for i, node in enumerate(sequence)}
    golden = math.pi * (3 - math.sqrt(5))
    out = []
    for node in order:
        k = rank[node]
        radius = spacing * math.sqrt(k)
        out.append((round(radius * math.cos(k * golden), 1), round(radius * math.sin(k * golden), 1)))
    return out


def _curve(index: int, forward: bool) -> dict[str, Any]:
    """Spread parallel edges between the same two nodes on alternate sides, growing curvature."""
    clockwise = (index % 2 == 0) == forward
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": 0.18 * (index // 2 + 1)}


def _view_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    ui = UI[lang]
    large = graph.number_of_nodes() > LARGE_GRAPH
    classes = graph.graph.get("classes", {})
    degree = dict(graph.degree())
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        style = classes.get(data["class"], {"shape": "dot", "color": "#888888"})
        deg = degree.get(node, 0)
        item: dict[str, Any] = {
            "id": node,
            "label": _truncate(data["label"], 40 if data["family"] == CLAIM_FAMILY else 60),
            "shape": style["shape"],
            "color": {
                "background": style["color"],
                "border": "#333333",
                "highlight": {"background": style["color"], "border": "#000000"},
                "hover": {"background": style["color"], "border": "#000000"},
            },
            "size": round(min(14 + 5 * math.sqrt(deg), 48), 1),
            "tip": _node_tip(node, data, ui),
        }
        if data["family"] == "SourceDocument":
            item["font"] = {"color": "#ffffff", "size": 13, "strokeWidth": 0}
            item["margin"] = 8
        elif data["family"] == CLAIM_FAMILY:
            item["size"] = round(item["size"] * 0.6, 1)
            item["font"] = {"size": 11, "color": "#555555"}
        elif deg >= 6:
            item["font"] = {"size": 17, "bold": True}
        nodes.append(item)
    edges = []
    groups: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, key in sorted(graph.edges(keys=True)):
        groups[frozenset((u, v))].append((u, v, key))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        item = {"id": f"{u}|{key}|{v}", "from": u, "to": v, "tip": _edge_tip(u, v, data, graph, ui)}
        if not large:
            item["label"] = data["label"]
        group = groups[frozenset((u, v))]
        if len(group) > 1 and not large:
            item["smooth"] = _curve(group.index((u, v, key)), u <= v)
        edges.append(item)
    legend = []
    counts = Counter(d["class"] for _, d in graph.nodes(data=True))
    family_order = {f: i for i, f in enumerate((*NODE_FAMILIES, CLAIM_FAMILY))}
    for cls, count in sorted(counts.items(), key=lambda kv: (family_order.get(classes[kv[0]]["family"], 99), kv[0])):
        info = classes[cls]
        legend.append({"label": info["label"], "shape": info["shape"], "color": info["color"], "count": count})
    iterations = stabilisation_iterations(graph.number_of_nodes())
    if large:
        for item, (x, y) in zip(nodes, _spiral_positions(graph, [n["id"] for n in nodes]), strict=True):
            item["x"], item["y"] = x, y
    notes = [ui["large"].format(n=f"{graph.number_of_nodes():,}", iterations=iterations)] if large else []
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": graph.number_of_nodes() <= 300},
        "nodes": {
            "borderWidth": 1,
            "widthConstraint": {"maximum": 170},
            "font": {"size": 14, "face": "DejaVu Sans, Helvetica, Arial, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 11, "color": "#555555", "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1.2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut" if large else "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -160,
                "centralGravity": 0.01,
                "springLength": 170,
                "springConstant": 0.05,
                "avoidOverlap": 1,
            },
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 90, "avoidOverlap": 0.1},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "notes": notes,
        "options": options,
        "ui": {k: ui[k] for k in ("nodes", "edges", "legend", "facts", "quotes", "mentions", "hint", "laying_out")},
        "large": large,
    }


#: The files a view page links to when it does not inline them (`render_html(..., assets=...)`), by file name.
VIEW_ASSETS = ("vis-network.min.js", "view.js", "view.css")


def view_assets() -> dict[str, bytes]:
    """The scripts and stylesheet of the view, by file name (VIEW_ASSETS), for pages that link to them: a static site
    writes them once instead of inlining about 0.5 MB into every page."""
    # The source-map comment would make developer tools fetch a file that is not there.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", _asset("vis-network.min.js"))
    app_js = (_TEMPLATES / "view.js").read_text(encoding="utf-8")
    css = _asset("vis-network.css") + "\n" + (_TEMPLATES / "view.css").read_text(encoding="utf-8")
    return {"vis-network.min.js": vis_js.encode("utf-8"), "view.js": app_js.encode("utf-8"), "view.css": css.encode("utf-8")}


def render_html(graph: nx.MultiDiGraph, *, lang: str = "en", title: str | None = None, assets: str | None = None) -> str:
    """One self-contained HTML page (vis-network, its CSS and the data inlined; a Content-Security-Policy that
    allows no network and only the page's own scripts) drawing `graph`, a projection or a selection of it.

    With `assets` (a relative URL prefix such as ``../../assets/``), the page links to the files of `view_assets()`
    there instead of inlining them, and its policy allows scripts from its own site only."""
    _check_lang(lang)
    if graph.number_of_nodes() == 0:
        raise ViewError("the selection is empty: nothing to show")
    title = title or _title(graph, lang)
    data = _view_data(graph, lang=lang, title=title)
    if assets is not None:
        href = html.escape(assets, quote=True)
        csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n"
            f'<link rel="stylesheet" href="{href}view.css">\n</head>\n<body>\n'
            '<div id="okg-graph"></div>\n'
            '<div id="okg-header"></div>\n<div id="okg-legend"></div>\n'
            f'<script type="application/json" id="okg-data">{_json_for_script(data)}</script>\n'
            f'<script src="{href}vis-network.min.js"></script>\n'
            f'<script src="{href}view.js"></script>\n'
            "</body>\n</html>\n"
        )
    files = view_assets()
    vis_js, app_js, css = (files[name].decode("utf-8") for name in VIEW_ASSETS)
    for script in (vis_js, app_js):
        if "</script" in script.lower():
            raise ViewError("a bundled script contains </script>; cannot inline it safely")
    hashes = " ".join(f"'sha256-{_b64_sha256(s)}'" for s in (vis_js, app_js))
    csp = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        '<div id="okg-graph"></div>\n'
        '<div id="okg-header"></div>\n<div id="okg-legend"></div>\n'
        f'<script type="application/json" id="okg-data">{_json_for_script(data)}</script>\n'
        f"<script>{vis_js}</script>\n"
        f"<script>{app_js}</script>\n"
        "</body>\n</html>\n"
    )


def _b64_sha256(text: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _title(graph: nx.MultiDiGraph, lang: str) -> str:
    ui = UI[lang]
    focus = graph.graph.get("focus")
    if focus and focus in graph:
        depth = graph.graph.get("depth")
        what = ui["around"].format(label=graph.nodes[focus]["label"], depth=depth, hops=ui["hop"] if depth == 1 else ui["hops"])
    else:
        what = ui["ecosystem"]
    return f"outsourcing-kg: {what}"


@dataclass
class View:
    """An HTML view: the page, the graph it draws and any warning. Displays inline in Jupyter (an iframe with
    `srcdoc`, no file written); `save(path)` writes it."""

    html: str
    graph: Any
    title: str
    warnings: list[str] = field(default_factory=list)
    height: int = 640

    @property
    def nodes(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def edges(self) -> int:
        return int(self.graph.number_of_edges())

    def _repr_html_(self) -> str:
        # sandbox without allow-same-origin: the page's scripts run in an opaque origin, apart from the notebook.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="{html.escape(self.title, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        return write_file(Path(path), self.html.encode("utf-8"))

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def make_view(
    source: GraphSource,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
    height: int = 640,
) -> View:
    """Project, select and render: the HTML view of the graph, or of the part of it asked for."""
    full = to_networkx(source, lang=lang, with_claims=with_claims)
    shown = select(full, focus=focus, depth=depth, types=types)
    warnings = []
    n = shown.number_of_nodes()
    if n > LARGE_GRAPH:
        warnings.append(
            f"{n:,} nodes is a large view: it lays out for {stabilisation_iterations(n)} iterations, "
            "then physics stops; narrow it to an entity's neighbourhood (focus) or to some types"
        )
    page = render_html(shown, lang=lang)
    return View(page, shown, _title(shown, lang), warnings, height)


def default_view_path(project: Project, focus_node: str | None) -> Path:
    """views/ecosystem.html, or views/<slug>.html for a focused view, in the project folder (git-ignored)."""
    name = "ecosystem" if focus_node is None else re.sub(r"[^a-z0-9-]+", "-", focus_node.rsplit("/", 1)[-1].lower())
    return project.root / "views" / f"{name}.html"


def write_view(
    source: GraphSource,
    output: str | Path | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
) -> tuple[View, Path]:
    """Write the view to `output` (default: views/ecosystem.html or views/<entity>.html in the project folder)."""
    view = make_view(source, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
    if output is None:
        _, project = _as_graph(source)
        path = default_view_path(project, view.graph.graph.get("focus"))
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        path = Path(output)
    return view, write_file(path, view.html.encode("utf-8"))
