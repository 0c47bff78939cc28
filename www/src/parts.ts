// How the parts of an agent message look. The parts come from the SDK's chat
// store (createAgentChat), the same for a live run and for history, so this
// file knows nothing about raw events.

import type { ChatPart, CodePart, ErrorPart, InputPart, JsonValue, SummaryPart, ToolPart } from 'tavora-wasm';
import { h, prettyJson, showMessage } from './dom';
import { describeError, type Described } from './errors';
import { highlightJs } from './highlight';
import { renderMarkdown } from './markdown';

/** What a part needs from the chat around it. */
export interface PartContext {
  /** Answers the pending input request (the store's `respond`). */
  respond: (value: JsonValue) => Promise<void>;
  /** A run failure as a sentence (the live error, when it is this part's). */
  describe: (part: ErrorPart) => Described;
  /** How long the run of this summary took, when it ran live. */
  elapsed: (part: SummaryPart) => number | undefined;
}

/** Output longer than this is collapsed. */
const LONG_OUTPUT_CHARS = 600;
const LONG_OUTPUT_LINES = 12;
/** At most this much of one output is put on the page. */
const MAX_SHOWN_CHARS = 200_000;

function label(text: string, extra?: string): HTMLElement {
  return h('div', { class: 'ev-label' }, text, extra ? h('span', { class: 'ev-label-extra' }, extra) : null);
}

