import { TavoraClient, TavoraApiError } from 'tavora-wasm/inline';
import { run } from './app.js';

run({ TavoraClient, TavoraApiError }, 'webpack inline');
