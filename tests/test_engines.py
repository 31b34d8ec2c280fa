"""Stores behind one interface (graph/engines.py): Oxigraph on disk, reopened without parsing; timeouts; bad specs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from outsourcing_kg import load
from outsourcing_kg.cli import main
from outsourcing_kg.errors import KGError, QueryError
from outsourcing_kg.graph.engines import parse_store
from outsourcing_kg.project import Project


def test_store_is_persistent_and_reopened_without_parsing(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "store"
    first = load(store=f"oxigraph:{path}", project=project, create=True)
    count = len(first)
    assert count == len(load(project=project))
    # A fresh process reopens the folder; the build file is not needed any more.
    code = (
        "import outsourcing_kg as okg, sys\n"
        f"kg = okg.load(store='oxigraph:{path}', project=okg.project.Project.default({str(ROOT)!r}))\n"
        "print(len(kg), kg.query('sector_figures')['value'].sum())\n"
    )
    del first
    from outsourcing_kg.graph import engines as backends

    backends._OPEN.clear()  # release the lock so another process can open it
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(count), str(14_000_000_000 + 1_300_000_000 + 120_000)]


def test_reload_replaces_contents(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "store"
    small = tmp_path / "small.nt"
    small.write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", encoding="utf-8")
    assert len(load(small, store=f"oxigraph:{path}", project=project)) == 1
    assert len(load(store=f"oxigraph:{path}", project=project)) == 1  # reopened as it is
    assert len(load(store=f"oxigraph:{path}", project=project, reload=True)) > 1000  # the build again


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("oxygen:/tmp/x", "unknown store 'oxygen:/tmp/x'; use `memory` or `oxigraph:PATH`"),
        ("oxigraph:", "unknown store"),
        ("oxigraph-memory:", "unknown store"),
        ("rdflib:/tmp/x", "unknown store"),
    ],
)
def test_bad_store_spec(spec: str, message: str) -> None:
    with pytest.raises(KGError, match=message):
        parse_store(spec)


def test_store_path_that_is_a_file(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(KGError, match="not a folder"):
        load(store=f"oxigraph:{path}", project=project)


def test_bad_rdf_into_store_is_one_line(tmp_path: Path, project: Project) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"bad.nt: not valid n-triples"):
        load(bad, store=f"oxigraph:{tmp_path / 'store'}", project=project)


def test_large_files_load_in_pieces_and_errors_name_the_line_in_the_file(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outsourcing_kg.graph import engines as backends

    monkeypatch.setattr(backends, "LOAD_CHUNK_BYTES", 200)  # a few lines per piece
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "{i}" <https://example.org/g> .\n' for i in range(40)]
    good = tmp_path / "good.nq"
    good.write_text("".join(lines), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    store = backends.open_oxigraph(tmp_path / "store", good, progress=lambda done, total: seen.append((done, total)))
    assert len(store) == 40
    assert len(seen) > 5 and seen[-1] == (good.stat().st_size, good.stat().st_size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    bad = tmp_path / "bad.nq"
    bad.write_text("".join(lines[:30]) + "<https://example.org/s> <https://example.org/p> oops .\n" + "".join(lines[30:]), encoding="utf-8")
    with pytest.raises(KGError, match=r"bad.nq: not valid n-quads: Parser error at line 31 between columns") as info:
        load(bad, store=f"oxigraph:{tmp_path / 'store2'}", project=project)
    assert "\n" not in str(info.value)
    with pytest.raises(KGError, match="no Oxigraph store at"):  # the 30 good lines before it went with the half-made store
        backends.open_oxigraph(tmp_path / "store2", None)
    with pytest.raises(KGError, match=r"bad.nq: not valid n-quads"):  # a failed load leaves an existing store as it was
        backends.open_oxigraph(tmp_path / "store", bad, reload=True)
    assert len(backends.open_oxigraph(tmp_path / "store", None)) == 40
    assert sorted(p.name for p in tmp_path.iterdir() if "store" in p.name) == ["store"]  # nothing left beside it


def test_turtle_and_trig_load_as_a_stream_in_batches(tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from outsourcing_kg.graph import engines as backends

    monkeypatch.setattr(backends, "LOAD_BATCH_QUADS", 100)
    seen: list[int] = []
    store = backends.open_oxigraph(tmp_path / "store", project.build_dir / "okg.trig", progress=lambda done, total: seen.append(done))
    memory = load(project=project)
    assert len(store) == len(memory) and len(seen) >= len(memory) // 100
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b oops .\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"bad.ttl: not valid turtle: Parser error at line 3"):
        load(bad, store=f"oxigraph:{tmp_path / 'store2'}", project=project)


def test_query_timeout(project: Project) -> None:
    kg = load(project=project, timeout=0.001)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match=r"took longer than 0.001 s"):
        kg.sparql_result(slow)


def test_cli_store_option(tmp_path: Path, runner: CliRunner, project: Project) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    built = runner.invoke(main, ["build", "--store", spec, "--project", str(project.root)], catch_exceptions=False)
    assert built.exit_code == 0 and "loaded " in built.output and f"into {spec}" in built.output
    memory = runner.invoke(main, ["query", "figures", "--format", "csv", "--project", str(project.root)], catch_exceptions=False)
    oxigraph = runner.invoke(main, ["query", "figures", "--format", "csv", "--store", spec, "--project", str(project.root)])
    assert oxigraph.exit_code == 0 and oxigraph.output == memory.output
    summary = runner.invoke(main, ["summary", "--store", spec, "--project", str(project.root)])
    assert summary.output.splitlines()[0] == runner.invoke(main, ["summary", "--project", str(project.root)]).output.splitlines()[0]
    valid = runner.invoke(main, ["validate", "--store", spec, "--project", str(project.root)])
    assert valid.exit_code == 0 and valid.output.startswith("conforms: ")
    bad = runner.invoke(main, ["query", "figures", "--store", "mongo:x", "--project", str(project.root)])
    assert bad.exit_code == 2 and bad.output.startswith("Error: unknown store 'mongo:x'")
    update = runner.invoke(main, ["sparql", "-", "--store", spec, "--project", str(project.root)], input="CLEAR ALL")
    assert update.exit_code == 2 and "SPARQL Update is refused" in update.output


def test_cli_load_puts_a_file_in_a_store_that_other_verbs_reopen(tmp_path: Path, runner: CliRunner, project: Project) -> None:
    from outsourcing_kg.synth import write_synthetic

    data = tmp_path / "synth.nq"
    written = write_synthetic(data, 3000, seed=5, project=project)
    spec = f"oxigraph:{tmp_path / 'store'}"
    root = ["--project", str(project.root)]
    loaded = runner.invoke(main, ["load", str(data), "--store", spec, *root], catch_exceptions=False)
    assert loaded.exit_code == 0 and loaded.output == f"loaded {written} statements into {spec}\n"
    figures = runner.invoke(main, ["query", "figures", "--format", "csv", "--store", spec, *root])
    assert figures.exit_code == 0 and " : bilan 20" in figures.output
    again = runner.invoke(main, ["load", str(project.build_dir / "okg.trig"), "--store", spec, *root])
    assert again.exit_code == 0 and " : bilan 20" not in runner.invoke(main, ["query", "figures", "--store", spec, *root]).output
    memory = runner.invoke(main, ["load", str(data), "--store", "memory", *root])
    assert memory.exit_code == 2 and memory.output == (
        "Error: okg load needs --store oxigraph:PATH (or OKG_STORE): the memory store lasts one command\n"
    )
    missing = runner.invoke(main, ["load", str(tmp_path / "nope.nq"), "--store", spec, *root])
    assert missing.exit_code == 2 and "nope.nq: no such file to load" in missing.output and "Traceback" not in missing.output


def test_build_loads_unchanged_into_oxigraph(project: Project) -> None:
    # Oxigraph folds derived integer types and non-canonical decimals; the build avoids both.
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(project.build_dir / "okg.trig"), format=ox.RdfFormat.TRIG)
    dumped = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    triples = {line.rsplit(" <", 1)[0] + " ." for line in dumped.splitlines() if line}
    assert triples == set((project.build_dir / "okg.nt").read_text(encoding="utf-8").splitlines())


# -- stores are whole or refused ---------------------------------------------------------------------------------


def _okg_load(data: Path, spec: str, project: Project) -> subprocess.Popen[bytes]:
    script = "import sys; from outsourcing_kg.cli import main; sys.exit(main())"
    args = [sys.executable, "-c", script, "load", str(data), "--store", spec, "--project", str(project.root)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _quads_in(path: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(path)))


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_an_interrupted_load_leaves_the_store_as_it_was_or_fully_loaded(tmp_path: Path, project: Project, signal_name: str) -> None:
    import signal
    import time

    from outsourcing_kg.synth import write_synthetic

    data = tmp_path / "synth.nq"
    new = write_synthetic(data, 120_000, seed=3, project=project)
    path = tmp_path / "store"
    spec = f"oxigraph:{path}"
    first = _okg_load(project.build_dir / "okg.trig", spec, project)
    assert first.wait(timeout=120) == 0
    old = _quads_in(path)
    outcomes = set()
    # Interrupt at several points: while starting, while parsing, and around the swap.
    for delay in (0.3, 1.0, 2.0, 3.0, 4.5):
        loading = _okg_load(data, spec, project)
        time.sleep(delay)
        loading.send_signal(getattr(signal, signal_name))
        code = loading.wait(timeout=120)
        count = _quads_in(path)
        assert count in (old, new), f"interrupted after {delay} s: {count} quads, neither the old {old} nor the new {new}"
        outcomes.add(count)
        if code == 0 or count == new:  # it finished before the signal: start again from the old contents
            assert _okg_load(project.build_dir / "okg.trig", spec, project).wait(timeout=120) == 0
        if signal_name == "SIGINT" and code != 0:
            _, err = loading.communicate()
            assert b"Traceback" not in err
    assert old in outcomes  # at least one interruption came before the swap


def test_a_mistyped_store_path_is_refused_not_created(tmp_path: Path, runner: CliRunner, project: Project) -> None:
    from outsourcing_kg.graph.engines import NoStore

    typo = tmp_path / "stor"
    with pytest.raises(NoStore, match=r"no Oxigraph store at .*stor; create one by loading"):
        load(store=f"oxigraph:{typo}", project=project)
    for verb in (["query", "figures"], ["summary"], ["sparql", "-"], ["export", "--format", "nt"], ["serve"]):
        done = runner.invoke(main, [*verb, "--store", f"oxigraph:{typo}", "--project", str(project.root)], input="ASK {}")
        assert done.exit_code == 2, verb
        assert done.output.startswith(f"Error: no Oxigraph store at {typo}"), (verb, done.output)
        assert "Traceback" not in done.output
    assert not typo.exists()


def test_a_store_that_was_never_completed_is_refused(tmp_path: Path, runner: CliRunner, project: Project) -> None:
    import gc

    import pyoxigraph as ox

    from outsourcing_kg.graph.engines import IncompleteStore

    half = tmp_path / "half"
    store = ox.Store(str(half))  # a store folder with part of a graph and no completion marker
    store.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/b"), ox.Literal("c")))
    del store
    gc.collect()
    with pytest.raises(IncompleteStore, match=r"half was never completed \(a load was interrupted\); rebuild it by loading a file"):
        load(store=f"oxigraph:{half}", project=project)
    done = runner.invoke(main, ["query", "figures", "--store", f"oxigraph:{half}", "--project", str(project.root)])
    assert done.exit_code == 2 and done.output.startswith(f"Error: {half} was never completed")
    # Loading into it again rebuilds it whole.
    assert len(load(store=f"oxigraph:{half}", project=project, reload=True)) > 1000


def test_serving_a_store_counts_what_it_holds(tmp_path: Path, project: Project) -> None:
    from servers import free_port

    from outsourcing_kg.graph.engines import store_info
    from outsourcing_kg.outputs.server import serve_store

    path = tmp_path / "store"
    kg = load(store=f"oxigraph:{path}", project=project, create=True)
    count = len(kg)
    del kg
    from outsourcing_kg.graph import engines

    engines._OPEN.clear()
    with serve_store(path, project, port=free_port()) as server:
        assert server.triples == count == store_info(path).quads > 1000
        assert server.graphs == sorted(server.graphs) and len(server.graphs) == 3


def test_statements_are_counted_alike_in_memory_and_in_oxigraph(tmp_path: Path, project: Project) -> None:
    """A statement is a quad: a triple in two named graphs counts twice, in memory as in an Oxigraph store."""
    data = tmp_path / "twice.trig"
    data.write_text(
        "<urn:x:g1> { <urn:x:a> <urn:x:p> <urn:x:b> . <urn:x:a> <urn:x:p> 1 . }\n<urn:x:g2> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n",
        encoding="utf-8",
    )
    assert len(load(data, project=project)) == 3
    assert len(load(data, store=f"oxigraph:{tmp_path / 'store'}", project=project)) == 3
    assert len(load(project=project)) == len(load(store=f"oxigraph:{tmp_path / 'build'}", project=project, create=True))


def test_the_default_memory_store_is_oxigraph_and_answers_as_rdflib_does(project: Project) -> None:
    """okg.load() parses the build with pyoxigraph and answers with Oxigraph; rdflib (store="rdflib") gives the same
    rows, records and printed cells for every named query; the rdflib Dataset is parsed only when asked for."""
    from outsourcing_kg.graph.engines import OxigraphEngine, RdflibEngine
    from outsourcing_kg.graph.queries import list_queries
    from outsourcing_kg.graph.results import plain_text

    fast, reference = load(project=project), load(project=project, store="rdflib")
    assert isinstance(fast.engine, OxigraphEngine) and isinstance(reference.engine, RdflibEngine)
    assert fast._dataset is None  # nothing has needed rdflib yet
    assert len(fast) == len(reference)
    required = {"entity_profile": {"entity": "org/intelcia"}}
    for query in list_queries(project):
        for lang in ("en", "fr"):
            params = {**required.get(query.name, {}), "lang": lang} if any(p.name == "lang" for p in query.params) else {}
            got, want = fast.query_result(query.name, **params), reference.query_result(query.name, **params)
            assert got.columns == want.columns, query.name
            assert got.rows == want.rows, query.name
            assert got.records() == want.records(), query.name
            assert [[plain_text(v) for v in row] for row in got.terms] == [[plain_text(v) for v in row] for row in want.rows]
    assert fast.label("org/intelcia") == reference.label("org/intelcia")
    assert fast.entity_index().resolve("FMES") == reference.entity_index().resolve("FMES")
    assert len(fast.dataset) == len(reference.dataset)  # made on first use, from the same file


def test_a_query_on_the_article_graph_imports_neither_rdflib_nor_pandas(project: Project) -> None:
    """What keeps `okg query`, `okg sparql` and `okg summary` within a few times Python's start (see bench/scale.py):
    the Oxigraph engine, results read from pyoxigraph's terms, and the compiler and outputs imported only when used."""
    script = (
        "import sys\n"
        "from outsourcing_kg.cli import main\n"
        "for verb in (['query', 'sector_figures', '--format', 'csv'], ['query', 'figures'], ['summary']):\n"
        "    try:\n"
        "        main([*verb, '--project', sys.argv[1]])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "heavy = sorted(m for m in ('rdflib', 'pandas', 'pyshacl', 'networkx', 'pydantic') if m in sys.modules)\n"
        "print('heavy:', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(project.root)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "heavy: []"
    assert "sector" in done.stdout or "revenue" in done.stdout


def test_oxigraph_memory_is_a_copy_of_the_store_on_disk(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "store"
    on_disk = load(store=f"oxigraph:{path}", project=project, create=True)
    copy = load(store=f"oxigraph-memory:{path}", project=project)
    assert copy.store == f"oxigraph-memory:{path}" and len(copy) == len(on_disk)
    assert copy.query_result("figures").rows == on_disk.query_result("figures").rows
    copy.engine.store.clear()  # type: ignore[attr-defined]
    assert len(copy) == 0 and len(load(store=f"oxigraph:{path}", project=project)) == len(on_disk)  # the disk is untouched
    with pytest.raises(KGError, match="no Oxigraph store at"):
        load(store=f"oxigraph-memory:{tmp_path / 'nothing'}", project=project)


def test_a_timeout_stops_waiting_for_oxigraph(project: Project) -> None:
    """pyoxigraph evaluates in native code, which no signal interrupts: the Oxigraph engine waits in another thread."""
    kg = load(project=project, timeout=0.2)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match=r"took longer than 0.2 s"):
        kg.sparql_result(slow)


def test_reading_an_answer_pauses_the_garbage_collector_and_restores_it(project: Project) -> None:
    """Large answers are read with the cyclic collector paused (results.collector_paused); afterwards it is as it was,
    also when reading fails, and a collector the caller turned off stays off."""
    import gc

    from outsourcing_kg.graph.results import collector_paused

    states: list[bool] = []
    with collector_paused():
        states.append(gc.isenabled())
    assert states == [False] and gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("while reading")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    kg = load(project=project)
    assert len(kg.query("claims_by_claimant")) > 0 and gc.isenabled()
    with pytest.raises(QueryError):
        kg.sparql("SELECT ?x WHERE { ?x ?p ?o } ORDER BY (1/0")
    assert gc.isenabled()
