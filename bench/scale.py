"""Scale benchmark: okg against raw pyoxigraph and rdflib, on disk and in memory, every figure measured in one run.

For each size of `okg synth` data (seed 1) it measures, each load in a process of its own (so peak memory is its own):
okg's load into an Oxigraph store on disk against one raw pyoxigraph `bulk_load`, okg's default in-memory load
against a raw pyoxigraph `Store.load`, opening the on-disk store as `oxigraph-memory:PATH`, and rdflib's parse. Then
every named query, okg and raw pyoxigraph taken in turn on the same kind of store (disk, then memory), each the median
of --runs; the same query's text before issue 17's rewrite (bench/queries_before/; for `unreviewed`, added during
the issue, its first text) on both stores, with a check that its rows
are the rows of today's text; rdflib on each query (capped); rows to a DataFrame; an N-Quads export. Last, cold starts
of the commands on the article's graph against `python -c "import click"`, measured in turn, median of --cold-runs.

Ratios are against baselines of the same run. `--docs docs/scale.md` rewrites the tables between the markers
`<!-- bench/scale.py: begin -->` and `<!-- bench/scale.py: end -->` of that page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _docs import replace_between

ROOT = Path(__file__).resolve().parents[1]
BEFORE = Path(__file__).resolve().parent / "queries_before"
BIG_ROWS = 100_000
PARAMS = {"entity_profile": {"entity": "org/synth-company-1"}, "unnamed_executive_statements": {"organisation": "org/synth-company-1"}}
#: Named queries measured a second time with a parameter: (the row's name, the query, its parameters).
VARIANTS = [("claims_by_claimant (one claimant)", "claims_by_claimant", {"by": "person/youssef-chraibi"})]
TARGETS = {"load": 1.3, "bytes_per_triple": 1024, "query_seconds": 1.0, "cold": 3.0}
BEGIN, END = "<!-- bench/scale.py: begin -->", "<!-- bench/scale.py: end -->"


def _queries() -> list[tuple[str, str, str | None]]:
    """(name, today's text, text before issue 17 or None), parameters bound."""
    from outsourcing_kg.graph.queries import bind_values, list_queries, resolve_params
    from outsourcing_kg.project import Project

    project = Project.default(ROOT)
    out = []
    for q in list_queries(project):
        bound = resolve_params(q, PARAMS.get(q.name, {}), project)
        old = BEFORE / f"{q.name}.rq"
        out.append((q.name, bind_values(q.text, bound), bind_values(old.read_text(encoding="utf-8"), bound) if old.is_file() else None))
    by_name = {q.name: q for q in list_queries(project)}
    for label, name, params in VARIANTS:
        q, old = by_name[name], BEFORE / f"{name}.rq"
        bound = resolve_params(q, params, project)
        out.append((label, bind_values(q.text, bound), bind_values(old.read_text(encoding="utf-8"), bound) if old.is_file() else None))
    return out


def _raw_rows(store: Any, text: str) -> list[list[Any]]:
    """What a raw pyoxigraph user does: run the query (prefixes declared) and read every solution."""
    from outsourcing_kg.graph.sparql import with_prefixes

    answer = store.query(with_prefixes(text)[0], use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [[solution[n] for n in names] for solution in answer]


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _median_of(runs: int, run: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# -- children: each runs in its own process -------------------------------------------------------------------------


def child_okg_disk(data: Path, work: Path, runs: int) -> dict[str, Any]:
    """okg loads the file into its on-disk store; then 100k rows become a DataFrame."""
    import pandas  # noqa: F401 (imported before timing: its import is not the conversion's cost)

    import outsourcing_kg as okg
    from outsourcing_kg.graph.results import to_dataframe
    from outsourcing_kg.project import Project

    start = time.perf_counter()
    kg = okg.load(data, store=f"oxigraph:{work / 'okg-store'}", project=Project.default(ROOT))
    out: dict[str, Any] = {"load": time.perf_counter() - start, "triples": len(kg)}
    text = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {BIG_ROWS}"
    seconds, result = _median_of(runs, lambda: kg.engine.select(text))
    convert, frame = _median_of(runs, lambda: to_dataframe(result))
    out["big"] = {"query": seconds, "dataframe": convert, "rows": len(frame)}
    out["peak_rss"] = _peak()
    return out


def child_raw_disk(data: Path, work: Path, runs: int) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(work / "raw-store"))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    return {"load": time.perf_counter() - start, "triples": len(store), "peak_rss": _peak()}


def child_okg_memory(data: Path, work: Path, runs: int) -> dict[str, Any]:
    """okg's default: the file parsed by pyoxigraph into memory (okg.load(FILE))."""
    import outsourcing_kg as okg
    from outsourcing_kg.project import Project

    start = time.perf_counter()
    kg = okg.load(data, project=Project.default(ROOT))
    return {"load": time.perf_counter() - start, "triples": len(kg), "peak_rss": _peak()}


def child_raw_memory(data: Path, work: Path, runs: int) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.N_QUADS)
    return {"load": time.perf_counter() - start, "triples": len(store), "peak_rss": _peak()}


def child_copy_memory(data: Path, work: Path, runs: int) -> dict[str, Any]:
    """okg opens the on-disk store as `oxigraph-memory:PATH`: a copy in memory."""
    import outsourcing_kg as okg
    from outsourcing_kg.project import Project

    start = time.perf_counter()
    kg = okg.load(store=f"oxigraph-memory:{work / 'okg-store'}", project=Project.default(ROOT))
    return {"load": time.perf_counter() - start, "triples": len(kg), "peak_rss": _peak()}


def _paired(kg: Any, raw: Any, runs: int) -> dict[str, Any]:
    """Each named query through okg and through raw pyoxigraph, taken in turn (on 2 shared cores, timings taken
    minutes apart drifted by up to 30%, more than the gap measured); then the text before issue 17, raw, with its
    rows compared to today's."""
    import pandas  # noqa: F401 (imported before timing: its import is not the conversion's cost)

    from outsourcing_kg.graph.results import to_dataframe

    out: dict[str, Any] = {}
    for name, text, before in _queries():
        okg_times, raw_times, result, rows = [], [], None, []
        for run in range(runs):
            for side in ("okg", "raw") if run % 2 == 0 else ("raw", "okg"):
                start = time.perf_counter()
                if side == "okg":
                    result = kg.engine.select(text)
                    okg_times.append(time.perf_counter() - start)
                else:
                    rows = _raw_rows(raw, text)
                    raw_times.append(time.perf_counter() - start)
        assert result is not None
        entry: dict[str, Any] = {"okg": statistics.median(okg_times), "raw": statistics.median(raw_times), "rows": len(result.native)}
        entry["dataframe"], _ = _median_of(runs, lambda result=result: to_dataframe(result))
        if before is not None:
            entry["before"], old_rows = _median_of(runs, lambda before=before: _raw_rows(raw, before))
            entry["same_rows"] = [[str(t) for t in r] for r in old_rows] == [[str(t) for t in r] for r in rows]
        out[name] = entry
    return out


def child_paired_disk(data: Path, work: Path, runs: int) -> dict[str, Any]:
    import pyoxigraph as ox

    import outsourcing_kg as okg
    from outsourcing_kg.project import Project

    kg = okg.load(store=f"oxigraph:{work / 'okg-store'}", project=Project.default(ROOT))
    return _paired(kg, ox.Store(str(work / "raw-store")), runs)


def child_paired_memory(data: Path, work: Path, runs: int) -> dict[str, Any]:
    import pyoxigraph as ox

    import outsourcing_kg as okg
    from outsourcing_kg.project import Project

    kg = okg.load(data, project=Project.default(ROOT))
    raw = ox.Store()
    raw.load(path=str(data), format=ox.RdfFormat.N_QUADS)
    return _paired(kg, raw, runs)


def child_rdflib(data: Path, work: Path, runs: int, cap: float = 5.0) -> dict[str, Any]:
    import signal

    from rdflib import Dataset

    class Expired(BaseException):
        pass

    def expire(signum: int, frame: Any) -> None:
        raise Expired

    signal.signal(signal.SIGALRM, expire)
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data, format="nquads")
    out: dict[str, Any] = {"load": time.perf_counter() - start, "queries": {}}
    for name, text, _before in _queries():
        signal.setitimer(signal.ITIMER_REAL, cap)
        begin = time.perf_counter()
        try:
            rows = len(list(ds.query(text)))
            out["queries"][name] = {"seconds": time.perf_counter() - begin, "rows": rows}
        except Expired:
            out["queries"][name] = {"seconds": None, "capped_at": cap}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    out["peak_rss"] = _peak()
    return out


