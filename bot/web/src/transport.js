// Talking to Rasa: its socket.io channel first, its REST webhook when the socket can't
// connect (blocked websockets and polling, a proxy, the channel switched off).

import { io } from "socket.io-client";

const CONNECT_TIMEOUT_MS = 4000;
const REST_TIMEOUT_MS = 20000;

export class Connection {
  /**
   * @param {{server: string, transport: string, onMessage: (m: unknown) => void,
   *          onState: (state: string) => void}} options
   */
  constructor({ server, transport, onMessage, onState }) {
    this.server = server;
    this.transport = transport;
    this.onMessage = onMessage;
    this.onState = onState;
    this.state = "idle";
    this.socket = null;
    this.sessionId = null;
    this.ready = null;
    this.settle = null;
  }

  setState(state) {
    this.state = state;
    this.onState(state);
    if (state !== "connecting" && this.settle) {
      this.settle();
      this.settle = null;
    }
  }

  /** Connect for `sessionId`; messages sent meanwhile wait until the transport is known. */
  start(sessionId) {
    this.sessionId = sessionId;
    if (this.state !== "idle") return;
    this.ready = new Promise((resolve) => (this.settle = resolve));
    if (this.transport === "rest" || typeof WebSocket === "undefined") {
      this.setState("rest");
      return;
    }
    this.setState("connecting");
    const timer = setTimeout(() => this.fallBack(), CONNECT_TIMEOUT_MS);
    const socket = io(this.server, {
      path: "/socket.io",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    this.socket = socket;
    // Re-sent after every reconnect: with session_persistence Rasa puts the socket in
    // the session's room, which a new socket id is not in yet.
    socket.on("connect", () => socket.emit("session_request", { session_id: this.sessionId }));
    socket.on("session_confirm", () => {
      clearTimeout(timer);
      if (this.state === "connecting") this.setState("socketio");
    });
    socket.on("connect_error", () => {
      if (this.state === "connecting") {
        clearTimeout(timer);
        this.fallBack();
      }
    });
    socket.on("bot_uttered", (message) => this.onMessage(message));
  }

  fallBack() {
    if (this.state !== "connecting") return;
    this.socket?.close();
    this.socket = null;
    this.setState("rest");
  }

  /** A new conversation: a new session id from now on (the socket re-joins its room). */
  restart(sessionId) {
    this.sessionId = sessionId;
    if (this.socket?.connected) this.socket.emit("session_request", { session_id: sessionId });
  }

  /** Send one user message; REST replies are handed to onMessage before this resolves. */
  async send(text) {
    await this.ready;
    if (this.state === "socketio" && this.socket?.connected) {
      this.socket.emit("user_uttered", { message: text, session_id: this.sessionId });
      return "socketio";
    }
    await this.rest(text);
    return "rest";
  }

  async rest(text) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REST_TIMEOUT_MS);
    try {
      const response = await fetch(`${this.server}/webhooks/rest/webhook`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: this.sessionId, message: text }),
        signal: controller.signal,
        credentials: "omit",
      });
      if (!response.ok) throw new Error(`Rasa answered ${response.status}`);
      const replies = await response.json();
      if (!Array.isArray(replies)) throw new Error("Rasa's reply is not a list");
      for (const reply of replies) this.onMessage(reply);
    } finally {
      clearTimeout(timer);
    }
  }
}
