"""Static figures of the views (SVG, PNG, PDF): the projection drawn with networkx and matplotlib, for reports.

Same colours and shapes per class as the HTML view, a legend, a caption naming the source documents, node labels
placed so that none overlaps another label or another node, and relation names where they fit. The same graph
gives the same bytes: the layout has a fixed seed and the files carry no date.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..io import write_file
from .projection import CLAIM_FAMILY, NODE_FAMILIES, UI, GraphSource, ViewError, _check_lang, select, to_networkx, truncate, view_title

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

#: File extensions a figure is written in, and matplotlib's name of each format.
FIGURE_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
#: Seed of the layout: the same graph is drawn the same way every time.
SEED = 7
#: Components up to this size get Kamada-Kawai after the spring layout (its cost grows with the square of the size:
#: measured 41 s for 1,000 nodes, bench/views_bench.py); larger ones keep the spring layout.
KAMADA_KAWAI_LIMIT = 300
#: Above this many nodes a figure is still drawn, with a warning: its labels were checked for overlaps up to about 50.
CROWDED = 80
#: matplotlib marker per vis-network shape of the HTML view.
MARKERS = {"dot": "o", "star": "*", "triangle": "^", "triangleDown": "v", "square": "s", "diamond": "D", "hexagon": "h", "box": "s"}
#: Settings that make the files byte-identical run to run (no date; SVG ids from a fixed salt) and keep SVG text as text.
_RC: dict[Any, Any] = {"svg.hashsalt": "outsourcing-kg", "svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans"}
_METADATA = {"svg": {"Date": None}, "png": {"Software": None}, "pdf": {"CreationDate": None, "ModDate": None}}
_CAPTION = {"en": ("Source: ", "Sources: "), "fr": ("Source : ", "Sources : ")}
_LABEL_CHARS = 28
_FONT_SIZE = 8.5
_DPI = 150


def sources_of(shown: nx.MultiDiGraph, full: nx.MultiDiGraph | None = None) -> list[str]:
    """Titles of the source documents behind the nodes of `shown` (those mentioning them, and document nodes),
    looked up in `full` (the whole projection) when the selection left the document nodes out."""
    full = shown if full is None else full
    documents = {d for _, data in shown.nodes(data=True) for d in data.get("documents", [])}
    documents |= {n for n, data in shown.nodes(data=True) if data.get("family") == "SourceDocument"}
    return sorted(full.nodes[d]["label"] if d in full else d for d in documents)


def figure(
    graph: nx.MultiDiGraph, *, lang: str = "en", title: str | None = None, sources: Sequence[str] | None = None, seed: int = SEED
) -> Figure:
    """A matplotlib Figure of `graph` (a projection or a selection of it): nodes with the view's colour and shape
    per class, directed edges (parallel ones on separate arcs), labels that overlap neither each other nor other
    nodes (up to about 50 nodes), a legend of the classes with their counts, the title and a caption naming
    `sources` (default: `sources_of(graph)`). Raises ViewError for an empty graph or an unknown language."""
    _check_lang(lang)
    if graph.number_of_nodes() == 0:
        raise ViewError("the selection is empty: nothing to show")
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    n = graph.number_of_nodes()
    positions = _layout(graph, seed)
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    # The drawing keeps the layout's proportions (equal scales): its height grows with the number of nodes, its
    # width follows, and the legend gets a fixed strip on the right, the title and caption strips above and below.
    height = min(3.5 + 0.3 * n, 14.0)
    margin_x, margin_y = 0.3, 0.15
    width = height * (max(xs) - min(xs) + 2 * margin_x) / (max(ys) - min(ys) + 2 * margin_y)
    width = min(max(width, 4.0), 2.2 * height)
    legend_width, title_height, caption_height = 2.4, 0.6, 0.45
    fig = Figure(figsize=(width + legend_width, height + title_height + caption_height), dpi=_DPI)
    FigureCanvasAgg(fig)
    fw, fh = fig.get_size_inches()
    ax = fig.add_axes((0.0, caption_height / fh, width / fw, height / fh))
    ax.set_axis_off()
    ax.set_xlim(min(xs) - margin_x, max(xs) + margin_x)
    ax.set_ylim(min(ys) - margin_y, max(ys) + margin_y)
    ax.set_aspect("equal", adjustable="datalim")
    ax.apply_aspect()  # now, not at draw time: the labels are placed in pixels of the final transform

    classes = graph.graph.get("classes", {})
    degree = dict(graph.degree())
    sizes = {
        node: (90 + 60 * math.sqrt(degree[node])) * (0.5 if data["family"] == CLAIM_FAMILY else 1) for node, data in graph.nodes(data=True)
    }
    # Edges first, under the nodes; parallel edges between two nodes bend apart.
    groups: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, key in sorted(graph.edges(keys=True)):
        groups[frozenset((u, v))].append((u, v, key))
    by_rad: dict[float, list[tuple[str, str]]] = defaultdict(list)
    bends: dict[tuple[str, str, str], float] = {}
    for group in groups.values():
        for i, (u, v, key) in enumerate(group):
            rad = 0.0 if len(group) == 1 else (0.12 * (i // 2 + 1)) * (1 if (i % 2 == 0) == (u <= v) else -1)
            by_rad[rad].append((u, v))
            bends[(u, v, key)] = rad
    simple = nx.DiGraph(graph)
    order = sorted(simple)
    for rad, edgelist in sorted(by_rad.items()):
        nx.draw_networkx_edges(
            simple, positions, edgelist=edgelist, ax=ax, edge_color="#9aa0a6", width=0.9, arrows=True, arrowsize=9,
            arrowstyle="-|>", connectionstyle=f"arc3,rad={rad}", nodelist=order, node_size=[sizes[v] for v in order],
        )  # fmt: skip
    # Nodes, class by class, in legend order.
    counts = Counter(data["class"] for _, data in graph.nodes(data=True))
    family_order = {f: i for i, f in enumerate((*NODE_FAMILIES, CLAIM_FAMILY))}
    handles = []
    for cls in sorted(counts, key=lambda c: (family_order.get(classes[c]["family"], 99), c)):
        info = classes[cls]
        members = sorted(node for node, data in graph.nodes(data=True) if data["class"] == cls)
        marker = MARKERS.get(info["shape"], "o")
        scale = 1.6 if marker == "*" else 1.0  # a star's area looks smaller than a disc's of the same size
        drawn = ax.scatter(
            [positions[m][0] for m in members], [positions[m][1] for m in members], s=[sizes[m] * scale for m in members],
            c=info["color"], marker=marker, edgecolors="#333333", linewidths=0.6, zorder=3,
        )  # fmt: skip
        drawn.set_gid("nodes:" + "|".join(members))  # in the SVG too: <g id="nodes:org/intelcia|...">
        handles.append(
            Line2D([], [], linestyle="", marker=marker, markersize=8, markerfacecolor=info["color"], markeredgecolor="#333333",
                   label=f"{info['label']} ({counts[cls]})")
        )  # fmt: skip
    ui = UI[lang]
    anchor = (width / fw, 1 - title_height / fh)
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=anchor, frameon=False, fontsize=_FONT_SIZE,
                        title=ui["legend"], title_fontsize=_FONT_SIZE + 1, alignment="left")  # fmt: skip
    legend.set_gid("okg-legend")
    fig.text(0.15 / fw, 1 - 0.15 / fh, title or view_title(graph, lang), fontsize=13, fontweight="bold", va="top", parse_math=False)
    titles = sources_of(graph) if sources is None else list(sources)
    if titles:
        caption = _CAPTION[lang][len(titles) > 1] + "; ".join(f"« {t} »" for t in titles)
        fig.text(
            0.15 / fw, 0.12 / fh, textwrap.fill(caption, int(12 * fw)), fontsize=_FONT_SIZE, color="#444444", va="bottom", parse_math=False
        )
    labels = place_labels(ax, graph, positions, sizes, bends)
    place_edge_labels(ax, graph, positions, sizes, bends, labels)
    return fig


def _layout(graph: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    """Kamada-Kawai (networkx, from a spring layout with a fixed seed: the same drawing every time; the spring layout
    alone above KAMADA_KAWAI_LIMIT nodes), one connected component at a time, since a layout of the whole pushes
    components apart: the largest on the left, the others scaled by size in a column on its right. Rounded, so that
    floating-point noise cannot move a label."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in graph.edges() if u != v))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    biggest = len(components[0])
    out: dict[str, tuple[float, float]] = {}
    column_x, top = 0.0, 0.0
    for i, nodes in enumerate(components):
        radius = 1.0 if i == 0 else max(0.2, math.sqrt(len(nodes) / biggest))
        if len(nodes) == 1:
            raw = {nodes[0]: (0.0, 0.0)}
        else:
            # A graph of its own, nodes in sorted order: a small subgraph view iterates a set (hash order).
            part = nx.Graph()
            part.add_nodes_from(nodes)
            part.add_edges_from(sorted(tuple(sorted(e)) for e in simple.edges(nodes)))
            laid = nx.spring_layout(part, seed=seed, scale=radius)
            if len(nodes) <= KAMADA_KAWAI_LIMIT:
                laid = nx.kamada_kawai_layout(part, pos=laid, scale=radius)
            raw = {str(v): (float(x), float(y)) for v, (x, y) in laid.items()}
        xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
        if i == 0:
            shift = (0.0, 0.0)
            column_x, top = max(xs) + 0.45, max(ys)
        else:
            shift = (column_x - min(xs), top - max(ys))
            top -= max(ys) - min(ys) + 0.4
        for node, (x, y) in raw.items():
            out[node] = (round(x + shift[0], 4), round(y + shift[1], 4))
    return dict(sorted(out.items()))


