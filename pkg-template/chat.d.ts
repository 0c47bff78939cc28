// Types of `tavora-wasm/chat`: the chat model's pure functions, for an app
// that keeps its own state (the store, `createAgentChat`, is in the core
// entry and loads this module when it is first used).
import type { AgentChatMessage } from './types/chat.js';
import type { AgentPayload, AgentSessionDetail, JsonValue } from './types/api.js';

export { EventType, isKnownEvent } from './types/events.js';
export { isTerminalEvent } from './index.js';
export type * from './types/chat.js';

/** An action of `reduceChat`. */
export type ChatAction =
  | { type: 'user'; text: string }
  | { type: 'event'; name: string; payload: AgentPayload }
  | { type: 'answer'; requestId: string; value: JsonValue }
  | { type: 'reopen'; requestId: string }
  | { type: 'end'; error?: { code?: string; message: string } };

/** The chat model after one action (pure; unchanged messages keep their identity). */
export declare function reduceChat(messages: readonly AgentChatMessage[], action: ChatAction): AgentChatMessage[];

/** The chat model of a session's history: the same messages its live runs produced. */
export declare function chatFromHistory(detail: AgentSessionDetail): AgentChatMessage[];
