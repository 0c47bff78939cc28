// The trace: every raw event (name and JSON payload) as the SDK delivered
// it, beside the rendered chat. Toggled from the top bar.

import { byId, h, nearBottom, prettyJson, stickToBottom } from './dom';

const MAX_ROWS = 2000;

export interface Trace {
  /** Records one event of the run started at `runStart` (ms). */
  add: (name: string, payload: unknown, runStart?: number) => void;
  /** A marker row (a run starting, a session opened). */
  note: (text: string) => void;
  clear: () => void;
}

export function setUpTrace(): Trace {
  const panel = byId('trace');
  const list = byId<HTMLOListElement>('trace-list');
  const toggle = byId<HTMLButtonElement>('trace-toggle');
  const app = byId('app-screen');

  const messages = byId('messages');
  const setOpen = (open: boolean) => {
    // The chat narrows or shrinks: keep it at the bottom if it was there.
    const atBottom = nearBottom(messages);
    panel.hidden = !open;
    toggle.setAttribute('aria-pressed', String(open));
    app.classList.toggle('with-trace', open);
    stickToBottom(messages, atBottom);
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  byId('trace-clear').addEventListener('click', () => list.replaceChildren());

  const push = (row: HTMLElement) => {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(row);
    while (list.childElementCount > MAX_ROWS) list.firstElementChild?.remove();
    if (atBottom) list.scrollTop = list.scrollHeight;
  };

  return {
    add(name, payload, runStart) {
      const t = runStart !== undefined ? `+${((performance.now() - runStart) / 1000).toFixed(2)} s` : '';
      const type = payload && typeof payload === 'object' && 'type' in payload ? String((payload as { type: unknown }).type) : '';
      push(
        h(
          'li',
          { class: 'trace-row', 'data-event': name },
          h('div', { class: 'trace-head' }, h('span', { class: 'trace-name' }, name), type && type !== name ? h('span', { class: 'trace-type' }, type) : null, h('span', { class: 'trace-time' }, t)),
          h('pre', { class: 'trace-json' }, prettyJson(payload, 3000)),
        ),
      );
    },
    note(text) {
      push(h('li', { class: 'trace-note' }, text));
    },
    clear() {
      list.replaceChildren();
    },
  };
}
