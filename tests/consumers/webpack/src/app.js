// The page both entries run, given the SDK's exports.
const WORKSPACE = '11111111-1111-4111-8111-111111111111';

export async function run({ TavoraClient, TavoraApiError }, label) {
  const api = new URLSearchParams(location.search).get('api') || location.origin;
  document.body.innerHTML = `
    <h1>${label}</h1>
    <p id="status">starting</p>
    <div id="response"></div>
    <pre id="error"></pre>`;
  const status = document.getElementById('status');
  try {
    const res = await fetch(`${api}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const { jwt } = await res.json();
    const client = new TavoraClient({ baseUrl: api, workspaceId: WORKSPACE, getJwt: () => jwt, storage: 'memory' });
    const session = await client.createAgentSession({ title: label });
    const summary = await client.runAgent(session.id, `hello from ${label}`, (name, payload) => {
      status.textContent = `event ${name}`;
      if (payload.type === 'response') document.getElementById('response').textContent = payload.content;
    });
    status.textContent = `done: ${summary.steps} steps`;
    document.body.dataset.state = 'done';
  } catch (e) {
    document.getElementById('error').textContent =
      e instanceof TavoraApiError ? `${e.kind} ${e.code}: ${e.message}` : String(e && e.stack ? e.stack : e);
    document.body.dataset.state = 'error';
  }
}
