// `tavora-wasm/ai-sdk`: TavoraChatTransport, the AI SDK's ChatTransport
// (`ai` 7.x) over the chat store (chat.js), so `useChat` drives a Tavora
// session. The store does the session, the run, input answers and aborts;
// this file only turns the store's message parts into UI message chunks as
// they change. `ai` is an optional peer dependency: nothing is imported
// from it at runtime.

const CHAT_FACTORY = Symbol.for('tavora-wasm.createAgentChat');

const toolName = (p) => (p.type === 'code' ? 'execute_js' : p.tool);
const toolInput = (p) => (p.type === 'code' ? { code: p.code } : p.args);
const dataType = { activity: 'data-tavora-activity', input: 'data-tavora-input', summary: 'data-tavora-summary', event: 'data-tavora-event', error: 'data-tavora-error' };
const dataId = (msgId, p, i) => (p.type === 'input' ? p.requestId : `${msgId}-${i}`);

/** The chunks that take a part from `before` (undefined: not there yet) to `part`. */
function chunksFor(msgId, i, before, part) {
  const id = `${msgId}-${i}`;
  switch (part.type) {
    case 'text':
    case 'reasoning': {
      if (before) return [];
      const t = part.type;
      return [{ type: `${t}-start`, id }, { type: `${t}-delta`, id, delta: part.text }, { type: `${t}-end`, id }];
    }
    case 'tool':
    case 'code': {
      const out = [];
      if (!before) out.push({ type: 'tool-input-available', toolCallId: part.id, toolName: toolName(part), input: toolInput(part), dynamic: true });
      if ((!before || before.state === 'running') && part.state === 'done') {
        out.push({ type: 'tool-output-available', toolCallId: part.id, output: part.output ?? '', dynamic: true });
      } else if ((!before || before.state === 'running') && part.state === 'failed') {
        out.push({ type: 'tool-output-error', toolCallId: part.id, errorText: part.output || 'the run ended before the result', dynamic: true });
      }
      return out;
    }
    case 'error':
      if (before) return [];
      // The part is kept (history shows it too); the agent's own error also
      // fails the turn in useChat, a frame that could not be read does not.
      return part.code === 'parse_error'
        ? [{ type: dataType.error, id, data: part }]
        : [{ type: dataType.error, id, data: part }, { type: 'error', errorText: part.message }];
    default:
      return before === part ? [] : [{ type: dataType[part.type] || dataType.event, id: dataId(msgId, part, i), data: part }];
  }
}

function textOf(message) {
  if (!message || !Array.isArray(message.parts)) return '';
  return message.parts.filter((p) => p && p.type === 'text').map((p) => p.text).join('\n');
}

/** The AI SDK's UI message parts of a chat message (for history). */
function uiParts(message) {
  return message.parts.map((p, i) => {
    switch (p.type) {
      case 'text':
        return { type: 'text', text: p.text, state: 'done' };
      case 'reasoning':
        return { type: 'reasoning', text: p.text, state: 'done' };
      case 'tool':
      case 'code': {
        const base = { type: 'dynamic-tool', toolCallId: p.id, toolName: toolName(p), input: toolInput(p) };
        if (p.state === 'done') return { ...base, state: 'output-available', output: p.output ?? '' };
        if (p.state === 'failed') return { ...base, state: 'output-error', errorText: p.output || 'the run ended before the result' };
        return { ...base, state: 'input-available' };
      }
      default:
        return { type: dataType[p.type] || dataType.event, id: dataId(message.id, p, i), data: p };
    }
  });
}

/**
 * useChat's transport for one Tavora agent session. Reply text arrives as
 * text parts, tool calls and code runs as `dynamic-tool` parts, input
 * requests as `data-tavora-input` parts (answer with `respond(value)`;
 * the part is updated to `answered`), sandbox activity, unknown events and
 * the run summary as `data-tavora-*` parts.
 */
export class TavoraChatTransport {
  constructor({ client, sessionId, createSession } = {}) {
    if (!client || typeof client[CHAT_FACTORY] !== 'function') {
      throw new TypeError('TavoraChatTransport: `client` must be a TavoraClient of tavora-wasm');
    }
    this.chat = client[CHAT_FACTORY]({ sessionId, createSession, coalesce: false });
    this.sessionId = sessionId ?? null;
  }

  /** The session's history as UI messages (for `useChat({ messages })`). */
  async loadMessages() {
    await this.chat.load();
    return this.chat.getSnapshot().messages.map((m) => ({ id: m.id, role: m.role, parts: uiParts(m) }));
  }

  /** The pending input request (a `data-tavora-input` part's data), or null. */
  get pendingInput() {
    return this.chat.getSnapshot().pendingInput;
  }

  /** Answers the pending input request; the run goes on in the same stream. */
  respond(value) {
    return this.chat.respond(value);
  }

  /** Aborts the run (useChat's `stop()` does this through its abort signal). */
  stop() {
    this.chat.stop();
  }

  async sendMessages({ messages, abortSignal }) {
    const users = messages.filter((m) => m.role === 'user');
    const text = textOf(users[users.length - 1]);
    const chat = this.chat;
    let stopWatching = () => {};
    const stream = new ReadableStream({
      start: (controller) => {
        const seen = chat.getSnapshot().messages.length;
        let prev = [];
        let msgId = null;
        const push = (c) => {
          try {
            controller.enqueue(c);
          } catch {
            // The reader has gone (useChat stopped reading).
          }
        };
        const watch = () => {
          const s = chat.getSnapshot();
          this.sessionId = s.sessionId;
          const last = s.messages[s.messages.length - 1];
          if (!last || s.messages.length <= seen || last.role !== 'assistant') return;
          if (msgId === null) {
            msgId = last.id;
            push({ type: 'start', messageId: last.id });
          }
          const parts = last.parts;
          for (let i = 0; i < parts.length; i++) {
            if (parts[i] !== prev[i]) for (const c of chunksFor(msgId, i, prev[i], parts[i])) push(c);
          }
          prev = parts;
        };
        stopWatching = chat.subscribe(watch);
        if (abortSignal) abortSignal.addEventListener('abort', () => chat.stop(), { once: true });
        chat.send(text).then(
          () => {
            watch();
            stopWatching();
            const s = chat.getSnapshot();
            if (s.status === 'error' && s.error && !prev.some((p) => p.type === 'error' && p.code === 'agent_error')) {
              push({ type: 'error', errorText: s.error.message });
            }
            const summary = prev.find((p) => p.type === 'summary');
            push(summary ? { type: 'finish', finishReason: 'stop', messageMetadata: { summary } } : { type: 'finish' });
            try { controller.close(); } catch { /* already cancelled */ }
          },
          (e) => {
            stopWatching();
            try { controller.error(e); } catch { /* already cancelled */ }
          },
        );
      },
      cancel: () => {
        stopWatching();
        chat.stop();
      },
    });
    return stream;
  }

  /** Tavora runs cannot be re-attached: always null. */
  async reconnectToStream() {
    return null;
  }
}
