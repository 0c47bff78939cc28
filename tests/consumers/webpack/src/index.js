import { TavoraClient, TavoraApiError } from 'tavora-wasm';
import { run } from './app.js';

run({ TavoraClient, TavoraApiError }, 'webpack');
