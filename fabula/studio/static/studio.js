// fabula studio: the page. Text from the work only ever enters the page as
// text (textContent, text nodes, attribute values), never as markup.
"use strict";

const GENDER_LABELS = { female: "female", male: "male", nonbinary: "nonbinary", unknown: "gender unknown" };
const EXPORT_LABELS = {
  json: "JSON", csv: "CSV", fountain: "Fountain", report: "Report", network: "Network",
  audiobook: "Audiobook script", audio: "Audiobook + WAV",
};

const S = {
  token: "", revision: 0, quotes: [], byId: new Map(), cast: [], castById: new Map(), voices: null,
  pages: [], pageCache: new Map(), page: -1, current: null, history: [], changed: new Set(), busy: false,
};

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// The session token travels in the address's fragment (never sent to a
// server); it is kept for this tab so that a reload keeps working.
function readToken() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("fabula-token", match[1]);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("fabula-token") || "";
}

async function api(method, path, body) {
  const headers = { "X-Fabula-Token": S.token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, cache: "no-store", body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) throw new Error((data && data.error) || `${response.status} ${response.statusText}`);
  return data;
}

function setStatus(kind, text) {
  const status = $("#status");
  status.dataset.state = kind;
  status.dataset.revision = String(S.revision);
  status.textContent = text;
}

// State.

async function loadState() {
  const data = await api("GET", "/api/state");
  S.revision = data.revision;
  S.quotes = data.quotes.map((q, index) => ({ ...q, index }));
  S.byId = new Map(S.quotes.map((q) => [q.id, q]));
  S.pages = data.pages;
  $("#title").textContent = data.title;
  document.title = `${data.title} · fabula studio`;
  $("#facts").textContent = `${data.work} · ${data.quotes.length} quotations · corrections saved to ${data.corrections}`;
  $("#export-folder").textContent = `Into ${data.output}`;
  renderPager();
  renderExportButtons(data.exports);
  takeShared(data);
}

function takeShared(data) {
  S.cast = data.cast;
  S.castById = new Map(S.cast.map((c) => [c.id, c]));
  S.voices = data.voices;
  S.genders = data.genders || S.genders;
  $("#undo").disabled = !data.can_undo;
  renderWarnings(data.warnings);
  renderCast();
  renderNarration();
}

function confidence(q) {
  return q.confidence === null ? 0 : q.confidence;
}

// The lines still to review, least sure first.
function queue() {
  return S.quotes.filter((q) => !q.held).sort((a, b) => confidence(a) - confidence(b) || a.index - b.index);
}

function speakerName(id) {
  const c = S.castById.get(id);
  return c ? c.name : "Speaker unknown";
}

// The text.

async function showPage(number) {
  if (number < 0 || number >= S.pages.length) return;
  if (!S.pageCache.has(number)) S.pageCache.set(number, (await api("GET", `/api/page/${number}`)).blocks);
  if (S.page === number) return;
  S.page = number;
  renderText(S.pageCache.get(number));
  $("#page-select").value = String(number);
  paintAll();
}

function renderText(blocks) {
  const root = $("#text");
  root.replaceChildren();
  let box = null;
  let boxId = null;
  for (const block of blocks) {
    const here = block.box ? block.box.id : null;
    if (box && here !== boxId) { box = null; boxId = null; }
    for (const scene of block.scenes) {
      (box || root).append(el("div", { class: "scene-marker", role: "separator" }, scene.label));
    }
    if (block.marker) continue;
    if (block.box && here !== boxId) {
      box = el("aside", { class: "paratext" }, el("span", { class: "label" }, block.box.label));
      box.classList.add(block.box.kind);
      root.append(box);
      boxId = here;
    }
    const paragraph = el("p");
    for (const piece of block.pieces) {
      let target = paragraph;
      if (piece.quote) {
        target = el("span", { class: "q", dataset: { quote: piece.quote } });
        if (piece.first) target.id = piece.quote;
        paragraph.append(target);
      }
      for (const [text, italic] of piece.runs) target.append(italic ? el("em", {}, text) : document.createTextNode(text));
    }
    (box || root).append(paragraph);
  }
}

function quoteSpans(id) {
  return document.querySelectorAll(`#text [data-quote="${CSS.escape(id)}"]`);
}

