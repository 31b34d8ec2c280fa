"""GraphML and GEXF exports (outputs/network.py): valid for strict independent readers, clean and byte-identical."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers import missing

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.outputs.network import export_gexf, export_graphml
from outsourcing_kg.project import Project

READER = Path(__file__).parent / "js" / "read.mjs"


def read_strictly(path: Path) -> dict[str, object]:
    """graphology's GraphML or GEXF parser (npm), run with node: it throws on duplicate or invalid edge ids."""
    node = shutil.which("node")
    if node is None or not (READER.parent / "node_modules" / "graphology").is_dir():
        missing("node and tests/js/node_modules (npm ci --prefix tests/js) are needed to read the exports strictly")
    assert node is not None
    done = subprocess.run([node, str(READER), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("with_claims", [False, True], ids=["entities", "with-claims"])
def test_a_strict_reader_reads_every_node_and_edge(kg: KnowledgeGraph, tmp_path: Path, fmt: str, with_claims: bool) -> None:
    path = tmp_path / f"okg.{fmt}"
    write = export_graphml if fmt == "graphml" else export_gexf
    write(kg, path, with_claims=with_claims)
    graph = kg.to_networkx(with_claims=with_claims)
    read = read_strictly(path)
    assert (read["nodes"], read["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    sample = read["sample"][0]  # type: ignore[index]
    assert sample["entity"] in graph  # the entity id is kept as data


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_ids_are_unique_valid_xml_names(kg: KnowledgeGraph, fmt: str) -> None:
    import re

    data = (export_graphml if fmt == "graphml" else export_gexf)(kg).decode("utf-8")
    node_ids = re.findall(r'<node id="([^"]+)"', data)
    edge_ids = re.findall(r'<edge[^>]* id="([^"]+)"', data)
    assert len(set(edge_ids)) == len(edge_ids) == kg.to_networkx().number_of_edges()
    # GraphML ids are xs:NMTOKEN (no "/"); GEXF's are strings, which networkx numbers.
    assert all(re.fullmatch(r"[\w.-]+", i) for i in node_ids + edge_ids)
    assert node_ids == [f"n{i}" for i in range(len(node_ids))]


def test_gexf_holds_no_date_and_no_networkx_internals(kg: KnowledgeGraph) -> None:
    data = export_gexf(kg)
    assert b"lastmodifieddate" not in data and b"networkx_key" not in data


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_are_byte_identical_across_runs(project: Project, tmp_path: Path, fmt: str) -> None:
    import os
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        script = "import sys; from outsourcing_kg.cli import main; sys.exit(main())"
        args = [sys.executable, "-c", script, "export", "--format", fmt, "-o", str(out), "--project", str(project.root)]
        subprocess.run(args, check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_network_export_takes_a_language_and_reports_nodes_and_edges(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "fr.gexf"
    result = runner.invoke(main, ["export", "--format", "gexf", "--lang", "fr", "-o", str(out), "--project", str(project.root)])
    assert result.exit_code == 0
    assert result.output.strip().endswith("(GEXF, application/gexf+xml): 23 nodes, 27 edges")
    assert "document source" in out.read_text(encoding="utf-8")  # class labels in French
