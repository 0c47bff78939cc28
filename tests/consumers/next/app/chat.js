'use client';
// Rendered on the server first (the client is constructed there too, and
// must neither throw nor leave a rejection), then run in the browser: the
// user signs in and the run streams into the page.
import { useEffect, useState } from 'react';
import { TavoraClient, TavoraApiError } from 'tavora-wasm';

const WORKSPACE = '11111111-1111-4111-8111-111111111111';

export default function Chat({ api }) {
  const [signedIn] = useState(() => ({ jwt: null }));
  const [client] = useState(
    () => new TavoraClient({ baseUrl: api, workspaceId: WORKSPACE, getJwt: () => signedIn.jwt, storage: 'memory' }),
  );
  const [reply, setReply] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const res = await fetch(`${api}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
          signal: controller.signal,
        });
        signedIn.jwt = (await res.json()).jwt;
        const session = await client.createAgentSession({ title: 'next client' });
        for await (const { payload } of client.streamAgent(session.id, 'hello from next', {
          signal: controller.signal,
        })) {
          if (payload.type === 'response') setReply(payload.content);
        }
        document.body.dataset.state = 'done';
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e instanceof TavoraApiError ? `${e.kind} ${e.code}: ${e.message}` : String(e));
        document.body.dataset.state = 'error';
      }
    })();
    return () => controller.abort();
  }, [api, client, signedIn]);

  return (
    <section>
      <div id="response">{reply}</div>
      <pre id="error">{error}</pre>
    </section>
  );
}
