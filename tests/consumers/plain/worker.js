// A module Worker holding the client: it signs in, streams a run and posts
// what it saw. Workers have no sessionStorage: keys are cached in memory.
import { TavoraClient, TavoraApiError } from './node_modules/tavora-wasm/index.js';
import { signIn } from './signin.js';

const WORKSPACE = '11111111-1111-4111-8111-111111111111';

self.onmessage = async ({ data: { api } }) => {
  try {
    const jwt = await signIn(api);
    const client = new TavoraClient({ baseUrl: api, workspaceId: WORKSPACE, getJwt: () => jwt });
    const session = await client.createAgentSession({ title: 'in a worker' });
    const events = [];
    let response = '';
    for await (const { payload } of client.streamAgent(session.id, 'hello from a worker')) {
      events.push(payload.type);
      if (payload.type === 'response') response = payload.content;
    }
    self.postMessage({ response, events });
  } catch (e) {
    self.postMessage({ error: e instanceof TavoraApiError ? `${e.kind} ${e.code}: ${e.message}` : String(e) });
  }
};
