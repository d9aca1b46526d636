// A portal's sign-in page with the npm package: configureAuth (answered by the core) and signIn
// with email and password go to the small password module (password/, src/cognito/password.rs),
// not the sign-in module, which is loaded only for what comes after. In Chromium, pkg/ as
// published, against the Cognito emulator and its API mock:
//   * signIn: the password module once, no sign-in module; the session kept in localStorage and
//     held by the core (getSession, getAccessToken, 'signedIn', the call carries the token);
//   * then rememberDevice: the sign-in module, which took the session over with Cognito's answer
//     (the device it tracked); the next sign-in of that login (a remembered device) is the
//     sign-in module's (DEVICE_SRP_AUTH): the password module sees the device and sends nothing;
//   * a wrong password: the sign-in module's error, word for word, a PortalApiError;
//   * a challenge (NEW_PASSWORD_REQUIRED): handed to the sign-in module, completeSignIn finishes it;
//   * signOut while the password module signs in: ABORTED, nothing stored;
//   * USER_PASSWORD_AUTH configured: the password module sends the password, and keeps the session.
//   node tests/e2e/password-module.mjs   (env: COGNITO_URL, COGNITO_USER_PASSWORD, CHROMIUM)
import { packageTest } from './package-page.mjs';

const t = await packageTest();
const { cfg, admin, actions, browser, check } = t;
const PASSWORD = t.password;
const KEY = t.key;

// A new page in `context`, else in a fresh one; how often it fetched each module.
async function open(context) {
  context ??= await browser.newContext();
  const { page, fetched } = await t.open(context);
  return { context, page, password: () => fetched('_password_bg.wasm'), module: () => fetched('_sign_in_bg.wasm') };
}

const options = (extra = {}) => ({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint, storage: 'localStorage', ...extra });
const configure = (page, extra) => page.evaluate((o) => window.client.configureAuth(o), options(extra));
const signIn = (page, email, password) => page.evaluate(([e, p]) => window.client.signIn({ email: e, password: p }).then(
  (r) => ({ kind: r.kind, name: r.name, username: r.session?.username }),
  (e) => ({ error: e instanceof window.m.PortalApiError, code: e.code, message: e.message, operation: e.operation }),
), [email, password]);
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);
const validate = (page) => page.evaluate(() => window.client.validateToken().then((r) => r.status, (e) => `${e.code} ${e.status}`));

