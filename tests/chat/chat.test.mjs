// The chat toolkit's pure core (pkg-template/chat.js) under node: the
// reducer's corpus (tests/data/chat-cases.json) and the store over a
// scripted client. `make test` runs it (host-test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EventType, isKnownEvent, reduceChat, chatFromHistory, createAgentChat } from '../../pkg-template/chat.js';
import * as chatModule from '../../pkg-template/chat.js';
import { createLazyChat } from '../../pkg-template/chat-shell.js';
import { asInputRequest } from '../../pkg-template/agent-events.js';

const { cases } = JSON.parse(readFileSync(new URL('../data/chat-cases.json', import.meta.url), 'utf8'));

for (const c of cases) {
  test(`corpus: ${c.name}`, () => {
    if (c.actions) assert.deepStrictEqual(c.actions.reduce(reduceChat, []), c.expect, 'live');
    if (c.history) assert.deepStrictEqual(chatFromHistory(c.history), c.expect, 'history');
  });
}

test('the corpus has every known kind, unknown kinds, parse errors and history', () => {
  const seen = new Set();
  for (const c of cases) {
    for (const a of c.actions || []) if (a.type === 'event' && a.payload.type) seen.add(a.payload.type);
    for (const s of (c.history && c.history.steps) || []) seen.add(s.step_type);
  }
  for (const kind of Object.values(EventType)) assert.ok(seen.has(kind), `no case has ${kind}`);
  assert.ok([...seen].some((k) => !isKnownEvent({ type: k }) && k !== 'user_message' && k !== 'input_response'));
  assert.ok(cases.some((c) => c.actions && c.actions.some((a) => a.name === 'parse_error')));
  assert.ok(cases.some((c) => c.actions && c.history), 'a live run compared with its history');
});

test('unchanged messages and parts keep their identity', () => {
  let m = reduceChat([], { type: 'user', text: 'a' });
  m = reduceChat(m, { type: 'event', name: 'step', payload: { type: 'response', content: 'one' } });
  m = reduceChat(m, { type: 'event', name: 'done', payload: { type: 'done', summary: { steps: 1 } } });
  const first = m;
  m = reduceChat(m, { type: 'user', text: 'b' });
  const second = reduceChat(m, { type: 'event', name: 'step', payload: { type: 'tool_call', tool: 't', args: {} } });
  assert.equal(second[0], first[0]);
  assert.equal(second[1], first[1]);
  assert.equal(second[2], m[2]);
  assert.notEqual(second[3], m[3]);
  const third = reduceChat(second, { type: 'event', name: 'step', payload: { type: 'response', content: 'x' } });
  assert.equal(third[3].parts[0], second[3].parts[0], 'the tool part is the same object');
  // An action that changes nothing gives back the same array.
  assert.equal(reduceChat(third, { type: 'answer', requestId: 'none', value: 1 }), third);
  assert.ok(Object.isFrozen(EventType));
});

// ---------------------------------------------------------------- the store

class TestError extends Error {
  constructor(message, fields) {
    super(message);
    Object.assign(this, fields);
  }
}

/** A client whose runs play `script(message)`: a list of [name, payload] or 'pause'. */
function scriptedClient(script) {
  const calls = { create: 0, run: 0, get: 0, respond: [], signals: [] };
  let resume = null;
  const client = {
    calls,
    async createAgentSession() {
      calls.create++;
      await null;
      return { id: `as_${calls.create}` };
    },
    async getAgentSession(id) {
      calls.get++;
      return {
        session: { id },
        steps: [
          { step_index: 0, step_type: 'user_message', content: 'earlier' },
          { step_index: 1, step_type: 'response', content: 'an answer' },
          { step_index: 2, step_type: 'done', content: '{"steps":1,"tokens":{"prompt":1,"completion":2}}' },
        ],
      };
    },
    async runAgent(sessionId, message, onEvent, { signal }) {
      calls.run++;
      calls.signals.push(signal);
      for (const item of script(message)) {
        if (signal.aborted) throw new TestError('aborted', { kind: 'aborted', code: 'aborted' });
        if (item === 'pause') {
          await new Promise((ok, fail) => {
            resume = ok;
            signal.addEventListener('abort', () => fail(new TestError('aborted', { kind: 'aborted', code: 'aborted' })));
          });
          continue;
        }
        if (item instanceof Error) throw item;
        await null;
        onEvent(item[0], item[1]);
        if (item[0] === 'error') throw new TestError(item[1].content, { code: 'agent_error', kind: 'stream' });
      }
      return { session_id: sessionId };
    },
    async respondToAgentInput(sessionId, requestId, value) {
      calls.respond.push([sessionId, requestId, value]);
      if (resume) resume();
    },
  };
  return client;
}

