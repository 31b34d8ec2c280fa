"""Annotation files: what curators (and `okg extract`) write, read into checked, anchored plain data.

- `models`: the pydantic models of an annotation file (exported as JSON Schema for editors);
- `anchoring`: finding each quote in the article text (W3C Web Annotation selectors);
- `files`: reading a YAML file with line numbers, and a source with its text and anchors.

May import: `errors`, `names`, `project`, `io`. Knows nothing of RDF graphs.
"""
