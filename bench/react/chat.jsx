// The React benchmark page (bench/react.html): a chat component on
// `useAgentChat` from `tavora-wasm/react`, fed a paced stream, counting its
// renders and the page's requestAnimationFrame ticks. bench/run.mjs bundles
// it with esbuild as a production build (React's StrictMode double render
// happens only in development, so each count is one real render).
import { StrictMode, memo, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { TavoraClient, ready } from 'tavora-wasm';
import { useAgentChat } from 'tavora-wasm/react';

// What the page counts: rAF ticks so far, and one [tick, status] per render.
const probe = { ticks: 0, renders: [] };

function partText(p) {
  switch (p.type) {
    case 'text':
    case 'reasoning':
      return p.text;
    case 'tool':
      return `${p.tool} ${p.state} ${p.output || ''}`;
    case 'code':
      return `${p.code} ${p.state} ${p.output || ''}`;
    case 'activity':
      return `${p.kind}: ${p.summary}`;
    case 'summary':
      return `${p.steps} steps`;
    default:
      return p.message || p.kind || p.type;
  }
}

const Part = memo(function Part({ part }) {
  return <div className={`part ${part.type}`}>{partText(part)}</div>;
});

const Message = memo(function Message({ message }) {
  return (
    <li className={message.role}>
      {message.parts.map((p, i) => <Part key={p.id || i} part={p} />)}
    </li>
  );
});

function Chat({ client, coalesce, onSend }) {
  const chat = useAgentChat({ client, createSession: () => 'as_bench', ...(coalesce ? {} : { coalesce: false }) });
  probe.renders.push([probe.ticks, chat.status]);
  useEffect(() => onSend(chat.send), [chat.send, onSend]);
  return (
    <main>
      <ol>{chat.messages.map((m) => <Message key={m.id} message={m} />)}</ol>
      <p>{chat.status}</p>
    </main>
  );
}

const KINDS = [
  (i) => ({ type: 'sandbox_event', content: `step ${i}`, args: { kind: 'log', summary: `sandbox step ${i}` } }),
  (i) => ({ type: 'tool_call', tool: 'search', args: { query: `question ${i}`, top_k: 3 } }),
  (i) => ({ type: 'tool_result', tool: 'search', content: `three documents about question ${i}` }),
  (i) => ({ type: 'execute_js', content: `return ${i} * 2;` }),
  (i) => ({ type: 'execute_js_result', content: String(i * 2) }),
  (i) => ({ type: 'response', content: `The agent found what it looked for in step ${i}, and says so in a sentence or two. ` }),
];

/** `events` SSE frames: `step` events of the kinds above in turn, the last one `done`. */
function frames(events) {
  const enc = new TextEncoder();
  const out = [];
  for (let i = 0; i < events - 1; i++) out.push(enc.encode(`event: step\ndata: ${JSON.stringify(KINDS[i % KINDS.length](i))}\n\n`));
  out.push(enc.encode(`event: done\ndata: ${JSON.stringify({ type: 'done', summary: { steps: events - 1, tokens: { prompt: 1, completion: 1 } } })}\n\n`));
  return out;
}

/** A body that enqueues one frame every 1/perSec s (one chunk each, on schedule even when a timer is late). */
function paced(list, perSec) {
  let timer = null;
  return new ReadableStream({
    start(controller) {
      const t0 = performance.now();
      let i = 0;
      const tick = () => {
        const due = Math.floor(((performance.now() - t0) * perSec) / 1000) + 1;
        while (i < list.length && i < due) controller.enqueue(list[i++]);
        if (i < list.length) timer = setTimeout(tick, Math.max(0, t0 + (i * 1000) / perSec - performance.now()));
        else controller.close();
      };
      tick();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * One run of `events` events at `perSec` through a mounted chat component.
 * `coalesce: false` turns the store's per-frame coalescing off (a
 * comparison, not a budget). "During the stream" is the frames after the
 * one in which the first event reached the store, up to the one in which
 * `done` did; the renders counted there are those showing `streaming`.
 */
async function reactChat({ events = 300, perSec = 100, coalesce = true } = {}) {
  await ready();
  const list = frames(events);
  const client = new TavoraClient({
    baseUrl: location.origin,
    apiKey: 'tvr_bench',
    fetch: () => Promise.resolve(new Response(paced(list, perSec), { status: 200, headers: { 'content-type': 'text/event-stream' } })),
  });
  // The store's view of the run: when each event reached it (in ticks and ms).
  const seen = { count: 0, firstTick: -1, lastTick: -1, firstMs: 0, lastMs: 0 };
  const counted = Object.create(client);
  counted.runAgent = (sessionId, message, onEvent, options) => client.runAgent(sessionId, message, (name, payload) => {
    if (seen.count === 0) {
      seen.firstTick = probe.ticks;
      seen.firstMs = performance.now();
    }
    seen.count++;
    seen.lastTick = probe.ticks;
    seen.lastMs = performance.now();
    onEvent(name, payload);
  }, options);

  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  let send = null;
  const mounted = new Promise((resolve) => {
    const onSend = (f) => {
      send = f;
      resolve();
    };
    flushSync(() => root.render(<StrictMode><Chat client={counted} coalesce={coalesce} onSend={onSend} /></StrictMode>));
  });
  await mounted;

  probe.ticks = 0;
  probe.renders = [];
  let running = true;
  const loop = () => {
    probe.ticks++;
    if (running) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  await nextFrame();
  const t0 = performance.now();
  await send('go');
  await nextFrame();
  await nextFrame();
  const ms = performance.now() - t0;
  running = false;
  const ticks = probe.ticks;
  const renders = probe.renders.slice();
  const last = renders.length ? renders[renders.length - 1][1] : null;
  const text = container.textContent;
  root.unmount();
  container.remove();

  const steadyTicks = seen.lastTick - seen.firstTick;
  const perFrame = new Map();
  for (const [tick, status] of renders) {
    if (status === 'streaming' && tick > seen.firstTick && tick <= seen.lastTick) perFrame.set(tick, (perFrame.get(tick) || 0) + 1);
  }
  const steadyRenders = [...perFrame.values()].reduce((n, c) => n + c, 0);
  return {
    events,
    perSec,
    coalesce,
    eventsSeen: seen.count,
    achievedEventsPerSec: (seen.count - 1) / ((seen.lastMs - seen.firstMs) / 1000),
    ms,
    ticks,
    renders: renders.length,
    lastStatus: last,
    summaryShown: text.includes(`${events - 1} steps`),
    steady: {
      ticks: steadyTicks,
      renders: steadyRenders,
      rendersPerFrame: steadyRenders / steadyTicks,
      maxRendersInOneFrame: Math.max(0, ...perFrame.values()),
      ticksPerSec: steadyTicks / ((seen.lastMs - seen.firstMs) / 1000),
    },
  };
}

window.bench = { reactChat };
window.benchReady = true;
