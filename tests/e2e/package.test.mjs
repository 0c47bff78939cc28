// The npm package as users get it: the tarball installed into zero-config
// consumer apps (tests/consumers/*), built, served on their own origins and
// loaded in headless Chromium against the dev server (cross-origin, CORS).
// Also the package's TypeScript types (tests/types) and what it ships.
//
// Needs `make package` first; run through scripts/e2e.sh, which starts the
// dev server (TAVORA_DEVSERVER_URL) and allows the origins of the ports in
// TAVORA_E2E_PORTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, rmSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, extname, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const consumers = join(root, 'tests/consumers');
const pkgDir = join(root, 'dist/package');
const devserver = process.env.TAVORA_DEVSERVER_URL;
const ports = (process.env.TAVORA_E2E_PORTS || '').split(',').filter(Boolean).map(Number);
const PAGE_TIMEOUT_MS = 30_000;

let browser;
const cleanups = [];

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `cmd`; on failure the assertion shows its output. */
function runOk(cmd, args, cwd) {
  try {
    return run(cmd, args, cwd);
  } catch (e) {
    assert.fail(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout}\n${e.stderr}`);
  }
}

const mime = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** A plain static file server (what any host does), on a CORS-allowed port. */
function serveStatic(dir, port) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': mime[extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      cleanups.push(() => new Promise((done) => server.close(done)));
      ok(`http://127.0.0.1:${port}`);
    });
  });
}

/** Starts a long-running tool (Vite's servers) and waits until `url` answers. */
async function startServer(args, cwd, url) {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  cleanups.push(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) assert.fail(`${args.join(' ')} exited early:\n${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${args.join(' ')} did not answer on ${url}:\n${output}`);
}

/**
 * Loads `url` with the dev server's URL as `?api=`, waits for the page to
 * finish, and returns what it showed plus every .wasm response it got.
 */
async function loadPage(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasm = [];
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) {
      wasm.push({ url: r.url(), status: r.status(), contentType: r.headers()['content-type'] || '' });
    }
  });
  try {
    const target = `${url}${url.includes('?') ? '&' : '?'}api=${encodeURIComponent(devserver)}`;
    await page.goto(target);
    try {
      await page.waitForSelector('body[data-state]', { timeout: PAGE_TIMEOUT_MS });
    } catch {
      assert.fail(`${url} did not finish in ${PAGE_TIMEOUT_MS} ms; console:\n${consoleLines.join('\n')}`);
    }
    const state = await page.evaluate(() => document.body.dataset.state);
    const error = await page.evaluate(() => document.getElementById('error')?.textContent || '');
    assert.equal(state, 'done', `${url} failed: ${error}\nconsole:\n${consoleLines.join('\n')}`);
    const response = await page.evaluate(() => document.getElementById('response')?.textContent || '');
    const streamed = await page.evaluate(() => document.getElementById('streamed')?.textContent || '');
    return { response, streamed, wasm, console: consoleLines };
  } finally {
    await context.close();
  }
}

/** The .wasm was fetched once, from `pattern`, as application/wasm, and compiled streaming. */
function assertWasmAsset(result, pattern) {
  assert.equal(result.wasm.length, 1, `one .wasm request: ${JSON.stringify(result.wasm)}`);
  const [w] = result.wasm;
  assert.match(new URL(w.url).pathname, pattern);
  assert.equal(w.status, 200);
  assert.match(w.contentType, /^application\/wasm\b/);
  // wasm-bindgen logs this when instantiateStreaming fails and it falls back.
  assert.ok(
    !result.console.some((l) => l.includes('instantiateStreaming')),
    `streaming compilation was used:\n${result.console.join('\n')}`,
  );
}