function paint(q) {
  const c = q.speaker ? S.castById.get(q.speaker) : null;
  const names = q.addressees.map(speakerName);
  const tip = [
    (c ? c.name : "Speaker unknown") + (names.length ? ` → ${names.join(", ")}` : ""),
    (q.kind === "thought" ? "thought" : "speech") + (q.flashback ? " · recalled (flashback)" : ""),
  ];
  if (q.held) tip.push("speaker set by hand");
  else if (c) tip.push(`confidence ${q.confidence === null ? "?" : q.confidence.toFixed(2)}${q.low ? " (low)" : ""} · ${q.evidence || "no"} evidence`);
  tip.push(q.id);
  for (const span of quoteSpans(q.id)) {
    span.className = "q";
    span.classList.add(q.kind);
    if (c && c.slot !== null) span.classList.add(`sp${c.slot}`);
    else span.classList.add("unattributed");
    if (q.low && !q.held) span.classList.add("low");
    if (q.flashback) span.classList.add("flashback");
    if (q.held) span.classList.add("held");
    if (S.changed.has(q.id)) span.classList.add("changed");
    if (S.current === q.id) span.classList.add("current");
    span.dataset.speaker = c ? c.name : "Speaker unknown";
    span.dataset.tip = tip.join("\n");
  }
}

function paintAll() {
  for (const q of S.quotes) if (q.page === S.page) paint(q);
}

function renderPager() {
  $("#pager").hidden = S.pages.length < 2;
  const select = $("#page-select");
  select.replaceChildren(...S.pages.map((p, n) => el("option", { value: String(n) }, `${n + 1}. ${p.title}`)));
}

// Review.

async function goTo(id, remember = true) {
  const q = S.byId.get(id);
  if (!q) return;
  if (remember && S.current && S.current !== id) S.history.push(S.current);
  const before = S.current;
  S.current = id;
  sessionStorage.setItem("fabula-current", id);
  await showPage(q.page);
  if (before && S.byId.has(before)) paint(S.byId.get(before));
  paint(q);
  renderReview();
  const span = quoteSpans(id)[0];
  if (span) span.scrollIntoView({ block: "center" });
}

function next() {
  const lines = queue();
  const at = lines.findIndex((q) => q.id === S.current);
  const target = at >= 0 ? lines[at + 1] : lines[0];
  if (target) goTo(target.id);
  else setStatus("done", "Every line has been reviewed");
}

function previous() {
  const id = S.history.pop();
  if (id) goTo(id, false);
}

function choices(q) {
  const out = [];
  const seen = new Set();
  for (const [id, p] of q.likely) {
    if (S.castById.has(id) && !seen.has(id)) { out.push({ id, p }); seen.add(id); }
  }
  for (const c of S.cast) {
    if (out.length >= 9) break;
    if (!seen.has(c.id)) { out.push({ id: c.id, p: null }); seen.add(c.id); }
  }
  return out.slice(0, 9);
}

function renderReview() {
  const left = S.quotes.filter((q) => !q.held).length;
  $("#progress").textContent = `${S.quotes.length - left} of ${S.quotes.length} lines set by hand; ${left} left.`;
  const q = S.byId.get(S.current);
  $("#current").hidden = !q;
  if (q) {
    $("#current-text").textContent = q.snippet;
    const who = q.speaker ? speakerName(q.speaker) : "nobody";
    const how = q.held ? "set by hand" : `confidence ${confidence(q).toFixed(2)}`;
    $("#current-info").textContent = `${q.id} · ${who} · ${how}`;
    $("#choices").replaceChildren(...choices(q).map((choice, n) => {
      const c = S.castById.get(choice.id);
      const button = el("button", { type: "button", dataset: { choice: String(n + 1), character: c.id } },
        el("kbd", {}, String(n + 1)), el("span", { class: `swatch${c.slot === null ? "" : ` sp${c.slot}`}` }),
        el("span", { class: "name" }, c.name),
        el("span", { class: "p" }, choice.p === null ? "" : `${Math.round(choice.p * 100)}%`));
      if (c.id === q.speaker) button.classList.add("is-speaker");
      button.addEventListener("click", () => assign(c.id));
      return el("li", {}, button);
    }));
  }
  const changed = [...S.changed].map((id) => S.byId.get(id)).filter(Boolean);
  $("#changes").hidden = changed.length === 0;
  $("#changed-list").replaceChildren(...changed.map((c) => {
    const link = el("button", { type: "button", class: "link", dataset: { quote: c.id } },
      `${c.snippet} → ${c.speaker ? speakerName(c.speaker) : "nobody"}`);
    link.addEventListener("click", () => goTo(c.id));
    return el("li", {}, link);
  }));
}

// Edits. One at a time, in order; the page says "Saved" only once the
// server has written the file and answered.

