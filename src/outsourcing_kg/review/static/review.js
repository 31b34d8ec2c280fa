// okg review: the article beside its draft. Every text of the article and of the draft is shown with textContent
// (never as HTML); every request carries the session's token; every decision is checked by the server with the
// build's own checks, and a refusal is shown beside its item.
"use strict";

const TOKEN = document.querySelector('meta[name="okg-token"]').content;
const $ = (id) => document.getElementById(id);
let state = null;
let vocab = null;
let current = 0;
let editing = null; // {mode: "edit"|"add", key, kind, fields}
const errors = new Map(); // item key -> message of the last refused decision

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  if (text !== null) node.textContent = text;
  return node;
}

async function api(path, body = null) {
  const options = { headers: { "X-OKG-Token": TOKEN } };
  if (body !== null) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json();
  return { ok: response.ok, status: response.status, data };
}

function alertBox(message, conflictOnSave = false) {
  $("alert-text").textContent = message;
  $("save-anyway").hidden = !conflictOnSave;
  $("alert").hidden = false;
}

function hideAlert() { $("alert").hidden = true; }

// --- rendering ---------------------------------------------------------------------------------
function describe(item) {
  const f = item.fields;
  if (item.kind === "entity") {
    const label = f.label ? `${f.label.fr} / ${f.label.en}` : "known entity";
    return `${f.type || "link"} · ${label}${f.aliases && f.aliases.length ? " · aka " + f.aliases.join(", ") : ""}`;
  }
  let value = f.value;
  if (value && typeof value === "object") value = value.text !== undefined ? `“${value.text}”` : value.date;
  const parts = [f.subject, f.property, String(value)];
  if (f.currency) parts.push(f.currency);
  if (f.unit) parts.push(f.unit);
  if (f.lower_bound) parts.push("(at least)");
  if (f.year) parts.push(`in ${f.year}`);
  if (f.date) parts.push(`on ${f.date}`);
  if (f.modality) parts.push(`[${f.modality}]`);
  if (f.criterion) parts.push(`for ${f.criterion}`);
  if (f.claimant && f.claimant !== "document") parts.push(`said by ${f.claimant}`);
  return parts.join(" · ");
}

function quoteOf(item) {
  const spec = item.kind === "entity" ? item.fields.mention : item.fields.quote;
  const first = Array.isArray(spec) ? spec[0] : spec;
  if (!first) return "";
  return typeof first === "string" ? first : first.quote;
}

function domId(key) { return "item-" + key.replace("/", "-"); }

function renderItems() {
  const list = $("items");
  list.replaceChildren();
  state.items.forEach((item, index) => {
    const status = item.status || "unreviewed";
    const li = el("li", {
      id: domId(item.key), role: "option", class: `${item.kind} ${status}`, "data-key": item.key,
      "aria-selected": index === current ? "true" : "false",
      "aria-label": `${item.kind} ${item.fields.id || ""}, ${status}`,
    });
    const head = el("div", { class: "head" });
    head.append(el("span", { class: "badge" }, item.kind), el("span", { class: "ident" }, item.fields.id || ""),
      el("span", { class: "status" }, status));
    li.append(head, el("p", { class: "summary" }, describe(item)));
    const quote = quoteOf(item);
    if (quote) li.append(el("p", { class: "quote" }, `« ${quote} »`));
    const meta = [];
    if (item.fields.confidence !== undefined) meta.push(`confidence ${item.fields.confidence}`);
    if (item.fields.reviewed_by) meta.push(`${status} by ${item.fields.reviewed_by}`);
    if (!item.span) meta.push("quote not placed in the text");
    if (meta.length) li.append(el("p", { class: "meta" }, meta.join(" · ")));
    if (item.fields.review) li.append(el("p", { class: "meta note" }, `review: ${item.fields.review}`));
    li.append(el("p", { class: "error", role: "alert" }, errors.get(item.key) || ""));
    li.addEventListener("click", () => select(index));
    list.append(li);
  });
  list.setAttribute("aria-activedescendant", state.items.length ? domId(state.items[current].key) : "");
}

