/* outsourcing-kg graph view: draws the JSON in #okg-data with vis-network.
   Every text from the graph goes into the page through textContent (never innerHTML),
   and tooltips are DOM elements, so article text cannot become markup or script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("okg-data").textContent);
  var ui = data.ui;
  var GLYPHS = {dot: "\u25CF", star: "\u2605", triangle: "\u25B2", triangleDown: "\u25BC", square: "\u25A0",
                diamond: "\u25C6", hexagon: "\u2B22", box: "\u25AC", ellipse: "\u2B2C"};

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

  function prepare(items) {
    return items.map(function (item) {
      /* A tip becomes DOM text; any other title stays a string, which vis-network shows as text (innerText). */
      if (item.tip) { item.title = tooltip(item.tip); }
      else if (item.title !== undefined && typeof item.title !== "string") { item.title = String(item.title); }
      delete item.tip;
      return item;
    });
  }

  var nodes = new vis.DataSet(prepare(data.nodes));
  var edges = new vis.DataSet(prepare(data.edges));

  var header = document.getElementById("okg-header");
  header.appendChild(el("h1", null, data.title));
  var lang = document.documentElement.lang || "en";
  var counts = el("div", "okg-counts", data.nodes.length.toLocaleString(lang) + " " + ui.nodes + " \u00B7 " +
                  data.edges.length.toLocaleString(lang) + " " + ui.edges);
  header.appendChild(counts);
  var status = el("div", "okg-status", ui.laying_out);
  header.appendChild(status);
  data.notes.forEach(function (note) {
    /* Command-line options stay on one line: "--focus ENTITY" in a <code>, as text. */
    var box = el("div", "okg-note");
    note.split(/(--[a-z-]+ [A-Z\u00C9]+)/).forEach(function (part, i) {
      box.appendChild(i % 2 ? el("code", null, part) : document.createTextNode(part));
    });
    header.appendChild(box);
  });
  header.appendChild(el("div", "okg-hint", ui.hint));

  var legend = document.getElementById("okg-legend");
  legend.appendChild(el("div", "okg-legend-title", ui.legend));
  data.legend.forEach(function (entry) {
    var row = el("div", "okg-legend-row");
    var glyph = el("span", "okg-glyph", GLYPHS[entry.shape] || GLYPHS.dot);
    glyph.style.color = entry.color;
    row.appendChild(glyph);
    row.appendChild(el("span", "okg-legend-label", entry.label));
    row.appendChild(el("span", "okg-legend-count", entry.count));
    legend.appendChild(row);
  });

  var container = document.getElementById("okg-graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.okgNetwork = network;

  var settled = false;
  function settle() {
    if (settled) { return; }
    settled = true;
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    status.textContent = "";
    document.body.setAttribute("data-state", "ready");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = ui.laying_out + " " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  /* A network customised with physics off never stabilises: it is laid out once drawn. */
  if (network.physics.options.enabled === false) { network.once("afterDrawing", settle); }
  /* Physics stops even if the layout never reports being done. */
  window.setTimeout(settle, 60000);
}());
