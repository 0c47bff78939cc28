// Each contender reads a ReadableStream of SSE bytes and calls
// `onPayload(name, payload)` with every event's parsed JSON. The third
// argument is the input itself (stream.js), which only the floor reads.
import { TavoraClient, SseDecoder, ready, createAgentChat } from 'tavora-wasm';
import { createParser } from 'eventsource-parser';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { FLOOR, STORE } from './names.js';

export { FLOOR, STORE };

function fetchServing(stream) {
  return () => Promise.resolve(new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
  }));
}

/** This SDK's runAgent, with an injected fetch that serves the stream. */
export async function sdkRunAgent(stream, onPayload) {
  const client = new TavoraClient({ baseUrl: location.origin, apiKey: 'tvr_bench', fetch: fetchServing(stream) });
  await client.runAgent('as_bench', 'go', onPayload);
}

/** This SDK's SseDecoder, driven by a plain reader loop. */
export async function sdkDecoder(stream, onPayload) {
  await ready();
  const decoder = new SseDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const events = decoder.push(value);
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      onPayload(ev.event, JSON.parse(ev.data));
    }
  }
  decoder.finish();
  decoder.free();
}

/** eventsource-parser + JSON.parse (what a careful JS app would write). */
export async function eventsourceParser(stream, onPayload) {
  const parser = createParser({
    onEvent(ev) {
      onPayload(ev.event || 'message', JSON.parse(ev.data));
    },
  });
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
}

/** @microsoft/fetch-event-source with an injected fetch. */
export async function fetchEventSourceLib(stream, onPayload) {
  const ctrl = new AbortController();
  await new Promise((resolve, reject) => {
    fetchEventSource('/bench', {
      fetch: fetchServing(stream),
      signal: ctrl.signal,
      openWhenHidden: true,
      async onopen() {},
      onmessage(msg) {
        onPayload(msg.event || 'message', JSON.parse(msg.data));
        if (msg.event === 'done') {
          ctrl.abort();
          resolve();
        }
      },
      onclose() {
        resolve();
        throw new Error('closed');
      },
      onerror(e) {
        reject(e);
        throw e;
      },
    }).then(resolve, (e) => (ctrl.signal.aborted ? resolve() : reject(e)));
  });
}

/** The browser-chat seed's loop: split on "\n", `event: ` / `data: ` prefixes. */
export async function seedSplitLoop(stream, onPayload) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let currentEvent = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('event: ')) currentEvent = line.slice(7).trim();
      else if (line.startsWith('data: ')) onPayload(currentEvent, JSON.parse(line.slice(6)));
    }
  }
}

/**
 * The chat store (the core entry's createAgentChat) over runAgent: every
 * event reduced into a new immutable snapshot. Frame coalescing is off, so
 * every event is also published to a subscriber that reads the snapshot
 * (the most work a store does per event). `onPayload` is called with what
 * the store's own callback received, after the store reduced it.
 */
export async function chatStore(stream, onPayload) {
  const client = new TavoraClient({ baseUrl: location.origin, apiKey: 'tvr_bench', fetch: fetchServing(stream) });
  const seen = {
    runAgent: (sessionId, message, onEvent, options) => client.runAgent(sessionId, message, (name, payload) => {
      onEvent(name, payload);
      onPayload(name, payload);
    }, options),
  };
  const chat = createAgentChat(seen, { createSession: () => 'as_bench', coalesce: false });
  let notifications = 0;
  let snapshot = null;
  chat.subscribe(() => {
    notifications++;
    snapshot = chat.getSnapshot();
  });
  await chat.send('go');
  chat.dispose();
  if (snapshot.status !== 'ready' || snapshot.error) {
    throw new Error(`the chat store ended with status ${snapshot.status}: ${snapshot.error && snapshot.error.message}`);
  }
  return { snapshot, notifications };
}

/**
 * The floor: the work no consumer can skip. It reads the same chunks,
 * decodes each payload's bytes as UTF-8 and `JSON.parse`s that exact text,
 * with no framing at all: the byte ranges of the payloads are known in
 * advance (`input.plan`, built outside the timed region), and a payload
 * split across chunks is gathered in a buffer allocated in advance.
 */
export async function floor(stream, onPayload, input) {
  const { starts, ends, names, scratch } = input.plan;
  const n = starts.length;
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let at = 0;
  let i = 0;
  let have = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const end = at + value.length;
    while (i < n && starts[i] < end) {
      const from = (starts[i] > at ? starts[i] : at) - at;
      if (ends[i] <= end) {
        const to = ends[i] - at;
        let text;
        if (have === 0) {
          text = decoder.decode(value.subarray(from, to));
        } else {
          scratch.set(value.subarray(from, to), have);
          text = decoder.decode(scratch.subarray(0, have + to - from));
          have = 0;
        }
        onPayload(names[i], JSON.parse(text));
        i++;
      } else {
        scratch.set(value.subarray(from), have);
        have += value.length - from;
        break;
      }
    }
    at = end;
  }
}

/** What the floor needs to know in advance about an input (stream.js's `payloads`). */
export function floorPlan(payloads) {
  const starts = new Float64Array(payloads.map((p) => p.start));
  const ends = new Float64Array(payloads.map((p) => p.end));
  const largest = payloads.reduce((m, p) => Math.max(m, p.end - p.start), 0);
  return { starts, ends, names: payloads.map((p) => p.name), scratch: new Uint8Array(largest) };
}

export const CONTENDERS = {
  'tavora-wasm runAgent': sdkRunAgent,
  'tavora-wasm SseDecoder': sdkDecoder,
  [STORE]: chatStore,
  'eventsource-parser + JSON.parse': eventsourceParser,
  '@microsoft/fetch-event-source': fetchEventSourceLib,
  'seed split loop': seedSplitLoop,
  [FLOOR]: floor,
};
