// Everywhere a chat app's code runs, from the packed tarball: Node, Deno and
// Bun importing `tavora-wasm` by name; a Next.js app (server component,
// client component, route handlers on the Node.js and edge runtimes) built
// with Turbopack and with webpack; a module Worker; pages under a strict
// Content-Security-Policy; and the types in a Node project without the DOM.
//
// Needs `make package` first; run through scripts/e2e.sh (the dev server's
// URL and free ports whose origins it allows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, mkdirSync, symlinkSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  root,
  consumers,
  pkgDir,
  devserver,
  ports,
  runOk,
  serveStatic,
  startServer,
  launchBrowser,
  loadPage,
  closeAll,
  signIn,
  mintKey,
  freePort,
} from './harness.mjs';

// scripts/e2e.sh's ports: the first four are package.test.mjs's.
const [workerPort, cspPort, nextPort] = ports.slice(4);
let browser;
let jwt;
let key;

before(async () => {
  assert.ok(devserver, 'TAVORA_DEVSERVER_URL is not set: run through scripts/e2e.sh');
  assert.ok(ports.length >= 7, 'TAVORA_E2E_PORTS needs 7 ports: run through scripts/e2e.sh');
  runOk('scripts/consumers.sh', ['server', 'next', 'plain'], root);
  browser = await launchBrowser();
  jwt = await signIn();
  key = await mintKey(jwt);
});

after(async () => {
  await closeAll();
  if (browser) await browser.close();
});

const EVENTS = ['sandbox_event', 'execute_js', 'execute_js_result', 'tool_call', 'tool_result', 'response', 'done'];

test('Node, Deno and Bun: import by name, a fixed key, a streamed run, one error class, keys in memory', () => {
  const dir = join(consumers, 'server');
  const env = { TAVORA_API: devserver, TAVORA_KEY: key, TAVORA_JWT: jwt };
  const runtimes = {
    node: [process.execPath, ['app.mjs']],
    deno: ['node_modules/.bin/deno', ['run', '--allow-net', '--allow-env', '--allow-read', 'app.mjs']],
    bun: ['node_modules/.bin/bun', ['app.mjs']],
  };
  for (const [name, [cmd, args]] of Object.entries(runtimes)) {
    const out = JSON.parse(runOk(cmd, args, dir, env));
    assert.equal(out.project, 'Demo workspace', name);
    assert.match(out.reply, /hello from a server/, name);
    assert.deepEqual(out.events, EVENTS, name);
    assert.deepEqual(
      out.missing,
      { code: 'NOT_FOUND', status: 404, instanceofDefault: true, instanceofInline: true, isNotFoundInline: true },
      `${name}: an error of the default entry is an error of the inline entry`,
    );
    assert.deepEqual(out.unauthorized, { instanceofDefault: true, isNotFound: false, status: 401 }, name);
    assert.equal(out.mintedProject, 'Demo workspace', name);
    assert.match(out.keyPrefix, /^tvr_/, name);
    // Deno has a process-wide sessionStorage: the minted key must not be in it.
    assert.ok(out.sessionStorageEntries === null || out.sessionStorageEntries === 0, `${name}: ${out.sessionStorageEntries}`);
  }
});