function sizes(dir, files) {
  const buf = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

before(async () => {
  assert.ok(devserver, 'TAVORA_DEVSERVER_URL is not set: run through scripts/e2e.sh');
  assert.ok(ports.length >= 4, 'TAVORA_E2E_PORTS needs 4 ports: run through scripts/e2e.sh');
  assert.ok(existsSync(join(pkgDir, 'package.json')), 'dist/package is missing: run make package first');
  runOk('scripts/consumers.sh', [], root);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  if (browser) await browser.close();
});

test('npm pack ships exactly the package files, with no any in its types', () => {
  const out = run('npm', ['pack', '--dry-run', '--json', './package'], join(root, 'dist'));
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'ai-sdk.d.ts',
    'ai-sdk.js',
    'index.d.ts',
    'index.js',
    'inline.d.ts',
    'inline.js',
    'package.json',
    'react.d.ts',
    'react.js',
    'tavora_wasm_bg.wasm',
    'tavora_wasm_bg.wasm.d.ts',
    'types/api.d.ts',
    'types/chat.d.ts',
    'types/events.d.ts',
  ]);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'tavora-wasm');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.devDependencies, undefined);
  const cargoVersion = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
  assert.equal(pkg.version, cargoVersion);
  for (const sub of ['.', './inline', './react', './ai-sdk', './tavora_wasm_bg.wasm']) {
    assert.deepEqual(Object.keys(pkg.exports[sub]), ['types', 'default'], `exports["${sub}"]`);
    for (const file of Object.values(pkg.exports[sub])) assert.ok(existsSync(join(pkgDir, file)), file);
  }
  // No `any` in the public API: every .d.ts, comments stripped.
  for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(join(pkgDir, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const hits = text.split('\n').filter((l) => /\bany\b/.test(l));
    assert.deepEqual(hits, [], `${file} uses any`);
  }
  // Nothing in the package names the machine that built it.
  for (const file of files) {
    const text = readFileSync(join(pkgDir, file), 'latin1');
    for (const local of [root, '/root/', '/home/', '.cargo/registry']) {
      assert.ok(!text.includes(local), `${file} mentions ${local}`);
    }
  }
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  assert.match(readme, /\| `tavora_wasm_bg\.wasm` \| [\d.]+ KiB \| [\d.]+ KiB \|/, 'README states the measured sizes');
});

test('every method typed in TavoraApi exists on TavoraClient at runtime, and only those', async () => {
  const dts = readFileSync(join(pkgDir, 'types/api.d.ts'), 'utf8');
  const body = dts.slice(dts.indexOf('export interface TavoraApi {'));
  const typed = [...body.slice(0, body.indexOf('\n}')).matchAll(/^  (\w+)\(/gm)].map((m) => m[1]);
  assert.ok(typed.length > 10, 'TavoraApi lists the methods');
  const wrapperOnly = ['keyInfo', 'signOut', 'sdkFetch', 'streamAgent'];
  const want = [...typed, ...wrapperOnly].sort();
  // Importing loads no wasm: the methods are known from the glue's class.
  for (const entry of ['index.js', 'inline.js']) {
    const mod = await import(join(pkgDir, entry));
    const names = Object.getOwnPropertyNames(mod.TavoraClient.prototype).filter((n) => n !== 'constructor').sort();
    assert.deepEqual(names, want, entry);
  }
});

/** Runs an ES module snippet in a fresh Node process (each has its own wasm instance). */
function node(code) {
  return JSON.parse(runOk(process.execPath, ['--input-type=module', '-e', code], root));
}

test('loading: the inline entry decodes its bytes, ready(source) takes bytes, failures are TavoraApiErrors', () => {
  const pkg = JSON.stringify(pkgDir);
  // Node has no Uint8Array.fromBase64 (Chromium has): the atob fallback.
  const inline = node(`
    const m = await import(${pkg} + '/inline.js');
    let early;
    try { new m.SseDecoder(); } catch (e) { early = [e instanceof m.TavoraApiError, e.code, e.kind]; }
    await m.ready();
    const d = new m.SseDecoder();
    const events = d.push(new TextEncoder().encode('id: 7\\nevent: step\\ndata: {"type":"response"}\\n\\n'));
    let bad;
    try { new m.SseDecoder(-1); } catch (e) { bad = [e instanceof m.TavoraApiError, e.name, e.code, e.kind, e.details]; }
    console.log(JSON.stringify({ early, events, lastEventId: d.lastEventId, bad }));
  `);
  assert.deepEqual(inline.early, [true, 'not_ready', 'invalid_input']);
  assert.deepEqual(inline.events, [{ event: 'step', data: '{"type":"response"}', id: '7' }]);
  assert.equal(inline.lastEventId, '7');
  assert.deepEqual(inline.bad, [true, 'TavoraApiError', 'invalid_input', 'invalid_input', {}]);

  const loaded = node(`
    import { readFileSync } from 'node:fs';
    const m = await import(${pkg} + '/index.js');
    let failed;
    await m.ready('file:///nonexistent/tavora_wasm_bg.wasm').catch((e) => {
      failed = [e instanceof m.TavoraApiError, e.code, e.kind, typeof e.message];
    });
    // A failed load is retried by the next call, here with the bytes.
    await m.ready(readFileSync(${pkg} + '/tavora_wasm_bg.wasm'));
    const events = new m.SseDecoder().push(new TextEncoder().encode('data: x\\n\\n'));
    console.log(JSON.stringify({ failed, events }));
  `);
  assert.deepEqual(loaded.failed, [true, 'wasm_load_failed', 'network', 'string']);
  assert.deepEqual(loaded.events, [{ event: 'message', data: 'x', id: '' }]);
});

test('TypeScript: a consumer using every public method passes --strict, a wrong one fails', () => {
  const dir = join(root, 'tests/types');
  // Resolve `tavora-wasm` through the package's exports map, as a consumer would.
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pkgDir, join(dir, 'node_modules/tavora-wasm'), 'dir');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const project of ['tsconfig.json', 'tsconfig.nodenext.json']) {
    runOk(process.execPath, [tsc, '-p', project], dir);
  }
  let failed = null;
  try {
    run(process.execPath, [tsc, '-p', 'tsconfig.bad.json'], dir);
  } catch (e) {
    failed = e.stdout;
  }
  assert.ok(failed !== null, 'tsc accepted tests/types/bad.ts');
  // Each deliberate error is reported (and nothing else).
  const expected = readFileSync(join(dir, 'bad.ts'), 'utf8')
    .split('\n')
    .map((l, i) => (/^\s*\/\/ @expect-error\b/.test(l) ? i + 2 : 0))
    .filter(Boolean);
  const reported = [...failed.matchAll(/bad\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(reported)], expected, failed);
});

