// The chat toolkit's framework-free core: agent events → one chat model
// (the same for a live run and for history loaded with getAgentSession),
// and `createAgentChat`, a store over a TavoraClient. Pure JS: no wasm, no
// DOM beyond an optional requestAnimationFrame, so it runs under node too.
// The package ships it as a module of its own (`tavora-wasm/chat`), which
// the core entry's createAgentChat loads on first use (chat-shell.js).
// The reducer's cases live in tests/data/chat-cases.json.

import { EventType, isKnownEvent, isTerminalEvent, asInputRequest, initialChatState } from './agent-events.js';

export { EventType, isKnownEvent, isTerminalEvent };

const isObj = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v) => (typeof v === 'string' ? v : '');
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const outputOf = (e) =>
  typeof e.content === 'string' ? e.content : e.result === undefined ? '' : JSON.stringify(e.result);
const failed = (e) => e.is_error === true || typeof e.error === 'string';

// ---------------------------------------------------------------- the reducer

/** A user turn: its message and the (empty) assistant message that answers it. */
function userTurn(messages, text, turn) {
  const base = `turn-${turn}`;
  return [
    ...messages,
    { id: `${base}-user`, role: 'user', parts: [{ type: 'text', text }] },
    { id: `${base}-assistant`, role: 'assistant', parts: [] },
  ];
}

/** `messages` with the last (assistant) message's parts replaced by `edit(parts)`. */
function editLast(messages, edit) {
  const i = messages.length - 1;
  const last = messages[i];
  if (!last || last.role !== 'assistant') return messages;
  const parts = edit(last.parts);
  if (parts === last.parts) return messages;
  const out = messages.slice();
  out[i] = { ...last, parts };
  return out;
}

const replace = (parts, i, part) => {
  const out = parts.slice();
  out[i] = part;
  return out;
};

/** The running part `pick` chooses (oldest first), or -1. */
function findRunning(parts, type, pick = () => true) {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.type === type && p.state === 'running' && pick(p)) return i;
  }
  return -1;
}

function lastRunning(parts, type) {
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i].type === type && parts[i].state === 'running') return i;
  }
  return -1;
}

/** The part an agent event adds or completes, applied to the assistant message's parts. */
function applyEvent(parts, msgId, name, e) {
  const id = `${msgId}-${parts.length}`;
  if (name === 'parse_error' && isObj(e) && typeof e.raw === 'string' && e.type === undefined) {
    return [...parts, { type: 'error', code: 'parse_error', message: `an event could not be read: ${str(e.error)}` }];
  }
  if (!isObj(e)) return parts;
  const args = isObj(e.args) ? e.args : {};
  switch (e.type) {
    case 'response':
      return [...parts, { type: 'text', text: str(e.content) }];
    case 'think':
    case 'thinking':
      return [...parts, { type: 'reasoning', text: str(e.content) }];
    case 'sandbox_event':
      return [...parts, { type: 'activity', kind: str(args.kind), summary: str(args.summary) || str(e.content) }];
    case 'data_update':
      return [...parts, { type: 'activity', kind: 'data_update', summary: Object.keys(args).join(', ') }];
    case 'execute_js':
      return [...parts, { type: 'code', id, code: str(e.content), state: 'running' }];
    case 'execute_js_result': {
      const i = lastRunning(parts, 'code');
      const state = failed(e) ? 'failed' : 'done';
      if (i < 0) return [...parts, { type: 'code', id, code: '', state, output: outputOf(e) }];
      return replace(parts, i, { ...parts[i], state, output: outputOf(e) });
    }
    case 'tool_call':
      return [...parts, { type: 'tool', id, tool: str(e.tool), args, state: 'running' }];
    case 'tool_result': {
      const tool = str(e.tool);
      let i = findRunning(parts, 'tool', (p) => p.tool === tool);
      if (i < 0 && !tool) i = findRunning(parts, 'tool');
      const state = failed(e) ? 'failed' : 'done';
      if (i < 0) return [...parts, { type: 'tool', id, tool, args: {}, state, output: outputOf(e) }];
      return replace(parts, i, { ...parts[i], state, output: outputOf(e) });
    }
    case 'input_request': {
      const { event, ...request } = asInputRequest(e);
      return [...parts, { type: 'input', ...request, state: 'pending' }];
    }
    case 'error':
      return settle([...parts, { type: 'error', code: 'agent_error', message: str(e.content) || 'the agent reported an error' }]);
    case 'done': {
      const s = isObj(e.summary) ? e.summary : {};
      const t = isObj(s.tokens) ? s.tokens : {};
      return settle([...parts, { type: 'summary', steps: num(s.steps), tokens: { prompt: num(t.prompt), completion: num(t.completion) } }]);
    }
    case 'replay_started':
      return parts;
    default: {
      const part = { type: 'event', kind: str(e.type) };
      if (typeof e.content === 'string') part.content = e.content;
      if (isObj(e.args)) part.args = e.args;
      return [...parts, part];
    }
  }
}

