"""Graph: a built graph and the questions it answers.

- `knowledge`: `KnowledgeGraph` (named queries, SPARQL, labels, entity resolution) over an engine;
- `engines`: who answers SPARQL: rdflib in memory, or Oxigraph (pyoxigraph) on disk;
- `queries`: the named queries of queries/ (headers, typed parameters bound as RDF terms through VALUES);
- `sparql`: read-only parsing, the project's prefixes, evaluation with rdflib;
- `results`: rows of RDF terms in one canonical form across stores, and typed pandas DataFrames.

May import: `errors`, `names`, `project`, `io` (not `compile` or `annotations`: a graph may come from anywhere).
"""
