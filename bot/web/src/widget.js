// Peerline's web chat widget. An agency embeds it with one tag:
//   <script src="https://host/widget.js" data-server="https://host:5005" async></script>
// It renders in a shadow root (the page's CSS can't reach in, ours can't leak out), talks
// to Rasa over socket.io with the REST webhook as fallback, and builds every message with
// text nodes: nothing a user or a response says is ever parsed as HTML.

import styles from "./widget.css";
import {
  fileBody,
  h,
  link,
  normalize,
  safeHref,
  safeImageSrc,
  stripSourceLine,
  textNodes,
} from "./render.js";
import { Store } from "./store.js";
import { palette } from "./theme.js";
import { Connection } from "./transport.js";

const ROLES = [
  {
    title: "Peer provider",
    shown: "I'm a peer provider",
    payload: "I am a peer provider",
    role: "peer",
  },
  {
    title: "Supervisor",
    shown: "I'm a supervisor",
    payload: "I am a supervisor",
    role: "supervisor",
  },
  { title: "Other", shown: "Something else", payload: "I am something else", role: "other" },
];
const MAX_MESSAGE = 1000;
const TYPING_TIMEOUT_MS = 20000;
const UNREACHABLE =
  "Peerline can't be reached right now. Please try again in a moment. " +
  "If you're in crisis, call or text 988, or call 911.";
const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
  close: "M6 6l12 12M18 6L6 18",
};

function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

function formatTime(iso) {
  try {
    return new Date(iso).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  } catch {
    return "";
  }
}

/** The embedding tag's data attributes, checked. */
export function readConfig(script) {
  const data = script?.dataset ?? {};
  const origin = script?.src ? new URL(script.src, location.href).origin : location.origin;
  const server = (safeHref(data.server || origin) || origin).replace(/\/+$/, "");
  return {
    server,
    title: (data.title || "Ask Peerline").trim().slice(0, 60) || "Ask Peerline",
    color: data.color,
    position: data.position === "left" ? "left" : "right",
    transport: data.transport === "rest" ? "rest" : "auto",
  };
}

class Widget {
  constructor(config) {
    this.config = config;
    this.store = new Store(config.server);
    const saved = this.store.loadLog();
    this.items = saved.items.filter((item) => item && typeof item === "object");
    this.items.forEach((item, index) => (item.id = index + 1));
    this.nextId = this.items.length + 1;
    this.isOpen = false;
    this.typingTimer = 0;
    this.blobs = [];
    this.connection = new Connection({
      server: config.server,
      // A socket that failed once in this tab is not waited for again after a reload.
      transport: this.store.socketFailed ? "rest" : config.transport,
      onMessage: (message) => this.receive(message),
      onState: (state) => {
        this.root.setAttribute("data-transport", state);
        if (state === "rest" && config.transport !== "rest") this.store.rememberSocketFailed();
      },
    });
    this.mount();
    for (const item of this.items) this.log.append(this.render(item));
    this.updatePicker();
    if (saved.open) this.open(false);
  }

