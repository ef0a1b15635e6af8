// fabula studio: what every part of the page shares. Text from the work
// only ever enters the page as text (textContent, text nodes, attribute
// values), never as markup.

// The page's state; the server's answers replace its parts.
export const S = {
  token: "", revision: 0, quotes: [], byId: new Map(), cast: [], castById: new Map(), voices: null, genders: [],
  pages: [], pageCache: new Map(), page: -1, current: null, history: [], changed: new Set(), busy: false,
};

// What the panels ask for (send an edit, go to a line, …), filled in by studio.js.
export const actions = {};

export const $ = (selector) => document.querySelector(selector);

export function el(tag, attributes = {}, ...children) {
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


export async function api(method, path, body) {
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

export function setStatus(kind, text) {
  const status = $("#status");
  status.dataset.state = kind;
  status.dataset.revision = String(S.revision);
  status.textContent = text;
}


export function confidence(q) {
  return q.confidence === null ? 0 : q.confidence;
}

// The lines still to review, least sure first.
export function queue() {
  return S.quotes.filter((q) => !q.held).sort((a, b) => confidence(a) - confidence(b) || a.index - b.index);
}

export function speakerName(id) {
  const c = S.castById.get(id);
  return c ? c.name : "Speaker unknown";
}