const reply = (text) => [
  ['step', { type: 'sandbox_event', args: { kind: 'ai', summary: 'Thinking' } }],
  ['step', { type: 'response', content: text }],
  ['done', { type: 'done', summary: { steps: 2, tokens: { prompt: 3, completion: 4 } } }],
];

test('store: send streams a run into messages; one session for every send', async () => {
  const client = scriptedClient((m) => reply(`re: ${m}`));
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  const statuses = [];
  chat.subscribe(() => statuses.push(chat.getSnapshot().status));
  assert.equal(chat.getSnapshot().status, 'ready');
  await chat.send('hello');
  const s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.sessionId, 'as_1');
  assert.deepEqual(s.messages[1].parts.map((p) => p.type), ['activity', 'text', 'summary']);
  assert.equal(s.messages[1].parts[1].text, 're: hello');
  assert.deepEqual([...new Set(statuses)], ['submitted', 'streaming', 'ready']);
  const before = s.messages;
  await chat.send('again');
  assert.equal(client.calls.create, 1);
  assert.equal(client.calls.run, 2);
  assert.equal(chat.getSnapshot().messages[0], before[0], 'the first turn keeps its identity');
  assert.equal(chat.getSnapshot().messages.length, 4);
});

test('store: send during a run is a typed error, not a second run', async () => {
  const client = scriptedClient(() => [['step', { type: 'sandbox_event', args: {} }], 'pause', ...reply('x')]);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  const first = chat.send('one');
  await new Promise((r) => setTimeout(r, 5));
  await assert.rejects(chat.send('two'), (e) => e instanceof TestError && e.code === 'run_active');
  await assert.rejects(chat.retry(), (e) => e.code === 'run_active');
  assert.equal(client.calls.run, 1);
  chat.stop();
  await first;
  await assert.rejects(chat.send('  '), (e) => e.code === 'invalid_input');
});

test('store: input requests pause, respond answers and resumes', async () => {
  const ir = { type: 'input_request', content: 'Shall I?', args: { request_id: 'ir_1', input_type: 'confirm', message: 'Shall I?' } };
  const client = scriptedClient(() => [['input_request', ir], 'pause', ...reply('went ahead')]);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  await assert.rejects(chat.respond(true), (e) => e.code === 'no_pending_input');
  const run = chat.send('please confirm');
  while (chat.getSnapshot().status !== 'awaiting_input') await new Promise((r) => setTimeout(r, 1));
  assert.equal(chat.getSnapshot().pendingInput.requestId, 'ir_1');
  await chat.respond(true);
  assert.deepEqual(client.calls.respond, [['as_1', 'ir_1', true]]);
  await run;
  const s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.pendingInput, null);
  assert.deepEqual(s.messages[1].parts[0], { ...s.messages[1].parts[0], state: 'answered', value: true });
});

test('store: stop while paused aborts the connection and abandons the request', async () => {
  const ir = { type: 'input_request', args: { request_id: 'ir_2', input_type: 'text' } };
  const client = scriptedClient(() => [['input_request', ir], 'pause', ...reply('never')]);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  const run = chat.send('your name');
  while (chat.getSnapshot().status !== 'awaiting_input') await new Promise((r) => setTimeout(r, 1));
  chat.stop();
  await run;
  assert.equal(client.calls.signals[0].aborted, true);
  const s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.error, null);
  assert.equal(s.messages[1].parts[0].state, 'abandoned');
});

test('store: an agent error sets status and error; retry sends the message again', async () => {
  let n = 0;
  const client = scriptedClient(() => (n++ === 0 ? [['error', { type: 'error', content: 'sandbox error' }]] : reply('second try')));
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  await chat.send('fail once');
  let s = chat.getSnapshot();
  assert.equal(s.status, 'error');
  assert.equal(s.error.code, 'agent_error');
  assert.deepEqual(s.messages[1].parts, [{ type: 'error', code: 'agent_error', message: 'sandbox error' }]);
  await chat.retry();
  s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.error, null);
  assert.equal(s.messages.length, 2);
  assert.equal(s.messages[1].parts[1].text, 'second try');
});

test('store: an interrupted stream ends in an error part', async () => {
  const broken = new TestError('the stream ended early', { code: 'stream_interrupted', kind: 'stream' });
  const client = scriptedClient(() => [['step', { type: 'execute_js', content: 'x' }], broken]);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  await chat.send('go');
  const s = chat.getSnapshot();
  assert.equal(s.status, 'error');
  assert.equal(s.error, broken);
  assert.deepEqual(s.messages[1].parts.map((p) => [p.type, p.state ?? p.code]), [['code', 'failed'], ['error', 'stream_interrupted']]);
});

