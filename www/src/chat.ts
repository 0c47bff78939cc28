// The conversation: the composer, live runs (`runAgent` with an
// AbortController behind the Stop button), inline input requests answered
// through `respondToAgentInput`, and history rebuilt from a session's steps.

import type { TavoraClient } from 'tavora-wasm';
import { byId, h, nearBottom, showMessage, stickToBottom } from './dom';
import { describeError } from './errors';
import { renderEvent, renderSummary, type Payload, type RunSummary } from './events';
import type { Trace } from './trace';

export interface SessionRef {
  id: string;
  title: string;
}

/** One recorded step of `getAgentSession`. */
export interface Step {
  step_type: string;
  content?: string;
  tool_name?: string;
  tool_args?: unknown;
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface ChatDeps {
  client: () => TavoraClient;
  trace: Trace;
  /** The open session, creating one (titled after the message) if none is. */
  ensureSession: (firstMessage: string) => Promise<SessionRef>;
  /** After each run: the session's counters and status changed. */
  onRunFinished: (sessionId: string) => void;
}

export interface Chat {
  /** Shows a session (with its history) or the welcome screen. */
  show: (session: SessionRef | null, steps?: Step[]) => void;
  /** Shows a loading or error line instead of the conversation. */
  notice: (text: string, tone?: 'info' | 'error') => void;
  running: () => boolean;
  /** Aborts the run in progress, if any. */
  stop: () => void;
}

/** One user message and the agent's answer to it. */
class Turn {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private lastProgress: { el: HTMLElement; count: number; kind: string } | null = null;
  private inputs: HTMLFormElement[] = [];

  constructor(private scroller: HTMLElement, message: string) {
    this.body = h('div', { class: 'turn-body' });
    this.el = h(
      'article',
      { class: 'turn' },
      h('div', { class: 'msg msg-user' }, h('span', { class: 'visually-hidden' }, 'You: '), message),
      h('div', { class: 'msg msg-agent' }, h('span', { class: 'visually-hidden' }, 'Agent: '), this.body),
    );
  }

  private add(el: HTMLElement): void {
    const stick = nearBottom(this.scroller);
    this.body.append(el);
    stickToBottom(this.scroller, stick);
  }

  event(name: string, p: Payload): void {
    // Runs of progress events (`many:N`) collapse into one updating line.
    const kind = p.type === 'sandbox_event' ? (p.args?.kind ?? '') : '';
    if (kind === 'progress' && this.lastProgress?.kind === kind) {
      this.lastProgress.count++;
      const text = this.lastProgress.el.querySelector('.ev-text');
      if (text) text.textContent = `${p.args?.summary ?? p.content ?? ''} (${this.lastProgress.count} progress events)`;
      return;
    }
    const el = renderEvent(name, p);
    this.lastProgress = el && kind === 'progress' ? { el, count: 1, kind } : null;
    if (el) this.add(el);
  }

  input(el: HTMLFormElement): void {
    this.inputs.push(el);
    this.lastProgress = null;
    this.add(el);
  }

  /** The run ended: pending questions can no longer be answered. */
  closeInputs(): void {
    for (const f of this.inputs) {
      if (f.dataset.state === 'pending') {
        f.dataset.state = 'closed';
        for (const c of f.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) c.disabled = true;
      }
    }
  }

  finish(summary: RunSummary | undefined, elapsedMs?: number): void {
    this.closeInputs();
    this.add(renderSummary(summary, elapsedMs));
  }