function renderText() {
  // Offsets are counted in code points, as the server (Python) counts them; JavaScript strings count UTF-16 units.
  const chars = Array.from(state.text);
  const cuts = new Set([0, chars.length]);
  state.items.forEach((item) => { if (item.span) { cuts.add(item.span[0]); cuts.add(item.span[1]); } });
  const points = [...cuts].sort((a, b) => a - b);
  const box = $("text");
  box.replaceChildren();
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = state.items.map((item, index) => ({ item, index }))
      .filter(({ item }) => item.span && item.span[0] <= start && end <= item.span[1]);
    const piece = chars.slice(start, end).join("");
    if (!covering.length) { box.append(document.createTextNode(piece)); continue; }
    covering.sort((a, b) => (a.item.span[1] - a.item.span[0]) - (b.item.span[1] - b.item.span[0]));
    const inner = covering[0];
    const mark = el("mark", {
      class: `${inner.item.kind}${inner.item.status === "rejected" ? " rejected" : ""}`,
      "data-items": covering.map((c) => c.index).join(" "),
      title: covering.map((c) => c.item.fields.id).join(", "),
    }, piece);
    mark.addEventListener("click", (event) => {
      if (!window.getSelection().isCollapsed) return; // a selection for a new item, not a click
      event.stopPropagation();
      select(inner.index);
    });
    box.append(mark);
  }
  highlight();
}

function highlight() {
  for (const mark of $("text").querySelectorAll("mark")) {
    const indexes = mark.dataset.items.split(" ").map(Number);
    mark.classList.toggle("current", indexes.includes(current));
  }
  const first = $("text").querySelector("mark.current");
  if (first) first.scrollIntoView({ block: "nearest" });
}

function renderCounts() {
  const c = state.counts;
  $("counts").textContent = `${c.accepted} accepted · ${c.edited} edited · ${c.rejected} rejected · ` +
    `${c.unreviewed} to review${state.unsaved ? " · unsaved changes" : " · saved"}`;
}

function render() {
  $("doc-title").textContent = state.title;
  const notes = $("notes");
  // A draft that does not build yet: its problem is listed above the items and shown beside its item.
  const problems = state.problems.map((p) => el("li", { class: "error" }, p.key ? `${p.key}: ${p.message}` : p.message));
  notes.replaceChildren(...state.notes.map((n) => el("li", {}, n)), ...problems);
  for (const p of state.problems) if (p.key) errors.set(p.key, p.message);
  current = Math.max(0, Math.min(current, state.items.length - 1));
  renderItems();
  renderText();
  renderCounts();
}

function select(index) {
  if (!state.items.length) return;
  current = Math.max(0, Math.min(index, state.items.length - 1));
  for (const li of $("items").children) li.setAttribute("aria-selected", "false");
  const li = $(domId(state.items[current].key));
  li.setAttribute("aria-selected", "true");
  li.scrollIntoView({ block: "nearest" });
  $("items").setAttribute("aria-activedescendant", li.id);
  highlight();
}

// --- decisions ------------------------------------------------------------------------------------
async function send(body, key) {
  const result = await api("/api/action", { ...body, base: state.revision });
  if (result.ok) {
    if (key) errors.delete(key);
    state = result.data;
    render();
    return result;
  }
  if (result.status === 409) {
    alertBox(result.data.error, body.action === "save");
  } else if (key) {
    errors.set(key, result.data.error);
    renderItems();
  } else {
    alertBox(result.data.error);
  }
  return result;
}

async function decide(action) {
  if (!state.items.length) return;
  const key = state.items[current].key;
  const result = await send({ action, key }, key);
  if (result.ok) select(current + 1);
}

async function save(force = false) {
  const result = await send({ action: "save", force }, null);
  if (result.ok) { hideAlert(); $("counts").textContent += ` · saved ${state.file}`; }
}

