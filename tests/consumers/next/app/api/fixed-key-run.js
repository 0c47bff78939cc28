// What both route handlers do, on their own runtime: the server's fixed
// key, a call and a streamed run, answered as JSON.
import { TavoraClient, TavoraApiError } from 'tavora-wasm';

export async function fixedKeyRun(runtime) {
  try {
    const client = new TavoraClient({ baseUrl: process.env.TAVORA_API, apiKey: process.env.TAVORA_KEY });
    const project = await client.getProject();
    const session = await client.createAgentSession({ title: `route handler (${runtime})` });
    let reply = '';
    for await (const { payload } of client.streamAgent(session.id, `hello from a ${runtime} route`)) {
      if (payload.type === 'response') reply = payload.content;
    }
    return Response.json({ runtime, project: project.name, reply });
  } catch (e) {
    const body = e instanceof TavoraApiError ? { code: e.code, message: e.message } : { message: String(e) };
    return Response.json(body, { status: 500 });
  }
}
