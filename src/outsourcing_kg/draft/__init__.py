"""Draft: `okg extract` drafts an annotation file from a French article (spaCy + rules + linking to the entities the
project already has), and `okg evaluate` scores a draft against a curated file.

May import: `annotations`, `compile`, `graph` and the bottom modules (not `outputs`). Writes annotation files, never
the graph: a draft enters the graph only after a person reviews it and `okg build` validates it.
"""
