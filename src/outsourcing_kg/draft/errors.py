"""`ExtractError`, the one error of the draft package (a KGError: the CLI prints it on one line, exit code 2)."""

from __future__ import annotations

from ..errors import KGError


class ExtractError(KGError):
    """The article cannot be read, the model is missing, an option is malformed, or the output would overwrite a file."""
