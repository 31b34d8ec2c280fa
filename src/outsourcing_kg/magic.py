"""`%load_ext outsourcing_kg` then `%%sparql` in a Jupyter cell: the cell's SPARQL, answered as a DataFrame."""

from __future__ import annotations

import sys
from typing import Any

from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from .errors import KGError


@magics_class
class SparqlMagics(Magics):
    """Holds the graph the magic queries: the one named on the magic line, else the committed build."""

    _default: Any = None

    @magic_arguments()
    @argument("graph", nargs="?", default=None, help="Name of a KnowledgeGraph variable (default: okg.load()).")
    @argument("--short", action="store_true", help="Shorten IRIs to prefixed names (id:org/intelcia).")
    @argument("--out", default=None, help="Also store the DataFrame in this variable.")
    @cell_magic
    def sparql(self, line: str, cell: str) -> Any:
        """Run the cell as read-only SPARQL against the knowledge graph and display a DataFrame.

        Example:
            %%sparql --short
            SELECT ?org ?label WHERE { ?org a okg:Company ; rdfs:label ?label }
        """
        args = parse_argstring(self.sparql, line)
        try:
            kg = self._graph(args.graph)
            frame = kg.sparql(cell, short_iris=args.short)
        except KGError as exc:
            # One line, no traceback, as on the command line.
            sys.stderr.write(f"Error: {exc}\n")
            return None
        if args.out:
            self.shell.user_ns[args.out] = frame  # type: ignore[union-attr]
        return frame

    def _graph(self, name: str | None) -> Any:
        from .api import load
        from .graph.knowledge import KnowledgeGraph

        if name:
            value = self.shell.user_ns.get(name) if self.shell else None
            if not isinstance(value, KnowledgeGraph):
                raise KGError(f"%%sparql {name}: no KnowledgeGraph variable named {name!r} (make one with okg.load())")
            return value
        if SparqlMagics._default is None:
            SparqlMagics._default = load()
        return SparqlMagics._default


def load_ipython_extension(ipython: Any) -> None:
    ipython.register_magics(SparqlMagics)
