"""One exception family, so the CLI can turn user errors into one line and an exit code."""

from __future__ import annotations

from pathlib import Path


def brief(text: str, limit: int = 60) -> str:
    """User text as it appears in messages: quoted, and cut short when long (a 100 kB value is not echoed whole)."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 1] + '…'!r} ({len(text):,} characters)"


class KGError(Exception):
    """Base of every error the library raises on bad input or a failed check."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"


class SourceError(KGError):
    """An annotation file, a text file or the reference data is wrong."""


class QuoteNotFound(SourceError):
    """A `quote:` is not in the text; the message shows the closest passage."""


class ValidationFailed(KGError):
    """The graph does not conform to the shapes, or a quote does not match its offsets."""

    exit_code = 1

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)


class StaleBuild(KGError):
    """`okg build --check` found files in graph/build/ that differ from a fresh build."""

    exit_code = 1


class QueryError(KGError):
    """A SPARQL text, a query name or a parameter is wrong."""


class StoreError(KGError):
    """An export, a remote SPARQL store or the local Oxigraph server failed; the message says what to do."""


class PushFailed(StoreError):
    """`okg push` stopped part-way; `report` says which graphs were replaced and which are unchanged."""

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)
