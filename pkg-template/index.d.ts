// Types of `tavora-wasm` (and of `tavora-wasm/inline`, which has the same
// API). The API methods, entities and agent events live in ./types/api.d.ts
// and are re-exported from here; this file adds the client itself, its
// options, streaming, errors, the SSE decoder and the helpers.

import type {
  TavoraApi,
  AgentPayload,
  RunSummary,
  StreamCallOptions,
} from './types/api.js';

export * from './types/api.js';
export * from './types/chat.js';

// ---------------------------------------------------------------- loading

/**
 * A compiled `WebAssembly.Module` where the environment's types declare one
 * (the DOM lib, `@types/node`, Deno, workers), so these types need no DOM lib.
 */
export type CompiledWasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } }
  ? M
  : object;

/** The module's bytes. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

/**
 * Where the WebAssembly module comes from, for `ready(source)`: a URL, a
 * fetch `Response`, the bytes, or an already compiled module (or a promise
 * of one of these).
 */
export type WasmSource =
  | string
  | URL
  | Request
  | Response
  | WasmBytes
  | CompiledWasmModule
  | Promise<string | URL | Request | Response | WasmBytes | CompiledWasmModule>;

/**
 * Resolves once the WebAssembly module is instantiated. Every client method
 * awaits it by itself, so calling it is optional, except before
 * `new SseDecoder()`. Calling it early starts the download sooner.
 *
 * `source` overrides where the module comes from (by default the
 * `tavora_wasm_bg.wasm` next to the package's JS, which bundlers emit as an
 * asset; the inline entry uses its inlined bytes). Only the first call that
 * starts loading uses it — and constructing a `TavoraClient` starts loading
 * from the default source, so call `ready(source)` before that. A failed load rejects with a `TavoraApiError`
 * (`code: "wasm_load_failed"`) and is retried by the next call.
 */
export declare function ready(source?: WasmSource): Promise<void>;

// ---------------------------------------------------------------- client options

/** A `fetch` replacement (defaults to `globalThis.fetch`). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The key in use: never the key itself. */
export interface KeyInfo {
  /** The server's id of the key (`key_…`). */
  keyId: string;
  /** The first characters of the key, safe to show. */
  keyPrefix: string;
  /** Expiry as the server sent it (RFC 3339, server clock). */
  expiresAt: string;
  /** Expiry on this machine's clock (skew-corrected), Unix milliseconds. */
  expiresAtMs: number;
}

/** Options shared by both ways of authenticating. */
export interface TavoraClientBaseOptions {
  /** The Tavora server's origin, e.g. `"https://api.tavora.ai"`. */
  baseUrl: string;
  /** A `fetch` replacement (defaults to `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Each attempt's limit in milliseconds (default 60 000; 0: none). See `RequestOptions.timeoutMs`. */
  timeoutMs?: number;
  /** Retries per call, 0 to 10 (default 2). */
  maxRetries?: number;
  /** A stream's longest silence in milliseconds (default 300 000; 0: none). See `StreamCallOptions.idleTimeoutMs`. */
  idleTimeoutMs?: number;
  /** Called before every attempt (retries and the 401 re-mint included). */
  onRequest?: (info: AttemptInfo) => void;
  /** Called when every attempt's headers or failure arrive. */
  onResponse?: (info: AttemptInfo) => void;
}

/** One attempt of a call, for `onRequest` / `onResponse`: never a key, a JWT or a body. */
export interface AttemptInfo {
  method: string;
  /** The path under `/api/sdk`, with its query. */
  path: string;
  /** 1 for a call's first request; each retry and the re-mint's second request add one. */
  attempt: number;
  /** The wait slept before this attempt (a retry). */
  waitedMs?: number;
  /** `onResponse`: the status, `null` when no answer came. */
  status?: number | null;
  /** `onResponse`: from sending to the headers or the failure. */
  durationMs?: number;
  /** `onResponse`, when no answer came: the error's code (`"network_error"`, `"timeout"`, `"aborted"`). */
  error?: string;
}

/**
 * The browser flow: the signed-in user's JWT is exchanged for a short-lived
 * workspace key (`POST /api/auth/session-token`), cached, refreshed before
 * it expires and re-minted once on a 401.
 */
