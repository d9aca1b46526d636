// A signed-in page of the npm package: a new page load whose first configureAuth finds a stored
// session restores it in the core (PortalClient.__restoreSession, src/js/session.rs) without
// downloading the sign-in module, and everything after that hands over to the module. In
// Chromium, pkg/ as published, against the Cognito emulator and its API mock:
//   * nothing stored: { session: null, source: 'none' }, no module; signIn (the password module)
//     then keeps the session where configureAuth said (localStorage);
//   * a fresh stored session: restored (getSession, onSessionChange 'restored'), the call carries
//     its token (validateToken 204), no module, no refresh;
//   * a stale one: one REFRESH_TOKEN_AUTH from the core, the stored form written back, no module;
//   * a refused refresh: the module decides (the session expires, its storage is cleared);
//   * a 401 after a restore: the module refreshes and the call is repeated;
//   * signOut after a restore: gone from storage at the call, revoked by the module;
//   * another tab's newer session (a refresh) is taken over by this tab's module, not overwritten;
//   * another tab's sign-out ends the restored session here ('signedOut'), without the module, and
//     another tab's sign-in reaches a tab the core answered (through the module: 'signedIn');
//   * options the core does not restore itself (a padded pool id, storage 'memory') go to the module.
//   node tests/e2e/restore.mjs   (env: COGNITO_URL, COGNITO_USER_PASSWORD, CHROMIUM)
import { packageTest } from './package-page.mjs';

const t = await packageTest();
const { cfg, admin, browser, check } = t;
const PASSWORD = t.password;
const KEY = t.key;
const refreshes = async () => (await t.actions())['InitiateAuth:REFRESH_TOKEN_AUTH'] ?? 0;

// A new page load in `context`; `loads()` counts the sign-in .wasm fetches.
async function open(context) {
  const { page, fetched } = await t.open(context);
  return { page, loads: () => fetched('_sign_in_bg.wasm') };
}

const options = (storage = 'localStorage') => ({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint, storage });
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);
const setStored = (page, value) => page.evaluate(([key, v]) => localStorage.setItem(key, JSON.stringify(v)), [KEY, value]);
const configure = (page, storage) => page.evaluate((o) => window.client.configureAuth(o), options(storage));
const validate = (page) => page.evaluate(() => window.client.validateToken().then((r) => r.status, (e) => `${e.code} ${e.status}`));

