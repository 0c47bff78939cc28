// A consumer that uses every public export and every client method of the
// built package; must pass `tsc --strict` (tsconfig.json, tsconfig.nodenext.json).
import {
  TavoraClient,
  TavoraApiError,
  SseDecoder,
  ready,
  isNotFound,
  isUnauthorized,
  asVersionConflict,
  isTerminalEvent,
  asInputRequest,
  wasmMemoryBytes,
} from 'tavora-wasm';
import type {
  TavoraClientOptions,
  KeyInfo,
  AgentEvent,
  AgentStreamEvent,
  RunSummary,
  SseEvent,
  TavoraErrorKind,
  VersionConflict,
  SourceManifest,
} from 'tavora-wasm';
import * as inline from 'tavora-wasm/inline';

declare const jwt: string;
declare const file: File;
declare const manifest: SourceManifest;

const exchange: TavoraClientOptions = {
  baseUrl: 'https://api.example',
  workspaceId: '11111111-1111-4111-8111-111111111111',
  getJwt: async () => jwt,
  storage: 'session',
  earlyRefreshMs: 600_000,
  fetch: (input, init) => fetch(input, init),
  onKeyChange: (info: KeyInfo | null) => console.log(info?.keyPrefix, info?.expiresAtMs),
  onUnauthenticated: () => undefined,
  now: () => Date.now(),
};
const fixed: TavoraClientOptions = { baseUrl: 'https://api.example', apiKey: 'tvr_x', fetch };
const client = new TavoraClient(exchange);
const other = new inline.TavoraClient(fixed);
const sameClass: TavoraClient = other;