test('store: load reads history into the same model; nothing happens before load or send', async () => {
  const client = scriptedClient(() => reply('x'));
  const chat = createAgentChat(client, { sessionId: 'as_9', coalesce: false }, TestError);
  assert.equal(chat.getSnapshot().status, 'loading');
  assert.equal(client.calls.get + client.calls.create + client.calls.run, 0);
  await assert.rejects(chat.send('too early'), (e) => e.code === 'chat_loading');
  await chat.load();
  const s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.sessionId, 'as_9');
  assert.deepEqual(s.messages, chatFromHistory(await client.getAgentSession('as_9')));
  await chat.send('more');
  assert.equal(client.calls.create, 0, 'the given session is used');
  assert.equal(chat.getSnapshot().messages[2].id, 'turn-1-user');
});

test('store: createSession as a function; its failure is the run error', async () => {
  const client = scriptedClient(() => reply('x'));
  let made = 0;
  const chat = createAgentChat(client, { coalesce: false, createSession: async (c) => { assert.equal(c, client); made++; return 'as_custom'; } }, TestError);
  await chat.send('a');
  assert.equal(chat.getSnapshot().sessionId, 'as_custom');
  assert.equal(made, 1);
  const failing = createAgentChat(client, { coalesce: false, createSession: () => Promise.reject(new TestError('no', { code: 'forbidden' })) }, TestError);
  await failing.send('a');
  assert.equal(failing.getSnapshot().status, 'error');
  assert.equal(failing.getSnapshot().error.code, 'forbidden');
});

test('store: notifications are coalesced per frame; the snapshot only changes when notified', async () => {
  const many = Array.from({ length: 200 }, (_, i) => ['step', { type: 'sandbox_event', args: { kind: 'progress', summary: `${i}` } }]);
  const client = scriptedClient(() => [...many, ['done', { type: 'done', summary: { steps: 200 } }]]);
  const chat = createAgentChat(client, {}, TestError);
  let notified = 0;
  let seen = chat.getSnapshot();
  let changedSilently = 0;
  chat.subscribe(() => {
    notified++;
    seen = chat.getSnapshot();
  });
  const run = chat.send('many');
  const poll = setInterval(() => { if (chat.getSnapshot() !== seen) changedSilently++; }, 0);
  await run;
  clearInterval(poll);
  assert.equal(changedSilently, 0);
  assert.ok(notified < 20, `${notified} notifications for 200 events`);
  assert.equal(chat.getSnapshot().messages[1].parts.length, 201);
  assert.equal(chat.getSnapshot().status, 'ready');
});

test('store: dispose aborts the run and stops notifying', async () => {
  const client = scriptedClient(() => [['step', { type: 'sandbox_event', args: {} }], 'pause', ...reply('x')]);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  let notified = 0;
  chat.subscribe(() => notified++);
  const run = chat.send('a');
  await new Promise((r) => setTimeout(r, 5));
  const at = notified;
  chat.dispose();
  await run;
  assert.equal(client.calls.signals[0].aborted, true);
  assert.equal(notified, at);
  await assert.rejects(chat.send('b'), (e) => e.code === 'chat_disposed');
});

// ---------------------------------------------------------------- the core entry's shell (chat-shell.js)

/** chat.js, handed over when `release()` is called (a module still downloading). */
function slowModule() {
  let release;
  const arrived = new Promise((ok) => (release = () => ok(chatModule)));
  return { load: () => arrived, release };
}

test('shell: the initial state until the store arrives; calls made meanwhile run in order', async () => {
  const client = scriptedClient((m) => ['pause', ...reply(`re: ${m}`)]);
  const mod = slowModule();
  const chat = createLazyChat(mod.load, client, { coalesce: false }, TestError);
  const seen = [];
  chat.subscribe(() => seen.push(chat.getSnapshot().status));
  assert.deepEqual(chat.getSnapshot(), { messages: [], status: 'ready', error: null, pendingInput: null, sessionId: null });
  const sent = chat.send('hello');
  chat.stop(); // queued after the send: it aborts that run
  assert.equal(client.calls.run, 0, 'nothing runs before the store arrives');
  mod.release();
  await sent;
  assert.equal(client.calls.create, 1);
  const s = chat.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.equal(s.messages[0].role, 'user');
  assert.ok(seen.length > 0, 'subscribers hear the store');
  // stop() reached the run: no reply arrived, and any run started was aborted.
  assert.ok(!JSON.stringify(s.messages).includes('re: hello'), JSON.stringify(s.messages));
  assert.ok(client.calls.signals.every((sig) => sig.aborted));
});

test('shell: with a sessionId it starts loading, and load() after arrival reads history', async () => {
  const client = scriptedClient(() => []);
  const chat = createLazyChat(() => Promise.resolve(chatModule), client, { sessionId: 'as_9', coalesce: false }, TestError);
  assert.equal(chat.getSnapshot().status, 'loading');
  await chat.load();
  assert.equal(client.calls.get, 1);
  assert.deepEqual(chat.getSnapshot().messages, chatFromHistory(await client.getAgentSession('as_9')));
});

