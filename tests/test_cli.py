"""The `okg` command line (cli.py): every verb, its help, its errors, and the installed entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from outsourcing_kg import __version__
from outsourcing_kg.cli import main
from outsourcing_kg.errors import QueryError
from outsourcing_kg.project import Project

VERBS = {
    "build",
    "review",
    "load",
    "validate",
    "query",
    "sparql",
    "site",
    "docs",
    "summary",
    "synth",
    "view",
    "stats",
    "export",
    "catalog",
    "push",
    "serve",
    "extract",
    "evaluate",
}


def test_help_lists_every_verb(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == VERBS


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for verb in sorted(VERBS):
        result = runner.invoke(main, [verb, "--help"], catch_exceptions=False)
        assert result.exit_code == 0
        assert "Example:" in result.output, verb
        assert f"okg {verb}" in result.output.split("Example:")[1], verb


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"], catch_exceptions=False)
    assert result.output == f"okg, version {__version__}\n"


def test_query_cli_formats(runner: CliRunner, project: Project) -> None:
    args = ["query", "sector_figures", "--project", str(project.root)]
    csv = runner.invoke(main, [*args, "--format", "csv"], catch_exceptions=False)
    assert csv.exit_code == 0
    assert csv.output.splitlines()[0] == "metric,value,currency,unit,lower_bound,year,quote"
    assert "employment,120000,,jobs,true,2019,totalisait plus de 120.000 emplois" in csv.output
    table = runner.invoke(main, [*args, "--param", "year=2019"], catch_exceptions=False)
    assert "14000000000" in table.output and table.output.rstrip().endswith("3 row(s)")
    listing = runner.invoke(main, ["query", "--list", "--project", str(project.root)], catch_exceptions=False)
    assert len(listing.output.splitlines()) >= 10
    assert any(line.startswith("sector_figures") and "2019" not in line for line in listing.output.splitlines())


def test_query_cli_errors_are_one_line(runner: CliRunner, project: Project) -> None:
    cases = [
        (["query", "sector_figure"], "Error: no query named 'sector_figure'; did you mean sector_figures"),
        (["query", "sector_figures", "-p", "year=twenty"], "Error: parameter year: expected a four-digit year, got 'twenty'"),
        (["query", "projects", "-p", "nope=1"], "Error: query 'projects' has no parameter 'nope'"),
    ]
    for args, start in cases:
        result = runner.invoke(main, [*args, "--project", str(project.root)], catch_exceptions=False)
        assert result.exit_code == 2, args
        assert result.output.startswith(start), result.output
        assert result.output.count("\n") == 1


def test_sparql_from_stdin(runner: CliRunner, project: Project) -> None:
    query = "PREFIX okg: <https://w3id.org/okg/ontology#>\nSELECT (COUNT(*) AS ?claims) WHERE { ?c okg:source ?d }"
    result = runner.invoke(main, ["sparql", "-", "--format", "csv", "--project", str(project.root)], input=query, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "claims"
    assert int(result.output.splitlines()[1]) >= 35
    bad = runner.invoke(main, ["sparql", "-", "--project", str(project.root)], input="DELETE WHERE { ?s ?p ?o }")
    assert bad.exit_code == 2 and "SPARQL Update is refused" in bad.output


def test_summary_counts_and_answers(runner: CliRunner, project: Project) -> None:
    result = runner.invoke(main, ["summary", "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert " claims, 1 source document(s)" in first
    assert "A: employment: more than 120,000 jobs" in result.output
    assert "A: Youssef Chraibi (president of the FMES)" in result.output
    assert "A: #2 for employment before 2020, behind automotive industry in Morocco" in result.output


def test_missing_build_is_a_clear_error(runner: CliRunner, tmp_project: Project) -> None:
    shutil.rmtree(tmp_project.build_dir)
    result = runner.invoke(main, ["query", "projects", "--project", str(tmp_project.root)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "no built graph here; run `okg build`" in result.output


def test_installed_entry_point(tmp_path: Path) -> None:
    okg = Path(sys.executable).with_name("okg")
    assert okg.is_file(), "the okg console script is not installed"
    version = subprocess.run([str(okg), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"okg, version {__version__}"
    check = subprocess.run([str(okg), "build", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    bad = subprocess.run([str(okg), "validate", str(tmp_path / "none.ttl")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2
    assert bad.stderr.startswith("Error: ") and "Traceback" not in bad.stderr


def test_query_lang_option(runner: CliRunner, project: Project) -> None:
    result = runner.invoke(main, ["query", "organisations", "--lang", "fr", "--format", "csv", "--project", str(project.root)])
    assert result.exit_code == 0
    assert "Fédération Marocaine de l'Externalisation des Services,fédération,FMES,1" in result.output


# -- every user error is one line and a non-zero exit, never a traceback -----------------------------------------


def _one_line_error(result: Result, *, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "nt", "-o", "/proc/okg-export.nt"],
        ["view", "-o", "/proc/okg-view.html"],
        ["export", "--format", "graphml", "-o", "/proc/okg.graphml"],
    ],
    ids=["export", "view", "graphml"],
)
def test_an_unwritable_output_is_one_line(runner: CliRunner, project: Project, args: list[str]) -> None:
    line = _one_line_error(runner.invoke(main, [*args, "--project", str(project.root)]))
    assert "/proc/okg" in line and "cannot write in /proc" in line


def test_extract_into_an_unwritable_folder_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Vertex Maroc emploie 300 salariés à Fès.\n", encoding="utf-8")
    line = _one_line_error(runner.invoke(main, ["extract", str(article), "-o", "/proc/okg-draft/a.yaml"]))
    assert "/proc/okg-draft" in line


def test_a_query_file_that_is_not_utf8(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    latin = tmp_path / "q.rq"
    latin.write_bytes('SELECT ?s WHERE { ?s rdfs:label "Fès" }'.encode("latin-1"))
    line = _one_line_error(runner.invoke(main, ["sparql", str(latin), "--project", str(project.root)]))
    assert (
        line
        == f"Error: {latin}: not UTF-8 (invalid byte 0xe8 at offset 34); save the query as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"
    )


def test_a_folder_where_a_file_is_expected(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    for args in (["sparql", str(tmp_path)], ["extract", str(tmp_path)], ["validate", str(tmp_path)], ["load", str(tmp_path)]):
        result = runner.invoke(main, [*args, "--project", str(project.root)])
        assert result.exit_code == 2 and "Traceback" not in result.output, (args, result.output)
        assert str(tmp_path) in result.output and ("directory" in result.output or "folder" in result.output), (args, result.output)


@pytest.mark.parametrize("value", ["-1", "0", "0.0"])
def test_a_timeout_must_be_positive(runner: CliRunner, project: Project, value: str) -> None:
    result = runner.invoke(main, ["query", "figures", "--timeout", value, "--project", str(project.root)])
    assert result.exit_code == 2 and "Invalid value for '--timeout'" in result.output and "Traceback" not in result.output


def test_a_timeout_in_python_must_be_positive(project: Project) -> None:
    from outsourcing_kg import load

    with pytest.raises(QueryError, match=r"timeout must be more than 0 seconds \(None for no limit\), got 0"):
        load(project=project, timeout=0)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_query_says_so(runner: CliRunner, project: Project, text: str) -> None:
    line = _one_line_error(runner.invoke(main, ["sparql", "-", "--project", str(project.root)], input=text))
    assert line == "Error: the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query"


def test_a_huge_parameter_value_is_not_echoed_whole(runner: CliRunner, project: Project) -> None:
    huge = "x" * 100_000
    for args in (["query", "figures", "-p", f"year={huge}"], ["query", "entity_profile", "-p", f"entity={huge}"], ["query", huge]):
        line = _one_line_error(runner.invoke(main, [*args, "--project", str(project.root)]))
        assert len(line) < 400 and "100,000 characters" in line, line[:200]


def test_view_types_accepts_one_string(project: Project) -> None:
    from outsourcing_kg import load

    kg = load(project=project)
    assert kg.view(types="company", save=False).nodes == kg.view(types=["company"], save=False).nodes > 0


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "big.nq"
    script = "import sys; from outsourcing_kg.cli import main; sys.exit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", script, "synth", "--triples", "5000000", "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip().splitlines()[-1] == "Interrupted." and b"Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []  # the atomic writer left nothing behind