#: Distances tried for a label, in units of its node's radius plus a gap; beyond the first a thin line leads to it.
_RINGS = (1.0, 1.8, 2.8, 4.0, 5.5, 7.5, 10.0)


HAlign = Literal["left", "center", "right"]
VAlign = Literal["bottom", "center", "top"]


def _spot(degrees: float) -> tuple[float, float, HAlign, VAlign]:
    """A direction around a node, with the text alignment that keeps the label on that side of it."""
    dx, dy = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    ha: HAlign = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
    va: VAlign = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
    return round(dx, 3), round(dy, 3), ha, va


#: Where a label may go around its node, in order of preference: right, left, above, below, the diagonals, between.
_SPOTS = [_spot(a) for a in (0, 180, 90, 270, 45, 135, 315, 225, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5, 292.5, 247.5)]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels
#: Overlap below this many square pixels is floating-point rounding, not an overlap.
_FREE = 1e-6


class _Grid:
    """Boxes in buckets of a fixed size, so that a candidate label is compared with its neighbours only."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [(i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1) for j in range(int(box[1] // c), int(box[3] // c) + 1)]

    def add(self, box: Box) -> None:
        for key in self._cells(box):
            self.buckets[key].append(box)

    def overlap(self, box: Box, skip: Box | None = None) -> float:
        seen = {box2 for key in self._cells(box) for box2 in self.buckets.get(key, ()) if box2 is not skip}
        return sum(_overlap(box, other) for other in seen)


def place_labels(
    ax: Axes,
    graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    sizes: dict[str, float],
    bends: dict[tuple[str, str, str], float] | None = None,
) -> list[Text]:
    """Label every node, greedily: the best connected first, each at the first spot around its node (right, left,
    above, below, diagonals, between; then farther out, with a thin leader line) that overlaps no label placed so
    far, no other node and stays inside the axes, else at the spot that overlaps least (labels over labels cost the
    most). Arrowheads (of the edges in `bends`, edge -> arc3 bend) count as nodes: a label never hides which way an
    edge points. Each label is measured once; its box at each spot follows from its size and alignment. Returns
    the labels (matplotlib Text, gid `label:<node>`)."""
    from matplotlib.lines import Line2D

    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_pixels, to_data = ax.transData.transform, ax.transData.inverted().transform
    scale = fig.dpi / 72.0
    style: dict[str, Any] = {"fontsize": _FONT_SIZE, "color": "#222222", "zorder": 4, "parse_math": False}
    style["bbox"] = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    centres = {node: (float(x), float(y)) for node, (x, y) in zip(positions, to_pixels(list(positions.values())), strict=True)}
    nodes = _Grid(60.0)
    node_boxes: dict[str, Box] = {}
    for node, (px, py) in centres.items():
        r = math.sqrt(sizes[node]) / 2 * scale
        node_boxes[node] = (px - r, py - r, px + r, py + r)
        nodes.add(node_boxes[node])
    for (u, v, _), rad in sorted((bends or {}).items()):
        if u != v:
            nodes.add(_arrowhead(centres[u], centres[v], rad, node_boxes[v][2] - centres[v][0]))
    frame = ax.get_window_extent(renderer)
    frame_box = (frame.x0, frame.y0, frame.x1, frame.y1)
    labels = _Grid(60.0)
    out = []
    degree = dict(graph.degree())
    for node in sorted(graph, key=lambda v: (-degree[v], v)):
        data = graph.nodes[node]
        limit = _LABEL_CHARS + 12 if data["family"] == CLAIM_FAMILY else 2 * _LABEL_CHARS
        text = textwrap.fill(truncate(data["label"], limit), _LABEL_CHARS)
        label = ax.text(*positions[node], text, ha="left", va="bottom", **style)
        extent = label.get_window_extent(renderer)
        width, height = extent.width, extent.height
        base = (math.sqrt(sizes[node]) / 2 + 3) * scale  # pixels from the node's centre to the label
        px, py = centres[node]
        best: tuple[float, float, Box, float, float, HAlign, VAlign] | None = None
        for ring in _RINGS:
            for dx, dy, ha, va in _SPOTS:
                ax_, ay = px + dx * base * ring, py + dy * base * ring
                x0 = ax_ - {"left": 0.0, "center": width / 2, "right": width}[ha]
                y0 = ay - {"bottom": 0.0, "center": height / 2, "top": height}[va]
                box = (x0, y0, x0 + width, y0 + height)
                cost = 10 * labels.overlap(box) + nodes.overlap(box, skip=node_boxes[node])
                cost += 0.5 * max(0.0, width * height - _overlap(box, frame_box))
                cost = 0.0 if cost < _FREE else cost  # rounding, not an overlap
                if best is None or cost < best[0]:
                    best = (cost, ring, box, ax_, ay, ha, va)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, ring, box, ax_, ay, ha, va = best
        x, y = to_data((ax_, ay))
        label.set_position((x, y))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        labels.add(box)
        label.set_gid(f"label:{node}")
        if ring > 1:  # a leader line from the node to the label's anchor
            ax.add_line(Line2D([positions[node][0], x], [positions[node][1], y], color="#bbbbbb", linewidth=0.6, zorder=2.5))
        out.append(label)
    return out


def _arrowhead(start: tuple[float, float], end: tuple[float, float], rad: float, radius: float, size: float = 12.0) -> Box:
    """The box, in pixels, of the arrowhead where an arc3 edge from `start` meets the node of `radius` at `end`."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    cx, cy = (x1 + x2) / 2 + rad * dy, (y1 + y2) / 2 - rad * dx  # matplotlib's arc3 control point
    # Near its end the curve runs from the control point to the end: step back along that line.
    tx, ty = x2 - cx, y2 - cy
    norm = math.hypot(tx, ty) or length
    back = radius + size / 2
    hx, hy = x2 - tx / norm * back, y2 - ty / norm * back
    return (hx - size / 2, hy - size / 2, hx + size / 2, hy + size / 2)