try {
  // The sign-in page: the password module, not the sign-in module.
  {
    const { context, page, password, module } = await open();
    await configure(page);
    const r = await signIn(page, cfg.email, PASSWORD);
    check(r.kind === 'signedIn' && r.username, `signIn on the sign-in page: ${JSON.stringify(r)}`);
    check(password() === 1 && module() === 0, `signIn fetched the password module ${password()} times, the sign-in module ${module()} times`);
    const s = await stored(page);
    check(s && s.v === 2 && s.userPoolId === cfg.userPoolId && typeof s.refreshToken === 'string', 'the session was not kept in localStorage');
    const seen = await page.evaluate(async () => ({
      session: window.client.getSession(),
      token: await window.client.getAccessToken(),
      changes: window.changes.join(','),
    }));
    check(seen.session?.username === r.username && seen.session.expiresAt > Date.now() && seen.session.claims?.email === cfg.email, `getSession after the password sign-in: ${JSON.stringify(seen.session)}`);
    check(seen.token === s.accessToken, 'getAccessToken is not the stored access token');
    check(seen.changes === 'signedIn', `onSessionChange: ${seen.changes}`);
    check((await validate(page)) === 204, 'the call after the password sign-in did not carry the token');
    check(module() === 0, 'the sign-in module was loaded by getSession, getAccessToken or a call');

    // rememberDevice: the sign-in module, which took over the session and the device Cognito tracked.
    const remembered = await page.evaluate(async () => {
      await window.client.rememberDevice();
      return window.client.hasRememberedDevice();
    }).catch((e) => `${e.code} ${e.message}`);
    check(remembered === true && module() === 1, `rememberDevice after the password sign-in: ${remembered}, sign-in module loads ${module()}`);
    check((await validate(page)) === 204, 'the call after the hand-over did not carry the token');
    await page.evaluate(() => window.client.signOut());
    check((await stored(page)) === null, 'signOut left the session in localStorage');

    // The next sign-in of that login in this browser proves the device: the sign-in module's.
    const again = await open(context);
    await configure(again.page);
    const before = (await actions())['RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'] ?? 0;
    const r2 = await again.page.evaluate(([e, p]) => window.client.signIn({ email: e, password: p }).then((r) => r.kind, (e) => e.message), [cfg.email, PASSWORD]);
    const proved = ((await actions())['RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'] ?? 0) - before;
    check(r2 === 'signedIn' && proved === 1, `a sign-in with a remembered device: ${r2}, device proofs ${proved}`);
    // (The password module is fetched to see the device, and sends nothing.)
    check(again.password() === 1 && again.module() === 1, `a sign-in with a remembered device fetched the password module ${again.password()} times, the sign-in module ${again.module()} times`);
    await again.page.evaluate(async () => { await window.client.forgetDevice(); await window.client.signOut(); });
    await context.close();
  }

  // A wrong password: the error the sign-in module gives, from the password module.
  {
    const { context, page, password, module } = await open();
    await configure(page);
    const ours = await signIn(page, cfg.email, 'Wrong-Passw0rd!');
    check(password() === 1 && module() === 0, `a wrong password loaded the sign-in module (${module()})`);
    check((await stored(page)) === null, 'a wrong password stored something');
    const viaModule = await open();
    await configure(viaModule.page, { storage: 'memory' }); // (memory: not the password module's)
    const theirs = await signIn(viaModule.page, cfg.email, 'Wrong-Passw0rd!');
    check(viaModule.module() === 1 && viaModule.password() === 0, 'memory storage did not go to the sign-in module');
    check(ours.error === true && ours.code && JSON.stringify(ours) === JSON.stringify(theirs), `a wrong password: ${JSON.stringify(ours)} vs the sign-in module's ${JSON.stringify(theirs)}`);
    await viaModule.context.close();
    await context.close();
  }

  // A challenge: handed to the sign-in module, which finishes it.
  {
    const email = `new-password-${Date.now()}@example.com`;
    await admin('users', { email, password: 'Temp-Passw0rd!1', status: 'FORCE_CHANGE_PASSWORD' });
    const { context, page, password, module } = await open();
    await configure(page);
    const r = await signIn(page, email, 'Temp-Passw0rd!1');
    check(r.kind === 'challenge' && r.name === 'NEW_PASSWORD_REQUIRED', `a user who must change the password: ${JSON.stringify(r)}`);
    check(password() === 1 && module() === 1, `the challenge: password module ${password()}, sign-in module ${module()}`);
    const done = await page.evaluate(() => window.client.completeSignIn({ newPassword: 'Fresh-Passw0rd!2' }).then((r) => r.kind, (e) => e.message));
    check(done === 'signedIn' && (await stored(page))?.v === 2, `completeSignIn after the hand-over: ${done}`);
    check((await validate(page)) === 204, 'the call after the completed challenge');
    await context.close();
  }

  // signOut while the password module signs in: the sign-in is cancelled.
  {
    const { context, page } = await open();
    await configure(page);
    await admin('fault', { match: 'RespondToAuthChallenge:PASSWORD_VERIFIER', delayMs: 700 });
    const r = await page.evaluate(async ([e, p]) => {
      const signing = window.client.signIn({ email: e, password: p }).then((r) => r.kind, (e) => e.code);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await window.client.signOut();
      return { result: await signing, session: window.client.getSession() };
    }, [cfg.email, PASSWORD]);
    check(r.result === 'ABORTED' && r.session === null, `signOut during the password sign-in: ${JSON.stringify(r)}`);
    check((await stored(page)) === null, 'a cancelled sign-in stored its session');
    await context.close();
  }

  // USER_PASSWORD_AUTH: the password module sends the password and keeps the session.
  {
    const { context, page, password, module } = await open();
    await configure(page, { authFlow: 'USER_PASSWORD_AUTH' });
    const before = (await actions())['InitiateAuth:USER_PASSWORD_AUTH'] ?? 0;
    const r = await signIn(page, cfg.email, PASSWORD);
    const sent = ((await actions())['InitiateAuth:USER_PASSWORD_AUTH'] ?? 0) - before;
    check(r.kind === 'signedIn' && sent === 1 && password() === 1 && module() === 0, `USER_PASSWORD_AUTH: ${JSON.stringify(r)}, sent ${sent}, modules ${password()}/${module()}`);
    check((await validate(page)) === 204, 'the call after USER_PASSWORD_AUTH');
    await context.close();
  }
} finally {
  await t.finish('password module', 'the sign-in page signs in without the sign-in module; hand-over of the session, a device, a challenge; errors as the module words them; signOut cancels; USER_PASSWORD_AUTH');
}