// --- the editor ---------------------------------------------------------------------------------------
const ENTITY_FIELDS = [
  ["id", "Id (kind/slug)", "text"], ["type", "Type", "type"], ["label.fr", "Label (fr)", "text"],
  ["label.en", "Label (en)", "text"], ["aliases", "Aliases (comma-separated)", "list"],
  ["mention.quote", "Quote", "text"], ["mention.occurrence", "Occurrence", "int"],
];
const CLAIM_FIELDS = [
  ["id", "Id (slug)", "text"], ["kind", "Kind", "kind"], ["subject", "Subject", "entity"],
  ["property", "Property", "property"], ["value", "Value", "value"], ["currency", "Currency (ISO 4217)", "text"],
  ["unit", "Unit", "unit"], ["year", "Year", "int"], ["date", "Date (YYYY-MM[-DD])", "text"],
  ["modality", "Modality", "modality"], ["lower_bound", "At least (lower bound)", "bool"],
  ["criterion", "Ranking criterion", "criterion"], ["before_year", "Before year", "int"],
  ["ranked_behind", "Ranked behind", "entity"], ["scope", "Ranking scope", "entity"],
  ["claimant", "Claimant", "entity"], ["stated_at", "Stated at (event)", "entity"],
  ["quote", "Quote", "quote"], ["occurrence", "Occurrence", "int"],
];

function getPath(obj, path) {
  return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

function setPath(obj, path, value) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== "object") o[k] = {};
    o = o[k];
  }
  if (value === null) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

function options(select, values, chosen, blank = true) {
  if (blank) select.append(el("option", { value: "" }, "—"));
  for (const v of values) {
    const option = el("option", { value: v.name, title: v.comment || null }, v.label ? `${v.label} (${v.name})` : v.name);
    if (v.name === chosen) option.selected = true;
    select.append(option);
  }
}

function quoteSpec(fields) {
  const q = fields.quote;
  const first = Array.isArray(q) ? q[0] : q;
  if (first && typeof first === "object") return first;
  return { quote: first || "" };
}

function openEditor(mode, kind, key, fields, span = null) {
  editing = { mode, kind, key, fields: JSON.parse(JSON.stringify(fields)) };
  $("editor-title").textContent = mode === "add" ? `New ${kind}` : `Edit ${kind} ${fields.id || ""}`;
  $("editor-error").textContent = "";
  const box = $("editor-fields");
  box.replaceChildren();
  const spec = kind === "claim" ? quoteSpec(fields) : null;
  for (const [path, label, type] of kind === "entity" ? ENTITY_FIELDS : CLAIM_FIELDS) {
    const id = "f-" + path.replace(".", "-");
    let value = getPath(fields, path);
    if (path === "quote") value = spec.quote;
    if (path === "occurrence" && kind === "claim") value = spec.occurrence;
    let input;
    if (["type", "kind", "property", "unit", "modality", "criterion"].includes(type)) {
      input = el("select", { id });
      if (type === "type") options(input, vocab.types.map((t) => ({ name: t })), value);
      if (type === "kind") options(input, ["quantitative", "ranking", "qualitative"].map((t) => ({ name: t })), value, false);
      if (type === "property") options(input, vocab.properties, value);
      if (type === "unit") options(input, vocab.units, value);
      if (type === "modality") options(input, vocab.modalities, value);
      if (type === "criterion") options(input, vocab.properties.filter((p) => p.metric), value);
    } else if (type === "bool") {
      input = el("input", { id, type: "checkbox" });
      input.checked = Boolean(value);
    } else {
      input = el("input", { id, type: "text", autocomplete: "off" });
      if (type === "entity") input.setAttribute("list", "entity-options");
      if (type === "value" && value && typeof value === "object") value = value.text !== undefined ? value.text : value.date;
      if (type === "list") value = (value || []).join(", ");
      input.value = value === undefined || value === null ? "" : String(value);
      if (type === "entity" || (type === "value" && kind === "claim")) input.addEventListener("input", () => searchEntities(input.value));
    }
    input.dataset.path = path;
    input.dataset.type = type;
    box.append(el("label", { for: id }, label), input);
    if (type === "property") {
      const help = el("p", { class: "help", id: id + "-help" }, "");
      const show = () => { const p = vocab.properties.find((x) => x.name === input.value); help.textContent = p ? p.comment : ""; };
      input.addEventListener("change", show);
      show();
      input.setAttribute("aria-describedby", help.id);
      box.append(el("span"), help);
    }
  }
  if (span) {
    // Where the selection lies in the text; the build finds the quote there again (with its occurrence).
    box.prepend(el("span"), el("p", { class: "help", id: "f-offsets" }, `Quote from the selection: characters ${span[0]} to ${span[1]} of the text`));
  }
  $("link-box").hidden = kind !== "entity" || mode !== "edit";
  $("link-search").value = "";
  $("link-results").replaceChildren();
  $("editor").showModal();
  box.querySelector("input, select").focus();
}