def place_edge_labels(
    ax: Axes,
    graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    sizes: dict[str, float],
    bends: dict[tuple[str, str, str], float],
    node_labels: list[Text],
) -> list[Text]:
    """Name each edge's relation where it fits: small grey text at the middle of the edge's arc, or a little along
    it, drawn only where it overlaps no node, no node label and no other relation name (a figure never stacks text;
    the HTML view names every edge). Returns the names drawn (gid `edge:<from>|<relation>|<to>`)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_pixels, to_data = ax.transData.transform, ax.transData.inverted().transform
    scale = fig.dpi / 72.0
    taken = _Grid(60.0)
    for node, (px, py) in zip(positions, to_pixels(list(positions.values())), strict=True):
        r = math.sqrt(sizes[node]) / 2 * scale
        taken.add((px - r, py - r, px + r, py + r))
    for label in node_labels:
        extent = label.get_window_extent(renderer)
        taken.add((extent.x0, extent.y0, extent.x1, extent.y1))
    frame = ax.get_window_extent(renderer)
    frame_box = (frame.x0, frame.y0, frame.x1, frame.y1)
    out = []
    for (u, v, key), rad in sorted(bends.items()):
        if u == v:
            continue
        (x1, y1), (x2, y2) = to_pixels([positions[u], positions[v]])
        dx, dy = x2 - x1, y2 - y1
        name = ax.text(0, 0, graph.edges[u, v, key]["label"], fontsize=_FONT_SIZE - 2, color="#666666", style="italic",
                       ha="center", va="center", zorder=3.5, parse_math=False,
                       bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
        extent = name.get_window_extent(renderer)
        w, h = extent.width + 2, extent.height + 2
        placed = None
        for t in (0.5, 0.4, 0.6, 0.3, 0.7):
            # A point of matplotlib's arc3 curve: control point at the middle plus rad times the normal (dy, -dx).
            cx, cy = (x1 + x2) / 2 + rad * dy, (y1 + y2) / 2 - rad * dx
            bx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2
            by = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2
            box = (bx - w / 2, by - h / 2, bx + w / 2, by + h / 2)
            if taken.overlap(box) < _FREE and w * h - _overlap(box, frame_box) < _FREE:
                placed = (bx, by, box)
                break
        if placed is None:
            name.remove()
            continue
        bx, by, box = placed
        name.set_position(tuple(to_data((bx, by))))
        name.set_gid(f"edge:{u}|{key}|{v}")
        taken.add(box)
        out.append(name)
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Area shared by two boxes (x0, y0, x1, y1), in square pixels."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure as an SVG, PNG or PDF file, byte-identical for the same figure (no date, fixed SVG ids)."""
    import matplotlib

    if fmt not in _METADATA:
        raise ViewError(f"unknown figure format {fmt!r}; use one of {', '.join(_METADATA)}")
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt], dpi=_DPI, facecolor="white")
    return buffer.getvalue()


