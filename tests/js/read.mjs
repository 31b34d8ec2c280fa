// Reads a GraphML or GEXF file with graphology's parsers (strict: duplicate edge ids throw) and prints its size.
// Used by tests/test_network.py: node read.mjs FILE
import { readFileSync } from "node:fs";
import { DOMParser } from "@xmldom/xmldom";
import Graph from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

const file = process.argv[2];
const text = readFileSync(file, "utf8");
const parser = file.endsWith(".gexf") ? gexf : graphml;
const graph = parser.parse(Graph, new DOMParser().parseFromString(text, "application/xml"), { addMissingNodes: false });
const sample = graph.nodes().slice(0, 1).map((n) => graph.getNodeAttributes(n));
console.log(JSON.stringify({ nodes: graph.order, edges: graph.size, multi: graph.multi, sample }));
