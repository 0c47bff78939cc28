import { TavoraClient } from 'tavora-wasm';

document.body.textContent = 'hello';
const client = new TavoraClient({ baseUrl: location.origin, apiKey: 'tvr_x' });
client.getProject().then((p) => { document.body.textContent = p.name; });
