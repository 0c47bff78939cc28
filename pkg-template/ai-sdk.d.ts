// Types of `tavora-wasm/ai-sdk` (needs the `ai` package, 7.x).
import type { ChatTransport, UIMessage, UIMessageChunk } from 'ai';
import type { AgentChatOptions, InputPart, ActivityPart, SummaryPart, EventPart, ErrorPart } from './types/chat.js';
import type { JsonValue } from './types/api.js';
import type { TavoraClient } from './index.js';

/** The `data-tavora-*` parts the transport adds to assistant messages. */
export type TavoraDataParts = {
  'tavora-input': InputPart;
  'tavora-activity': ActivityPart;
  'tavora-summary': SummaryPart;
  'tavora-event': EventPart;
  'tavora-error': ErrorPart;
};

/** `finish` metadata: the run summary. */
export interface TavoraMessageMetadata {
  summary?: SummaryPart;
}

/** useChat's message type with the transport's data parts. */
export type TavoraUIMessage = UIMessage<TavoraMessageMetadata, TavoraDataParts>;

export interface TavoraChatTransportOptions {
  client: TavoraClient;
  /** An existing session; without one, the first message creates it. */
  sessionId?: string | undefined;
  createSession?: AgentChatOptions['createSession'];
}

/**
 * `useChat({ transport: new TavoraChatTransport({ client, sessionId }) })`:
 * the last user message's text is sent as the run's message; reply text
 * streams as text parts, tool calls and code runs as `dynamic-tool` parts,
 * input requests as `data-tavora-input` parts (answer with `respond`),
 * activity, unknown events and the summary as `data-tavora-*` parts.
 * `stop()` of useChat aborts the run and its connection.
 */
export declare class TavoraChatTransport implements ChatTransport<TavoraUIMessage> {
  constructor(options: TavoraChatTransportOptions);
  /** The session in use (set once the first message created it). */
  readonly sessionId: string | null;
  /** The pending input request, or null. */
  readonly pendingInput: InputPart | null;
  /** Answers the pending input request; the same stream goes on. */
  respond(value: JsonValue): Promise<void>;
  /** Aborts the run. */
  stop(): void;
  /** The session's history as UI messages, for `useChat({ messages })`. */
  loadMessages(): Promise<TavoraUIMessage[]>;
  sendMessages(options: Parameters<ChatTransport<TavoraUIMessage>['sendMessages']>[0]): Promise<ReadableStream<UIMessageChunk<TavoraMessageMetadata, TavoraDataParts>>>;
  reconnectToStream(options: Parameters<ChatTransport<TavoraUIMessage>['reconnectToStream']>[0]): Promise<ReadableStream<UIMessageChunk<TavoraMessageMetadata, TavoraDataParts>> | null>;
}