/** The end of a run: what still runs failed, a pending input was abandoned. */
function settle(parts) {
  let out = parts;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const next = p.state === 'running' ? { ...p, state: 'failed' } : p.state === 'pending' ? { ...p, state: 'abandoned' } : p;
    if (next !== p) {
      if (out === parts) out = parts.slice();
      out[i] = next;
    }
  }
  return out;
}

function answer(parts, requestId, value) {
  const i = parts.findIndex((p) => p.type === 'input' && p.requestId === requestId && p.state === 'pending');
  return i < 0 ? parts : replace(parts, i, { ...parts[i], state: 'answered', value });
}

/** An answer the server refused: the request is pending again. */
function reopen(parts, requestId) {
  const i = parts.findIndex((p) => p.type === 'input' && p.requestId === requestId && p.state === 'answered');
  if (i < 0) return parts;
  const { value, ...pending } = parts[i];
  return replace(parts, i, { ...pending, state: 'pending' });
}

/**
 * The chat model after one action (never mutated: unchanged messages and
 * parts keep their identity). Actions: `{ type: 'user', text }`,
 * `{ type: 'event', name, payload }`, `{ type: 'answer', requestId, value }`,
 * `{ type: 'end', error? }` (the run ended without a terminal event:
 * stopped, interrupted or failed; `error` adds an error part).
 */
export function reduceChat(messages, action) {
  switch (action.type) {
    case 'user':
      return userTurn(messages, action.text, messages.filter((m) => m.role === 'user').length);
    case 'event': {
      const last = messages[messages.length - 1];
      return editLast(messages, (parts) => applyEvent(parts, last.id, action.name, action.payload));
    }
    case 'answer':
      return editLast(messages, (parts) => answer(parts, action.requestId, action.value));
    case 'reopen':
      return editLast(messages, (parts) => reopen(parts, action.requestId));
    case 'end':
      return editLast(messages, (parts) => {
        const ended = settle(parts);
        if (!action.error) return ended;
        return [...ended, { type: 'error', code: str(action.error.code) || 'error', message: str(action.error.message) }];
      });
    default:
      return messages;
  }
}

/** The event a recorded step stood for (history keeps content, tool, args, tokens). */
function eventOfStep(step) {
  const e = { type: step.step_type };
  if (step.step_type === 'done') {
    try {
      e.summary = JSON.parse(step.content);
    } catch {
      e.summary = {};
    }
    return e;
  }
  if (step.content !== '' && step.content !== undefined) e.content = step.content;
  if (step.tool_name) e.tool = step.tool_name;
  if (isObj(step.tool_args)) e.args = step.tool_args;
  return e;
}

/**
 * The chat model of a session's history (`getAgentSession`'s answer): the
 * same messages the live runs produced. Steps: `user_message` opens a turn,
 * `input_response` (`args.request_id`, `args.value`) answers an input request,
 * every other step is its event; a turn that ends without `done`/`error` was
 * stopped or interrupted.
 */
