// The conversation. The SDK's chat store (`createAgentChat`) owns its state:
// the messages and their parts, the status, the pending input request, the
// run and its abort, the session's history (`load()`). This file renders the
// store's snapshots, re-rendering only what changed (a snapshot keeps the
// identity of every message and part that did not), and wires the composer,
// Stop, Retry and the input forms to `send`, `stop`, `retry` and `respond`.

import {
  createAgentChat,
  type AgentChat,
  type AgentChatClient,
  type AgentChatMessage,
  type AgentChatState,
  type ChatPart,
  type ChatStatus,
  type TavoraClient,
} from 'tavora-wasm';
import { byId, h, nearBottom, stickToBottom } from './dom';
import { describeError } from './errors';
import { groupParts, renderParts, type PartContext } from './parts';
import type { Trace } from './trace';

export interface SessionRef {
  id: string;
  title: string;
}

export interface ChatDeps {
  client: () => TavoraClient;
  trace: Trace;
  /** Creates the session a new chat's first message goes to (titled after it). */
  createSession: (firstMessage: string) => Promise<SessionRef>;
  /** After each run: the session's counters and status changed. */
  onRunFinished: () => void;
}

export interface Chat {
  /** Opens a session (reading its history; `fresh`: just created, so empty), or a new chat. */
  open: (session: SessionRef | null, fresh?: boolean) => void;
  /** Aborts the run in progress, if any. */
  stop: () => void;
}

const ACTIVE: ReadonlySet<ChatStatus> = new Set(['submitted', 'streaming', 'awaiting_input']);
const STATUS_TEXT: Partial<Record<ChatStatus, string>> = {
  submitted: 'Starting…',
  streaming: 'The agent is working…',
  awaiting_input: 'Waiting for your answer…',
};
const STOPPED = 'Stopped. The run was cancelled; the steps above are what arrived before.';

/** The signed-in client, with every raw event and history step copied to the trace. */
function tracedClient(client: () => TavoraClient, trace: Trace): AgentChatClient {
  // Never throw into the store: an exception in onEvent would cancel the run.
  const safely = (f: () => void) => {
    try {
      f();
    } catch (e) {
      console.error('could not trace', e);
    }
  };
  return {
    createAgentSession: (input) => client().createAgentSession(input),
    respondToAgentInput: (id, requestId, value) => client().respondToAgentInput(id, requestId, value),
    async getAgentSession(id) {
      const detail = await client().getAgentSession(id);
      safely(() => {
        trace.note(`Session ${id}: ${detail.steps.length} recorded steps`);
        for (const s of detail.steps) trace.add(`(history) ${s.step_type}`, s);
      });
      return detail;
    },
    runAgent(id, message, onEvent, options) {
      safely(() => trace.note(`Run on ${id}: ${message.length > 80 ? `${message.slice(0, 80)}…` : message}`));
      const t0 = performance.now();
      const tee: typeof onEvent = (name, payload) => {
        safely(() => trace.add(name, payload, t0));
        onEvent(name, payload);
      };
      return client().runAgent(id, message, tee, options);
    },
  };
}

/** One user message and the agent's answer, as rendered. */
interface TurnView {
  /** The message the turn was built for (identity: a new one means a new turn). */
  key: AgentChatMessage;
  agent: AgentChatMessage | undefined;
  el: HTMLElement;
  body: HTMLElement;
  /** The rendered part groups, in order. */
  groups: { parts: ChatPart[]; el: HTMLElement }[];
  footerKey: string;
  footer: HTMLElement | null;
}

function turnView(user: AgentChatMessage | undefined, key: AgentChatMessage): TurnView {
  const first = user?.parts[0];
  const body = h('div', { class: 'turn-body' });
  const el = h(
    'article',
    { class: 'turn' },
    user ? h('div', { class: 'msg msg-user' }, h('span', { class: 'visually-hidden' }, 'You: '), first?.type === 'text' ? first.text : '') : null,
    h('div', { class: 'msg msg-agent' }, h('span', { class: 'visually-hidden' }, 'Agent: '), body),
  );
  return { key, agent: undefined, el, body, groups: [], footerKey: '', footer: null };
}