function readEditor() {
  const fields = editing.fields;
  const original = editing.kind === "claim" ? quoteSpec(fields) : null;
  let quote = original ? { ...original } : null;
  for (const input of $("editor-fields").querySelectorAll("[data-path]")) {
    const { path, type } = input.dataset;
    const raw = type === "bool" ? input.checked : input.value.trim();
    if (editing.kind === "claim" && (path === "quote" || path === "occurrence")) {
      if (path === "quote") quote.quote = raw;
      else if (raw === "") delete quote.occurrence; else quote.occurrence = Number(raw);
      continue;
    }
    let value;
    if (type === "bool") value = raw ? true : null;
    else if (raw === "") value = null;
    else if (type === "int") value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    else if (type === "list") value = raw.split(",").map((s) => s.trim()).filter(Boolean);
    else if (type === "value") value = parseValue(raw, fields.value, fields.kind);
    else value = raw;
    setPath(fields, path, value);
  }
  if (quote) {
    const spec = quote.occurrence ? quote : quote.quote;
    if (Array.isArray(fields.quote)) fields.quote[0] = spec; // the other quotes of the claim stay as they are
    else fields.quote = spec;
  }
  return fields;
}

function parseValue(raw, old, kind) {
  const kindNow = $("f-kind") ? $("f-kind").value : kind;
  if (kindNow !== "qualitative") {
    const number = Number(raw.replace(/[\s\u00a0\u202f]/g, ""));
    return Number.isFinite(number) ? number : raw;
  }
  if (old && typeof old === "object") return old.text !== undefined ? { text: raw, lang: old.lang || "fr" } : { date: raw };
  return raw;
}

async function applyEditor(event) {
  event.preventDefault();
  const fields = readEditor();
  const key = editing.key;
  const body = editing.mode === "add" ? { action: "add", kind: editing.kind, fields } : { action: "edit", key: editing.key, fields };
  const result = await api("/api/action", { ...body, base: state.revision });
  if (result.ok) {
    if (key) errors.delete(key);
    state = result.data;
    $("editor").close();
    const at = state.items.findIndex((i) => i.key === (result.data.key || key));
    render();
    select(at >= 0 ? at : current);
    return;
  }
  if (result.status === 409) { $("editor").close(); alertBox(result.data.error); return; }
  $("editor-error").textContent = result.data.error;
  if (key) { errors.set(key, result.data.error); renderItems(); }
}

let searchTimer = null;
function searchEntities(text, target = null) {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const result = await api("/api/entities?q=" + encodeURIComponent(text));
    if (!result.ok) return;
    $("entity-options").replaceChildren(...result.data.map((e) => el("option", { value: e.id }, `${e.label} (${e.type || e.where})`)));
    if (target) {
      target.replaceChildren(...result.data.filter((e) => e.where === "project").map((e) => {
        const li = el("li");
        const button = el("button", { type: "button", "aria-label": `Link to ${e.label} (${e.id})` }, `${e.label} · ${e.id} · ${e.type}`);
        button.addEventListener("click", () => link(e.id));
        li.append(button);
        return li;
      }));
    }
  }, 120);
}

