// The chat toolkit from the packed tarball, in headless Chromium against the
// dev server: a React 19 app on useAgentChat (tavora-wasm/react) and an AI
// SDK useChat app on TavoraChatTransport (tavora-wasm/ai-sdk), both under
// StrictMode, on Vite's dev server (development: StrictMode mounts every
// effect twice) and as a production build. Each sends, streams, answers the
// three kinds of input request, meets an agent error, reloads the session
// from history, and stops a run mid-stream and while paused (and the React
// app unmounts its chat mid-run); the dev
// server's counts show one session per chat, one mint, one run per send.
//
// Needs `make package` first; run through scripts/e2e.sh (the dev server's
// URL and free ports whose origins it allows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { consumers, devserver, ports, root, runOk, startServer, launchBrowser, closeAll } from './harness.mjs';

const dir = join(consumers, 'react');
const [devPort, previewPort] = ports.slice(7);
const TIMEOUT_MS = 20_000;
let browser;

before(async () => {
  assert.ok(devserver, 'TAVORA_DEVSERVER_URL is not set: run through scripts/e2e.sh');
  assert.ok(ports.length >= 9, 'TAVORA_E2E_PORTS needs 9 ports: run through scripts/e2e.sh');
  runOk('scripts/consumers.sh', ['react'], root);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  runOk(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], dir);
  browser = await launchBrowser();
});

after(async () => {
  await closeAll();
  if (browser) await browser.close();
});

