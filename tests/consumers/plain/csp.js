// Loaded by csp.html under the Content-Security-Policy the server sends:
// `?entry=inline` uses tavora-wasm/inline, otherwise the default entry.
const params = new URLSearchParams(location.search);
const api = params.get('api') || location.origin;
const entry = params.get('entry') === 'inline' ? 'inline.js' : 'index.js';
const WORKSPACE = '11111111-1111-4111-8111-111111111111';

try {
  const { TavoraClient } = await import(`./node_modules/tavora-wasm/${entry}`);
  const { signIn } = await import('./signin.js');
  const jwt = await signIn(api);
  const client = new TavoraClient({ baseUrl: api, workspaceId: WORKSPACE, getJwt: () => jwt, storage: 'memory' });
  const project = await client.getProject();
  document.getElementById('response').textContent = `project ${project.name}`;
  document.body.dataset.state = 'done';
} catch (e) {
  document.getElementById('error').textContent = `${e.code}: ${e.message}`;
  document.getElementById('details').textContent = JSON.stringify(e.details || {});
  document.body.dataset.state = 'error';
}
