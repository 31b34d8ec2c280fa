"""README.md and docs/*.md: shown output is the real output, the CLI reference is current, relative links resolve.

The conventions are written down for authors in docs/README.md ("Examples in these pages are checked"):
code blocks (bash, python...) are not run; `pycon` blocks run as doctests; any other fenced block shows output and
needs `<!-- output: okg ... -->` (compared exactly), `<!-- abridged: okg ... -->` (its lines appear in the real output,
in order) or `<!-- diagram -->` on the line just before it. Commands run once each, through click's CliRunner, in a
scratch copy of the project (its sources and committed build), so that `okg build` and `-o` write nowhere that matters.
"""

from __future__ import annotations

import contextlib
import doctest
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from outsourcing_kg.cli import cli_reference, main

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CODE_LANGUAGES = {"bash", "sh", "shell", "python", "ipython", "sparql", "turtle", "trig", "yaml", "json", "toml", "ini", "html", "xml"}
MARKER = re.compile(r"<!-- (output|abridged): (.+) -->")
DIAGRAM = "<!-- diagram -->"
FENCE = re.compile(r"(`{3,}|~{3,})\s*([^`\s]*)")
COG_START, COG_END = "<!-- [[[cog", "<!-- [[[end]]] -->"
REGENERATE_CLI = "`make docs-cli` (cog -r docs/cli.md)"
# Variables that would change what the commands print: where the project is, colours, the terminal's width.
ENV_UNSET = ("OKG_HOME", "OKG_STORE", "OKG_BASE_IRI", "OKG_STORE_USER", "OKG_STORE_PASSWORD", "COLUMNS", "LINES", "FORCE_COLOR")


@dataclass
class Block:
    page: Path
    line: int  # line of the opening fence, from 1
    language: str
    lines: list[str]
    marker: str | None  # the line just before the fence when it is a marker comment
    generated: bool  # inside the cog region of docs/cli.md, checked by test_cli_reference_is_current

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def fenced_blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    generated = False
    i = 0
    while i < len(lines):
        if lines[i].startswith(COG_START):
            generated = True
        elif lines[i].startswith(COG_END):
            generated = False
        opening = FENCE.fullmatch(lines[i])
        if not opening:
            i += 1
            continue
        fence, language = opening.groups()
        end = i + 1
        while end < len(lines) and not re.fullmatch(re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*", lines[end]):
            end += 1
        assert end < len(lines), f"{page.relative_to(ROOT)}:{i + 1}: code block never closed"
        before = lines[i - 1].strip() if i else ""
        marker = before if MARKER.fullmatch(before) or before == DIAGRAM else None
        blocks.append(Block(page, i + 1, language, lines[i + 1 : end], marker, generated))
        i = end + 1
    return blocks


BLOCKS = [block for page in PAGES for block in fenced_blocks(page)]
CHECKED = [block for block in BLOCKS if not block.generated]


def commands_of(block: Block) -> list[str]:
    match = MARKER.fullmatch(block.marker or "")
    assert match, block.where
    return [command.strip() for command in match.group(2).split(" && ")]


def normalised(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def make_recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").split("\n")
    start = next((n for n, line in enumerate(lines) if line.startswith(f"{target}:")), None)
    assert start is not None, f"the Makefile has no target {target!r}"
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


@pytest.fixture(scope="module")
def docs_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project's sources and committed build; the folder the examples run in."""
    home = tmp_path_factory.mktemp("docs-project")
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, home / folder, ignore=shutil.ignore_patterns("docs"))
    (home / "views").mkdir()
    return home


@pytest.fixture(scope="module")
def okg_output(docs_home: Path) -> Callable[[str], tuple[int, str]]:
    """Exit code and output (stdout and stderr, as a terminal shows them) of one `okg ...` command, run once."""
    cache: dict[str, tuple[int, str]] = {}
    runner = CliRunner()

    def run(command: str) -> tuple[int, str]:
        if command not in cache:
            args = shlex.split(command)
            assert args[0] == "okg", f"markers run okg commands only, not {command!r}"
            with contextlib.chdir(docs_home):
                result = runner.invoke(main, args[1:], catch_exceptions=False, env=dict.fromkeys(ENV_UNSET))
            cache[command] = (result.exit_code, result.output)
        return cache[command]

    return run


def test_readme_is_short() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines < 250, f"README.md has {lines} lines: move reference material to docs/"


@pytest.mark.parametrize("block", CHECKED, ids=lambda block: block.where)
def test_block_is_code_or_carries_a_marker(block: Block) -> None:
    if block.language in CODE_LANGUAGES or block.language == "pycon":
        assert block.marker is None, f"{block.where}: a marker before a {block.language} block; markers go before output blocks"
        assert block.language == "pycon" or not any(line.startswith(">>> ") for line in block.lines), (
            f"{block.where}: a Python session with >>> prompts is a `pycon` block (run as a doctest)"
        )
        return
    assert block.marker, (
        f"{block.where}: this block shows output (language {block.language or 'none'!r}), so the line before it must be "
        "<!-- output: okg ... --> or <!-- abridged: okg ... --> (or <!-- diagram -->); code blocks need a language "
        f"such as {', '.join(sorted(CODE_LANGUAGES))}. See docs/README.md."
    )
    if block.marker == DIAGRAM:
        assert not any(line.startswith("$ ") for line in block.lines), f"{block.where}: a diagram with a command prompt"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_marker_is_just_before_a_block(page: Path) -> None:
    used = {block.line - 1 for block in BLOCKS if block.page == page and block.marker}
    lines = page.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines, 1):
        if MARKER.fullmatch(line.strip()) or line.strip() == DIAGRAM:
            assert n in used, f"{page.relative_to(ROOT)}:{n}: the marker is not on the line just before a fenced block"


