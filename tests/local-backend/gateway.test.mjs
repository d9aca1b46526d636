// The backend inside the local API (scripts/local-api.mjs --data): stateful answers, everything
// else from Prism, CORS, POST /__reset, a bad --data refused at startup.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from './harness.mjs';

const API = path.join(ROOT, 'scripts', 'local-api.mjs');
let child;
let base;

function run(args) {
  const p = spawn(process.execPath, [API, '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (c) => { out += c; });
  p.stderr.on('data', (c) => { err += c; });
  const ready = new Promise((resolve, reject) => {
    p.stdout.on('data', () => { const m = /local API ready on (\S+)/.exec(out); if (m) resolve(m[1]); });
    p.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, err })));
  });
  return { p, ready };
}

before(async () => {
  const r = run(['--data', 'household']);
  child = r.p;
  base = await r.ready;
}, { timeout: 120_000 });
after(() => child?.kill('SIGTERM'));

const auth = { authorization: 'Bearer local-test-token', 'content-type': 'application/json' };

test('stateful answers from the fixture; other operations from Prism', async () => {
  const contact = await (await fetch(`${base}/v2/portal/contact`, { headers: auth })).json();
  assert.equal(contact.entity._title, 'Anna Becker');
  const res = await fetch(`${base}/v2/portal/schemas`, { headers: auth });
  assert.equal(res.status, 200); // Prism's example
  const health = await (await fetch(`${base}/__health`)).json();
  assert.match(health.backend, /household\.json$/);
  // Prefer: code=404 still asks the mock, also for an operation the backend answers.
  const simulated = await fetch(`${base}/v2/portal/contact`, { headers: { ...auth, prefer: 'code=404' } });
  assert.equal(simulated.status, 404);
});

test('CORS on the backend\'s answers, so a browser portal can read them', async () => {
  const pre = await fetch(`${base}/v2/portal/contact`, { method: 'OPTIONS', headers: { origin: 'http://x', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization' } });
  assert.equal(pre.status, 204);
  const res = await fetch(`${base}/v2/portal/contact`, { headers: auth });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
});

test('POST /__reset restores the fixture', async () => {
  await fetch(`${base}/v2/portal/contact`, { method: 'PATCH', headers: auth, body: JSON.stringify({ first_name: 'Changed' }) });
  assert.equal((await (await fetch(`${base}/v2/portal/contact`, { headers: auth })).json()).entity.first_name, 'Changed');
  assert.equal((await fetch(`${base}/__reset`)).status, 405);
  const reset = await fetch(`${base}/__reset`, { method: 'POST' });
  assert.equal(reset.status, 200);
  assert.equal((await (await fetch(`${base}/v2/portal/contact`, { headers: auth })).json()).entity.first_name, 'Anna');
});

test('control endpoints refuse pages from another host, not this machine\'s', async () => {
  const from = (origin) => fetch(`${base}/__reset`, { method: 'POST', headers: { origin } });
  assert.equal((await from('https://evil.example')).status, 403);
  assert.equal((await from('http://localhost.evil.example')).status, 403);
  assert.equal((await fetch(`${base}/__health`, { headers: { origin: 'http://192.168.1.5:5173' } })).status, 403);
  assert.equal((await from('http://localhost:5173')).status, 200);
  assert.equal((await from('http://127.0.0.1:4173')).status, 200);
});

test('a missing or broken fixture stops the local API with the reason', async () => {
  const { ready } = run(['--data', path.join(ROOT, 'no-such-fixture.json')]);
  const err = await ready.then(() => null, (e) => e);
  assert.ok(err, 'it must not start');
  assert.equal(err.code, 2);
  assert.match(err.err, /no-such-fixture\.json: file not found/);
});
