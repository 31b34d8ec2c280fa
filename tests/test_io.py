"""The one atomic writer and the RDF readers (io.py): whole files or none, one clear error per kind of bad path."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from outsourcing_kg.errors import KGError, SourceError
from outsourcing_kg.io import read_dataset, read_turtle, write_file, write_files, write_tree


def test_writes_bytes_and_streams(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "b.txt"
    write_files({a: b"one", b: lambda fh: fh.write(b"two")})
    assert a.read_bytes() == b"one" and b.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "sub"]  # no temporary file left


def test_a_failing_writer_leaves_every_old_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")

    def broken(fh: IO[bytes]) -> None:
        fh.write(b"half")
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        write_files({a: b"new a", b: broken})
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_files_get_the_usual_permissions(tmp_path: Path) -> None:
    path = write_file(tmp_path / "x", b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.ttl", "does not exist; create it first or choose another output"),
        ("folder", "is a folder; give a file name"),
        ("plain-file/out.ttl", "is not a folder"),
    ],
)
def test_bad_output_paths_are_one_clear_error(tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(KGError, match=message):
        write_file(tmp_path / target, b"data")


def test_an_unwritable_folder_is_one_clear_error() -> None:
    # /proc refuses new files even to root, so this holds whoever runs the tests.
    with pytest.raises(KGError, match=r"/proc/okg-test\.txt: cannot write in /proc"):
        write_file(Path("/proc/okg-test.txt"), b"x")


def test_missing_folders_are_made_when_asked(tmp_path: Path) -> None:
    assert write_file(tmp_path / "a" / "b" / "c.txt", b"x", create_folders=True).read_bytes() == b"x"


def test_bad_rdf_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b ", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.ttl: not valid Turtle"):
        read_turtle(bad)
    with pytest.raises(SourceError, match=r"bad\.ttl: cannot read as turtle"):
        read_dataset(bad)
    with pytest.raises(SourceError, match=r"nowhere\.nq: file not found"):
        read_dataset(tmp_path / "nowhere.nq")


def test_write_tree_swaps_a_folder_in_whole_and_keeps_the_old_one_on_failure(tmp_path: Path) -> None:

    target = tmp_path / "out"

    def fill(version: str) -> Callable[[Path], None]:
        def write(folder: Path) -> None:
            (folder / "page.html").write_text(version, encoding="utf-8")
            (folder / ".mark").write_text("", encoding="utf-8")

        return write

    write_tree(target, fill("one"), marker=".mark")
    assert (target / "page.html").read_text(encoding="utf-8") == "one"

    def broken(folder: Path) -> None:
        (folder / "page.html").write_text("half", encoding="utf-8")
        raise KGError("stopped half-way")

    with pytest.raises(KGError, match="half-way"):
        write_tree(target, broken, marker=".mark")
    assert (target / "page.html").read_text(encoding="utf-8") == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it
    write_tree(target, fill("two"), marker=".mark")
    assert (target / "page.html").read_text(encoding="utf-8") == "two"


def test_write_tree_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(KGError, match="holds other files"):
        write_tree(tmp_path / "mine", lambda folder: None, marker=".mark")
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(KGError, match="not a folder"):
        write_tree(tmp_path / "file", lambda folder: None, marker=".mark")
