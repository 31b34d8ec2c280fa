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
from . import figures

if TYPE_CHECKING:
    import networkx as nx
from .projection import (
    CLAIM_FAMILY,
    NODE_FAMILIES,
    UI,
    GraphSource,
    ViewError,
    _as_graph,
    _check_lang,
    select,
    to_networkx,
    truncate,
    view_title,
)

#: Above this many nodes the layout is computed here, ahead of time (`layout_positions`), and the page draws fixed
#: positions with physics off, adding nodes and edges a slice at a time; edge labels are hidden and edges straight.
#: At or below it the browser lays the graph out with vis-network's physics, a few iterations a task.
LARGE_GRAPH = 1000
#: Above this many nodes the page draws no graph at all: it says why and offers an overview by kind and by source and a
#: search, each drawing one part (at most `PART_LIMIT` nodes). Measured in headless Chromium (docs/views.md): at 20,000
#: nodes a page is still usable in 4 s, its longest task under 200 ms; past it one redraw alone nears 200 ms.
OVERSIZE_GRAPH = 20_000
#: Most nodes a part of an over-size view draws (a kind, a source, the neighbourhood of a search result).
PART_LIMIT = 400
#: Layout iterations before physics is turned off: at most 600, fewer as the graph grows, within a budget of
#: node-iterations (only graphs up to LARGE_GRAPH nodes are laid out in the browser).
STABILISATION_ITERATIONS = 600
STABILISATION_BUDGET = 300_000
#: Node-iterations of browser layout between two frames (measured: 15 to 50 µs a node-iteration in headless Chromium,
#: busy machine included, so a slice stays within 30 to 100 ms, half the 200 ms a page may block).
STABILISATION_SLICE = 2000
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
    """Browser layout iterations before physics stops: up to 600, fewer as the graph grows (a budget of
    node-iterations), never under 20."""
    return max(20, min(STABILISATION_ITERATIONS, STABILISATION_BUDGET // max(nodes, 1)))


def stabilisation_slice(nodes: int) -> int:
    """Browser layout iterations run in one task, between two frames: 1 to 50, fewer as the graph grows."""
    return max(1, min(50, STABILISATION_SLICE // max(nodes, 1)))


def layout_positions(graph: nx.MultiDiGraph, order: Sequence[str], *, edge_length: float = 90.0) -> list[tuple[float, float]]:
    """Positions of `order`'s nodes as (x, y) in vis-network pixels, rounded to 0.1.

    Each connected component is laid out by igraph's Fruchterman-Reingold on a grid (repulsion only between near
    nodes, so about linear in the graph's size: 0.6 s at 10,000 nodes) from a fixed seed, so the same graph gets the
    same positions, and scaled so that its median edge is at least `edge_length` long and each node has about
    (0.7 × `edge_length`)² of room; the components are then packed in rows, largest first (a force layout alone
    throws isolated nodes far out, and a view fitted to them shows a speck).

    Raises ViewError when igraph is not installed.
    """
    import random

    import networkx as nx

    try:
        import igraph
    except ImportError as err:  # pragma: no cover - a runtime dependency
        raise ViewError("igraph is not installed; `pip install igraph` (it lays out large views)") from err
    index = {node: i for i, node in enumerate(order)}
    simple = nx.Graph()
    simple.add_nodes_from(range(len(order)))
    simple.add_edges_from((index[u], index[v]) for u, v in graph.edges() if u != v)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    shapes: list[tuple[list[int], list[tuple[float, float]]]] = []
    # igraph draws its start positions from the random generator it is given: a private, seeded one.
    igraph.set_random_number_generator(random.Random(7))
    try:
        for members in components:
            if len(members) == 1:
                shapes.append((members, [(0.0, 0.0)]))
                continue
            local = {node: i for i, node in enumerate(members)}
            pairs = sorted({(min(local[u], local[v]), max(local[u], local[v])) for u, v in simple.edges(members)})
            coords = igraph.Graph(n=len(members), edges=pairs).layout_fruchterman_reingold(grid=True).coords
            median = max(sorted(math.dist(coords[a], coords[b]) for a, b in pairs)[len(pairs) // 2], 1e-9)
            xs, ys = [x for x, _ in coords], [y for _, y in coords]
            # (a chain lies on a line: its box is at least one edge wide)
            area = max(max(xs) - min(xs), median) * max(max(ys) - min(ys), median)
            # Edges at least `edge_length` long (median), and room for each node: some graphs lay out as a dense ball.
            scale = max(edge_length / median, 0.7 * edge_length * math.sqrt(len(members) / area))
            shapes.append((members, [(x * scale, y * scale) for x, y in coords]))
    finally:
        igraph.set_random_number_generator(random)
    # Shelf packing: components left to right in rows about as wide as the whole is tall.
    boxes = []
    for members, coords in shapes:
        xs, ys = [x for x, _ in coords], [y for _, y in coords]
        gap = edge_length if len(members) > 1 else edge_length / 2
        boxes.append((members, coords, min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    width = max(max(box[4] for box in boxes), math.sqrt(sum(box[4] * box[5] for box in boxes)))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(order)
    x = y = row = 0.0
    for members, coords, left, top, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (cx, cy) in zip(members, coords, strict=True):
            positions[node] = (x + cx - left, y + cy - top)
        x, row = x + w, max(row, h)
    mid_x = (min(p[0] for p in positions) + max(p[0] for p in positions)) / 2
    mid_y = (min(p[1] for p in positions) + max(p[1] for p in positions)) / 2
    return [(round(px - mid_x, 1), round(py - mid_y, 1)) for px, py in positions]


def _curve(index: int, forward: bool) -> dict[str, Any]:
    """Spread parallel edges between the same two nodes on alternate sides, growing curvature."""
    clockwise = (index % 2 == 0) == forward
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": 0.18 * (index // 2 + 1)}


def _view_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    if graph.number_of_nodes() > OVERSIZE_GRAPH:
        return _overview_data(graph, lang=lang, title=title)
    if graph.number_of_nodes() > LARGE_GRAPH:
        return _fixed_data(graph, lang=lang, title=title)
    return _physics_data(graph, lang=lang, title=title)


def _physics_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    """The data of a graph the browser lays out with vis-network's physics (one dict per node and edge, with its
    structured tooltip under `tip`): what `render_html` draws up to LARGE_GRAPH nodes, and what `to_pyvis` fills a
    pyvis Network with at any size."""
    ui = UI[lang]
    classes = graph.graph.get("classes", {})
    degree = dict(graph.degree())
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        style = classes.get(data["class"], {"shape": "dot", "color": "#888888"})
        deg = degree.get(node, 0)
        item: dict[str, Any] = {
            "id": node,
            "label": truncate(data["label"], 40 if data["family"] == CLAIM_FAMILY else 60),
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
        item = {"id": f"{u}|{key}|{v}", "from": u, "to": v, "tip": _edge_tip(u, v, data, graph, ui), "label": data["label"]}
        group = groups[frozenset((u, v))]
        if len(group) > 1:
            item["smooth"] = _curve(group.index((u, v, key)), u <= v)
        edges.append(item)
    n = graph.number_of_nodes()
    # Start from the layout computed here: vis-network's own start (improvedLayout, Kamada-Kawai) is one long task.
    for item, (x, y) in zip(nodes, layout_positions(graph, [item["id"] for item in nodes], edge_length=170.0), strict=True):
        item["x"], item["y"] = x, y
    options = _options(False)
    options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    options["physics"] = {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -160,
            "centralGravity": 0.01,
            "springLength": 170,
            "springConstant": 0.05,
            "avoidOverlap": 1,
        },
        # vis-network runs `updateInterval` iterations a task: a slice small enough to keep frames coming.
        "stabilization": {
            "enabled": True,
            "iterations": stabilisation_iterations(n),
            "updateInterval": stabilisation_slice(n),
            "fit": True,
        },
    }
    return {
        "mode": "physics",
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(graph),
        "notes": [],
        "options": options,
        "ui": {k: ui[k] for k in _PAGE_WORDS},
        "large": False,
    }


def _fixed_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    """The data of a large graph, drawn at positions computed here (`layout_positions`): nodes as rows
    [id, label, kind (legend row), size, x, y] in id order, edges as a flat list of node numbers [from, to, ...],
    and each node's tooltip."""
    ui = UI[lang]
    legend = _legend(graph)
    kind = {entry["class"]: i for i, entry in enumerate(legend)}
    order = sorted(graph)
    index = {node: i for i, node in enumerate(order)}
    nodes = []
    tips = []
    for node, (x, y) in zip(order, layout_positions(graph, order), strict=True):
        data = graph.nodes[node]
        size = round(min(14 + 5 * math.sqrt(graph.degree(node)), 48), 1)
        nodes.append([node, truncate(data["label"], 60), kind[data["class"]], size, x, y])
        tips.append(_node_tip(node, data, ui))
    edges: list[int] = []
    for u, v, _key in sorted(graph.edges(keys=True)):
        edges += [index[u], index[v]]
    return {
        "mode": "fixed",
        "title": title,
        "legend": legend,
        "notes": [ui["large"].format(n=f"{graph.number_of_nodes():,}")],
        "nodes": nodes,
        "edges": edges,
        "tips": tips,
        "options": _options(True),
        "ui": {k: ui[k] for k in _PAGE_WORDS},
        "large": True,
    }


_PAGE_WORDS = ("nodes", "edges", "legend", "facts", "quotes", "mentions", "hint", "hint_large", "hint_overview", "laying_out", "drawing")
_OVERVIEW_WORDS = ("kinds", "sources", "search", "search_hint", "overview", "part_of", "neighbourhood_of", "mentioned_in", "no_match")


def _legend(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Classes present, in family order, with their shape, colour and node count."""
    classes = graph.graph.get("classes", {})
    counts = Counter(d["class"] for _, d in graph.nodes(data=True))
    family_order = {f: i for i, f in enumerate((*NODE_FAMILIES, CLAIM_FAMILY))}
    legend = []
    for cls, count in sorted(counts.items(), key=lambda kv: (family_order.get(classes[kv[0]]["family"], 99), kv[0])):
        info = classes[cls]
        legend.append({"class": cls, "label": info["label"], "shape": info["shape"], "color": info["color"], "count": count})
    return legend


def _options(large: bool) -> dict[str, Any]:
    """vis-network options; a large graph has fixed positions (physics off), straight edges, no edge labels, and hides
    edges while dragging or zooming so that each redraw stays short."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
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
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }


def _overview_data(graph: nx.MultiDiGraph, *, lang: str, title: str) -> dict[str, Any]:
    """The data of an over-size page: every node compactly (id, label, class, degree, sources), the adjacency as
    integers, counts per kind and per source, and the tooltips; the page draws one part at a time from them."""
    ui = UI[lang]
    legend = _legend(graph)
    kind = {entry["class"]: i for i, entry in enumerate(legend)}
    order = sorted(graph)
    index = {node: i for i, node in enumerate(order)}
    documents = [node for node in order if graph.nodes[node]["family"] == "SourceDocument"]
    nodes = []
    tips = []
    members: Counter[str] = Counter()
    for node in order:
        data = graph.nodes[node]
        sources = [index[d] for d in data.get("documents", []) if d in index]
        members.update(order[i] for i in sources)
        nodes.append([node, truncate(data["label"], 60), kind[data["class"]], graph.degree(node), sources])
        tips.append(_node_tip(node, data, ui))
    relations: dict[str, int] = {}
    edges: list[int] = []
    edge_tips = []
    between: Counter[tuple[int, int]] = Counter()
    for u, v, _key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        relation = relations.setdefault(data["label"], len(relations))
        edges += [index[u], index[v], relation]
        edge_tips.append(_edge_tip(u, v, data, graph, ui))
        between[(kind[graph.nodes[u]["class"]], kind[graph.nodes[v]["class"]])] += 1
    n = graph.number_of_nodes()
    options = _options(False)
    options["physics"] = {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -120, "centralGravity": 0.01, "springLength": 150, "avoidOverlap": 1},
        "stabilization": {
            "enabled": True,
            "iterations": stabilisation_iterations(PART_LIMIT),
            "updateInterval": stabilisation_slice(PART_LIMIT),
        },
    }
    return {
        "mode": "overview",
        "title": title,
        "legend": legend,
        "notes": [ui["oversize"].format(n=f"{n:,}", limit=f"{OVERSIZE_GRAPH:,}")],
        "nodes": nodes,
        "edges": edges,
        "relations": list(relations),
        "tips": tips,
        "edge_tips": edge_tips,
        "kind_edges": [[a, b, count] for (a, b), count in sorted(between.items())],
        "sources": [[index[doc], members[doc]] for doc in sorted(documents, key=lambda d: (-members[d], d))],
        "options": options,
        "part_limit": PART_LIMIT,
        "ui": {k: ui[k] for k in (*_PAGE_WORDS, *_OVERVIEW_WORDS)},
        "large": True,
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
    return _page(_view_data(graph, lang=lang, title=title or view_title(graph, lang)), lang, assets=assets)


def _page(data: dict[str, Any], lang: str, *, assets: str | None = None) -> str:
    """The page around the view data: the one template for `okg view`, `kg.view()`, `render(network)` and the site's
    neighbourhood views (which link the assets under the prefix `assets` instead of inlining them)."""
    body = (
        '<div id="okg-graph"></div>\n'
        '<div id="okg-header"></div>\n<div id="okg-legend"></div>\n<div id="okg-panel" hidden></div>\n'
        + "".join(
            f'<script type="application/json" id="okg-data{f"-{i}" if i else ""}">{chunk}</script>\n'
            for i, chunk in enumerate(_chunks(_json_for_script(data)))
        )
    )

    def head(csp: str) -> str:
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(data['title'])}</title>\n"
        )

    if assets is not None:
        href = html.escape(assets, quote=True)
        csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
        return (
            head(csp)
            + f'<link rel="stylesheet" href="{href}view.css">\n</head>\n<body>\n'
            + body
            + f'<script src="{href}vis-network.min.js"></script>\n'
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
        head(csp) + f"<style>\n{css}\n</style>\n</head>\n<body>\n" + body + f"<script>{vis_js}</script>\n"
        f"<script>{app_js}</script>\n"
        "</body>\n</html>\n"
    )


def _chunks(text: str, size: int = 250_000) -> list[str]:
    """The page's data in pieces of `size` characters, one script element each: the browser's parser yields between
    elements, while one element of several megabytes is one long task. The page joins them before parsing."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


# --------------------------------------------------------------------------
# pyvis: the same view as a Network to customise, rendered back into the project's page
# --------------------------------------------------------------------------

#: Keys that `to_pyvis` adds to each node dict for the legend of `render` (vis-network ignores them).
_LEGEND_KEYS = ("class", "class_label", "family")


def tip_text(tip: dict[str, Any], lang: str = "en") -> str:
    """A tooltip as plain text, one item a line: what pyvis users put in a node's or an edge's `title`
    (vis-network 9 shows a string title as text, never as HTML)."""
    ui = UI[lang]
    out = [tip["title"]]
    if tip.get("subtitle"):
        out.append(tip["subtitle"])
    out += [f"{key}: {value}" if key else str(value) for key, value in tip.get("lines", [])]
    if tip.get("facts"):
        out.append(ui["facts"])
        for text, claimant, quotes in tip["facts"]:
            out.append(f"- {text}" + (f" ({claimant})" if claimant else ""))
            out += [f"  « {q} »" for q in quotes]
    if tip.get("quotes"):
        out.append(tip.get("quotes_heading") or ui["quotes"])
        out += [f"« {q} »" for q in tip["quotes"]]
    return "\n".join(out)


def _merge_options(target: Any, values: dict[str, Any]) -> None:
    """Set vis-network options onto pyvis's option objects, keeping those objects where they exist so that
    pyvis's own methods (`toggle_physics`, `set_edge_smooth`, `force_atlas_2based`...) still work on them."""
    for key, value in values.items():
        current = getattr(target, key, None)
        # pyvis's Physics has classes named like options (barnesHut, forceAtlas2Based): set those, never recurse into a class.
        if isinstance(value, dict) and hasattr(current, "__dict__") and not isinstance(current, (dict, type)):
            _merge_options(current, value)
        else:
            setattr(target, key, value)


def to_pyvis(graph: nx.MultiDiGraph, *, lang: str = "en", title: str | None = None, height: str = "640px") -> Any:
    """A `pyvis.network.Network` (directed) holding the view of `graph`: the nodes, edges, colours, shapes, sizes,
    curves and options of `render_html`, with each tooltip as plain text in `title` (see `tip_text`).

    The node and edge lists are filled directly (pyvis's `from_nx` is quadratic and its undirected default drops
    reverse edges). Each node dict also carries `class`, `class_label` and `family` (for the legend) and `tip`, the
    structured tooltip; `render(net, path)` writes the project's offline page from the Network as customised.
    Raises ViewError for an empty graph or an unknown language.
    """
    _check_lang(lang)
    if graph.number_of_nodes() == 0:
        raise ViewError("the selection is empty: nothing to show")
    from pyvis.network import Network

    data = _physics_data(graph, lang=lang, title=title or view_title(graph, lang))
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for item in data["nodes"]:
        node = {**item, "title": tip_text(item["tip"], lang)}
        attrs = graph.nodes[item["id"]]
        node.update({key: attrs[key] for key in _LEGEND_KEYS})
        net.nodes.append(node)
        net.node_ids.append(item["id"])
        net.node_map[item["id"]] = node
    net.edges.extend({**item, "title": tip_text(item["tip"], lang)} for item in data["edges"])
    options = data["options"]
    # pyvis's Edge colour object inherits the node colour unless told otherwise; the view's edges are grey.
    options["edges"]["color"]["inherit"] = False
    _merge_options(net.options, options)
    # Not in pyvis's heading: pyvis's template pastes the heading into HTML unescaped.
    net.okg_view = {"title": data["title"], "lang": lang}
    return net


def _network_data(net: Any, lang: str | None, title: str | None) -> tuple[dict[str, Any], str]:
    meta = getattr(net, "okg_view", {})
    lang = _check_lang(lang or meta.get("lang", "en"))
    ui = UI[lang]
    if not net.nodes:
        raise ViewError("the network has no node: nothing to show")
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    legend: dict[tuple[str, str, str, str], int] = Counter()
    for source, out in ((net.nodes, nodes), (net.edges, edges)):
        for original in source:
            item = dict(original)
            tip = item.pop("tip", None)
            title_text = item.get("title")
            if tip is not None and title_text == tip_text(tip, lang):
                item.pop("title")  # unchanged: the page draws the structured tooltip
                item["tip"] = tip
            elif title_text is not None:
                item["title"] = str(title_text)  # changed or the user's own: text (vis-network sets innerText)
            if source is net.nodes and "class" in item:
                colour = item.get("color", "#97c2fc")
                colour = colour.get("background", "#97c2fc") if isinstance(colour, dict) else str(colour)
                legend[(item["family"], item["class"], item["class_label"], f"{item.get('shape', 'dot')}|{colour}")] += 1
            for key in _LEGEND_KEYS if source is net.nodes else ():
                item.pop(key, None)
            out.append(item)
    family_order = {f: i for i, f in enumerate((*NODE_FAMILIES, CLAIM_FAMILY))}
    rows = sorted(legend.items(), key=lambda kv: (family_order.get(kv[0][0], 99), kv[0][1], kv[0][3]))
    options = dict(net.options) if isinstance(net.options, dict) else json.loads(net.options.to_json())
    data = {
        "mode": "physics",
        "title": title or meta.get("title") or "outsourcing-kg",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            {"class": cls, "label": label, "shape": style.split("|")[0], "color": style.split("|")[1], "count": count}
            for (_, cls, label, style), count in rows
        ],
        "notes": [],
        "options": options,
        "ui": {k: ui[k] for k in _PAGE_WORDS},
        "large": False,
    }
    return data, lang


def render_network(net: Any, *, lang: str | None = None, title: str | None = None) -> str:
    """The project's self-contained page (as `render_html`: vis-network inlined, CSP, no network) drawing a pyvis
    Network: its nodes, edges and options as they are now, so customisations made with pyvis's API are kept.

    Tooltips: an unchanged `title` from `to_pyvis` shows the structured tooltip; any other `title` shows as text.
    The legend counts nodes by class (nodes from `to_pyvis`), shape and colour. `lang` and `title` default to
    those given to `to_pyvis`. As in `okg view`, physics stops once the layout is done (at once when disabled).
    Raises ViewError for a network without nodes or an unknown language.
    """
    data, lang = _network_data(net, lang, title)
    return _page(data, lang)


def render(net: Any, path: str | Path, *, lang: str | None = None, title: str | None = None) -> Path:
    """Write `render_network(net)` to `path` atomically and return the path (the offline page of a customised
    pyvis Network, instead of pyvis's own `write_html`, which fetches its scripts from CDNs)."""
    return write_file(Path(path), render_network(net, lang=lang, title=title).encode("utf-8"))


def _b64_sha256(text: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@dataclass
class View:
    """An HTML view: the page, the graph it draws, any warning, and the file it was saved to (if any).

    Displays inline in every notebook front end that renders HTML outputs: an iframe whose `srcdoc` holds the page,
    sandboxed with `allow-scripts` only (the page's scripts run, in an opaque origin apart from the notebook), then,
    once saved, a plain link to the file for a front end that strips iframes. `save(path)` writes the page.
    """

    html: str
    graph: Any
    title: str
    warnings: list[str] = field(default_factory=list)
    height: int = 640
    path: Path | None = None

    @property
    def nodes(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def edges(self) -> int:
        return int(self.graph.number_of_edges())

    def _repr_html_(self) -> str:
        frame = (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="{html.escape(self.title, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )
        if self.path is None:
            return frame
        return (
            f'{frame}\n<p style="font-size:12px;margin:4px 0">No graph above? Open '
            f'<a href="{html.escape(file_link(self.path), quote=True)}" target="_blank" rel="noopener">{html.escape(self.path.name)}</a>'
            " in a browser tab (the same page, saved).</p>"
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to `path` (atomically); the notebook output then links to it."""
        self.path = write_file(Path(path), self.html.encode("utf-8"))
        return self.path

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def file_link(path: Path, base: Path | None = None) -> str:
    """A link to a written file from a notebook output: relative to `base` (default: the working folder, which is
    the notebook's folder in Jupyter, JupyterLab and VS Code), so that the notebook server resolves it; a file: URI
    only where no relative path exists (another drive)."""
    import os
    from urllib.parse import quote

    resolved = path.resolve()
    try:
        relative = os.path.relpath(resolved, (base or Path.cwd()).resolve())
    except ValueError:
        return resolved.as_uri()
    return quote(Path(relative).as_posix())


def make_view(
    source: GraphSource,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
    height: int = 640,
    save: bool | str | Path = False,
) -> View:
    """Project, select and render: the HTML view of the graph, or of the part of it asked for. `save`: also write
    it to this path, or with True to `default_view_path` (views/ecosystem.html or views/<entity>.html)."""
    full = to_networkx(source, lang=lang, with_claims=with_claims)
    shown = select(full, focus=focus, depth=depth, types=types)
    warnings = []
    n = shown.number_of_nodes()
    if n > OVERSIZE_GRAPH:
        warnings.append(
            f"{n:,} nodes is more than a browser can draw (the limit is {OVERSIZE_GRAPH:,}): the page shows an overview by kind "
            "and by source and a search that draws one part; narrow it to an entity's neighbourhood (focus) or to some types"
        )
    elif n > LARGE_GRAPH:
        warnings.append(
            f"{n:,} nodes is a large view: laid out ahead of time, edge labels hidden; "
            "narrow it to an entity's neighbourhood (focus) or to some types"
        )
    page = render_html(shown, lang=lang)
    view = View(page, shown, view_title(shown, lang), warnings, height)
    if save is True:
        view.save(_default_path(source, shown))
    elif save is not False:
        view.save(save)
    return view


def _default_path(source: GraphSource, shown: nx.MultiDiGraph) -> Path:
    _, project = _as_graph(source)
    path = default_view_path(project, shown.graph.get("focus"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def default_view_path(project: Project, focus_node: str | None) -> Path:
    """views/ecosystem.html, or views/<slug>.html for a focused view, in the project folder (git-ignored)."""
    name = "ecosystem" if focus_node is None else re.sub(r"[^a-z0-9-]+", "-", focus_node.rsplit("/", 1)[-1].lower())
    return project.root / "views" / f"{name}.html"


#: Extensions of the interactive page; figures.FIGURE_FORMATS gives those of static figures.
PAGE_EXTENSIONS = (".html", ".htm")


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
    """Write the interactive view to `output` (.html; default: views/ecosystem.html or views/<entity>.html in the
    project folder). Raises ViewError for another extension (`write_output` also writes figures)."""
    # A folder gets the atomic writer's own message ("is a folder; give a file name").
    if output is not None and Path(output).suffix.lower() not in PAGE_EXTENSIONS and not Path(output).is_dir():
        raise _unknown_extension(output)
    view = make_view(source, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
    path = _default_path(source, view.graph) if output is None else Path(output)
    return view, view.save(path)


def _unknown_extension(output: str | Path) -> ViewError:
    suffix = Path(output).suffix
    what = f"unknown extension {suffix!r}" if suffix else "no extension"
    return ViewError(f"{output}: {what}; use .html for the interactive view, or .svg, .png or .pdf for a static figure")


@dataclass
class Written:
    """What `write_output` wrote: the graph drawn, the file, its kind (html, svg, png or pdf) and any warning."""

    graph: Any
    path: Path
    kind: str
    warnings: list[str] = field(default_factory=list)

    @property
    def nodes(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def edges(self) -> int:
        return int(self.graph.number_of_edges())


def write_output(
    source: GraphSource,
    output: str | Path | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
) -> Written:
    """Write the view as the extension of `output` asks: .html the interactive page (the default), .svg, .png or
    .pdf a static figure (`figures.write_figure`). Raises ViewError for another extension, before any work."""
    fmt = None if output is None else figures.figure_format(output)
    if fmt is None:
        view, path = write_view(source, output, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
        return Written(view.graph, path, "html", view.warnings)
    assert output is not None
    shown, path = figures.write_figure(source, output, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
    warnings = []
    if shown.number_of_nodes() > figures.CROWDED:
        warnings.append(
            f"{shown.number_of_nodes():,} nodes is a crowded figure: labels may sit far from their nodes; "
            "narrow it to an entity's neighbourhood (focus) or to some types"
        )
    return Written(shown, path, fmt, warnings)