async function main(): Promise<void> {
  await ready();
  await ready(new URL('https://cdn.example/tavora_wasm_bg.wasm'));
  await inline.ready();
  const memory: number = wasmMemoryBytes();
  console.log(memory);

  const info: KeyInfo | null = client.keyInfo();
  if (info) console.log(info.keyId, info.keyPrefix, info.expiresAt, info.expiresAtMs);
  client.signOut();
  sameClass.signOut();

  const res: Response = await client.sdkFetch('/project');
  await client.sdkFetch('/agents', { method: 'POST', body: '{}', contentType: 'application/json', signal: AbortSignal.timeout(1000) });
  console.log(res.status);

  // Every API method of the client (the map must name each one: adding a
  // method to the API without using it here fails this check).
  const calls: { [K in keyof TavoraClient]: () => unknown } = {
    keyInfo: () => client.keyInfo(),
    signOut: () => client.signOut(),
    sdkFetch: () => client.sdkFetch('/project'),
    streamAgent: () => client.streamAgent('as_1', 'hi'),
    // Project
    getProject: async () => (await client.getProject()).slug,
    getMetrics: async () => (await client.getMetrics()).tokens.candidate_tokens,
    // Indexes
    listIndexes: async () => (await client.listIndexes()).map((i) => i.name),
    createIndex: () => client.createIndex({ name: 'docs', description: 'd', metadata: { team: 'a' } }),
    getIndex: () => client.getIndex('idx_1'),
    updateIndex: () => client.updateIndex('idx_1', { name: 'docs', metadata: {} }),
    deleteIndex: async () => { const none: void = await client.deleteIndex('idx_1'); return none; },
    // Documents and search
    uploadDocument: async () => {
      const doc = await client.uploadDocument('idx_1', file, { name: 'notes.md', ifVersion: 2, tags: { branch: 'main' } });
      return doc.is_latest && doc.version;
    },
    listDocuments: async () => (await client.listDocuments('idx_1', { limit: 10, q: 'x', includeDeleted: true })).has_more,
    listAllDocuments: () => client.listAllDocuments({ metadata: { source: 'upload' } }),
    getDocument: () => client.getDocument('doc_1'),
    getIndexDocument: () => client.getIndexDocument('idx_1', 'doc_1'),
    getDocumentByName: () => client.getDocumentByName('idx_1', 'notes.md', { version: 1 }),
    listDocumentVersions: () => client.listDocumentVersions('idx_1', 'notes.md'),
    deleteDocument: () => client.deleteDocument('doc_1', { hard: true }),
    deleteIndexDocument: () => client.deleteIndexDocument('idx_1', 'doc_1'),
    search: async () => (await client.search({ query: 'q', top_k: 5, indexId: 'idx_1' }))[0]?.score,
    searchIndex: () => client.searchIndex('idx_1', { query: 'q', min_score: 0.2 }),
    searchDocuments: async () => (await client.searchDocuments({ query: 'q' }))[0]?.best_chunk.preview,
    // Secret vaults
    createSecretVault: () => client.createSecretVault({ name: 'v' }),
    listSecretVaults: () => client.listSecretVaults(),
    getSecretVault: () => client.getSecretVault('vault_1'),
    updateSecretVault: () => client.updateSecretVault('vault_1', { metadata: { a: 1 } }),
    deleteSecretVault: () => client.deleteSecretVault('vault_1'),
    listSecrets: async () => (await client.listSecrets('vault_1')).map((x) => x.name),
    putSecret: () => client.putSecret('vault_1', 'TOKEN', 's3cret'),
    deleteSecret: () => client.deleteSecret('vault_1', 'TOKEN'),
    // Agent sessions
    getAgentSystemPrompt: async () => (await client.getAgentSystemPrompt()).length,
    createAgentSession: () => client.createAgentSession({ title: 't', tools: ['web_search'], target: 'live' }),
    listAgentSessions: () => client.listAgentSessions({ limit: 10, offset: 0 }),
    getAgentSession: async () => (await client.getAgentSession('as_1')).steps[0]?.step_type,
    deleteAgentSession: () => client.deleteAgentSession('as_1'),
    runAgent: () => client.runAgent('as_1', 'hi', () => undefined),
    respondToAgentInput: () => client.respondToAgentInput('as_1', 'req_1', true),
    // Agent configs, versions, advisory evals
    listAgentConfigs: () => client.listAgentConfigs(),
    getAgentConfig: () => client.getAgentConfig('ag_1'),
    deleteAgentConfig: () => client.deleteAgentConfig('ag_1'),
    updateAgentSettings: () => client.updateAgentSettings('ag_1', { eval_suite_id: '', run_eval_on_publish: true }),
    listAgentVersions: () => client.listAgentVersions('ag_1'),
    getAgentVersion: () => client.getAgentVersion('ag_1', 'ver_1'),
    triggerAgentEval: () => client.triggerAgentEval('ag_1', { target: 'draft' }),
    listAgentEvalRuns: () => client.listAgentEvalRuns('ag_1', { limit: 5 }),
    getAgentEvalSuite: () => client.getAgentEvalSuite('ag_1'),
    // Code-first source
    sourceSync: () => client.sourceSync(manifest),
    sourceValidate: async () => (await client.sourceValidate(manifest)).map((i) => i.severity),
    sourceDeploy: () => client.sourceDeploy({ project: 'p', runEvals: true }),
    sourceRename: () => client.sourceRename({ project: 'p', oldLocalId: 'a', newLocalId: 'b' }),
    sourceDelete: () => client.sourceDelete({ project: 'p', localId: 'a', force: true }),
    // Chat and conversations
    chatCompletion: async () =>
      (await client.chatCompletion({ messages: [{ role: 'user', content: 'hi' }], use_rag: false })).choices[0]?.message.content,
    createConversation: () => client.createConversation({ title: 'c' }),
    listConversations: () => client.listConversations({ limit: 1 }),
    getConversation: async () => (await client.getConversation('conv_1')).messages.length,
    deleteConversation: () => client.deleteConversation('conv_1'),
    sendMessage: async () => (await client.sendMessage('conv_1', { content: 'hi' })).message.content,
    // Skills
    listSkills: () => client.listSkills(),
    getSkill: () => client.getSkill('sk_1'),
    validateSkill: () => client.validateSkill({ source: 'export default {}', type: 'module' }),
    getSkillAuthoringGuide: async () => (await client.getSkillAuthoringGuide()).length,
    // Scheduled runs
    listScheduledRuns: () => client.listScheduledRuns(),
    createScheduledRun: () =>
      client.createScheduledRun({ agent_session_id: 'as_1', cron_expression: '@hourly', message: 'tick' }),
    getScheduledRun: () => client.getScheduledRun('sr_1'),
    updateScheduledRun: () => client.updateScheduledRun('sr_1', { enabled: false }),
    deleteScheduledRun: () => client.deleteScheduledRun('sr_1'),
    // Evals
    listEvalCases: () => client.listEvalCases(),
    getEvalCase: () => client.getEvalCase('case_1'),
    listEvalRuns: () => client.listEvalRuns(),
    getEvalRun: async () => (await client.getEvalRun('run_1')).results.map((r) => r.pass),
    listEvalSuites: () => client.listEvalSuites(),
    getEvalSuite: () => client.getEvalSuite('suite_1'),
    listEvalSuiteVersions: () => client.listEvalSuiteVersions('suite_1'),
    // Prompt templates
    listPromptTemplates: () => client.listPromptTemplates(),
    createPromptTemplate: () => client.createPromptTemplate({ name: 'n', content: 'Hi {{name}}', variables: ['name'] }),
    getPromptTemplate: () => client.getPromptTemplate('pt_1'),
    updatePromptTemplate: () => client.updatePromptTemplate('pt_1', { name: 'n', content: 'c' }),
    deletePromptTemplate: () => client.deletePromptTemplate('pt_1'),
    // Studio
    getStudioTrace: async () => (await client.getStudioTrace('as_1')).session.id,
    replayFromStep: async () =>
      (await client.replayFromStep('as_1', { fromStep: 2, message: 'again' }, (name, payload) => console.log(name, payload)))
        .session_id,
    analyzeFix: () => client.analyzeFix('as_1', { failed_steps: [3], expected_outcome: 'a table' }),
    // Audit log
    listAuditLog: async () => (await client.listAuditLog({ action: 'document.upload', limit: 10 })).total,
    exportAuditLog: async () => (await client.exportAuditLog({ format: 'csv' })).type,
  };
  console.log(Object.keys(calls).length, file.name);

  // Streaming with a callback.
  const controller = new AbortController();
  const summary: RunSummary = await client.runAgent(
    'as_1',
    'hello',
    (name: string, payload) => {
      if ('raw' in payload) {
        console.log('unparsable frame', payload.event, payload.raw, payload.error);
        return;
      }
      const event: AgentEvent = payload;
      if (event.type === 'done') console.log(event.summary);
      const request = asInputRequest(event);
      if (request) {
        const { requestId, inputType, options }: { requestId: string; inputType: string; options: string[] } = request;
        void client.respondToAgentInput('as_1', requestId, inputType === 'choice' ? (options[0] ?? '') : true);
      }
      if (isTerminalEvent(name, event)) controller.abort();
    },
    { signal: controller.signal },
  );
  console.log(summary);

  // Streaming with for await.
  const stream = client.streamAgent('as_1', 'hello', { signal: controller.signal });
  for await (const item of stream) {
    const { name, payload }: AgentStreamEvent = item;
    if (name === 'input_request') break;
    console.log(payload);
  }
  const last = await stream.next();
  const result: RunSummary | undefined = last.done ? last.value : undefined;
  console.log(result);

  // Errors.
  try {
    await client.getProject();
  } catch (err) {
    if (isNotFound(err) || isUnauthorized(err)) console.log(err.status, err.code);
    const conflict: VersionConflict | null = asVersionConflict(err);
    if (conflict) console.log(conflict.currentVersion, conflict.error.details);
    if (err instanceof TavoraApiError) {
      const kind: TavoraErrorKind = err.kind;
      const status: number | undefined = err.status;
      const details: Record<string, unknown> = err.details;
      console.log(kind, status, details, err.code, err.message, err.name, err.apiMessage, err.endpoint);
    }
  }
  const made = new TavoraApiError('x', { code: 'c', kind: 'network', status: 500, details: { a: 1 } });
  console.log(made instanceof Error, inline.TavoraApiError === TavoraApiError);

  // The SSE decoder.
  const decoder = new SseDecoder(1 << 20);
  const events: SseEvent[] = decoder.push(new TextEncoder().encode('data: x\n\n'));
  const rest: SseEvent[] = decoder.finish();
  for (const e of [...events, ...rest]) console.log(e.event, e.data, e.id, e.retry ?? 0);
  console.log(decoder.lastEventId);
  decoder.free();
  new inline.SseDecoder().free();
}

void main();

// `tavora-wasm/chat`: the chat model's pure functions, for an app keeping its own state.
import { reduceChat, chatFromHistory, EventType as ChatEventType } from 'tavora-wasm/chat';
import type { AgentChatMessage, ChatAction } from 'tavora-wasm/chat';

export function chatModel(detail: Parameters<typeof chatFromHistory>[0], actions: ChatAction[]): AgentChatMessage[] {
  return actions.reduce(reduceChat, chatFromHistory(detail));
}
export const inputRequestKind: 'input_request' = ChatEventType.InputRequest;
