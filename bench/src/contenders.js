// Each contender reads a ReadableStream of SSE bytes and calls
// `onPayload(name, payload)` with every event's parsed JSON.
import { TavoraClient, SseDecoder, ready } from 'tavora-wasm';
import { createParser } from 'eventsource-parser';
import { fetchEventSource } from '@microsoft/fetch-event-source';

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

export const CONTENDERS = {
  'tavora-wasm runAgent': sdkRunAgent,
  'tavora-wasm SseDecoder': sdkDecoder,
  'eventsource-parser + JSON.parse': eventsourceParser,
  '@microsoft/fetch-event-source': fetchEventSourceLib,
  'seed split loop': seedSplitLoop,
};