test('shell: a store that cannot load puts the chat in error and rejects every call with why', async () => {
  const client = scriptedClient(() => reply('never'));
  const chat = createLazyChat(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')), client, {}, TestError);
  let heard = 0;
  chat.subscribe(() => heard++);
  const err = await chat.send('hello').then(() => null, (e) => e);
  assert.ok(err instanceof TestError);
  assert.equal(err.code, 'chat_load_failed');
  assert.match(err.message, /could not load the chat store \(chat\.js\): Failed to fetch dynamically imported module/);
  const s = chat.getSnapshot();
  assert.equal(s.status, 'error');
  assert.equal(s.error, err);
  assert.equal(heard, 1);
  assert.equal(client.calls.create + client.calls.run, 0);
});

test('shell: disposed before the store arrives, it stays disposed', async () => {
  const client = scriptedClient(() => reply('never'));
  const mod = slowModule();
  const chat = createLazyChat(mod.load, client, { coalesce: false }, TestError);
  let heard = 0;
  chat.subscribe(() => heard++);
  chat.dispose();
  const sent = chat.send('hello');
  mod.release();
  const err = await sent.then(() => null, (e) => e);
  assert.equal(err && err.code, 'chat_disposed');
  assert.equal(heard, 0);
  assert.equal(client.calls.run, 0);
});

test('asInputRequest: normalised, never null for an input_request, null for anything else', () => {
  const full = { type: 'input_request', content: 'c', args: { request_id: 'rq_1', input_type: 'choice', message: 'Pick', options: ['a', 2, 'b'], placeholder: 'p' } };
  assert.deepEqual(asInputRequest(full), { requestId: 'rq_1', inputType: 'choice', message: 'Pick', options: ['a', 'b'], placeholder: 'p', event: full });
  const bare = { type: 'input_request', content: 'Are you sure?' };
  assert.deepEqual(asInputRequest(bare), { requestId: '', inputType: '', message: 'Are you sure?', options: [], placeholder: '', event: bare });
  for (const other of [null, undefined, 'input_request', { type: 'response' }, { args: { request_id: 'x' } }]) {
    assert.equal(asInputRequest(other), null);
  }
});

test('store: an answer shows at once, survives the run ending before its response, and is put back if refused', async () => {
  let release;
  let refuse = false;
  const client = scriptedClient(() => ['pause', ...reply('after')]);
  const respond = client.respondToAgentInput;
  client.respondToAgentInput = async (...a) => {
    await new Promise((ok) => (release = ok));
    if (refuse) throw new TestError('already answered', { code: 'input_already_resolved', kind: 'http', status: 409 });
    return respond(...a);
  };
  client.runAgent = ((run) => async (sid, msg, onEvent, opts) => {
    onEvent('input_request', { type: 'input_request', args: { request_id: 'rq_9', input_type: 'confirm', message: 'Sure?' } });
    return run(sid, msg, () => {}, opts);
  })(client.runAgent);
  const chat = createAgentChat(client, { coalesce: false }, TestError);
  const input = () => chat.getSnapshot().messages[1].parts[0];

  // Refused: the request is pending again.
  refuse = true;
  const sent = chat.send('go');
  await new Promise((r) => setTimeout(r, 0));
  const first = chat.respond(true);
  assert.equal(input().state, 'answered', 'shown at once');
  assert.equal(chat.getSnapshot().status, 'streaming');
  release();
  await assert.rejects(first, (e) => e.code === 'input_already_resolved');
  assert.equal(input().state, 'pending');
  assert.equal(input().value, undefined);
  assert.equal(chat.getSnapshot().status, 'awaiting_input');
  assert.equal(chat.getSnapshot().pendingInput.requestId, 'rq_9');

  // Taken after the run was stopped: still answered.
  refuse = false;
  const second = chat.respond(true);
  chat.stop();
  await sent;
  release();
  await second;
  assert.deepEqual(input(), { type: 'input', requestId: 'rq_9', inputType: 'confirm', message: 'Sure?', options: [], placeholder: '', state: 'answered', value: true });
  assert.equal(chat.getSnapshot().status, 'ready', 'a stopped chat stays stopped');
});

test('store: createSession as a function gets the first message', async () => {
  const client = scriptedClient((m) => reply(m));
  const seen = [];
  const chat = createAgentChat(client, { coalesce: false, createSession: (c, first) => { seen.push(first); return 'as_titled'; } }, TestError);
  await chat.send('Hello there');
  assert.deepEqual(seen, ['Hello there']);
  assert.equal(chat.getSnapshot().sessionId, 'as_titled');
});
