// The Tavora /api/sdk surface as this package exposes it: every entity,
// every request/option type, and `TavoraApi`, the API methods of
// `TavoraClient`. Field names are the wire's (snake_case, except the
// code-first source surface, which is camelCase on the wire too). Option
// bags that never reach the wire as JSON (list filters, upload options)
// are camelCase, as in the official TS SDK. Hand-written; kept exact.

// ---------------------------------------------------------------- JSON

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** An RFC 3339 timestamp string, e.g. `"2026-05-17T10:30:00Z"`. */
export type Timestamp = string;

// ---------------------------------------------------------------- project

export interface Project {
  id: string;
  team_id: string;
  name: string;
  slug: string;
  description: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface TokenMetrics {
  prompt_tokens: number;
  /** Not "completion": the wire says candidate. */
  candidate_tokens: number;
  total_tokens: number;
  request_count: number;
}

export interface AgentMetrics {
  total_sessions: number;
  active_sessions: number;
  completed_sessions: number;
  error_sessions: number;
  total_steps: number;
}

export interface EvalMetrics {
  total_runs: number;
  completed_runs: number;
  total_passed: number;
  total_failed: number;
  average_score: number;
}

export interface Metrics {
  tokens: TokenMetrics;
  agents: AgentMetrics;
  evals: EvalMetrics;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- indexes

export interface Index {
  id: string;
  project_id: string;
  name: string;
  description: string;
  /** Customer-owned, opaque. */
  metadata: JsonObject;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface CreateIndexInput {
  name: string;
  description?: string;
  metadata?: JsonObject;
}

export interface UpdateIndexInput {
  /** Required by the wire. */
  name: string;
  description?: string;
  /** Omit to keep; `{}` clears. */
  metadata?: JsonObject;
}

// ---------------------------------------------------------------- documents

export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'stored' | 'error' | (string & {});

export interface Document {
  id: string;
  project_id: string;
  index_id: string;
  filename: string;
  content_type: string;
  file_size: number;
  status: DocumentStatus;
  error_message: string | null;
  page_count: number | null;
  chunk_count: number;
  /** Logical name; re-uploading the same name makes a new version. */
  name: string | null;
  version: number;
  is_latest: boolean;
  metadata: JsonObject;
  parent_id: string | null;
  created_by_api_key_id: string | null;
  /** Hex sha256 of the uploaded bytes. */
  content_sha256: string | null;
  deleted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

/** One page of documents. */
export interface DocumentPage {
  data: Document[];
  total: number;
  has_more: boolean;
}

/** `listDocuments` / `listAllDocuments` options (sent as the query). */
export interface ListDocumentsOptions {
  /** Default 50; at least 1. Always sent. */
  limit?: number;
  /** Default 0. */
  offset?: number;
  /** Case-insensitive filename match. */
  q?: string;
  /** Equality on `metadata.source`. */
  source?: string;
  includeDeleted?: boolean;
  /** Children of this document (e.g. its extracted markdown sibling). */
  parentId?: string;
  /** Equality on `metadata.derived_from` (e.g. `"extraction"`). */
  derivedFrom?: string;
  contentSha256?: string;
  /** Documents with the same content as this one, itself excluded. */
  duplicateOf?: string;
  /** `metadata.<key>=<value>` filters (JSON containment). */
  metadata?: Record<string, string>;
}

/** `uploadDocument` options (multipart fields). */
export interface UploadDocumentOptions {
  /**
   * `onProgress(loaded, total)` as the body uploads (bytes of the whole
   * multipart body). The upload then goes through XMLHttpRequest, since
   * `fetch` cannot report upload progress.
   */
  onProgress?: (loaded: number, total: number) => void;
  /** Default: `file.name`, else `"upload.bin"`. */
  filename?: string;
  /** The file part's content type. Default: `file.type`, else `application/octet-stream`. */
  contentType?: string;
  /** Logical name: enables version-on-rewrite for (index, name). */
  name?: string;
  parentId?: string;
  /** Optimistic concurrency: 409 `version_conflict` (see `asVersionConflict`) unless the latest version is this one. */
  ifVersion?: number;
  /** Caller metadata; `source`/`task`/`type` and `tags` are merged over it. */
  metadata?: JsonObject;
  /** Shorthand for `metadata.source`. */
  source?: string;
  /** Shorthand for `metadata.task`. */
  task?: string;
  /** Shorthand for `metadata.type`. */
  type?: string;
  /** Merged flat into metadata (`{branch: "main"}` → `metadata.branch`). */
  tags?: Record<string, string>;
}

export interface GetDocumentByNameOptions {
  /** A specific version (≥ 1); omitted = the latest live one. */
  version?: number;
}

export interface DeleteDocumentOptions {
  /** Also remove the stored file (default: soft delete). */
  hard?: boolean;
}

/** The search body; `result_type` is set by the method. */
export interface SearchRequest {
  query: string;
  top_k?: number;
  min_score?: number;
}

/** `search` / `searchDocuments` input: `indexId` scopes to one index (not sent). */
export interface SearchInput extends SearchRequest {
  indexId?: string;
}

/** A chunk hit. */
export interface SearchResult {
  chunk_id: string;
  document_id: string;
  filename: string;
  document_name: string | null;
  document_metadata: JsonObject;
  content: string;
  score: number;
  chunk_index: number;
  metadata: JsonObject;
  [key: string]: unknown;
}

/** A document hit: one per document, with its best chunk. */
export interface DocumentSearchResult {
  document_id: string;
  index_id: string;
  filename: string;
  document_name: string | null;
  document_metadata: JsonObject;
  parent_id: string | null;
  content_sha256: string | null;
  score: number;
  best_chunk: { chunk_id: string; chunk_index: number; preview: string };
  [key: string]: unknown;
}

// ---------------------------------------------------------------- secret vaults

export interface SecretVault {
  id: string;
  project_id: string;
  name: string;
  metadata: JsonObject;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

/** A secret without its value (no value is ever returned). */
export interface RedactedSecret {
  vault_id: string;
  name: string;
  kek_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface CreateSecretVaultInput {
  name: string;
  metadata?: JsonObject;
}

export interface UpdateSecretVaultInput {
  /** Omit to keep. */
  metadata?: JsonObject;
}

// ---------------------------------------------------------------- chat

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | (string & {});
  content: string;
}

export interface ChatCompletionInput {
  model?: string;
  /** Non-empty; the last one from the user. */
  messages: ChatMessage[];
  use_rag?: boolean;
  index_id?: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  object: string;
  /** Unix seconds. */
  created: number;
  model: string;
  choices: { index: number; message: ChatMessage; finish_reason: string }[];
  usage: Usage;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- conversations

export interface Conversation {
  id: string;
  project_id: string;
  title: string;
  system_prompt: string;
  model: string;
  metadata: JsonValue;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface ConversationMessage {
  id: string;
  conversation_id: string;
  role: string;
  content: string;
  created_at: Timestamp;
  [key: string]: unknown;
}

export interface ConversationDetail {
  conversation: Conversation;
  messages: ConversationMessage[];
  token_usage: Usage | null;
}

export interface CreateConversationInput {
  title?: string;
  system_prompt?: string;
  model?: string;
  metadata?: JsonValue;
}

export interface SendMessageInput {
  content: string;
  use_rag?: boolean;
  index_id?: string;
}

export interface SendMessageResult {
  user_message: ConversationMessage;
  message: ConversationMessage;
  token_usage: Usage;
}

/** `limit` (default 50, at least 1) and `offset` (default 0). */
export interface ListOptions {
  limit?: number;
  offset?: number;
}

// ---------------------------------------------------------------- agent sessions

export interface AgentSession {
  id: string;
  project_id: string;
  title: string;
  system_prompt: string;
  model: string;
  tools_config: JsonValue;
  metadata: JsonValue;
  /** `active`, `completed`, `error`, … */
  status: string;
  /** Omitted when empty. */
  index_ids?: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
  prompt_tokens?: number;
  completion_tokens?: number;
  step_count?: number;
  duration_ms?: number;
  finished_at?: Timestamp;
  [key: string]: unknown;
}

export interface AgentStep {
  id: string;
  session_id: string;
  step_index: number;
  step_type: string;
  content: string;
  tool_name: string;
  tool_args: JsonValue;
  duration_ms: number;
  created_at: Timestamp;
  prompt_tokens?: number;
  completion_tokens?: number;
  [key: string]: unknown;
}

export interface AgentSessionDetail {
  session: AgentSession;
  steps: AgentStep[];
}

/** Every field optional; never pass `agent_version_id` with `system_prompt`/`model`. */
export interface CreateAgentSessionInput {
  agent_version_id?: string;
  title?: string;
  system_prompt?: string;
  model?: string;
  tools?: string[];
  metadata?: JsonValue;
  agent_id?: string;
  target?: 'live' | 'draft';
  /** Omit = every index; `[]` = none. */
  index_ids?: string[];
}

// ---------------------------------------------------------------- agent events

/** Token counts of one LLM call. */
export interface CallTokens {
  prompt: number;
  completion: number;
}

/** The `summary` of a `done` event. */
export interface RunSummary {
  session_id: string;
  steps: number;
  tokens: CallTokens;
  [key: string]: unknown;
}

// The events themselves (a closed union of the known kinds, the unknown
// kinds as a type of their own, `AgentEventCallback`) are in ./events.d.ts.
export * from './events.js';
import type { AgentEventCallback } from './events.js';

/**
 * Per-call options, the final argument of every method (after a method's
 * own options bag, if it has one). Each overrides the client's default.
 */
export interface RequestOptions {
  /** Aborts the call at once, in whatever phase it is (rejects with `AbortError`). */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds for each attempt: a JSON call's whole answer, a stream's
   * response headers (default 60 000; 0: no limit). An attempt over it is
   * aborted; the call rejects with `code: "timeout"` unless it is retried.
   */
  timeoutMs?: number | undefined;
  /** Retries after the first request, 0 to 10 (default 2). See the README's "Failures and retries". */
  maxRetries?: number | undefined;
  /** Extra request headers (a trace id, say); not `X-API-Key`, `Authorization` or `Content-Type`. */
  headers?: Record<string, string> | undefined;
}

/** Options of a streaming run (`runAgent`, `streamAgent`, `replayFromStep`). */
export interface StreamCallOptions extends RequestOptions {
  /**
   * The longest silence, in milliseconds, before the stream is closed and
   * the run rejects with `code: "stream_idle_timeout"` (events before it are
   * delivered). SSE comments count as bytes. Default 300 000 (5 minutes:
   * longer than a slow tool step on a server that sends no keepalive); 0: none.
   */
  idleTimeoutMs?: number | undefined;
}

// ---------------------------------------------------------------- agent configs

export interface SkillBinding {
  skill_id: string;
  version: string;
}

export interface AgentConfig {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_by: string;
  persona_md: string;
  /** An array of bindings, or that array as a JSON string. */
  skills_json: SkillBinding[] | string | JsonValue;
  /** Index ids, or that array as a JSON string. */
  stores_json: string[] | string | JsonValue;
  provider: string;
  model: string;
  enabled_capabilities: string[] | null;
  eval_suite_id: string | null;
  active_version_id: string | null;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  code_first_project?: string | null;
  code_first_local_id?: string | null;
  [key: string]: unknown;
}

export interface AgentVersion {
  id: string;
  agent_id: string;
  semver: string;
  persona_md: string;
  skills_json: SkillBinding[] | string | JsonValue;
  stores_json: string[] | string | JsonValue;
  provider: string;
  model: string;
  eval_suite_id: string | null;
  eval_suite_version: string | null;
  created_by: string;
  created_at: Timestamp;
  [key: string]: unknown;
}

export interface UpdateAgentSettingsInput {
  /** `""` clears the pin; omit to keep. */
  eval_suite_id?: string;
  run_eval_on_publish?: boolean;
}

export interface TriggerAgentEvalOptions {
  /** Default `live`; `draft` with nothing staged → 409. */
  target?: 'live' | 'draft';
}

export interface ListAgentEvalRunsOptions {
  /** Default 5 (server max 50). */
  limit?: number;
}

// ---------------------------------------------------------------- evals

export interface EvalCase {
  id: string;
  project_id: string;
  name: string;
  description: string;
  set_name: string;
  type: string;
  config: JsonValue;
  prompt: string;
  criteria: string;
  system_prompt: string;
  tools: JsonValue;
  pass_threshold: number;
  created_at: Timestamp;
  [key: string]: unknown;
}

export interface EvalRun {
  id: string;
  /** `pending`, `running`, `passed`, `failed`, … */
  status: string;
  total_cases: number;
  passed: number;
  failed: number;
  average_score: number;
  judge_model: string;
  created_at: Timestamp;
  [key: string]: unknown;
}

export interface EvalResult {
  id: string;
  case_name: string;
  set_name: string;
  score: number;
  pass: boolean;
  reasoning: string;
  response: string;
  tool_calls: JsonValue;
  duration_ms: number;
  error: string;
  [key: string]: unknown;
}

export interface EvalRunDetail {
  run: EvalRun;
  results: EvalResult[];
}

export interface EvalSuite {
  id: string;
  project_id: string;
  agent_id: string | null;
  name: string;
  description: string;
  /** 0–1. */
  threshold: number;
  active_version_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface EvalSuiteVersion {
  id: string;
  suite_id: string;
  semver: string;
  created_at: Timestamp;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- code-first source (camelCase)

export interface SourceFile {
  path: string;
  /** `"sha256:<hex>"`. */
  hash: string;
  size: number;
  /** Raw UTF-8 for text files. */
  content?: string;
}

export interface SourceAgent {
  id: string;
  sourceHash: string;
  files: SourceFile[];
}

export interface SourceManifest {
  project: string;
  environment?: string;
  sourceHash: string;
  agents: SourceAgent[];
  generatedAt: Timestamp;
}

export interface SourceIssue {
  file?: string;
  line?: number;
  column?: number;
  code: string;
  message: string;
  hint?: string;
  severity: 'fatal' | 'warn' | (string & {});
  [key: string]: unknown;
}

export interface SourceSyncResult {
  draftHash: string;
  agents: { localId: string; agentId: string; draftId: string; sourceHash: string }[];
  syncedAt: Timestamp;
  serverIssues?: SourceIssue[];
  [key: string]: unknown;
}

export interface SourceDeployInput {
  project: string;
  environment?: string;
  localAgentId?: string;
  runEvals?: boolean;
}

export interface SourceDeployResult {
  version: string;
  agents: { localId: string; agentId: string; versionId: string; semver: string }[];
  deployedAt: Timestamp;
  serverIssues?: SourceIssue[];
  [key: string]: unknown;
}

export interface SourceRenameInput {
  project: string;
  oldLocalId: string;
  newLocalId: string;
}

export interface SourceRenameResult {
  agentId: string;
  oldLocalId: string;
  newLocalId: string;
}

export interface SourceDeleteInput {
  project: string;
  localId: string;
  /** Must be `true`: deleting cascades. */
  force: true;
}

export interface SourceDeleteResult {
  agentId: string;
  localId: string;
  deleted: boolean;
}

// ---------------------------------------------------------------- skills

export interface Skill {
  id: string;
  project_id: string;
  name: string;
  description: string;
  type: 'prompt' | 'webhook' | 'module' | 'mcp' | (string & {});
  prompt: string;
  config: JsonValue;
  parameters: JsonValue;
  enabled: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

/** `POST /skills/validate` body (field names are this SDK's choice; the contract leaves them open). */
export interface ValidateSkillInput {
  /** The skill's JS (module) or Markdown (prompt) source. */
  source: string;
  type?: string;
}

// ---------------------------------------------------------------- scheduled runs

export interface ScheduledRun {
  id: string;
  project_id: string;
  agent_session_id: string;
  name: string;
  cron_expression: string;
  message: string;
  enabled: boolean;
  last_run_at: Timestamp | null;
  next_run_at: Timestamp | null;
  run_count: number;
  last_error: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

export interface CreateScheduledRunInput {
  agent_session_id: string;
  name?: string;
  /** 5 or 6 fields, or an `@` shorthand. */
  cron_expression: string;
  message: string;
}

export interface UpdateScheduledRunInput {
  name?: string;
  cron_expression?: string;
  message?: string;
  enabled?: boolean;
}

// ---------------------------------------------------------------- prompt templates

export interface PromptTemplate {
  id: string;
  project_id: string;
  name: string;
  content: string;
  variables: string[] | JsonValue;
  created_at: Timestamp;
  updated_at: Timestamp;
  [key: string]: unknown;
}

/** Create and update take the same shape (`name` and `content` required). */
export interface PromptTemplateInput {
  name: string;
  content: string;
  variables?: string[];
}

// ---------------------------------------------------------------- studio

export interface StudioTrace {
  session: AgentSession;
  /** Raw step objects; their shape depends on `step_type`. */
  steps: JsonObject[];
  system_prompt: string;
  tools: string[];
  [key: string]: unknown;
}

export interface ReplayInput {
  /** ≥ 0. */
  fromStep: number;
  systemPrompt?: string;
  message?: string;
}

export interface AnalyzeFixInput {
  failed_steps: number[];
  expected_outcome: string;
}

export interface AnalyzeFixResult {
  prompt_changes: string;
  eval_case?: { name: string; prompt: string; criteria: string };
  reasoning: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- audit log

export interface AuditEntry {
  id: string;
  project_id: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  agent_version_id: string | null;
  session_id: string | null;
  metadata: JsonValue;
  created_at: Timestamp;
  [key: string]: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

export interface AuditLogFilter {
  action?: string;
  actor_user_id?: string;
  subject_type?: string;
  /** RFC 3339. */
  from?: Timestamp;
  /** RFC 3339. */
  to?: Timestamp;
  /** Default 100 (server cap 500); at least 1. */
  limit?: number;
  offset?: number;
}

export interface AuditExportOptions {
  /** Default `"json"`; always sent. */
  format?: 'json' | 'csv';
  action?: string;
  subject_type?: string;
  from?: Timestamp;
  to?: Timestamp;
}

// ---------------------------------------------------------------- the methods

/**
 * Every API method of `TavoraClient`. Lists resolve to arrays (wrappers
 * unwrapped); deletes resolve to `undefined`; bad arguments reject with a
 * `TavoraApiError` (`code: "invalid_input"`) before any request.
 */
export interface TavoraApi {
  // Project
  getProject(requestOptions?: RequestOptions): Promise<Project>;
  getMetrics(requestOptions?: RequestOptions): Promise<Metrics>;

  // Indexes
  listIndexes(requestOptions?: RequestOptions): Promise<Index[]>;
  createIndex(input: CreateIndexInput, requestOptions?: RequestOptions): Promise<Index>;
  getIndex(id: string, requestOptions?: RequestOptions): Promise<Index>;
  updateIndex(id: string, input: UpdateIndexInput, requestOptions?: RequestOptions): Promise<Index>;
  deleteIndex(id: string, requestOptions?: RequestOptions): Promise<void>;

  // Documents and search
  uploadDocument(indexId: string, file: Blob, options?: UploadDocumentOptions): Promise<Document>;
  listDocuments(indexId: string, options?: ListDocumentsOptions, requestOptions?: RequestOptions): Promise<DocumentPage>;
  listAllDocuments(options?: ListDocumentsOptions, requestOptions?: RequestOptions): Promise<DocumentPage>;
  getDocument(id: string, requestOptions?: RequestOptions): Promise<Document>;
  getIndexDocument(indexId: string, documentId: string, requestOptions?: RequestOptions): Promise<Document>;
  getDocumentByName(indexId: string, name: string, options?: GetDocumentByNameOptions, requestOptions?: RequestOptions): Promise<Document>;
  listDocumentVersions(indexId: string, name: string, requestOptions?: RequestOptions): Promise<Document[]>;
  deleteDocument(id: string, options?: DeleteDocumentOptions, requestOptions?: RequestOptions): Promise<void>;
  deleteIndexDocument(indexId: string, documentId: string, options?: DeleteDocumentOptions, requestOptions?: RequestOptions): Promise<void>;
  search(input: SearchInput, requestOptions?: RequestOptions): Promise<SearchResult[]>;
  searchIndex(indexId: string, input: SearchRequest, requestOptions?: RequestOptions): Promise<SearchResult[]>;
  searchDocuments(input: SearchInput, requestOptions?: RequestOptions): Promise<DocumentSearchResult[]>;

  // Secret vaults
  createSecretVault(input: CreateSecretVaultInput, requestOptions?: RequestOptions): Promise<SecretVault>;
  listSecretVaults(requestOptions?: RequestOptions): Promise<SecretVault[]>;
  getSecretVault(id: string, requestOptions?: RequestOptions): Promise<SecretVault>;
  updateSecretVault(id: string, input: UpdateSecretVaultInput, requestOptions?: RequestOptions): Promise<SecretVault>;
  deleteSecretVault(id: string, requestOptions?: RequestOptions): Promise<void>;
  listSecrets(vaultId: string, requestOptions?: RequestOptions): Promise<RedactedSecret[]>;
  putSecret(vaultId: string, name: string, value: string, requestOptions?: RequestOptions): Promise<RedactedSecret>;
  deleteSecret(vaultId: string, name: string, requestOptions?: RequestOptions): Promise<void>;

  // Agent sessions
  getAgentSystemPrompt(requestOptions?: RequestOptions): Promise<string>;
  createAgentSession(input?: CreateAgentSessionInput, requestOptions?: RequestOptions): Promise<AgentSession>;
  listAgentSessions(options?: ListOptions, requestOptions?: RequestOptions): Promise<AgentSession[]>;
  getAgentSession(id: string, requestOptions?: RequestOptions): Promise<AgentSessionDetail>;
  deleteAgentSession(id: string, requestOptions?: RequestOptions): Promise<void>;
  runAgent(
    sessionId: string,
    message: string,
    onEvent: AgentEventCallback,
    options?: StreamCallOptions,
  ): Promise<RunSummary>;
  respondToAgentInput(sessionId: string, requestId: string, value: JsonValue, requestOptions?: RequestOptions): Promise<void>;

  // Agent configs, versions, advisory evals
  listAgentConfigs(requestOptions?: RequestOptions): Promise<AgentConfig[]>;
  getAgentConfig(id: string, requestOptions?: RequestOptions): Promise<AgentConfig>;
  deleteAgentConfig(id: string, requestOptions?: RequestOptions): Promise<void>;
  updateAgentSettings(id: string, input: UpdateAgentSettingsInput, requestOptions?: RequestOptions): Promise<AgentConfig>;
  listAgentVersions(id: string, requestOptions?: RequestOptions): Promise<AgentVersion[]>;
  getAgentVersion(id: string, versionId: string, requestOptions?: RequestOptions): Promise<AgentVersion>;
  triggerAgentEval(id: string, options?: TriggerAgentEvalOptions, requestOptions?: RequestOptions): Promise<EvalRun>;
  listAgentEvalRuns(id: string, options?: ListAgentEvalRunsOptions, requestOptions?: RequestOptions): Promise<EvalRun[]>;
  /** Shape unspecified by the contract (probably an `EvalSuite`). */
  getAgentEvalSuite(id: string, requestOptions?: RequestOptions): Promise<JsonValue>;

  // Code-first source
  sourceSync(manifest: SourceManifest, requestOptions?: RequestOptions): Promise<SourceSyncResult>;
  sourceValidate(manifest: SourceManifest, requestOptions?: RequestOptions): Promise<SourceIssue[]>;
  sourceDeploy(input: SourceDeployInput, requestOptions?: RequestOptions): Promise<SourceDeployResult>;
  sourceRename(input: SourceRenameInput, requestOptions?: RequestOptions): Promise<SourceRenameResult>;
  sourceDelete(input: SourceDeleteInput, requestOptions?: RequestOptions): Promise<SourceDeleteResult>;

  // Chat and conversations
  chatCompletion(input: ChatCompletionInput, requestOptions?: RequestOptions): Promise<ChatCompletion>;
  createConversation(input?: CreateConversationInput, requestOptions?: RequestOptions): Promise<Conversation>;
  listConversations(options?: ListOptions, requestOptions?: RequestOptions): Promise<Conversation[]>;
  getConversation(id: string, requestOptions?: RequestOptions): Promise<ConversationDetail>;
  deleteConversation(id: string, requestOptions?: RequestOptions): Promise<void>;
  sendMessage(conversationId: string, input: SendMessageInput, requestOptions?: RequestOptions): Promise<SendMessageResult>;

  // Skills
  listSkills(requestOptions?: RequestOptions): Promise<Skill[]>;
  getSkill(id: string, requestOptions?: RequestOptions): Promise<Skill>;
  /** Resolves to the server's answer as sent (shape unspecified). */
  validateSkill(input: ValidateSkillInput, requestOptions?: RequestOptions): Promise<JsonValue>;
  /** Markdown text. */
  getSkillAuthoringGuide(): Promise<string>;

  // Scheduled runs
  listScheduledRuns(requestOptions?: RequestOptions): Promise<ScheduledRun[]>;
  createScheduledRun(input: CreateScheduledRunInput, requestOptions?: RequestOptions): Promise<ScheduledRun>;
  getScheduledRun(id: string, requestOptions?: RequestOptions): Promise<ScheduledRun>;
  updateScheduledRun(id: string, input: UpdateScheduledRunInput, requestOptions?: RequestOptions): Promise<ScheduledRun>;
  deleteScheduledRun(id: string, requestOptions?: RequestOptions): Promise<void>;

  // Evals
  listEvalCases(requestOptions?: RequestOptions): Promise<EvalCase[]>;
  getEvalCase(id: string, requestOptions?: RequestOptions): Promise<EvalCase>;
  listEvalRuns(requestOptions?: RequestOptions): Promise<EvalRun[]>;
  getEvalRun(id: string, requestOptions?: RequestOptions): Promise<EvalRunDetail>;
  listEvalSuites(requestOptions?: RequestOptions): Promise<EvalSuite[]>;
  getEvalSuite(id: string, requestOptions?: RequestOptions): Promise<EvalSuite>;
  /** Shape unspecified by the contract (probably `EvalSuiteVersion[]`); a `{versions}` wrapper is unwrapped. */
  listEvalSuiteVersions(id: string, requestOptions?: RequestOptions): Promise<EvalSuiteVersion[] | JsonValue>;

  // Prompt templates
  listPromptTemplates(requestOptions?: RequestOptions): Promise<PromptTemplate[]>;
  createPromptTemplate(input: PromptTemplateInput, requestOptions?: RequestOptions): Promise<PromptTemplate>;
  getPromptTemplate(id: string, requestOptions?: RequestOptions): Promise<PromptTemplate>;
  updatePromptTemplate(id: string, input: PromptTemplateInput, requestOptions?: RequestOptions): Promise<PromptTemplate>;
  deletePromptTemplate(id: string, requestOptions?: RequestOptions): Promise<void>;

  // Studio
  getStudioTrace(sessionId: string, requestOptions?: RequestOptions): Promise<StudioTrace>;
  /** Streams like `runAgent`; the summary's `session_id` is the new session. */
  replayFromStep(
    sessionId: string,
    input: ReplayInput,
    onEvent: AgentEventCallback,
    options?: StreamCallOptions,
  ): Promise<RunSummary>;
  analyzeFix(sessionId: string, input: AnalyzeFixInput, requestOptions?: RequestOptions): Promise<AnalyzeFixResult>;

  // Audit log
  listAuditLog(filter?: AuditLogFilter, requestOptions?: RequestOptions): Promise<AuditPage>;
  /** A `Blob` typed with the response's content type (JSON array or CSV). */
  exportAuditLog(options?: AuditExportOptions): Promise<Blob>;
}
