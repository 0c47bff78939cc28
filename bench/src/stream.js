// The benchmark's input: a realistic agent-event stream, made once per
// size from a seeded PRNG so every contender sees the same bytes.

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the agent ran a search over the index and found three documents about café naïve ✓ results'.split(' ');

function text(rand, bytes) {
  let out = '';
  while (out.length < bytes) out += WORDS[Math.floor(rand() * WORDS.length)] + ' ';
  return out.slice(0, bytes);
}

const KINDS = ['sandbox_event', 'execute_js', 'execute_js_result', 'tool_call', 'tool_result', 'response'];

/**
 * `step` events with JSON payloads from 100 B to 64 KiB (log-uniform), then
 * `done`. `payloads` gives each event's name and the byte range of its
 * `data:` text in `bytes` (for the floor contender, which does no framing).
 */
export function agentStream(totalBytes, seed = 1, withDone = true) {
  const rand = prng(seed);
  const enc = new TextEncoder();
  const parts = [];
  const payloads = [];
  let size = 0;
  let events = 0;
  let largest = 0;
  const push = (name, json) => {
    const head = `event: ${name}\ndata: `;
    const frame = enc.encode(`${head}${json}\n\n`);
    payloads.push({ name, start: size + head.length, end: size + frame.length - 2 });
    largest = Math.max(largest, frame.length);
    parts.push(frame);
    size += frame.length;
    events++;
  };
  while (size < totalBytes) {
    const payloadSize = Math.round(Math.exp(Math.log(100) + rand() * (Math.log(65536) - Math.log(100))));
    const type = KINDS[Math.floor(rand() * KINDS.length)];
    const payload = { type, content: text(rand, Math.max(0, payloadSize - 60)) };
    if (type === 'response') payload.tokens = { prompt: 120, completion: 48 };
    if (type === 'tool_call') payload.args = { query: 'q', top_k: 3 };
    push('step', JSON.stringify(payload));
  }
  if (withDone) push('done', JSON.stringify({ type: 'done', summary: { session_id: 'as_bench', steps: events, tokens: { prompt: 1, completion: 1 } } }));
  return { bytes: concat(parts), events, largest, payloads };
}

/** One event of `size` bytes of content, then `done` (with `payloads` as agentStream's). */
export function singleEvent(size) {
  const enc = new TextEncoder();
  const head = enc.encode('event: step\ndata: {"type":"execute_js_result","content":"');
  const tail = enc.encode('"}\n\nevent: done\ndata: {"type":"done","summary":{"steps":1}}\n\n');
  const body = new Uint8Array(size).fill(0x61);
  const bytes = concat([head, body, tail]);
  const dataAt = 'event: step\ndata: '.length;
  const firstEnd = head.length + size + 2;
  const doneAt = firstEnd + 2 + 'event: done\ndata: '.length;
  const payloads = [{ name: 'step', start: dataAt, end: firstEnd }, { name: 'done', start: doneAt, end: bytes.length - 2 }];
  return { bytes, events: 2, largest: size, payloads };
}

export function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A ReadableStream of `bytes` in `chunk`-byte views (no copies). */
export function chunked(bytes, chunk) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(at, Math.min(at + chunk, bytes.length)));
      at += chunk;
    },
  }, { highWaterMark: 0 });
}

/** An endless-ish stream of `total` bytes, generated as it is read (memory test). */
export function generated(total, chunk, seed = 3) {
  const body = agentStream(4 * 1024 * 1024, seed, false).bytes;
  const done = new TextEncoder().encode('event: done\ndata: {"type":"done","summary":{"steps":0}}\n\n');
  let sent = 0;
  let at = 0;
  let finished = false;
  return new ReadableStream({
    pull(controller) {
      if (finished) return controller.close();
      // Only between whole blocks, so the last event is complete.
      if (sent >= total && at === 0) {
        controller.enqueue(done);
        finished = true;
        return;
      }
      const end = Math.min(at + chunk, body.length);
      controller.enqueue(body.subarray(at, end));
      sent += end - at;
      at = end >= body.length ? 0 : end;
    },
  }, { highWaterMark: 0 });
}
