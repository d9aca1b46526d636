// bench/download.mjs: what the browser downloads for three portal pages, recorded from the
// browser's own responses (every file it fetched from the package, then gzip -9 / brotli of each,
// as a server would send it), not by adding up files on disk. The package is served as published
// (bench/server.mjs /pkg/, no bundler). Also: SRP sign-in latency of ours vs
// amazon-cognito-identity-js against the same local Cognito emulator.
//
//   data page      import, init(), new PortalClient, one call (getContact)
//   sign-in page   the data page, then configureAuth + signIn (SRP), then one call
//   signed-in page a new page load (fresh cache) with the session in localStorage, its access token
//                  expired: configureAuth restores it, the call refreshes it (REFRESH_TOKEN_AUTH)
//
// The emulator (scripts/cognito-local.mjs) runs on free ports for the run and is stopped after.

import { spawn } from 'node:child_process';
import { freePort } from '../scripts/free-port.mjs';
import path from 'node:path';
import zlib from 'node:zlib';

const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;


/** Starts scripts/cognito-local.mjs; resolves { cfg, password, stats(), stop() }. */
export async function startCognito(root) {
  const port = await freePort();
  let apiPort = await freePort();
  if (apiPort === port) apiPort = await freePort();
  const password = 'Bench-Passw0rd!';
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'cognito-local.mjs'), '--port', String(port), '--api-port', String(apiPort), '--password', password, '--email', 'bench@example.com'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const cfg = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the Cognito emulator did not start in 60 s: ${err.slice(-500)}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /cognito-local ready (\{.*\})/.exec(out);
      if (m) { clearTimeout(timer); resolve(JSON.parse(m[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the Cognito emulator exited (${code}): ${err.slice(-500)}`)); });
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  const stats = () => fetch(`${cfg.endpoint}/__stats`).then((r) => r.json());
  return { cfg, password, stats, stop };
}

/** Runs `fn` (a portal.js export) in a fresh context and records every /pkg/ file fetched. */
async function recordPage(browser, serverUrl, fn, args, storageState) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  const page = await context.newPage();
  const bodies = [];
  const requests = [];
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  page.on('request', (req) => requests.push(new URL(req.url()).pathname));
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin === serverUrl && url.pathname.startsWith('/pkg/') && res.request().method() === 'GET') {
      bodies.push(res.body().then((b) => ({ file: url.pathname.slice(5), raw: b.length, gzip: gz(b), brotli: br(b) })));
    }
  });
  await page.goto(`${serverUrl}/pages/portal.html`);
  await page.waitForFunction(() => window.__ready);
  const result = await page.evaluate(([name, a]) => window.portal[name](...a), [fn, args]);
  const files = (await Promise.all(bodies)).sort((a, b) => a.file.localeCompare(b.file));
  const state = await context.storageState();
  await context.close();
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const api = requests.filter((p) => !p.startsWith('/pkg/') && !p.startsWith('/pages/') && !p.startsWith('/out/'));
  return { files, total, result, state, api };
}

/** The three pages' downloads (see the top of the file). */
export async function measureDownloads({ browser, serverUrl, cognito }) {
  const { cfg, password } = cognito;
  const data = await recordPage(browser, serverUrl, 'dataPage', []);
  const signIn = await recordPage(browser, serverUrl, 'signInPage', [cfg, password]);
  // The stored session with its access token expired, as a portal page opened an hour later has it.
  const stored = JSON.parse(signIn.result.stored);
  stored.expiresAt = Date.now() - 1000;
  const state = signIn.state;
  for (const o of state.origins) {
    for (const item of o.localStorage) if (item.name === signIn.result.key) item.value = JSON.stringify(stored);
  }
  const refreshes = async () => (await cognito.stats()).actions['InitiateAuth:REFRESH_TOKEN_AUTH'] ?? 0;
  const before = await refreshes();
  const signedIn = await recordPage(browser, serverUrl, 'signedInPage', [cfg], state);
  signedIn.refreshes = (await refreshes()) - before;
  if (signedIn.refreshes !== 1) throw new Error(`the signed-in page refreshed ${signedIn.refreshes} times (expected once)`);
  for (const r of [data, signIn, signedIn]) delete r.state;
  return { data, signIn, signedIn };
}

/** Median of `rounds` interleaved SRP sign-ins, ours vs amazon-cognito-identity-js. */
export async function measureSrp({ browser, serverUrl, cognito, rounds }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  await page.goto(`${serverUrl}/pages/portal.html`);
  await page.waitForFunction(() => window.__ready);
  await page.evaluate((cfg) => window.portal.srpLoad(cfg), cognito.cfg);
  const samples = await page.evaluate(([cfg, pw, n]) => window.portal.srpLatency(cfg, pw, n), [cognito.cfg, cognito.password, rounds]);
  await context.close();
  return samples;
}
