// `make bench`: runs every benchmark in one headless Chromium session,
// writes bench/results/latest.md (the one place the figures live) and
// latest.json, prints the budgets and exits non-zero only when one is
// missed. A benchmark, not a test: nothing here runs in `make test`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { FLOOR, STORE } from './src/names.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const here = (...p) => path.join(root, ...p);
const KiB = 1024;
const MiB = 1024 * 1024;

// Every budget but memory, request economy and size is a ratio of two
// figures measured in the same run, so a busy machine slows both sides.
const BUDGETS = {
  throughputVsFloor: 0.8,
  throughputVsEventsourceParser: 1.0,
  storeVsRunAgent: 0.5,
  ownCostPerChunk: 1.3,
  memoryGrowthBeyondLargest: 4 * MiB,
  mints: 1,
  apiRequests: 50,
  packageGzip: 80 * KiB,
  startupVsFloor: 1.5,
  reactRendersPerFrame: 1,
};

async function startDevServer() {
  const bin = process.env.TAVORA_DEVSERVER_BIN || here('target/debug/tavora-devserver');
  const child = spawn(bin, ['--port', '0', '--dev', '--test-control', '--keep-alive', '--static-dir', root, '--stream-delay-ms', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => { if (l.startsWith('LISTENING ')) resolve(l.slice(10).trim()); });
    child.on('exit', (code) => reject(new Error(`dev server exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const br = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function sizes() {
  const pkg = here('dist/package');
  const read = (f) => fs.readFileSync(path.join(pkg, f));
  const measure = (f) => {
    const b = read(f);
    return { raw: b.length, gzip: gz(b), brotli: br(b) };
  };
  const wasm = measure('tavora_wasm_bg.wasm');
  // The budget's JS is the core entry (what `import 'tavora-wasm'` loads);
  // the other entries are measured on their own.
  const glue = measure('index.js');
  const entries = Object.fromEntries(fs.readdirSync(pkg).filter((f) => f.endsWith('.js') && f !== 'index.js').sort()
    .map((f) => [f, measure(f)]));
  return { glueFiles: ['index.js'], wasm, glue, entries, totalGzip: wasm.gzip + glue.gzip };
}

/** `npm ci` in `dir`, only when its lock file changed since the last one. */
function npmCi(dir) {
  const stamp = path.join(dir, 'node_modules/.installed-lock');
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp).equals(lock)) return Promise.resolve();
  return run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir).then(() => fs.writeFileSync(stamp, lock));
}

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed`))));
  });
}

async function viteAdds() {
  const dir = here('bench/vite-size');
  await npmCi(dir);
  const tgz = fs.readdirSync(here('dist')).find((f) => f.endsWith('.tgz'));
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', here('dist', tgz)], dir);
  const { build } = await import(path.join(dir, 'node_modules/vite/dist/node/index.js'));
  const measure = async (entry) => {
    const outDir = path.join(dir, 'dist', entry);
    await build({ root: dir, configFile: false, logLevel: 'silent',
      build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(dir, `${entry}.html`) } } });
    const files = [];
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name)));
    walk(outDir);
    const assets = files.filter((f) => /\.(js|wasm)$/.test(f));
    const buf = Buffer.concat(assets.map((f) => fs.readFileSync(f)));
    return { raw: buf.length, gzip: assets.reduce((n, f) => n + gz(fs.readFileSync(f)), 0) };
  };
  const base = await measure('base');
  const sdk = await measure('sdk');
  return { raw: sdk.raw - base.raw, gzip: sdk.gzip - base.gzip };
}

const CHROME_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--enable-precise-memory-info', '--js-flags=--expose-gc'];

