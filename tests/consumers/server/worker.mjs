// The same calls as app.mjs, as a Cloudflare Worker (run by workerd from
// workerd.capnp): a fixed key from the worker's bindings, a streamed run.
import { TavoraApiError } from 'tavora-wasm';
import { fixedKeyRun } from './run.mjs';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/ready') return new Response('ready');
    try {
      const { project, reply, events } = await fixedKeyRun(env.TAVORA_API, env.TAVORA_KEY, 'in a Cloudflare Worker', 'hello from a worker');
      return Response.json({ project, reply, events });
    } catch (e) {
      const body = e instanceof TavoraApiError ? { code: e.code, message: e.message } : { message: String(e) };
      return Response.json(body, { status: 500 });
    }
  },
};
