// fabula studio: the text of a page, laid out as the report lays it out,
// and each quotation painted with its speaker's tint and state.
import { $, S, api, el, speakerName } from "./common.js";

export async function showPage(number) {
  if (number < 0 || number >= S.pages.length) return;
  if (!S.pageCache.has(number)) S.pageCache.set(number, (await api("GET", `/api/page/${number}`)).blocks);
  if (S.page === number) return;
  S.page = number;
  renderText(S.pageCache.get(number));
  $("#page-select").value = String(number);
  paintAll();
}

export function renderText(blocks) {
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

export function quoteSpans(id) {
  return document.querySelectorAll(`#text [data-quote="${CSS.escape(id)}"]`);
}

export function paint(q) {
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

export function paintAll() {
  for (const q of S.quotes) if (q.page === S.page) paint(q);
}

export function renderPager() {
  $("#pager").hidden = S.pages.length < 2;
  const select = $("#page-select");
  select.replaceChildren(...S.pages.map((p, n) => el("option", { value: String(n) }, `${n + 1}. ${p.title}`)));
}
