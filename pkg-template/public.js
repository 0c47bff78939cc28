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
  // The chat toolkit (the reducer itself is `tavora-wasm/chat`).
  EventType,
  isKnownEvent,
  createAgentChat,
} from './core.js';