export interface TavoraSessionTokenOptions extends TavoraClientBaseOptions {
  /** The workspace (project) the key is minted for: a UUID. */
  workspaceId: string;
  /**
   * The user's JWT. `null`, `undefined` or `""` mean "not signed in": calls
   * then reject with a 401 `unauthenticated` error without any request.
   */
  getJwt: () => string | null | undefined | Promise<string | null | undefined>;
  /** Where the key is cached: `"session"` (sessionStorage, the default) or `"memory"`. */
  storage?: 'session' | 'memory';
  /** How long before expiry a key is replaced, in milliseconds. */
  earlyRefreshMs?: number;
  /** Called with the new key's info whenever the key changes (`null`: dropped). */
  onKeyChange?: (info: KeyInfo | null) => void;
  /** Called when the server refuses the JWT: time to sign in again. */
  onUnauthenticated?: () => void;
  /** A clock in Unix milliseconds other than `Date.now()`. */
  now?: () => number;
  apiKey?: never;
}

/** A fixed key (a server-issued workspace key). Keep such keys off public pages. */
export interface TavoraApiKeyOptions extends TavoraClientBaseOptions {
  /** The workspace API key (`tvr_…`), sent as `X-API-Key`. */
  apiKey: string;
  workspaceId?: never;
  getJwt?: never;
  storage?: never;
  earlyRefreshMs?: never;
  onKeyChange?: never;
  onUnauthenticated?: never;
  now?: never;
}

/** `new TavoraClient(options)`: either the session-token exchange or a fixed key. */
export type TavoraClientOptions = TavoraSessionTokenOptions | TavoraApiKeyOptions;

// ---------------------------------------------------------------- streaming

/**
 * One event of a run, as `streamAgent` yields it (and `runAgent` hands it to
 * its callback as two arguments): the SSE event name (`"step"`,
 * `"input_request"`, `"done"`, `"error"`, or one this version does not
 * know) with its parsed JSON payload; or, for a frame whose data was not
 * JSON, the name `"parse_error"` with an `AgentParseError`.
 */
export interface AgentStreamEvent {
  name: string;
  payload: AgentPayload;
}

// ---------------------------------------------------------------- sdkFetch

/** `init` of `sdkFetch`. */
export interface SdkFetchInit {
  /** HTTP method (default `"GET"`). */
  method?: string;
  /** The request body; a string is sent as `application/json` unless `contentType` says otherwise. */
  body?: RequestInit['body'];
  /** The body's `Content-Type`. */
  contentType?: string;
  signal?: AbortSignal;
}

// ---------------------------------------------------------------- client

/**
 * The API client. Construction never throws; it starts loading the
 * WebAssembly module in the background, which the first method call awaits,
 * and the options are checked then (bad options reject that call and every
 * later one, before any request). Every method of `TavoraApi` (from
 * ./types/api.d.ts: `getProject`, `createAgentSession`, `runAgent`, …) is
 * a method of the client.
 *
 * `runAgent(sessionId, message, onEvent, options?)` streams a run: events go
 * to `onEvent(name, payload)` in order, as they arrive. It resolves with the
 * `done` event's summary; rejects with a `TavoraApiError` for an `error`
 * event (`code: "agent_error"`), a stream that ends without a terminal event
 * (`"stream_interrupted"`), an abort (`kind: "aborted"`), or with `onEvent`'s
 * own exception (the run is cancelled first).
 */
export interface TavoraClient extends TavoraApi {}
export declare class TavoraClient {
  constructor(options: TavoraClientOptions);

  /** The key in use, or `null` (also before the first call). Never the key. */
  keyInfo(): KeyInfo | null;

  /** Forgets this client's cached keys (also those stored by an earlier page load). */
  signOut(): void;

  /**
   * The authenticated escape hatch: `fetch(baseUrl + "/api/sdk" + path, init)`
   * with the same key handling as every other call. Resolves with the
   * `Response` whatever its status.
   */
  sdkFetch(path: string, init?: SdkFetchInit): Promise<Response>;

  /**
   * The same run as an async iterator of `{ name, payload }`: leaving the
   * `for await` loop early (break, return, throw) cancels the run; failures
   * are thrown from the loop; the iterator's return value is the summary.
   */
  streamAgent(
    sessionId: string,
    message: string,
    options?: StreamCallOptions,
  ): AsyncGenerator<AgentStreamEvent, RunSummary | undefined, undefined>;
}

