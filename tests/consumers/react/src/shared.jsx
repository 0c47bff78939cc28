// What both pages share: the client (built once, at module scope, so a
// StrictMode double mount cannot build a second one and mint twice), the
// session in the URL (so a reload restores the chat), and the answer form
// of an input request.
import { useEffect, useState } from 'react';
import { TavoraClient } from 'tavora-wasm';

const params = new URLSearchParams(location.search);
export const api = params.get('api') || location.origin;
export const initialSession = params.get('session') || undefined;
const WORKSPACE = '11111111-1111-4111-8111-111111111111';

let jwt = null;
async function signIn() {
  const res = await fetch(`${api}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  return (await res.json()).jwt;
}
export const client = new TavoraClient({
  baseUrl: api,
  workspaceId: WORKSPACE,
  getJwt: async () => (jwt ??= await signIn()),
});

/** Puts the session in the URL once the first message created it. */
export function rememberSession(id) {
  if (!id || params.get('session') === id) return;
  params.set('session', id);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

/** The answer controls of an input request: confirm, choice or text. */
export function AnswerForm({ request, respond }) {
  const [text, setText] = useState('');
  if (request.inputType === 'confirm') {
    return (
      <div id="answer">
        <button onClick={() => respond(true)}>Yes</button>
        <button onClick={() => respond(false)}>No</button>
      </div>
    );
  }
  if (request.inputType === 'choice') {
    return (
      <div id="answer">
        {request.options.map((o) => (
          <button key={o} onClick={() => respond(o)}>
            {o}
          </button>
        ))}
      </div>
    );
  }
  return (
    <form
      id="answer"
      onSubmit={(e) => {
        e.preventDefault();
        respond(text);
      }}
    >
      <input name="answer" placeholder={request.placeholder} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">Answer</button>
    </form>
  );
}

/** The message box; `onSend` gets the text. */
export function Composer({ onSend, onStop, busy }) {
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSend(text);
        setText('');
      }}
    >
      <input id="message" value={text} onChange={(e) => setText(e.target.value)} />
      <button id="send" type="submit" disabled={busy}>
        Send
      </button>
      <button id="stop" type="button" onClick={onStop}>
        Stop
      </button>
    </form>
  );
}

/** Counts the chat component's mount effects (StrictMode runs them twice in development). */
export function useMountCount() {
  useEffect(() => {
    window.mountEffects = (window.mountEffects || 0) + 1;
  }, []);
}
