"""Scale benchmark (issue 6): okg on Oxigraph against raw pyoxigraph and plain rdflib, measured in the same run.

For each size (default 10k, 100k and 1M triples of `okg synth` data) it prints: load time, each named query's
time (median of several runs, results materialised), DataFrame conversion time, peak memory per triple, and the
ratios okg / raw pyoxigraph and okg / rdflib; then cold starts of `okg --help` and `okg query` against
`python -c "import click"`. Loads run each in their own process (okg, raw pyoxigraph, rdflib), so peak memory is
their own; the named queries then run in one process on both stores, okg and raw in turn (see child_paired).

    python bench/scale.py                  # 10k, 100k, 1M (about 13 minutes on 2 cores)
    python bench/scale.py 10000 100000     # smaller sizes
    python bench/scale.py --json out.json --markdown out.md  # also write the figures as JSON and docs/scale.md's tables
    python bench/scale.py --from-json out.json                # print the tables of a saved run
"""

from __future__ import annotations

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

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3
BIG_ROWS = 100_000
PARAMS = {"entity_profile": {"entity": "org/synth-company-1"}, "unnamed_executive_statements": {"organisation": "org/synth-company-1"}}
TARGETS = {"load": 1.3, "query": 1.5, "dataframe": 2.0, "bytes_per_triple": 1024, "help": 1.5}


def _queries() -> list[tuple[str, str]]:
    from outsourcing_kg.graph.queries import list_queries, named_text
    from outsourcing_kg.project import Project

    project = Project.default(ROOT)
    return [(q.name, named_text(q.name, PARAMS.get(q.name, {}), project)[0]) for q in list_queries(project)]


BIG_QUERY = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {BIG_ROWS}"


def _median(run: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def child_okg(data: Path, work: Path) -> dict[str, Any]:
    """okg loads the file into its store, then turns 100k rows into a DataFrame: load time and peak memory."""
    import outsourcing_kg as okg
    from outsourcing_kg.graph.results import to_dataframe

    start = time.perf_counter()
    kg = okg.load(data, store=f"oxigraph:{work / 'okg-store'}", project=okg.ontology.Project.default(ROOT))
    out: dict[str, Any] = {"load": time.perf_counter() - start, "triples": len(kg)}
    seconds, result = _median(lambda: kg.engine.select(BIG_QUERY))
    convert, frame = _median(lambda: to_dataframe(result))
    out["big"] = {"query": seconds, "dataframe": convert, "rows": len(frame)}
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def child_raw(data: Path, work: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(work / "raw-store"))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    out: dict[str, Any] = {"load": time.perf_counter() - start, "triples": len(store)}
    seconds, _rows = _median(lambda: _raw_rows(store, BIG_QUERY))
    out["big"] = {"query": seconds}
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def _raw_rows(store: Any, text: str) -> list[list[Any]]:
    """What a raw pyoxigraph user does: run the query and read every solution."""
    answer = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [[solution[n] for n in names] for solution in answer]


def child_paired(data: Path, work: Path) -> dict[str, Any]:
    """Each named query on okg's store (through okg) and on the raw store (raw pyoxigraph), the two runs taken in
    turn, RUNS times each, so that both see the same machine: on 2 shared cores, timings taken minutes apart drifted
    by up to 30% (measured), more than the gap being measured."""
    import pyoxigraph as ox

    import outsourcing_kg as okg
    from outsourcing_kg.graph.results import to_dataframe

    kg = okg.load(store=f"oxigraph:{work / 'okg-store'}", project=okg.ontology.Project.default(ROOT))
    raw = ox.Store(str(work / "raw-store"))
    okg_out: dict[str, Any] = {"queries": {}, "dataframe": {}}
    raw_out: dict[str, Any] = {"queries": {}}
    for name, text in _queries():
        okg_times, raw_times, result, rows = [], [], None, []
        for run in range(RUNS):
            for side in ("okg", "raw") if run % 2 == 0 else ("raw", "okg"):
                start = time.perf_counter()
                if side == "okg":
                    result = kg.engine.select(text)
                    okg_times.append(time.perf_counter() - start)
                else:
                    rows = _raw_rows(raw, text)
                    raw_times.append(time.perf_counter() - start)
        assert result is not None
        okg_out["queries"][name] = {"seconds": statistics.median(okg_times), "rows": len(result.native)}  # type: ignore[attr-defined]
        raw_out["queries"][name] = {"seconds": statistics.median(raw_times), "rows": len(rows)}
        okg_out["dataframe"][name], _ = _median(lambda result=result: to_dataframe(result))
    return {"okg": okg_out, "raw": raw_out}


def child_export(data: Path, work: Path) -> dict[str, Any]:
    """okg export to N-Quads from the store child_okg left (reopened, not reloaded): streamed above STREAM_ABOVE."""
    import outsourcing_kg as okg
    from outsourcing_kg.outputs import export

    kg = okg.load(store=f"oxigraph:{work / 'okg-store'}", project=okg.ontology.Project.default(ROOT))
    start = time.perf_counter()
    result = export.export(kg, "nq", work / "okg-export.nq", project=kg.project)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "quads": result.triples, "streamed": len(kg.engine.store) > export.STREAM_ABOVE,  # type: ignore[attr-defined]
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}  # fmt: skip


