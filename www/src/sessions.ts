// Agent sessions in the sidebar: create (title, system prompt), list,
// reopen (the chat store reads the history), delete.

import type { TavoraClient } from 'tavora-wasm';
import type { Chat, SessionRef } from './chat';
import { byId, h, showMessage } from './dom';
import { describeError } from './errors';

interface AgentSession {
  id: string;
  title?: string;
  status?: string;
  step_count?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  created_at?: string;
  updated_at?: string;
}

export interface Sessions {
  /** Reloads the list. */
  refresh: () => Promise<void>;
  /** A new session titled after `message`, made the open one. */
  createFor: (message: string) => Promise<SessionRef>;
  /** After sign-out. */
  reset: () => void;
}

function shortDate(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString();
}

export function setUpSessions(deps: {
  client: () => TavoraClient;
  chat: () => Chat;
  /** Called when a session is opened (narrow screens close the drawer). */
  onOpen: () => void;
}): Sessions {
  const list = byId<HTMLUListElement>('session-list');
  const errorEl = byId('sessions-error');
  const details = byId<HTMLDetailsElement>('new-session');
  const form = byId<HTMLFormElement>('new-session-form');
  const titleIn = byId<HTMLInputElement>('new-session-title');
  const promptIn = byId<HTMLTextAreaElement>('new-session-prompt');
  const meta = byId('chat-meta');
  let sessions: AgentSession[] = [];
  let openId: string | null = null;

  const render = () => {
    if (!sessions.length) {
      list.replaceChildren(h('li', { class: 'muted empty' }, 'No sessions yet.'));
      return;
    }
    list.replaceChildren(
      ...sessions.map((s) => {
        const title = s.title || 'Untitled session';
        const current = s.id === openId;
        return h(
          'li',
          { class: `session${current ? ' current' : ''}`, 'data-id': s.id },
          h(
            'button',
            { type: 'button', class: 'session-open', 'aria-current': current ? 'true' : null, onclick: () => open(s.id) },
            h('span', { class: 'session-title' }, title),
            h(
              'span',
              { class: 'session-meta' },
              [s.status, s.step_count ? `${s.step_count} steps` : '', shortDate(s.updated_at ?? s.created_at)].filter(Boolean).join(' · '),
            ),
          ),
          h('button', { type: 'button', class: 'session-delete icon-button', 'aria-label': `Delete session ${title}`, title: 'Delete', onclick: () => void remove(s) }, '✕'),
        );
      }),
    );
  };

  const setMeta = (s?: AgentSession) => {
    meta.textContent = s
      ? [s.status, `${s.step_count ?? 0} steps`, `${s.prompt_tokens ?? 0} prompt + ${s.completion_tokens ?? 0} completion tokens`].join(' · ')
      : '';
  };

  async function refresh() {
    try {
      sessions = ((await deps.client().listAgentSessions({ limit: 100 })) as AgentSession[]) ?? [];
      showMessage(errorEl, null);
      render();
      setMeta(sessions.find((s) => s.id === openId));
    } catch (e) {
      showMessage(errorEl, describeError(e, 'Listing sessions').message);
    }
  }

  function open(id: string) {
    openId = id;
    render();
    deps.onOpen();
    const known = sessions.find((s) => s.id === id);
    deps.chat().open({ id, title: known?.title ?? '' });
    setMeta(known);
  }

  async function create(title: string, systemPrompt: string): Promise<AgentSession> {
    const input: Record<string, string> = {};
    if (title) input.title = title;
    if (systemPrompt) input.system_prompt = systemPrompt;
    const s = (await deps.client().createAgentSession(input)) as AgentSession;
    sessions = [s, ...sessions.filter((x) => x.id !== s.id)];
    openId = s.id;
    render();
    setMeta(s);
    return s;
  }

  async function remove(s: AgentSession) {
    try {
      await deps.client().deleteAgentSession(s.id);
      sessions = sessions.filter((x) => x.id !== s.id);
      if (openId === s.id) {
        openId = null;
        deps.chat().open(null);
        setMeta();
      }
      render();
      showMessage(errorEl, null);
    } catch (e) {
      showMessage(errorEl, describeError(e, 'Deleting the session').message);
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button');
    if (btn) btn.disabled = true;
    try {
      const s = await create(titleIn.value.trim(), promptIn.value.trim());
      titleIn.value = '';
      promptIn.value = '';
      details.open = false;
      showMessage(errorEl, null);
      deps.chat().open({ id: s.id, title: s.title ?? '' }, true);
      deps.onOpen();
      byId('composer-input').focus();
    } catch (e) {
      showMessage(errorEl, describeError(e, 'Creating the session').message);
    } finally {
      if (btn) btn.disabled = false;
    }
  });

  return {
    refresh,
    async createFor(message) {
      const title = message.length > 48 ? `${message.slice(0, 47)}…` : message;
      const created = await create(title, '');
      return { id: created.id, title: created.title ?? title };
    },
    reset() {
      sessions = [];
      openId = null;
      list.replaceChildren();
      setMeta();
    },
  };
}
