// The agent event kinds, in the core entry (the chat store's module,
// chat.js, is loaded only when a chat is created, and imports these).

/** The agent event kinds this version knows (src/events.rs has the same list). */
export const EventType = Object.freeze({
  SandboxEvent: 'sandbox_event',
  ExecuteJs: 'execute_js',
  ExecuteJsResult: 'execute_js_result',
  ToolCall: 'tool_call',
  ToolResult: 'tool_result',
  Response: 'response',
  InputRequest: 'input_request',
  Error: 'error',
  Done: 'done',
  DataUpdate: 'data_update',
  Think: 'think',
  Thinking: 'thinking',
  ReplayStarted: 'replay_started',
});

const KNOWN = new Set(Object.values(EventType));

/** Whether an agent event ends a run (by name or payload type). */
export function isTerminalEvent(name, payload) {
  const t = payload && typeof payload === 'object' ? payload.type : undefined;
  return name === 'done' || name === 'error' || t === 'done' || t === 'error';
}

/** Whether `payload.type` is a kind this version knows. */
export function isKnownEvent(payload) {
  return !!payload && typeof payload === 'object' && KNOWN.has(payload.type);
}

const text = (v) => (typeof v === 'string' ? v : '');

/**
 * An `input_request` payload normalised: `{ requestId, inputType, message
 * (falling back to the event's content), options (strings), placeholder,
 * event }`; `null` for any other payload. Never null for an input request,
 * whatever its args lack.
 */
export function asInputRequest(payload) {
  if (!payload || typeof payload !== 'object' || payload.type !== 'input_request') return null;
  const args = payload.args && typeof payload.args === 'object' ? payload.args : {};
  return {
    requestId: text(args.request_id),
    inputType: text(args.input_type),
    message: text(args.message) || text(payload.content),
    options: Array.isArray(args.options) ? args.options.filter((o) => typeof o === 'string') : [],
    placeholder: text(args.placeholder),
    event: payload,
  };
}

/** A chat store's state before anything happened (chat.js and its stand-in, chat-shell.js). */
export function initialChatState(options) {
  return {
    messages: [],
    status: options.sessionId ? 'loading' : 'ready',
    error: null,
    pendingInput: null,
    sessionId: options.sessionId || null,
  };
}
