// What the browser tests of the npm package's modules share (sign-in-module.mjs, restore.mjs,
// password-module.mjs): pkg/ as published served over HTTP, headless Chromium, the Cognito
// emulator's config (COGNITO_URL) and its test controls, a list of problems, and pages of the
// package.
//
//   const t = await packageTest();   ... t.check(ok, what) ...   await t.finish('name', 'what passed');
//
// `t.open(context)`: a new page in `context` with the package imported and initialised as
// `window.m`, `window.client` a PortalClient on the emulator's API mock without retries, its
// session changes recorded in `window.changes`; `fetched(end)` counts the page's requests whose
// URL ends so (a module's .wasm). Env: COGNITO_URL, COGNITO_USER_PASSWORD, CHROMIUM.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function packageTest() {
  const cognito = (process.env.COGNITO_URL || 'http://127.0.0.1:4030').replace(/\/+$/, '');
  const cfg = await (await fetch(`${cognito}/__config`)).json();
  const server = await serveStatic({ root: path.join(ROOT, 'pkg') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const problems = [];

  async function open(context) {
    const page = await context.newPage();
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/package.json`);
    await page.evaluate(async (api) => {
      const m = await import('/index.js');
      await m.default();
      window.m = m;
      window.client = new m.PortalClient({ baseUrl: api });
      window.client.retry({ maxRetries: 0 });
      window.changes = [];
      window.client.onSessionChange((c) => window.changes.push(c.reason));
    }, cfg.apiUrl);
    return { page, fetched: (end) => urls.filter((u) => u.endsWith(end)).length };
  }

  /** Closes the browser and the server; exits 1 listing the problems, else prints `name: OK (passed)`. */
  async function finish(name, passed) {
    await browser.close();
    await server.close();
    if (problems.length) {
      console.error(`${name} FAILED:`);
      for (const p of problems) console.error(`  - ${p}`);
      process.exit(1);
    }
    console.log(`${name}: OK (${passed})`);
  }

  return {
    cfg,
    password: process.env.COGNITO_USER_PASSWORD || 'Demo-Passw0rd!',
    key: `epilot-portal-sdk.session.${cfg.userPoolId}.${cfg.clientId}`,
    admin: (what, body) => fetch(`${cfg.endpoint}/__admin/${what}`, { method: 'POST', body: JSON.stringify(body) }),
    actions: async () => (await (await fetch(`${cfg.endpoint}/__stats`)).json()).actions,
    server,
    browser,
    problems,
    check: (ok, what) => { if (!ok) problems.push(what); },
    open,
    finish,
  };
}