def child_export(data: Path, work: Path, runs: int) -> dict[str, Any]:
    """okg export to N-Quads from the on-disk store (streamed above export.STREAM_ABOVE quads)."""
    import outsourcing_kg as okg
    from outsourcing_kg.outputs import export
    from outsourcing_kg.project import Project

    kg = okg.load(store=f"oxigraph:{work / 'okg-store'}", project=Project.default(ROOT))
    start = time.perf_counter()
    result = export.export(kg, "nq", work / "okg-export.nq", project=kg.project)
    return {"seconds": time.perf_counter() - start, "quads": result.triples, "streamed": len(kg) > export.STREAM_ABOVE, "peak_rss": _peak()}


def child_raw_export(data: Path, work: Path, runs: int) -> dict[str, Any]:
    import pyoxigraph as ox

    store = ox.Store(str(work / "raw-store"))
    start = time.perf_counter()
    store.dump(str(work / "raw-export.nq"), ox.RdfFormat.N_QUADS)
    return {"seconds": time.perf_counter() - start, "peak_rss": _peak()}


CHILDREN = {
    "okg-disk": child_okg_disk,
    "raw-disk": child_raw_disk,
    "okg-memory": child_okg_memory,
    "raw-memory": child_raw_memory,
    "copy-memory": child_copy_memory,
    "paired-disk": child_paired_disk,
    "paired-memory": child_paired_memory,
    "rdflib": child_rdflib,
    "export": child_export,
    "raw-export": child_raw_export,
}