const sameParts = (a: readonly ChatPart[], b: readonly ChatPart[]) => a.length === b.length && a.every((p, i) => p === b[i]);

export function setUpChat(deps: ChatDeps): Chat {
  const messagesEl = byId('messages');
  const title = byId('chat-title');
  const form = byId<HTMLFormElement>('composer');
  const input = byId<HTMLTextAreaElement>('composer-input');
  const sendBtn = byId<HTMLButtonElement>('send');
  const stopBtn = byId<HTMLButtonElement>('stop');
  const runStatus = byId('run-status');
  const client = tracedClient(deps.client, deps.trace);

  let store!: AgentChat;
  let current: SessionRef | null = null;
  /** The snapshot on the page, and its status. */
  let shown: AgentChatState | null = null;
  let shownStatus: ChatStatus = 'ready';
  let views: TurnView[] = [];
  let noticeKey = '';
  /** The text being sent: a new chat's first message names its session. */
  let sending = '';
  /** When the live run started, for the summary's duration. */
  let runStart: number | null = null;

  const welcome = () =>
    h(
      'div',
      { class: 'welcome' },
      h('h3', {}, 'Chat with the agent'),
      h('p', {}, 'Send a message to start a session, or pick one on the left. The dev server runs a scripted agent; these words change what it does:'),
      h(
        'ul',
        {},
        h('li', {}, h('code', {}, 'confirm'), ', ', h('code', {}, 'choose'), ', ', h('code', {}, 'your name'), ': the agent asks you something'),
        h('li', {}, h('code', {}, 'fail'), ': the run ends with an error'),
        h('li', {}, h('code', {}, 'surprise'), ': events this demo does not know'),
        h('li', {}, h('code', {}, 'big:200000'), ': a large output'),
      ),
    );

  /** What an empty chat shows: [key, element]. */
  const notice = (s: AgentChatState): [string, HTMLElement] => {
    if (s.status === 'error' && s.error) {
      return ['error', h('p', { class: 'error', role: 'alert' }, describeError(s.error, current ? 'Opening the session' : 'The chat').message)];
    }
    if (!current) return ['welcome', welcome()];
    if (s.status === 'loading') return ['loading', h('p', { class: 'muted', role: 'status' }, `Loading “${current.title || 'session'}”…`)];
    return ['empty', h('p', { class: 'muted empty' }, 'No messages yet. Say something below.')];
  };

  const retry = () => {
    runStart = performance.now();
    store.retry().catch((e) => (runStatus.textContent = describeError(e, 'Retrying').message));
  };

  /** Brings a turn's parts and footer up to date with its assistant message. */
  function updateTurn(view: TurnView, agent: AgentChatMessage | undefined, live: boolean, last: boolean, s: AgentChatState) {
    if (view.agent !== agent) {
      const liveError = s.status === 'error' && s.error ? (s.error as Error & { code?: string }) : null;
      const ctx: PartContext = {
        respond: (value) => store.respond(value),
        describe: (p) =>
          liveError && last && liveError.code === p.code ? describeError(liveError, 'The run') : describeError({ code: p.code, message: p.message }, 'The run'),
        elapsed: () => {
          const ms = runStart === null ? undefined : performance.now() - runStart;
          runStart = null;
          return ms;
        },
      };
      const groups = groupParts(agent?.parts ?? []);
      groups.forEach((parts, i) => {
        const old = view.groups[i];
        if (old && sameParts(old.parts, parts)) return;
        const el = renderParts(parts, ctx);
        if (old) old.el.replaceWith(el);
        else view.body.insertBefore(el, view.footer);
        view.groups[i] = { parts, el };
      });
      for (const old of view.groups.splice(groups.length)) old.el.remove();
      view.agent = agent;
    }
    // A turn that ended without a summary or an error was stopped (live or in history).
    const parts = agent?.parts ?? [];
    const finished = parts.some((p) => p.type === 'summary' || (p.type === 'error' && p.code !== 'parse_error'));
    const stopped = !live && !finished;
    const retryable = last && !live && s.status !== 'loading' && (stopped || parts.some((p) => p.type === 'error' && p.code !== 'parse_error'));
    const key = `${stopped ? 'stopped' : ''} ${retryable ? 'retry' : ''}`;
    if (key === view.footerKey) return;
    view.footerKey = key;
    const footer =
      stopped || retryable
        ? h(
            'div',
            { class: 'turn-footer' },
            stopped ? h('div', { class: 'run-info', role: 'status' }, STOPPED) : null,
            retryable ? h('button', { type: 'button', class: 'retry', onclick: retry }, 'Retry') : null,
          )
        : null;
    if (view.footer && footer) view.footer.replaceWith(footer);
    else if (view.footer) view.footer.remove();
    else if (footer) view.body.append(footer);
    view.footer = footer;
  }

  function render() {
    const s = store.getSnapshot();
    if (s === shown) return;
    const before = shownStatus;
    shown = s;
    shownStatus = s.status;
    const active = ACTIVE.has(s.status);
    const stick = nearBottom(messagesEl);
    let jump = before === 'loading' && s.status !== 'loading';

    sendBtn.disabled = active || s.status === 'loading';
    stopBtn.hidden = !active;
    runStatus.textContent = STATUS_TEXT[s.status] ?? '';
    runStatus.classList.toggle('spinning', active);
    messagesEl.setAttribute('aria-busy', String(active));

    if (!s.messages.length) {
      views = [];
      const [key, el] = notice(s);
      if (key !== noticeKey) messagesEl.replaceChildren(el);
      noticeKey = key;
    } else {
      if (noticeKey) messagesEl.replaceChildren();
      noticeKey = '';
      // Pair each user message with the assistant message that answers it.
      const turns: { user?: AgentChatMessage; agent?: AgentChatMessage }[] = [];
      for (const m of s.messages) {
        const t = turns[turns.length - 1];
        if (m.role === 'assistant' && t && !t.agent) t.agent = m;
        else turns.push(m.role === 'user' ? { user: m } : { agent: m });
      }
      turns.forEach((t, i) => {
        const key = (t.user ?? t.agent) as AgentChatMessage;
        let view = views[i];
        if (!view || view.key !== key) {
          const fresh = turnView(t.user, key);
          if (view) view.el.replaceWith(fresh.el);
          else messagesEl.append(fresh.el);
          if (i === turns.length - 1) jump = true;
          view = views[i] = fresh;
        }
        const last = i === turns.length - 1;
        updateTurn(view, t.agent, last && active, last, s);
      });
      for (const old of views.splice(turns.length)) old.el.remove();
    }

    if (jump) messagesEl.scrollTop = messagesEl.scrollHeight;
    else stickToBottom(messagesEl, stick);
    if (ACTIVE.has(before) && !active) {
      runStart = null;
      deps.onRunFinished();
    }
  }

  const open: Chat['open'] = (session, fresh = false) => {
    if (store) {
      const wasActive = ACTIVE.has(store.getSnapshot().status);
      store.dispose();
      if (wasActive) deps.onRunFinished();
    }
    current = session;
    title.textContent = session ? session.title || 'Untitled session' : 'New chat';
    messagesEl.replaceChildren();
    views = [];
    noticeKey = '';
    shown = null;
    runStart = null;
    const history = session !== null && !fresh;
    shownStatus = history ? 'loading' : 'ready';
    const mine: AgentChat = createAgentChat(
      client,
      history
        ? { sessionId: session.id }
        : {
            // A known session (just created), or one made for the first message.
            createSession: session
              ? () => session.id
              : async () => {
                  const ref = await deps.createSession(sending);
                  if (store === mine) {
                    current = ref;
                    title.textContent = ref.title || 'Untitled session';
                  }
                  return ref.id;
                },
          },
    );
    store = mine;
    mine.subscribe(() => {
      if (store === mine) render();
    });
    render();
    if (history) void mine.load();
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    const { status } = store.getSnapshot();
    if (!text || ACTIVE.has(status) || status === 'loading') return;
    input.value = '';
    sending = text;
    runStart = performance.now();
    store.send(text).catch((e) => {
      if (!input.value) input.value = text;
      runStatus.textContent = describeError(e, 'Sending').message;
    });
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  stopBtn.addEventListener('click', () => store.stop());

  open(null);
  return { open, stop: () => store.stop() };
}
