// The npm package's sign-in module (sign-in/, loaded on first use), in Chromium against the
// Cognito emulator, from pkg/ as published (no bundler):
//   * init() and the data API fetch no sign-in code; getSession() is null and onSessionChange
//     can be set before it is loaded;
//   * the first sign-in call loads it once; a wrong password rejects with the package's own
//     PortalApiError class; SRP sign-in authorizes the client (validateToken on the API mock);
//   * a 401 with a token the API stopped accepting runs the module's refresh through the core's
//     onUnauthorized, and the call is repeated (JsHost: the core knows only authorize/onUnauthorized);
//   * signOut revokes the refresh token and clears the session;
//   * the other flows go through the module too: setTotpIssuer before it is loaded, signInCustom +
//     completeSignIn (a custom challenge's emailed code), setUpTotp, getUserAttributes,
//     hasRememberedDevice, signOut({ global: true }).
//   node tests/e2e/sign-in-module.mjs   (env: COGNITO_URL, COGNITO_USER_PASSWORD, CHROMIUM)
import { packageTest } from './package-page.mjs';

const t = await packageTest();
const { cfg, browser, server, problems, check } = t;
const PASSWORD = t.password;
try {
  const page = await browser.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/package.json`);

  const before = await page.evaluate(async () => {
    const m = await import('/index.js');
    await m.default();
    window.m = m;
    window.client = new m.PortalClient({ baseUrl: 'http://invalid.localhost' });
    window.changes = [];
    window.client.onSessionChange((c) => window.changes.push(c.reason));
    let thrown = null;
    try { window.client.onSessionChange(42); } catch (e) { thrown = e instanceof m.PortalApiError && e.code; }
    return { session: window.client.getSession(), thrown };
  });
  check(before.session === null, `getSession() before sign-in: ${JSON.stringify(before.session)}`);
  check(before.thrown === 'INVALID_INPUT', `onSessionChange(42) threw ${before.thrown}`);
  check(!fetched.some((p) => p.startsWith('/sign-in/')), `the sign-in module was fetched before any sign-in call: ${fetched.join(' ')}`);

  const after = await page.evaluate(async ({ cfg, password }) => {
    const { m, client } = window;
    client.retry({ maxRetries: 0 });
    await Promise.all([
      client.configureAuth({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint }),
      client.configureAuth({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint }),
    ]);
    let wrong = null;
    try { await client.signIn({ email: cfg.email, password: password + 'x' }); } catch (e) { wrong = { isClass: e instanceof m.PortalApiError, code: e.code, operation: e.operation }; }
    // The API mock that validates the tokens.
    const api = new m.PortalClient({ baseUrl: cfg.apiUrl });
    api.retry({ maxRetries: 0 });
    await api.configureAuth({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint });
    const changes = [];
    api.onSessionChange((c) => changes.push(c.reason));
    const signed = await api.signIn({ email: cfg.email, password });
    const first = await api.validateToken();
    const sub = api.getSession()?.claims?.sub;
    await fetch(`${cfg.endpoint}/__admin/reject-seen`, { method: 'POST', body: JSON.stringify({ sub }) });
    const second = await api.validateToken();
    const out = await api.signOut();
    return { wrong, kind: signed.kind, first: first.status, second: second.status, changes, out, session: api.getSession() };
  }, { cfg, password: PASSWORD });
  check(after.wrong && after.wrong.isClass && after.wrong.code === 'HTTP' && after.wrong.operation === 'signIn', `wrong password: ${JSON.stringify(after.wrong)}`);
  check(after.kind === 'signedIn', `signIn: ${after.kind}`);
  check(after.first === 204 && after.second === 204, `validateToken before/after the 401: ${after.first} / ${after.second}`);
  check(after.changes.includes('refreshed'), `session changes ${after.changes.join(',')}: no refresh after the 401`);
  check(after.out.revoked === true && after.session === null, `signOut: ${JSON.stringify(after.out)}, session ${JSON.stringify(after.session)}`);

  const flows = await page.evaluate(async ({ cfg }) => {
    const { m } = window;
    const email = `module-flows-${Date.now()}@example.com`;
    const password = 'Module-Flows-1!';
    await fetch(`${cfg.endpoint}/__admin/users`, { method: 'POST', body: JSON.stringify({ email, password, status: 'CONFIRMED' }) });
    const client = new m.PortalClient({ baseUrl: cfg.apiUrl });
    client.retry({ maxRetries: 0 });
    const names = ['signInCustom', 'signInWithSso', 'setUpTotp', 'verifyTotp', 'setMfaPreference', 'setTotpIssuer', 'changePassword', 'getUserAttributes',
      'updateUserAttributes', 'confirmUserAttribute', 'sendUserAttributeCode', 'rememberDevice', 'forgetDevice', 'hasRememberedDevice'];
    const missing = names.filter((n) => typeof client[n] !== 'function');
    client.setTotpIssuer('Module Portal'); // before this client's sign-in exists
    await client.configureAuth({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint });
    const custom = await client.signInCustom({ username: email, clientMetadata: { challenge: 'EMAIL_CODE' } });
    const codes = await (await fetch(`${cfg.endpoint}/__admin/codes?username=${encodeURIComponent(email)}`)).json();
    const done = await client.completeSignIn({ answer: codes.codes.find((c) => c.purpose === 'CUSTOM_CHALLENGE')?.code });
    const totp = await client.setUpTotp();
    const attrs = await client.getUserAttributes();
    const remembered = await client.hasRememberedDevice();
    const out = await client.signOut({ global: true });
    return { missing, custom: custom.name, done: done.kind, issuer: totp.issuer, uri: totp.uri.startsWith('otpauth://totp/Module%20Portal:'), email: attrs.attributes.email === email, remembered, out, session: client.getSession() };
  }, { cfg });
  check(flows.missing.length === 0, `flow methods missing on PortalClient: ${flows.missing.join(', ')}`);
  check(flows.custom === 'CUSTOM_CHALLENGE' && flows.done === 'signedIn', `signInCustom: ${flows.custom}, then ${flows.done}`);
  check(flows.issuer === 'Module Portal' && flows.uri, `setUpTotp: issuer ${flows.issuer}, otpauth URI ${flows.uri}`);
  check(flows.email && flows.remembered === false, `getUserAttributes ${flows.email}, hasRememberedDevice ${flows.remembered}`);
  check(flows.out.global === true && flows.out.revoked === true && flows.out.cleared === true && flows.session === null, `signOut({ global: true }): ${JSON.stringify(flows.out)}`);
  const loads = fetched.filter((p) => p.endsWith('_sign_in_bg.wasm')).length;
  check(loads === 1, `the sign-in .wasm was fetched ${loads} times (expected once)`);
} finally {
  await t.finish('sign-in module', 'loaded on first use, once; PortalApiError class shared; SRP sign-in; 401 -> refresh -> repeat; signOut; custom auth, TOTP setup, attributes, global sign-out');
}