export function chatFromHistory(detail) {
  const steps = (detail && Array.isArray(detail.steps) ? detail.steps : [])
    .slice()
    .sort((a, b) => num(a.step_index) - num(b.step_index));
  let messages = [];
  let open = false;
  for (const step of steps) {
    if (step.step_type === 'user_message') {
      if (open) messages = reduceChat(messages, { type: 'end' });
      messages = reduceChat(messages, { type: 'user', text: str(step.content) });
      open = true;
    } else if (!open) {
      continue;
    } else if (step.step_type === 'input_response') {
      const a = isObj(step.tool_args) ? step.tool_args : {};
      messages = reduceChat(messages, { type: 'answer', requestId: str(a.request_id), value: a.value === undefined ? null : a.value });
    } else {
      const name = step.step_type === 'done' || step.step_type === 'error' || step.step_type === 'input_request' ? step.step_type : 'step';
      messages = reduceChat(messages, { type: 'event', name, payload: eventOfStep(step) });
      if (name === 'done' || name === 'error') open = false;
    }
  }
  if (open) messages = reduceChat(messages, { type: 'end' });
  return messages;
}

// ---------------------------------------------------------------- the store

const ACTIVE = new Set(['submitted', 'streaming', 'awaiting_input']);

/**
 * A chat over one agent session. Nothing happens on the network until
 * `load()` (history of `sessionId`) or the first `send()` (which creates the
 * session when there is none), so building a store twice (React StrictMode)
 * costs nothing. See chat.d.ts.
 */
