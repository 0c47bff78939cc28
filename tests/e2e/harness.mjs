// What the package's end-to-end suites share: the dev server's URL and the
// free ports scripts/e2e.sh picked (their origins allowed through CORS),
// running tools, serving a directory, starting long-running servers,
// headless Chromium, and loading a consumer page until it reports.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, extname, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const consumers = join(root, 'tests/consumers');
export const pkgDir = join(root, 'dist/package');
export const devserver = process.env.TAVORA_DEVSERVER_URL;
export const ports = (process.env.TAVORA_E2E_PORTS || '').split(',').filter(Boolean).map(Number);
export const WORKSPACE = '11111111-1111-4111-8111-111111111111';
const PAGE_TIMEOUT_MS = 30_000;

const cleanups = [];

/** Registers `fn` to run (last registered first) at `closeAll()`. */
export function onClose(fn) {
  cleanups.push(fn);
}

export async function closeAll() {
  for (const c of cleanups.splice(0).reverse()) await c();
}

export function run(cmd, args, cwd, env) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
}

/** Runs `cmd`; on failure the assertion shows its output. */
export function runOk(cmd, args, cwd, env) {
  try {
    return run(cmd, args, cwd, env);
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

/**
 * A plain static file server (what any host does), on a CORS-allowed port.
 * `headersFor(url)` may add response headers to a page (a CSP, say).
 */
export function serveStatic(dir, port, headersFor = () => ({})) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = decodeURIComponent(url.pathname);
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
      ...headersFor(url),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      onClose(() => new Promise((done) => server.close(done)));
      ok(`http://127.0.0.1:${port}`);
    });
  });
}

/** Starts a long-running tool (Vite's servers, `next start`) and waits until `url` answers. */
export async function startServer(args, cwd, url, env) {
  const child = spawn(args[0] === 'node' ? process.execPath : args[0], args.slice(1), {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  onClose(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) assert.fail(`${args.join(' ')} exited early:\n${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) return () => output;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${args.join(' ')} did not answer on ${url}:\n${output}`);
}

export function launchBrowser() {
  return chromium.launch({
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
}

/**
 * Loads `url` with the dev server's URL as `?api=`, waits for the page to
 * finish (`body[data-state]`), and returns its state, what it showed, every
 * .wasm response it got and its console. `expect` is the state it must end
 * in (`done`, or `error` for a page showing a failure in `#error`).
 */
export async function loadPage(browser, url, expect = 'done') {
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
    const text = (id) => page.evaluate((id) => document.getElementById(id)?.textContent || '', id);
    const state = await page.evaluate(() => document.body.dataset.state);
    const error = await text('error');
    assert.equal(state, expect, `${url} ended ${state}: ${error}\nconsole:\n${consoleLines.join('\n')}`);
    return {
      error,
      details: await text('details'),
      response: await text('response'),
      streamed: await text('streamed'),
      chat: await text('chat'),
      wasm,
      console: consoleLines,
    };
  } finally {
    await context.close();
  }
}

/** A user's JWT from the dev server's sign-in. */
export async function signIn() {
  const res = await fetch(`${devserver}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal(res.status, 200, 'dev sign-in');
  return (await res.json()).jwt;
}

/** A workspace key minted from `jwt`: the fixed key a server would hold. */
export async function mintKey(jwt) {
  const res = await fetch(`${devserver}/api/auth/session-token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workspace_id: WORKSPACE }),
  });
  assert.equal(res.status, 201, 'session-token exchange');
  return (await res.json()).api_key;
}

/** A loopback port free right now (for a server that takes its port as a flag). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createTcpServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}
