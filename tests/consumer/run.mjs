// Loads each consumer app's build in Chromium and checks what its calls against the local API
// rendered (tests/consumer/apps/shared/portal-check.js writes the outcome into #result).
//   node tests/consumer/run.mjs NAME=KIND:DIR ...
// KIND static: DIR (a build) is served as files; next: `next start` in DIR (a built Next.js
// app); next-dev / vite-dev: the dev server (`next dev`, `vite`) in DIR. For next and next-dev
// the server render is checked first (status 200, the page's HTML, no error in its log).
// Env: PORTAL_API_URL (the API the apps call; handed to the page as `?api=`), COGNITO_URL (the
//      Cognito emulator whose demo user they sign in and out, `?cognito=`), CHROMIUM
//      (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../scripts/free-port.mjs';
import path from 'node:path';
import { serveStatic } from '../e2e/serve.mjs';

const API = (process.env.PORTAL_API_URL || 'http://127.0.0.1:4010').replace(/\/+$/, '');
const COGNITO = (process.env.COGNITO_URL || 'http://127.0.0.1:4030').replace(/\/+$/, '');
const QUERY = `?api=${encodeURIComponent(API)}&cognito=${encodeURIComponent(COGNITO)}`;
const apps = process.argv.slice(2).map((arg) => {
  const m = /^([\w-]+)=(static|next|next-dev|vite-dev):(.+)$/.exec(arg);
  if (!m) throw new Error(`bad argument ${arg} (NAME=KIND:DIR, KIND one of static, next, next-dev, vite-dev)`);
  return { name: m[1], kind: m[2], dir: path.resolve(m[3]) };
});

// What the local API answers, to compare with what each app rendered.
const refContact = (await (await fetch(`${API}/v2/portal/contact`, { headers: { authorization: 'Bearer x' } })).json()).entity;
const refConfig = await (await fetch(`${API}/v3/portal/public/portal/config?org_id=123&portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c`)).json();
const emulator = await (await fetch(`${COGNITO}/__config`)).json();

function checkOutcome(text) {
  const problems = [];
  if (!text.startsWith('{')) return [`the app failed: ${text}`];
  const r = JSON.parse(text);
  if (r.portalName !== refConfig.name) problems.push(`portal name ${JSON.stringify(r.portalName)}, API has ${JSON.stringify(refConfig.name)}`);
  if (r.contactId !== refContact._id || r.contactTitle !== refContact._title) problems.push(`contact ${r.contactId} ${JSON.stringify(r.contactTitle)}, API has ${refContact._id} ${JSON.stringify(refContact._title)}`);
  const e = r.error;
  if (!e) problems.push('getBillingAccount with Prefer: code=404 did not reject');
  else {
    if (!e.isPortalApiError) problems.push('the rejection is not `instanceof PortalApiError` (the class exported by the package)');
    if (!e.isError) problems.push('PortalApiError is not an Error');
    if (e.code !== 'HTTP' || e.status !== 404 || e.operation !== 'getBillingAccount') problems.push(`error ${JSON.stringify(e)}; expected code HTTP, status 404, operation getBillingAccount`);
  }
  if (r.signIn?.signedIn !== emulator.email) problems.push(`sign-in of the emulator's demo user gave ${JSON.stringify(r.signIn)}, expected signed in as ${emulator.email}`);
  else if (!r.signIn.signedOut) problems.push('after signOut() the client still has a session');
  return problems;
}


function bin(dir, name) {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', '.bin', name);
    if (existsSync(file)) return file;
  }
  throw new Error(`no node_modules/.bin/${name} above ${dir}`);
}

// The command a developer runs in the app's folder, on a free port.
const COMMANDS = {
  next: (port) => ['next', ['start', '-H', '127.0.0.1', '-p', String(port)], 'production'],
  'next-dev': (port) => ['next', ['dev', '-H', '127.0.0.1', '-p', String(port)], 'development'],
  'vite-dev': (port) => ['vite', ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], 'development'],
};

