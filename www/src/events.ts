// How one agent event looks in the chat. Used for live runs (chat.ts) and
// for history rebuilt from a session's steps (sessions.ts → chat.ts).

import { h, prettyJson } from './dom';
import { highlightJs } from './highlight';
import { renderMarkdown } from './markdown';

/** An event payload, as the SDK delivers it (or as rebuilt from a step). */
export interface Payload {
  type?: string;
  content?: string;
  tool?: string;
  args?: Record<string, unknown> & {
    kind?: string;
    summary?: string;
    request_id?: string;
    input_type?: string;
    message?: string;
    options?: unknown[];
    placeholder?: string;
  };
  result?: unknown;
  tokens?: { prompt?: number; completion?: number };
  summary?: RunSummary;
  [k: string]: unknown;
}

export interface RunSummary {
  session_id?: string;
  steps?: number;
  tokens?: { prompt?: number; completion?: number };
}

/** Output longer than this is collapsed. */
const LONG_OUTPUT_CHARS = 600;
const LONG_OUTPUT_LINES = 12;
/** At most this much of one output is put on the page. */
const MAX_SHOWN_CHARS = 200_000;

function tokensBadge(t: Payload['tokens']): HTMLElement | null {
  if (!t || (!t.prompt && !t.completion)) return null;
  return h(
    'span',
    { class: 'tokens', title: 'Tokens used by this step' },
    `${t.prompt ?? 0} prompt · ${t.completion ?? 0} completion tokens`,
  );
}

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

/** A `step`'s (or unknown event's) element, or null for events shown elsewhere. */
export function renderEvent(name: string, p: Payload): HTMLElement | null {
  const type = p.type ?? name;
  switch (type) {
    case 'sandbox_event': {
      const text = p.args?.summary ?? p.content ?? p.args?.kind ?? 'sandbox event';
      return h(
        'div',
        { class: 'ev ev-sandbox', 'data-type': type, 'data-kind': p.args?.kind ?? '' },
        h('span', { class: 'ev-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'ev-text' }, String(text)),
        tokensBadge(p.tokens),
      );
    }
    case 'execute_js': {
      const code = h('code', { class: 'language-js' });
      code.innerHTML = highlightJs(p.content ?? '');
      return h('div', { class: 'ev ev-code', 'data-type': type }, label('Ran JavaScript'), h('pre', { class: 'code' }, code), tokensBadge(p.tokens));
    }
    case 'execute_js_result':
      return h(
        'div',
        { class: 'ev ev-result', 'data-type': type },
        label('Output'),
        outputBlock(p.content ?? prettyJson(p.result), 'Output'),
        tokensBadge(p.tokens),
      );
    case 'tool_call':
      return h(
        'div',
        { class: 'ev ev-tool', 'data-type': type },
        label('Tool call', p.tool ?? ''),
        h('pre', { class: 'output' }, prettyJson(p.args ?? {})),
        tokensBadge(p.tokens),
      );
    case 'tool_result':
      return h(
        'div',
        { class: 'ev ev-tool', 'data-type': type },
        label('Tool result', p.tool ?? ''),
        p.content ? h('div', { class: 'ev-text' }, p.content) : null,
        p.result !== undefined ? outputBlock(prettyJson(p.result, MAX_SHOWN_CHARS), 'Result') : null,
        tokensBadge(p.tokens),
      );
    case 'response': {
      const body = h('div', { class: 'markdown' });
      body.innerHTML = renderMarkdown(p.content ?? '');
      return h('div', { class: 'ev ev-response', 'data-type': type }, body, tokensBadge(p.tokens));
    }
    case 'parse_error':
      return h(
        'div',
        { class: 'ev ev-warning', 'data-type': 'parse_error' },
        `A malformed event was skipped (${String((p as { error?: unknown }).error ?? 'not JSON')}).`,
      );
    case 'done':
    case 'error':
    case 'input_request':
    case 'user_message':
      return null;
    default:
      return h(
        'details',
        { class: 'ev ev-unknown', 'data-type': type },
        h('summary', {}, `Event “${name}”${type !== name ? ` (${type})` : ''}: not one this demo knows`),
        h('pre', { class: 'output' }, prettyJson(p)),
      );
  }
}

/** The line under a finished run. */
export function renderSummary(s: RunSummary | undefined, elapsedMs?: number): HTMLElement {
  const parts = ['Done'];
  if (s?.steps !== undefined) parts.push(`${s.steps} step${s.steps === 1 ? '' : 's'}`);
  if (s?.tokens) parts.push(`${s.tokens.prompt ?? 0} prompt + ${s.tokens.completion ?? 0} completion tokens`);
  if (elapsedMs !== undefined) parts.push(`${(elapsedMs / 1000).toFixed(1)} s`);
  return h('div', { class: 'run-summary', role: 'note' }, parts.join(' · '));
}