async function send(path, body) {
  if (S.busy) return false;
  S.busy = true;
  setStatus("saving", "Saving…");
  try {
    const data = await api("POST", path, body);
    if (data.revision !== S.revision && data.revision !== S.revision + 1) {
      // Another tab edited too: start again from the server's state.
      S.pageCache.clear();
      S.page = -1;
      S.revision = data.revision;
      await loadState();
      await showPage(S.byId.get(S.current)?.page ?? 0);
    } else {
      S.revision = data.revision;
      for (const [id, state] of Object.entries(data.quotes)) Object.assign(S.byId.get(id), state);
      takeShared(data);
    }
    S.changed = new Set(data.changed);
    paintAll();
    renderReview();
    const more = data.changed.length ? ` · ${data.changed.length} other line${data.changed.length === 1 ? "" : "s"} changed with it` : "";
    setStatus("saved", `Saved${more}`);
    return true;
  } catch (error) {
    setStatus("error", `Not saved: ${error.message}`);
    return false;
  } finally {
    S.busy = false;
  }
}

async function assign(characterId) {
  const id = S.current;
  if (!id) return;
  if (await send("/api/edit", { op: "speaker", quote: id, character: characterId })) next();
}

async function addCharacter(name) {
  const id = S.current;
  const body = { op: "new_character", name };
  if (id) body.quote = id;
  $("#new-form").hidden = true;
  if (await send("/api/edit", body) && id) next();
}

function undo() {
  send("/api/undo", {});
}

// The cast.

function renderCast() {
  const list = $("#cast-list");
  if (!S.cast.length) {
    list.replaceChildren(el("p", { class: "note" }, "No characters found. Give a line to a new character with n."));
    return;
  }
  list.replaceChildren(...S.cast.map(characterRow));
}

function characterRow(c) {
  const row = el("div", { class: "character", dataset: { character: c.id } });
  const name = el("button", { type: "button", class: "name link", title: "Rename", dataset: { action: "rename" } }, c.name);
  name.addEventListener("click", () => renameForm(row, c));
  row.append(el("div", { class: "head" },
    el("span", { class: `swatch${c.slot === null ? "" : ` sp${c.slot}`}` }), name,
    el("span", { class: "counts" }, `${c.lines} lines · ${c.mentions} mentions`)));
  if (c.aliases.length) {
    row.append(el("div", { class: "aliases" }, ...c.aliases.map((alias) => {
      const cut = el("button", { type: "button", class: "cut", title: `Split “${alias}” off as a character of its own`,
        dataset: { action: "split", name: alias } }, "✂");
      cut.addEventListener("click", () => send("/api/edit", { op: "split", character: c.id, name: alias }));
      return el("span", { class: "alias" }, alias, cut);
    })));
  }
  const gender = el("select", { "aria-label": `Gender of ${c.name}`, dataset: { action: "gender" } },
    ...S.genders.map((g) => el("option", { value: g }, GENDER_LABELS[g] || g)));
  gender.value = c.gender;
  gender.addEventListener("change", () => send("/api/edit", { op: "gender", character: c.id, gender: gender.value }));
  const merge = el("select", { "aria-label": `Merge ${c.name} into`, dataset: { action: "merge" } },
    el("option", { value: "" }, "Merge into…"),
    ...S.cast.filter((o) => o.id !== c.id).map((o) => el("option", { value: o.id }, o.name)));
  merge.addEventListener("change", () => {
    if (merge.value) send("/api/edit", { op: "merge", character: c.id, into: merge.value });
  });
  const notCharacter = el("button", { type: "button", dataset: { action: "not-character" },
    title: "A place, a word, not a person: its lines go back to the model" }, "Not a character");
  notCharacter.addEventListener("click", () => send("/api/edit", { op: "not_character", character: c.id }));
  row.append(el("div", { class: "row" }, gender, merge, notCharacter));
  if (c.voice) row.append(voiceControls(c.id, c.voice, `Voice of ${c.name}`));
  return row;
}

function renameForm(row, c) {
  const input = el("input", { value: c.name, maxlength: "100", "aria-label": `New name for ${c.name}` });
  const form = el("form", { class: "row rename" }, input, el("button", { type: "submit" }, "Rename"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send("/api/edit", { op: "rename", character: c.id, name: input.value });
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") renderCast();
  });
  row.querySelector(".head").after(form);
  input.focus();
  input.select();
}

function voiceControls(who, voice, label) {
  const select = el("select", { "aria-label": label, dataset: { action: "voice" } },
    ...S.voices.choices.map((v) => el("option", { value: v }, v)));
  select.value = voice.voice;
  const pitch = el("input", { type: "number", min: "-50", max: "100", step: "1", value: String(voice.pitch),
    "aria-label": `${label}: pitch`, title: "Pitch: percent up or down" });
  const rate = el("input", { type: "number", min: "40", max: "300", step: "1", value: String(voice.rate),
    "aria-label": `${label}: rate`, title: "Rate: percent of normal speed" });
  const change = () => {
    const body = { op: "voice", character: who, voice: select.value, pitch: Number(pitch.value), rate: Number(rate.value) };
    if (Number.isInteger(body.pitch) && Number.isInteger(body.rate)) send("/api/edit", body);
  };
  for (const control of [select, pitch, rate]) control.addEventListener("change", change);
  return el("div", { class: "row voice" }, select, el("label", {}, "pitch ", pitch), el("label", {}, "rate ", rate));
}

