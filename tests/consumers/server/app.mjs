// A server's use of the package, run unchanged by Node, Deno and Bun: a
// client with a fixed key (what a route handler holds), and one that mints
// through the session-token exchange from a user's JWT. Prints what it saw
// as one JSON line; the e2e suite (tests/e2e/runtimes.test.mjs) asserts it.
import { TavoraClient, TavoraApiError, isNotFound } from 'tavora-wasm';
import * as inline from 'tavora-wasm/inline';
import { fixedKeyRun } from './run.mjs';

const env = globalThis.Deno ? globalThis.Deno.env.toObject() : globalThis.process.env;
const baseUrl = env.TAVORA_API;
const WORKSPACE = '11111111-1111-4111-8111-111111111111';

const { client: fixed, project, reply, events } = await fixedKeyRun(baseUrl, env.TAVORA_KEY, 'on a server', 'hello from a server');

// One error class, whichever entry made the error.
let missing;
try {
  await fixed.getAgentSession('00000000-0000-4000-8000-000000000000');
} catch (e) {
  missing = {
    code: e.code,
    status: e.status,
    instanceofDefault: e instanceof TavoraApiError,
    instanceofInline: e instanceof inline.TavoraApiError,
    isNotFoundInline: inline.isNotFound(e),
  };
}
const inlineClient = new inline.TavoraClient({ baseUrl, apiKey: 'tvr_wrong' });
const unauthorized = await inlineClient.getProject().catch((e) => ({
  instanceofDefault: e instanceof TavoraApiError,
  isNotFound: isNotFound(e),
  status: e.status,
}));

// The exchange, where a JWT is given; the key stays in this client's memory.
const minting = new TavoraClient({ baseUrl, workspaceId: WORKSPACE, getJwt: () => env.TAVORA_JWT });
const minted = await minting.getProject();
const storage = globalThis.sessionStorage;

console.log(
  JSON.stringify({
    project,
    reply,
    events,
    missing,
    unauthorized,
    mintedProject: minted.name,
    keyPrefix: (minting.keyInfo() || {}).keyPrefix,
    sessionStorageEntries: storage ? storage.length : null,
  }),
);
