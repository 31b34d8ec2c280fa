"""outsourcing-kg: an RDF knowledge graph of the (Moroccan) outsourcing ecosystem, built from annotated news articles.

    import outsourcing_kg as okg
    kg = okg.load()
    kg.query("sector_figures")
    net = kg.to_pyvis(focus="intelcia")   # a pyvis Network to customise...
    okg.views.render(net, "intelcia.html")  # ...written as the offline page of `okg view`

Names are imported on first use, so that `okg --help` does not pay for rdflib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

_EXPORTS = {
    "KnowledgeGraph": ".api",
    "load": ".api",
    "summary": ".api",
    "validate": ".api",
    "build": ".compile.builder",
    "compile_dataset": ".compile.builder",
    "KGError": ".errors",
}
#: Modules offered at the top: `okg.views` is `outsourcing_kg.outputs.views` (render, to_pyvis, render_html...).
_MODULES = {"views": ".outputs.views"}
__all__ = ["KGError", "KnowledgeGraph", "__version__", "build", "compile_dataset", "load", "summary", "validate", "views"]

if TYPE_CHECKING:
    from .api import KnowledgeGraph, load, summary, validate
    from .compile.builder import build, compile_dataset
    from .errors import KGError
    from .outputs import views


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        module = importlib.import_module(_MODULES[name], __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'outsourcing_kg' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext outsourcing_kg` registers the `%%sparql` cell magic."""
    from .magic import load_ipython_extension as register

    register(ipython)


def __dir__() -> list[str]:
    return sorted(__all__)
