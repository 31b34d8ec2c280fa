"""Figures of `okg extract`: the seed article's draft against its curated annotations, the test articles, throughput.

    .venv/bin/python bench/extract_figures.py

Runs in a throw-away copy of the project. For the seed article, the draft replaces the seed's own annotation file in
that copy, so the extractor only knows the reference data and the segment scheme (not the curated answers).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from outsourcing_kg.compile.builder import build
from outsourcing_kg.draft.evaluate import evaluate
from outsourcing_kg.draft.extract import draft_annotations, extract
from outsourcing_kg.draft.known import known_entities
from outsourcing_kg.draft.model import load_model
from outsourcing_kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
SEED = "covid-relation-client-le-grand-declic"
ARTICLES = ROOT / "tests" / "data" / "articles"
DATES = {
    "offshoring-emploi-qualifie": "2021-06-15",
    "outsourcing-chiffres-divergents": "2021-05-10",
    "automobile-tanger-exportations": "2023-02-01",
}


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    started = time.perf_counter()
    nlp = load_model()
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("ontology", "graph", "queries"):
            shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("docs"))
        project = Project.default(root)
        out = project.sources_dir / f"{SEED}.yaml"
        extract(project.sources_dir / f"{SEED}.txt", out, project=project, force=True, nlp=nlp)
        build(project)
        ev = evaluate(out, ROOT / "graph" / "sources" / f"{SEED}.yaml", project)
        print(f"seed article ({SEED}), draft against the curated annotations (the draft builds without edits):")
        print(ev.table())
        for name, date in DATES.items():
            draft = project.sources_dir / f"{name}.yaml"
            extract(ARTICLES / f"{name}.txt", draft, project=project, date=date, nlp=nlp)
            ev = evaluate(draft, ARTICLES / f"{name}.yaml", project)
            e, q = ev.entities, ev.quantitative
            print(
                f"test article {name}: entities P {e.precision:.2f} R {e.recall:.2f}; "
                f"quantitative claims P {q.precision or 0:.2f} R {q.recall or 0:.2f} ({q.matched}/{q.gold})"
            )
        build(project)
        print("the three test articles build into the same graph as the seed")
        index = known_entities(project, exclude=[out])
        text = (project.sources_dir / f"{SEED}.txt").read_text(encoding="utf-8")
        runs = 20
        started = time.perf_counter()
        for _ in range(runs):
            draft_annotations(text, index, title="t", nlp=nlp)
        seconds = (time.perf_counter() - started) / runs
    print(f"model load: {load_seconds:.1f} s; with the model loaded: {1 / seconds:.1f} articles/s "
          f"({seconds * 1000:.0f} ms for the seed article, {len(text):,} characters)")  # fmt: skip


if __name__ == "__main__":
    main()
