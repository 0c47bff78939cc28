// A route handler on the edge runtime: the server's fixed key, a call and a streamed run.
import { TavoraClient, TavoraApiError } from 'tavora-wasm';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const client = new TavoraClient({ baseUrl: process.env.TAVORA_API, apiKey: process.env.TAVORA_KEY });
    const project = await client.getProject();
    const session = await client.createAgentSession({ title: 'route handler (edge)' });
    let reply = '';
    for await (const { payload } of client.streamAgent(session.id, 'hello from a edge route')) {
      if (payload.type === 'response') reply = payload.content;
    }
    return Response.json({ runtime: 'edge', project: project.name, reply });
  } catch (e) {
    const body = e instanceof TavoraApiError ? { code: e.code, message: e.message } : { message: String(e) };
    return Response.json(body, { status: 500 });
  }
}
