// A fixed-key client's call and streamed run: what app.mjs (Node, Deno,
// Bun) and worker.mjs (Cloudflare Workers) both do.
import { TavoraClient } from 'tavora-wasm';

export async function fixedKeyRun(baseUrl, apiKey, title, message) {
  const client = new TavoraClient({ baseUrl, apiKey });
  const project = await client.getProject();
  const session = await client.createAgentSession({ title });
  const events = [];
  let reply = '';
  for await (const { payload } of client.streamAgent(session.id, message)) {
    events.push(payload.type);
    if (payload.type === 'response') reply = payload.content;
  }
  return { client, project: project.name, reply, events };
}