  fail(message: string, tone: 'info' | 'error'): void {
    this.closeInputs();
    this.add(h('div', { class: `run-${tone}`, role: tone === 'error' ? 'alert' : 'status' }, message));
  }
}

/** The inline form for an `input_request`; `answer` sends the value. */
/** What an input request accepts: a boolean (confirm), an option (choice) or text. */
type Answer = boolean | string | number;

function inputForm(p: Payload, answer: (value: Answer) => Promise<void>): HTMLFormElement {
  const args = p.args ?? {};
  const kind = args.input_type ?? 'text';
  const question = String(args.message ?? p.content ?? 'The agent asks for input');
  const status = h('p', { class: 'input-status', role: 'status' });
  const errorEl = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'ev ev-input', 'data-type': 'input_request', 'data-input': kind, 'aria-label': `The agent asks: ${question}` });
  form.dataset.state = 'pending';

  const send = async (value: Answer, shown: string) => {
    if (form.dataset.state !== 'pending') return;
    form.dataset.state = 'sending';
    const controls = [...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')];
    controls.forEach((c) => (c.disabled = true));
    showMessage(errorEl, null);
    try {
      await answer(value);
      form.dataset.state = 'answered';
      status.textContent = `You answered: ${shown}`;
    } catch (e) {
      form.dataset.state = 'pending';
      controls.forEach((c) => (c.disabled = false));
      showMessage(errorEl, describeError(e, 'Sending the answer').message);
    }
  };

  const controls = h('div', { class: 'input-controls' });
  if (kind === 'confirm') {
    controls.append(
      h('button', { type: 'button', class: 'primary', onclick: () => send(true, 'Yes') }, 'Yes'),
      h('button', { type: 'button', onclick: () => send(false, 'No') }, 'No'),
    );
    form.addEventListener('submit', (ev) => ev.preventDefault());
  } else if (kind === 'choice') {
    const options = Array.isArray(args.options) ? args.options : [];
    for (const o of options) {
      const v: Answer = typeof o === 'boolean' || typeof o === 'number' ? o : String(o);
      controls.append(h('button', { type: 'button', onclick: () => send(v, String(o)) }, String(o)));
    }
    form.addEventListener('submit', (ev) => ev.preventDefault());
  } else {
    const id = `input-${Math.random().toString(36).slice(2)}`;
    const field = h('input', { id, type: 'text', placeholder: args.placeholder ?? '', autocomplete: 'off' });
    controls.append(
      h('label', { for: id, class: 'visually-hidden' }, question),
      field,
      h('button', { type: 'submit', class: 'primary' }, 'Send answer'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = field.value.trim();
      if (!v) return showMessage(errorEl, 'Type an answer first.');
      void send(v, v);
    });
    queueMicrotask(() => field.focus());
  }
  form.append(h('p', { class: 'input-question' }, h('strong', {}, 'The agent asks: '), question), controls, status, errorEl);
  return form;
}

/** A step recorded by the server, as the event the run sent. */
function stepPayload(s: Step): Payload {
  const p: Payload = { type: s.step_type, content: s.content ?? '' };
  if (s.tool_name) p.tool = s.tool_name;
  if (s.tool_args && typeof s.tool_args === 'object') p.args = s.tool_args as Payload['args'];
  if (s.prompt_tokens || s.completion_tokens) p.tokens = { prompt: s.prompt_tokens, completion: s.completion_tokens };
  return p;
}

