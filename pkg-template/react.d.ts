// Types of `tavora-wasm/react`.
import type { AgentChat, AgentChatState, AgentChatOptions } from './types/chat.js';
import type { TavoraClient } from './index.js';

export type {
  AgentChatMessage,
  ChatPart,
  ChatStatus,
  AgentChatState,
  InputPart,
  ToolPart,
  CodePart,
  TextPart,
} from './types/chat.js';

export interface UseAgentChatOptions extends AgentChatOptions {
  /** A client of `tavora-wasm` or `tavora-wasm/inline`: create it once, outside the component (or in a module). */
  client: TavoraClient;
}

export interface UseAgentChatResult extends AgentChatState {
  send: AgentChat['send'];
  stop: AgentChat['stop'];
  respond: AgentChat['respond'];
  retry: AgentChat['retry'];
  /** Reads the session's history again. */
  reload: AgentChat['load'];
}

/**
 * The chat of one agent session (see `createAgentChat`), re-rendering at
 * most once per animation frame while a run streams. A new store is built
 * when `client` or `sessionId` change; unmounting aborts a running stream.
 */
export declare function useAgentChat(options: UseAgentChatOptions): UseAgentChatResult;