def _env() -> dict[str, str]:
    """The environment of every measured process: this checkout's code, and compiled bytecode kept as an installed
    package has it (PYTHONDONTWRITEBYTECODE would recompile every module on every start)."""
    env = dict(os.environ, OKG_HOME=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def run_child(mode: str, data: Path, work: Path, runs: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(data), str(work), str(runs)], capture_output=True,
                          text=True, check=False, env=_env())  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def measure_size(size: int, runs: int, skip_rdflib: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"okg-bench-{size}-"))
    okg_bin = str(Path(sys.executable).with_name("okg"))
    try:
        data = work / "synth.nq"
        subprocess.run([okg_bin, "synth", "--triples", str(size), "--seed", "1", "-o", str(data)], check=True, capture_output=True,
                       cwd=ROOT, env=_env())  # fmt: skip
        out = {mode: run_child(mode, data, work, runs) for mode in ("okg-disk", "raw-disk", "okg-memory", "raw-memory", "copy-memory")}
        out["queries"] = {"disk": run_child("paired-disk", data, work, runs), "memory": run_child("paired-memory", data, work, runs)}
        out["rdflib"] = None if skip_rdflib else run_child("rdflib", data, work, runs)
        out["export"], out["raw-export"] = run_child("export", data, work, runs), run_child("raw-export", data, work, runs)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


COLD = {
    "import_click": [sys.executable, "-c", "import click"],
    "okg_help": ["{okg}", "--help"],
    "query_csv": ["{okg}", "query", "sector_figures", "--format", "csv"],
    "query_table": ["{okg}", "query", "sector_figures"],
    "sparql": ["{okg}", "sparql", "{sparql}", "--format", "csv"],
    "summary": ["{okg}", "summary"],
    "load": [sys.executable, "-c", "import outsourcing_kg as okg; okg.load()"],
    "query_rdflib": ["{okg}", "query", "sector_figures", "--format", "csv", "--store", "rdflib"],
}
COLD_LABELS = {
    "okg_help": "`okg --help`",
    "query_csv": "`okg query sector_figures --format csv`",
    "query_table": "`okg query sector_figures` (a table)",
    "sparql": "`okg sparql count.rq --format csv`",
    "summary": "`okg summary`",
    "load": '`python -c "import outsourcing_kg as okg; okg.load()"`',
    "query_rdflib": "`okg query sector_figures --format csv --store rdflib` (rdflib parses and answers, as before)",
}


