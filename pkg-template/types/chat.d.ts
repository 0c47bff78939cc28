// The chat toolkit: one chat model for live runs and for history, and
// `createAgentChat`, a framework-free store (the React hook of
// `tavora-wasm/react` and the AI SDK transport of `tavora-wasm/ai-sdk` sit on it).

import type { JsonValue, AgentSessionDetail, CreateAgentSessionInput, AgentSession } from './api.js';
import type { AgentPayload, EventArgs } from './events.js';

/** The reply text (`response`). */
export interface TextPart {
  type: 'text';
  text: string;
}
/** An LLM reasoning step (`think` / `thinking`). */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
}
/** A tool call paired with its result (`tool_call` + `tool_result`). */
export interface ToolPart {
  type: 'tool';
  id: string;
  tool: string;
  args: EventArgs;
  /** `failed`: the result said so, or the run ended before it came. */
  state: 'running' | 'done' | 'failed';
  /** The result as text (its `content`, else its `result` as JSON). */
  output?: string;
}
/** Code the agent ran, with its output (`execute_js` + `execute_js_result`). */
export interface CodePart {
  type: 'code';
  id: string;
  code: string;
  state: 'running' | 'done' | 'failed';
  output?: string;
}
/** Sandbox activity (`sandbox_event`; `data_update` as kind `"data_update"`). */
export interface ActivityPart {
  type: 'activity';
  kind: string;
  summary: string;
}
/** An input request: pending, answered (with the value), or abandoned (the run ended first). */
export interface InputPart {
  type: 'input';
  requestId: string;
  inputType: 'confirm' | 'choice' | 'text' | (string & {});
  message: string;
  options: string[];
  placeholder: string;
  state: 'pending' | 'answered' | 'abandoned';
  value?: JsonValue;
}
/**
 * An error: the agent's (`code: "agent_error"`), a frame that could not be
 * read (`"parse_error"`, the run goes on), or the run's failure (the
 * `TavoraApiError`'s code, e.g. `"stream_interrupted"`).
 */
export interface ErrorPart {
  type: 'error';
  code: string;
  message: string;
}
/** The run summary (`done`). */
export interface SummaryPart {
  type: 'summary';
  steps: number;
  tokens: { prompt: number; completion: number };
}
/** An event of a kind this version does not know. */
export interface EventPart {
  type: 'event';
  kind: string;
  content?: string;
  args?: EventArgs;
}

export type ChatPart =
  | TextPart
  | ReasoningPart
  | ToolPart
  | CodePart
  | ActivityPart
  | InputPart
  | ErrorPart
  | SummaryPart
  | EventPart;

/** One message: the user's text, or the agent's turn as parts. */
export interface AgentChatMessage {
  /** Stable across live runs and history: `turn-<n>-user` / `turn-<n>-assistant`. */
  id: string;
  role: 'user' | 'assistant';
  parts: ChatPart[];
}

/**
 * `loading`: history is being read; `ready`: idle; `submitted`: sent, no
 * event yet; `streaming`: events arriving; `awaiting_input`: paused on an
 * input request (`pendingInput`); `error`: the last run or load failed (`error`).
 */
export type ChatStatus = 'loading' | 'ready' | 'submitted' | 'streaming' | 'awaiting_input' | 'error';

/** A snapshot: immutable; an unchanged message keeps its identity. */
export interface AgentChatState {
  readonly messages: readonly AgentChatMessage[];
  readonly status: ChatStatus;
  /** A `TavoraApiError` (or what `createSession` threw). */
  readonly error: Error | null;
  readonly pendingInput: InputPart | null;
  readonly sessionId: string | null;
}

export interface AgentChatOptions {
  /** An existing session: `load()` reads its history. */
  sessionId?: string | undefined;
  /**
   * How the first `send` creates the session when there is none: the input
   * of `createAgentSession` (default `{}`), or a function that returns the
   * session (or its id), given the client and the first message (to title
   * the session after it, say).
   */
  createSession?:
    | undefined
    | CreateAgentSessionInput
    | ((client: AgentChatClient, firstMessage: string) => Promise<AgentSession | string> | AgentSession | string);
  /**
   * Notify subscribers at most once per animation frame while streaming
   * (default `true`); `false` notifies on every change (tests).
   */
  coalesce?: boolean | undefined;
}

/** What the store uses of a `TavoraClient`. */
export interface AgentChatClient {
  createAgentSession(input?: CreateAgentSessionInput): Promise<AgentSession>;
  getAgentSession(id: string): Promise<AgentSessionDetail>;
  runAgent(
    sessionId: string,
    message: string,
    onEvent: (name: string, payload: AgentPayload) => void,
    options?: { signal?: AbortSignal },
  ): Promise<unknown>;
  respondToAgentInput(sessionId: string, requestId: string, value: JsonValue): Promise<void>;
}

export interface AgentChat {
  getSnapshot(): AgentChatState;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Sends a message and streams the run; resolves when it ends (a failed run
   * resolves too: see `status` / `error`). Rejects with a `TavoraApiError`
   * `code: "run_active"` while a run is active, `"chat_loading"` while
   * history loads, `"invalid_input"` for an empty message.
   */
  send(text: string): Promise<void>;
  /** Aborts the run and its connection (also while paused on input). */
  stop(): void;
  /** Answers the pending input request; rejects `"no_pending_input"` when there is none. */
  respond(value: JsonValue): Promise<void>;
  /** Sends the last user message again, replacing its turn. */
  retry(): Promise<void>;
  /** Reads the session's history (`getAgentSession`) into `messages`. */
  load(): Promise<void>;
  /** Aborts any run and drops every subscriber. */
  dispose(): void;
}

/** A chat store over `client`. Nothing reaches the network before `load()` or `send()`. */
export declare function createAgentChat(client: AgentChatClient, options?: AgentChatOptions): AgentChat;