test('Cloudflare Workers (workerd): the workerd entry imports the .wasm as a module; a fixed key, a streamed run', async () => {
  const dir = join(consumers, 'server');
  const out = join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  // What wrangler does: bundle with the workerd condition, the .wasm left a module of its own.
  runOk(
    join(root, 'node_modules/.bin/esbuild'),
    ['worker.mjs', '--bundle', '--format=esm', '--conditions=workerd', '--platform=neutral', '--external:*.wasm',
      '--outfile=out/worker.js', '--log-level=warning'],
    dir,
  );
  copyFileSync(join(dir, 'node_modules/tavora-wasm/tavora_wasm_bg.wasm'), join(out, 'tavora_wasm_bg.wasm'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  await startServer(
    [join(dir, 'node_modules/.bin/workerd'), 'serve', 'workerd.capnp', `--socket-addr=http=127.0.0.1:${port}`],
    dir,
    `${origin}/ready`,
    { TAVORA_API: devserver, TAVORA_KEY: key },
  );
  const res = await fetch(`${origin}/`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.project, 'Demo workspace');
  assert.match(body.reply, /hello from a worker/);
  assert.deepEqual(body.events, EVENTS);
  await closeAll();
});

test('a client whose module cannot load: construction neither throws nor leaves a rejection; the call says why', () => {
  // The browser entry by path under Node, whose fetch cannot read the
  // file:// URL of its .wasm (what a server gets when it skips the exports map).
  const out = JSON.parse(
    runOk(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const unhandled = [];
        process.on('unhandledRejection', (e) => unhandled.push(String(e)));
        const m = await import(${JSON.stringify(join(pkgDir, 'index.js'))});
        const client = new m.TavoraClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'tvr_x' });
        await new Promise((r) => setTimeout(r, 200));
        const e = await client.getProject().then(() => null, (e) => e);
        await new Promise((r) => setTimeout(r, 50));
        console.log(JSON.stringify({ unhandled, isError: e instanceof m.TavoraApiError, code: e.code, url: e.details.url, message: e.message }));
        `,
      ],
      root,
    ),
  );
  assert.deepEqual(out.unhandled, []);
  assert.equal(out.isError, true);
  assert.equal(out.code, 'wasm_load_failed');
  assert.match(out.url, /^file:\/\/.*\/tavora_wasm_bg\.wasm$/);
  assert.match(out.message, /fetch cannot read file:\/\/ URLs: on a server import 'tavora-wasm' by name/);
});

test('TypeScript: the types check in a Node project without the DOM lib', () => {
  const dir = join(root, 'tests/types');
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pkgDir, join(dir, 'node_modules/tavora-wasm'), 'dir');
  runOk(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json'], dir);
});

test('a module Worker: the client streams a run there (keys in memory, no sessionStorage)', async () => {
  const base = await serveStatic(join(consumers, 'plain'), workerPort);
  const result = await loadPage(browser, `${base}/worker.html`);
  assert.match(result.response, /hello from a worker/);
  assert.deepEqual(JSON.parse(result.streamed), EVENTS);
});

test('Content-Security-Policy: a blocked compile or fetch says which directive to add; the allowed setups work', async () => {
  const api = new URL(devserver).origin;
  const policies = {
    'no-wasm': `script-src 'self'; connect-src 'self' ${api}`,
    wasm: `script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${api}`,
    'api-only': `script-src 'self' 'wasm-unsafe-eval'; connect-src ${api}`,
  };
  const base = await serveStatic(join(consumers, 'plain'), cspPort, (url) => {
    const policy = policies[url.searchParams.get('csp')];
    return policy && url.pathname.endsWith('.html') ? { 'Content-Security-Policy': policy } : {};
  });
  const page = (csp, entry, expect) => loadPage(browser, `${base}/csp.html?csp=${csp}&entry=${entry}`, expect);

  const noWasm = await page('no-wasm', 'default', 'error');
  assert.match(noWasm.error, /^wasm_load_failed: /);
  assert.match(noWasm.error, /add 'wasm-unsafe-eval' to script-src \(not 'unsafe-eval'/);
  assert.match(noWasm.error, new RegExp(`from ${base}/node_modules/tavora-wasm/tavora_wasm_bg\\.wasm`));
  assert.equal(JSON.parse(noWasm.details).csp, 'script-src');

  const ok = await page('wasm', 'default', 'done');
  assert.equal(ok.response, 'project Demo workspace');

  const apiOnly = await page('api-only', 'default', 'error');
  assert.match(apiOnly.error, /^wasm_load_failed: /);
  assert.match(apiOnly.error, new RegExp(`connect-src must cover ${base}, or use tavora-wasm/inline`));
  assert.equal(JSON.parse(apiOnly.details).csp, 'connect-src');

  const inline = await page('api-only', 'inline', 'done');
  assert.equal(inline.response, 'project Demo workspace');
  assert.deepEqual(inline.wasm, [], 'the inline entry fetches no .wasm');
});

for (const builder of ['turbopack', 'webpack']) {
  test(`Next.js (${builder}): server component and route handlers with a fixed key, client component in the browser`, async (t) => {
    const dir = join(consumers, 'next');
    const distDir = `.next-${builder}`;
    const env = { NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir };
    rmSync(join(dir, distDir), { recursive: true, force: true });
    const started = Date.now();
    const output = runOk(process.execPath, ['node_modules/next/dist/bin/next', 'build', `--${builder}`], dir, env);
    t.diagnostic(`next build --${builder}: ${Date.now() - started} ms`);
    assert.doesNotMatch(output, /tavora|wasm|unhandled/i, `the build warns about the package:\n${output}`);
    assert.match(output, /○ \/prerendered/, `the page constructing a client was prerendered:\n${output}`);

    const origin = `http://127.0.0.1:${nextPort}`;
    const stop = await startServer(
      ['node', 'node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(nextPort)],
      dir,
      `${origin}/api/project`,
      { ...env, TAVORA_API: devserver, TAVORA_KEY: key },
    );
    try {
      for (const [route, runtime] of [['project', 'nodejs'], ['edge', 'edge']]) {
        const res = await fetch(`${origin}/api/${route}`);
        const body = await res.json();
        assert.equal(res.status, 200, `${route}: ${JSON.stringify(body)}`);
        assert.equal(body.runtime, runtime);
        assert.equal(body.project, 'Demo workspace');
        assert.match(body.reply, new RegExp(`hello from a ${runtime} route`));
      }
      const html = await (await fetch(`${origin}/`)).text();
      assert.match(html, /server rendered: project (<!-- -->)?Demo workspace/);

      const shown = await loadPage(browser, `${origin}/`);
      assert.match(shown.response, /hello from next/);
      assert.equal(shown.wasm.length, 1, `the browser fetched the .wasm once: ${JSON.stringify(shown.wasm)}`);
      assert.match(shown.wasm[0].contentType, /^application\/wasm/);
      const log = stop();
      assert.doesNotMatch(log, /unhandled|TavoraApiError|wasm_load_failed/i, `next start logged:\n${log}`);
    } finally {
      await closeAll();
    }
  });
}
