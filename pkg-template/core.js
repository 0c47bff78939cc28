// Shared by both entries (index.js: the .wasm as a file next to this one;
// inline.js: the .wasm bytes inlined as base64). Everything but where the
// wasm comes from lives here. No top-level await, no bundler plugin: the
// module is instantiated by the first call that needs it, or by `ready()`.
import init, * as wasm from './tavora_wasm.js';
import { ENDPOINTS } from './endpoints.js';
import { createLazyChat } from './chat-shell.js';

export { EventType, isKnownEvent, isTerminalEvent, asInputRequest } from './agent-events.js';

/** The key under which a client builds its chat store (for the React and AI SDK entries). */
export const CHAT_FACTORY = Symbol.for('tavora-wasm.createAgentChat');

/**
 * The chat store, its typed errors being `TavoraApiError`s. Its module
 * (chat.js, also the `tavora-wasm/chat` entry) is loaded on first use.
 */
export function createAgentChat(client, options) {
  return createLazyChat(() => import('./chat.js'), client, options, TavoraApiError);
}

// Every entry (default, inline, server, edge) bundles its own copy of this
// module, so the error class is one by brand rather than by identity.
const ERROR_BRAND = Symbol.for('tavora-wasm.TavoraApiError');

/**
 * Every error this package throws or rejects with. The wasm side fills in
 * `status`, `code`, `details`, `kind` (and `apiMessage` / `endpoint` where
 * they apply) on the instance it constructs. `instanceof` holds for an
 * error made by any of the package's entries.
 */
export class TavoraApiError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = 'TavoraApiError';
    this.status = undefined;
    this.code = 'error';
    this.kind = 'invalid_input';
    this.details = {};
    if (fields) Object.assign(this, fields);
  }

  static [Symbol.hasInstance](value) {
    // A subclass keeps the ordinary prototype check.
    if (this !== TavoraApiError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && value[ERROR_BRAND] === true;
  }
}
Object.defineProperty(TavoraApiError.prototype, ERROR_BRAND, { value: true });

// The glue module is shared by both entries, so "loaded" is shared too.
let loaded = false;

/** The URL a wasm source names, if it names one. */
function sourceUrl(source) {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  if (source && typeof source === 'object' && typeof source.url === 'string' && source.url) return source.url;
  return null;
}

function originOf(url) {
  try {
    return new URL(url, globalThis.location && globalThis.location.href).origin;
  } catch {
    return url;
  }
}

/**
 * What went wrong, and what to do about it: the URL tried, the cause, and
 * for the two ways a Content-Security-Policy blocks the module (compiling
 * it, fetching it) the directive that allows it.
 */
function loadError(e, url, violations) {
  if (e instanceof TavoraApiError) return e;
  const reason = e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
  const directive = (v) => String(v.effectiveDirective || v.violatedDirective || '');
  const compileBlocked =
    /Content Security Policy|unsafe-eval/i.test(reason) ||
    violations.some((v) => directive(v).startsWith('script-src') && /^(wasm-)?eval$/.test(String(v.blockedURI)));
  const fetchBlocked = violations.some((v) => directive(v).startsWith('connect-src'));
  let message = `tavora-wasm: could not load the WebAssembly module${url ? ` from ${url}` : ''}: ${reason}`;
  let csp;
  if (compileBlocked) {
    csp = 'script-src';
    message +=
      ". The page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to script-src" +
      " (not 'unsafe-eval', which also allows eval of JavaScript).";
  } else if (fetchBlocked) {
    csp = 'connect-src';
    message +=
      `. The page's Content-Security-Policy blocks fetching it: connect-src must cover ${url ? originOf(url) : 'its origin'}` +
      ", or use tavora-wasm/inline, which fetches no .wasm (script-src still needs 'wasm-unsafe-eval').";
  } else if (url && url.startsWith('file:')) {
    message +=
      ". fetch cannot read file:// URLs: on a server import 'tavora-wasm' by name (Node, Deno and Bun get an" +
      ' entry with the module inlined), or pass the bytes to ready().';
  }
  const details = {};
  if (url) details.url = url;
  if (csp) details.csp = csp;
  return new TavoraApiError(message, { code: 'wasm_load_failed', kind: 'network', details, cause: e });
}

/**
 * wasm-bindgen's `init`, with the page's CSP violations (if it reports
 * them) gathered while it runs, for the error to name.
 */
