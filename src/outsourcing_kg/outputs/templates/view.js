/* outsourcing-kg graph view: draws the JSON in #okg-data (and #okg-data-1, -2... for a large graph) with vis-network.
   Every text from the graph goes into the page through textContent (never innerHTML),
   and tooltips are DOM elements, so article text cannot become markup or script.
   No task may block the page for long: tooltips are built when first hovered, a large graph (positions computed
   ahead of time) is added a slice at a time, and the browser's own layout runs a few iterations a task. */
(function () {
  "use strict";
  performance.mark("okg-start");
  var text = document.getElementById("okg-data").textContent;
  for (var part = 1; document.getElementById("okg-data-" + part); part++) { text += document.getElementById("okg-data-" + part).textContent; }
  var data = JSON.parse(text);
  text = null;
  performance.mark("okg-parsed");
  var ui = data.ui;
  var lang = document.documentElement.lang || "en";
  var GLYPHS = {dot: "\u25CF", star: "\u2605", triangle: "\u25B2", triangleDown: "\u25BC", square: "\u25A0",
                diamond: "\u25C6", hexagon: "\u2B22", box: "\u25AC", ellipse: "\u2B2C"};
  /* Work done in one task before the page gets a frame (ms). */
  var SLICE_MS = 25;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null && text !== "") { e.textContent = String(text); }
    return e;
  }

  function quote(text) {
    return el("blockquote", "okg-quote", "\u00AB\u00A0" + text + "\u00A0\u00BB");
  }

  function tooltip(tip) {
    var box = el("div", "okg-tip");
    box.appendChild(el("div", "okg-tip-title", tip.title));
    if (tip.subtitle) { box.appendChild(el("div", "okg-tip-sub", tip.subtitle)); }
    (tip.lines || []).forEach(function (line) {
      var row = el("div", "okg-tip-line");
      if (line[0]) { row.appendChild(el("span", "okg-tip-key", line[0] + ": ")); }
      row.appendChild(document.createTextNode(line[1]));
      box.appendChild(row);
    });
    if (tip.facts && tip.facts.length) {
      box.appendChild(el("div", "okg-tip-head", ui.facts));
      tip.facts.forEach(function (fact) {
        var item = el("div", "okg-fact");
        item.appendChild(el("div", "okg-fact-text", fact[0]));
        if (fact[1]) { item.appendChild(el("div", "okg-fact-by", fact[1])); }
        (fact[2] || []).forEach(function (q) { item.appendChild(quote(q)); });
        box.appendChild(item);
      });
    }
    if (tip.quotes && tip.quotes.length) {
      box.appendChild(el("div", "okg-tip-head", tip.quotes_heading || ui.quotes));
      tip.quotes.forEach(function (q) { box.appendChild(quote(q)); });
    }
    return box;
  }

  function number(n) { return n.toLocaleString(lang); }

  /* ---- the page around the graph ---- */

  var header = document.getElementById("okg-header");
  var heading = el("h1", null, data.title);
  header.appendChild(heading);
  var counts = el("div", "okg-counts");
  header.appendChild(counts);
  var status = el("div", "okg-status");
  header.appendChild(status);
  var progress = el("progress", "okg-progress");
  progress.max = 100;
  progress.value = 0;
  progress.hidden = true;
  header.appendChild(progress);
  data.notes.forEach(function (note) {
    /* Command-line options stay on one line: "--focus ENTITY" in a <code>, as text. */
    var box = el("div", "okg-note");
    note.split(/(--[a-z-]+ [A-Z\u00C9]+)/).forEach(function (part, i) {
      box.appendChild(i % 2 ? el("code", null, part) : document.createTextNode(part));
    });
    header.appendChild(box);
  });
  header.appendChild(el("div", "okg-hint", {fixed: ui.hint_large, overview: ui.hint_overview}[data.mode] || ui.hint));

  function showCounts(nodes, edges) {
    counts.textContent = number(nodes) + " " + ui.nodes + " \u00B7 " + number(edges) + " " + ui.edges;
  }

  function working(word, fraction) {
    var percent = Math.min(100, Math.round(100 * fraction));
    status.textContent = word + " " + percent + "%";
    progress.hidden = false;
    progress.value = percent;
  }

  function done() {
    performance.mark("okg-ready");
    status.textContent = "";
    progress.value = 100;
    progress.hidden = true;
    document.body.setAttribute("data-state", "ready");
  }

  var legend = document.getElementById("okg-legend");
  legend.appendChild(el("div", "okg-legend-title", ui.legend));
  var legendRows = data.legend.map(function (entry) {
    var row = el("div", "okg-legend-row");
    var glyph = el("span", "okg-glyph", GLYPHS[entry.shape] || GLYPHS.dot);
    glyph.style.color = entry.color;
    row.appendChild(glyph);
    row.appendChild(el("span", "okg-legend-label", entry.label));
    row.appendChild(el("span", "okg-legend-count", number(entry.count)));
    legend.appendChild(row);
    return row;
  });

  var container = document.getElementById("okg-graph");

  /* Tooltips are made on the first hover of each node or edge. */
  function lazyTips(network, nodes, edges, nodeTip, edgeTip) {
    network.on("hoverNode", function (p) {
      var item = nodes.get(p.node);
      if (item && !item.title) { nodes.update({id: p.node, title: tooltip(nodeTip(p.node))}); }
    });
    network.on("hoverEdge", function (p) {
      var item = edges.get(p.edge);
      if (item && !item.title) { edges.update({id: p.edge, title: tooltip(edgeTip(p.edge))}); }
    });
  }

  /* The browser lays out a small graph: vis-network runs `updateInterval` iterations a task. */
  function layOut(network) {
    var settled = false;
    function settle() {
      if (settled || network.okgGone) { return; }
      settled = true;
      network.setOptions({physics: {enabled: false}});
      network.fit({animation: false});
      done();
    }
    network.on("stabilizationProgress", function (p) { working(ui.laying_out, p.iterations / p.total); });
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    /* A network customised with physics off never stabilises: it is laid out once drawn. */
    if (network.physics.options.enabled === false) { network.once("afterDrawing", settle); }
    /* Physics stops even if the layout never reports being done. */
    window.setTimeout(settle, 60000);
  }

  function splitTips(items) {
    var tips = {};
    items.forEach(function (item) {
      /* A tip becomes DOM text on hover; any other title (a pyvis Network's, okg.views.render) stays a string, which
         vis-network shows as text. */
      if (item.tip) { tips[item.id] = item.tip; }
      else if (item.title !== undefined && typeof item.title !== "string") { item.title = String(item.title); }
      delete item.tip;
    });
    return tips;
  }

  /* A graph with positions computed ahead of time. vis-network draws each node and edge on its own (measured: 250 to
     500 ms a frame at 10,000 nodes), so here it only moves and zooms the view, and the page paints nodes and edges
     itself, one canvas path per kind, and finds the node under the pointer in a grid. */
  function drawFixed() {
    var N = data.nodes.length, E = data.edges.length / 2;
    var xs = new Float64Array(N), ys = new Float64Array(N), radius = new Float64Array(N);
    var byKind = data.legend.map(function () { return []; });
    var grid = {}, CELL = 64;
    var incident = [];
    var index = {};
    var hovered = -1, tipCache = {};
    var network = new vis.Network(container, {nodes: new vis.DataSet(), edges: new vis.DataSet()}, data.options);
    window.okgNetwork = network;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    var popup = el("div", "okg-tooltip");
    popup.hidden = true;
    document.body.appendChild(popup);

    function cell(x, y) { return Math.floor(x / CELL) + "," + Math.floor(y / CELL); }

    function shape(ctx, kind, x, y, r) {
      var s = data.legend[kind].shape, k, a;
      if (s === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
      if (s === "box") { ctx.rect(x - 1.6 * r, y - 0.8 * r, 3.2 * r, 1.6 * r); return; }
      if (s === "diamond") {
        ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); return;
      }
      if (s === "triangle" || s === "triangleDown") {
        var d = s === "triangle" ? 1 : -1;
        ctx.moveTo(x, y - d * r); ctx.lineTo(x + 0.87 * r, y + d * 0.5 * r); ctx.lineTo(x - 0.87 * r, y + d * 0.5 * r);
        ctx.closePath(); return;
      }
      if (s === "star" || s === "hexagon") {
        var points = s === "star" ? 10 : 6;
        for (k = 0; k < points; k++) {
          a = -Math.PI / 2 + 2 * Math.PI * k / points;
          var rr = s === "star" && k % 2 ? 0.45 * r : r;
          if (k) { ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); } else { ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
        }
        ctx.closePath(); return;
      }
      ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }

    /* The scene is painted into an offscreen canvas a slice at a time (a slice of edges, of nodes or of labels per
       task), covering the view and a margin around it; each frame only copies the finished picture, so panning and
       zooming stay smooth, and a new picture is painted once the view rests. */
    /* `shown`: the first picture is on screen (a zoom during the first painting starts a new one, which finishes it). */
    var front = null, generation = 0, MARGIN = 0.2, shown = false;

    function render() {
      var mine = ++generation;
      var scale = network.getScale(), ratio = window.devicePixelRatio || 1;
      var w = container.clientWidth || 800, h = container.clientHeight || 600;
      var a = network.DOMtoCanvas({x: -MARGIN * w, y: -MARGIN * h});
      var b = network.DOMtoCanvas({x: (1 + MARGIN) * w, y: (1 + MARGIN) * h});
      var canvas = document.createElement("canvas");
      canvas.width = Math.ceil((1 + 2 * MARGIN) * w * ratio);
      canvas.height = Math.ceil((1 + 2 * MARGIN) * h * ratio);
      var ctx = canvas.getContext("2d", {willReadFrequently: true});
      var k = canvas.width / (b.x - a.x);
      ctx.setTransform(k, 0, 0, k, -a.x * k, -a.y * k);
      var pad = 30;
      var inside = function (i) { return xs[i] >= a.x - pad && xs[i] <= b.x + pad && ys[i] >= a.y - pad && ys[i] <= b.y + pad; };
      var visible = [];
      for (var i = 0; i < N; i++) { if (inside(i)) { visible.push(i); } }
      var kinds = byKind.map(function (members) { return members.filter(inside); });
      var labels = 13 * scale >= 8 && visible.length <= 2500;
      /* Slices of work: [kind of work, start, end]. */
      var work = [];
      for (var e = 0; e < E; e += 2000) { work.push(["edges", e, Math.min(E, e + 2000)]); }
      kinds.forEach(function (members, kind) {
        for (var j = 0; j < members.length; j += 3000) { work.push(["nodes", kind, j]); }
      });
      if (labels) { for (var l = 0; l < visible.length; l += 400) { work.push(["labels", l, Math.min(visible.length, l + 400)]); } }
      var at = 0;
      function slice() {
        if (mine !== generation) { return; }
        var start = performance.now();
        while (at < work.length && performance.now() - start < SLICE_MS) {
          var job = work[at++], j;
          if (job[0] === "edges") {
            ctx.lineWidth = 1 / k;
            ctx.strokeStyle = "#b4b9bf";
            ctx.beginPath();
            for (j = job[1]; j < job[2]; j++) {
              var u = data.edges[2 * j], v = data.edges[2 * j + 1];
              ctx.moveTo(xs[u], ys[u]); ctx.lineTo(xs[v], ys[v]);
            }
            ctx.stroke();
          } else if (job[0] === "nodes") {
            var members = kinds[job[1]].slice(job[2], job[2] + 3000);
            ctx.beginPath();
            members.forEach(function (m) { shape(ctx, job[1], xs[m], ys[m], radius[m]); });
            ctx.fillStyle = data.legend[job[1]].color;
            ctx.fill();
            if (8 * scale > 3) { ctx.lineWidth = 1 / scale; ctx.strokeStyle = "#333333"; ctx.stroke(); }
          } else {
            ctx.font = "13px DejaVu Sans, Helvetica, Arial, sans-serif";
            ctx.textAlign = "center";
            ctx.textBaseline = "top";
            ctx.lineWidth = 3;
            ctx.strokeStyle = "#ffffff";
            ctx.fillStyle = "#222222";
            for (j = job[1]; j < job[2]; j++) {
              var m = visible[j];
              ctx.strokeText(data.nodes[m][1], xs[m], ys[m] + radius[m] + 2);
              ctx.fillText(data.nodes[m][1], xs[m], ys[m] + radius[m] + 2);
            }
          }
          /* Reading a pixel makes the canvas paint now, inside this slice, rather than all at once later. */
          ctx.getImageData(0, 0, 1, 1);
        }
        if (!shown) { working(ui.drawing, 0.5 + 0.5 * at / Math.max(work.length, 1)); }
        if (at < work.length) { window.setTimeout(slice, 0); return; }
        front = {canvas: canvas, x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y};
        if (!shown) {
          shown = true;
          network.once("afterDrawing", function () { window.setTimeout(done, 0); });
        }
        network.redraw();
      }
      window.setTimeout(slice, 0);
    }

    function paint(ctx) {
      if (front !== null) { ctx.drawImage(front.canvas, front.x, front.y, front.w, front.h); }
      if (hovered < 0) { return; }
      var scale = network.getScale();
      ctx.save();
      ctx.lineWidth = 2 / scale;
      ctx.strokeStyle = "#333333";
      ctx.beginPath();
      incident[hovered].forEach(function (e) {
        var u = data.edges[2 * e], v = data.edges[2 * e + 1];
        ctx.moveTo(xs[u], ys[u]); ctx.lineTo(xs[v], ys[v]);
      });
      ctx.stroke();
      ctx.lineWidth = 2.5 / scale;
      ctx.strokeStyle = "#000000";
      ctx.beginPath();
      shape(ctx, data.nodes[hovered][2], xs[hovered], ys[hovered], radius[hovered]);
      ctx.stroke();
      ctx.restore();
    }

    var rest = null;
    function moved() {
      window.clearTimeout(rest);
      rest = window.setTimeout(render, 200);
    }

    function nodeAt(px, py) {
      var p = network.DOMtoCanvas({x: px, y: py});
      var reach = 4 / network.getScale(), best = -1, bestDistance = Infinity;
      var cx = Math.floor(p.x / CELL), cy = Math.floor(p.y / CELL);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          (grid[(cx + dx) + "," + (cy + dy)] || []).forEach(function (i) {
            var d = Math.hypot(xs[i] - p.x, ys[i] - p.y);
            if (d <= Math.max(radius[i], reach) && d < bestDistance) { best = i; bestDistance = d; }
          });
        }
      }
      return best;
    }

    container.addEventListener("mousemove", function (event) {
      var box = container.getBoundingClientRect();
      var found = nodeAt(event.clientX - box.left, event.clientY - box.top);
      if (found !== hovered) {
        hovered = found;
        popup.textContent = "";
        if (found >= 0) {
          tipCache[found] = tipCache[found] || tooltip(data.tips[found]);
          popup.appendChild(tipCache[found]);
        }
        popup.hidden = found < 0;
        network.redraw();
      }
      if (found >= 0) {
        popup.style.left = Math.min(event.clientX + 14, window.innerWidth - popup.offsetWidth - 8) + "px";
        popup.style.top = Math.min(event.clientY + 14, window.innerHeight - popup.offsetHeight - 8) + "px";
      }
    });
    container.addEventListener("mouseleave", function () {
      if (hovered >= 0) { hovered = -1; popup.hidden = true; network.redraw(); }
    });

    window.okgView = {
      nodes: N,
      edges: E,
      /* Where a node is on the page (CSS pixels), for tests and for anyone scripting the page. */
      position: function (id) {
        var i = index[id];
        var p = network.canvasToDOM({x: xs[i], y: ys[i]});
        var box = container.getBoundingClientRect();
        return {x: p.x + box.left, y: p.y + box.top};
      }
    };

    /* Read the nodes, then the edges, a slice at a time, showing progress; then draw. */
    var total = N + E, at = 0;
    working(ui.drawing, 0);
    function step() {
      var start = performance.now();
      while (at < total && performance.now() - start < SLICE_MS) {
        var end = Math.min(at < N ? N : total, at + 500);
        for (; at < end; at++) {
          if (at < N) {
            var n = data.nodes[at];
            index[n[0]] = at;
            xs[at] = n[4]; ys[at] = n[5]; radius[at] = n[3] / 2;
            byKind[n[2]].push(at);
            incident.push([]);
            minX = Math.min(minX, n[4]); maxX = Math.max(maxX, n[4]); minY = Math.min(minY, n[5]); maxY = Math.max(maxY, n[5]);
            var c = cell(n[4], n[5]);
            (grid[c] = grid[c] || []).push(at);
          } else {
            var e = at - N;
            incident[data.edges[2 * e]].push(e);
            incident[data.edges[2 * e + 1]].push(e);
          }
        }
      }
      working(ui.drawing, 0.5 * at / total);
      if (at < total) { window.setTimeout(step, 0); return; }
      performance.mark("okg-read");
      var width = container.clientWidth || 800, height = container.clientHeight || 600;
      network.on("afterDrawing", paint);
      network.moveTo({position: {x: (minX + maxX) / 2, y: (minY + maxY) / 2},
                      scale: 0.92 * Math.min(width / Math.max(maxX - minX, 1), height / Math.max(maxY - minY, 1))});
      ["zoom", "dragEnd", "resize"].forEach(function (name) { network.on(name, moved); });
      render();
    }
    window.setTimeout(step, 0);
  }

  function drawWithPhysics() {
    var nodeTips = splitTips(data.nodes);
    var edgeTips = splitTips(data.edges);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    working(ui.laying_out, 0);
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    window.okgNetwork = network;
    lazyTips(network, nodes, edges, function (id) { return nodeTips[id]; }, function (id) { return edgeTips[id]; });
    layOut(network);
  }

  /* ---- over-size graphs: an overview by kind and by source, a search, and one part drawn at a time ---- */

  function overview() {
    var N = data.nodes.length, E = data.edges.length / 3;
    var adjacency = null;
    var folded = null;
    var network = null;
    var panel = document.getElementById("okg-panel");
    panel.hidden = false;

    function neighbours() {
      if (adjacency === null) {
        adjacency = [];
        for (var i = 0; i < N; i++) { adjacency.push([]); }
        for (var e = 0; e < E; e++) {
          adjacency[data.edges[3 * e]].push(e);
          adjacency[data.edges[3 * e + 1]].push(e);
        }
      }
      return adjacency;
    }

    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function byDegree(a, b) { return data.nodes[b][3] - data.nodes[a][3] || a - b; }

    function nodeItem(i) {
      var n = data.nodes[i], kind = data.legend[n[2]];
      return {id: n[0], label: n[1], shape: kind.shape, size: Math.round(Math.min(14 + 5 * Math.sqrt(n[3]), 48)),
              color: {background: kind.color, border: "#333333",
                      highlight: {background: kind.color, border: "#000000"}, hover: {background: kind.color, border: "#000000"}}};
    }

    /* Draw nodes `chosen` (indices) and the edges between them, laid out by the browser (a few hundred nodes). */
    function drawPart(chosen, caption) {
      if (network !== null) { network.okgGone = true; network.destroy(); }
      document.body.setAttribute("data-state", "drawing");
      var keep = {};
      chosen.forEach(function (i) { keep[i] = true; });
      var nodeItems = chosen.map(nodeItem);
      var edgeItems = [], edgeIndex = {}, seen = {};
      chosen.forEach(function (i) {
        neighbours()[i].forEach(function (e) {
          var u = data.edges[3 * e], v = data.edges[3 * e + 1];
          if (seen[e] || !keep[u] || !keep[v]) { return; }
          seen[e] = true;
          var id = "e" + e;
          edgeIndex[id] = e;
          var item = {id: id, from: data.nodes[u][0], to: data.nodes[v][0]};
          if (chosen.length <= 60) { item.label = data.relations[data.edges[3 * e + 2]]; }
          edgeItems.push(item);
        });
      });
      var byId = {};
      chosen.forEach(function (i) { byId[data.nodes[i][0]] = i; });
      var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);
      heading.textContent = data.title + " \u2014 " + caption;
      showCounts(nodeItems.length, edgeItems.length);
      working(ui.laying_out, 0);
      network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
      window.okgNetwork = network;
      lazyTips(network, nodes, edges, function (id) { return data.tips[byId[id]]; },
               function (id) { return data.edge_tips[edgeIndex[id]]; });
      network.on("doubleClick", function (p) { if (p.nodes.length) { around(byId[p.nodes[0]]); } });
      layOut(network);
    }

    function kindPart(k) {
      var members = [];
      for (var i = 0; i < N; i++) { if (data.nodes[i][2] === k) { members.push(i); } }
      members.sort(byDegree);
      var limit = data.part_limit;
      var chosen = members.slice(0, Math.max(1, Math.floor(limit / 2)));
      withNeighbours(chosen, limit, 1);
      drawPart(chosen, ui.part_of.replace("{label}", data.legend[k].label)
        .replace("{shown}", number(Math.min(members.length, Math.floor(limit / 2))))
        .replace("{total}", number(members.length)));
    }

    /* Add the neighbours of `chosen` (in place), up to `hops` away, nearest then most connected first, up to `limit`
       nodes in all. */
    function withNeighbours(chosen, limit, hops) {
      var inside = {};
      chosen.forEach(function (i) { inside[i] = true; });
      var frontier = chosen.slice();
      for (var hop = 0; hop < hops && frontier.length && chosen.length < limit; hop++) {
        var next = [];
        frontier.forEach(function (i) {
          neighbours()[i].forEach(function (e) {
            [data.edges[3 * e], data.edges[3 * e + 1]].forEach(function (j) {
              if (!inside[j]) { inside[j] = true; next.push(j); }
            });
          });
        });
        next.sort(byDegree);
        next.slice(0, limit - chosen.length).forEach(function (j) { chosen.push(j); });
        frontier = next;
      }
      return chosen;
    }

    function sourcePart(d) {
      var members = [d];
      for (var i = 0; i < N; i++) { if (data.nodes[i][4].indexOf(d) >= 0) { members.push(i); } }
      var total = members.length;
      members = [d].concat(members.slice(1).sort(byDegree)).slice(0, data.part_limit);
      drawPart(members, ui.mentioned_in.replace("{label}", data.nodes[d][1]).replace("{shown}", number(members.length))
        .replace("{total}", number(total)));
    }

    function around(i) {
      if (isSource[i]) { sourcePart(i); return; }
      var chosen = withNeighbours([i], data.part_limit, 2);
      drawPart(chosen, ui.neighbourhood_of.replace("{label}", data.nodes[i][1]).replace("{shown}", number(chosen.length)));
    }

    function drawKinds() {
      if (network !== null) { network.okgGone = true; network.destroy(); }
      heading.textContent = data.title;
      var nodes = new vis.DataSet(data.legend.map(function (entry, k) {
        return {id: k, label: entry.label + " (" + number(entry.count) + ")", shape: entry.shape,
                size: Math.round(Math.min(12 + 3 * Math.sqrt(entry.count), 50)), color: {background: entry.color, border: "#333333"}};
      }));
      var edges = new vis.DataSet(data.kind_edges.map(function (edge, i) {
        return {id: i, from: edge[0], to: edge[1], label: number(edge[2]), width: Math.min(1 + Math.log(edge[2]), 8)};
      }));
      showCounts(N, E);
      network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
      window.okgNetwork = network;
      network.on("click", function (p) { if (p.nodes.length) { kindPart(p.nodes[0]); } });
      working(ui.laying_out, 0);
      layOut(network);
    }

    var isSource = {};
    data.sources.forEach(function (s) { isSource[s[0]] = true; });

    var back = el("button", "okg-button", ui.overview);
    back.type = "button";
    back.addEventListener("click", drawKinds);
    panel.appendChild(back);
    panel.appendChild(el("div", "okg-panel-title", ui.search));
    var search = el("input", "okg-search");
    search.type = "search";
    search.placeholder = ui.search_hint;
    search.setAttribute("aria-label", ui.search);
    panel.appendChild(search);
    var results = el("div", "okg-results");
    panel.appendChild(results);

    function choice(label, extra, action) {
      var b = el("button", "okg-choice");
      b.type = "button";
      b.appendChild(el("span", null, label));
      if (extra) { b.appendChild(el("span", "okg-choice-extra", extra)); }
      b.addEventListener("click", action);
      return b;
    }

    var timer = null;
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var wanted = fold(search.value.trim());
        results.textContent = "";
        if (!wanted) { return; }
        if (folded === null) { folded = data.nodes.map(function (n) { return fold(n[1]) + "\n" + n[0]; }); }
        var found = [];
        for (var i = 0; i < N && found.length < 20; i++) { if (folded[i].indexOf(wanted) >= 0) { found.push(i); } }
        if (!found.length) { results.appendChild(el("div", "okg-choice-extra", ui.no_match)); }
        found.forEach(function (i) {
          results.appendChild(choice(data.nodes[i][1], data.legend[data.nodes[i][2]].label, function () { around(i); }));
        });
      }, 150);
    });

    panel.appendChild(el("div", "okg-panel-title", ui.kinds));
    data.legend.forEach(function (entry, k) {
      panel.appendChild(choice(entry.label, number(entry.count), function () { kindPart(k); }));
      legendRows[k].addEventListener("click", function () { kindPart(k); });
      legendRows[k].classList.add("okg-clickable");
    });
    if (data.sources.some(function (s) { return s[1] > 0; })) {
      panel.appendChild(el("div", "okg-panel-title", ui.sources));
      data.sources.filter(function (s) { return s[1] > 0; }).slice(0, 15).forEach(function (s) {
        panel.appendChild(choice(data.nodes[s[0]][1], number(s[1]), function () { sourcePart(s[0]); }));
      });
    }
    drawKinds();
  }

  /* The data were parsed in this task; drawing starts in the next, so a frame can come between. */
  function start() {
    if (data.mode === "overview") {
      overview();
    } else if (data.mode === "fixed") {
      showCounts(data.nodes.length, data.edges.length / 2);
      drawFixed();
    } else {
      showCounts(data.nodes.length, data.edges.length);
      drawWithPhysics();
    }
  }
  window.setTimeout(start, 0);
}());
