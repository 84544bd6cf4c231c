// What survives a reload. The session id (and the role picked) live in localStorage so
// the conversation with Rasa continues; the transcript lives in sessionStorage, so it
// comes back after a reload but is gone when the tab closes: on a shared agency computer
// the next person does not find someone's check-in answers.

const MAX_ITEMS = 200;

function storage(kind) {
  try {
    const store = window[kind];
    const probe = "peerline.probe";
    store.setItem(probe, "1");
    store.removeItem(probe);
    return store;
  } catch {
    return null; // blocked storage (privacy settings, sandboxed frames): memory only
  }
}

function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function read(store, key) {
  try {
    const value = JSON.parse(store?.getItem(key) ?? "null");
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

export class Store {
  constructor(server) {
    this.local = storage("localStorage");
    this.session = storage("sessionStorage");
    this.key = `peerline:${server}`;
    const saved = read(this.local, this.key);
    this.sessionId = typeof saved?.sessionId === "string" ? saved.sessionId : newId();
    this.role = typeof saved?.role === "string" ? saved.role : null;
    this.saveSession();
  }

  get logKey() {
    return `peerline-log:${this.key}:${this.sessionId}`;
  }

  saveSession() {
    try {
      this.local?.setItem(this.key, JSON.stringify({ sessionId: this.sessionId, role: this.role }));
    } catch {
      // quota or blocked storage: the session just won't survive a reload
    }
  }

  /** The saved transcript and whether the panel was open. */
  loadLog() {
    const saved = read(this.session, this.logKey);
    return {
      items: Array.isArray(saved?.items) ? saved.items : [],
      open: saved?.open === true,
    };
  }

  saveLog(items, open) {
    // Export contents are personal data and big: a restored export shows as expired.
    let kept = items
      .slice(-MAX_ITEMS)
      .map((item) => (item.file ? { ...item, file: { ...item.file, content: null } } : item));
    while (kept.length) {
      try {
        this.session?.setItem(this.logKey, JSON.stringify({ items: kept, open }));
        return;
      } catch {
        kept = kept.slice(Math.ceil(kept.length / 4)); // over quota: drop the oldest quarter
      }
    }
  }

  /** Whether socket.io could not connect earlier in this tab. */
  get socketFailed() {
    try {
      return this.session?.getItem(`peerline-rest:${this.key}`) === "1";
    } catch {
      return false;
    }
  }

  rememberSocketFailed() {
    try {
      this.session?.setItem(`peerline-rest:${this.key}`, "1");
    } catch {
      // then the next page load waits for the socket again
    }
  }

  setRole(role) {
    this.role = role;
    this.saveSession();
  }

  /** Forget this conversation and start a new one under a new session id. */
  reset() {
    try {
      this.session?.removeItem(this.logKey);
    } catch {
      // nothing to forget
    }
    this.sessionId = newId();
    this.role = null;
    this.saveSession();
  }
}