export function createAgentChat(client, options = {}, ErrorClass = Error) {
  const chatError = (message, code, kind = 'invalid_input', cause) => {
    const e = new ErrorClass(message, { code, kind, cause });
    if (!(e instanceof ErrorClass) || e.code !== code) Object.assign(e, { code, kind });
    return e;
  };
  const perFrame = options.coalesce !== false;
  let state = initialChatState(options);
  let published = state;
  const listeners = new Set();
  let scheduled = null;
  let controller = null;
  let creating = null;
  let disposed = false;
  let run = 0;

  const flush = () => {
    scheduled = null;
    if (published === state) return;
    published = state;
    for (const l of [...listeners]) l();
  };
  const schedule = (now) => {
    if (now || !perFrame) {
      if (scheduled !== null) cancel(scheduled);
      flush();
      return;
    }
    if (scheduled === null) scheduled = frame(flush);
  };
  const set = (patch, now = false) => {
    if (disposed) return;
    state = { ...state, ...patch };
    schedule(now);
  };
  const apply = (action, patch = {}, now = false) =>
    set({ ...patch, messages: reduceChat(state.messages, action) }, now);

  async function sessionId(firstMessage) {
    if (state.sessionId) return state.sessionId;
    if (!creating) {
      const make = typeof options.createSession === 'function'
        ? () => options.createSession(client, firstMessage)
        : () => client.createAgentSession(options.createSession || {});
      creating = Promise.resolve().then(make).then(
        (s) => {
          const id = typeof s === 'string' ? s : s && s.id;
          if (typeof id !== 'string' || !id) throw chatError('createSession gave no session id', 'invalid_input');
          set({ sessionId: id });
          return id;
        },
        (e) => {
          creating = null;
          throw e;
        },
      );
    }
    return creating;
  }

  async function start(text) {
    const mine = ++run;
    const ctl = new AbortController();
    controller = ctl;
    apply({ type: 'user', text }, { status: 'submitted', error: null, pendingInput: null }, true);
    let terminal = false;
    try {
      const sid = await sessionId(text);
      if (ctl.signal.aborted) throw chatError('the run was stopped', 'aborted', 'aborted');
      await client.runAgent(sid, text, (name, payload) => {
        if (mine !== run) return;
        if (isTerminalEvent(name, payload)) terminal = true;
        const t = payload && typeof payload === 'object' ? payload.type : undefined;
        const before = state.messages;
        const messages = reduceChat(before, { type: 'event', name, payload });
        if (name === 'input_request' || t === 'input_request') {
          const parts = messages[messages.length - 1].parts;
          const p = parts[parts.length - 1];
          set({ messages, status: 'awaiting_input', pendingInput: p && p.type === 'input' ? p : null }, true);
        } else {
          set({ messages, status: state.status === 'awaiting_input' ? 'awaiting_input' : 'streaming' }, state.status === 'submitted');
        }
      }, { signal: ctl.signal });
      if (mine === run) set({ status: 'ready', pendingInput: null }, true);
    } catch (e) {
      if (mine !== run) return;
      const aborted = ctl.signal.aborted || (e && e.kind === 'aborted');
      const err = aborted ? null : e;
      // An `error` event already has its part; the rejection that follows adds none.
      apply({ type: 'end', error: terminal || aborted ? undefined : err }, { status: err ? 'error' : 'ready', error: err, pendingInput: null }, true);
    } finally {
      if (controller === ctl) controller = null;
    }
  }

  let loading = null;
  async function readHistory() {
    if (!state.sessionId || ACTIVE.has(state.status)) {
      if (state.status === 'loading') set({ status: 'ready' }, true);
      return;
    }
    set({ status: 'loading', error: null }, true);
    try {
      const detail = await client.getAgentSession(state.sessionId);
      if (ACTIVE.has(state.status)) return;
      set({ messages: chatFromHistory(detail), status: 'ready' }, true);
    } catch (e) {
      set({ status: 'error', error: e }, true);
    }
  }

  const store = {
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send(text) {
      if (disposed) return Promise.reject(chatError('this chat was disposed', 'chat_disposed'));
      if (typeof text !== 'string' || !text.trim()) return Promise.reject(chatError('a message needs some text', 'invalid_input'));
      if (ACTIVE.has(state.status)) {
        return Promise.reject(chatError(`a run is active (status "${state.status}"): stop() it or wait for it to end`, 'run_active'));
      }
      if (state.status === 'loading') return Promise.reject(chatError('the chat is still loading its history', 'chat_loading'));
      return start(text);
    },
    stop() {
      if (controller) {
        run++;
        const ctl = controller;
        controller = null;
        ctl.abort();
        apply({ type: 'end' }, { status: 'ready', pendingInput: null }, true);
      }
    },
    async respond(value) {
      const p = state.pendingInput;
      if (!p || state.status !== 'awaiting_input') throw chatError('no input request is pending', 'no_pending_input');
      // Shown answered at once (the run goes on in the same stream, and may
      // end before the answer's own response arrives); put back if refused.
      apply({ type: 'answer', requestId: p.requestId, value }, { status: 'streaming', pendingInput: null }, true);
      const answered = state.messages;
      try {
        await client.respondToAgentInput(state.sessionId, p.requestId, value);
      } catch (e) {
        if (state.messages === answered) {
          set({ messages: reduceChat(answered, { type: 'reopen', requestId: p.requestId }), status: 'awaiting_input', pendingInput: p }, true);
        }
        throw e;
      }
    },
    retry() {
      if (ACTIVE.has(state.status) || state.status === 'loading') {
        return Promise.reject(chatError(`a run is active (status "${state.status}")`, 'run_active'));
      }
      const users = state.messages.filter((m) => m.role === 'user');
      const last = users[users.length - 1];
      if (!last) return Promise.reject(chatError('there is no message to retry', 'invalid_input'));
      const at = state.messages.indexOf(last);
      const text = last.parts[0] && last.parts[0].type === 'text' ? last.parts[0].text : '';
      set({ messages: state.messages.slice(0, at), status: 'ready', error: null });
      return start(text);
    },
    load() {
      // One read at a time (a StrictMode double mount asks twice).
      if (!loading) loading = readHistory().finally(() => { loading = null; });
      return loading;
    },
    dispose() {
      if (controller) controller.abort();
      controller = null;
      run++;
      if (scheduled !== null) cancel(scheduled);
      scheduled = null;
      disposed = true;
      listeners.clear();
    },
  };
  return store;
}

const raf = typeof requestAnimationFrame === 'function';
const frame = (f) => (raf ? requestAnimationFrame(f) : setTimeout(f, 16));
const cancel = (h) => (raf ? cancelAnimationFrame(h) : clearTimeout(h));
