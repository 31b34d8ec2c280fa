"""Static figures (outputs/figures.py): what is drawn, labels without overlaps, byte-identical files, the CLI."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.outputs import figures
from outsourcing_kg.outputs.projection import ViewError, select
from outsourcing_kg.project import Project

TITLE = "Covid-19 & Relation client : Le grand déclic"


def _labels(fig: Figure, kind: str = "label:") -> dict[str, Any]:
    """Node labels by node (kind "label:"), or relation names by "from|relation|to" (kind "edge:")."""
    return {t.get_gid().removeprefix(kind): t for t in fig.axes[0].texts if (t.get_gid() or "").startswith(kind)}


def _overlaps(fig: Figure, graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Pairs of texts (node labels, relation names) whose boxes intersect, and texts over another node's marker, in
    display pixels."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = {**_labels(fig), **{f"edge:{k}": t for k, t in _labels(fig, "edge:").items()}}
    boxes = {node: text.get_window_extent(renderer) for node, text in texts.items()}
    out = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(sorted(boxes.items()), 2) if box_a.overlaps(box_b)]
    ax = fig.axes[0]
    for collection in ax.collections:
        if collection.get_offsets().shape[0] and collection.get_gid() and collection.get_gid().startswith("nodes:"):
            members = collection.get_gid().removeprefix("nodes:").split("|")
            for member, point in zip(members, ax.transData.transform(collection.get_offsets()), strict=True):
                for node, box in boxes.items():
                    if node != member and box.contains(*point):
                        out.append((node, member))
    # Arrowheads: the last sub-path of each drawn arrow (data coordinates), never under a node label.
    fig.canvas.draw()
    for number, patch in enumerate(ax.patches):
        path = patch.get_path()  # type: ignore[attr-defined]
        head = max(i for i, code in enumerate(path.codes) if code == MplPath.MOVETO)
        points = ax.transData.transform(path.vertices[head:-1])
        for node, text in _labels(fig).items():
            box = text.get_window_extent(renderer)
            if any(box.contains(*point) for point in points):
                out.append((node, f"arrowhead {number}"))
    return out


@pytest.fixture(scope="module")
def figure_and_graph(kg: KnowledgeGraph) -> tuple[Figure, nx.MultiDiGraph]:
    return figures.make_figure(kg)


def test_figure_draws_every_node_with_its_class_style(kg: KnowledgeGraph, figure_and_graph: tuple[Figure, nx.MultiDiGraph]) -> None:
    fig, graph = figure_and_graph
    assert isinstance(fig, Figure) and (graph.number_of_nodes(), graph.number_of_edges()) == (23, 27)
    labels = _labels(fig)
    assert sorted(labels) == sorted(graph)
    assert labels["org/intelcia"].get_text() == "Intelcia"
    classes = graph.graph["classes"]
    drawn = {}
    for collection in fig.axes[0].collections:
        gid = collection.get_gid() or ""
        if gid.startswith("nodes:"):
            for member in gid.removeprefix("nodes:").split("|"):
                drawn[member] = to_hex(collection.get_facecolor()[0])
    assert drawn == {n: classes[d["class"]]["color"] for n, d in graph.nodes(data=True)}
    legend = fig.legends[0]
    rows = [t.get_text() for t in legend.get_texts()]
    assert "company (2)" in rows and "segment (4)" in rows and len(rows) == len(classes)
    texts = [t.get_text() for t in fig.texts]
    assert "outsourcing-kg: outsourcing ecosystem" in texts
    assert f"Source: « {TITLE} »" in texts  # the caption names the source document


@pytest.mark.parametrize(
    ("focus", "with_claims"), [(None, False), ("intelcia", False), ("sector/outsourcing-morocco", True)], ids=["full", "intelcia", "claims"]
)
def test_labels_overlap_neither_each_other_nor_other_nodes(kg: KnowledgeGraph, focus: str | None, with_claims: bool) -> None:
    fig, graph = figures.make_figure(kg, focus=focus, with_claims=with_claims)
    if with_claims:
        assert graph.number_of_nodes() >= 45  # the size the placement is meant for: about 50 nodes
    assert len(_labels(fig)) == graph.number_of_nodes()
    names = _labels(fig, "edge:")
    assert len(names) >= graph.number_of_edges() / 2  # relation names where they fit: most of them
    for key, text in names.items():
        u, relation, v = key.split("|")
        assert text.get_text() == graph.edges[u, v, relation]["label"]
    assert _overlaps(fig, graph) == []


def test_overlap_measure_can_fail(kg: KnowledgeGraph) -> None:
    # Every label forced onto the same spot must be reported, or the test above proves nothing.
    fig, graph = figures.make_figure(kg, focus="fmes")
    labels = _labels(fig)
    for text in labels.values():
        text.set_position(next(iter(labels.values())).get_position())
    assert len(_overlaps(fig, graph)) >= len(labels) - 1


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_files_are_byte_identical_run_to_run(kg: KnowledgeGraph, fmt: str) -> None:
    first = figures.figure_bytes(figures.make_figure(kg, focus="intelcia")[0], fmt)
    second = figures.figure_bytes(figures.make_figure(kg, focus="intelcia")[0], fmt)
    assert first == second
    assert {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt] == first[: {"svg": 5, "png": 4, "pdf": 4}[fmt]]
    assert b"CreationDate" not in first and b"<dc:date>" not in first


def test_text_is_never_markup_or_mathtext(xss_kg: KnowledgeGraph, kg: KnowledgeGraph) -> None:
    fig, _ = figures.make_figure(xss_kg, focus="org/evil-corp")
    svg = figures.figure_bytes(fig, "svg").decode("utf-8")
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;img src=x" in svg  # the label, escaped as XML text
    graph = select(kg.to_networkx(), focus="intelcia", depth=1)
    graph.nodes["org/intelcia"]["label"] = "$14 bn$ and 20 $"
    drawn = figures.figure(graph)
    assert _labels(drawn)["org/intelcia"].get_text() == "$14 bn$ and 20 $"
    assert "$14 bn$ and 20 $" in figures.figure_bytes(drawn, "svg").decode("utf-8")  # as typed, not as mathematics


def test_figure_in_french(kg: KnowledgeGraph) -> None:
    fig, _ = figures.make_figure(kg, focus="intelcia", lang="fr")
    texts = [t.get_text() for t in fig.texts]
    assert "outsourcing-kg: autour de Intelcia (2 sauts)" in texts and f"Source : « {TITLE} »" in texts
    assert fig.legends[0].get_title().get_text() == "Légende"
    assert "entreprise (1)" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_crowded_figure_warns(kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outsourcing_kg.outputs import views

    assert views.write_output(kg, tmp_path / "a.svg").warnings == []
    monkeypatch.setattr(figures, "CROWDED", 20)
    written = views.write_output(kg, tmp_path / "b.svg")
    assert written.kind == "svg" and written.path.is_file()
    assert written.warnings == [
        "23 nodes is a crowded figure: labels may sit far from their nodes; narrow it to an entity's neighbourhood (focus) or to some types"
    ]


def test_figure_bad_input(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match=r"x\.gif: unknown figure extension '\.gif'; use \.svg, \.png or \.pdf"):
        figures.write_figure(kg, tmp_path / "x.gif")
    with pytest.raises(ViewError, match="unknown figure format 'gif'"):
        figures.figure_bytes(Figure(), "gif")
    with pytest.raises(ViewError, match="the selection is empty"):
        figures.figure(nx.MultiDiGraph())
    assert list(tmp_path.iterdir()) == []


# -- CLI -----------------------------------------------------------------------------


def test_view_cli_writes_svg_and_png(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    svg, png = tmp_path / "ecosystem.svg", tmp_path / "intelcia.png"
    result = runner.invoke(main, ["view", "-o", str(svg), "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0 and result.output == f"wrote {svg} (23 nodes, 27 edges)\n"
    text = svg.read_text(encoding="utf-8")
    shown = {re.sub(r"\s+", " ", t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", text)}
    assert {"Intelcia", "Youssef Chraibi", "Covid-19 health crisis"} <= shown  # node labels as SVG text
    assert '<g id="okg-legend">' in text and "Legend" in shown and "company (2)" in shown
    assert "Date" not in text and "<dc:date>" not in text
    again = runner.invoke(main, ["view", "-o", str(tmp_path / "again.svg"), "--project", str(project.root)], catch_exceptions=False)
    assert again.exit_code == 0 and (tmp_path / "again.svg").read_bytes() == svg.read_bytes()
    focused = runner.invoke(main, ["view", "--focus", "intelcia", "-o", str(png), "--project", str(project.root)], catch_exceptions=False)
    assert focused.output == f"wrote {png} (6 nodes, 5 edges)\n"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
