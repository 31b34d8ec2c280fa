"""`ExtractError`, the one error of the draft package (a KGError: the CLI prints it on one line, exit code 2)."""

from __future__ import annotations

from ..errors import KGError


class ExtractError(KGError):
    """The article cannot be read, the model is missing, or a parameter (date, url, language, output) is malformed."""


class DraftExists(ExtractError):
    """The annotation file (or the text beside it) exists and replacing it was not asked for (`force=True`)."""
