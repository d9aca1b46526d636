// End-to-end test of the BUILT demo portal (www) in two more settings, in Debian's Chromium,
// driven by playwright-core (portal.e2e.mjs walks the portal itself):
//   * the same build served with a strict script Content-Security-Policy: the wasm loads, sign-in
//     and the data screens work, and nothing is blocked or reported;
//   * a build that reads the sign-in pool from the portal config (getPublicPortalConfigV3's
//     cognito_details), as on a real portal: configureAuth({ orgId, portalId }), sign-in, sign-out.
//
//   node tests/e2e/portal-builds.e2e.mjs --dist <built www dir> [--dist-portal-config <dir>]
//   --dist: built with VITE_COGNITO_CONFIG_URL=$COGNITO_URL/__config (the pool from the emulator);
//   --dist-portal-config (optional): built with the emulator's API, endpoint, org and portal.
// Env: PORTAL_API_URL, COGNITO_URL (required), COGNITO_USER_PASSWORD (default Demo-Passw0rd!),
//      SCREENSHOT_DIR, CHROMIUM, E2E_CSP (the policy of the CSP run; default
//      script-src 'self' 'wasm-unsafe-eval'; "script-src 'self'" must make the CSP steps fail).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { assert, CHROMIUM, getJson, LAUNCH_ARGS, recorder, ROOT, runWalk, walk } from './harness.mjs';
import { serveStatic } from './serve.mjs';

const args = process.argv.slice(2);
const argValue = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const DIST = path.resolve(argValue('--dist', path.join(ROOT, 'www/dist')));
const DIST_PORTAL_CONFIG = argValue('--dist-portal-config', null);
const API = (process.env.PORTAL_API_URL || '').replace(/\/+$/, '');
const COGNITO = (process.env.COGNITO_URL || '').replace(/\/+$/, '');
const DEMO_PASSWORD = process.env.COGNITO_USER_PASSWORD || 'Demo-Passw0rd!';
const CSP = process.env.E2E_CSP || "script-src 'self' 'wasm-unsafe-eval'";
const TOKEN = 'e2e-portal-token';
const CONTRACT_ID = '5da0a718-c822-403d-9f5d-20d4584e0528';
if (!API || !COGNITO) {
  console.error('portal-builds.e2e: PORTAL_API_URL (the local API) and COGNITO_URL (the emulator) must be set');
  process.exit(2);
}

const api = (p) => getJson(API, p, { headers: { authorization: `Bearer ${TOKEN}` } });
const cognitoStats = () => getJson(COGNITO, '/__stats');
let page;
let emulatorConfig;
const rec = recorder({ api: API, emulator: () => emulatorConfig });
const { consoleLines, pageErrors, authRequests, attach, authOps } = rec;
const { step, shot, settled, noErrorBoxes, textOf } = walk({ page: () => page, name: 'portal-builds', diagnostics: rec.diagnostics });

const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
let server;
await runWalk(async () => {
  const ref = { contracts: await api('/v2/portal/contract?from=0&size=100'), contract: await api(`/v2/portal/contract/${CONTRACT_ID}`) };
  emulatorConfig = await getJson(COGNITO, '/__config');

  // ---------- the same portal under a strict script CSP ----------------------------------------
  rec.phase = 'csp';
  server = await serveStatic({ root: DIST, csp: CSP });
  console.log(`serving with Content-Security-Policy: ${CSP} on ${server.url}`);
  let context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
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
  await server.close();

  // ---------- a build that reads the pool from the portal config, as on a real portal ----------
  if (DIST_PORTAL_CONFIG) {
    rec.phase = 'portal-config';
    server = await serveStatic({ root: path.resolve(DIST_PORTAL_CONFIG) });
    console.log(`serving ${path.relative(ROOT, path.resolve(DIST_PORTAL_CONFIG))} on ${server.url} (pool from getPublicPortalConfigV3 on ${emulatorConfig.apiUrl})`);
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    attach(page);
    await step('pool from the portal config: configureAuth({ orgId, portalId }) reads cognito_details, then signs in and out', async () => {
      // From the page load: configureAuth reads the portal's pool to find a kept session (one per pool).
      const before = authRequests.length;
      await page.goto(`${server.url}/`);
      await page.waitForURL(/#\/signin$/, { timeout: 15000 });
      await page.waitForSelector('#password-form', { timeout: 20000 });
      await page.fill('#email', emulatorConfig.email);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('#password-form button[type=submit]');
      await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
      await settled();
      await noErrorBoxes();
      const ops = authOps(before);
      const config = authRequests.slice(before).find((r) => new URL(r.url).pathname === '/v3/portal/public/portal/config');
      assert(config && config.url.startsWith(emulatorConfig.apiUrl), `no getPublicPortalConfigV3 on the sign-in API: ${ops.join(', ')}`);
      const q = new URL(config.url).searchParams;
      assert(q.get('org_id') === emulatorConfig.orgId && q.get('portal_id') === emulatorConfig.portalId, `portal config asked for ${q}`);
      const ci = ops.findIndex((o) => o === 'GET /v3/portal/public/portal/config');
      const si = ops.indexOf('InitiateAuth:USER_SRP_AUTH');
      assert(ci >= 0 && si > ci, `expected the portal config before the SRP sign-in: ${ops.join(', ')}`);
      const srp = authRequests.slice(before).find((r) => r.action === 'InitiateAuth');
      assert(JSON.parse(srp.body).ClientId === emulatorConfig.clientId, 'sign-in did not use the client id from cognito_details');
      const stats0 = await cognitoStats();
      await page.click('[data-testid=sign-out]');
      await page.waitForURL(/#\/signin$/, { timeout: 15000 });
      assert((await textOf('[data-testid=signin-notice]')) === 'You are signed out.', 'sign-out not confirmed');
      const stats1 = await cognitoStats();
      assert(stats1.revoked.length === stats0.revoked.length + 1, 'the emulator recorded no revocation');
      await shot('16-portal-config-signed-out');
    });
    await step('no uncaught page errors with the pool from the portal config', async () => {
      assert(pageErrors.filter((e) => e.startsWith('[portal-config]')).length === 0, `page errors: ${pageErrors.join(' | ')}`);
    });
    await context.close();
  } else {
    console.log('(no --dist-portal-config: the portal-config sign-in steps were skipped)');
  }
  console.log('\nall portal-builds e2e steps passed');
}, async () => {
  await browser.close().catch(() => {});
  await server?.close().catch(() => {});
});
