// `make bench`: runs every benchmark in one headless Chromium session,
// prints one table, writes bench/results/*.json and exits non-zero when a
// budget is missed. A benchmark, not a test: nothing here runs in `make test`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const here = (...p) => path.join(root, ...p);
const KiB = 1024;
const MiB = 1024 * 1024;

const BUDGETS = {
  throughputVsEventsourceParser: 1.0,
  fragmentationRatio: 2,
  memoryGrowthBeyondLargest: 4 * MiB,
  mints: 1,
  apiRequests: 50,
  packageGzip: 80 * KiB,
  startupMedianMs: 20,
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
  const glueFiles = fs.readdirSync(pkg).filter((f) => f.endsWith('.js') && !f.includes('inline'));
  const wasm = read('tavora_wasm_bg.wasm');
  const glue = Buffer.concat(glueFiles.map(read));
  return {
    glueFiles,
    wasm: { raw: wasm.length, gzip: gz(wasm), brotli: br(wasm) },
    glue: { raw: glue.length, gzip: gz(glue), brotli: br(glue) },
    totalGzip: gz(wasm) + gz(glue),
  };
}

async function viteAdds() {
  const dir = here('bench/vite-size');
  const stamp = path.join(dir, 'node_modules/.installed-lock');
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
  const run = (cmd, args) => new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed`))));
  });
  if (!fs.existsSync(stamp) || !fs.readFileSync(stamp).equals(lock)) {
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    fs.writeFileSync(stamp, lock);
  }
  const tgz = fs.readdirSync(here('dist')).find((f) => f.endsWith('.tgz'));
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', here('dist', tgz)]);
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

async function startup(browser, url, samples = 15) {
  // One fresh context per sample (empty caches: cold); SDK and floor
  // samples alternate so both see the same machine load.
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
    // The same, with the app's preload hint for the .wasm (not a budget).
    withPreloadMedianMs: median(preload),
  };
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

async function main() {
  await esbuild.build({ entryPoints: [here('bench/src/bench.js')], bundle: true, format: 'esm',
    outfile: here('bench/dist/bench.js'), external: ['tavora-wasm'], logLevel: 'warning' });
  const server = await startDevServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
  const results = { date: new Date().toISOString(), chromium: browser.version(), budgets: BUDGETS };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${server.url}/bench/page.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    const call = (name, arg) => page.evaluate(([n, a]) => window.bench[n](a), [name, arg]);
    process.stderr.write('throughput… ');
    results.throughput = await call('throughput', { sizeMiB: 16, chunk: 1460, runs: 5 });
    process.stderr.write('fragmentation… ');
    results.fragmentation = await call('fragmentation', { sizeMiB: 8, runs: 3 });
    process.stderr.write('memory… ');
    results.memory = await call('memory', { totalMiB: 256 });
    process.stderr.write('latency… ');
    results.latency = await call('latency', { runs: 12, delayMs: 5 });
    process.stderr.write('economy… ');
    results.economy = await call('economy');
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

function report(r) {
  const t = r.throughput.contenders;
  const sdk = t['tavora-wasm runAgent'];
  const lines = [];
  lines.push(`tavora-wasm benchmarks — ${r.date} — Chromium ${r.chromium}`);
  lines.push('');
  lines.push(`(1) Throughput: ${fmt(r.throughput.bytes / MiB)} MiB, ${r.throughput.events} events, ${r.throughput.chunk}-byte chunks, median of ${r.throughput.runs}`);
  lines.push('| contender | events/s | MB/s | vs runAgent | events ok |');
  lines.push('|---|---:|---:|---:|---|');
  for (const [name, c] of Object.entries(t)) {
    lines.push(`| ${name} | ${fmt(c.eventsPerSec, 0)} | ${fmt(c.mbPerSec)} | ${fmt(c.eventsPerSec / sdk.eventsPerSec, 2)}× | ${c.events === c.expectedEvents ? 'yes' : `${c.events}/${c.expectedEvents}`} |`);
  }
  lines.push('');
  lines.push(`(2) Fragmentation: one ${fmt(r.fragmentation.bytes / MiB)} MiB event, 1 KiB chunks vs one chunk`);
  lines.push('| contender | one chunk ms | 1 KiB chunks ms | ratio |');
  lines.push('|---|---:|---:|---:|');
  for (const [name, c] of Object.entries(r.fragmentation.contenders)) {
    lines.push(`| ${name} | ${fmt(c.msOneChunk)} | ${fmt(c.ms1KiBChunks)} | ${fmt(c.ratio, 2)} |`);
  }
  lines.push(`| (floor: the 8,192 reads alone, no parsing) | | ${fmt(r.fragmentation.readOnly1KiBMs)} | |`);
  const m = r.memory;
  lines.push('');
  lines.push(`(3) Memory over a ${fmt(m.totalBytes / MiB, 0)} MiB stream (${m.events} events, largest ${fmt(m.largestEventBytes / KiB)} KiB): wasm ${fmt(m.before.wasm / MiB, 2)} → ${fmt(m.after.wasm / MiB, 2)} MiB (growth ${fmt(m.wasmGrowth / KiB)} KiB); JS heap ${fmt(m.before.heap / MiB, 2)} → ${fmt(m.after.heap / MiB, 2)} MiB`);
  lines.push(`(4) Latency chunk → callback over loopback: runAgent median ${fmt(r.latency.sdkMedianMs, 3)} ms, eventsource-parser ${fmt(r.latency.eventsourceParserMedianMs, 3)} ms (${r.latency.samples} events; performance.now() is coarsened to 0.1 ms on this page)`);
  lines.push(`(5) Request economy, 50 concurrent cold calls: ${r.economy.mints} mint(s), ${r.economy.apiRequests} API requests (minimum 1 and 50)`);
  const s = r.size;
  lines.push(`(6) Size: .wasm ${fmt(s.wasm.raw / KiB)} KiB raw / ${fmt(s.wasm.gzip / KiB)} KiB gzip / ${fmt(s.wasm.brotli / KiB)} KiB brotli; JS glue (${s.glueFiles.join(', ')}) ${fmt(s.glue.raw / KiB)} / ${fmt(s.glue.gzip / KiB)} / ${fmt(s.glue.brotli / KiB)} KiB; a Vite production build adds ${fmt(s.viteConsumerAdds.raw / KiB)} KiB raw / ${fmt(s.viteConsumerAdds.gzip / KiB)} KiB gzip`);
  const su = r.startup;
  lines.push(`(7) Start-up, import() → first request, cold: median ${fmt(su.medianMs)} ms (min ${fmt(su.minMs)}, max ${fmt(su.maxMs)}, ${su.samples} fresh contexts); phases (medians): JS module imported at ${fmt(su.phases.importMs)} ms, .wasm fetched at ${fmt(su.phases.wasmFetchedMs)} ms, then compile + instantiate + first call ${fmt(su.phases.compileAndFirstCallMs)} ms; floor (a tiny module + the .wasm bytes, nothing compiled): ${fmt(su.floorMedianMs)} ms; with the app's preload hint for the .wasm: median ${fmt(su.withPreloadMedianMs)} ms`);

  const esp = t['eventsource-parser + JSON.parse'];
  const checks = [
    ['runAgent ≥ 1.0× eventsource-parser + JSON.parse', sdk.eventsPerSec / esp.eventsPerSec, (v) => v >= BUDGETS.throughputVsEventsourceParser, (v) => `${fmt(v, 2)}×`],
    ['every contender delivered every event', Object.values(t).every((c) => c.events === c.expectedEvents), (v) => v, String],
    ['fragmentation ratio < 2 (runAgent)', r.fragmentation.contenders['tavora-wasm runAgent'].ratio, (v) => v < BUDGETS.fragmentationRatio, (v) => fmt(v, 2)],
    ['fragmentation ratio < 2 (SseDecoder)', r.fragmentation.contenders['tavora-wasm SseDecoder'].ratio, (v) => v < BUDGETS.fragmentationRatio, (v) => fmt(v, 2)],
    ['wasm memory growth < 4 MiB beyond the largest event', m.wasmGrowth - m.largestEventBytes, (v) => v < BUDGETS.memoryGrowthBeyondLargest, (v) => `${fmt(v / KiB)} KiB`],
    ['exactly 1 mint and 50 API requests', `${r.economy.mints}/${r.economy.apiRequests}`, (v) => v === '1/50', String],
    ['.wasm + JS glue < 80 KiB gzip', s.totalGzip, (v) => v < BUDGETS.packageGzip, (v) => `${fmt(v / KiB)} KiB`],
    ['start-up median < 20 ms', r.startup.medianMs, (v) => v < BUDGETS.startupMedianMs, (v) => `${fmt(v)} ms`],
  ];
  lines.push('');
  lines.push('| budget | measured | |');
  lines.push('|---|---:|---|');
  let missed = 0;
  r.checks = checks.map(([name, value, ok, show]) => {
    const pass = Boolean(ok(value));
    if (!pass) missed++;
    lines.push(`| ${name} | ${show(value)} | ${pass ? 'met' : 'MISSED'} |`);
    return { name, value, pass };
  });
  const text = lines.join('\n');
  console.log(text);
  fs.mkdirSync(here('bench/results'), { recursive: true });
  const json = JSON.stringify(r, null, 2);
  fs.writeFileSync(here('bench/results/latest.json'), json);
  fs.writeFileSync(here(`bench/results/${r.date.replace(/[:.]/g, '-')}.json`), json);
  fs.writeFileSync(here('bench/results/latest.md'), text + '\n');
  if (missed) {
    console.error(`\n${missed} budget(s) missed`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