// ---------------------------------------------------------------- errors

/**
 * What failed: an HTTP error answer (`status` set), the network (or the
 * .wasm download), an unexpected response body, an abort, bad input caught
 * before any request, or a streaming run.
 */
export type TavoraErrorKind = 'http' | 'network' | 'decode' | 'aborted' | 'invalid_input' | 'stream';

/** Fields of a `TavoraApiError`, for constructing one (e.g. in tests). */
export interface TavoraApiErrorFields {
  status?: number;
  code?: string;
  kind?: TavoraErrorKind;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Every error this package throws or rejects with. */
export declare class TavoraApiError extends Error {
  constructor(message: string, fields?: TavoraApiErrorFields);
  /** `"AbortError"` for an aborted call, else `"TavoraApiError"`. */
  name: 'TavoraApiError' | 'AbortError';
  /** The HTTP status, for `kind: "http"`. */
  status?: number;
  /**
   * The stable code: the server's (e.g. `"NOT_FOUND"`, `"unauthorized"`,
   * `"version_conflict"`, `"rate_limited"`), or ours: `"network_error"`,
   * `"decode_error"`, `"aborted"`, `"invalid_input"`, `"agent_error"`,
   * `"stream_interrupted"`, `"stream_malformed"`, `"wasm_load_failed"`.
   */
  code: string;
  message: string;
  /**
   * Structured detail: for HTTP errors every top-level field of the body
   * but `code` and `message` (e.g. `current_version`, `retry_after_seconds`,
   * `field`); `{ payload }` (the `error` event) for `agent_error`;
   * `{ eventsReceived }` for `stream_interrupted`; else `{}`.
   */
  details: Record<string, unknown>;
  kind: TavoraErrorKind;
  /** The server's own message, for `kind: "http"`. */
  apiMessage?: string;
  /** The endpoint whose answer could not be read, for `kind: "decode"`. */
  endpoint?: string;
}

/** `err.status === 404` for a `TavoraApiError`. */
export declare function isNotFound(err: unknown): err is TavoraApiError & { readonly status: 404 };

/** `err.status === 401` for a `TavoraApiError`. */
export declare function isUnauthorized(err: unknown): err is TavoraApiError & { readonly status: 401 };

/** A 409 `version_conflict`, with the server's current version. */
export interface VersionConflict {
  error: TavoraApiError;
  /** The server's `current_version` (0 when it sent none). */
  currentVersion: number;
}

/** For a 409 `version_conflict`: the error and the current version; else `null`. */
export declare function asVersionConflict(err: unknown): VersionConflict | null;

/**
 * Whether an agent event ends a run: event name `done` / `error`, or a
 * payload whose `type` is `done` / `error`.
 */
export declare function isTerminalEvent(name: string, payload?: unknown): boolean;

export { asInputRequest } from './types/events.js';

/** Bytes of WebAssembly memory the SDK holds (0 before it is loaded). */
export declare function wasmMemoryBytes(): number;

// ---------------------------------------------------------------- SSE decoder

/** One server-sent event, as the WHATWG spec dispatches it. */
export interface SseEvent {
  /** The event type (`"message"` when the frame named none). */
  event: string;
  /** The data lines, joined with `\n`. */
  data: string;
  /** The last event ID in force. */
  id: string;
  /** A `retry:` value in this frame, in milliseconds. */
  retry?: number;
}

/**
 * The spec-exact, chunk-proof SSE decoder the runs use, for your own
 * streams. Call `await ready()` once before constructing one.
 */
export declare class SseDecoder {
  /** `maxEventSize` (bytes, default 32 MiB) bounds one event's buffered data. */
  constructor(maxEventSize?: number);
  /** Feeds bytes; returns the events they complete, in order. Throws a `TavoraApiError` (`"stream_malformed"`) past `maxEventSize`. */
  push(bytes: Uint8Array): SseEvent[];
  /** End of stream: returns what is left to dispatch (an unterminated last block is discarded). */
  finish(): SseEvent[];
  /** The last event ID in force (`""` if never set). */
  readonly lastEventId: string;
  /** Frees the decoder's memory now instead of at garbage collection. */
  free(): void;
}
