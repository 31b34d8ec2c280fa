"""Reading the input: an article file's bytes to the text the draft quotes (UTF-8, else Windows-1252 or Latin-1, said
so; HTML stripped to its paragraphs, said so); empty and binary files refused with one clear line."""

from __future__ import annotations

import html
import html.parser
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractError


@dataclass
class Article:
    """The text to annotate, as it will be stored in <doc>.txt, and what was done to get it."""

    text: str
    notices: list[str] = field(default_factory=list)
    converted: bool = False  # the stored text differs from the input bytes
    html_title: str | None = None


_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.odt document)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<article\b|<div\b|<p\b)", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(p|div|span|br|a|h[1-6]|ul|li|article|section|body|html|strong|em|b|i)\b[^>]*>", re.IGNORECASE)


def read_article(path: Path) -> Article:
    """Decode an article file into the text to annotate.

    Raises ExtractError (one line, naming the file) when the file is missing, a folder, empty, binary (PDF, image,
    archive, NUL or control characters) or holds no text once decoded and stripped of markup.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError("article not found", path=path) from None
    except IsADirectoryError:
        raise ExtractError("is a folder; give the article's text file", path=path) from None
    if not data.strip():
        raise ExtractError("empty file: there is no article text to annotate", path=path)
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ExtractError(f"looks like {what}, not text; save the article as plain text (UTF-8) first", path=path)
    if b"\x00" in data[:65536]:
        raise ExtractError("binary file (it holds NUL bytes), not text; save the article as plain text (UTF-8) first", path=path)
    notices: list[str] = []
    converted = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        high = {b for b in data if 0x80 <= b <= 0x9F}
        undefined_in_cp1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
        if high and not high & undefined_in_cp1252:
            text, name = data.decode("cp1252"), "Windows-1252"
        else:
            text, name = data.decode("latin-1"), "Latin-1 (ISO-8859-1)"
        notices.append(f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}): decoded as {name}")
        converted = True
    if text.startswith("\ufeff"):
        text = text[1:]
        notices.append("removed the byte-order mark")
        converted = True
    controls = sum(1 for c in text[:65536] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise ExtractError(f"binary file ({controls} control characters), not text; save the article as plain text first", path=path)
    html_title = None
    if _HTML_START.match(text) or len(_HTML_TAG.findall(text[:65536])) >= 5:
        text, html_title = strip_html(text)
        notices.append("input is HTML: markup stripped, paragraphs kept")
        converted = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not converted:
            notices.append("line endings converted to \\n")
        converted = True
    if not text.strip():
        raise ExtractError("no text left after decoding (and stripping markup); nothing to annotate", path=path)
    if not unicodedata.is_normalized("NFC", text):
        # Decomposed accents (NFD, as some editors and macOS write) look the same but compare unequal: the model, the
        # rules and the curator's quotes all expect composed letters.
        text = unicodedata.normalize("NFC", text)
        notices.append("accents were decomposed (Unicode NFD): text normalised to NFC, as the draft's text file is written")
        converted = True
    return Article(text=text, notices=notices, converted=converted, html_title=html_title)


class _TextOfHtml(html.parser.HTMLParser):
    BLOCKS = frozenset("p div br h1 h2 h3 h4 h5 h6 li ul ol article section header footer blockquote tr table title figcaption".split())
    SKIP = frozenset("script style noscript template svg nav form button iframe head".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.parts.append(data)


def strip_html(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page, one paragraph per block element; and its <title>."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    raw = html.unescape("".join(parser.parts))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
    text = "\n\n".join(p for p in paragraphs if p) + "\n"
    title = " ".join("".join(parser.title).split()) or None
    return text, title
