"""Outputs: what is made from a built graph for people and other tools.

- `views`: the networkx projection, the self-contained HTML view, statistics, GraphML and GEXF;
- `export`: every RDF format, written atomically (streamed from large Oxigraph stores);
- `http`, `remote`: SPARQL 1.1 stores over HTTP: push named graphs, run queries remotely;
- `server`: a local Oxigraph server holding the build;
- `catalog`: the dumps with their SHA-256, the DCAT 3 + VoID description, schema.org `Dataset`;
- `linked_data`: dereferenceable IRIs (303 by Accept) in front of the server, static descriptions, redirect rules;
- `ontology_docs`: the ontology's HTML documentation (pyLODE).

May import: `graph`, `compile`, `annotations` and the bottom modules. Takes a `KnowledgeGraph` or an rdflib
Dataset, never a path to load: `outsourcing_kg.load()` and `cli.py` do that.
"""
