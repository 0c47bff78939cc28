// Deliberate misuse: tsc must reject each line after an `@expect-error`
// comment, and nothing else (tests/e2e/package.test.mjs checks the lines).
import { TavoraClient, SseDecoder, TavoraApiError } from 'tavora-wasm';

// @expect-error a client needs getJwt + workspaceId or apiKey
new TavoraClient({ baseUrl: 'https://api.example' });
// @expect-error the two forms do not mix
new TavoraClient({ baseUrl: 'https://api.example', apiKey: 'k', getJwt: () => 'j', workspaceId: 'w' });
// @expect-error storage is "session" or "memory"
new TavoraClient({ baseUrl: 'https://api.example', workspaceId: 'w', getJwt: () => 'j', storage: 'local' });

const client = new TavoraClient({ baseUrl: 'https://api.example', apiKey: 'k' });
// @expect-error a session id is a string
void client.getAgentSession(42);
// @expect-error runAgent needs an event callback
void client.runAgent('as_1', 'hi');
// @expect-error no such method
void client.getEverything();

async function f(): Promise<void> {
  const d = new SseDecoder();
  // @expect-error push takes bytes
  d.push('data: x\n\n');
  try {
    await client.getProject();
  } catch (e) {
    if (e instanceof TavoraApiError) {
      // @expect-error status may be undefined
      const s: number = e.status;
      // @expect-error details values are unknown, not strings
      const v: string = e.details.field;
      console.log(s, v);
    }
  }
}
void f();