test('Vite production build: fingerprinted .wasm, streaming compile, run shown', async (t) => {
  const dir = join(consumers, 'vite');
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  runOk('npm', ['run', 'build'], dir); // tsc && vite build
  const assets = readdirSync(join(dir, 'dist/assets'));
  const wasmFile = assets.find((f) => f.endsWith('.wasm'));
  assert.match(wasmFile, /^tavora_wasm_bg-[\w-]{8}\.wasm$/);
  const js = assets.filter((f) => f.endsWith('.js'));
  const jsSize = sizes(join(dir, 'dist/assets'), js);
  const wasmSize = sizes(join(dir, 'dist/assets'), [wasmFile]);
  t.diagnostic(
    `vite build adds: JS ${jsSize.raw} B (${jsSize.gzip} B gzip) + .wasm ${wasmSize.raw} B (${wasmSize.gzip} B gzip)`,
  );

  const port = ports[0];
  await startServer(
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    dir,
    `http://127.0.0.1:${port}/`,
  );
  const result = await loadPage(`http://127.0.0.1:${port}/`);
  assert.match(result.response, /hello from vite/);
  assertWasmAsset(result, /^\/assets\/tavora_wasm_bg-[\w-]{8}\.wasm$/);
});

test('Vite dev server: the same app works unbuilt (dependency pre-bundling)', async (t) => {
  const dir = join(consumers, 'vite');
  const port = ports[1];
  await startServer(
    ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'],
    dir,
    `http://127.0.0.1:${port}/`,
  );
  const result = await loadPage(`http://127.0.0.1:${port}/`);
  assert.match(result.response, /hello from vite/);
  assertWasmAsset(result, /tavora_wasm_bg\.wasm$/);
  t.diagnostic(`vite dev served the .wasm at ${new URL(result.wasm[0].url).pathname}`);
});

test('webpack 5 (default production config): fingerprinted .wasm; tavora-wasm/inline fetches none', async () => {
  const dir = join(consumers, 'webpack');
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  runOk('npm', ['run', 'build'], dir); // webpack --mode production
  const out = readdirSync(join(dir, 'dist'));
  const wasmFiles = out.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasmFiles.length, 1, out.join(' '));
  assert.match(wasmFiles[0], /^[0-9a-f]{16,}\.wasm$/);
  // The inline page's bundle does not reference the .wasm asset.
  assert.ok(!readFileSync(join(dir, 'dist/inline.js'), 'utf8').includes(wasmFiles[0]));
  const base = await serveStatic(join(dir, 'dist'), ports[2]);

  const result = await loadPage(`${base}/index.html`);
  assert.match(result.response, /hello from webpack/);
  assertWasmAsset(result, /^\/[0-9a-f]{16,}\.wasm$/);

  const inline = await loadPage(`${base}/inline.html`);
  assert.match(inline.response, /hello from webpack inline/);
  assert.deepEqual(inline.wasm, [], 'the inline entry fetches no .wasm');
});

test('no bundler: <script type="module"> importing node_modules/tavora-wasm/index.js', async () => {
  const base = await serveStatic(join(consumers, 'plain'), ports[3]);
  const result = await loadPage(`${base}/index.html`);
  assert.match(result.response, /hello without a bundler/);
  assert.match(result.streamed, /hello again, streamed/);
  assertWasmAsset(result, /^\/node_modules\/tavora-wasm\/tavora_wasm_bg\.wasm$/);
});