async function startup(browser, url, samples = 21) {
  // One fresh context per sample (empty caches: cold); SDK, floor and
  // preload samples take turns so all three see the same machine load.
  const sample = async (hash) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/bench/startup.html${hash}`);
    await page.waitForFunction(() => window.startup, null, { timeout: 30_000 });
    const s = await page.evaluate(() => window.startup);
    await context.close();
    return s;
  };
  const sdk = [];
  const floor = [];
  const preload = [];
  for (let i = 0; i < samples; i++) {
    sdk.push(await sample(''));
    floor.push((await sample('#floor')).ms);
    preload.push((await sample('#preload')).ms);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = sdk.map((s) => s.ms);
  return {
    samples,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    // Phases, each a median: the JS module imported; the .wasm bytes in;
    // compile + instantiate + the first call's own work.
    phases: {
      importMs: median(sdk.map((s) => s.imported)),
      wasmFetchedMs: median(sdk.map((s) => s.wasmFetched)),
      compileAndFirstCallMs: median(sdk.map((s) => s.ms - s.wasmFetched)),
    },
    floorMedianMs: median(floor),
    // The budget's ratio: the median over rounds of the SDK's sample over
    // the floor's sample of the same round.
    pairedRatioMedian: median(ms.map((v, i) => v / floor[i])),
    // The same, with the app's preload hint for the .wasm (not a budget).
    withPreloadMedianMs: median(preload),
  };
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

async function buildPages() {
  await esbuild.build({ entryPoints: [here('bench/src/bench.js')], bundle: true, format: 'esm',
    outfile: here('bench/dist/bench.js'), external: ['tavora-wasm'], logLevel: 'warning' });
  // The React page: React from bench/react's own lock file, production
  // build; `tavora-wasm/react` is the package's file as built, and the core
  // entry comes from the page's import map like an app's one copy of it.
  await npmCi(here('bench/react'));
  const packageEntries = {
    name: 'package-entries',
    setup(b) {
      b.onResolve({ filter: /^tavora-wasm$/ }, () => ({ path: 'tavora-wasm', external: true }));
      b.onResolve({ filter: /^tavora-wasm\/react$/ }, () => ({ path: here('dist/package/react.js') }));
    },
  };
  await esbuild.build({ entryPoints: [here('bench/react/chat.jsx')], bundle: true, format: 'esm', minify: true,
    jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, nodePaths: [here('bench/react/node_modules')],
    plugins: [packageEntries], outfile: here('bench/dist/react.js'), logLevel: 'warning' });
}

async function main() {
  await buildPages();
  const server = await startDevServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
  const results = { date: new Date().toISOString(), chromium: browser.version(), budgets: BUDGETS };
  const open = async (html) => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${server.url}/bench/${html}`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    const call = (name, arg) => page.evaluate(([n, a]) => window.bench[n](a), [name, arg]);
    return { page, call };
  };
  try {
    const { page, call } = await open('page.html');
    process.stderr.write('throughput… ');
    results.throughput = await call('throughput', { sizeMiB: 16, chunk: 1460, runs: 11 });
    process.stderr.write('fragmentation… ');
    results.fragmentation = await call('fragmentation', { sizeMiB: 8, runs: 9 });
    process.stderr.write('memory… ');
    results.memory = await call('memory', { totalMiB: 256 });
    process.stderr.write('latency… ');
    results.latency = await call('latency', { runs: 12, delayMs: 5 });
    process.stderr.write('economy… ');
    results.economy = await call('economy');
    await page.close();
    process.stderr.write('react… ');
    const react = await open('react.html');
    results.react = {
      coalesced: await react.call('reactChat', { events: 300, perSec: 100 }),
      // The same with the store's coalescing off: what the budget guards against.
      uncoalesced: await react.call('reactChat', { events: 300, perSec: 100, coalesce: false }),
    };
    await react.page.close();
    process.stderr.write('start-up… ');
    results.startup = await startup(browser, server.url);
    process.stderr.write('sizes…\n');
    results.size = sizes();
    results.size.viteConsumerAdds = await viteAdds();
  } finally {
    await browser.close();
    server.stop();
  }
  report(results);
}

