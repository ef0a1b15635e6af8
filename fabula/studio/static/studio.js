// fabula studio: the page's entry point: loading, moving through the review
// queue, edits (one at a time, in order; "Saved" only once the server has
// written the file and answered), keys and clicks.
import { $, S, actions, api, queue, setStatus } from "./common.js";
import { choices, renderCast, renderExportButtons, renderNarration, renderReview, renderWarnings } from "./panels.js";
import { paint, paintAll, quoteSpans, renderPager, showPage } from "./text.js";

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
    const n = data.changed.length;
    setStatus("saved", n ? `Saved · ${n} other line${n === 1 ? "" : "s"} changed with it` : "Saved");
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
  $("#new-name").blur();  // keys go back to the page
  $("#new-form").hidden = true;
  if (await send("/api/edit", body) && id) next();
}

function undo() {
  send("/api/undo", {});
}

Object.assign(actions, { send, assign, goTo });

function onKey(event) {
  const typing = event.target.closest("input, select, textarea");
  if (event.key === "Escape") {
    $("#help").hidden = true;
    $("#new-form").hidden = true;
    if (typing) typing.blur();
    return;
  }
  if (typing || event.altKey) return;
  // A focused button takes its own Enter and space; the page must not act twice.
  if (event.target.closest("button") && (event.key === "Enter" || event.key === " ")) return;
  if (event.ctrlKey || event.metaKey) {
    if (event.key === "z") {
      undo();
      event.preventDefault();
    }
    return;
  }
  const q = S.byId.get(S.current);
  const keys = {
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
  } else if (keys[event.key]) {
    keys[event.key]();
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