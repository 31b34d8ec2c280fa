"""What the benches share: writing their tables into a docs page between two markers."""

from __future__ import annotations

from pathlib import Path


def replace_between(page: Path, begin: str, end: str, text: str) -> None:
    """Put `text` between the `begin` and `end` markers of `page`; SystemExit naming the page if either is missing."""
    content = page.read_text(encoding="utf-8")
    if begin not in content or end not in content:
        raise SystemExit(f"{page}: no {begin} ... {end} block to replace")
    head, rest = content.split(begin, 1)
    _, tail = rest.split(end, 1)
    page.write_text(f"{head}{begin}\n{text}{end}{tail}", encoding="utf-8")
