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


def render_html(graph: nx.MultiDiGraph, *, lang: str = "en", title: str | None = None) -> str:
    """One self-contained HTML page (vis-network, its CSS and the data inlined; a Content-Security-Policy that
    allows no network and only the page's own scripts) drawing `graph`, a projection or a selection of it."""
    _check_lang(lang)
    if graph.number_of_nodes() == 0:
        raise ViewError("the selection is empty: nothing to show")
    return _page(_view_data(graph, lang=lang, title=title or view_title(graph, lang)), lang)


def _page(data: dict[str, Any], lang: str) -> str:
    """The page around the view data: the one template for `okg view`, `kg.view()` and `render(network)`."""
    # The source-map comment would make developer tools fetch a file that is not there.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", _asset("vis-network.min.js"))
    app_js = (_TEMPLATES / "view.js").read_text(encoding="utf-8")
    css = _asset("vis-network.css") + "\n" + (_TEMPLATES / "view.css").read_text(encoding="utf-8")
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
        f"<title>{html.escape(data['title'])}</title>\n"
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        '<div id="okg-graph"></div>\n'
        '<div id="okg-header"></div>\n<div id="okg-legend"></div>\n'
        f'<script type="application/json" id="okg-data">{_json_for_script(data)}</script>\n'
        f"<script>{vis_js}</script>\n"
        f"<script>{app_js}</script>\n"
        "</body>\n</html>\n"
    )


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

    data = _view_data(graph, lang=lang, title=title or view_title(graph, lang))
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
    n = len(nodes)
    large = n > LARGE_GRAPH
    options = dict(net.options) if isinstance(net.options, dict) else json.loads(net.options.to_json())
    data = {
        "title": title or meta.get("title") or "outsourcing-kg",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            {"label": label, "shape": style.split("|")[0], "color": style.split("|")[1], "count": count}
            for (_, _, label, style), count in rows
        ],
        "notes": [ui["large"].format(n=f"{n:,}", iterations=stabilisation_iterations(n))] if large else [],
        "options": options,
        "ui": {k: ui[k] for k in ("nodes", "edges", "legend", "facts", "quotes", "mentions", "hint", "laying_out")},
        "large": large,
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
    if n > LARGE_GRAPH:
        warnings.append(
            f"{n:,} nodes is a large view: it lays out for {stabilisation_iterations(n)} iterations, "
            "then physics stops; narrow it to an entity's neighbourhood (focus) or to some types"
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
