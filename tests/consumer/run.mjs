// Loads the consumer app's build (vite build of tests/consumer/app) in Chromium and checks what
// its calls against the local API produced.
//   node tests/consumer/run.mjs <dist dir>
// Env: PORTAL_API_URL (the API the app was built against), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { serveStatic } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] || 'dist');
const API = (process.env.PORTAL_API_URL || '').replace(/\/+$/, '');
const ref = await (await fetch(`${API}/v2/portal/contract?from=0&size=5`, { headers: { authorization: 'Bearer x' } })).json();
const refConfig = await (await fetch(`${API}/v3/portal/public/portal/config?org_id=123&portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c`)).json();

const server = await serveStatic({ root: dist });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];
const logs = [];
let text = '';
try {
  const page = await browser.newPage();
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  const wasm = [];
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push(`${r.status()} ${r.headers()['content-type']}`); });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-done]', { timeout: 30000 });
  text = await page.locator('#result').innerText();
  const done = await page.locator('body').getAttribute('data-done');
  if (done !== 'ok') problems.push(`the app failed: ${text}`);
  else {
    const r = JSON.parse(text);
    if (r.portalName !== refConfig.name) problems.push(`portal name ${JSON.stringify(r.portalName)}, API has ${JSON.stringify(refConfig.name)}`);
    if (r.contracts !== ref.data.length) problems.push(`${r.contracts} contracts, API has ${ref.data.length}`);
    if (r.contractNumber !== ref.data[0]?.contract_number) problems.push(`contract number ${r.contractNumber}, API has ${ref.data[0]?.contract_number}`);
    const e = r.error;
    if (!e) problems.push('getContract with Prefer: code=404 did not reject');
    else {
      if (!e.isPortalApiError) problems.push('the rejection is not `instanceof PortalApiError` (the class exported by the package)');
      if (!e.isError) problems.push('PortalApiError is not an Error');
      if (e.code !== 'HTTP' || e.status !== 404 || e.operation !== 'getContract') problems.push(`error ${JSON.stringify(e)}; expected code HTTP, status 404, operation getContract`);
    }
  }
  if (!wasm.some((w) => w.startsWith('200 application/wasm'))) problems.push(`the .wasm was not loaded from the bundle (responses: ${wasm.join(', ') || 'none'})`);
  // The app never signs in: the sign-in module (its own .wasm) must not be fetched.
  if (wasm.length !== 1) problems.push(`the app fetched ${wasm.length} .wasm files; only the core's was expected (the sign-in module loads on first use)`);
} finally {
  await browser.close();
  await server.close();
}
console.log(text.split('\n').map((l) => `  | ${l}`).join('\n'));
if (problems.length) {
  console.error('consumer app FAILED:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error('browser console:');
  console.error(logs.map((l) => `  ${l}`).join('\n') || '  (none)');
  process.exit(1);
}
console.log('consumer app: OK (tarball install, tsc --strict, vite build, calls in Chromium, PortalApiError instanceof)');