const x = (v) => `${fmt(v, 2)}×`;
// A budget ratio is the median of per-round ratios (each round's two
// figures saw the same load); the ratio of the two medians is shown beside it.
const both = (ofMedians) => (v) => `${x(v)} (of medians: ${x(ofMedians)})`;
const kib = (n) => `${fmt(n / KiB)} KiB`;

function report(r) {
  const t = r.throughput.contenders;
  const sdk = t['tavora-wasm runAgent'];
  const esp = t['eventsource-parser + JSON.parse'];
  const store = t[STORE];
  const f = r.fragmentation.contenders;
  const m = r.memory;
  const s = r.size;
  const su = r.startup;
  const rc = r.react.coalesced;
  const ru = r.react.uncoalesced;
  const checks = [
    [`runAgent ≥ ${BUDGETS.throughputVsFloor}× the floor (read + UTF-8 decode + JSON.parse, no framing), events/s`,
      sdk.vsFloor, (v) => v >= BUDGETS.throughputVsFloor, both(sdk.eventsPerSec / t[FLOOR].eventsPerSec)],
    [`runAgent ≥ ${BUDGETS.throughputVsEventsourceParser.toFixed(1)}× eventsource-parser + JSON.parse, events/s`,
      esp.runAgentVsThis, (v) => v >= BUDGETS.throughputVsEventsourceParser, both(sdk.eventsPerSec / esp.eventsPerSec)],
    ['every contender delivered every event', Object.values(t).every((c) => c.events === c.expectedEvents), (v) => v, String],
    [`chat store ≥ ${BUDGETS.storeVsRunAgent}× runAgent, events/s (coalescing off: every event published)`,
      store.vsRunAgent, (v) => v >= BUDGETS.storeVsRunAgent, both(store.eventsPerSec / sdk.eventsPerSec)],
    ['chat store reduced every event (its snapshot = the reducer\'s over the same events)',
      store.events === store.expectedEvents && store.snapshotMatchesReducer, (v) => v, String],
    [`own cost per chunk, (t_1KiB − reads alone) / t_one ≤ ${BUDGETS.ownCostPerChunk} (runAgent)`,
      f['tavora-wasm runAgent'].ownCostRatio, (v) => v <= BUDGETS.ownCostPerChunk, (v) => fmt(v, 2)],
    [`own cost per chunk, (t_1KiB − reads alone) / t_one ≤ ${BUDGETS.ownCostPerChunk} (SseDecoder)`,
      f['tavora-wasm SseDecoder'].ownCostRatio, (v) => v <= BUDGETS.ownCostPerChunk, (v) => fmt(v, 2)],
    ['wasm memory growth < 4 MiB beyond the largest event', m.wasmGrowth - m.largestEventBytes,
      (v) => v < BUDGETS.memoryGrowthBeyondLargest, kib],
    ['exactly 1 mint and 50 API requests for 50 cold calls', `${r.economy.mints}/${r.economy.apiRequests}`,
      (v) => v === `${BUDGETS.mints}/${BUDGETS.apiRequests}`, String],
    ['.wasm + core JS (index.js) ≤ 80 KiB gzip', s.totalGzip, (v) => v <= BUDGETS.packageGzip, kib],
    [`start-up ≤ ${BUDGETS.startupVsFloor}× the floor (a tiny module + the .wasm bytes, sampled in turns with the SDK)`,
      su.pairedRatioMedian, (v) => v <= BUDGETS.startupVsFloor, both(su.medianMs / su.floorMedianMs)],
    [`React (useAgentChat): ≤ ${BUDGETS.reactRendersPerFrame} render per animation frame during a ${rc.perSec} events/s stream`,
      rc.steady.rendersPerFrame, (v) => v <= BUDGETS.reactRendersPerFrame && rc.eventsSeen === rc.events && rc.summaryShown && rc.lastStatus === 'ready',
      (v) => fmt(v, 2)],
  ];
  let missed = 0;
  const budgetLines = ['| budget | measured | |', '|---|---:|---|'];
  r.checks = checks.map(([name, value, ok, show]) => {
    const pass = Boolean(ok(value));
    if (!pass) missed++;
    budgetLines.push(`| ${name} | ${show(value)} | ${pass ? 'met' : 'MISSED'} |`);
    return { name, value, pass };
  });

  const lines = [];
  lines.push(`# tavora-wasm benchmarks — ${r.date} — Chromium ${r.chromium}`);
  lines.push('');
  lines.push('Written by `make bench` (bench/run.mjs): the one place these figures live. Every ratio compares figures from this run; a budget\'s ratio is the median of per-round ratios (the two figures of a round saw the same machine load), with the ratio of the two medians beside it.');
  lines.push('');
  lines.push('## Budgets');
  lines.push('');
  lines.push(...budgetLines);
  lines.push('');
  lines.push(`## (1) Throughput: ${fmt(r.throughput.bytes / MiB)} MiB, ${r.throughput.events} events, ${r.throughput.chunk}-byte chunks, ${r.throughput.runs} rounds`);
  lines.push('');
  lines.push('The contenders take turns, one run each per round. events/s and MB/s: medians over the rounds; "vs": the median of the per-round ratios.');
  lines.push('');
  lines.push('| contender | events/s | MB/s | vs runAgent | vs floor | events ok |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const [name, c] of Object.entries(t)) {
    lines.push(`| ${name} | ${fmt(c.eventsPerSec, 0)} | ${fmt(c.mbPerSec)} | ${x(c.vsRunAgent)} | ${x(c.vsFloor)} | ${c.events === c.expectedEvents ? 'yes' : `${c.events}/${c.expectedEvents}`} |`);
  }
  lines.push('');
  lines.push(`The chat store saw ${store.events} events in its last run, published ${store.notifications} snapshots (coalescing off), and its final snapshot ${store.snapshotMatchesReducer ? 'equals' : 'DIFFERS from'} the reducer's over the same events.`);
  lines.push('');
  lines.push(`## (2) Fragmentation: one ${fmt(r.fragmentation.bytes / MiB)} MiB event, ${r.fragmentation.chunks} chunks of 1 KiB vs one chunk`);
  lines.push('');
  lines.push('| contender | runs | one chunk ms | 1 KiB chunks ms | ratio | reads alone ms | (t_1KiB − reads) / t_one |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, c] of Object.entries(f)) {
    lines.push(`| ${name} | ${c.runs} | ${fmt(c.msOneChunk)} | ${fmt(c.ms1KiBChunks)} | ${fmt(c.ratio, 2)} | ${fmt(c.readsOnlyMs)} | ${fmt(c.ownCostRatio, 2)} |`);
  }
  lines.push('');
  lines.push(`Times: medians over the rounds. "Reads alone": the same chunks read with no parsing, next to each of that contender's 1 KiB runs (median of all: ${fmt(r.fragmentation.readOnly1KiBMs)} ms). The two ratios: medians of the per-round ratios.`);
  lines.push('');
  lines.push('## (3)–(5) Memory, latency, request economy');
  lines.push('');
  lines.push(`- Memory over a ${fmt(m.totalBytes / MiB, 0)} MiB stream (${m.events} events, largest ${kib(m.largestEventBytes)}): wasm ${fmt(m.before.wasm / MiB, 2)} → ${fmt(m.after.wasm / MiB, 2)} MiB (growth ${kib(m.wasmGrowth)}); JS heap ${fmt(m.before.heap / MiB, 2)} → ${fmt(m.after.heap / MiB, 2)} MiB`);
  lines.push(`- Latency chunk → callback over loopback: runAgent median ${fmt(r.latency.sdkMedianMs, 3)} ms, eventsource-parser ${fmt(r.latency.eventsourceParserMedianMs, 3)} ms (${r.latency.samples} events; performance.now() is coarsened to 0.1 ms on this page)`);
  lines.push(`- Request economy, 50 concurrent cold calls: ${r.economy.mints} mint(s), ${r.economy.apiRequests} API requests (minimum 1 and 50)`);
  lines.push('');
  lines.push('## (6) Size');
  lines.push('');
  lines.push('| file | raw | gzip | brotli |');
  lines.push('|---|---:|---:|---:|');
  lines.push(`| tavora_wasm_bg.wasm | ${kib(s.wasm.raw)} | ${kib(s.wasm.gzip)} | ${kib(s.wasm.brotli)} |`);
  lines.push(`| index.js (the core entry) | ${kib(s.glue.raw)} | ${kib(s.glue.gzip)} | ${kib(s.glue.brotli)} |`);
  lines.push(`| **the budget: .wasm + index.js** | | **${kib(s.totalGzip)}** | |`);
  for (const [file, e] of Object.entries(s.entries)) {
    lines.push(`| ${file} (its own entry, not in the budget) | ${kib(e.raw)} | ${kib(e.gzip)} | ${kib(e.brotli)} |`);
  }
  lines.push('');
  lines.push(`A Vite production build of a minimal consumer grows by ${kib(s.viteConsumerAdds.raw)} raw / ${kib(s.viteConsumerAdds.gzip)} gzip (JS + fingerprinted .wasm). Where the .wasm bytes go: \`make size-profile\`.`);
  lines.push('');
  lines.push('## (7) Start-up, import() → first request, cold');
  lines.push('');
  lines.push(`Median ${fmt(su.medianMs)} ms (min ${fmt(su.minMs)}, max ${fmt(su.maxMs)}; ${su.samples} fresh contexts each); floor (a tiny module + the .wasm bytes, nothing compiled) ${fmt(su.floorMedianMs)} ms. SDK / floor: ${x(su.pairedRatioMedian)} as the median of the per-round ratios (the budget), ${x(su.medianMs / su.floorMedianMs)} as the ratio of the two medians. Phases (medians): JS module imported at ${fmt(su.phases.importMs)} ms, .wasm fetched at ${fmt(su.phases.wasmFetchedMs)} ms, then compile + instantiate + first call ${fmt(su.phases.compileAndFirstCallMs)} ms. With the app's preload hint for the .wasm: median ${fmt(su.withPreloadMedianMs)} ms.`);
  lines.push('');
  lines.push(`## (8) React renders: a chat component on useAgentChat (React production build), ${rc.events} events at ${rc.perSec}/s`);
  lines.push('');
  lines.push('| store coalescing | events seen | achieved events/s | frames during the stream | renders during it | renders per frame | most in one frame | renders in the whole run (send → ready) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [label, v] of [['on (the default; the budget)', rc], ['off (comparison)', ru]]) {
    lines.push(`| ${label} | ${v.eventsSeen}/${v.events} | ${fmt(v.achievedEventsPerSec, 0)} | ${v.steady.ticks} (${fmt(v.steady.ticksPerSec, 0)}/s) | ${v.steady.renders} | ${fmt(v.steady.rendersPerFrame, 2)} | ${v.steady.maxRendersInOneFrame} | ${v.renders} in ${v.ticks} frames |`);
  }
  lines.push('');
  lines.push('"During the stream": the frames after the one in which the first event reached the store, up to the one in which `done` did; renders counted there are those showing `streaming`.');
  const text = lines.join('\n');
  console.log(text);
  fs.mkdirSync(here('bench/results'), { recursive: true });
  const json = JSON.stringify(r, null, 2);
  fs.writeFileSync(here('bench/results/latest.json'), json + '\n');
  fs.writeFileSync(here(`bench/results/${r.date.replace(/[:.]/g, '-')}.json`), json + '\n');
  fs.writeFileSync(here('bench/results/latest.md'), text + '\n');
  console.log('');
  console.log(budgetLines.join('\n'));
  if (missed) {
    console.error(`\n${missed} budget(s) missed`);
    process.exitCode = 1;
  } else {
    console.log('\nevery budget met');
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
