/* outsourcing-kg static site: the search box of the index and the highlighted passages of source pages.
   Text from the graph reaches the page only through textContent; links are built from the site's own paths. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "./";
  var lang = document.documentElement.lang === "fr" ? "fr" : "en";

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2019']/g, "'").toLowerCase();
  }

  function setupSearch() {
    var input = document.getElementById("okg-search");
    var list = document.getElementById("okg-results");
    if (!input || !list || !window.okgSearch) { return; }
    /* Each entry: [path, kind in English, kind in French, label in English, label in French, [other names]]. */
    var entries = window.okgSearch.map(function (e) {
      return {entry: e, key: fold([e[3], e[4]].concat(e[5]).join(" \u0001 "))};
    });
    function show() {
      var wanted = fold(input.value.trim());
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!wanted) { return; }
      var found = entries.filter(function (x) { return x.key.indexOf(wanted) !== -1; }).slice(0, 50);
      if (!found.length) {
        var none = document.createElement("li");
        none.textContent = input.getAttribute("data-none");
        list.appendChild(none);
      }
      found.forEach(function (x) {
        var e = x.entry;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + e[0];
        link.textContent = lang === "fr" ? e[4] : e[3];
        item.appendChild(link);
        var kind = lang === "fr" ? e[2] : e[1];
        var names = e[5].length ? " (" + e[5].join(", ") + ")" : "";
        if (kind || names) {
          var aside = document.createElement("span");
          aside.className = "okg-aside";
          aside.textContent = " " + kind + names;
          item.appendChild(aside);
        }
        list.appendChild(item);
      });
    }
    input.addEventListener("input", show);
    show();
  }

  function setupSpans() {
    var text = document.getElementById("okg-text");
    if (!text) { return; }
    function activate(span) {
      var wanted = (span.getAttribute("data-spans") || "").split(" ");
      Array.prototype.forEach.call(document.querySelectorAll(".okg-span-info"), function (info) {
        info.hidden = wanted.indexOf(info.id) === -1;
      });
      Array.prototype.forEach.call(text.querySelectorAll(".hl.okg-active"), function (other) {
        other.classList.remove("okg-active");
      });
      span.classList.add("okg-active");
    }
    text.addEventListener("click", function (event) {
      var span = event.target.closest ? event.target.closest(".hl") : null;
      if (span) { activate(span); }
    });
    text.addEventListener("keydown", function (event) {
      if ((event.key === "Enter" || event.key === " ") && event.target.classList.contains("hl")) {
        event.preventDefault();
        activate(event.target);
      }
    });
  }

  setupSearch();
  setupSpans();
  document.body.setAttribute("data-state", "ready");
})();
