// A Node server's use of the package, compiled without the DOM lib
// (tsconfig.node.json): a fixed-key client, a streamed run, the errors.
import { TavoraClient, TavoraApiError, isNotFound, ready } from 'tavora-wasm';
import type { AgentPayload, Project, WasmSource } from 'tavora-wasm';
import { readFile } from 'node:fs/promises';

const bytes: WasmSource = await readFile(new URL('./tavora_wasm_bg.wasm', import.meta.url));
await ready(bytes);

const client = new TavoraClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'tvr_example' });
const project: Project = await client.getProject();
const session = await client.createAgentSession({ title: project.name });
for await (const { payload } of client.streamAgent(session.id, 'hello')) {
  const p: AgentPayload = payload;
  if (p.type === 'response') console.log(p.content);
}
try {
  await client.getAgentSession('missing');
} catch (e) {
  if (e instanceof TavoraApiError && !isNotFound(e)) console.log(e.code, e.status);
}
