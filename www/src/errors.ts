// Turns whatever a call rejected with into a sentence a person can act on.

import { TavoraApiError } from 'tavora-wasm';

export interface Described {
  /** What to show. */
  message: string;
  /** `info` for a run the user stopped, `error` otherwise. */
  tone: 'info' | 'error';
}

type ErrorLike = {
  message?: string;
  status?: number;
  code?: string;
  kind?: string;
  apiMessage?: string;
  details?: Record<string, unknown>;
};

export function describeError(err: unknown, what = 'The request'): Described {
  const e: ErrorLike =
    err instanceof TavoraApiError || (err && typeof err === 'object') ? (err as ErrorLike) : { message: String(err) };
  const apiMessage = e.apiMessage || e.message || '';
  if (e.kind === 'aborted' || e.code === 'aborted' || (err instanceof DOMException && err.name === 'AbortError')) {
    return { tone: 'info', message: 'Stopped. The run was cancelled; the steps above are what arrived before.' };
  }
  if (e.code === 'stream_interrupted') {
    const n = e.details && typeof e.details.eventsReceived === 'number' ? e.details.eventsReceived : null;
    return {
      tone: 'error',
      message:
        `The connection to the agent was interrupted before the run finished` +
        (n !== null ? ` (after ${n} event${n === 1 ? '' : 's'})` : '') +
        '. What arrived is shown above; send the message again to retry.',
    };
  }
  if (e.code === 'stream_malformed') {
    return { tone: 'error', message: `The agent's event stream could not be read: ${e.message ?? ''}` };
  }
  if (e.code === 'agent_error') {
    const payload = (e.details?.payload ?? {}) as { content?: unknown; message?: unknown };
    const why = typeof payload.content === 'string' ? payload.content : typeof payload.message === 'string' ? payload.message : e.message;
    return { tone: 'error', message: `The agent stopped with an error: ${why}` };
  }
  if (e.status === 401) {
    return {
      tone: 'error',
      message: 'The server refused the credentials, even with a freshly minted key. Sign out and sign in again.',
    };
  }
  if (e.status === 404) return { tone: 'error', message: `Not found: ${apiMessage}` };
  if (e.status === 429) {
    const after = e.details?.retry_after_seconds;
    return { tone: 'error', message: `Too many requests; try again${typeof after === 'number' ? ` in ${after} s` : ' shortly'}.` };
  }
  if (typeof e.status === 'number' && e.status >= 500) {
    return { tone: 'error', message: `The server had a problem (HTTP ${e.status}${apiMessage ? `: ${apiMessage}` : ''}). Try again in a moment.` };
  }
  if (typeof e.status === 'number') {
    return { tone: 'error', message: `${what} failed (HTTP ${e.status}): ${apiMessage}` };
  }
  if (e.kind === 'network' || e.code === 'network_error') {
    return { tone: 'error', message: `Could not reach the server. Check that it is running. (${e.message ?? 'network error'})` };
  }
  return { tone: 'error', message: e.message || `${what} failed.` };
}
