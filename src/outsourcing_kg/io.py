"""Files in and out: the one atomic writer, and reading RDF files into rdflib with one-line errors.

Every file okg writes (the build, drafts, views, exports, docs) goes through `write_files` (or `write_file`): the
bytes go to a temporary sibling first, then replace the target with one rename, so an interrupted or failed write
leaves the old file (or none), never half a file. An OSError becomes a `KGError` naming the path and what to do.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import KGError, SourceError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

__all__ = ["read_dataset", "read_turtle", "write_file", "write_files", "write_tree"]

#: A function that writes a file's bytes to an open binary file.
Writer = Callable[[IO[bytes]], None]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_folder(path: Path, *, create: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise KGError(f"{path}: is a folder; give a file name, such as {path / 'out'}")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KGError(f"{path}: cannot create folder {folder} ({exc.strerror or exc})") from None
    elif not folder.exists():
        raise KGError(f"{path}: folder {folder} does not exist; create it first or choose another output")
    if not folder.is_dir():
        raise KGError(f"{path}: {folder} is not a folder")


def write_files(files: Mapping[Path, bytes | Writer], *, create_folders: bool = True) -> list[Path]:
    """Write several files as one step: each to a temporary sibling, then all renamed into place.

    `files` maps each path to its bytes, or to a function that writes them to a binary file (for outputs too large
    to hold in memory). A failure before the renames leaves every old file as it was. Returns the paths written.
    Raises KGError (naming the path and the system's reason) when a folder is missing or a file cannot be written.
    """
    mask = _umask()
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            _check_folder(path, create=create_folders)
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            except OSError as exc:
                raise KGError(f"{path}: cannot write in {path.parent} ({exc.strerror or exc})") from None
            staged.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as fh:
                    if isinstance(content, bytes):
                        fh.write(content)
                    else:
                        content(fh)
                os.chmod(tmp, 0o666 & ~mask)
            except OSError as exc:
                raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from None
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(files)


def write_file(path: Path, content: bytes | Writer, *, create_folders: bool = False) -> Path:
    """Write one file atomically (see `write_files`): its bytes, or a function streaming them into the open file.
    The folder must exist unless `create_folders`. Returns `path`."""
    write_files({path: content}, create_folders=create_folders)
    return path


def write_tree(folder: Path, fill: Callable[[Path], None], *, marker: str) -> Path:
    """Write a whole folder as one step: `fill(staging)` writes every file into a new folder beside `folder`, which
    then takes its place (two renames), so an interrupted or failed write leaves the old folder as it was.

    `marker` names a file that `fill` writes into the folder: an existing `folder` is replaced only when it is empty
    or holds that marker (a folder this writer made before), so a mistyped path never deletes someone's files.
    Raises KGError (one line naming the folder and what to do) when it cannot be written or may not be replaced.
    """
    import shutil

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KGError(f"{folder}: not a folder; give a folder to write into")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).is_file():
        raise KGError(f"{folder}: a folder that holds other files; give an empty or new folder (it is replaced whole)")
    staging = folder.with_name(f".{folder.name}.writing")
    old = folder.with_name(f".{folder.name}.old")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)  # what an interrupted write left
        staging.mkdir()
    except OSError as exc:
        raise KGError(f"{folder}: cannot write in {folder.parent} ({exc.strerror or exc})") from None
    try:
        fill(staging)
        if not (staging / marker).is_file():
            raise KGError(f"{folder}: the writer left no {marker}; nothing was replaced")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.rename(folder, old)
        os.rename(staging, folder)
    except OSError as exc:
        raise KGError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return folder


def read_turtle(path: Path) -> Graph:
    """Parse a Turtle file (the ontology, the shapes, the segment scheme); a bad file is one SourceError line."""
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise SourceError("file not found", path=path) from None
    except Exception as exc:  # rdflib raises many parser exception types
        raise SourceError(f"not valid Turtle: {str(exc).splitlines()[0]}", path=path) from None
    return graph


def read_dataset(path: Path) -> Dataset:
    """Parse an RDF file of any format rdflib reads (by its extension; Turtle otherwise) into a Dataset.

    Raises SourceError with one line naming the file and the parser's first complaint.
    """
    from rdflib import Dataset
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "turtle"
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except FileNotFoundError:
        raise SourceError("file not found", path=path) from None
    except Exception as exc:  # rdflib raises many parser exception types
        raise SourceError(f"cannot read as {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", path=path) from None
    return ds
