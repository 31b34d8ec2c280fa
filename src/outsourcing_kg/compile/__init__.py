"""Compile: annotated sources and the ontology into one RDF Dataset, validated and written deterministically.

- `builder`: the Dataset from the ontology, reference data and every annotation file; `build` writes graph/build/;
- `serialise`: deterministic TriG, Turtle, N-Triples and JSON-LD (byte-identical run to run), the union graph;
- `validation`: pySHACL with the project's shapes, and every quote checked against its text at its offsets.

May import: `annotations`, `errors`, `io`, `names`, `project`. Takes paths only through a `Project`.
"""
