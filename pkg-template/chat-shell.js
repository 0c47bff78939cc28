// The core entry's `createAgentChat`: the store's code (chat.js, the
// reducer with it) is a module of its own, loaded when the first chat is
// created, so a page that never chats never downloads it. Until it has
// arrived the chat shows its initial state, and calls made meanwhile run,
// in order, once it has. A module that fails to load puts the chat in
// `status: "error"` and rejects the calls with that failure.

import { initialChatState } from './agent-events.js';

/**
 * `load()` gives chat.js's namespace (a dynamic import); `ErrorClass`
 * builds the store's typed errors.
 */
export function createLazyChat(load, client, options = {}, ErrorClass = Error) {
  let store = null;
  let failure = null;
  let disposed = false;
  let initial = initialChatState(options);
  const listeners = new Set();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const arrived = Promise.resolve()
    .then(load)
    .then(
      (chat) => {
        store = chat.createAgentChat(client, options, ErrorClass);
        if (disposed) store.dispose();
        else store.subscribe(notify);
      },
      (e) => {
        failure = new ErrorClass(`tavora-wasm: could not load the chat store (chat.js): ${e && e.message ? e.message : e}`, {
          code: 'chat_load_failed',
          kind: 'network',
          cause: e,
        });
        initial = { ...initial, status: 'error', error: failure };
      },
    )
    .then(() => {
      if (!disposed) notify();
    });
  const later = (method) => (...args) =>
    store
      ? store[method](...args)
      : arrived.then(() => {
          if (failure) throw failure;
          return store[method](...args);
        });

  return {
    getSnapshot: () => (store ? store.getSnapshot() : initial),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send: later('send'),
    respond: later('respond'),
    retry: later('retry'),
    load: later('load'),
    stop() {
      if (store) store.stop();
      else arrived.then(() => store && store.stop());
    },
    dispose() {
      disposed = true;
      listeners.clear();
      if (store) store.dispose();
    },
  };
}