async function instantiate(source) {
  const target = globalThis;
  const listens = typeof target.addEventListener === 'function';
  const violations = [];
  const onViolation = (v) => violations.push(v);
  if (listens) target.addEventListener('securitypolicyviolation', onViolation);
  try {
    await init({ module_or_path: source });
  } catch (e) {
    // The violation report is a task of its own: let it arrive.
    if (listens) await new Promise((resolve) => setTimeout(resolve, 0));
    throw loadError(e, sourceUrl(source), violations);
  } finally {
    if (listens) target.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/**
 * Builds an entry's `ready` and `TavoraClient` around `defaultSource`, a
 * function giving what wasm-bindgen's `init` accepts (a URL, a Response,
 * bytes or a compiled module, or a promise of one).
 */
export function createEntry(defaultSource) {
  let loading = null;

  function ready(source) {
    if (!loading) {
      loading = Promise.resolve()
        .then(() => (source !== undefined ? source : defaultSource()))
        .then(instantiate, (e) => {
          throw loadError(e, null, []);
        })
        .then(() => {
          wasm.setErrorClass(TavoraApiError);
          loaded = true;
        });
      // A failed load (offline, 404) may be retried by the next call.
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  }

  const clientOf = Symbol('tavora.client');
  const optionsOf = Symbol('tavora.options');
  const inner = Symbol('tavora.inner');

  /**
   * The API client. Options are checked when the first method runs (bad
   * options reject that call and every later one, before any request).
   * Constructing one starts loading the wasm module in the background, so
   * a first call made later does not wait for the download.
   */
  class TavoraClient {
    constructor(options) {
      this[optionsOf] = options;
      this[clientOf] = null;
      // A failed load is reported (and retried) by the first call.
      ready().catch(() => {});
    }

    /** The wasm client, built once the module is loaded. */
    async [inner]() {
      await ready();
      if (!this[clientOf]) this[clientOf] = new wasm.TavoraClient(this[optionsOf]);
      return this[clientOf];
    }

    /** The key in use (`keyPrefix`, `keyId`, `expiresAt`, `expiresAtMs`) or null. */
    keyInfo() {
      return this[clientOf] ? this[clientOf].keyInfo() : null;
    }

    /** Forgets this client's cached keys (also those of an earlier page load). */
    signOut() {
      if (this[clientOf]) {
        this[clientOf].signOut();
        return;
      }
      this[inner]().then((c) => c.signOut(), () => {});
    }

    /**
     * The same run as `runAgent`, as an async iterator of `{ name, payload }`.
     * Leaving the loop early cancels the run. The iterator's return value is
     * the run summary; failures are thrown from the loop.
     */
    async *streamAgent(sessionId, message, options = {}) {
      const queue = [];
      let head = 0;
      let wake = null;
      let finished = false;
      let failure = null;
      let summary;
      const controller = new AbortController();
      const outer = options && options.signal;
      if (outer) {
        if (outer.aborted) controller.abort(outer.reason);
        else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
      }
      this.runAgent(sessionId, message, (name, payload) => {
        queue.push({ name, payload });
        if (wake) wake();
      }, { ...options, signal: controller.signal }).then(
        (s) => { summary = s; },
        (e) => { failure = e; },
      ).finally(() => {
        finished = true;
        if (wake) wake();
      });
      try {
        for (;;) {
          while (head < queue.length) {
            const item = queue[head];
            queue[head++] = undefined;
            yield item;
          }
          if (finished) {
            if (failure) throw failure;
            return summary;
          }
          await new Promise((resolve) => { wake = resolve; });
          wake = null;
        }
      } finally {
        if (!finished) controller.abort();
      }
    }
  }

  // How `tavora-wasm/react` and `tavora-wasm/ai-sdk` build a store for a
  // client of whichever entry made it, with that entry's error class.
  Object.defineProperty(TavoraClient.prototype, CHAT_FACTORY, {
    value(options) {
      return createAgentChat(this, options);
    },
  });

  const define = (name, value) =>
    Object.defineProperty(TavoraClient.prototype, name, { value, writable: true, configurable: true });

  // The plain JSON methods: one wasm export, `invoke(name, args)`, answers
  // them all from the Rust endpoint table (endpoints.js lists its names).
  for (const name of ENDPOINTS) {
    define(name, async function (...args) {
      const client = await this[inner]();
      return client.invoke(name, args);
    });
  }

  // Every other method of the wasm client, forwarded after the module loads.
  for (const name of Object.getOwnPropertyNames(wasm.TavoraClient.prototype)) {
    if (name === 'constructor' || name === 'free' || name === 'invoke' || name.startsWith('__') || name in TavoraClient.prototype) continue;
    define(name, async function (...args) {
      const client = await this[inner]();
      return client[name](...args);
    });
  }

  return { ready, TavoraClient };
}

/** The SSE decoder. Call `await ready()` once before constructing one. */
export class SseDecoder extends wasm.SseDecoder {
  constructor(maxEventSize) {
    if (!loaded) {
      throw new TavoraApiError('tavora-wasm is not loaded yet: await ready() before new SseDecoder()', {
        code: 'not_ready',
        kind: 'invalid_input',
      });
    }
    super(maxEventSize);
  }
}

/**
 * Bytes of WebAssembly memory the SDK holds (0 before it is loaded): for a
 * memory dashboard or a leak check.
 */
export function wasmMemoryBytes() {
  return loaded ? wasm.wasmMemoryBytes() : 0;
}

/** `err.status === 404` for a TavoraApiError. */
export function isNotFound(err) {
  return err instanceof TavoraApiError && err.status === 404;
}

/** `err.status === 401` for a TavoraApiError. */
export function isUnauthorized(err) {
  return err instanceof TavoraApiError && err.status === 401;
}

/**
 * For a `version_conflict` (the code decides, whatever the status):
 * `{ error, currentVersion }` (0 when the server omits it), else null.
 */
export function asVersionConflict(err) {
  if (!(err instanceof TavoraApiError) || err.code !== 'version_conflict') return null;
  const v = err.details && err.details.current_version;
  return { error: err, currentVersion: typeof v === 'number' && Number.isFinite(v) ? v : 0 };
}