try {
  const context = await browser.newContext();

  let kept;
  // Nothing stored: the core answers; signIn keeps the session in localStorage.
  {
    const { page, loads } = await open(context);
    const r = await configure(page);
    check(r.session === null && r.source === 'none' && r.storage === 'localStorage' && !('key' in r), `configureAuth with nothing stored: ${JSON.stringify(r)}`);
    check(loads() === 0, 'configureAuth with nothing stored loaded the sign-in module');
    const ok = await page.evaluate(([email, p]) => window.client.signIn({ email, password: p }).then((r) => r.kind), [cfg.email, PASSWORD]);
    // (signIn is the password module's here: tests/e2e/password-module.mjs.)
    check(ok === 'signedIn' && loads() === 0, `signIn after the core's configureAuth: ${ok}, sign-in module loads ${loads()}`);
    const s = await stored(page);
    check(s && s.v === 2 && typeof s.accessToken === 'string' && s.userPoolId === cfg.userPoolId, `the session was not kept in localStorage under ${KEY}`);
    check((await validate(page)) === 204, 'validateToken after signIn');
    kept = s;
    await page.close();
  }

  // A fresh stored session: restored by the core, no module, no refresh.
  const before = await refreshes();
  {
    const { page, loads } = await open(context);
    const r = await configure(page);
    const session = await page.evaluate(() => window.client.getSession());
    check(r.source === 'restored' && r.storage === 'localStorage' && r.session && !('key' in r), `restore: ${JSON.stringify({ source: r.source, storage: r.storage })}`);
    check(session && session.username === kept.username && session.email === cfg.email && typeof session.claims.sub === 'string' && session.expiresAt === kept.expiresAt,
      `getSession after the core's restore: ${JSON.stringify(session && { username: session.username, email: session.email, expiresAt: session.expiresAt })}`);
    check(JSON.stringify(r.session) === JSON.stringify(session), 'configureAuth and getSession give different sessions');
    check(!JSON.stringify(session).includes(kept.accessToken), 'the session object shows the access token');
    check((await page.evaluate(() => window.changes)).join() === 'restored', `session changes: ${await page.evaluate(() => window.changes.join())}`);
    check((await validate(page)) === 204, 'validateToken with the restored session');
    check(loads() === 0, 'the restore loaded the sign-in module');
    check((await refreshes()) === before, 'a fresh session was refreshed');
    // The same options again (a component configuring on every render): answered without the module.
    const again = await configure(page);
    check(again.source === 'current' && JSON.stringify(again.session) === JSON.stringify(session) && again.storage === 'localStorage' && loads() === 0,
      `configureAuth again with the same options: ${again.source}, module loads ${loads()}`);
    const token = await page.evaluate(() => window.client.getAccessToken());
    check(token === kept.accessToken && loads() === 0, `getAccessToken of the restored session: ${token === kept.accessToken ? 'its token' : 'another'}, module loads ${loads()}`);
    // Other options: the module's.
    const other = await page.evaluate((o) => window.client.configureAuth(o), { ...options(), refreshMarginSeconds: 30 });
    check(other.source === 'current' && other.session && other.session.username === kept.username && loads() === 1, `configureAuth with other options: ${other.source}, module loads ${loads()}`);
    await page.close();
  }

  // A stale one: refreshed once by the core and written back.
  {
    const { page, loads } = await open(context);
    await setStored(page, { ...kept, expiresAt: Date.now() - 1000 });
    const r = await configure(page);
    const now = await stored(page);
    check(r.source === 'restored' && r.session.expiresAt > Date.now(), `restore of a stale session: ${r.source}, expiresAt ${r.session && r.session.expiresAt}`);
    check((await refreshes()) === before + 1, `refreshes for a stale session: ${(await refreshes()) - before}`);
    check(now.accessToken !== kept.accessToken && now.expiresAt === r.session.expiresAt && now.refreshToken === kept.refreshToken && now.username === kept.username,
      'the refreshed session was not written back as the stored form');
    check((await validate(page)) === 204 && loads() === 0, `validateToken after the core's refresh; module loads ${loads()}`);
    await page.close();
  }

  // A refused refresh: the module decides; the session expires and its storage is cleared.
  {
    const { page, loads } = await open(context);
    const current = await stored(page);
    await setStored(page, { ...current, expiresAt: Date.now() - 1000 });
    await admin('fault', { match: 'InitiateAuth:REFRESH_TOKEN_AUTH', status: 400, type: 'NotAuthorizedException', message: 'Refresh Token has been revoked', times: 2 });
    const r = await configure(page);
    await admin('faults/clear', {});
    check(r.source === 'expired' && r.session === null && loads() === 1, `a refused refresh: ${JSON.stringify(r)}, module loads ${loads()}`);
    check((await stored(page)) === null, 'the refused session is still stored');
    await setStored(page, current); // (its refresh token still works: for the next cases)
    await page.close();
  }

  // A 401 after a restore: the module refreshes, the call is repeated.
  {
    const { page, loads } = await open(context);
    const r = await configure(page);
    await admin('reject-seen', { sub: r.session.claims.sub });
    check((await validate(page)) === 204 && loads() === 1, `validateToken after a 401 on the restored session; module loads ${loads()}`);
    check((await page.evaluate(() => window.changes)).includes('refreshed'), `no refresh announced: ${await page.evaluate(() => window.changes.join())}`);
    await page.close();
  }

  // A pool id with white space around it: the module's (which trims it), and it restores the same session.
  {
    const { page, loads } = await open(context);
    const r = await page.evaluate((o) => window.client.configureAuth(o), { ...options(), userPoolId: ` ${cfg.userPoolId}\t` });
    check(r.source === 'restored' && loads() === 1, `configureAuth with a padded pool id: ${r.source}, module loads ${loads()}`);
    await page.close();
  }

  // Another tab's newer session (its refresh): this tab's module takes it over, not overwrites it.
  {
    const { page: a, loads } = await open(context);
    await configure(a);
    const { page: b } = await open(context);
    await configure(b);
    await b.evaluate(() => window.client.refreshSession());
    const newer = await stored(b);
    await a.waitForFunction((t) => window.client.getSession()?.expiresAt === t, newer.expiresAt, { timeout: 10000 }).catch(() => {});
    const [kept, session] = [await stored(a), await a.evaluate(() => window.client.getSession())];
    check(loads() === 1 && kept.accessToken === newer.accessToken && session && session.expiresAt === newer.expiresAt,
      `another tab's refresh: module loads ${loads()}, stored ${kept.accessToken === newer.accessToken ? 'newer' : 'older'}, session expiresAt ${session && session.expiresAt} vs ${newer.expiresAt}`);
    check((await validate(a)) === 204, 'validateToken after taking over another tab\'s session');
    await a.close();
    await b.close();
  }

  // bearer 'idToken': the core sends the ID token while it is fresh, then the module does (refreshed).
  {
    const { page, loads } = await open(context);
    const current = await stored(page);
    await setStored(page, { ...current, expiresAt: Date.now() + 62500 }); // fresh for 2.5 s under the 60 s margin
    const r = await page.evaluate((o) => window.client.configureAuth(o), { ...options(), bearer: 'idToken' });
    const sent = [];
    page.on('request', (q) => { if (q.url().endsWith('/v2/portal/contact')) sent.push(q.headers().authorization); });
    const contact = () => page.evaluate(() => window.client.getContact().then(() => null, () => null));
    await contact();
    const before = loads();
    await page.waitForTimeout(3000);
    await contact();
    const now = await stored(page);
    check(r.source === 'restored' && sent.length === 2 && sent[0] === `Bearer ${current.idToken}` && before === 0 && loads() === 1 && sent[1] === `Bearer ${now.idToken}` && now.accessToken !== current.accessToken,
      `bearer idToken: ${sent.length} calls, first ${sent[0] === `Bearer ${current.idToken}` ? 'the ID token' : 'another'}, after the fresh window ${sent[1] === `Bearer ${now.idToken}` ? 'the (refreshed) ID token' : 'another'}, module loads ${before} then ${loads()}`);
    await page.close();
  }

  // signOut after a restore: gone from storage at the call, then revoked by the module.
  {
    const { page } = await open(context);
    await configure(page);
    const out = await page.evaluate((key) => {
      const p = window.client.signOut();
      const atCall = { stored: localStorage.getItem(key) !== null, session: window.client.getSession() };
      return p.then((o) => ({ atCall, o, session: window.client.getSession() }));
    }, KEY);
    check(!out.atCall.stored && out.atCall.session === null, `signOut at the call: ${JSON.stringify(out.atCall)}`);
    check(out.o.revoked === true && out.session === null, `signOut after a restore: ${JSON.stringify(out.o)}`);
    await page.close();
  }

  // Another tab's sign-out ends the restored session here, without the module.
  {
    const { page: signer } = await open(context);
    await signer.evaluate(([o, email, p]) => window.client.configureAuth(o).then(() => window.client.signIn({ email, password: p })), [options(), cfg.email, PASSWORD]);
    const { page: a, loads } = await open(context);
    const r = await configure(a);
    check(r.source === 'restored', `the second tab's restore: ${r.source}`);
    await signer.evaluate(() => window.client.signOut());
    await a.waitForFunction(() => window.changes.includes('signedOut'), null, { timeout: 10000 }).catch(() => {});
    const after = await a.evaluate(() => ({ changes: window.changes, session: window.client.getSession() }));
    check(after.changes.join() === 'restored,signedOut' && after.session === null, `after another tab's sign-out: ${JSON.stringify(after)}`);
    const status = await validate(a);
    check(status !== 204 && loads() === 0, `a call after another tab's sign-out: ${status}, module loads ${loads()}`);
    // Still watching: the other tab's next sign-in reaches this tab (through the module).
    await signer.evaluate(([email, p]) => window.client.signIn({ email, password: p }), [cfg.email, PASSWORD]);
    await a.waitForFunction(() => window.changes.includes('signedIn'), null, { timeout: 10000 }).catch(() => {});
    const again = await a.evaluate(() => ({ changes: window.changes, session: window.client.getSession() }));
    check(again.changes.join() === 'restored,signedOut,signedIn' && again.session && again.session.username && loads() === 1 && (await validate(a)) === 204,
      `another tab's sign-in after its sign-out: ${JSON.stringify({ changes: again.changes, session: !!again.session })}, module loads ${loads()}`);
    await signer.evaluate(() => window.client.signOut());
    await a.close();
    await signer.close();
  }

  // Nothing stored here, then another tab signs in: this tab takes the session (as the module would).
  {
    const { page: a, loads } = await open(context);
    const r = await configure(a);
    check(r.source === 'none' && loads() === 0, `configureAuth with nothing stored: ${r.source}, module loads ${loads()}`);
    const { page: signer } = await open(context);
    await signer.evaluate(([o, email, p]) => window.client.configureAuth(o).then(() => window.client.signIn({ email, password: p })), [options(), cfg.email, PASSWORD]);
    await a.waitForFunction(() => window.changes.includes('signedIn'), null, { timeout: 10000 }).catch(() => {});
    const after = await a.evaluate(() => ({ changes: window.changes, session: window.client.getSession() }));
    check(after.changes.join() === 'signedIn' && after.session && loads() === 1 && (await validate(a)) === 204,
      `another tab's sign-in reached a signed-out tab: ${JSON.stringify({ changes: after.changes, session: !!after.session })}, module loads ${loads()}`);
    await signer.evaluate(() => window.client.signOut());
    await a.close();
    await signer.close();
  }

  // Options the core does not restore itself go to the module.
  {
    const { page, loads } = await open(context);
    const r = await configure(page, 'memory');
    check(r.source === 'none' && r.storage === 'memory' && loads() === 1, `configureAuth({ storage: 'memory' }): ${JSON.stringify(r)}, module loads ${loads()}`);
    await page.close();
  }
  await context.close();
} finally {
  await t.finish('restore', "the core restores and refreshes a stored session without the sign-in module; signIn, 401, signOut and a refused refresh hand over to it; another tab's sign-out");
}
