// The same calls as app.mjs, as a Cloudflare Worker (run by workerd from
// workerd.capnp): a fixed key from the worker's bindings, a streamed run.
import { TavoraClient, TavoraApiError } from 'tavora-wasm';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/ready') return new Response('ready');
    try {
      const client = new TavoraClient({ baseUrl: env.TAVORA_API, apiKey: env.TAVORA_KEY });
      const project = await client.getProject();
      const session = await client.createAgentSession({ title: 'in a Cloudflare Worker' });
      const events = [];
      let reply = '';
      for await (const { payload } of client.streamAgent(session.id, 'hello from a worker')) {
        events.push(payload.type);
        if (payload.type === 'response') reply = payload.content;
      }
      return Response.json({ project: project.name, reply, events });
    } catch (e) {
      const body = e instanceof TavoraApiError ? { code: e.code, message: e.message } : { message: String(e) };
      return Response.json(body, { status: 500 });
    }
  },
};
