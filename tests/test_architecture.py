"""The package's shape (docs/design.md): layers that point one way, no import cycles, small units, one of each shared
mechanism. `make test` also runs `lint-imports`; these tests say the same things in pytest's words and add what the
import-linter contracts cannot express."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "outsourcing_kg"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycle_between_any_two_modules() -> None:
    # grimp reads every import statement, at module level and inside functions alike.
    graph = grimp.build_graph("outsourcing_kg")
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # A package's __init__ importing its own modules is not a cycle of the code.
            if not imported.startswith(module + "."):
                edges.add_edge(module, imported)
    cycles = [c for c in nx.simple_cycles(edges) if not all(m == "outsourcing_kg" for m in c)]
    cycles = [c for c in cycles if "outsourcing_kg" not in c]
    assert cycles == [], f"import cycles: {cycles[:5]}"


def test_the_layer_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(PACKAGE.parents[1] / "pyproject.toml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "2 kept, 0 broken" in done.stdout


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_class_or_function_over_300_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.end_lineno - node.lineno + 1 > 300
    ]
    assert long == []


def _sources() -> dict[str, str]:
    return {_module_name(p): p.read_text(encoding="utf-8") for p in MODULES}


def _defining(pattern: str) -> list[str]:
    return sorted(name for name, text in _sources().items() if re.search(pattern, text, flags=re.MULTILINE))


def test_one_atomic_writer() -> None:
    # Only io.py makes temporary files and renames them into place.
    assert _defining(r"\bos\.replace\(|tempfile\.mkstemp\(") == ["outsourcing_kg.io"]


def test_one_union_graph_and_one_prefix_table() -> None:
    assert _defining(r"^def union_graph\(") == ["outsourcing_kg.compile.serialise"]
    assert _defining(r"^PREFIXES\b.*=") == ["outsourcing_kg.project"]
    assert _defining(r"^def with_prefixes\(|^def _with_prefixes\(") == ["outsourcing_kg.graph.sparql"]


def test_one_entity_index_and_no_other_fuzzy_matcher() -> None:
    assert _defining(r"^class EntityIndex\b") == ["outsourcing_kg.names"]
    # Suggestions come from rapidfuzz through names.py, never from difflib or a hand-written edit distance.
    assert _defining(r"get_close_matches|def edit_distance") == []
    assert _defining(r"^\s*(from|import) rapidfuzz") == ["outsourcing_kg.names"]


def test_library_errors_never_name_command_line_flags() -> None:
    # Only cli.py knows the flags; library messages name parameters in words.
    flag_in_message = re.compile(r"""(Error|raise)\b[^\n]*["'][^"'\n]*\s--[a-z][a-z-]+""")
    offenders = sorted(name for name, text in _sources().items() if name != "outsourcing_kg.cli" and flag_in_message.search(text))
    assert offenders == []


def test_no_internal_ticket_numbers_in_the_code() -> None:
    assert _defining(r"#.*\b[Ii]ssue \d+|^\s*\"\"\".*\b[Ii]ssue \d+") == []


@pytest.mark.parametrize("script", sorted(p.name for p in (PACKAGE.parents[1] / "bench").glob("*.py") if not p.name.startswith("_")))
def test_every_benchmark_says_what_it_measures_with_help(script: str) -> None:
    """Benchmarks are run as users run them: each takes --help and names its options (issue 17)."""
    bench = PACKAGE.parents[1] / "bench"
    done = subprocess.run([sys.executable, str(bench / script), "--help"], capture_output=True, text=True, timeout=120, cwd=bench.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:") and "--help" in done.stdout


def test_the_views_benchmark_writes_its_table_between_its_markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import importlib.util

    bench = PACKAGE.parents[1] / "bench" / "views_bench.py"
    monkeypatch.syspath_prepend(str(bench.parent))  # as when run as a script: bench/_docs.py is importable
    spec = importlib.util.spec_from_file_location("views_bench", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = tmp_path / "page.md"
    page.write_text(f"before\n{module.BEGIN}\nold table\n{module.END}\nafter\n", encoding="utf-8")
    row = {"nodes": 10000, "edges": 19995, "project": 6.7, "render": 1.8, "size": 2.9e6, "pyvis": 8.8, "pyvis_size": 4.1e6}
    row |= {"to_pyvis": 3.8, "from_nx": 20.8, "figure": None, "usable": (0.58, 0.72), "gap": (99.0, 114.0)}
    args = argparse.Namespace(browser=True, runs=3)
    module.write_docs(page, module.markdown([row], args, "bench/views_bench.py --browser", ((0.1, 0, 0), (0.2, 0, 0))))
    text = page.read_text(encoding="utf-8")
    assert text.startswith("before\n") and text.endswith(f"{module.END}\nafter\n") and "old table" not in text
    expected = "| 10,000 | 19,995 | 6.70 s | 1.80 s | 2.90 MB | 8.80 s | 4.10 MB | 3.80 s | 20.8 s | not run |"
    assert expected + " 0.58 s (0.72 s) | 99 ms (114 ms) |" in text
    page.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape("no <!-- bench/views_bench.py: begin -->")):
        module.write_docs(page, "x")
