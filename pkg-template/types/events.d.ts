// Agent events: the kinds this version knows as a closed union discriminated
// on `type` (so `if (e.type === 'input_request')` narrows, and a misspelt
// kind is a type error), the kinds it does not know as a type of their own,
// and the runtime constants `EventType`.

import type { JsonValue, CallTokens, RunSummary } from './api.js';

/** Event `args`: a JSON object. */
export type EventArgs = { [key: string]: JsonValue | undefined };

/** The fields any event may carry. */
export interface AgentEventFields {
  content?: string;
  tool?: string;
  args?: EventArgs;
  result?: JsonValue;
  summary?: RunSummary;
  tokens?: CallTokens;
}

/** Partial LLM text or a sandbox primitive (`args.kind`: `fetch`, `ai`, `web_search`, …). */
export interface SandboxEvent extends AgentEventFields {
  type: 'sandbox_event';
  args?: { kind?: string; summary?: string; [key: string]: JsonValue | undefined };
}
/** A complete JS block the agent runs: `content` is the source. */
export interface ExecuteJsEvent extends AgentEventFields {
  type: 'execute_js';
}
/** The sandbox's answer: `content` formatted, `result` raw. */
export interface ExecuteJsResultEvent extends AgentEventFields {
  type: 'execute_js_result';
}
/** Session data changed: `args` holds the changed keys. */
export interface DataUpdateEvent extends AgentEventFields {
  type: 'data_update';
}
/** The user-visible answer in `content`. */
export interface ResponseEvent extends AgentEventFields {
  type: 'response';
}
/** An LLM reasoning step. */
export interface ThinkEvent extends AgentEventFields {
  type: 'think' | 'thinking';
}
/** A function-call tool started: `tool`, `args`. */
export interface ToolCallEvent extends AgentEventFields {
  type: 'tool_call';
}
/** A function-call tool finished: `tool`, `content`, `result`. */
export interface ToolResultEvent extends AgentEventFields {
  type: 'tool_result';
}

/** The fields of an `input_request` event's `args`. */
export interface InputRequestArgs {
  request_id: string;
  input_type: 'confirm' | 'choice' | 'text' | (string & {});
  message?: string;
  options?: string[];
  placeholder?: string;
  [key: string]: JsonValue | undefined;
}
/** The run is paused until `respondToAgentInput(sessionId, args.request_id, value)`. */
export interface InputRequestEvent extends AgentEventFields {
  type: 'input_request';
  args: InputRequestArgs;
}
/** Terminal success. */
export interface DoneEvent extends AgentEventFields {
  type: 'done';
  summary: RunSummary;
}
/** Terminal failure: `content` is the message. */
export interface ErrorEvent extends AgentEventFields {
  type: 'error';
}
/** A replay's new session (also in the `done` summary). */
export interface ReplayStartedEvent extends AgentEventFields {
  type: 'replay_started';
  session_id?: string;
}

/** One event of a kind this version knows, discriminated on `type`. */
export type AgentEvent =
  | SandboxEvent
  | ExecuteJsEvent
  | ExecuteJsResultEvent
  | DataUpdateEvent
  | ResponseEvent
  | ThinkEvent
  | ToolCallEvent
  | ToolResultEvent
  | InputRequestEvent
  | DoneEvent
  | ErrorEvent
  | ReplayStartedEvent;

/** The `type` of a known kind. */
export type AgentEventType = AgentEvent['type'];

/**
 * An event of a kind this version does not know: delivered, never dropped.
 * At runtime its `type` is the kind's name (a string). It is typed `never`
 * so that comparing `type` with a known kind narrows to that kind alone, and
 * a misspelt kind is a type error; compare it with a newer kind's name
 * (`e.type === 'telemetry'`) or read it with `String(e.type)`.
 */
export interface UnknownAgentEvent extends AgentEventFields {
  type: never;
  [key: string]: unknown;
}

/** A frame whose data was not JSON (event name `"parse_error"`). */
export interface AgentParseError {
  /** Absent: what tells a parse error from an event. */
  type?: undefined;
  event: string;
  raw: string;
  error: string;
}

/** What `runAgent` hands its callback (and `streamAgent` yields as `payload`). */
export type AgentPayload = AgentEvent | UnknownAgentEvent | AgentParseError;

/** Called per event, in order: the SSE event name and its payload. */
export type AgentEventCallback = (name: string, payload: AgentPayload) => void;

/** The known kinds by name, for JS users (`EventType.InputRequest === 'input_request'`). */
export declare const EventType: {
  readonly SandboxEvent: 'sandbox_event';
  readonly ExecuteJs: 'execute_js';
  readonly ExecuteJsResult: 'execute_js_result';
  readonly ToolCall: 'tool_call';
  readonly ToolResult: 'tool_result';
  readonly Response: 'response';
  readonly InputRequest: 'input_request';
  readonly Error: 'error';
  readonly Done: 'done';
  readonly DataUpdate: 'data_update';
  readonly Think: 'think';
  readonly Thinking: 'thinking';
  readonly ReplayStarted: 'replay_started';
};

/** Whether a payload is an event of a kind this version knows. */
export declare function isKnownEvent(payload: unknown): payload is AgentEvent;

/** An `input_request`, normalised by `asInputRequest`. */
export interface InputRequest {
  /** `args.request_id`: answer with `respondToAgentInput(sessionId, requestId, value)`. */
  requestId: string;
  /** `args.input_type`: `"confirm"` (a boolean), `"choice"` (one of `options`), `"text"`, or newer kinds. */
  inputType: 'confirm' | 'choice' | 'text' | (string & {});
  /** `args.message`, else the event's `content`. */
  message: string;
  /** `args.options`, its strings only. */
  options: string[];
  placeholder: string;
  /** The event itself. */
  event: InputRequestEvent;
}

/** The payload as an `InputRequest` when it is an `input_request` (whatever its args lack), else `null`. */
export declare function asInputRequest(payload: unknown): InputRequest | null;
