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
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  root,
  consumers,
  pkgDir,
  devserver,
  ports,
  run,
  runOk,
  serveStatic,
  startServer,
  launchBrowser,
  loadPage as loadConsumerPage,
  closeAll,
} from './harness.mjs';

let browser;
const loadPage = (url) => loadConsumerPage(browser, url);

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

/**
 * The page's chat store showed the session's history (its last run, loaded)
 * and then the message it sent itself, each with the agent's reply.
 */
function assertChat(result, historyMessage, sentMessage) {
  const [status, ...texts] = result.chat.split(' | ');
  assert.equal(status, 'ready', result.chat);
  const user = texts.filter((t) => t.startsWith('user: '));
  assert.equal(user.at(-2), `user: ${historyMessage}`, result.chat);
  assert.equal(user.at(-1), `user: ${sentMessage}`, result.chat);
  assert.match(texts.at(-1), new RegExp(`^assistant: > ${sentMessage}`), result.chat);
}

function sizes(dir, files) {
  const buf = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

before(async () => {
  assert.ok(devserver, 'TAVORA_DEVSERVER_URL is not set: run through scripts/e2e.sh');
  assert.ok(ports.length >= 4, 'TAVORA_E2E_PORTS needs 4 ports: run through scripts/e2e.sh');
  assert.ok(existsSync(join(pkgDir, 'package.json')), 'dist/package is missing: run make package first');
  runOk('scripts/consumers.sh', ['vite', 'webpack', 'plain'], root);
  browser = await launchBrowser();
});

after(async () => {
  await closeAll();
  if (browser) await browser.close();
});

test('npm pack ships exactly the package files, with no any in its types', () => {
  const out = run('npm', ['pack', '--dry-run', '--json', './package'], join(root, 'dist'));
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'ai-sdk.d.ts',
    'ai-sdk.js',
    'chat.d.ts',
    'chat.js',
    'edge-light.js',
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
    'workerd.js',
  ]);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'tavora-wasm');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.devDependencies, undefined);
  const cargoVersion = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
  assert.equal(pkg.version, cargoVersion);
  // Servers and edge runtimes get entries that fetch no file:// URL.
  assert.deepEqual(pkg.exports['.'], {
    types: './index.d.ts',
    workerd: './workerd.js',
    'edge-light': './edge-light.js',
    deno: './inline.js',
    bun: './inline.js',
    node: './inline.js',
    default: './index.js',
  });
  for (const file of Object.values(pkg.exports['.'])) assert.ok(existsSync(join(pkgDir, file)), file);
  for (const sub of ['./inline', './chat', './react', './ai-sdk', './tavora_wasm_bg.wasm']) {
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
      failed = [e instanceof m.TavoraApiError, e.code, e.kind, e.details.url, e.message];
    });
    // A failed load is retried by the next call, here with the bytes.
    await m.ready(readFileSync(${pkg} + '/tavora_wasm_bg.wasm'));
    const events = new m.SseDecoder().push(new TextEncoder().encode('data: x\\n\\n'));
    console.log(JSON.stringify({ failed, events }));
  `);
  const [isError, code, kind, url, message] = loaded.failed;
  assert.deepEqual([isError, code, kind, url], [true, 'wasm_load_failed', 'network', 'file:///nonexistent/tavora_wasm_bg.wasm']);
  assert.match(message, /from file:\/\/\/nonexistent\/tavora_wasm_bg\.wasm: .*fetch cannot read file:\/\/ URLs: on a server import 'tavora-wasm' by name/);
  assert.deepEqual(loaded.events, [{ event: 'message', data: 'x', id: '' }]);
});

test('TypeScript: a consumer using every public method and the READMEs\' code pass --strict, a wrong one fails', () => {
  const dir = join(root, 'tests/types');
  // Resolve `tavora-wasm` through the package's exports map, as a consumer would.
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pkgDir, join(dir, 'node_modules/tavora-wasm'), 'dir');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  // The READMEs' ts/tsx blocks, as written.
  runOk(process.execPath, ['readme-snippets.mjs'], dir);
  for (const project of ['tsconfig.json', 'tsconfig.nodenext.json', 'tsconfig.readme.json']) {
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
    ['node', 'node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    dir,
    `http://127.0.0.1:${port}/`,
  );
  const result = await loadPage(`http://127.0.0.1:${port}/`);
  assert.match(result.response, /hello from vite/);
  assertChat(result, 'hello from vite', 'hello again from the store');
  assertWasmAsset(result, /^\/assets\/tavora_wasm_bg-[\w-]{8}\.wasm$/);
});

test('Vite dev server: the same app works unbuilt (dependency pre-bundling)', async (t) => {
  const dir = join(consumers, 'vite');
  const port = ports[1];
  await startServer(
    ['node', 'node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'],
    dir,
    `http://127.0.0.1:${port}/`,
  );
  const result = await loadPage(`http://127.0.0.1:${port}/`);
  assert.match(result.response, /hello from vite/);
  assertChat(result, 'hello from vite', 'hello again from the store');
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
  assertChat(result, 'hello again, streamed', 'hello from the store');
  assertWasmAsset(result, /^\/node_modules\/tavora-wasm\/tavora_wasm_bg\.wasm$/);
});
