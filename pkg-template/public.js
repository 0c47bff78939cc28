// What every entry exports besides `ready` and `TavoraClient` (which each
// entry builds around its own wasm source): one list for all of them.
export {
  TavoraApiError,
  SseDecoder,
  isNotFound,
  isUnauthorized,
  asVersionConflict,
  isTerminalEvent,
  asInputRequest,
  wasmMemoryBytes,
  // The chat toolkit (chat.js).
  EventType,
  isKnownEvent,
  createAgentChat,
  reduceChat,
  chatFromHistory,
} from './core.js';