async function control(path, body) {
  const res = await fetch(`${devserver}/__test/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `/__test/${path}`);
  return res.json();
}

/** Requests by `METHOD path`, with every session id replaced by `:id`. */
async function counts() {
  const { counts: raw, streams } = await control('requests');
  const out = {};
  for (const [k, n] of Object.entries(raw)) {
    const key = k.replace(/\/agents\/[^/]+/, '/agents/:id');
    out[key] = (out[key] || 0) + n;
  }
  return { counts: out, streams };
}

const status = (page) => page.locator('#status').getAttribute('data-status');

async function waitFor(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: TIMEOUT_MS });
  } catch {
    const shown = await page.locator('main').innerText().catch(() => '(no page)');
    assert.fail(`${what} did not happen; the page shows:\n${shown}`);
  }
}

/** Sends `text` as the `n`-th user message and waits for the chat to reach `want`. */
async function send(page, text, n, want) {
  await page.fill('#message', text);
  await page.click('#send');
  await waitStatus(page, n, want, `"${text}" → ${want}`);
}

function waitStatus(page, n, want, what) {
  return waitFor(
    page,
    ([n, want]) =>
      document.querySelectorAll('#messages li[data-role=user]').length === n &&
      document.getElementById('status').dataset.status === want,
    [n, want],
    what,
  );
}

/** The last assistant message's parts, as `class: text` lines. */
async function lastReply(page) {
  return page.evaluate(() => {
    const replies = document.querySelectorAll('#messages li[data-role=assistant]');
    const last = replies[replies.length - 1];
    return last ? [...last.children].map((p) => `${p.className}${p.dataset.state ? `(${p.dataset.state})` : ''}: ${p.textContent}`) : [];
  });
}

async function answer(page, n, act) {
  await act();
  await waitStatus(page, n, 'ready', `the answer of message ${n}`);
}

for (const mode of ['development', 'production']) {
  for (const [app, file] of [['useAgentChat', 'index.html'], ['useChat (AI SDK)', 'ai-sdk.html']]) {
    test(`${app}, ${mode}: stream, tools, input requests, agent error, reload from history, stop; one session, one mint`, async () => {
      const port = mode === 'development' ? devPort : previewPort;
      const origin = `http://127.0.0.1:${port}`;
      const args = mode === 'development'
        ? ['node', 'node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort']
        : ['node', 'node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
      await startServer(args, dir, `${origin}/${file}`);
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await control('reset', {});
        await page.goto(`${origin}/${file}?api=${encodeURIComponent(devserver)}`);
        await waitFor(page, () => document.getElementById('status')?.dataset.status === 'ready', undefined, 'ready');
        const mountEffects = await page.evaluate(() => window.mountEffects);
        assert.equal(mountEffects, mode === 'development' ? 2 : 1, 'StrictMode mounts twice in development only');
        const mounted = await counts();
        assert.deepEqual(mounted.counts, {}, 'mounting (twice, in development) sends nothing');

        // A run with a tool call and code, streamed.
        await send(page, 'hello from react', 1, 'ready');
        const hello = await lastReply(page);
        assert.ok(hello.some((l) => /^tool\((done|output-available)\): web_search/.test(l)), hello.join('\n'));
        assert.ok(hello.some((l) => l.startsWith('text: > hello from react')), hello.join('\n'));
        assert.ok(hello.some((l) => l.startsWith('summary: steps:')), hello.join('\n'));

        // The three kinds of input request.
        await send(page, 'please confirm', 2, 'awaiting_input');
        await answer(page, 2, () => page.click('#answer button:has-text("Yes")'));
        assert.ok((await lastReply(page)).some((l) => /^input\(answered\): .*\[answered: true\]/.test(l)));
        await send(page, 'choose a colour', 3, 'awaiting_input');
        await answer(page, 3, () => page.click('#answer button:has-text("green")'));
        assert.ok((await lastReply(page)).some((l) => /^input\(answered\): .*\[answered: "green"\]/.test(l)));
        await send(page, 'what is your name', 4, 'awaiting_input');
        await answer(page, 4, async () => {
          await page.fill('#answer input', 'Ada');
          await page.click('#answer button');
        });
        const named = await lastReply(page);
        assert.ok(named.some((l) => /^input\(answered\): .*\[answered: "Ada"\]/.test(l)), named.join('\n'));
        assert.ok(named.some((l) => l.startsWith('text: ') && l.includes('You answered: `Ada`')), named.join('\n'));

        // The agent's own error.
        await send(page, 'this will fail', 5, 'error');
        assert.ok((await lastReply(page)).some((l) => /^error: sandbox error/.test(l)));

        let seen = await counts();
        assert.equal(seen.counts['POST /api/sdk/agents'], 1, 'one session');
        assert.equal(seen.counts['POST /api/auth/session-token'], 1, 'one mint');
        assert.equal(seen.counts['POST /api/sdk/agents/:id/run'], 5, 'one run per send');
        assert.equal(seen.counts['POST /api/sdk/agents/:id/input'], 3, 'one answer per request');

        // A reload restores the chat from history, rendered as it was live.
        const live = await page.locator('#messages').innerText();
        assert.match(page.url(), /[?&]session=/);
        await page.reload();
        await waitStatus(page, 5, 'ready', 'the history after a reload');
        assert.equal(await page.locator('#messages').innerText(), live);
        seen = await counts();
        assert.equal(seen.counts['GET /api/sdk/agents/:id'], 1, 'one history read');
        assert.equal(seen.counts['POST /api/auth/session-token'], 1, 'the key survived the reload');

        // A new chat: stop mid-run, then while paused on input.
        await page.goto(`${origin}/${file}?api=${encodeURIComponent(devserver)}`);
        await waitFor(page, () => document.getElementById('status')?.dataset.status === 'ready', undefined, 'ready');
        await control('faults', {
          match: { method: 'POST', path_prefix: '/api/sdk/agents/' },
          times: 1,
          action: { chunk_delay_ms: 400 },
        });
        await page.fill('#message', 'a slow one');
        await page.click('#send');
        await waitStatus(page, 1, 'streaming', 'the slow run streaming');
        await page.click('#stop');
        await waitStatus(page, 1, 'ready', 'ready after stop');
        assert.ok(!(await lastReply(page)).some((l) => l.startsWith('summary')), 'the stopped run never finished');

        await send(page, 'confirm this', 2, 'awaiting_input');
        await page.click('#stop');
        await waitStatus(page, 2, 'ready', 'ready after stopping a paused run');

        // The server sees a closed connection when it next writes (a
        // paused stream writes a keepalive every 2 s).
        const deadline = Date.now() + 10_000;
        let stopped;
        do {
          seen = await counts();
          stopped = seen.streams.slice(-2);
          if (stopped.length === 2 && stopped.every((s) => s.client_disconnected)) break;
          await new Promise((r) => setTimeout(r, 200));
        } while (Date.now() < deadline);
        assert.equal(seen.counts['POST /api/sdk/agents'], 2, 'one more session, for the new chat');
        assert.equal(seen.counts['POST /api/sdk/agents/:id/run'], 7);
        for (const s of stopped) {
          assert.equal(s.completed, false, JSON.stringify(s));
          assert.equal(s.client_disconnected, true, `the connection was closed: ${JSON.stringify(s)}`);
        }
        if (file === 'index.html') {
          // Unmounting the component mid-run aborts its stream.
          await control('faults', {
            match: { method: 'POST', path_prefix: '/api/sdk/agents/' },
            times: 1,
            action: { chunk_delay_ms: 400 },
          });
          await page.fill('#message', 'one more, slowly');
          await page.click('#send');
          await waitStatus(page, 3, 'streaming', 'the run before unmounting');
          await page.click('#close');
          await page.locator('#closed').waitFor();
          const deadline = Date.now() + 10_000;
          let last;
          do {
            last = (await counts()).streams.at(-1);
            if (last && last.client_disconnected) break;
            await new Promise((r) => setTimeout(r, 200));
          } while (Date.now() < deadline);
          assert.equal(last.completed, false, JSON.stringify(last));
          assert.equal(last.client_disconnected, true, `unmounting closed the stream: ${JSON.stringify(last)}`);
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
        await closeAll();
      }
    });
  }
}