  mount() {
    const { title, position, color } = this.config;
    const host = h("div", { id: "peerline-widget" });
    const shadow = host.attachShadow({ mode: "open" });
    if (typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      // A constructed sheet also works under a page CSP without 'unsafe-inline'.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(styles);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(h("style", {}, styles));
    }
    this.root = h("div", { class: `pl pl-${position}`, "data-transport": "idle" });
    for (const [name, value] of Object.entries(palette(color)))
      this.root.style.setProperty(name, value);

    this.launcher = h(
      "button",
      { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "pl-panel" },
      icon("chat"),
      h("span", {}, title),
    );
    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));

    const restart = h("button", { type: "button", class: "restart" }, "Start over");
    restart.addEventListener("click", () => this.startOver());
    const close = h(
      "button",
      { type: "button", class: "close", "aria-label": "Close chat" },
      icon("close"),
    );
    close.addEventListener("click", () => this.close());
    const header = h(
      "header",
      { class: "head" },
      h("div", { class: "bar" }, h("h2", { id: "pl-title" }, title), restart, close),
      h("a", { class: "crisis", href: "tel:988" }, "In crisis? Call or text 988"),
    );

    this.log = h("div", {
      class: "log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": "Conversation",
      tabindex: "0",
    });
    this.typing = h(
      "div",
      { class: "typing", "aria-hidden": "true", hidden: true },
      h("span", { class: "dots" }, h("i"), h("i"), h("i")),
      "Peerline is typing",
    );
    this.input = h("input", {
      id: "pl-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(MAX_MESSAGE),
      placeholder: "Ask a question",
    });
    const form = h(
      "form",
      { class: "compose" },
      h("label", { for: "pl-input", class: "sr" }, "Your message"),
      this.input,
      h("button", { type: "submit", class: "send" }, "Send"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value;
      this.input.value = "";
      this.send(text);
    });

    this.panel = h(
      "section",
      {
        id: "pl-panel",
        class: "panel",
        role: "dialog",
        "aria-labelledby": "pl-title",
        hidden: true,
      },
      header,
      this.log,
      this.typing,
      form,
    );
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    this.root.append(this.panel, this.launcher);
    shadow.append(this.root);
    document.body.append(host);
  }

  open(focus = true) {
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add("open");
    this.launcher.setAttribute("aria-expanded", "true");
    if (this.connection.state === "idle") this.connection.start(this.store.sessionId);
    this.persist();
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove("open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.persist();
    this.launcher.focus();
  }

  /** Show `shown` as the user's message and send `payload` to Rasa (`quiet`: show nothing). */
  async send(payload, shown = payload, quiet = false) {
    const message = String(payload).trim().slice(0, MAX_MESSAGE);
    if (!message) return;
    this.retireChoices();
    if (!quiet) this.add({ from: "user", text: String(shown).trim() || message });
    this.showTyping();
    if (this.connection.state === "idle") this.connection.start(this.store.sessionId);
    try {
      const via = await this.connection.send(message);
      if (via === "rest") this.hideTyping();
    } catch {
      this.hideTyping();
      this.add({
        from: "system",
        text: UNREACHABLE,
        buttons: [{ title: "Try again", payload: message, shown: String(shown) }],
      });
    }
  }

  receive(message) {
    const item = normalize(message);
    this.hideTyping();
    if (!item) return;
    const bare = !item.text && !item.buttons.length && !item.image && !item.file;
    if (bare && item.crisis && !item.citation) {
      this.attachCrisis(item.crisis);
      return;
    }
    if (bare && item.feedback && !item.citation && !item.crisis && this.attachFeedback(item)) return;
    const citationOnly = bare && item.citation;
    if (citationOnly && this.attachCitation(item.citation)) return;
    this.add({ from: "bot", ...item });
  }

  /**
   * A crisis or check reply's marker arrives after its text: that reply is shown as a
   * crisis reply, with one-tap ways to reach 988, and announced at once.
   */
  attachCrisis(kind) {
    const last = this.items[this.items.length - 1];
    if (!last || last.from !== "bot" || last.crisis) return;
    last.crisis = kind;
    const row = this.log.querySelector(`[data-id="${last.id}"]`);
    if (row) row.replaceWith(this.render(last));
    this.persist();
  }

  /**
   * Put an answer's feedback buttons under that answer: the cited bot message of this turn
   * (socket.io may have sent its Source line as a message of its own), else the last one.
   */
  attachFeedback(item) {
    const turn = [];
    for (let i = this.items.length - 1; i >= 0 && this.items[i].from === "bot"; i--) {
      turn.push(this.items[i]);
    }
    const target = turn.find((i) => i.citation) || turn.find((i) => i.text);
    if (!target || target.feedback || target.crisis) return false;
    target.feedback = item.feedback;
    const row = this.log.querySelector(`[data-id="${target.id}"]`);
    if (row) row.replaceWith(this.render(target));
    this.persist();
    return true;
  }

  /** Put a citation on the answer it belongs to, in place of its plain "Source:" line. */
  attachCitation(citation) {
    const last = this.items[this.items.length - 1];
    const before = this.items[this.items.length - 2];
    if (!last || last.from !== "bot" || last.citation || !last.text) return false;
    const text = stripSourceLine(last.text, citation);
    if (text === null) return false;
    last.text = text;
    // socket.io sends each paragraph as its own message, so the Source line may have
    // come alone after the answer: then the card goes on the answer.
    const answer =
      !text && before?.from === "bot" && before.text && !before.citation && !before.buttons?.length;
    const target = answer ? before : last;
    target.citation = citation;
    for (const item of new Set([target, last])) {
      const bubble = this.log.querySelector(`[data-id="${item.id}"] .bubble`);
      if (bubble) this.fill(bubble, item);
    }
    this.persist();
    this.scrollToTurn();
    return true;
  }

  add(item) {
    item.id = this.nextId++;
    item.at = new Date().toISOString();
    this.items.push(item);
    this.updatePicker();
    this.log.append(this.render(item));
    this.persist();
    if (item.from === "user") this.scrollToEnd();
    else this.scrollToTurn();
  }

  render(item) {
    const who = { user: "You", bot: "Peerline", system: "Notice" }[item.from] || "Notice";
    const bubble = h("div", { class: "bubble" });
    this.fill(bubble, item);
    const kind = item.from === "user" ? "user" : item.from === "bot" ? "bot" : "system";
    return h(
      "div",
      {
        class: `msg ${kind}${item.crisis ? " crisis-reply" : ""}`,
        "data-id": item.id,
        "data-crisis": item.crisis || null,
        role: item.crisis ? "alert" : null,
      },
      h("span", { class: "sr" }, `${who}:`),
      bubble,
      item.crisis ? this.crisisLinks() : null,
      Array.isArray(item.buttons) && item.buttons.length ? this.choices(item) : null,
      item.feedback ? this.votes(item.feedback) : null,
      item.at ? h("time", { class: "time", datetime: item.at }, formatTime(item.at)) : null,
    );
  }

  fill(bubble, item) {
    const parts = [];
    if (typeof item.text === "string" && item.text)
      parts.push(h("p", { class: "text" }, ...textNodes(item.text)));
    const src = safeImageSrc(item.image);
    if (src) {
      const alt = src.startsWith("data:") ? "Chart from Peerline" : "Image from Peerline";
      parts.push(h("img", { class: "image", src, alt }));
    }
    if (item.citation) parts.push(this.card(item.citation));
    if (item.file) parts.push(this.download(item.file));
    bubble.hidden = !parts.length;
    bubble.replaceChildren(...parts);
  }

  card(citation) {
    const sources = (citation.sources || []).map((source) => {
      const href = safeHref(source.url);
      const publisher = source.publisher ? `, ${source.publisher}` : "";
      return [
        href ? link(href, String(source.title)) : String(source.title),
        `${publisher} (${source.year})`,
      ];
    });
    const label = sources.length > 1 ? "Sources:" : "Source:";
    return h(
      "div",
      { class: "card" },
      citation.title ? h("p", { class: "card-title" }, String(citation.title)) : null,
      sources.length === 1
        ? h("p", { class: "card-source" }, `${label} `, ...sources[0])
        : h(
            "div",
            { class: "card-source" },
            label,
            h("ul", {}, ...sources.map((s) => h("li", {}, ...s))),
          ),
    );
  }

  crisisLinks() {
    return h(
      "div",
      { class: "crisis-links", role: "group", "aria-label": "Reach the 988 Lifeline" },
      h("a", { href: "tel:988" }, "Call 988"),
      h("a", { href: "sms:988" }, "Text 988"),
      link("https://988lifeline.org", "Chat at 988lifeline.org"),
    );
  }

  download(file) {
    if (typeof file.content !== "string") {
      return h(
        "p",
        { class: "file" },
        `${file.filename}: this download has expired. Ask "show my data" for a new copy.`,
      );
    }
    let blob;
    try {
      const { body, type } = fileBody(file);
      blob = new Blob([body], { type });
    } catch {
      return h("p", { class: "file" }, `${file.filename}: this download could not be read.`);
    }
    const url = URL.createObjectURL(blob);
    this.blobs.push(url);
    return h(
      "a",
      { class: "file", href: url, download: file.filename },
      `Download ${file.filename}`,
    );
  }

  choices(item) {
    const group = h("div", { class: "choices", role: "group", "aria-label": "Suggested replies" });
    for (const button of item.buttons) {
      const el = h("button", { type: "button", class: "choice" }, String(button.title));
      el.disabled = Boolean(item.answered);
      if (item.chosen === button.payload) el.classList.add("chosen");
      el.addEventListener("click", () => {
        if (item.answered) return;
        item.chosen = button.payload;
        el.classList.add("chosen");
        this.send(button.payload, button.shown || button.title);
        this.input.focus();
      });
      group.append(el);
    }
    return group;
  }

  /** Small "Helpful" / "Not what I asked" buttons: a vote is sent, not shown as a message. */
  votes(feedback) {
    const group = h("div", { class: "votes", role: "group", "aria-label": "Was this answer helpful?" });
    for (const button of feedback.buttons) {
      const el = h("button", { type: "button", class: "vote" }, String(button.title));
      el.disabled = Boolean(feedback.voted);
      if (feedback.voted === button.payload) {
        el.classList.add("chosen");
        el.setAttribute("aria-pressed", "true");
      }
      el.addEventListener("click", () => {
        if (feedback.voted) return;
        feedback.voted = button.payload;
        for (const other of group.querySelectorAll("button.vote")) other.disabled = true;
        el.classList.add("chosen");
        el.setAttribute("aria-pressed", "true");
        this.persist();
        this.send(button.payload, button.title, true);
      });
      group.append(el);
    }
    return group;
  }

  /** Once the user says something, earlier suggestions no longer apply. */
  retireChoices() {
    for (const item of this.items) {
      if (item.buttons?.length) item.answered = true;
    }
    for (const el of this.log.querySelectorAll("button.choice")) el.disabled = true;
  }

  updatePicker() {
    const show = !this.items.length && !this.store.role;
    if (!show) {
      this.picker?.remove();
      this.picker = null;
      return;
    }
    if (this.picker) return;
    const buttons = ROLES.map((role) => {
      const el = h("button", { type: "button", class: "choice" }, role.title);
      el.addEventListener("click", () => {
        this.store.setRole(role.role);
        this.send(role.payload, role.shown);
        this.input.focus();
      });
      return el;
    });
    this.picker = h(
      "div",
      { class: "picker" },
      h(
        "p",
        { class: "intro" },
        "Peerline answers questions about peer-support work and shows where each answer " +
          "comes from. It isn't therapy or a crisis service.",
      ),
      h("p", { class: "question", id: "pl-role-q" }, "Which describes you?"),
      h("div", { class: "choices", role: "group", "aria-labelledby": "pl-role-q" }, ...buttons),
    );
    this.log.prepend(this.picker);
  }

  startOver() {
    for (const url of this.blobs.splice(0)) URL.revokeObjectURL(url);
    this.store.reset();
    this.items = [];
    this.log.replaceChildren();
    this.picker = null;
    this.hideTyping();
    this.connection.restart(this.store.sessionId);
    this.updatePicker();
    this.persist();
    this.input.focus();
  }

  showTyping() {
    this.typing.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
    this.scrollToEnd();
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Scroll to the end, but never past the user's last message: a long answer is read
   * from its beginning, with the question above it. */
  scrollToTurn() {
    const questions = this.log.querySelectorAll(".msg.user");
    const question = questions[questions.length - 1];
    const end = this.log.scrollHeight - this.log.clientHeight;
    this.log.scrollTop = question ? Math.min(end, question.offsetTop - 8) : end;
  }

  persist() {
    this.store.saveLog(this.items, this.isOpen);
  }
}

function boot() {
  if (window.__peerlineLoaded) return; // the tag was included twice
  window.__peerlineLoaded = true;
  const script =
    document.currentScript || document.querySelector('script[src*="widget.js"][data-server]');
  const start = () => {
    const widget = new Widget(readConfig(script));
    window.Peerline = Object.freeze({ open: () => widget.open(), close: () => widget.close() });
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}

boot();