def child_raw_export(data: Path, work: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    store = ox.Store(str(work / "raw-store"))
    start = time.perf_counter()
    store.dump(str(work / "raw-export.nq"), ox.RdfFormat.N_QUADS)
    return {"seconds": time.perf_counter() - start, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def child_rdflib(data: Path, work: Path, cap: float) -> dict[str, Any]:
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
    for name, text in _queries():
        signal.setitimer(signal.ITIMER_REAL, cap)
        begin = time.perf_counter()
        try:
            rows = len(list(ds.query(text)))
            out["queries"][name] = {"seconds": time.perf_counter() - begin, "rows": rows}
        except Expired:
            out["queries"][name] = {"seconds": None, "capped_at": cap}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def run_child(mode: str, data: Path, work: Path, cap: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(data), str(work), str(cap)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def cold_start(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def main(argv: list[str]) -> int:
    write_json = write_markdown = None
    if "--json" in argv:
        index = argv.index("--json")
        write_json = argv[index + 1]
        del argv[index : index + 2]
    if "--markdown" in argv:
        index = argv.index("--markdown")
        write_markdown = argv[index + 1]
        del argv[index : index + 2]
    if "--from-json" in argv:  # tables from a saved run, without measuring again
        print(markdown(json.loads(Path(argv[argv.index("--from-json") + 1]).read_text(encoding="utf-8"))), end="")
        return 0
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    okg_bin = str(Path(sys.executable).with_name("okg"))
    report: dict[str, Any] = {"sizes": {}}
    started = time.perf_counter()
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"okg-bench-{size}-"))
        try:
            data = work / "synth.nq"
            subprocess.run(
                [okg_bin, "synth", "--triples", str(size), "--seed", "1", "-o", str(data)], check=True, capture_output=True, cwd=ROOT
            )
            cap = 5.0  # seconds per rdflib query: some take minutes at scale; the table shows ">5 s"
            okg_run, raw_run = run_child("okg", data, work, cap), run_child("raw", data, work, cap)
            paired = run_child("paired", data, work, cap)
            okg_run.update(paired["okg"])
            raw_run.update(paired["raw"])
            rdflib_run = run_child("rdflib", data, work, cap)
            okg_run["export"], raw_run["export"] = run_child("export", data, work, cap), run_child("raw-export", data, work, cap)
            report["sizes"][size] = {"okg": okg_run, "raw": raw_run, "rdflib": rdflib_run}
            print_size(size, okg_run, raw_run, rdflib_run)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    click_time = cold_start([sys.executable, "-c", "import click"])
    help_time = cold_start([okg_bin, "--help"])
    query_time = cold_start([okg_bin, "query", "sector_figures", "--format", "csv"], runs=3)
    report["cold_start"] = {"import_click": click_time, "okg_help": help_time, "okg_query": query_time}
    print(f"\ncold start (median): python -c 'import click' {click_time * 1000:.0f} ms; okg --help {help_time * 1000:.0f} ms "
          f"({help_time / click_time:.2f}x, target <= {TARGETS['help']}x); okg query sector_figures {query_time * 1000:.0f} ms "
          f"({query_time / click_time:.1f}x)")  # fmt: skip
    report["seconds"] = time.perf_counter() - started
    print(f"\nbenchmark took {report['seconds']:.0f} s")
    if write_json:
        Path(write_json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if write_markdown:
        Path(write_markdown).write_text(markdown(report), encoding="utf-8")
    return 0


def markdown(report: dict[str, Any]) -> str:
    """The tables of docs/scale.md, from one run's figures."""
    sizes = sorted(report["sizes"], key=int)
    runs = [report["sizes"][s] for s in sizes]

    def mib(n: float) -> str:
        return f"{n / 2**20:,.0f} MiB"

    def row(what: str, cells: list[str], target: str = "") -> str:
        return f"| {what} | " + " | ".join(cells) + f" | {target} |"

    def query_ratios(run: dict[str, Any]) -> list[float]:
        return [q["seconds"] / run["raw"]["queries"][n]["seconds"] for n, q in run["okg"]["queries"].items()]

    def rdflib_span(run: dict[str, Any]) -> str:
        okg, lib = run["okg"]["queries"], run["rdflib"]["queries"]
        done = [lib[n]["seconds"] / q["seconds"] for n, q in okg.items() if lib[n].get("seconds") is not None]
        capped = [lib[n]["capped_at"] for n in okg if lib[n].get("seconds") is None]
        span = f"{min(done):,.0f}x to {max(done):,.0f}x slower" if done else "none finished"
        return span + (f"; {len(capped)} of {len(okg)} over the {capped[0]:.0f} s cap" if capped else "")

    def load(r: dict[str, Any]) -> str:
        return f"{r['okg']['load']:.2f} s / {r['raw']['load']:.2f} s = **{r['okg']['load'] / r['raw']['load']:.2f}x**"

    def memory(r: dict[str, Any]) -> str:
        return f"{mib(r['okg']['peak_rss'])} = **{r['okg']['peak_rss'] / r['okg']['triples']:,.0f} B/triple**"

    def frame(r: dict[str, Any]) -> str:
        big = r["okg"]["big"]
        return (f"{big['rows']:,} rows: {big['dataframe'] * 1000:,.0f} ms / {big['query'] * 1000:,.0f} ms = "
                f"**{big['dataframe'] / big['query']:.2f}x**")  # fmt: skip

    def export(r: dict[str, Any]) -> str:
        ex = r["okg"]["export"]
        how = "streamed" if ex["streamed"] else "deterministic"
        return f"{ex['seconds']:.2f} s / {r['raw']['export']['seconds']:.2f} s ({how}, peak {mib(ex['peak_rss'])})"

    lines = [
        "| | " + " | ".join(f"{int(s):,} triples asked" for s in sizes) + " | target (at 1M) |",
        "|---|" + "---|" * len(sizes) + "---|",
        row("quads loaded", [f"{r['okg']['triples']:,}" for r in runs]),
        row("load: okg / raw `bulk_load`", [load(r) for r in runs], "≤ 1.3x"),
        row("load: rdflib", [f"{r['rdflib']['load']:.2f} s" for r in runs]),
        row("peak memory: okg", [memory(r) for r in runs], "< 1,024 B/triple"),
        row("peak memory: raw / rdflib", [f"{mib(r['raw']['peak_rss'])} / {mib(r['rdflib']['peak_rss'])}" for r in runs]),
        row("named queries, okg / raw (median of 3)", [f"{min(query_ratios(r)):.2f}x to **{max(query_ratios(r)):.2f}x**" for r in runs],
            "≤ 1.5x each"),
        row("slowest named query on okg", [f"{max(q['seconds'] for q in r['okg']['queries'].values()):.2f} s" for r in runs]),
        row("rdflib against okg, per query", [rdflib_span(r) for r in runs]),
        row("rows to a DataFrame / the query's time", [frame(r) for r in runs], "≤ 2x (100k rows)"),
        row("export N-Quads: okg / raw `store.dump`", [export(r) for r in runs]),
    ]  # fmt: skip
    cold = report["cold_start"]
    lines += [
        "",
        f'Cold start (median of 5): `python -c "import click"` {cold["import_click"] * 1000:.0f} ms, `okg --help` '
        f"{cold['okg_help'] * 1000:.0f} ms = **{cold['okg_help'] / cold['import_click']:.2f}x** (target ≤ 1.5x); `okg query "
        f"sector_figures` (parses the article's build with rdflib) {cold['okg_query'] * 1000:,.0f} ms.",
        "",
        f"Each named query at {int(sizes[-1]):,} triples:",
        "",
        "| query | rows | okg | raw pyoxigraph | okg / raw | rdflib | to a DataFrame |",
        "|---|---|---|---|---|---|---|",
    ]
    last = runs[-1]
    for name, q in last["okg"]["queries"].items():
        raw, lib = last["raw"]["queries"][name]["seconds"], last["rdflib"]["queries"][name]
        lib_text = f"{lib['seconds'] * 1000:,.0f} ms" if lib.get("seconds") is not None else f"> {lib['capped_at']:.0f} s"
        lines.append(f"| {name} | {q['rows']:,} | {q['seconds'] * 1000:,.0f} ms | {raw * 1000:,.0f} ms | {q['seconds'] / raw:.2f}x | "
                     f"{lib_text} | {last['okg']['dataframe'][name] * 1000:,.1f} ms |")  # fmt: skip
    return "\n".join(lines) + "\n"


def print_size(size: int, okg_run: dict[str, Any], raw_run: dict[str, Any], rdflib_run: dict[str, Any]) -> None:
    triples = okg_run["triples"]
    print(f"\n== {size:,} triples asked, {triples:,} quads loaded")
    load_ratio = okg_run["load"] / raw_run["load"]
    print(f"load: okg {okg_run['load']:.2f} s | raw pyoxigraph bulk_load {raw_run['load']:.2f} s ({fmt_ratio(load_ratio)}, "
          f"target <= {TARGETS['load']}x) | rdflib {rdflib_run['load']:.2f} s "
          f"(okg is {rdflib_run['load'] / okg_run['load']:.1f}x faster)")  # fmt: skip
    per_triple = okg_run["peak_rss"] / triples
    print(f"peak memory: okg {okg_run['peak_rss'] / 2**20:.0f} MiB = {per_triple:.0f} B/triple (target < {TARGETS['bytes_per_triple']}) | "
          f"raw {raw_run['peak_rss'] / 2**20:.0f} MiB | rdflib {rdflib_run['peak_rss'] / 2**20:.0f} MiB "
          f"({rdflib_run['peak_rss'] / triples:.0f} B/triple)")  # fmt: skip
    print(
        f"{'query':30} {'rows':>7} {'okg ms':>9} {'raw ms':>9} {'okg/raw':>8} {'rdflib ms':>10} {'rdflib/okg':>10} {'to DataFrame ms':>16}"
    )
    worst = 0.0
    for name, result in okg_run["queries"].items():
        raw = raw_run["queries"][name]["seconds"]
        lib = rdflib_run["queries"][name].get("seconds")
        ratio = result["seconds"] / raw if raw else None
        worst = max(worst, ratio or 0)
        lib_text = f"{lib * 1000:10.1f}" if lib is not None else f"{'>' + str(int(rdflib_run['queries'][name]['capped_at'])) + ' s':>10}"
        speedup = f"{lib / result['seconds']:9.0f}x" if lib is not None and result["seconds"] else f"{'—':>10}"
        print(f"{name:30} {result['rows']:7d} {result['seconds'] * 1000:9.1f} {raw * 1000:9.1f} {fmt_ratio(ratio):>8} {lib_text} {speedup} "
              f"{okg_run['dataframe'][name] * 1000:16.1f}")  # fmt: skip
    big = okg_run["big"]
    print(f"worst query ratio okg/raw: {worst:.2f}x (target <= {TARGETS['query']}x)")
    ex, raw_ex = okg_run["export"], raw_run["export"]
    how = "streamed" if ex["streamed"] else "deterministic serialiser, in memory"
    print(f"export N-Quads: okg {ex['seconds']:.2f} s ({how}), peak {ex['peak_rss'] / 2**20:.0f} MiB | raw store.dump "
          f"{raw_ex['seconds']:.2f} s, peak {raw_ex['peak_rss'] / 2**20:.0f} MiB ({ex['seconds'] / raw_ex['seconds']:.2f}x)")  # fmt: skip
    print(f"{big['rows']:,} rows to a DataFrame: {big['dataframe'] * 1000:.0f} ms for a {big['query'] * 1000:.0f} ms query "
          f"({big['dataframe'] / big['query']:.2f}x, target <= {TARGETS['dataframe']}x; "
          f"raw pyoxigraph query {raw_run['big']['query'] * 1000:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, data, work, cap = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), float(sys.argv[5])
        os.environ.setdefault("OKG_HOME", str(ROOT))
        result = {
            "okg": lambda: child_okg(data, work),
            "raw": lambda: child_raw(data, work),
            "rdflib": lambda: child_rdflib(data, work, cap),
            "export": lambda: child_export(data, work),
            "paired": lambda: child_paired(data, work),
            "raw-export": lambda: child_raw_export(data, work),
        }[mode]()
        print(json.dumps(result))
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
