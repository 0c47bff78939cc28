// Benchmarks run inside headless Chromium; bench/run.mjs drives them and
// prints the table. Every figure is measured here, in one run.
import { TavoraClient, ready, wasmMemoryBytes } from 'tavora-wasm';
import { createParser } from 'eventsource-parser';
import { CONTENDERS } from './contenders.js';
import { agentStream, singleEvent, chunked, generated } from './stream.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gc = () => { if (typeof globalThis.gc === 'function') globalThis.gc(); };

async function timeOnce(fn, bytes, chunk) {
  let events = 0;
  let touched = 0;
  gc();
  const t0 = performance.now();
  await fn(chunked(bytes, chunk), (name, payload) => {
    events++;
    touched += payload.type.length;
  });
  const ms = performance.now() - t0;
  return { ms, events, touched };
}

/** (1) Throughput on a realistic stream, per contender. */
async function throughput({ sizeMiB = 16, chunk = 1460, runs = 5 } = {}) {
  await ready();
  const input = agentStream(sizeMiB * 1024 * 1024, 1);
  const out = {};
  for (const [name, fn] of Object.entries(CONTENDERS)) {
    await timeOnce(fn, input.bytes, chunk); // warm-up (JIT, wasm tier-up)
    const times = [];
    let events = 0;
    for (let i = 0; i < runs; i++) {
      const r = await timeOnce(fn, input.bytes, chunk);
      times.push(r.ms);
      events = r.events;
    }
    const ms = median(times);
    out[name] = {
      events,
      expectedEvents: input.events,
      ms,
      eventsPerSec: events / (ms / 1000),
      mbPerSec: input.bytes.length / 1e6 / (ms / 1000),
    };
  }
  return { bytes: input.bytes.length, events: input.events, largestEvent: input.largest, chunk, runs, contenders: out };
}

/** (2) One 8 MiB event in 1 KiB chunks vs in one chunk. */
async function fragmentation({ sizeMiB = 8, runs = 3 } = {}) {
  await ready();
  const input = singleEvent(sizeMiB * 1024 * 1024);
  // What the 8,192 reads cost with no parsing at all: the floor under
  // every contender's 1 KiB figure. Sampled between the contenders' runs,
  // so it sees the same machine load they do.
  const readOnly = async (chunk) => {
    const reader = chunked(input.bytes, chunk).getReader();
    const t0 = performance.now();
    for (;;) { const { done } = await reader.read(); if (done) break; }
    return performance.now() - t0;
  };
  const floor = [];
  const out = {};
  for (const [name, fn] of Object.entries(CONTENDERS)) {
    await timeOnce(fn, input.bytes, input.bytes.length);
    const whole = [];
    const split = [];
    for (let i = 0; i < runs; i++) {
      whole.push((await timeOnce(fn, input.bytes, input.bytes.length)).ms);
      split.push((await timeOnce(fn, input.bytes, 1024)).ms);
      floor.push(await readOnly(1024));
    }
    out[name] = { msOneChunk: median(whole), ms1KiBChunks: median(split), ratio: median(split) / median(whole) };
  }
  return { bytes: input.bytes.length, contenders: out, readOnly1KiBMs: median(floor) };
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
