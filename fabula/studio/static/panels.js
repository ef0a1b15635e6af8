// fabula studio: the panels beside the text: the line under review with its
// likely speakers, the cast with its edits and voices, the narration's
// voices, the corrections that no longer apply, the exports.
import { $, S, actions, api, confidence, el, speakerName } from "./common.js";

const GENDER_LABELS = { female: "female", male: "male", nonbinary: "nonbinary", unknown: "gender unknown" };
const EXPORT_LABELS = {
  json: "JSON", csv: "CSV", fountain: "Fountain", report: "Report", network: "Network",
  audiobook: "Audiobook script", audio: "Audiobook + WAV",
};

// The likely speakers offered for a line, at most nine: the model's, then the
// rest of the cast, most prominent first.
export function choices(q) {
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

export function renderReview() {
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
      button.addEventListener("click", () => actions.assign(c.id));
      return el("li", {}, button);
    }));
  }
  const changed = [...S.changed].map((id) => S.byId.get(id)).filter(Boolean);
  $("#changes").hidden = changed.length === 0;
  $("#changed-list").replaceChildren(...changed.map((c) => {
    const link = el("button", { type: "button", class: "link", dataset: { quote: c.id } },
      `${c.snippet} → ${c.speaker ? speakerName(c.speaker) : "nobody"}`);
    link.addEventListener("click", () => actions.goTo(c.id));
    return el("li", {}, link);
  }));
}

export function renderCast() {
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
      cut.addEventListener("click",
        () => actions.send("/api/edit", { op: "split", character: c.id, name: alias }));
      return el("span", { class: "alias" }, alias, cut);
    })));
  }
  const gender = el("select", { "aria-label": `Gender of ${c.name}`, dataset: { action: "gender" } },
    ...S.genders.map((g) => el("option", { value: g }, GENDER_LABELS[g] || g)));
  gender.value = c.gender;
  gender.addEventListener("change",
    () => actions.send("/api/edit", { op: "gender", character: c.id, gender: gender.value }));
  const merge = el("select", { "aria-label": `Merge ${c.name} into`, dataset: { action: "merge" } },
    el("option", { value: "" }, "Merge into…"),
    ...S.cast.filter((o) => o.id !== c.id).map((o) => el("option", { value: o.id }, o.name)));
  merge.addEventListener("change", () => {
    if (merge.value) actions.send("/api/edit", { op: "merge", character: c.id, into: merge.value });
  });
  const notCharacter = el("button", { type: "button", dataset: { action: "not-character" },
    title: "A place, a word, not a person: its lines go back to the model" }, "Not a character");
  notCharacter.addEventListener("click", () => actions.send("/api/edit", { op: "not_character", character: c.id }));
  row.append(el("div", { class: "row" }, gender, merge, notCharacter));
  if (c.voice) row.append(voiceControls(c.id, c.voice, `Voice of ${c.name}`));
  return row;
}

function renameForm(row, c) {
  const input = el("input", { value: c.name, maxlength: "100", "aria-label": `New name for ${c.name}` });
  const form = el("form", { class: "row rename" }, input, el("button", { type: "submit" }, "Rename"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.send("/api/edit", { op: "rename", character: c.id, name: input.value });
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
    if (Number.isInteger(body.pitch) && Number.isInteger(body.rate)) actions.send("/api/edit", body);
  };
  for (const control of [select, pitch, rate]) control.addEventListener("change", change);
  return el("div", { class: "row voice" }, select, el("label", {}, "pitch ", pitch), el("label", {}, "rate ", rate));
}

export function renderNarration() {
  $("#narration-voices").replaceChildren(
    el("div", {}, el("span", { class: "label" }, "Narrator"), voiceControls("narrator", S.voices.narrator, "Narrator's voice")),
    el("div", {}, el("span", { class: "label" }, "Lines nobody is known to say"),
      voiceControls("unattributed", S.voices.unattributed, "Voice of unattributed lines")));
}

export function renderWarnings(warnings) {
  $("#warnings-panel").hidden = warnings.length === 0;
  $("#warnings").replaceChildren(...warnings.map((w) => el("li", {}, w)));
}

// Export.

export function renderExportButtons(kinds) {
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