def figure_format(path: str | Path) -> str | None:
    """The figure format a file name asks for (svg, png, pdf), or None for another extension."""
    return FIGURE_FORMATS.get(Path(path).suffix.lower())


def make_figure(
    source: GraphSource,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
) -> tuple[Figure, nx.MultiDiGraph]:
    """Project, select and draw: the figure of the graph, or of the part of it asked for, and the graph drawn."""
    full = to_networkx(source, lang=lang, with_claims=with_claims)
    shown = select(full, focus=focus, depth=depth, types=types)
    return figure(shown, lang=lang, sources=sources_of(shown, full)), shown


def write_figure(
    source: GraphSource,
    output: str | Path,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] = (),
    with_claims: bool = False,
    lang: str = "en",
) -> tuple[nx.MultiDiGraph, Path]:
    """Write the figure to `output` (.svg, .png or .pdf, atomically); returns the graph drawn and the path.
    Raises ViewError for another extension."""
    fmt = figure_format(output)
    if fmt is None:
        raise ViewError(
            f"{output}: unknown figure extension {Path(output).suffix!r}; use .svg, .png or .pdf (or .html for the interactive view)"
        )
    fig, shown = make_figure(source, focus=focus, depth=depth, types=types, with_claims=with_claims, lang=lang)
    return shown, write_file(Path(output), figure_bytes(fig, fmt))