OUTPUT_BLOCKS = [block for block in CHECKED if MARKER.fullmatch(block.marker or "")]


@pytest.mark.parametrize("block", OUTPUT_BLOCKS, ids=lambda block: block.where)
def test_shown_output_is_the_real_output(block: Block, okg_output: Callable[[str], tuple[int, str]]) -> None:
    commands = commands_of(block)
    prompts = [line for line in block.lines if line.startswith("$ ")]
    shown = normalised("\n".join(line for line in block.lines if not line.startswith("$ ")))
    if prompts and prompts != [f"$ {command}" for command in commands]:
        target = re.fullmatch(r"\$ make ([\w.-]+)", prompts[0])
        assert len(prompts) == 1 and target, f"{block.where}: the $ lines must be the marker's commands or one `$ make TARGET`"
        recipe = make_recipe(target.group(1))
        for command in commands:
            assert f"$(BIN)/{command}" in recipe, f"{block.where}: `make {target.group(1)}` does not run `{command}`"

    real: list[str] = []
    for n, command in enumerate(commands):
        code, output = okg_output(command)
        assert code == 0 or n == len(commands) - 1, f"{block.where}: `{command}` exited {code} before the last command:\n{output}"
        real += normalised(output)

    if block.marker and block.marker.startswith("<!-- output:"):
        assert shown == real, f"{block.where} is not the output of `{' && '.join(commands)}`; it prints:\n" + "\n".join(real)
        return
    position = 0
    for line in shown:
        if not line.strip() or line.strip() == "...":
            continue
        assert line in real[position:], (
            f"{block.where}: {line!r} is not in the output of `{' && '.join(commands)}` (after the lines before it); "
            "it prints:\n" + "\n".join(real)
        )
        position = real.index(line, position) + 1


PYCON_BLOCKS = [block for block in CHECKED if block.language == "pycon"]


@pytest.mark.parametrize("block", PYCON_BLOCKS, ids=lambda block: block.where)
def test_python_session_runs_as_shown(block: Block, docs_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(docs_home)
    test = doctest.DocTestParser().get_doctest("\n".join(block.lines), {}, block.where, str(block.page), block.line)
    report: list[str] = []
    result = doctest.DocTestRunner().run(test, out=report.append)
    assert result.attempted > 0, f"{block.where}: a pycon block without >>> lines"
    assert result.failed == 0, "".join(report)


def test_cli_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    from cogapp import Cog

    status = Cog().main(["cog", "--check", "--diff", str(ROOT / "docs" / "cli.md")])
    assert status == 0, f"docs/cli.md is stale: regenerate it with {REGENERATE_CLI}\n{capsys.readouterr().out}"
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for block in re.split(r"\n\n(?=```\n\$ okg )", cli_reference().rstrip("\n")):
        assert block in page, f"docs/cli.md lacks `{block.splitlines()[1]}`: regenerate it with {REGENERATE_CLI}"


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def prose(page: Path) -> str:
    """The page without its fenced blocks, inline code and HTML comments: where its links are."""
    lines = page.read_text(encoding="utf-8").split("\n")
    for block in fenced_blocks(page):
        for n in range(block.line - 1, block.line + len(block.lines) + 1):
            lines[n] = ""
    text = re.sub(r"<!--.*?-->", "", "\n".join(lines), flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(page: Path) -> set[str]:
    """The anchors of the page's headings (outside code blocks), numbered as GitHub numbers repeated ones."""
    lines = page.read_text(encoding="utf-8").split("\n")
    in_blocks = {n for block in fenced_blocks(page) for n in range(block.line - 1, block.line + len(block.lines) + 1)}
    seen: dict[str, int] = {}
    found = set()
    for n, line in enumerate(lines):
        heading = re.fullmatch(r"#{1,6} (.+)", line)
        if heading and n not in in_blocks:
            anchor = github_anchor(heading.group(1))
            found.add(f"{anchor}-{seen[anchor]}" if anchor in seen else anchor)
            seen[anchor] = seen.get(anchor, 0) + 1
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    links = re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", prose(page))
    assert links or page.name != "README.md", f"{page}: no links found; is the link pattern broken?"
    for link in links:
        if re.match(r"[a-z][a-z0-9+.-]*:", link):  # https:, mailto:
            continue
        path, _, fragment = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.relative_to(ROOT)}: link to {link} but {target} does not exist"
        if fragment and target.suffix == ".md":
            assert fragment in anchors(target), f"{page.relative_to(ROOT)}: link to {link} but {target.name} has no heading #{fragment}"