function renderNarration() {
  $("#narration-voices").replaceChildren(
    el("div", {}, el("span", { class: "label" }, "Narrator"), voiceControls("narrator", S.voices.narrator, "Narrator's voice")),
    el("div", {}, el("span", { class: "label" }, "Lines nobody is known to say"),
      voiceControls("unattributed", S.voices.unattributed, "Voice of unattributed lines")));
}

function renderWarnings(warnings) {
  $("#warnings-panel").hidden = warnings.length === 0;
  $("#warnings").replaceChildren(...warnings.map((w) => el("li", {}, w)));
}

// Export.

function renderExportButtons(kinds) {
  $("#export-buttons").replaceChildren(...kinds.map((kind) => {
    const button = el("button", { type: "button", dataset: { export: kind } }, EXPORT_LABELS[kind] || kind);
    button.addEventListener("click", () => exportAs(kind, button));
    return button;
  }));
}

async function exportAs(kind, button) {
  const result = $("#export-result");
  result.dataset.state = "working";
  button.disabled = true;
  result.replaceChildren(el("li", {}, kind === "audio" ? "Rendering the audio… (this takes a while)" : "Writing…"));
  try {
    const data = await api("POST", "/api/export", { what: kind });
    result.replaceChildren(...data.written.map((path) => el("li", {}, path)));
    result.dataset.state = "done";
  } catch (error) {
    result.replaceChildren(el("li", { class: "error" }, `Not written: ${error.message}`));
    result.dataset.state = "error";
  } finally {
    button.disabled = false;
  }
}

// Keys and clicks.

function onKey(event) {
  const typing = event.target.closest("input, select, textarea");
  if (event.key === "Escape") {
    $("#help").hidden = true;
    $("#new-form").hidden = true;
    if (typing) typing.blur();
    return;
  }
  if (typing || event.altKey) return;
  if (event.ctrlKey || event.metaKey) {
    if (event.key === "z") {
      undo();
      event.preventDefault();
    }
    return;
  }
  const q = S.byId.get(S.current);
  const actions = {
    j: next, ArrowDown: next, k: previous, ArrowUp: previous,
    u: undo, "?": () => { $("#help").hidden = !$("#help").hidden; },
    "[": () => showPage(S.page - 1), "]": () => showPage(S.page + 1),
    x: () => q && assign(null),
    Enter: () => q && q.speaker && assign(q.speaker),
    n: () => {
      if (!q) return;
      $("#new-form").hidden = false;
      $("#new-name").value = "";
      $("#new-name").focus();
    },
  };
  if (/^[1-9]$/.test(event.key) && q) {
    const choice = choices(q)[Number(event.key) - 1];
    if (choice) assign(choice.id);
  } else if (actions[event.key]) {
    actions[event.key]();
  } else {
    return;
  }
  event.preventDefault();
}

function wire() {
  document.addEventListener("keydown", onKey);
  $("#text").addEventListener("click", (event) => {
    const span = event.target.closest("[data-quote]");
    if (span) goTo(span.dataset.quote);
  });
  $("#undo").addEventListener("click", undo);
  $("#help-button").addEventListener("click", () => { $("#help").hidden = !$("#help").hidden; });
  $("#nobody").addEventListener("click", () => assign(null));
  $("#new-character").addEventListener("click", () => {
    $("#new-form").hidden = false;
    $("#new-name").focus();
  });
  $("#new-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("#new-name").value.trim();
    if (name) addCharacter(name);
  });
  $("#prev-page").addEventListener("click", () => showPage(S.page - 1));
  $("#next-page").addEventListener("click", () => showPage(S.page + 1));
  $("#page-select").addEventListener("change", (event) => showPage(Number(event.target.value)));
}

async function start() {
  wire();
  S.token = readToken();
  if (!S.token) {
    setStatus("error", "No session key: open the address fabula studio printed in the terminal.");
    return;
  }
  try {
    await loadState();
    const kept = sessionStorage.getItem("fabula-current");
    const first = S.byId.has(kept) ? kept : (queue()[0] || S.quotes[0] || {}).id;
    await showPage(first ? S.byId.get(first).page : 0);
    if (first) await goTo(first, false);
    renderReview();
    setStatus("ready", "Ready");
  } catch (error) {
    setStatus("error", `Could not load: ${error.message}`);
  }
}

start();
