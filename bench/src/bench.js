// Benchmarks run inside headless Chromium; bench/run.mjs drives them and
// prints the table. Every figure is measured here, in one run.
import { TavoraClient, ready, wasmMemoryBytes } from 'tavora-wasm';
import { reduceChat } from 'tavora-wasm/chat';
import { createParser } from 'eventsource-parser';
import { CONTENDERS, FLOOR, STORE, floorPlan } from './contenders.js';
import { agentStream, singleEvent, chunked, generated } from './stream.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gc = () => { if (typeof globalThis.gc === 'function') globalThis.gc(); };

async function timeOnce(fn, input, chunk) {
  let events = 0;
  let touched = 0;
  gc();
  const t0 = performance.now();
  const result = await fn(chunked(input.bytes, chunk), (name, payload) => {
    events++;
    touched += payload.type.length;
  }, input);
  const ms = performance.now() - t0;
  return { ms, events, touched, result };
}

/**
 * The chat model the store must end with: the same events reduced outside
 * any timing, by the reducer alone (the store's own runs are compared to it).
 */
function expectedChat(input) {
  const dec = new TextDecoder();
  let messages = reduceChat([], { type: 'user', text: 'go' });
  for (const p of input.payloads) {
    messages = reduceChat(messages, { type: 'event', name: p.name, payload: JSON.parse(dec.decode(input.bytes.subarray(p.start, p.end))) });
  }
  return JSON.stringify(messages);
}

/** The median over rounds of `a[i] / b[i]`: a ratio of two figures from the same round. */
const pairedRatio = (a, b) => median(a.map((v, i) => v / b[i]));

/**
 * (1) Throughput on a realistic stream. The contenders take turns, one run
 * each per round, each round starting one contender later (no contender is
 * always first); a ratio between two contenders is the median of their
 * per-round ratios, so each compares runs that saw the same load.
 */
async function throughput({ sizeMiB = 16, chunk = 1460, runs = 11 } = {}) {
  await ready();
  const input = agentStream(sizeMiB * 1024 * 1024, 1);
  input.plan = floorPlan(input.payloads);
  const names = Object.keys(CONTENDERS);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const events = {};
  let store = null;
  for (const name of names) await timeOnce(CONTENDERS[name], input, chunk); // warm-up (JIT, wasm tier-up)
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const r = await timeOnce(CONTENDERS[name], input, chunk);
      times[name][i] = r.ms;
      events[name] = r.events;
      if (name === STORE) store = r.result;
    }
  }
  const sdk = times['tavora-wasm runAgent'];
  const floorTimes = times[FLOOR];
  const out = {};
  for (const name of names) {
    const ms = median(times[name]);
    out[name] = {
      events: events[name],
      expectedEvents: input.events,
      ms,
      eventsPerSec: events[name] / (ms / 1000),
      mbPerSec: input.bytes.length / 1e6 / (ms / 1000),
      // events/s relative to runAgent and to the floor (same events: inverse time ratios).
      vsRunAgent: pairedRatio(sdk, times[name]),
      vsFloor: pairedRatio(floorTimes, times[name]),
      runAgentVsThis: pairedRatio(times[name], sdk),
    };
  }
  // The store's last run, checked against the reducer run on its own.
  out[STORE].notifications = store.notifications;
  out[STORE].snapshotMatchesReducer = JSON.stringify(store.snapshot.messages) === expectedChat(input);
  return { bytes: input.bytes.length, events: input.events, largestEvent: input.largest, chunk, runs, contenders: out };
}

/**
 * (2) One 8 MiB event in 1 KiB chunks vs in one chunk. Beside each 1 KiB
 * run, the same 1 KiB reads with no parsing at all (the floor under every
 * contender's 1 KiB figure), so a contender's own cost per chunk is
 * the median over rounds of (t_1KiB − reads) / t_one. A contender whose
 * first 1 KiB run takes over `slowMs` is run once (no budget rests on it).
 */