def cold_starts(runs: int) -> dict[str, float]:
    """Each command on the article's graph, all taken in turn `runs` times; the median of each."""
    okg_bin = str(Path(sys.executable).with_name("okg"))
    with tempfile.TemporaryDirectory() as tmp:
        sparql = Path(tmp) / "count.rq"
        sparql.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
        commands = {k: [a.format(okg=okg_bin, sparql=sparql) for a in c] for k, c in COLD.items()}
        for command in commands.values():  # once unmeasured: bytecode compiled, files in the page cache
            subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=_env())
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(runs):
            for key, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=_env())
                times[key].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


# -- reports -----------------------------------------------------------------------------------------------------------


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms"


def _times(runs: int) -> str:
    return "one run each" if runs == 1 else f"median of {runs}"


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def markdown(report: dict[str, Any]) -> str:
    """The tables of docs/scale.md, from one run's figures."""
    lines: list[str] = []
    sizes = sorted(report.get("sizes", {}), key=int)
    if sizes:
        runs = [report["sizes"][s] for s in sizes]

        def row(what: str, cells: list[str], target: str = "") -> str:
            return f"| {what} | " + " | ".join(cells) + f" | {target} |"

        def ratio(a: float, b: float) -> str:
            return f"{a:.2f} s / {b:.2f} s = **{a / b:.2f}x**"

        def per_triple(r: dict[str, Any], key: str) -> str:
            return f"{_mib(r[key]['peak_rss'])} = **{r[key]['peak_rss'] / r[key]['triples']:,.0f} B/triple**"

        def slowest(r: dict[str, Any], where: str) -> str:
            name, q = max(r["queries"][where].items(), key=lambda item: item[1]["okg"])
            return f"{q['okg']:.2f} s ({name})"

        def same(r: dict[str, Any]) -> str:
            checked = [q["same_rows"] for q in r["queries"]["memory"].values() if "same_rows" in q]
            checked += [q["same_rows"] for q in r["queries"]["disk"].values() if "same_rows" in q]
            return f"{sum(checked)} of {len(checked)}" if checked else "—"

        def frame(r: dict[str, Any]) -> str:
            big = r["okg-disk"]["big"]
            return f"{big['rows']:,} rows: {_ms(big['dataframe'])} / {_ms(big['query'])} = **{big['dataframe'] / big['query']:.2f}x**"

        def peaks(r: dict[str, Any]) -> str:
            lib = _mib(r["rdflib"]["peak_rss"]) if r["rdflib"] else "—"
            return f"{_mib(r['raw-disk']['peak_rss'])} / {_mib(r['raw-memory']['peak_rss'])} / {lib}"

        def export(r: dict[str, Any]) -> str:
            ex = r["export"]
            how = "streamed" if ex["streamed"] else "deterministic"
            return f"{ex['seconds']:.2f} s / {r['raw-export']['seconds']:.2f} s ({how}, peak {_mib(ex['peak_rss'])})"

        lines += [
            "| | " + " | ".join(f"{int(s):,} triples asked" for s in sizes) + " | target (at 1M) |",
            "|---|" + "---|" * len(sizes) + "---|",
            row("quads loaded", [f"{r['okg-disk']['triples']:,}" for r in runs]),
            row("load on disk: okg / raw `bulk_load`", [ratio(r["okg-disk"]["load"], r["raw-disk"]["load"]) for r in runs], "≤ 1.3x"),
            row("load in memory: okg / raw `Store.load`", [ratio(r["okg-memory"]["load"], r["raw-memory"]["load"]) for r in runs]),
            row("open `oxigraph-memory:` (copy of the disk store)", [f"{r['copy-memory']['load']:.2f} s" for r in runs]),
            row("load: rdflib", [f"{r['rdflib']['load']:.2f} s" if r["rdflib"] else "—" for r in runs]),
            row("peak memory, okg on disk", [per_triple(r, "okg-disk") for r in runs], "< 1,024 B/triple"),
            row("peak memory, okg in memory", [per_triple(r, "okg-memory") for r in runs]),
            row("peak memory: raw disk / raw memory / rdflib", [peaks(r) for r in runs]),
            row("slowest named query, okg in memory", [slowest(r, "memory") for r in runs], "< 1 s"),
            row("slowest named query, okg on disk", [slowest(r, "disk") for r in runs]),
            row("queries whose rows equal the text before issue 17", [same(r) for r in runs], "all"),
            row("rows to a DataFrame / the query's time", [frame(r) for r in runs], "≤ 2x (100k rows)"),
            row("export N-Quads: okg / raw `store.dump`", [export(r) for r in runs]),
            "",
            f'Each named query at {int(sizes[-1]):,} triples ({_times(report["runs"])}; "before" is the query\'s text '
            "before issue 17, run by raw pyoxigraph on the same store; rdflib capped at 5 s):",
            "",
            "| query | rows | okg memory | raw memory | okg / raw | before, memory | okg disk | raw disk | okg / raw | before, disk "
            "| rdflib | to a DataFrame |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        last = runs[-1]
        for name, mem in last["queries"]["memory"].items():
            disk = last["queries"]["disk"][name]
            lib = last["rdflib"]["queries"][name] if last["rdflib"] else None
            lib_text = "—" if lib is None else (_ms(lib["seconds"]) if lib.get("seconds") is not None else f"> {lib['capped_at']:.0f} s")
            lines.append(
                f"| {name} | {mem['rows']:,} | {_ms(mem['okg'])} | {_ms(mem['raw'])} | {mem['okg'] / mem['raw']:.2f}x | "
                f"{_ms(mem.get('before'))} | {_ms(disk['okg'])} | {_ms(disk['raw'])} | {disk['okg'] / disk['raw']:.2f}x | "
                f"{_ms(disk.get('before'))} | {lib_text} | {mem['dataframe'] * 1000:,.1f} ms |"
            )
    cold = report.get("cold_start")
    if cold:
        click = cold["import_click"]
        if lines:
            lines.append("")
        lines += [
            f'Cold starts on the article\'s graph ({_times(report["cold_runs"])}, taken in turn), against `python -c "import click"` '
            f"({_ms(click)}):",
            "",
            "| command | time | / import click | target |",
            "|---|---|---|---|",
        ]
        for key, label in COLD_LABELS.items():
            target = "≤ 3x" if key in ("query_csv", "query_table", "sparql", "summary", "load") else ""
            lines.append(f"| {label} | {_ms(cold[key])} | {cold[key] / click:.2f}x | {target} |")
    return "\n".join(lines) + "\n"


def write_docs(page: Path, tables: str) -> None:
    replace_between(page, BEGIN, END, tables)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], metavar="N",
                        help="triples of synthetic data per size (default: 10000 100000 1000000)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs of each query; the median is kept (default: 3)")
    parser.add_argument("--cold-runs", type=int, default=7, help="runs of each cold start; the median is kept (default: 7)")
    parser.add_argument("--cold-only", action="store_true", help="only the cold starts on the article's graph")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave out rdflib (minutes at 1M triples)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--docs", metavar="PAGE", help="rewrite the tables between the bench markers of PAGE (docs/scale.md)")
    parser.add_argument("--from-json", metavar="FILE", help="print (and with --docs write) the tables of a saved run; measure nothing")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, data, work, runs = args.child
        print(json.dumps(CHILDREN[mode](Path(data), Path(work), int(runs))))
        return 0
    if args.from_json:
        report = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
    else:
        report = {"runs": args.runs, "cold_runs": args.cold_runs, "sizes": {}}
        started = time.perf_counter()
        for size in [] if args.cold_only else args.sizes:
            report["sizes"][str(size)] = measure_size(size, args.runs, args.skip_rdflib)
            print(f"measured {size:,} triples ({time.perf_counter() - started:.0f} s so far)", file=sys.stderr)
            if args.json:  # what is measured is kept, should a later size fail or be stopped
                Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        report["cold_start"] = cold_starts(args.cold_runs)
        report["seconds"] = time.perf_counter() - started
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    tables = markdown(report)
    print(tables, end="")
    if "seconds" in report:
        print(f"\nbenchmark took {report['seconds']:.0f} s")
    if args.docs:
        write_docs(Path(args.docs), tables)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
