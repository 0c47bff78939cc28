// `tavora-wasm/react`: useAgentChat, the chat store (chat.js) as a React
// hook on useSyncExternalStore. It loads no wasm and bundles no store of its
// own: the client (of either entry) builds the store, so errors are that
// entry's TavoraApiError. React is an optional peer dependency.
import { useEffect, useMemo, useSyncExternalStore } from 'react';

const CHAT_FACTORY = Symbol.for('tavora-wasm.createAgentChat');

function storeFor(client, options) {
  if (!client || typeof client[CHAT_FACTORY] !== 'function') {
    throw new TypeError('useAgentChat: `client` must be a TavoraClient of tavora-wasm');
  }
  return client[CHAT_FACTORY](options);
}

/**
 * The chat of one agent session. No request is made while rendering: the
 * history of `sessionId` is read after mount, and the session is created by
 * the first `send` when there is none, so StrictMode's double mount creates
 * no second session. Unmounting aborts a running stream.
 */
export function useAgentChat({ client, sessionId, createSession, coalesce } = {}) {
  // A new store only for another client or session; createSession and
  // coalesce are read when it is built.
  const chat = useMemo(
    () => storeFor(client, { sessionId, createSession, coalesce }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, sessionId],
  );
  const state = useSyncExternalStore(chat.subscribe, chat.getSnapshot, chat.getSnapshot);
  useEffect(() => {
    chat.load();
    return () => chat.stop();
  }, [chat]);
  return useMemo(
    () => ({
      messages: state.messages,
      status: state.status,
      error: state.error,
      pendingInput: state.pendingInput,
      sessionId: state.sessionId,
      send: chat.send,
      stop: chat.stop,
      respond: chat.respond,
      retry: chat.retry,
      reload: chat.load,
    }),
    [state, chat],
  );
}
