// End-to-end test of the BUILT demo portal (www) in Debian's Chromium, driven by playwright-core.
//
//   node tests/e2e/portal.e2e.mjs --dist <built www dir>
//   --dist: built with VITE_COGNITO_CONFIG_URL=$COGNITO_URL/__config (the pool from the emulator).
// The same build under a strict CSP, and a build that reads the pool from the portal config, are
// walked by portal-builds.e2e.mjs.
// Env: PORTAL_API_URL (the local API the app was built against; required),
//      COGNITO_URL (the Cognito emulator, scripts/cognito-local.mjs; required),
//      COGNITO_USER_PASSWORD (the emulator's demo user's password; default Demo-Passw0rd!),
//      SCREENSHOT_DIR (default artifacts/screenshots), CHROMIUM (default /usr/bin/chromium).
//
// Every step prints what it checks; a failing step prints what was on the screen (text, console,
// page errors, the last API requests), saves FAILED-portal-<step>.png and exits 1.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { assert, CHROMIUM, getJson, recorder, ROOT, runWalk, SHOTS, walk } from './harness.mjs';
import { serveStatic } from './serve.mjs';

const args = process.argv.slice(2);
const argValue = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const DIST = path.resolve(argValue('--dist', path.join(ROOT, 'www/dist')));
const API = (process.env.PORTAL_API_URL || '').replace(/\/+$/, '');
const COGNITO = (process.env.COGNITO_URL || '').replace(/\/+$/, '');
const DEMO_PASSWORD = process.env.COGNITO_USER_PASSWORD || 'Demo-Passw0rd!';
// The SDK keeps one session per pool and app client: its default key names both.
const sessionKey = () => `epilot-portal-sdk.session.${emulatorConfig.userPoolId}.${emulatorConfig.clientId}`;
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
if (!COGNITO) {
  console.error('portal.e2e: COGNITO_URL is not set (the Cognito emulator, e.g. http://127.0.0.1:4030)');
  process.exit(2);
}

// ---------- the API, the Cognito emulator, the harness (tests/e2e/harness.mjs) ------------------
/** Reference answers, straight from the API. */
const api = (p, init = {}) => getJson(API, p, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers || {}) } });
/** The Cognito emulator (scripts/cognito-local.mjs): its config, admin and stats endpoints. */
const emulator = (p, init = {}) => getJson(COGNITO, p, { ...init, headers: { 'content-type': 'application/json', ...(init.headers || {}) } });
const cognitoStats = () => emulator('/__stats');
const jwtClaims = (token) => JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8') || '{}');

let page;
let emulatorConfig;
const rec = recorder({ api: API, emulator: () => emulatorConfig });
const { consoleLines, pageErrors, apiRequests, authRequests, attach, authOps, opsSince } = rec;
const walked = walk({ page: () => page, name: 'portal', diagnostics: rec.diagnostics });
const { step, shot, settled, noErrorBoxes, textOf } = walked;

