"""notebooks/explore.ipynb runs top to bottom (executed with nbclient in a real kernel)."""

from __future__ import annotations

import nbformat
from conftest import ROOT
from nbclient import NotebookClient


def test_explore_notebook_runs_and_answers() -> None:
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Youssef Chraibi" in text
    assert "[totalisait plus de 120.000 emplois]" in text  # the figure followed back to its quote
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the two plots
    assert "Intelcia" in text