// Starts the app's server; resolves once it answers. Its output is kept for the report.
async function startServer(kind, dir) {
  const port = await freePort();
  const [name, args, nodeEnv] = COMMANDS[kind](port);
  const log = [];
  const child = spawn(bin(dir, name), args, {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: nodeEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b) => log.push(String(b)));
  child.stderr.on('data', (b) => log.push(`stderr: ${b}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${name} ${args[0]} exited (${child.exitCode}):\n${log.join('')}`);
    try {
      await fetch(`${url}/favicon.ico`);
      return { url, log, close: stop };
    } catch { await new Promise((r) => setTimeout(r, 250)); }
  }
  await stop();
  throw new Error(`${name} did not answer within 60 s:\n${log.join('')}`);
}

// The server render: the page's HTML must come out whole (the SDK import did not crash it).
async function checkServerRender(url, log) {
  const problems = [];
  const res = await fetch(`${url}/${QUERY}`);
  const html = await res.text();
  if (res.status !== 200) problems.push(`the server render answered ${res.status}`);
  if (!html.includes('epilot-portal-sdk in a Next.js app') || !/<pre id="result"[^>]*>running…<\/pre>/.test(html)) {
    problems.push(`the server-rendered HTML lacks the page or the client component's first render: ${html.slice(0, 300)}`);
  }
  const errors = log.join('').split('\n').filter((l) => /error/i.test(l));
  if (errors.length) problems.push(`the Next.js server logged errors:\n    ${errors.join('\n    ')}`);
  return problems;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
// Serves the app, loads it in a new page, returns what went wrong (nothing when it passed).
async function check(app, report) {
  const problems = [];
  let server = null;
  const page = await browser.newPage();
  page.on('console', (m) => report.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => report.console.push(`pageerror: ${e.message}`));
  const wasm = [];
  page.on('response', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(`${r.status()} ${r.headers()['content-type']}`); });
  try {
    server = app.kind === 'static' ? await serveStatic({ root: app.dir }) : await startServer(app.kind, app.dir);
    report.server = server.log;
    if (app.kind.startsWith('next')) problems.push(...await checkServerRender(server.url, server.log));
    await page.goto(`${server.url}/${QUERY}`);
    await page.waitForSelector('#result[data-done]', { timeout: 30_000 });
    report.text = await page.locator('#result').innerText();
    problems.push(...checkOutcome(report.text));
    if (!wasm.some((w) => w.startsWith('200 application/wasm'))) problems.push(`the .wasm was not loaded from the build (responses: ${wasm.join(', ') || 'none'})`);
  } catch (e) {
    problems.push(e.message);
  } finally {
    await page.close();
    if (server) await server.close();
  }
  return problems;
}

let failed = 0;
try {
  for (const app of apps) {
    const report = { console: [], server: null, text: '' };
    const problems = await check(app, report);
    if (problems.length) {
      failed++;
      console.error(`${app.name}: FAILED`);
      for (const p of problems) console.error(`  - ${p}`);
      console.error('  browser console:');
      console.error(report.console.map((l) => `    ${l}`).join('\n') || '    (none)');
      if (report.server) console.error(`  server output:\n${report.server.join('').replace(/^/gm, '    ')}`);
    } else {
      const r = JSON.parse(report.text);
      console.log(`${app.name}: OK (${app.kind.startsWith('next') ? 'server render, then ' : ''}wasm loaded, portal "${r.portalName}", contact "${r.contactTitle}", 404 -> PortalApiError, signed in and out as ${r.signIn.signedIn})`);
    }
  }
} finally {
  await browser.close();
}
if (failed) {
  console.error(`${failed} of ${apps.length} consumer apps FAILED`);
  process.exit(1);
}
console.log(`consumer apps: ${apps.length} of ${apps.length} OK in Chromium (${apps.map((a) => a.name).join(', ')})`);