async function link(id) {
  const key = editing.key;
  const result = await api("/api/action", { action: "link", key, id, base: state.revision });
  if (result.ok) {
    errors.delete(key);
    state = result.data;
    $("editor").close();
    render();
    return;
  }
  if (result.status === 409) { $("editor").close(); alertBox(result.data.error); return; }
  $("editor-error").textContent = result.data.error;
}

function selectionOffsets() {
  const selection = window.getSelection();
  const box = $("text");
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
  const offset = (node, at) => {
    const probe = document.createRange();
    probe.setStart(box, 0);
    probe.setEnd(node, at);
    return Array.from(probe.toString()).length;
  };
  return [offset(range.startContainer, range.startOffset), offset(range.endContainer, range.endOffset)];
}

async function newFromSelection(kind) {
  const span = selectionOffsets();
  if (!span) { alertBox("select words of the article first, then press n (new entity) or c (new claim)"); return; }
  const result = await api("/api/action", { action: "quote", start: span[0], end: span[1] });
  if (!result.ok) { alertBox(result.data.error); return; }
  const q = result.data;
  const spec = q.spec;
  let fields;
  if (kind === "entity") {
    fields = { id: `org/${q.slug}`, type: "Company", label: { fr: spec.quote, en: spec.quote }, mention: spec };
  } else {
    const number = q.numbers.length ? q.numbers[q.numbers.length - 1] : "";
    const base = state.items[current] && state.items[current].kind === "claim" ? state.items[current].fields : {};
    fields = {
      id: `${q.slug}`.slice(0, 60).replace(/-+$/, ""), kind: "quantitative", subject: base.subject || "",
      property: base.property || "", value: number, year: base.year, quote: spec.occurrence ? spec : spec.quote,
    };
  }
  openEditor("add", kind, null, fields, [q.start, q.end]);
}

// --- keyboard and buttons -----------------------------------------------------------------------------
function typing(target) {
  return target.closest("input, select, textarea, dialog[open]") !== null;
}

document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const actions = {
    j: () => select(current + 1), ArrowDown: () => select(current + 1),
    k: () => select(current - 1), ArrowUp: () => select(current - 1),
    a: () => decide("accepted"), x: () => decide("rejected"), e: () => editCurrent(),
    s: () => save(), n: () => newFromSelection("entity"), c: () => newFromSelection("claim"),
  };
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
});

function editCurrent() {
  if (!state.items.length) return;
  const item = state.items[current];
  openEditor("edit", item.kind, item.key, item.fields);
}

$("prev").addEventListener("click", () => select(current - 1));
$("next").addEventListener("click", () => select(current + 1));
$("accept").addEventListener("click", () => decide("accepted"));
$("reject").addEventListener("click", () => decide("rejected"));
$("edit").addEventListener("click", editCurrent);
$("save").addEventListener("click", () => save());
$("new-entity").addEventListener("mousedown", (e) => e.preventDefault()); // keep the text selection
$("new-claim").addEventListener("mousedown", (e) => e.preventDefault());
$("new-entity").addEventListener("click", () => newFromSelection("entity"));
$("new-claim").addEventListener("click", () => newFromSelection("claim"));
$("editor-form").addEventListener("submit", applyEditor);
$("cancel").addEventListener("click", () => { $("editor").close(); editing = null; });
$("editor").addEventListener("close", () => { editing = null; });
$("link-search").addEventListener("input", () => searchEntities($("link-search").value, $("link-results")));
$("link-search").addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
$("save-anyway").addEventListener("click", () => save(true));
$("reload").addEventListener("click", () => load());
$("dismiss").addEventListener("click", hideAlert);

async function load() {
  hideAlert();
  const [s, v] = await Promise.all([api("/api/state"), vocab ? Promise.resolve({ ok: true, data: vocab }) : api("/api/vocabulary")]);
  if (!s.ok) { alertBox(s.data.error); return; }
  state = s.data;
  vocab = v.data;
  render();
  select(current);
  document.body.dataset.ready = "true";
}

// Leaving the page with decisions not saved asks first (the server keeps them until it stops).
window.addEventListener("beforeunload", (event) => { if (state && state.unsaved) event.preventDefault(); });

load();