// ---------- the test ------------------------------------------------------------------------------
const browser = await chromium.launch(LAUNCH);
let server;
await runWalk(async () => {
  const ref = {
    config: await api('/v3/portal/public/portal/config?org_id=123&portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c'),
    contracts: await api('/v2/portal/contract?from=0&size=100'),
    orders: await api('/v2/portal/order?from=0&size=100'),
    balance: await api('/v2/portal/billing/customers/balance'),
    contract: await api(`/v2/portal/contract/${CONTRACT_ID}`),
    sso: await api('/v3/portal/public/sso/login?portal_id=453ad7bf-86d5-46c8-8252-bcc868df5e3c&org_id=123', { method: 'POST', body: '{}' }),
  };

  emulatorConfig = await emulator('/__config');

  server = await serveStatic({ root: DIST });
  console.log(`serving ${path.relative(ROOT, DIST) || DIST} on ${server.url} (no CSP); API ${API}`);
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  attach(page);
  rec.phase = 'main';

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
    assert(await page.locator('#password-form').isVisible(), 'the email + password form is not visible');
    const first = await page.locator('main .card').first().getAttribute('data-testid');
    assert(first === 'signin-password', `the first card is "${first}", not the email + password sign-in`);
    for (const other of ['signin-sso', 'signin-token']) assert(await page.locator(`[data-testid=${other}]`).isVisible(), `${other} is not offered any more`);
    assert(!(await page.locator('nav.nav').isVisible()), 'the main navigation is visible before sign-in');
    await noErrorBoxes();
    await shot('01-signin');
  });

  let accessToken;
  let demoSub;
  await step('password sign-in (SRP, emulator demo user) → dashboard; API calls carry the Cognito access token', async () => {
    const stats0 = await cognitoStats();
    const beforeApi = apiRequests.length;
    const beforeAuth = authRequests.length;
    await page.fill('#email', emulatorConfig.email);
    await page.fill('#password', DEMO_PASSWORD);
    await shot('00-password-signin');
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
    await settled();
    await noErrorBoxes();
    const stats1 = await cognitoStats();
    assert(stats1.srp.verified === stats0.srp.verified + 1, `the emulator verified no SRP proof (verified ${stats0.srp.verified} → ${stats1.srp.verified})`);
    assert(!authRequests.slice(beforeAuth).some((r) => (r.body || '').includes(DEMO_PASSWORD)), 'the password left the browser');
    const stored = await page.evaluate((k) => sessionStorage.getItem(k), sessionKey());
    assert(stored, `no session under ${sessionKey()} in sessionStorage`);
    assert(!stored.includes(DEMO_PASSWORD), 'the password is in sessionStorage');
    accessToken = JSON.parse(stored).accessToken;
    const claims = jwtClaims(accessToken);
    assert(claims.token_use === 'access' && claims.client_id === emulatorConfig.clientId, `access token claims: ${JSON.stringify(claims)}`);
    demoSub = claims.sub;
    const calls = apiRequests.slice(beforeApi).filter((r) => !r.url.includes('/public/'));
    const ops = opsSince(beforeApi);
    for (const p of ['/v2/portal/contact', '/v2/portal/contract', '/v2/portal/order']) assert(ops.includes(`GET ${p}`), `dashboard did not call GET ${p}: ${ops.join(', ')}`);
    for (const r of calls) {
      assert(r.headers.authorization === `Bearer ${accessToken}`, `${r.method} ${r.url} sent Authorization "${String(r.headers.authorization).slice(0, 24)}…", not the Cognito access token`);
    }
    const who = await textOf('[data-testid=signed-in-as]');
    assert(who === emulatorConfig.email, `the header shows "${who}" as the signed-in user`);
    await shot('13-password-dashboard');
  });

  await step('reload: the session comes back from sessionStorage without signing in again', async () => {
    const beforeAuth = authRequests.length;
    const beforeApi = apiRequests.length;
    await page.reload();
    await page.waitForSelector('#app[data-ready=true]', { timeout: 20000 });
    await settled();
    await noErrorBoxes();
    assert(/#\/dashboard$/.test(page.url()), `after the reload the page is ${page.url()}`);
    const signIns = authOps(beforeAuth).filter((o) => /^(InitiateAuth|RespondToAuthChallenge)/.test(o));
    assert(signIns.length === 0, `signed in again after the reload: ${signIns.join(', ')}`);
    const contact = apiRequests.slice(beforeApi).find((r) => new URL(r.url).pathname === '/v2/portal/contact');
    assert(contact && contact.headers.authorization === `Bearer ${accessToken}`, 'after the reload the API calls do not carry the restored access token');
    assert((await textOf('[data-testid=signed-in-as]')) === emulatorConfig.email, 'the restored user is not shown');
  });

  await step('sign out: client.signOut() revokes the refresh token (the emulator records it) and clears the session', async () => {
    const stats0 = await cognitoStats();
    const before = authRequests.length;
    const refreshToken = JSON.parse(await page.evaluate((k) => sessionStorage.getItem(k), sessionKey())).refreshToken;
    assert(refreshToken, 'the session has no refresh token');
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    const notice = await textOf('[data-testid=signin-notice]');
    assert(notice === 'You are signed out.', `sign-out notice: "${notice}"`);
    const revoke = authRequests.slice(before).find((r) => r.method === 'POST' && new URL(r.url).pathname === '/v2/portal/token/revoke');
    assert(revoke, `no revokeToken call: ${authOps(before).join(', ')}`);
    assert(revoke.headers.authorization === `Bearer ${accessToken}`, 'revokeToken did not carry the access token');
    const stats1 = await cognitoStats();
    const added = stats1.revoked.slice(stats0.revoked.length);
    const sha = createHash('sha256').update(refreshToken).digest('hex');
    assert(added.length === 1 && added[0].sub === demoSub && added[0].refreshTokenSha256 === sha,
      `the emulator recorded ${JSON.stringify(added)} (expected the demo user's refresh token)`);
    // Revoked for real: Cognito no longer refreshes with it.
    const refresh = await fetch(emulatorConfig.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: emulatorConfig.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    });
    const refused = await refresh.json();
    assert(refresh.status === 400 && refused.__type === 'NotAuthorizedException', `the revoked refresh token still works: ${refresh.status} ${refused.__type}`);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert(stored === '{}', `sign-out left something in sessionStorage: ${stored}`);
    assert(!(await page.locator('nav.nav').isVisible()), 'navigation visible after sign-out');
    await page.goto(`${server.url}/#/dashboard`);
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    await page.waitForSelector('#password-form');
  });

  await step('password sign-in: a wrong password is refused in plain words, nothing is kept', async () => {
    const stats0 = await cognitoStats();
    const before = authRequests.length;
    await page.fill('#email', emulatorConfig.email);
    await page.fill('#password', 'not-the-Passw0rd!');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('[data-testid=signin-error]', { timeout: 15000 });
    const text = await textOf('[data-testid=signin-error]');
    assert(/email address or the password is not correct/i.test(text) && /What to do/.test(text), `error text: "${text}"`);
    assert(!/Exception|Cognito|HTTP|400/.test(text), `technical words in the message: "${text}"`);
    const ops = authOps(before);
    assert(ops.includes('InitiateAuth:USER_SRP_AUTH') && ops.includes('RespondToAuthChallenge:PASSWORD_VERIFIER'), `expected the SRP exchange, got: ${ops.join(', ')}`);
    assert(!authRequests.slice(before).some((r) => (r.body || '').includes('not-the-Passw0rd!')), 'the password itself was sent (SRP never sends it)');
    const stats1 = await cognitoStats();
    assert(stats1.srp.rejected === stats0.srp.rejected + 1, `the emulator did not reject an SRP proof (rejected ${stats0.srp.rejected} → ${stats1.srp.rejected})`);
    assert((await page.inputValue('#password')) === '', 'the password field was not cleared');
    assert((await page.inputValue('#email')) === emulatorConfig.email, 'the email was not kept');
    assert(/#\/signin$/.test(page.url()), `left the sign-in page: ${page.url()}`);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert(stored === '{}', `something was stored after a failed sign-in: ${stored}`);
    assert(!(await page.locator('nav.nav').isVisible()), 'navigation visible after a failed sign-in');
    await shot('12-password-wrong');
  });

  await step('temporary password: NEW_PASSWORD_REQUIRED → checkPassword refuses a weak one (nothing sent), a good one signs in', async () => {
    const email = `e2e-new-${Date.now()}@example.com`;
    await emulator('/__admin/users', { method: 'POST', body: JSON.stringify({ email, password: 'Temp-Passw0rd!1', status: 'FORCE_CHANGE_PASSWORD' }) });
    await page.fill('#email', email);
    await page.fill('#password', 'Temp-Passw0rd!1');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#new-password-form', { timeout: 15000 });
    await page.waitForFunction(() => !/Loading/.test(document.querySelector('[data-testid=password-rules]')?.textContent ?? 'Loading'), null, { timeout: 10000 });
    const rules = await textOf('[data-testid=password-rules]');
    const policy = ref.config.cognito_details.password_policy;
    assert(rules.includes(`at least ${policy.minimum_length} characters`), `the rules shown: "${rules}"`);
    const before = authRequests.length;
    await page.fill('#new-password', 'weak');
    await page.fill('#new-password-repeat', 'weak');
    await page.click('#new-password-form button[type=submit]');
    await page.waitForSelector('[data-testid=new-password-refused]', { timeout: 5000 });
    let refused = await textOf('[data-testid=new-password-refused]');
    for (const want of [`Use at least ${policy.minimum_length} characters.`, 'Add an uppercase letter.', 'Add a number.', 'Nothing was sent.']) {
      assert(refused.includes(want), `the refusal does not say "${want}": "${refused}"`);
    }
    await page.fill('#new-password', 'Str0ng-Passw0rd!');
    await page.fill('#new-password-repeat', 'Str0ng-Passw0rd?');
    await page.click('#new-password-form button[type=submit]');
    await page.waitForFunction(() => /not the same/.test(document.querySelector('[data-testid=new-password-refused]')?.textContent ?? ''), null, { timeout: 5000 });
    await page.waitForTimeout(500);
    assert(authRequests.length === before, `a refused new password was sent: ${authOps(before).join(', ')}`);
    await shot('14-new-password');
    await page.fill('#new-password-repeat', 'Str0ng-Passw0rd!');
    await page.click('#new-password-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
    await settled();
    await noErrorBoxes();
    assert(authOps(before).includes('RespondToAuthChallenge:NEW_PASSWORD_REQUIRED'), `no NEW_PASSWORD_REQUIRED answer: ${authOps(before).join(', ')}`);
    assert((await textOf('[data-testid=signed-in-as]')) === email, 'the new user is not shown as signed in');
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    // The new password is the password now.
    await page.fill('#email', email);
    await page.fill('#password', 'Str0ng-Passw0rd!');
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
  });

  await step('code challenge (authenticator app, answered by a route): a wrong code in plain words, the right one signs in', async () => {
    const endpoint = emulatorConfig.endpoint.replace(/\/+$/, '');
    const codes = [];
    let held = null;
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-amzn-errortype' };
    const handler = async (route) => {
      const req = route.request();
      const target = req.headers()['x-amz-target'] || '';
      const body = req.method() === 'POST' ? JSON.parse(req.postData() || '{}') : {};
      if (target.endsWith('.RespondToAuthChallenge') && body.ChallengeName === 'PASSWORD_VERIFIER') {
        // The password was right: keep the emulator's tokens and ask for a code first.
        const real = await route.fetch();
        held = (await real.json()).AuthenticationResult;
        return route.fulfill({ status: 200, contentType: 'application/x-amz-json-1.1', headers: cors,
          body: JSON.stringify({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'e2e-mfa-session', ChallengeParameters: { USER_ID_FOR_SRP: body.ChallengeResponses.USERNAME } }) });
      }
      if (target.endsWith('.RespondToAuthChallenge') && body.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
        const code = body.ChallengeResponses?.SOFTWARE_TOKEN_MFA_CODE;
        codes.push(code);
        if (code !== '123456' || body.Session !== 'e2e-mfa-session' || !held) {
          return route.fulfill({ status: 400, contentType: 'application/x-amz-json-1.1', headers: { ...cors, 'x-amzn-errortype': 'CodeMismatchException' },
            body: JSON.stringify({ __type: 'CodeMismatchException', message: 'Invalid code received for user' }) });
        }
        return route.fulfill({ status: 200, contentType: 'application/x-amz-json-1.1', headers: cors, body: JSON.stringify({ AuthenticationResult: held, ChallengeParameters: {} }) });
      }
      return route.continue();
    };
    const matcher = (url) => url.href.startsWith(`${endpoint}/`) && new URL(url.href).pathname === '/';
    await page.route(matcher, handler);
    try {
      await page.fill('#email', emulatorConfig.email);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('#password-form button[type=submit]');
      await page.waitForSelector('#code-form[data-challenge=SOFTWARE_TOKEN_MFA]', { timeout: 15000 });
      assert((await textOf('#code-form')).includes('authenticator app'), 'the code form does not say where the code comes from');
      await page.fill('#code', '12x');
      await page.click('#code-form button[type=submit]');
      await page.waitForSelector('[data-testid=signin-error]', { timeout: 5000 });
      assert(codes.length === 0, 'a code that is not digits was sent');
      await page.fill('#code', '000000');
      await page.click('#code-form button[type=submit]');
      await page.waitForFunction(() => /That code is not right/.test(document.querySelector('[data-testid=signin-error]')?.textContent ?? ''), null, { timeout: 15000 });
      const text = await textOf('[data-testid=signin-error]');
      assert(/What to do/.test(text) && !/Exception/.test(text), `wrong-code text: "${text}"`);
      assert(await page.locator('#code-form').isVisible(), 'after a wrong code the code form is gone (the challenge must stay open)');
      await shot('15-code-wrong');
      await page.fill('#code', '123456');
      await page.click('#code-form button[type=submit]');
      await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
      await settled();
      await noErrorBoxes();
      assert(codes.join(',') === '000000,123456', `codes sent: ${codes.join(',')}`);
    } finally {
      await page.unroute(matcher, handler);
    }
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    assert((await textOf('[data-testid=signin-notice]')) === 'You are signed out.', 'sign-out after the code challenge was not confirmed');
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
    // (settled() can run before the new view shows its loading state: give the rows time to come)
    const rowSelector = '[data-testid=contracts-table] tbody tr';
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [rowSelector, ref.contracts.data.length], { timeout: 10000 }).catch(() => {});
    const rows = await page.locator(rowSelector).count();
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

  await step('meter readings list: getMeterReadings through the page iterator (meter, counter, from/size in the body)', async () => {
    await page.waitForSelector('[data-testid=meter-readings] tbody tr', { timeout: 15000 });
    await settled();
    const call = apiRequests.find((r) => r.method === 'POST' && r.url.endsWith('/v2/portal/metering/readings'));
    assert(call, `no getMeterReadings request: ${apiRequests.slice(-10).map((r) => `${r.method} ${r.url}`).join(', ')}`);
    const body = JSON.parse(call.body);
    assert(body.meter_id && body.counter_id && body.from === 0 && body.size === 10 && body.sort === 'desc', `getMeterReadings body: ${call.body}`);
    const want = await api('/v2/portal/metering/readings', { method: 'POST', body: JSON.stringify({ meter_id: body.meter_id, counter_id: body.counter_id, from: 0, size: 10 }) });
    const rows = await page.locator('[data-testid=meter-reading]').count();
    assert(rows === Math.min(10, want.results.length), `${rows} reading rows, the API's first page has ${want.results.length}`);
    await noErrorBoxes();
    await shot('06b-meter-readings');
  });

  await step('notifications bell: unread count, the list, mark one and then all as read', async () => {
    const count = (await api('/v2/portal/notifications/unread-count')).count;
    const list = await api('/v2/portal/notifications?limit=10');
    const badge = page.locator('[data-testid=notifications-unread]');
    await page.waitForFunction((n) => document.querySelector('[data-testid=notifications-unread]')?.getAttribute('data-count') === String(n), count, { timeout: 15000 });
    assert((await badge.innerText()).trim() === String(count), `badge shows "${await badge.innerText()}", the API says ${count}`);
    const before = apiRequests.length;
    await page.click('[data-testid=notifications-bell]');
    await page.waitForSelector('[data-testid=notification]', { timeout: 15000 });
    await settled();
    const items = await page.locator('[data-testid=notification]').count();
    assert(items === list.results.length, `${items} notifications listed, the API has ${list.results.length}`);
    assert(opsSince(before).includes('GET /v2/portal/notifications'), `no listPortalNotifications: ${opsSince(before)}`);
    const unreadItem = list.results.find((n) => !n.read && Number.isInteger(n.notification_id));
    if (unreadItem) {
      const mark = apiRequests.length;
      await page.click('[data-testid=notification-read]');
      await page.waitForFunction((n) => document.querySelector('[data-testid=notifications-unread]')?.getAttribute('data-count') === String(n), count - 1, { timeout: 10000 });
      assert(opsSince(mark).includes(`PUT /v2/portal/notifications/${unreadItem.notification_id}/read`), `mark-as-read sent: ${opsSince(mark)}`);
    }
    const all = apiRequests.length;
    await page.click('[data-testid=notifications-read-all]');
    await page.waitForFunction(() => document.querySelector('[data-testid=notifications-unread]')?.hidden === true, null, { timeout: 10000 });
    assert(opsSince(all).includes('PUT /v2/portal/notifications/read-all'), `mark-all sent: ${opsSince(all)}`);
    assert(await page.locator('.notifications-list li.unread').count() === 0, 'an item is still shown as unread');
    await shot('06c-notifications');
    await page.keyboard.press('Escape');
    await noErrorBoxes();
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

  console.log(`\nall ${walked.steps} e2e steps passed; screenshots in ${path.relative(ROOT, SHOTS)}/`);
}, async () => {
  await browser.close().catch(() => {});
  await server?.close().catch(() => {});
});