function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Text in a `<pre>`, collapsed behind a `<details>` when long. */
export function outputBlock(text: string, what: string): HTMLElement {
  const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}\n… (${text.length - MAX_SHOWN_CHARS} more characters not shown)` : text;
  const pre = h('pre', { class: 'output' }, shown);
  let lines = 1;
  for (let i = 0; i < text.length && lines <= LONG_OUTPUT_LINES; i++) if (text.charCodeAt(i) === 10) lines++;
  if (text.length <= LONG_OUTPUT_CHARS && lines <= LONG_OUTPUT_LINES) return pre;
  const lineCount = text.length > 5_000_000 ? 'many' : String(text.split('\n').length);
  return h('details', { class: 'collapsible' }, h('summary', {}, `${what} · ${lineCount} lines · ${fmtBytes(new Blob([text]).size)}`), pre);
}

/** The line under a running or unfinished call. */
function pending(state: 'running' | 'done' | 'failed', what: string): HTMLElement | null {
  if (state === 'running') return h('p', { class: 'ev-pending' }, 'Running…');
  if (state === 'failed') return h('p', { class: 'ev-pending' }, `No ${what}: the run ended first.`);
  return null;
}

function codePart(p: CodePart): HTMLElement {
  const el = h('div', { class: 'ev ev-code', 'data-state': p.state });
  if (p.code) {
    const code = h('code', { class: 'language-js' });
    code.innerHTML = highlightJs(p.code);
    el.append(label('Ran JavaScript'), h('pre', { class: 'code' }, code));
  }
  if (p.output !== undefined) {
    const what = p.state === 'failed' ? 'Error' : 'Output';
    el.append(h('div', { class: 'ev-result' }, label(what), outputBlock(p.output, what)));
  } else {
    el.append(pending(p.state, 'output') ?? '');
  }
  return el;
}

function toolPart(p: ToolPart): HTMLElement {
  return h(
    'div',
    { class: 'ev ev-tool', 'data-type': 'tool', 'data-state': p.state },
    label('Tool call', p.tool),
    h('pre', { class: 'output' }, prettyJson(p.args)),
    p.output !== undefined
      ? h('div', { class: 'ev-tool-result' }, label(p.state === 'failed' ? 'Tool failed' : 'Tool result'), outputBlock(p.output, 'Result'))
      : pending(p.state, 'result'),
  );
}

/** What an answer looks like once given. */
function shownAnswer(p: InputPart, value: JsonValue | undefined): string {
  if (p.inputType === 'confirm' && typeof value === 'boolean') return value ? 'Yes' : 'No';
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** An input request: answerable while pending, then the answer (or that none came). */
function inputPart(p: InputPart, ctx: PartContext): HTMLFormElement {
  const question = p.message || 'The agent asks for input';
  const status = h('p', { class: 'input-status', role: 'status' });
  const errorEl = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'ev ev-input', 'data-input': p.inputType || 'text', 'data-state': p.state, 'aria-label': `The agent asks: ${question}` });
  const controls = h('div', { class: 'input-controls' });
  const enable = (on: boolean) => {
    for (const c of form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) c.disabled = !on;
  };
  const send = async (value: JsonValue) => {
    if (form.dataset.state !== 'pending') return;
    form.dataset.state = 'sending';
    enable(false);
    showMessage(errorEl, null);
    try {
      // The store marks the part answered; this element is then replaced.
      await ctx.respond(value);
    } catch (e) {
      form.dataset.state = 'pending';
      enable(true);
      showMessage(errorEl, describeError(e, 'Sending the answer').message);
    }
  };
  form.addEventListener('submit', (ev) => ev.preventDefault());

  if (p.inputType === 'confirm') {
    controls.append(
      h('button', { type: 'button', class: 'primary', onclick: () => send(true) }, 'Yes'),
      h('button', { type: 'button', onclick: () => send(false) }, 'No'),
    );
  } else if (p.inputType === 'choice') {
    for (const o of p.options) controls.append(h('button', { type: 'button', onclick: () => send(o) }, o));
  } else {
    const id = `input-${p.requestId || Math.random().toString(36).slice(2)}`;
    const field = h('input', { id, type: 'text', placeholder: p.placeholder, autocomplete: 'off' });
    controls.append(h('label', { for: id, class: 'visually-hidden' }, question), field, h('button', { type: 'submit', class: 'primary' }, 'Send answer'));
    form.addEventListener('submit', () => {
      const v = field.value.trim();
      if (!v) return showMessage(errorEl, 'Type an answer first.');
      void send(v);
    });
    if (p.state === 'pending') queueMicrotask(() => field.focus());
  }
  form.append(h('p', { class: 'input-question' }, h('strong', {}, 'The agent asks: '), question), controls, status, errorEl);
  if (p.state !== 'pending') enable(false);
  if (p.state === 'answered') status.textContent = `You answered: ${shownAnswer(p, p.value)}`;
  if (p.state === 'abandoned') status.textContent = 'Not answered: the run ended first.';
  return form;
}

/** The line under a finished run. */
function summaryPart(s: SummaryPart, elapsedMs: number | undefined): HTMLElement {
  const parts = ['Done', `${s.steps} step${s.steps === 1 ? '' : 's'}`, `${s.tokens.prompt} prompt + ${s.tokens.completion} completion tokens`];
  if (elapsedMs !== undefined) parts.push(`${(elapsedMs / 1000).toFixed(1)} s`);
  return h('div', { class: 'run-summary', role: 'note' }, parts.join(' · '));
}

/**
 * One part's element. A run of sandbox `progress` activities (`many:N`)
 * comes as one group and collapses into one line.
 */
export function renderParts(group: readonly ChatPart[], ctx: PartContext): HTMLElement {
  const p = group[0];
  switch (p.type) {
    case 'activity': {
      const last = group[group.length - 1] as typeof p;
      const text = p.kind === 'data_update' ? `Data updated: ${p.summary}` : last.summary || p.kind || 'sandbox event';
      return h(
        'div',
        { class: 'ev ev-sandbox', 'data-kind': p.kind },
        h('span', { class: 'ev-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'ev-text' }, group.length > 1 ? `${text} (${group.length} progress events)` : text),
      );
    }
    case 'reasoning':
      return h('div', { class: 'ev ev-reasoning' }, label('Thinking'), h('div', { class: 'ev-text' }, p.text));
    case 'text': {
      const body = h('div', { class: 'markdown' });
      body.innerHTML = renderMarkdown(p.text);
      return h('div', { class: 'ev ev-response' }, body);
    }
    case 'code':
      return codePart(p);
    case 'tool':
      return toolPart(p);
    case 'input':
      return inputPart(p, ctx);
    case 'error': {
      if (p.code === 'parse_error') return h('div', { class: 'ev ev-warning' }, `A malformed event was skipped (${p.message}).`);
      const d = ctx.describe(p);
      return h('div', { class: `run-${d.tone}`, role: d.tone === 'error' ? 'alert' : 'status', 'data-code': p.code }, d.message);
    }
    case 'summary':
      return summaryPart(p, ctx.elapsed(p));
    case 'event':
      return h(
        'details',
        { class: 'ev ev-unknown', 'data-kind': p.kind },
        h('summary', {}, `Event “${p.kind}”: not one this demo knows`),
        h('pre', { class: 'output' }, prettyJson({ content: p.content, args: p.args })),
      );
  }
}

/** The parts in display groups: consecutive `progress` activities together. */
export function groupParts(parts: readonly ChatPart[]): ChatPart[][] {
  const out: ChatPart[][] = [];
  const progress = (p: ChatPart | undefined) => p?.type === 'activity' && p.kind === 'progress';
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (prev && progress(p) && progress(prev[0])) prev.push(p);
    else out.push([p]);
  }
  return out;
}
