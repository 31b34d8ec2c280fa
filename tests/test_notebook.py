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
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3  # the two plots and the static figure of the graph
    assert "Intelcia" in text
    # The three kinds of view: inline (an iframe holding the page, and a link to the saved page), pyvis, static.
    pages = [o["data"]["text/html"] for o in outputs if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert len(pages) == 1 and 'sandbox="allow-scripts"' in pages[0] and 'href="../views/intelcia.html"' in pages[0]
    assert "(4, 3, False)" in text  # the pyvis Network, customised
    assert "PosixPath('views/fmes-pyvis.html')" in text
