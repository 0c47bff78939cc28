// The demo app: wires sign-in, sessions, chat, trace and knowledge.

import './styles.css';
import type { TavoraClient } from 'tavora-wasm';
import { loadAuth, setUpSignIn, startSession, type Auth, type Session } from './auth';
import { setUpChat, type Chat } from './chat';
import { byId } from './dom';
import { setUpKnowledge } from './knowledge';
import { setUpSessions } from './sessions';
import { setUpTrace } from './trace';

const signinScreen = byId('signin-screen');
const appScreen = byId('app-screen');
const sidebar = byId('sidebar');
const sidebarToggle = byId<HTMLButtonElement>('sidebar-toggle');

let session: Session | null = null;
const client = (): TavoraClient => {
  if (!session) throw new Error('Not signed in.');
  return session.client;
};

const trace = setUpTrace();
let chat: Chat;
const sessions = setUpSessions({ client, chat: () => chat, onOpen: () => setDrawer(false) });
chat = setUpChat({
  client,
  trace,
  createSession: (message) => sessions.createFor(message),
  onRunFinished: () => void sessions.refresh(),
});
const knowledge = setUpKnowledge(client);

// ---------------------------------------------------------------- sidebar
function setDrawer(open: boolean) {
  sidebar.classList.toggle('open', open);
  sidebarToggle.setAttribute('aria-expanded', String(open));
}
sidebarToggle.addEventListener('click', () => setDrawer(!sidebar.classList.contains('open')));
byId('sidebar-close').addEventListener('click', () => {
  setDrawer(false);
  sidebarToggle.focus();
});
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && sidebar.classList.contains('open')) setDrawer(false);
});

const tabs = [
  { tab: byId('tab-sessions'), panel: byId('panel-sessions') },
  { tab: byId('tab-knowledge'), panel: byId('panel-knowledge') },
];
function selectTab(i: number) {
  tabs.forEach((t, j) => {
    t.tab.setAttribute('aria-selected', String(i === j));
    t.tab.tabIndex = i === j ? 0 : -1;
    t.panel.hidden = i !== j;
  });
  if (i === 1) knowledge.activate();
}
tabs.forEach((t, i) => {
  t.tab.addEventListener('click', () => selectTab(i));
  t.tab.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      const next = (i + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
      selectTab(next);
      tabs[next].tab.focus();
    }
  });
});

// ---------------------------------------------------------------- sign in / out
const signIn = setUpSignIn(enter);

function enter(auth: Auth) {
  session = startSession(auth, { onSignedOut: leave });
  byId('workspace-name').textContent = auth.workspace.name;
  signinScreen.hidden = true;
  appScreen.hidden = false;
  selectTab(0);
  chat.open(null);
  void sessions.refresh();
  byId('composer-input').focus();
}

function leave(message?: string) {
  chat.stop();
  session = null;
  sessions.reset();
  knowledge.reset();
  trace.clear();
  chat.open(null);
  appScreen.hidden = true;
  signinScreen.hidden = false;
  signIn.reset(message);
  byId('signin-email').focus();
}

byId('signout').addEventListener('click', () => session?.signOut());

const saved = loadAuth();
if (saved) enter(saved);
else {
  signinScreen.hidden = false;
  byId('signin-email').focus();
}
