"""Where a loaded graph lives and who answers its SPARQL: rdflib in memory (default), or Oxigraph on disk.

One small interface, `Engine.select(text) -> Result`, hides the choice. The Oxigraph engine runs SPARQL
natively in pyoxigraph and hands out its solutions unconverted; rows become rdflib terms only when asked
(CLI output), and DataFrames are built from the native terms in bulk. The rdflib API stays available on
every store through `dataset` (oxrdflib wraps the same pyoxigraph store).
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset
    from rdflib.term import Node

from ..errors import KGError, QueryError
from .results import Result, canonical_term, collector_paused
from .sparql import prepare, run_sparql, with_prefixes

_LINE_FORMATS = {".nq": "N_QUADS", ".nt": "N_TRIPLES"}
_FORMATS = {".trig": "TRIG", ".ttl": "TURTLE", ".nq": "N_QUADS", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".xml": "RDF_XML"}


class Engine(Protocol):
    """Answers read-only SPARQL over the union of the named graphs."""

    def select(self, text: str, *, source: str = "query", timeout: float | None = None) -> Result: ...

    def __len__(self) -> int: ...


@dataclass
class RdflibEngine:
    dataset: Dataset

    def select(self, text: str, *, source: str = "query", timeout: float | None = None) -> Result:
        if timeout is None:
            return run_sparql(self.dataset, text, source=source)
        return _with_timeout(lambda: run_sparql(self.dataset, text, source=source), timeout, source)

    def __len__(self) -> int:
        # Statements are quads, as a store counts them: a triple in two named graphs counts twice (measured: a
        # count of distinct triples here disagreed with Oxigraph's len() as soon as one triple was in two graphs).
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


class OxigraphResult(Result):
    """Solutions straight from pyoxigraph; converted to rdflib terms only if `rows` is read."""

    def __init__(self, columns: list[str], native: list[list[Any]]) -> None:
        self.columns = columns
        self.native = native
        self._rows: list[tuple[Node | None, ...]] | None = None

    @property
    def terms(self) -> Sequence[Sequence[Any]]:
        return self.native

    def page(self, limit: int | None, offset: int = 0) -> OxigraphResult:
        return OxigraphResult(self.columns, self.native[offset : None if limit is None else offset + limit])

    def reordered(self, order: list[int]) -> OxigraphResult:
        return OxigraphResult([self.columns[i] for i in order], [[row[i] for i in order] for row in self.native])

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self._rows is None:
            from oxrdflib._converter import from_ox

            self._rows = [tuple(None if t is None else canonical_term(cast("Node", from_ox(t))) for t in row) for row in self.native]
        return self._rows

    @rows.setter
    def rows(self, value: list[tuple[Node | None, ...]]) -> None:
        self._rows = value


@dataclass
class OxigraphEngine:
    store: ox.Store

    def select(self, text: str, *, source: str = "query", timeout: float | None = None) -> Result:
        import pyoxigraph as ox

        full, shift = with_prefixes(text)

        def run() -> Result:
            answer = self.store.query(full, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return OxigraphResult(["ask"], [[ox.Literal("true" if bool(answer) else "false", datatype=_XSD_BOOLEAN())]])
            if isinstance(answer, ox.QueryTriples):
                triples = sorted(((t.subject, t.predicate, t.object) for t in answer), key=lambda t: tuple(str(x) for x in t))
                return OxigraphResult(["subject", "predicate", "object"], [list(t) for t in triples])
            columns = [v.value for v in answer.variables]
            # A solution iterates its values in the order of `variables`: reading them so, rather than by name, is a
            # third of the Python time of a wide answer (measured: 47,000 rows of 7 columns, 0.18 s by name).
            with collector_paused():
                return OxigraphResult(columns, [list(solution) for solution in answer])

        try:
            # In a thread: pyoxigraph evaluates in native code, which no signal interrupts (it releases the GIL, so the
            # caller regains control at the timeout; the abandoned query finishes in the background).
            return run() if timeout is None else _with_timeout(run, timeout, source, thread=True)
        except SyntaxError as exc:
            # pyoxigraph parses queries only: an Update lands here too; rdflib's parser says which it was.
            prepare(text, source=source)
            raise QueryError(f"SPARQL syntax error in {source}: {_oxigraph_location(str(exc), text, shift)}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"SPARQL evaluation failed in {source}: {exc}") from None

    def __len__(self) -> int:
        return len(self.store)


def _XSD_BOOLEAN() -> Any:
    import pyoxigraph as ox

    return ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _oxigraph_location(message: str, text: str, shift: int = 0) -> str:
    match = re.search(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", message)
    if not match:
        return message
    line, col, what = int(match.group(1)) - shift, int(match.group(2)), match.group(3)
    lines = text.splitlines()
    rest = lines[line - 1][col - 1 :].split() if 0 < line <= len(lines) else []
    token = rest[0] if rest else "end of input"
    return f"line {line}, column {col}, at {token!r}: {what}"


_T = TypeVar("_T")


class _Expired(BaseException):  # not an Exception: library code that catches Exception must not swallow it
    pass


def _with_timeout(run: Callable[[], _T], timeout: float, source: str, *, thread: bool = False) -> _T:
    """Run a query, giving up after `timeout` seconds.

    In the main thread (the CLI, a notebook cell), unless `thread`, a timer signal interrupts the evaluation itself
    (rdflib's, in Python), so nothing keeps running afterwards; otherwise the query runs in a daemon thread and is
    abandoned.
    """
    import signal
    import threading

    message = f"{source}: the query took longer than {timeout:g} s; add filters, a LIMIT, or allow a longer timeout"
    if not thread and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: Any) -> None:
            raise _Expired

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return run()
        except _Expired:
            raise QueryError(message) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=work, name="okg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(message)
    if "error" in box:
        raise box["error"]
    return cast(_T, box["value"])


#: The kinds of store a graph can be loaded into (see `StoreSpec`).
STORE_KINDS = ("memory", "rdflib", "oxigraph", "oxigraph-memory")


@dataclass(frozen=True)
class StoreSpec:
    """Where a loaded graph lives and which engine answers it.

    - `memory` (the default): the file parsed by pyoxigraph into an in-memory Oxigraph store, which answers SPARQL;
      rdflib parses the file too, only when its API is needed (SHACL, the deterministic serialisers, views).
    - `rdflib`: the file parsed and every query answered by rdflib (the reference engine; slow beyond ~100k triples).
    - `oxigraph` with `path`: an Oxigraph store on disk, reopened without parsing.
    - `oxigraph-memory` with `path`: that on-disk store copied into memory when opened, for read-mostly analysis
      (claim-wide queries 5 to 10 times faster than on disk; nothing written to it reaches the disk).
    """

    kind: str = "memory"
    path: Path | None = None

    def __str__(self) -> str:
        return self.kind if self.path is None else f"{self.kind}:{self.path}"


def parse_store(spec: str | None) -> StoreSpec:
    """A store spec (`memory`, `rdflib`, `oxigraph:PATH`, `oxigraph-memory:PATH`; None means memory) as a StoreSpec;
    KGError naming the accepted forms otherwise."""
    if spec is None or spec in ("memory", "rdflib"):
        return StoreSpec(spec or "memory")
    kind, sep, path = spec.partition(":")
    if kind not in ("oxigraph", "oxigraph-memory") or not sep or not path:
        raise KGError(
            f"unknown store {spec!r}; use `memory` or `oxigraph:PATH` (a folder for the on-disk store), "
            "`oxigraph-memory:PATH` (that store copied into memory for analysis) or `rdflib`"
        )
    return StoreSpec(kind, Path(path).expanduser())


def memory_store(source: Path) -> ox.Store | None:
    """An in-memory Oxigraph store holding an RDF file, or None for a format pyoxigraph is not used for here (the
    caller falls back to rdflib). Measured on the article's build (2,196 triples): 4 ms, against about 1 s for
    rdflib to parse it and answer one named query. A file that does not parse is a KGError naming its line."""
    import pyoxigraph as ox

    suffix = source.suffix.lower()
    if suffix not in _FORMATS:
        return None
    if not source.is_file():
        raise KGError(f"{source}: file not found")
    store = ox.Store()
    try:
        store.load(path=str(source), format=getattr(ox.RdfFormat, _FORMATS[suffix]), base_iri=source.resolve().as_uri())
    except SyntaxError as exc:
        raise KGError(f"{source}: not valid {_FORMATS[suffix].replace('_', '-').lower()}: {exc}") from None
    except OSError as exc:
        raise KGError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return store


def copy_to_memory(store: ox.Store) -> ox.Store:
    """An in-memory copy of a store (every quad), for analysis that reads much: the on-disk store answers claim-wide
    queries 5 to 10 times slower (see docs/scale.md)."""
    import pyoxigraph as ox

    memory = ox.Store()
    memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return memory


def _plain_strings_from_oxrdflib() -> None:
    """oxrdflib hands every plain literal back typed xsd:string (pyoxigraph's view, right in RDF 1.1), but rdflib
    tells "x" and "x"^^xsd:string apart, so graphs read through it stopped comparing equal to the build
    (measured: every export and round-trip test of the Oxigraph store failed). Convert them back, once."""
    import oxrdflib.store as oxstore
    from rdflib import Literal
    from rdflib.namespace import XSD

    if getattr(oxstore, "_okg_plain_strings", False):
        return
    original = getattr(oxstore, "from_ox")  # noqa: B009 (oxrdflib does not export it)

    def from_ox(term: Any) -> Any:
        converted = original(term)
        if isinstance(converted, Literal) and converted.datatype == XSD.string:
            return Literal(str(converted))
        return converted

    setattr(oxstore, "from_ox", from_ox)  # noqa: B010
    setattr(oxstore, "_okg_plain_strings", True)  # noqa: B010


#: Stores opened by this process: RocksDB allows one opening per folder, so a second load() reuses it.
_OPEN: dict[str, ox.Store] = {}

#: Written into a store's folder once a load has finished: what was loaded and how much. A folder without it was
#: never completed, and every command refuses it.
MARKER = "okg-store.json"


class NoStore(KGError):
    """No Oxigraph store at the path given (a mistyped path must not silently become a new store)."""


class IncompleteStore(KGError):
    """A folder that holds an Oxigraph store whose load never finished, or a store not made by okg."""


@dataclass(frozen=True)
class StoreInfo:
    """What a completed store holds, from its marker: the file it was loaded from, its quads and named graphs."""

    source: str
    quads: int
    graphs: list[str]


def store_info(path: Path) -> StoreInfo:
    """The marker of a completed store; NoStore or IncompleteStore (one line saying how to rebuild it) otherwise."""
    _finish_swap(path)
    if not path.exists():
        raise NoStore(f"no Oxigraph store at {path}; create one by loading a file (or the build) into it")
    if not path.is_dir():
        raise KGError(f"{path}: not a folder; an Oxigraph store is a folder")
    marker = path / MARKER
    if not marker.is_file():
        what = "was never completed (a load was interrupted)" if (path / "CURRENT").exists() else "is not an Oxigraph store"
        raise IncompleteStore(f"{path} {what}; rebuild it by loading a file into it again")
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        return StoreInfo(str(data["source"]), int(data["quads"]), [str(g) for g in data["graphs"]])
    except (ValueError, KeyError, TypeError):
        raise IncompleteStore(f"{marker}: unreadable; rebuild the store by loading a file into it again") from None


def _siblings(path: Path) -> tuple[Path, Path]:
    return path.with_name(f".{path.name}.loading"), path.with_name(f".{path.name}.old")


def _finish_swap(path: Path) -> None:
    """Complete a swap that was cut between its two renames: the old store comes back if the new one is not in place."""
    _, old = _siblings(path)
    if old.exists():
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(old, path)


def _close(key: str) -> None:
    store = _OPEN.pop(key, None)
    del store
    gc.collect()  # RocksDB's lock goes when the last reference does


def open_oxigraph(path: Path, source: Path | None, *, reload: bool = False, progress: Callable[[int, int], None] | None = None) -> ox.Store:
    """Open an Oxigraph store on disk; with `source`, load it first when the store does not exist or `reload` is asked.

    A load goes into a new folder beside the store, which replaces the store only once complete (two renames;
    an interrupted swap is finished on the next opening), so an interrupted or failed load leaves the store as it was.
    Without `source`, the store must exist and be complete: NoStore or IncompleteStore otherwise.
    Returns the pyoxigraph store; `rdflib_view` gives an rdflib Dataset over it when the rdflib API is needed.
    """
    import pyoxigraph as ox

    if path.exists() and not path.is_dir():
        raise KGError(f"{path}: not a folder; an Oxigraph store is a folder")
    _finish_swap(path)
    key = str(path.resolve())
    if source is not None and (reload or not path.exists()):
        _load_beside(path, key, source, progress)
    store_info(path)
    store = _OPEN.get(key)
    if store is None:
        try:
            store = ox.Store(str(path))
        except OSError as exc:
            raise KGError(f"{path}: cannot open the Oxigraph store ({exc}); is another process using it?") from None
        _OPEN[key] = store
    return store


def _load_beside(path: Path, key: str, source: Path, progress: Callable[[int, int], None] | None) -> None:
    import pyoxigraph as ox

    loading, old = _siblings(path)
    shutil.rmtree(loading, ignore_errors=True)  # what an interrupted load left
    try:
        fresh = ox.Store(str(loading))
        load_file(fresh, source, progress=progress)
        graphs = sorted(g.value for g in fresh.named_graphs() if isinstance(g, ox.NamedNode))
        info = {"source": str(source.resolve()), "quads": len(fresh), "graphs": graphs}
        del fresh
        gc.collect()
        (loading / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    except BaseException:
        gc.collect()
        shutil.rmtree(loading, ignore_errors=True)
        raise
    _close(key)
    if path.exists():
        os.rename(path, old)
    os.rename(loading, path)
    shutil.rmtree(old, ignore_errors=True)


def rdflib_view(store: ox.Store) -> Dataset:
    """An rdflib Dataset over a pyoxigraph store (oxrdflib), its default graph the union of the named graphs."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    _plain_strings_from_oxrdflib()
    return Dataset(store=OxigraphStore(store=store), default_union=True)


#: Line-based files go to `bulk_load` in pieces of about this many bytes (cut at line ends). Measured on 1M synthetic
#: quads on disk: one `bulk_load` of the whole file took 10.7 s and peaked at 921 MiB; 8 MB pieces took 6.7 s and
#: peaked at 107 MiB (4 MB: 6.5 s, 73 MiB; 64 MB: 9.1 s, 463 MiB), with the same query times afterwards.
LOAD_CHUNK_BYTES = 8 * 1024 * 1024
#: Other formats are parsed as a stream and go in with `bulk_extend`, this many quads at a time (9.2 s, 114 MiB at 1M).
LOAD_BATCH_QUADS = 50_000


def load_file(store: ox.Store, source: Path, *, progress: Callable[[int, int], None] | None = None) -> None:
    """Load an RDF file into an empty pyoxigraph store in bounded pieces (see LOAD_CHUNK_BYTES), reporting progress
    in bytes read. A file that fails to parse leaves the store empty, not half-loaded (bulk loads are not
    transactional), and the error names the line in the whole file."""
    import itertools

    import pyoxigraph as ox

    suffix = source.suffix.lower()
    if suffix not in _FORMATS:
        raise KGError(f"{source}: cannot load this format; use one of {', '.join(sorted(_FORMATS))}")
    if not source.is_file():
        raise KGError(f"{source}: file not found")
    fmt = getattr(ox.RdfFormat, _FORMATS[suffix])
    total = source.stat().st_size
    lines_before = 0
    try:
        with source.open("rb") as fh:
            if suffix in _LINE_FORMATS:
                while chunk := fh.readlines(LOAD_CHUNK_BYTES):
                    store.bulk_load(input=b"".join(chunk), format=fmt)
                    lines_before += len(chunk)
                    if progress:
                        progress(fh.tell(), total)
            else:
                quads = ox.parse(input=fh, format=fmt, base_iri=source.resolve().as_uri())
                while batch := list(itertools.islice(quads, LOAD_BATCH_QUADS)):
                    store.bulk_extend(batch)
                    if progress:
                        progress(fh.tell(), total)
        # Many small bulk loads leave many small files behind; compacting them took 0.9 s at 1M quads and brought
        # point-lookup queries back to the speed of one big load (measured: unnamed_executive_statements 47 -> 20 ms,
        # entity_profile 24 -> 13 ms; one bulk_load: 21 and 14 ms).
        store.optimize()
    except SyntaxError as exc:
        store.clear()
        message = str(exc)
        if lines_before and exc.lineno:  # pyoxigraph counts lines from the start of the piece
            message = re.sub(r"\bline \d+", f"line {exc.lineno + lines_before}", message, count=1)
        raise KGError(f"{source}: not valid {_FORMATS[suffix].replace('_', '-').lower()}: {message}") from None
