// End-to-end test of the BUILT demo portal (www) in Debian's Chromium, driven by playwright-core.
//
//   node tests/e2e/portal.e2e.mjs --dist <built www dir>
// Env: PORTAL_API_URL (the local API the app was built against; required),
//      SCREENSHOT_DIR (default artifacts/screenshots), CHROMIUM (default /usr/bin/chromium),
//      E2E_CSP (the policy of the CSP run; default script-src 'self' 'wasm-unsafe-eval').
//
// Every step prints what it checks; a failing step prints what was on the screen (text, console,
// page errors, the last API requests), saves FAILED-<step>.png and exits 1.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const argValue = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const DIST = path.resolve(argValue('--dist', path.join(ROOT, 'www/dist')));
const API = (process.env.PORTAL_API_URL || '').replace(/\/+$/, '');
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(ROOT, 'artifacts/screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// E2E_CSP overrides the policy (e.g. "script-src 'self'" must make the CSP steps fail).
const CSP = process.env.E2E_CSP || "script-src 'self' 'wasm-unsafe-eval'";
const TOKEN = 'e2e-portal-token';
const ID_TOKEN = 'e2e-sso-id-token';
const CONTRACT_ID = '5da0a718-c822-403d-9f5d-20d4584e0528';
const LAUNCH = {
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

if (!API) {
  console.error('portal.e2e: PORTAL_API_URL is not set (the local API, e.g. http://127.0.0.1:4010)');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

// ---------- reference answers, straight from the API ------------------------------------------
async function api(pathAndQuery, init = {}) {
  const res = await fetch(API + pathAndQuery, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers || {}) },
  });
  if (!res.ok) throw new Error(`reference call ${pathAndQuery} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

// ---------- harness -------------------------------------------------------------------------------
let page;
let currentPhase = '';
const consoleLines = [];
const pageErrors = [];
const apiRequests = [];
let stepNo = 0;

function attach(p) {
  p.on('console', (m) => consoleLines.push(`[${currentPhase}] ${m.type()}: ${m.text()}`));
  p.on('pageerror', (e) => pageErrors.push(`[${currentPhase}] ${e.message}`));
  p.on('request', (r) => {
    if (r.url().startsWith(API) && r.method() !== 'OPTIONS') {
      apiRequests.push({ method: r.method(), url: r.url(), headers: r.headers(), body: r.postData(), phase: currentPhase });
    }
  });
}

function fail(msg) { throw new Error(msg); }
function assert(cond, msg) { if (!cond) fail(msg); }

async function screenText() {
  try { return (await page.locator('body').innerText({ timeout: 2000 })).trim(); } catch (e) { return `(could not read the page: ${e.message})`; }
}

async function step(name, fn) {
  stepNo++;
  const label = `${String(stepNo).padStart(2, '0')} ${name}`;
  process.stdout.write(`  … ${label}\n`);
  try {
    await fn();
    console.log(`  ok  ${label}`);
  } catch (error) {
    console.error(`\nFAILED step "${label}": ${error.message}`);
    const shot = path.join(SHOTS, `FAILED-${String(stepNo).padStart(2, '0')}.png`);
    try { await page.screenshot({ path: shot, fullPage: true }); console.error(`screenshot: ${path.relative(ROOT, shot)}`); } catch { /* page gone */ }
    console.error(`URL: ${page?.url()}`);
    console.error('---- on screen ----------------------------------------------');
    console.error((await screenText()).split('\n').map((l) => `  | ${l}`).join('\n'));
    console.error('---- console (last 20) ---------------------------------------');
    console.error(consoleLines.slice(-20).map((l) => `  ${l}`).join('\n') || '  (none)');
    console.error('---- page errors ---------------------------------------------');
    console.error(pageErrors.map((l) => `  ${l}`).join('\n') || '  (none)');
    console.error('---- API requests (last 10) ----------------------------------');
    console.error(apiRequests.slice(-10).map((r) => `  ${r.method} ${r.url}${r.body ? ` ${r.body.slice(0, 200)}` : ''}`).join('\n') || '  (none)');
    throw error;
  }
}

async function shot(name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`      screenshot ${path.relative(ROOT, file)}`);
}

/** Waits until no loading indicator is left in the page. */
async function settled(timeout = 20000) {
  await page.waitForFunction(() => document.querySelectorAll('.loading, [aria-busy="true"]').length === 0, null, { timeout });
}

async function noErrorBoxes() {
  const errors = await page.locator('.error').allInnerTexts();
  assert(errors.length === 0, `error panels on the page: ${errors.join(' | ')}`);
}

async function textOf(selector) {
  return (await page.locator(selector).first().innerText({ timeout: 10000 })).trim();
}

const opsSince = (n) => apiRequests.slice(n).map((r) => `${r.method} ${new URL(r.url).pathname}`);

// ---------- the test ------------------------------------------------------------------------------
const browser = await chromium.launch(LAUNCH);
let server;
let exitCode = 0;
try {
  const ref = {
    config: await api('/v3/portal/public/portal/config?org_id=123&portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c'),
    contracts: await api('/v2/portal/contract?from=0&size=100'),
    orders: await api('/v2/portal/order?from=0&size=100'),
    balance: await api('/v2/portal/billing/customers/balance'),
    contract: await api(`/v2/portal/contract/${CONTRACT_ID}`),
    sso: await api('/v3/portal/public/sso/login?portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c&org_id=123', { method: 'POST', body: '{}' }),
  };

  server = await serveStatic({ root: DIST });
  console.log(`serving ${path.relative(ROOT, DIST) || DIST} on ${server.url} (no CSP); API ${API}`);
  let context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  attach(page);
  currentPhase = 'main';

  await step('sign-in page shows the branding and settings from getPublicPortalConfigV3', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    await page.waitForSelector('[data-testid=brand][data-loaded=true]', { timeout: 20000 });
    const brand = await textOf('[data-testid=brand]');
    assert(brand === ref.config.name, `header brand is "${brand}", the API's portal name is "${ref.config.name}"`);
    await page.waitForSelector('[data-testid=portal-settings]', { timeout: 20000 });
    const settingsText = await textOf('[data-testid=portal-settings]');
    assert(settingsText.includes(ref.config.name), 'portal settings do not show the portal name');
    assert(settingsText.includes(`Billing: ${ref.config.feature_settings.billing ? 'on' : 'off'}`), `features do not show billing as the config says: ${settingsText}`);
    assert(!(await page.locator('#password-signin').isVisible()), 'the email/password section is visible; it must stay hidden until client.signIn exists');
    assert(!(await page.locator('nav.nav').isVisible()), 'the main navigation is visible before sign-in');
    await noErrorBoxes();
    await shot('01-signin');
  });

  await step('SSO sign-in: ssoLoginV3 with the ID token as bearer, then the dashboard', async () => {
    const before = apiRequests.length;
    await page.fill('#id-token', ID_TOKEN);
    await page.click('#sso-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 15000 });
    const sso = apiRequests.slice(before).find((r) => r.url.includes('/v3/portal/public/sso/login'));
    assert(sso, `no ssoLoginV3 request; requests: ${opsSince(before).join(', ')}`);
    const q = new URL(sso.url).searchParams;
    assert(q.get('portal_id') && q.get('org_id'), `ssoLoginV3 without portal_id/org_id: ${sso.url}`);
    assert(!q.has('id_token'), 'the ID token leaked into the query string');
    assert(sso.headers.authorization === `Bearer ${ID_TOKEN}`, `ssoLoginV3 Authorization is "${sso.headers.authorization}"`);
    await settled();
    const after = apiRequests.find((r, i) => i > before && r.url.includes('/v2/portal/contact'));
    assert(after && after.headers.authorization === `Bearer ${ref.sso.token}`,
      `after SSO the session token from ssoLoginV3 ("${ref.sso.token}") must be used; got "${after?.headers.authorization}"`);
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/#\/signin$/);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert(stored === '{}', `sign-out left something in sessionStorage: ${stored}`);
  });

  await step('token sign-in: dashboard shows contact, contract/order counts, balance and billing events', async () => {
    const before = apiRequests.length;
    await page.fill('#token', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 15000 });
    await settled();
    await noErrorBoxes();
    const ops = opsSince(before);
    for (const p of ['/v2/portal/contact', '/v2/portal/contract', '/v2/portal/order', '/v2/portal/billing/customers/balance', '/v2/portal/billing/events']) {
      assert(ops.includes(`GET ${p}`), `dashboard did not call GET ${p}; it called: ${ops.join(', ')}`);
    }
    for (const r of apiRequests.slice(before)) {
      if (!r.url.includes('/public/')) assert(r.headers.authorization === `Bearer ${TOKEN}`, `${r.method} ${r.url} sent Authorization "${r.headers.authorization}"`);
    }
    const contracts = await textOf('[data-testid=contracts-count]');
    assert(contracts === String(ref.contracts.data.length), `contracts count shows "${contracts}", the API has ${ref.contracts.data.length}`);
    const orders = await textOf('[data-testid=orders-count]');
    assert(orders === String(ref.orders.data.length), `orders count shows "${orders}", the API has ${ref.orders.data.length}`);
    const balance = await textOf('[data-testid=balance]');
    const want = ref.balance.balance_decimal.toFixed(2);
    assert(balance.includes(want), `balance shows "${balance}", expected ${want} ${ref.balance.balance_currency}`);
    const name = await textOf('[data-testid=contact-name]');
    assert(name && name !== '–', 'contact name is empty');
    const rows = await page.locator('[data-testid=billing-events] tbody tr').count();
    assert(rows > 0, 'no billing event rows');
    await shot('02-dashboard');
  });

  await step('contracts list (getAllContracts with from/size) and paging controls', async () => {
    const before = apiRequests.length;
    await page.click('nav.nav >> text=Contracts');
    await page.waitForURL(/#\/contracts$/);
    await settled();
    await noErrorBoxes();
    const call = apiRequests.slice(before).find((r) => new URL(r.url).pathname === '/v2/portal/contract');
    assert(call, 'no getAllContracts call');
    const q = new URL(call.url).searchParams;
    assert(q.get('from') === '0' && q.get('size') === '10', `getAllContracts query is ${q}`);
    const rows = await page.locator('[data-testid=contracts-table] tbody tr').count();
    assert(rows === ref.contracts.data.length, `table has ${rows} rows, API gave ${ref.contracts.data.length}`);
    assert(await page.locator('.pager').isVisible(), 'no pager');
    await shot('03-contracts');
    // Page 2 asks for the next 10 (the examples hold one contract, so it is empty there).
    const before2 = apiRequests.length;
    await page.goto(`${server.url}/#/contracts?page=2`);
    await settled();
    await noErrorBoxes();
    const call2 = apiRequests.slice(before2).find((r) => new URL(r.url).pathname === '/v2/portal/contract');
    const q2 = call2 && new URL(call2.url).searchParams;
    assert(q2 && q2.get('from') === '10' && q2.get('size') === '10', `page 2 asked for ${q2}`);
    assert(await page.locator('.pager a[rel=prev]').isVisible(), 'page 2 has no link back to page 1');
    await page.click('.pager a[rel=prev]');
    await page.waitForURL(/#\/contracts\?page=1$/);
    await settled();
  });

  await step('contract detail (getContract {id})', async () => {
    const before = apiRequests.length;
    await page.locator('[data-testid=contract-link]').first().click();
    await page.waitForURL(/#\/contracts\/[^/]+$/);
    await settled();
    await noErrorBoxes();
    assert(opsSince(before).includes(`GET /v2/portal/contract/${ref.contracts.data[0]._id}`), `no getContract call: ${opsSince(before)}`);
    const details = await textOf('[data-testid=contract-details]');
    assert(details.includes(ref.contract.entity.contract_number), `details do not show the contract number ${ref.contract.entity.contract_number}`);
    const h1 = await textOf('main h1');
    assert(h1 === ref.contract.entity.contract_name, `heading "${h1}" is not the contract name "${ref.contract.entity.contract_name}"`);
    await shot('04-contract');
  });

  let range;
  await step('meter readings: an out-of-range value is refused by the form with NO request', async () => {
    await page.click('nav.nav >> text=Meter readings');
    await page.waitForURL(/#\/meters/);
    await settled();
    await noErrorBoxes();
    const hint = page.locator('[data-testid=reading-range]');
    range = { min: await hint.getAttribute('data-min'), max: await hint.getAttribute('data-max') };
    assert(range.min !== '' || range.max !== '', `no allowed range shown (hint: "${await hint.innerText()}")`);
    const bad = range.max !== '' ? Number(range.max) + 1000 : Number(range.min) - 1000;
    const before = apiRequests.length;
    await page.fill('#reading-value', String(bad));
    await page.click('#reading-form button[type=submit]');
    await page.waitForSelector('[data-testid=reading-refused]', { timeout: 5000 });
    await page.waitForTimeout(700); // anything sent would have been seen by now
    const refused = await textOf('[data-testid=reading-refused]');
    assert(/outside the range/.test(refused) && /Nothing was sent/.test(refused), `refusal text: "${refused}"`);
    assert(apiRequests.length === before, `the form sent ${apiRequests.length - before} request(s) for an out-of-range value: ${opsSince(before)}`);
    const svgBars = await page.locator('[data-testid=consumption-chart] svg rect.bar').count();
    assert(svgBars > 0, 'no consumption chart bars (getConsumption)');
    await shot('05-meter-refused');
  });

  await step('meter readings: an in-range value is sent (createMeterReading) with a photo (uploadMeterReadingPhoto)', async () => {
    const good = range.min !== '' ? Number(range.min) : Number(range.max);
    const before = apiRequests.length;
    await page.fill('#reading-value', String(good));
    // 1x1 PNG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.setInputFiles('#reading-photo', { name: 'meter.png', mimeType: 'image/png', buffer: png });
    await page.click('#reading-form button[type=submit]');
    await page.waitForSelector('[data-testid=reading-saved]', { timeout: 15000 });
    await page.waitForSelector('[data-testid=photo-saved]', { timeout: 15000 });
    const create = apiRequests.slice(before).find((r) => r.method === 'POST' && r.url.includes('/v2/portal/metering/reading') && !r.url.includes('/photo'));
    assert(create, `no createMeterReading request: ${opsSince(before)}`);
    const body = JSON.parse(create.body);
    assert(body.value === good && typeof body.value === 'number', `createMeterReading value is ${JSON.stringify(body.value)}, expected ${good}`);
    assert(body.source === 'ECP' && body.meter_id, `createMeterReading body: ${create.body}`);
    const photo = apiRequests.slice(before).find((r) => r.method === 'POST' && r.url.includes('/v2/portal/metering/reading/photo'));
    assert(photo, 'no uploadMeterReadingPhoto request');
    const pb = JSON.parse(photo.body);
    assert(pb.filename === 'meter.png' && pb.mime_type === 'image/png' && pb.contents.startsWith('data:image/png;base64,'), `photo body: ${photo.body.slice(0, 200)}`);
    await noErrorBoxes();
    await shot('06-meter-saved');
  });

  await step('account: validateCadenceEntityEditRules, then updateContact', async () => {
    await page.click('nav.nav >> text=Account');
    await page.waitForURL(/#\/account$/);
    await settled();
    await noErrorBoxes();
    const before = apiRequests.length;
    await page.fill('#contact-first_name', 'Erika');
    await page.click('#account-form button[type=submit]');
    await page.waitForSelector('[data-testid=account-saved]', { timeout: 15000 });
    const ops = opsSince(before);
    const vi = ops.findIndex((o) => /^GET \/v2\/portal\/contact\/[^/]+:validateRule$/.test(o));
    const pi = ops.indexOf('PATCH /v2/portal/contact');
    assert(vi >= 0 && pi > vi, `expected validateRule then PATCH contact, got: ${ops.join(', ')}`);
    const patch = apiRequests.slice(before).find((r) => r.method === 'PATCH');
    assert(JSON.parse(patch.body).first_name === 'Erika', `PATCH body: ${patch.body}`);
    await shot('07-account-saved');
  });

  await step('account: a change blocked by the edit rules is explained and NOT sent', async () => {
    await page.route('**/*:validateRule*', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify({ isBlockedByRules: true, failedRule: { slug: 'contact', attribute: 'last_name', rule_type: 'cadence', cadence_period_type: 'months', changes_allowed: 1, cadence_period: 12 } }),
    }));
    const before = apiRequests.length;
    await page.fill('#contact-last_name', 'Mustermann');
    await page.click('#account-form button[type=submit]');
    await page.waitForSelector('[data-testid=account-refused]', { timeout: 15000 });
    const text = await textOf('[data-testid=account-refused]');
    assert(/last name cannot be changed/i.test(text) && /once every 12 months/.test(text) && /Nothing was saved/.test(text), `refusal text: "${text}"`);
    assert(!opsSince(before).includes('PATCH /v2/portal/contact'), 'updateContact was sent although the rules refused it');
    await page.unroute('**/*:validateRule*');
    await shot('08-account-refused');
  });

  await step('API error rendered in plain words (?simulate=404 → Prefer: code=404 on getContract)', async () => {
    const before = apiRequests.length;
    await page.goto(`${server.url}/?simulate=404#/contracts/${CONTRACT_ID}`);
    await page.waitForSelector('main .error[data-status="404"]', { timeout: 20000 });
    const req = apiRequests.slice(before).find((r) => r.url.includes(`/v2/portal/contract/${CONTRACT_ID}`));
    assert(req && req.headers.prefer === 'code=404', `getContract did not carry Prefer: code=404 (${req?.headers.prefer})`);
    const text = await textOf('main .error');
    assert(/could not be found/.test(text) && /HTTP 404/.test(text) && /What to do/.test(text), `error text: "${text}"`);
    assert(await page.locator('main .error button', { hasText: 'Try again' }).isVisible(), 'no "Try again" button');
    assert(await page.locator('[data-testid=simulate]').isVisible(), 'no debug strip for ?simulate');
    await shot('09-error-404');
  });

  await step('network failure rendered in plain words (request aborted → code NETWORK)', async () => {
    await page.goto(`${server.url}/#/dashboard`);
    await page.route(`${API}/v2/portal/contract?*`, (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/#/contracts`);
    await page.waitForSelector('main .error[data-code="NETWORK"]', { timeout: 30000 });
    const text = await textOf('main .error');
    assert(/could not be reached/.test(text) && /What to do/.test(text), `error text: "${text}"`);
    await page.unroute(`${API}/v2/portal/contract?*`);
    await shot('10-error-network');
    await page.locator('main .error button', { hasText: 'Try again' }).click();
    await page.waitForSelector('[data-testid=contracts-table]', { timeout: 20000 });
  });

  await step('no uncaught page errors in the main run', async () => {
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
  });
  await context.close();
  await server.close();

  // ---------- the same portal under a strict script CSP ----------------------------------------
  currentPhase = 'csp';
  server = await serveStatic({ root: DIST, csp: CSP });
  console.log(`serving with Content-Security-Policy: ${CSP} on ${server.url}`);
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
  page = await context.newPage();
  attach(page);
  const cspStart = consoleLines.length;

  await step('under CSP: the header is really sent, the wasm loads, sign-in + dashboard + contract work', async () => {
    const res = await page.goto(`${server.url}/`);
    assert(res.headers()['content-security-policy'] === CSP, `CSP header not served: ${res.headers()['content-security-policy']}`);
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    await page.waitForSelector('[data-testid=brand][data-loaded=true]', { timeout: 20000 });
    await page.fill('#token', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/);
    await settled();
    await noErrorBoxes();
    const contracts = await textOf('[data-testid=contracts-count]');
    assert(contracts === String(ref.contracts.data.length), `contracts count "${contracts}"`);
    await shot('11-csp-dashboard');
    await page.goto(`${server.url}/#/contracts/${CONTRACT_ID}`);
    await settled();
    await noErrorBoxes();
    assert((await textOf('[data-testid=contract-details]')).includes(ref.contract.entity.contract_number), 'contract details missing under CSP');
  });

  await step('under CSP: no violation reported, no console error, no page error', async () => {
    const violations = await page.evaluate(() => window.__csp);
    assert(violations.length === 0, `CSP violations: ${violations.join(' | ')}`);
    const cspConsole = consoleLines.slice(cspStart).filter((l) => /Content Security Policy|Refused to/i.test(l));
    assert(cspConsole.length === 0, `CSP messages in the console: ${cspConsole.join(' | ')}`);
    const errs = consoleLines.slice(cspStart).filter((l) => / error: /.test(l));
    assert(errs.length === 0, `console errors: ${errs.join(' | ')}`);
    assert(pageErrors.filter((e) => e.startsWith('[csp]')).length === 0, `page errors: ${pageErrors.join(' | ')}`);
  });
  await context.close();
  console.log(`\nall ${stepNo} e2e steps passed; screenshots in ${path.relative(ROOT, SHOTS)}/`);
} catch (error) {
  exitCode = 1;
  if (!/^FAILED/.test(error.message)) console.error(`\ne2e FAILED: ${error.stack || error.message}`);
} finally {
  await browser.close().catch(() => {});
  await server?.close().catch(() => {});
}
process.exit(exitCode);