export function setUpChat(deps: ChatDeps): Chat {
  const messages = byId('messages');
  const title = byId('chat-title');
  const form = byId<HTMLFormElement>('composer');
  const input = byId<HTMLTextAreaElement>('composer-input');
  const sendBtn = byId<HTMLButtonElement>('send');
  const stopBtn = byId<HTMLButtonElement>('stop');
  const runStatus = byId('run-status');
  let current: SessionRef | null = null;
  let controller: AbortController | null = null;

  const setRunning = (on: boolean, text = '') => {
    sendBtn.disabled = on;
    stopBtn.hidden = !on;
    runStatus.textContent = text;
    runStatus.classList.toggle('spinning', on && !!text);
    messages.setAttribute('aria-busy', String(on));
  };

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

  const show: Chat['show'] = (session, steps = []) => {
    if (controller) controller.abort();
    current = session;
    title.textContent = session ? session.title || 'Untitled session' : 'New chat';
    messages.replaceChildren();
    if (!session) {
      messages.append(welcome());
      return;
    }
    deps.trace.note(`Session ${session.id}: ${steps.length} recorded steps`);
    let turn: Turn | null = null;
    for (const s of steps) {
      const p = stepPayload(s);
      deps.trace.add(`(history) ${s.step_type}`, s);
      if (s.step_type === 'user_message') {
        turn = new Turn(messages, s.content ?? '');
        messages.append(turn.el);
        continue;
      }
      if (!turn) {
        turn = new Turn(messages, '');
        messages.append(turn.el);
      }
      if (s.step_type === 'done') {
        let summary: RunSummary | undefined;
        try {
          summary = JSON.parse(s.content ?? '') as RunSummary;
        } catch {
          summary = undefined;
        }
        turn.finish(summary);
      } else if (s.step_type === 'error') {
        turn.fail(`The agent stopped with an error: ${s.content ?? ''}`, 'error');
      } else if (s.step_type === 'input_request') {
        turn.event('input_request', p);
        const q = String(p.args?.message ?? p.content ?? '');
        turn.fail(`The agent asked: ${q}`, 'info');
      } else {
        turn.event(s.step_type, p);
      }
    }
    if (!steps.length) messages.append(h('p', { class: 'muted empty' }, 'No messages yet. Say something below.'));
    messages.scrollTop = messages.scrollHeight;
  };

  const notice: Chat['notice'] = (text, tone = 'info') => {
    messages.replaceChildren(h('p', { class: tone === 'error' ? 'error' : 'muted', role: tone === 'error' ? 'alert' : 'status' }, text));
  };

  async function run(message: string) {
    setRunning(true, 'Starting…');
    let session: SessionRef;
    try {
      session = await deps.ensureSession(message);
    } catch (e) {
      setRunning(false);
      const d = describeError(e, 'Creating a session');
      messages.append(h('div', { class: 'run-error', role: 'alert' }, d.message));
      return;
    }
    if (current?.id !== session.id) show(session);
    messages.querySelector('.empty, .welcome')?.remove();

    const turn = new Turn(messages, message);
    messages.append(turn.el);
    messages.scrollTop = messages.scrollHeight;
    const ctl = new AbortController();
    controller = ctl;
    setRunning(true, 'The agent is working…');
    deps.trace.note(`Run on ${session.id}: ${message.length > 80 ? `${message.slice(0, 80)}…` : message}`);
    const t0 = performance.now();
    try {
      const summary = (await deps.client().runAgent(
        session.id,
        message,
        (name: string, payload: unknown) => {
          // Never throw from here: an exception would cancel the run.
          try {
            deps.trace.add(name, payload, t0);
            if (ctl.signal.aborted) return;
            const p = (payload ?? {}) as Payload;
            if (name === 'input_request' || p.type === 'input_request') {
              runStatus.textContent = 'Waiting for your answer…';
              turn.input(
                inputForm(p, async (value) => {
                  await deps.client().respondToAgentInput(session.id, String(p.args?.request_id ?? ''), value);
                  if (controller === ctl) runStatus.textContent = 'The agent is working…';
                }),
              );
            } else {
              turn.event(name, p);
            }
          } catch (err) {
            console.error('could not render an event', err);
          }
        },
        { signal: ctl.signal },
      )) as RunSummary;
      turn.finish(summary, performance.now() - t0);
    } catch (e) {
      const d = describeError(e, 'The run');
      turn.fail(d.message, d.tone);
    } finally {
      if (controller === ctl) {
        controller = null;
        setRunning(false);
      }
      deps.onRunFinished(session.id);
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text || controller) return;
    input.value = '';
    void run(text);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  stopBtn.addEventListener('click', () => controller?.abort());

  show(null);
  return {
    show,
    notice,
    running: () => controller !== null,
    stop: () => controller?.abort(),
  };
}
