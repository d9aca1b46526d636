// tests/e2e/harness.mjs: what the e2e walks through the demo share. Numbered steps that, when
// one fails, leave a screenshot, the URL, what was on screen and the walk's own diagnostics;
// screenshots; the waits and checks every demo screen needs; Chromium's launch options.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(ROOT, 'artifacts/screenshots'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];

export const fail = (msg) => { throw new Error(msg); };
export const assert = (cond, msg) => { if (!cond) fail(msg); };

/**
 * The helpers of one walk. `page()` returns the page in use (walks open new ones); `name` prefixes
 * the screenshots of failed steps; `diagnostics()` returns more `[title, lines]` sections to print
 * when a step fails (console, requests, ...).
 */
export function walk({ page, name, diagnostics = () => [] }) {
  mkdirSync(SHOTS, { recursive: true });
  let n = 0;
  const screenText = async () => {
    try { return (await page().locator('body').innerText({ timeout: 2000 })).trim(); } catch (e) { return `(could not read the page: ${e.message})`; }
  };
  const section = (title, lines) => {
    console.error(`---- ${title} `.padEnd(64, '-'));
    console.error(lines.map((l) => `  ${l}`).join('\n') || '  (none)');
  };
  return {
    get steps() { return n; },
    screenText,
    async step(title, fn) {
      n += 1;
      const label = `${String(n).padStart(2, '0')} ${title}`;
      process.stdout.write(`  … ${label}\n`);
      try {
        await fn();
        console.log(`  ok  ${label}`);
      } catch (error) {
        console.error(`\nFAILED step "${label}": ${error.message}`);
        const file = path.join(SHOTS, `FAILED-${name}-${String(n).padStart(2, '0')}.png`);
        try { await page().screenshot({ path: file, fullPage: true }); console.error(`screenshot: ${path.relative(ROOT, file)}`); } catch { /* page gone */ }
        console.error(`URL: ${page()?.url()}`);
        section('on screen', (await screenText()).split('\n').map((l) => `| ${l}`));
        for (const [title2, lines] of diagnostics()) section(title2, lines);
        if (error && typeof error === 'object') error.reported = true;
        throw error;
      }
    },
    async shot(file) {
      const at = path.join(SHOTS, `${file}.png`);
      await page().screenshot({ path: at, fullPage: true });
      console.log(`      screenshot ${path.relative(ROOT, at)}`);
    },
    /** Waits until no loading indicator is left in the page. */
    settled(timeout = 20000) {
      return page().waitForFunction(() => document.querySelectorAll('.loading, [aria-busy="true"]').length === 0, null, { timeout });
    },
    async noErrorBoxes() {
      const errors = await page().locator('.error').allInnerTexts();
      assert(errors.length === 0, `error panels on the page: ${errors.join(' | ')}`);
    },
    async textOf(selector) {
      return (await page().locator(selector).first().innerText({ timeout: 10000 })).trim();
    },
  };
}

/**
 * Records what pages of a walk do: console lines and page errors (tagged with the current
 * `phase`), requests to the API at `api` (if given), and requests to the Cognito emulator (`emulator()`
 * returns its /__config once known: `action` is the X-Amz-Target, `flow` the AuthFlow or
 * ChallengeName). `attach(page)` starts recording a page.
 */
export function recorder({ api = null, emulator = () => null }) {
  const r = { phase: '', consoleLines: [], pageErrors: [], apiRequests: [], authRequests: [] };
  r.attach = (p) => {
    p.on('console', (m) => r.consoleLines.push(`[${r.phase}] ${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => r.pageErrors.push(`[${r.phase}] ${e.message}`));
    p.on('request', (q) => {
      if (q.method() === 'OPTIONS') return;
      const cfg = emulator();
      if (api && q.url().startsWith(api)) {
        r.apiRequests.push({ method: q.method(), url: q.url(), headers: q.headers(), body: q.postData(), phase: r.phase });
      } else if (cfg && (q.url().startsWith(cfg.endpoint) || q.url().startsWith(cfg.apiUrl))) {
        const headers = q.headers();
        const action = (headers['x-amz-target'] || '').split('.').pop() || null;
        let flow = null;
        try { const b = JSON.parse(q.postData() || '{}'); flow = b.AuthFlow || b.ChallengeName || null; } catch { /* not JSON */ }
        r.authRequests.push({ method: q.method(), url: q.url(), headers, action, flow, body: q.postData(), phase: r.phase });
      }
    });
  };
  /** The emulator requests since index `n`, as `Action:Flow` or `METHOD /path`. */
  r.authOps = (n) => r.authRequests.slice(n).map((q) => (q.action ? `${q.action}${q.flow ? `:${q.flow}` : ''}` : `${q.method} ${new URL(q.url).pathname}`));
  /** The API requests since index `n`, as `METHOD /path`. */
  r.opsSince = (n) => r.apiRequests.slice(n).map((q) => `${q.method} ${new URL(q.url).pathname}`);
  /** What a failed step prints besides the screen. */
  r.diagnostics = () => [
    ['console (last 20)', r.consoleLines.slice(-20)],
    ['page errors', r.pageErrors],
    ['API requests (last 10)', r.apiRequests.slice(-10).map((q) => `${q.method} ${q.url}${q.body ? ` ${q.body.slice(0, 200)}` : ''}`)],
    ['sign-in requests to the emulator (last 10)', r.authOps(Math.max(0, r.authRequests.length - 10))],
  ];
  return r;
}

/** JSON from `base + pathAndQuery`, or a clear error. */
export async function getJson(base, pathAndQuery, init = {}) {
  const res = await fetch(`${base}${pathAndQuery}`, init);
  const text = await res.text();
  if (!res.ok) fail(`${init.method || 'GET'} ${pathAndQuery} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * Runs a walk: `body()`, then `cleanup()` whatever happened (each of its steps may fail alone),
 * then exits 0, or 1 after printing what failed (a failed step has printed it already).
 */
export async function runWalk(body, cleanup) {
  let code = 0;
  try {
    await body();
  } catch (error) {
    code = 1;
    if (!error?.reported) console.error(`\ne2e FAILED: ${error?.stack || error}`);
  } finally {
    await cleanup().catch((e) => console.error(`cleanup: ${e.message}`));
  }
  process.exit(code);
}
