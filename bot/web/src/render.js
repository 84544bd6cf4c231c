// Rasa messages → safe DOM. Nothing here ever assigns HTML: text goes through
// textContent / text nodes, and the only elements we create from message data are
// <a> (http/https only), <img> (PNG data URIs or http/https) and plain containers.

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+)/g;
const PNG_DATA_URI = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const UNSAFE_FILENAME = /[^A-Za-z0-9._-]+/g;

/** An element with attributes and children (strings become text nodes). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value == null) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child == null || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** The URL itself when it is http(s), else null (javascript:, data:, garbage). */
export function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link that opens in a new tab without handing the page to the target. */
export function link(href, label) {
  return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, label);
}

/** Drop sentence punctuation after a bare URL, and a closing bracket it did not open. */
export function trimUrl(url) {
  let out = url.replace(/[.,;:!?'"]+$/, "");
  const count = (s, c) => s.split(c).length - 1;
  while (out.endsWith(")") && count(out, ")") > count(out, "(")) {
    out = out.slice(0, -1).replace(/[.,;:!?'"]+$/, "");
  }
  return out;
}

/** Text as nodes: plain text stays text, URLs and [label](url) become safe links. */
export function textNodes(text) {
  const nodes = [];
  let position = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, label, target, bare] = match;
    let url = target;
    let shown = label;
    let trailing = "";
    if (bare) {
      url = trimUrl(bare);
      shown = url;
      trailing = bare.slice(url.length);
    }
    const href = safeHref(url);
    if (!href) continue;
    nodes.push(document.createTextNode(text.slice(position, match.index)));
    nodes.push(link(href, shown));
    if (trailing) nodes.push(document.createTextNode(trailing));
    position = match.index + whole.length;
  }
  nodes.push(document.createTextNode(text.slice(position)));
  return nodes;
}

/** A PNG data URI or an http(s) URL, else null: no SVG, no javascript:, no other data. */
export function safeImageSrc(src) {
  if (typeof src !== "string") return null;
  const compact = src.replace(/\s+/g, "");
  if (compact.startsWith("data:")) return PNG_DATA_URI.test(compact) ? compact : null;
  return safeHref(src);
}

const FILE_TYPES = {
  csv: "text/csv;charset=utf-8",
  json: "application/json;charset=utf-8",
  pdf: "application/pdf",
  png: "image/png",
};

/** The bytes (or text) and MIME type of an export: base64 ones (PDF, PNG) decoded. */
export function fileBody(file) {
  const type = FILE_TYPES[file.format] || "text/plain;charset=utf-8";
  if (file.encoding !== "base64") return { body: file.content, type };
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return { body: bytes, type };
}

/** A plain download name: no directories, no odd characters, the format's extension. */
export function safeFilename(name, format) {
  const base = String(name || "")
    .replace(/\\/g, "/")
    .split("/")
    .pop();
  const stem =
    base.replace(UNSAFE_FILENAME, "-").replace(/^[.-]+|[.-]+$/g, "") || "peerline-export";
  const extension =
    String(format || "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "") || "txt";
  return stem.toLowerCase().endsWith(`.${extension}`) ? stem : `${stem}.${extension}`;
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function sources(raw) {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((s) => isObject(s) && s.title)
    .map((s) => ({
      title: String(s.title),
      publisher: s.publisher ? String(s.publisher) : "",
      year: s.year ? String(s.year) : "n.d.",
      url: safeHref(s.url),
    }));
}

function citation(raw) {
  if (!isObject(raw)) return null;
  const found = sources(raw.sources);
  if (!found.length) return null;
  return { title: raw.title ? String(raw.title) : "", sources: found };
}

function exportFile(raw) {
  if (!isObject(raw) || typeof raw.content !== "string") return null;
  const format = String(raw.format || "txt").toLowerCase();
  const encoding = raw.encoding === "base64" ? "base64" : "text";
  return { filename: safeFilename(raw.filename, format), format, encoding, content: raw.content };
}

function buttons(raw) {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isObject)
    .map((b) => {
      const title = String(b.title ?? "").trim();
      return { title, payload: String(b.payload ?? title).trim() };
    })
    .filter((b) => b.title && b.payload);
}

/** An answer's "Helpful" / "Not what I asked" buttons (custom.feedback), or null. */
export function feedbackOf(raw) {
  if (!isObject(raw)) return null;
  const found = buttons(raw.buttons).filter((b) => b.payload.startsWith("/feedback{"));
  return found.length ? { buttons: found, voted: null } : null;
}

/** The crisis marker a crisis or check reply carries (custom.crisis), or null. */
export function crisisMarker(raw) {
  return raw === "self" || raw === "client" || raw === "check" ? raw : null;
}

/**
 * One Rasa bot message, from the REST channel or the socket.io channel, as a plain item:
 * {text, buttons, image, citation, file, crisis, feedback}. Unknown shapes give null.
 *
 * REST: {text, buttons, image, custom}. socket.io: {text, quick_replies},
 * {attachment: {type: "image", payload: {src}}}, and custom JSON either as {custom: …}
 * or spread into the event itself (Rasa's own socket.io output does the latter).
 */
export function normalize(message) {
  if (!isObject(message)) return null;
  const attachment = isObject(message.attachment) ? message.attachment : {};
  const imageSrc =
    message.image ??
    (attachment.type === "image" && isObject(attachment.payload) ? attachment.payload.src : null);
  const custom = isObject(message.custom) ? message.custom : message;
  const item = {
    text: typeof message.text === "string" ? message.text.trim() : "",
    buttons: buttons(message.buttons ?? message.quick_replies),
    image: safeImageSrc(imageSrc),
    citation: citation(custom.citation),
    file: exportFile(custom.export),
    crisis: crisisMarker(custom.crisis),
    feedback: feedbackOf(custom.feedback),
  };
  const empty =
    !item.text &&
    !item.buttons.length &&
    !item.image &&
    !item.citation &&
    !item.file &&
    !item.crisis &&
    !item.feedback;
  return empty ? null : item;
}

/** The plain "Source: …" line an answer's text ends with, as the domain response writes it. */
export function sourceLine(cite) {
  return "Source: " + cite.sources.map((s) => `${s.title}, ${s.publisher} (${s.year})`).join("; ");
}

/** `text` without its trailing Source line, or null when it has none to drop. */
export function stripSourceLine(text, cite) {
  const line = sourceLine(cite);
  if (text.endsWith(line)) return text.slice(0, -line.length).trimEnd();
  const at = text.lastIndexOf("\n\nSource: ");
  if (at >= 0) return text.slice(0, at).trimEnd();
  return text.startsWith("Source: ") ? "" : null;
}
