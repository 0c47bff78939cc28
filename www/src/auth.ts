// Sign-in (the dev server's dev sign-in, or a pasted JWT), the workspace
// choice, the SDK client, and the key status shown in the top bar.
//
// The JWT stays in this tab (sessionStorage) and is handed to the SDK only
// through `getJwt`; the SDK exchanges it for a short-lived workspace key,
// which this page never sees: it shows `keyInfo()` (the prefix and the
// expiry) and nothing else.

import { TavoraClient } from 'tavora-wasm';
import { byId, formatRemaining, showMessage } from './dom';
import { describeError } from './errors';

export interface Workspace {
  id: string;
  name: string;
}

export interface Auth {
  jwt: string;
  email: string;
  userName: string;
  workspace: Workspace;
}

interface KeyInfo {
  keyPrefix: string;
  keyId: string;
  expiresAt: string;
  expiresAtMs: number;
}

const STORAGE_KEY = 'tavora-demo.auth';

/** The page's own origin: the dev server, or its proxy to a deployment. */
export const BASE_URL = location.origin;

export function loadAuth(): Auth | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const a = raw ? (JSON.parse(raw) as Auth) : null;
    return a && a.jwt && a.workspace?.id ? a : null;
  } catch {
    return null;
  }
}

function saveAuth(a: Auth | null): void {
  try {
    if (a) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(a));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: the sign-in lasts until reload */
  }
}

interface SignInAnswer {
  jwt: string;
  user: { id: string; email: string; name: string };
  workspaces: Workspace[];
}

async function devSignIn(email: string): Promise<SignInAnswer> {
  let resp: Response;
  try {
    resp = await fetch(`${BASE_URL}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(email ? { email } : {}),
    });
  } catch {
    throw new Error('Could not reach the server. Is the dev server still running?');
  }
  if (resp.status === 401) throw new Error(`There is no user ${email} on this server. Try demo@tavora.dev.`);
  if (resp.status === 404) {
    throw new Error('This server has no dev sign-in (is it a real deployment behind the proxy?). Use a JWT instead, below.');
  }
  if (!resp.ok) throw new Error(`Sign-in failed (HTTP ${resp.status}).`);
  return (await resp.json()) as SignInAnswer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Wires the sign-in screen; calls `onSignedIn` once the user has a JWT and
 * a workspace.
 */
export function setUpSignIn(onSignedIn: (auth: Auth) => void): { reset: (message?: string) => void } {
  const form = byId<HTMLFormElement>('signin-form');
  const email = byId<HTMLInputElement>('signin-email');
  const submit = byId<HTMLButtonElement>('signin-submit');
  const wsForm = byId<HTMLFormElement>('workspace-form');
  const wsSelect = byId<HTMLSelectElement>('workspace-select');
  const hello = byId('signin-hello');
  const errorEl = byId('signin-error');
  const jwtForm = byId<HTMLFormElement>('jwt-form');
  const jwtInput = byId<HTMLInputElement>('jwt-input');
  const jwtWs = byId<HTMLInputElement>('jwt-workspace');
  let pending: SignInAnswer | null = null;

  const reset = (message?: string) => {
    pending = null;
    wsForm.hidden = true;
    form.hidden = false;
    submit.disabled = false;
    jwtInput.value = '';
    showMessage(errorEl, message ?? null);
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showMessage(errorEl, null);
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      pending = await devSignIn(email.value.trim());
      if (!pending.workspaces.length) throw new Error('This user has no workspace.');
      wsSelect.replaceChildren(
        ...pending.workspaces.map((w) => {
          const o = document.createElement('option');
          o.value = w.id;
          o.textContent = w.name;
          return o;
        }),
      );
      hello.textContent = `Signed in as ${pending.user.name} (${pending.user.email}). Pick a workspace:`;
      form.hidden = true;
      wsForm.hidden = false;
      wsSelect.focus();
    } catch (e) {
      showMessage(errorEl, e instanceof Error ? e.message : String(e));
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in with the dev sign-in';
    }
  });

  wsForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!pending) return reset();
    const ws = pending.workspaces.find((w) => w.id === wsSelect.value) ?? pending.workspaces[0];
    const auth: Auth = { jwt: pending.jwt, email: pending.user.email, userName: pending.user.name, workspace: ws };
    pending = null;
    saveAuth(auth);
    onSignedIn(auth);
  });
  byId('workspace-back').addEventListener('click', () => reset());

  jwtForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const jwt = jwtInput.value.trim();
    const ws = jwtWs.value.trim();
    if (!jwt) return showMessage(errorEl, 'Paste a JWT first.');
    if (!UUID.test(ws)) return showMessage(errorEl, 'The workspace id must be a UUID.');
    jwtInput.value = '';
    const auth: Auth = { jwt, email: '', userName: '', workspace: { id: ws, name: ws } };
    saveAuth(auth);
    onSignedIn(auth);
  });

  return { reset };
}

export interface Session {
  client: TavoraClient;
  auth: Auth;
  signOut: () => void;
}

/**
 * The SDK client for `auth`, and the key status in the top bar (prefix and
 * time left, updated by `onKeyChange` and every few seconds).
 */
export function startSession(
  auth: Auth,
  handlers: { onSignedOut: (message?: string) => void },
): Session {
  const keyStatus = byId('key-status');
  let info: KeyInfo | null = null;
  let ended = false;

  const render = () => {
    if (!info) {
      keyStatus.textContent = 'No key yet';
      keyStatus.title = 'A workspace key is minted by the first call';
      keyStatus.dataset.state = 'none';
      return;
    }
    const left = info.expiresAtMs - Date.now();
    keyStatus.textContent = `Key ${info.keyPrefix}… · expires ${formatRemaining(left)}`;
    keyStatus.title = `Key id ${info.keyId}, expires at ${info.expiresAt}. The SDK renews it before it expires.`;
    keyStatus.dataset.state = left < 5 * 60_000 ? 'expiring' : 'ok';
  };

  const client = new TavoraClient({
    baseUrl: BASE_URL,
    workspaceId: auth.workspace.id,
    getJwt: () => (ended ? null : auth.jwt),
    onKeyChange: (k: KeyInfo | null) => {
      info = k;
      render();
    },
    onUnauthenticated: () => {
      if (!ended) end('Your sign-in has expired or was refused. Please sign in again.');
    },
  });
  const timer = window.setInterval(render, 5_000);
  render();

  function end(message?: string) {
    if (ended) return;
    ended = true;
    window.clearInterval(timer);
    client.signOut();
    saveAuth(null);
    info = null;
    render();
    handlers.onSignedOut(message);
  }

  // Mint the key now (and learn the workspace's name).
  client
    .getProject()
    .then((p: { name?: string }) => {
      if (p?.name) byId('workspace-name').textContent = p.name;
      info = client.keyInfo() as KeyInfo | null;
      render();
    })
    .catch((e: unknown) => {
      if (!ended) keyStatus.textContent = describeError(e, 'Getting a key').message;
    });

  return { client, auth, signOut: () => end() };
}