async function fragmentation({ sizeMiB = 8, runs = 9, slowMs = 2000 } = {}) {
  await ready();
  const input = singleEvent(sizeMiB * 1024 * 1024);
  input.plan = floorPlan(input.payloads);
  const readOnly = async (chunk) => {
    const reader = chunked(input.bytes, chunk).getReader();
    gc();
    const t0 = performance.now();
    for (;;) { const { done } = await reader.read(); if (done) break; }
    return performance.now() - t0;
  };
  const out = {};
  const allReads = [];
  for (const [name, fn] of Object.entries(CONTENDERS)) {
    await timeOnce(fn, input, input.bytes.length);
    const whole = [];
    const split = [];
    const reads = [];
    for (let i = 0; i < runs; i++) {
      whole.push((await timeOnce(fn, input, input.bytes.length)).ms);
      // The reads alone go before the 1 KiB run in every other round.
      if (i % 2) reads.push(await readOnly(1024));
      split.push((await timeOnce(fn, input, 1024)).ms);
      if (!(i % 2)) reads.push(await readOnly(1024));
      if (split[0] > slowMs) break;
    }
    allReads.push(...reads);
    out[name] = { runs: whole.length, msOneChunk: median(whole), ms1KiBChunks: median(split), readsOnlyMs: median(reads),
      ratio: pairedRatio(split, whole),
      ownCostRatio: median(split.map((t, i) => (t - reads[i]) / whole[i])) };
  }
  return { bytes: input.bytes.length, chunks: Math.ceil(input.bytes.length / 1024), contenders: out, readOnly1KiBMs: median(allReads) };
}

/** (3) Memory before and after a 256 MiB stream through runAgent. */
async function memory({ totalMiB = 256, chunk = 1460 } = {}) {
  await ready();
  const wasmBytes = () => wasmMemoryBytes();
  const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : NaN);
  // Warm: a first small run sizes the decoder's steady-state buffers.
  await CONTENDERS['tavora-wasm runAgent'](generated(8 * 1024 * 1024, chunk), () => {});
  gc();
  const before = { wasm: wasmBytes(), heap: heap() };
  let events = 0;
  let largest = 0;
  await CONTENDERS['tavora-wasm runAgent'](generated(totalMiB * 1024 * 1024, chunk, 9), (name, payload) => {
    events++;
    if (payload.content && payload.content.length > largest) largest = payload.content.length;
  });
  gc();
  const after = { wasm: wasmBytes(), heap: heap() };
  return { totalBytes: totalMiB * 1024 * 1024, events, largestEventBytes: largest, before, after,
    wasmGrowth: after.wasm - before.wasm, heapGrowth: after.heap - before.heap };
}

async function control(path, body) {
  const r = await fetch(`/__test/${path}`, { method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return r.json();
}

async function signedInClient(extra = {}) {
  const { jwt } = await (await fetch('/api/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  return new TavoraClient({ baseUrl: location.origin, workspaceId: '11111111-1111-4111-8111-111111111111',
    getJwt: () => jwt, storage: 'memory', ...extra });
}

/** (4) Chunk arrival to callback, over loopback from the dev server. */
async function latency({ runs = 12, delayMs = 5 } = {}) {
  await control('reset', {});
  await control('config', { stream_delay_ms: delayMs });
  let lastArrival = 0;
  const timedFetch = async (url, init) => {
    const r = await fetch(url, init);
    if (!r.body) return r;
    const stamp = new TransformStream({ transform(chunk, c) { lastArrival = performance.now(); c.enqueue(chunk); } });
    return new Response(r.body.pipeThrough(stamp), { status: r.status, headers: r.headers });
  };
  const client = await signedInClient({ fetch: timedFetch });
  const session = await client.createAgentSession({ title: 'latency' });
  const sdk = [];
  for (let i = 0; i < runs; i++) {
    await client.runAgent(session.id, `latency ${i}`, () => { sdk.push(performance.now() - lastArrival); });
  }
  // The same stream through eventsource-parser, for comparison.
  const key = (await control('requests')).log.find((e) => e.headers['x-api-key']).headers['x-api-key'];
  const esp = [];
  for (let i = 0; i < runs; i++) {
    const r = await timedFetch(`/api/sdk/agents/${session.id}/run`, { method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ message: `latency ${i}` }) });
    const parser = createParser({ onEvent(ev) { JSON.parse(ev.data); esp.push(performance.now() - lastArrival); } });
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) { const { done, value } = await reader.read(); if (done) break; parser.feed(value); }
  }
  await control('config', { stream_delay_ms: null });
  return { samples: sdk.length, sdkMedianMs: median(sdk), eventsourceParserMedianMs: median(esp) };
}

/** (5) 50 concurrent calls on a cold cache: what actually went out. */
async function economy() {
  await control('reset', {});
  const client = await signedInClient();
  await Promise.all(Array.from({ length: 50 }, () => client.getProject()));
  const { counts } = await control('requests');
  return { mints: counts['POST /api/auth/session-token'] || 0, apiRequests: counts['GET /api/sdk/project'] || 0,
    minimumMints: 1, minimumApiRequests: 50 };
}

window.bench = { throughput, fragmentation, memory, latency, economy };
window.benchReady = true;
