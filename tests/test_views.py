"""Graph views (outputs/: projection, views, network): selections, the HTML page, stats, GraphML/GEXF, their CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import XSS_IMG, XSS_LABEL, XSS_SCRIPT
from rdflib import URIRef

from outsourcing_kg.api import KnowledgeGraph
from outsourcing_kg.cli import main
from outsourcing_kg.errors import KGError
from outsourcing_kg.names import UnknownName
from outsourcing_kg.outputs import network, views
from outsourcing_kg.outputs.projection import ViewError, find_node, select, to_networkx
from outsourcing_kg.outputs.views import make_view, render_html, write_view
from outsourcing_kg.project import OKG, Project

ID = "https://w3id.org/okg/id/"
NODE_FAMILIES = "okg:Organization okg:Person okg:Post okg:Sector okg:Segment okg:Event okg:Place okg:SourceDocument"


@pytest.fixture(scope="module")
def graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    return kg.to_networkx()


@pytest.fixture(scope="module")
def page(graph: nx.MultiDiGraph) -> str:
    return render_html(graph)


def synthetic(graph: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    """n nodes of the real classes, two edges each: a stand-in for a large projection."""
    out = nx.MultiDiGraph(**{k: v for k, v in graph.graph.items()})
    classes = sorted(graph.graph["classes"].items())
    for i in range(n):
        cls, info = classes[i % len(classes)]
        out.add_node(f"x/{i}", label=f"entity {i}", **{"class": cls}, class_label=info["label"], family=info["family"], iri=f"{ID}x/{i}")
    for i in range(n):
        out.add_edge(f"x/{i}", f"x/{(i + 1) % n}", key="locatedIn", label="located in", relation="locatedIn", quotes=[], claimants=[])
        out.add_edge(f"x/{i}", f"x/{(i * 7 + 3) % n}", key="topic", label="topic", relation="topic", quotes=["q"], claimants=[])
    return out


# -- projection ---------------------------------------------------------------


def test_nodes_are_exactly_the_entities(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    rows = kg.sparql_result(
        f"SELECT DISTINCT ?s WHERE {{ ?s a ?c . ?c rdfs:subClassOf* ?f . VALUES ?f {{ {NODE_FAMILIES} }} FILTER isIRI(?s) }}"
    ).rows
    expected = {str(r[0]) for r in rows}
    assert {d["iri"] for _, d in graph.nodes(data=True)} == expected
    assert all(n == d["iri"].removeprefix(ID) for n, d in graph.nodes(data=True))
    # No RDF plumbing as nodes: claims, evidence, selectors, classes, the segment scheme.
    assert not [n for n in graph if n.startswith(("claim/", "mention/", "scheme/")) or "/evidence/" in n]


def test_node_attributes_hold_labels_classes_and_quotes(graph: nx.MultiDiGraph) -> None:
    intelcia = graph.nodes["org/intelcia"]
    assert (intelcia["label"], intelcia["class"], intelcia["class_label"], intelcia["family"]) == (
        "Intelcia",
        "Company",
        "company",
        "Organization",
    )
    assert intelcia["mentions"] == ["le patron d’Intelcia"]
    assert graph.nodes["place/morocco"]["wikidata"] == "Q1028"
    assert graph.nodes["post/fmes-president"]["role"] == "president"  # a role is an attribute, not a node
    assert "FMES" in graph.nodes["org/fmes"]["aliases"]
    facts = {f["text"]: f for f in graph.nodes["sector/outsourcing-morocco"]["facts"]}
    assert facts["employment: more than 120,000 jobs (2019)"]["quotes"] == ["totalisait plus de 120.000 emplois"]
    assert "rank 2 for employment before 2020, behind automotive industry in Morocco" in facts


def test_edges_are_labelled_directed_relations_with_provenance(graph: nx.MultiDiGraph) -> None:
    launched = graph.edges["org/intelcia", "event/intelcia-oujda-expansion", "launched"]
    assert launched["label"] == "launched"
    assert launched["quotes"] == ["des projets d’expansion, comme celui lancé par Intelcia à Oujda"]
    assert not graph.has_edge("event/intelcia-oujda-expansion", "org/intelcia")
    located = graph.edges["place/oujda", "place/morocco", "locatedIn"]
    assert (located["quotes"], located["graphs"]) == ([], ["reference"])
    effect = graph.edges["event/covid-19-crisis", "sector/outsourcing-morocco", "positiveEffectOn"]
    assert len(effect["quotes"]) == 3 and any("Youssef Chraibi" in c for c in effect["claimants"])


def test_parallel_and_reverse_edges_are_kept(graph: nx.MultiDiGraph) -> None:
    # pyvis's undirected from_nx drops an edge whose reverse exists; the projection keeps both, and parallel relations.
    assert set(graph["event/covid-19-crisis"]["segment/crm"]) == {"positiveEffectOn", "revealedImportanceOf"}
    assert graph.has_edge("sector/outsourcing-morocco", "event/covid-19-crisis", "adaptedTo")
    assert graph.has_edge("event/covid-19-crisis", "sector/outsourcing-morocco", "positiveEffectOn")


def test_every_edge_is_a_triple_or_a_comparison_in_the_graph(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    rdf = kg.graph
    for u, v, data in graph.edges(data=True):
        s, p, o = URIRef(graph.nodes[u]["iri"]), URIRef(data["iri"]), URIRef(graph.nodes[v]["iri"])
        if p in (OKG.rankedBehind, OKG.comparedWith):
            assert any((c, OKG.subject, s) in rdf for c in rdf.subjects(p, o)), (u, v)
        else:
            assert (s, p, o) in rdf, (u, v, data["relation"])
    assert graph.number_of_edges() >= 25


def test_labels_in_french(kg: KnowledgeGraph) -> None:
    french = kg.to_networkx(lang="fr")
    assert french.nodes["segment/crm"]["label"] == "relation client"
    assert french.nodes["org/intelcia"]["class_label"] == "entreprise"
    assert french.edges["org/intelcia", "event/intelcia-oujda-expansion", "launched"]["label"] == "a lancé"
    with pytest.raises(ViewError, match="language 'de' is not available"):
        kg.to_networkx(lang="de")


def test_claims_as_nodes_link_claimant_subject_and_value(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    full = kg.to_networkx(with_claims=True)
    claims = [n for n, d in full.nodes(data=True) if d["family"] == "Claim"]
    assert len(claims) == len(set(kg.graph.subjects(OKG.source, None)))
    claim = "claim/covid-relation-client-le-grand-declic/intelcia-launched-oujda-expansion"
    assert set(full[claim]) == {"org/intelcia", "event/intelcia-oujda-expansion", "document/covid-relation-client-le-grand-declic"}
    assert full.nodes[claim]["quotes"] == ["des projets d’expansion, comme celui lancé par Intelcia à Oujda"]
    assert set(graph.edges(keys=True)) <= set(full.edges(keys=True))


def test_projection_accepts_an_rdflib_graph(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    from rdflib import Graph

    union = Graph()
    for triple in kg.graph.triples((None, None, None)):
        union.add(triple)
    assert set(to_networkx(union).edges(keys=True)) == set(graph.edges(keys=True))


# -- selection ----------------------------------------------------------------


@pytest.mark.parametrize("ref", ["org/intelcia", f"{ID}org/intelcia", "intelcia", "INTELCIA"])
def test_find_node_by_id_iri_slug_or_label(graph: nx.MultiDiGraph, ref: str) -> None:
    assert find_node(graph, ref) == "org/intelcia"


def test_find_node_by_alias(graph: nx.MultiDiGraph) -> None:
    assert find_node(graph, "fmes") == "org/fmes"


def test_focus_depth(graph: nx.MultiDiGraph) -> None:
    one = {"org/intelcia", "event/intelcia-oujda-expansion", "post/intelcia-chief-executive"}
    two = one | {"place/oujda", "event/covid-19-crisis", "event/intelcia-chief-executive-interview"}
    assert set(select(graph, focus="Intelcia", depth=1)) == one
    assert set(select(graph, focus="Intelcia", depth=2)) == two
    assert set(select(graph, focus="Intelcia", depth=0)) == {"org/intelcia"}


def test_types_filter_by_class_family_or_label(graph: nx.MultiDiGraph) -> None:
    places = select(graph, types=["place"])
    assert set(places) == {"place/world", "place/africa", "place/morocco", "place/oujda", "place/francophone-zone"}
    assert set(places.edges(keys=True)) == {(u, v, k) for u, v, k in graph.edges(keys=True) if k == "locatedIn"}
    assert set(select(graph, types=["Company,federation"])) == {"org/intelcia", "org/l-observateur", "org/fmes", "org/cgem"}
    assert set(select(graph, types=["ville"])) == {"place/oujda"}
    assert set(select(graph, types=["city"], focus="intelcia")) == {"org/intelcia", "place/oujda"}


def test_unknown_focus_suggests_the_closest_labels(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownName) as err:
        select(graph, focus="Intelsia")
    assert (
        str(err.value)
        == "no entity 'Intelsia' in the graph; did you mean Intelcia (org/intelcia), head of Intelcia (post/intelcia-chief-executive)?"
    )


def test_unknown_type_lists_the_types(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ViewError, match=r"unknown type 'compagny'; did you mean company\? types in this graph: city, company"):
        select(graph, types=["compagny"])


def test_empty_selection_is_an_error_not_an_empty_page(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ViewError) as err:
        select(graph, focus="intelcia", depth=1, types=["place"])
    assert str(err.value) == "the selection is empty: no node of type place within 1 hop(s) of Intelcia; nothing to show"
    with pytest.raises(ViewError, match="the selection is empty"):
        render_html(nx.MultiDiGraph(classes={}))


# -- the HTML page ---------------------------------------------------------------


def _data(page: str) -> dict[str, Any]:
    parts = re.findall(r'<script type="application/json" id="okg-data(?:-\d+)?">(.*?)</script>', page, flags=re.S)
    assert parts
    data: dict[str, Any] = json.loads("".join(parts))
    return data


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r"""<(link|script|img|iframe)\b[^>]*\b(href|src)=""", page)
    assert "@import" not in page
    assert "vis-network" in page and "@version 9.1.2" in page
    assert len(re.findall(r"(?m)^<script\b", page)) == 3  # the data, vis-network, the page's own script
    assert "sourceMappingURL" not in page
    assert "bootstrap" not in page.lower()


def test_csp_allows_only_the_page_scripts_and_no_network(page: str) -> None:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}
    policy = dict(part.strip().split(" ", 1) for part in csp.group(1).split(";"))
    assert policy["default-src"] == "'none'"
    assert set(policy["script-src"].split()) == hashes
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]


def test_page_data_legend_sizes_and_edge_labels(graph: nx.MultiDiGraph, page: str) -> None:
    data = _data(page)
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["sector/outsourcing-morocco"]["size"] > nodes["org/intelcia"]["size"]  # size by degree
    assert {n["shape"] for n in data["nodes"]} >= {"dot", "star", "triangle", "square", "diamond", "hexagon", "triangleDown", "box"}
    assert sum(e["count"] for e in data["legend"]) == graph.number_of_nodes()
    assert {"class": "Company", "label": "company", "shape": "dot", "color": "#1f77b4", "count": 2} in data["legend"]
    assert all(e["label"] for e in data["edges"])
    assert data["mode"] == "physics"
    assert data["options"]["physics"]["stabilization"]["iterations"] == views.STABILISATION_ITERATIONS
    assert data["options"]["physics"]["stabilization"]["updateInterval"] == views.stabilisation_slice(graph.number_of_nodes())
    tip = nodes["sector/outsourcing-morocco"]["tip"]
    assert ["employment: more than 120,000 jobs (2019)", "", ["totalisait plus de 120.000 emplois"]] in tip["facts"]
    # parallel edges are drawn on distinct curves
    curves = [json.dumps(e.get("smooth")) for e in data["edges"] if e["from"] == "event/covid-19-crisis" and e["to"] == "segment/crm"]
    assert len(set(curves)) == 2


def test_page_is_deterministic(graph: nx.MultiDiGraph, page: str) -> None:
    assert render_html(graph) == page


def test_untrusted_text_is_never_markup(xss_kg: KnowledgeGraph) -> None:
    view = make_view(xss_kg, focus="org/evil-corp")
    assert XSS_IMG not in view.html and XSS_SCRIPT not in view.html
    assert "<img" not in view.html and len(re.findall(r"(?m)^<script\b", view.html)) == 3
    data = _data(view.html)
    evil = next(n for n in data["nodes"] if n["id"] == "org/evil-corp")
    assert evil["tip"]["title"] == XSS_LABEL  # reaches the page as JSON data, shown as text by the page's script
    assert f"<title>outsourcing-kg: around {html.escape(XSS_LABEL)} (2 hops)</title>" in view.html


def test_large_graph_is_laid_out_ahead_with_physics_off(
    graph: nx.MultiDiGraph, kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = synthetic(graph, views.LARGE_GRAPH + 1)
    big.add_node("x/alone", label="alone", **{"class": "City"}, class_label="city", family="Place", iri=f"{ID}x/alone")
    data = _data(render_html(big))
    assert data["mode"] == "fixed" and data["large"] and "neighbourhood" in data["notes"][0]
    assert data["options"]["physics"] == {"enabled": False}
    assert len(data["nodes"]) == big.number_of_nodes() and len(data["edges"]) == 2 * big.number_of_edges()
    rows = {row[0]: row for row in data["nodes"]}
    assert [row[0] for row in data["nodes"]] == sorted(big)
    assert data["legend"][rows["x/0"][2]]["class"] == big.nodes["x/0"]["class"]
    assert all(isinstance(row[4], float) and isinstance(row[5], float) for row in data["nodes"])
    assert len({(row[4], row[5]) for row in data["nodes"]}) == len(rows)  # no two nodes on one spot
    # Neighbours sit near each other, and an isolated node is packed beside the rest, not thrown far out.
    names = [row[0] for row in data["nodes"]]
    span = max(row[4] for row in data["nodes"]) - min(row[4] for row in data["nodes"])
    edge = [math.dist(rows[names[u]][4:6], rows[names[v]][4:6]) for u, v in zip(data["edges"][::2], data["edges"][1::2], strict=True)]
    assert sorted(edge)[len(edge) // 2] >= 89
    assert span < 90 * math.sqrt(big.number_of_nodes()) * 2
    assert data["tips"][names.index("x/0")]["title"] == "entity 0"
    assert render_html(big) == render_html(big)  # the same positions every time
    assert [views.stabilisation_iterations(n) for n in (100, 1000, 3000)] == [600, 300, 100]
    # Every component keeps the scale of its edges (90 px, more where nodes need room), a pair of nodes included.
    pair = nx.MultiDiGraph([("a", "b"), ("c", "d"), ("d", "e"), ("e", "c")])
    spots = dict(zip("abcde", views.layout_positions(pair, list("abcde")), strict=True))
    assert all(89 <= math.dist(spots[u], spots[v]) <= 180 for u, v in ("ab", "cd", "de", "ec"))
    assert [views.stabilisation_slice(n) for n in (23, 100, 1000, 10_000)] == [50, 20, 2, 1]
    monkeypatch.setattr(views, "LARGE_GRAPH", 10)
    view = make_view(kg)
    assert view.warnings == [
        f"{graph.number_of_nodes()} nodes is a large view: laid out ahead of time, edge labels hidden; "
        "narrow it to an entity's neighbourhood (focus) or to some types"
    ]


def test_oversize_graph_gets_an_overview_and_the_data_for_parts(
    graph: nx.MultiDiGraph, kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "OVERSIZE_GRAPH", graph.number_of_nodes() - 1)
    view = make_view(kg)
    assert view.warnings[0].startswith(f"{graph.number_of_nodes()} nodes is more than a browser can draw (the limit is")
    data = _data(view.html)
    assert data["mode"] == "overview" and f"{graph.number_of_nodes()} nodes is more than" in data["notes"][0]
    names = [row[0] for row in data["nodes"]]
    assert names == sorted(graph)
    intelcia = data["nodes"][names.index("org/intelcia")]
    assert data["legend"][intelcia[2]]["label"] == "company" and intelcia[3] == graph.degree("org/intelcia")
    document = names.index(next(n for n, d in graph.nodes(data=True) if d["family"] == "SourceDocument"))
    assert document in intelcia[4]  # Intelcia is mentioned in the article
    assert [document, sum(1 for row in data["nodes"] if document in row[4])] in data["sources"]
    triples = list(zip(data["edges"][::3], data["edges"][1::3], data["edges"][2::3], strict=True))
    assert len(triples) == graph.number_of_edges() == sum(count for *_, count in data["kind_edges"])
    assert {(names[u], names[v], data["relations"][r]) for u, v, r in triples} == {(u, v, d["label"]) for u, v, d in graph.edges(data=True)}
    assert len(data["tips"]) == len(names) and len(data["edge_tips"]) == len(triples)
    assert data["part_limit"] == views.PART_LIMIT
    assert make_view(kg).html == view.html  # deterministic
    french = _data(make_view(kg, lang="fr").html)
    assert french["notes"][0].startswith(f"{graph.number_of_nodes()} nœuds, c'est plus qu'un navigateur")
    assert french["ui"]["search"] == "Chercher une entité"


def test_notebook_view_is_an_iframe_and_writes_nothing_unless_saved(
    kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    view = kg.view(focus="intelcia", lang="fr", save=False)
    frame = view._repr_html_()
    match = re.fullmatch(r'<iframe srcdoc="([^"]*)" title="[^"]*" style="[^"]*" sandbox="allow-scripts"></iframe>', frame)
    assert match and html.unescape(match.group(1)) == view.html
    assert "autour de Intelcia" in view.title and view.nodes == 6
    assert list(tmp_path.iterdir()) == [] and view.path is None
    saved = view.save(tmp_path / "v.html")
    assert saved.read_text(encoding="utf-8") == view.html
    assert view._repr_html_().startswith(frame) and '<a href="v.html" target="_blank" rel="noopener">v.html</a>' in view._repr_html_()


def test_notebook_view_saves_and_links_to_the_page(tmp_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outsourcing_kg import load

    kg = load(project=tmp_project)
    notebooks = tmp_project.root / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)  # a notebook's kernel runs in the notebook's folder
    view = kg.view(focus="intelcia")
    assert view.path == tmp_project.root / "views" / "intelcia.html"
    assert view.path.read_text(encoding="utf-8") == view.html
    assert '<a href="../views/intelcia.html" target="_blank" rel="noopener">intelcia.html</a>' in view._repr_html_()
    out = tmp_path / "out"
    out.mkdir()
    assert kg.view(save=out / "a b.html").path == out / "a b.html" and (out / "a b.html").is_file()
    assert views.file_link(out / "a b.html", tmp_path) == "out/a%20b.html"


def test_write_view_default_path_is_in_the_project(tmp_project: Project) -> None:
    from outsourcing_kg import load

    kg = load(project=tmp_project)
    _, full = write_view(kg)
    _, focused = write_view(kg, focus="Intelcia")
    assert full == tmp_project.root / "views" / "ecosystem.html"
    assert focused == tmp_project.root / "views" / "intelcia.html"
    assert focused.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_errors_are_one_clear_line(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match=r"v\.txt: unknown extension '\.txt'; use \.html for the interactive view, or \.svg"):
        views.write_output(kg, tmp_path / "v.txt")
    assert list(tmp_path.iterdir()) == []
    missing = tmp_path / "nope" / "view.html"
    with pytest.raises(KGError) as err:
        write_view(kg, missing)
    assert str(err.value) == f"{missing}: folder {missing.parent} does not exist; create it first or choose another output"
    with pytest.raises(KGError, match="is a folder; give a file name"):
        write_view(kg, tmp_path)
    with pytest.raises(KGError, match=r"^/proc/okg-view\.html: cannot write in /proc \("):
        write_view(kg, "/proc/okg-view.html")  # not writable, even for root


# -- pyvis -------------------------------------------------------------------------


def test_to_pyvis_matches_the_view(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyvis.network import Network

    def quadratic(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("from_nx is quadratic")

    pristine = Network().options.to_json()
    monkeypatch.setattr(Network, "from_nx", quadratic)
    monkeypatch.setattr(Network, "add_node", quadratic)
    monkeypatch.setattr(Network, "add_edge", quadratic)
    net = kg.to_pyvis(focus="fmes", depth=2)
    assert Network().options.to_json() == pristine  # pyvis's option classes are left as they were
    page = _data(make_view(kg, focus="fmes", save=False).html)
    assert isinstance(net, Network) and net.directed
    assert (net.num_nodes(), net.num_edges()) == (len(page["nodes"]), len(page["edges"]))
    assert net.get_nodes() == [n["id"] for n in page["nodes"]]
    expected = {n["id"]: n for n in page["nodes"]}
    for node in net.nodes:
        view_node = expected[node["id"]]
        assert (node["label"], node["shape"], node["color"], node["size"]) == (
            view_node["label"],
            view_node["shape"],
            view_node["color"],
            view_node["size"],
        )
        assert node["title"] == views.tip_text(view_node["tip"])
    assert [(e["from"], e["to"], e["label"]) for e in net.edges] == [(e["from"], e["to"], e["label"]) for e in page["edges"]]
    chraibi = net.get_node("person/youssef-chraibi")["title"]
    assert chraibi.startswith("Youssef Chraibi\nperson\nid: person/youssef-chraibi")
    holds = next(e for e in net.edges if e["from"] == "person/youssef-chraibi")
    assert holds["title"].startswith("Youssef Chraibi → holds post → president of the FMES\nholdsPost\nQuotes\n« les propos du président")
    assert net.options.physics.enabled and net.options.physics.solver == "forceAtlas2Based"  # pyvis's own objects, still usable
    net.toggle_physics(False)
    net.set_edge_smooth("dynamic")
    assert json.loads(net.options.to_json())["edges"]["smooth"]["type"] == "dynamic"


def test_rendered_network_is_the_view_page(kg: KnowledgeGraph, tmp_path: Path) -> None:
    graph = select(kg.to_networkx(lang="fr"), focus="intelcia")
    net = views.to_pyvis(graph, lang="fr")
    page = views.render(net, tmp_path / "net.html")
    rendered, expected = _data(page.read_text(encoding="utf-8")), _data(render_html(graph, lang="fr"))
    for key in ("title", "nodes", "edges", "legend", "notes", "ui", "large"):
        assert rendered[key] == expected[key], key
    assert _subset(expected["options"], rendered["options"])  # plus pyvis's defaults (configure off, drag nodes...)
    assert page.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert views.render_network(net) == page.read_text(encoding="utf-8")  # deterministic


def _subset(small: Any, big: Any) -> bool:
    if isinstance(small, dict):
        return isinstance(big, dict) and all(k in big and _subset(v, big[k]) for k, v in small.items())
    return bool(small == big)


def test_customised_network_keeps_its_changes_and_text_tooltips(kg: KnowledgeGraph) -> None:
    net = kg.to_pyvis(focus="intelcia", depth=1)
    net.toggle_physics(False)
    net.get_node("org/intelcia")["color"] = "#ff0000"
    net.get_node("org/intelcia")["title"] = "<b>not bold</b>"
    net.nodes.append({"id": "mine", "label": "my node", "title": "<img src=x onerror=alert(1)>"})
    net.node_ids.append("mine")
    net.edges.append({"from": "mine", "to": "org/intelcia"})
    data = _data(views.render_network(net, title="<i>mine</i>"))
    assert data["options"]["physics"]["enabled"] is False
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["org/intelcia"]["color"] == "#ff0000" and nodes["org/intelcia"]["title"] == "<b>not bold</b>"
    assert "tip" not in nodes["org/intelcia"] and "tip" in nodes["post/intelcia-chief-executive"]
    assert nodes["mine"]["title"] == "<img src=x onerror=alert(1)>"  # a string title is shown as text by vis-network
    assert {"class": "Company", "label": "company", "shape": "dot", "color": "#ff0000", "count": 1} in data["legend"]
    assert sum(row["count"] for row in data["legend"]) == 3 and len(data["nodes"]) == 4  # "mine" has no class
    assert data["title"] == "<i>mine</i>"


def test_pyvis_bad_input(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    from pyvis.network import Network

    with pytest.raises(ViewError, match="the network has no node: nothing to show"):
        views.render_network(Network())
    with pytest.raises(ViewError, match="language 'de' is not available"):
        views.to_pyvis(graph, lang="de")
    with pytest.raises(UnknownName, match="no entity 'Intelsia' in the graph"):
        kg.to_pyvis(focus="Intelsia")


# -- stats ---------------------------------------------------------------------


def test_stats_counts_centrality_and_components(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    report = network.stats(kg, top=3)
    assert (report["nodes"], report["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert sum(c["count"] for c in report["classes"]) == report["nodes"]
    assert sum(r["count"] for r in report["relations"]) == report["edges"]
    assert {"relation": "covers segment", "count": 4} in report["relations"]
    assert report["degree"][0] == {"id": "sector/outsourcing-morocco", "label": "outsourcing in Morocco", "class": "sector", "degree": 10}
    assert report["betweenness"][0]["id"] == "sector/outsourcing-morocco" and len(report["betweenness"]) == 3
    components = list(nx.weakly_connected_components(graph))
    assert report["components"]["count"] == len(components)
    assert sum(report["components"]["sizes"]) == report["nodes"]


# -- GraphML and GEXF --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_round_trip_with_attributes(graph: nx.MultiDiGraph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"okg.{fmt}"
    data = network.export_network(graph, fmt, path)
    assert path.read_bytes() == data
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    by_entity = {d["entity"]: n for n, d in back.nodes(data=True)}  # node ids are n0, n1...; the entity id is data
    node = back.nodes[by_entity["org/intelcia"]]
    assert (node["label"], node["class"], node["mentions"]) == ("Intelcia", "Company", "le patron d’Intelcia")
    assert (
        "employment: more than 120,000 jobs (2019) « totalisait plus de 120.000 emplois »"
        in back.nodes[by_entity["sector/outsourcing-morocco"]]["facts"]
    )
    pair = (by_entity["org/intelcia"], by_entity["event/intelcia-oujda-expansion"])
    edge = next(d for u, v, d in back.edges(data=True) if (u, v) == pair)
    assert edge["label"] == "launched" and edge["relation"] == "launched" and edge["predicate"] == "launched"


def test_export_drops_xml_illegal_characters_and_keeps_names_safe(graph: nx.MultiDiGraph) -> None:
    odd = nx.MultiDiGraph()
    odd.graph.update(graph.graph)
    odd.add_node("a", label="bell\x07 and form\x0cfeed", **{"class": "Company", "odd name": ["x", "y"]})
    flat = network.flat_graph(odd)
    assert flat.nodes["a"] == {"label": "bell and formfeed", "class": "Company", "odd_name": "x | y"}
    assert b"\x07" not in network.export_gexf(odd) and nx.parse_graphml(network.export_graphml(odd).decode()).number_of_nodes() == 1


def test_unknown_export_format(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ViewError, match="unknown network format 'dot'; use one of graphml, gexf"):
        network.export_network(graph, "dot")


# -- CLI -----------------------------------------------------------------------------


def test_view_cli_writes_and_prints_the_path(runner: CliRunner, project: Project, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = runner.invoke(main, ["view", "-o", str(out), "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == f"wrote {out} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)\n"
    focused = runner.invoke(main, ["view", "--focus", "intelcia", "--depth", "1", "-o", str(out), "--project", str(project.root)])
    assert focused.output == f"wrote {out} (3 nodes, 2 edges)\n"
    assert "<title>outsourcing-kg: around Intelcia (1 hop)</title>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Intelsia"], "Error: no entity 'Intelsia' in the graph; did you mean Intelcia (org/intelcia), head of Intelcia"),
        (["--depth", "1"], "Error: --depth needs --focus ENTITY"),
        (
            ["--types", "place", "--focus", "intelcia", "--depth", "1"],
            "Error: the selection is empty: no node of type place within 1 hop(s)",
        ),
        (["-o", "/no/such/folder/v.html"], "Error: /no/such/folder/v.html: folder /no/such/folder does not exist"),
        (["-o", "/proc/v.html"], "Error: /proc/v.html: cannot write in /proc ("),
        (["-o", "/tmp/v.txt"], "Error: /tmp/v.txt: unknown extension '.txt'; use .html for the interactive view, or .svg, .png or .pdf"),
        (["-o", "/tmp/view"], "Error: /tmp/view: no extension; use .html for the interactive view, or .svg, .png or .pdf"),
        (["-o", "/tmp/v.svg", "--focus", "Intelsia"], "Error: no entity 'Intelsia' in the graph; did you mean Intelcia (org/intelcia)"),
        (["-o", "/no/such/folder/v.png"], "Error: /no/such/folder/v.png: folder /no/such/folder does not exist"),
    ],
)
def test_view_cli_errors_are_one_line(runner: CliRunner, project: Project, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["view", *args, "--project", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.startswith(message), result.output
    assert result.output.count("\n") == 1


def test_stats_cli(runner: CliRunner, project: Project, graph: nx.MultiDiGraph) -> None:
    table = runner.invoke(main, ["stats", "--top", "3", "--project", str(project.root)], catch_exceptions=False)
    components = nx.number_weakly_connected_components(graph)
    first = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {components} connected component(s)"
    assert table.output.splitlines()[0] == first
    assert "  outsourcing in Morocco                     10" in table.output.splitlines()
    as_json = runner.invoke(main, ["stats", "--format", "json", "--lang", "fr", "--project", str(project.root)], catch_exceptions=False)
    report = json.loads(as_json.output)
    assert report["degree"][0]["label"] == "outsourcing au Maroc" and len(report["degree"]) == 10


def test_export_cli(runner: CliRunner, project: Project, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    stdout = runner.invoke(main, ["export", "--format", "graphml", "--project", str(project.root)], catch_exceptions=False)
    assert stdout.exit_code == 0
    assert nx.parse_graphml(stdout.output).number_of_edges() == graph.number_of_edges()
    out = tmp_path / "okg.gexf"
    written = runner.invoke(main, ["export", "--format", "gexf", "-o", str(out), "--project", str(project.root)], catch_exceptions=False)
    assert written.output.startswith(f"wrote {out} (GEXF, application/gexf+xml): ")
    assert nx.read_gexf(out).number_of_nodes() == graph.number_of_nodes()
    bad = runner.invoke(main, ["export", "--format", "gexf", "-o", str(tmp_path / "x" / "y.gexf"), "--project", str(project.root)])
    assert bad.exit_code == 2 and bad.output.startswith("Error: ") and bad.output.count("\n") == 1
