// End-to-end walk of the demo portal's other ways in (built www, Debian's Chromium, playwright-core),
// against the Cognito emulator: single sign-on through the emulator's identity provider page,
// authenticator-app (TOTP) enrolment during sign-in, the account's security card (change password,
// sign out on all devices), and a one-time code by email when the portal config enables it.
// Screenshots go to SCREENSHOT_DIR (default artifacts/screenshots), prefixed `flows-`.
//
//   node tests/e2e/signin-flows.e2e.mjs --dist <www built with VITE_COGNITO_CONFIG_URL=$COGNITO_URL/__config>
// Env: COGNITO_URL (required), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { base32Decode, totp } from '../../scripts/cognito/totp.mjs';
import { assert, CHROMIUM, LAUNCH_ARGS, recorder, ROOT, runWalk, walk } from './harness.mjs';
import { serveStatic } from './serve.mjs';

const arg = (name) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : null; };
const DIST = path.resolve(arg('--dist') ?? path.join(ROOT, 'target/e2e/www'));
const COGNITO = process.env.COGNITO_URL;
const PASSWORD = 'Flows-Passw0rd!';
if (!COGNITO) { console.error('signin-flows.e2e: COGNITO_URL is not set'); process.exit(2); }

const emulator = async (p, body) => (await fetch(COGNITO + p, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {})).json();
const unique = (tag) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
let page;
let emulatorConfig = null;
const rec = recorder({ emulator: () => emulatorConfig });
const walked = walk({ page: () => page, name: 'flows', diagnostics: rec.diagnostics });
const { step } = walked;
const shot = (name) => walked.shot(`flows-${name}`);
const signedInAs = async () => (await page.locator('[data-testid="signed-in-as"]').innerText({ timeout: 20000 })).trim();
const code = (secret) => totp(base32Decode(secret), Math.floor(Date.now() / 1000));

emulatorConfig = await emulator('/__config');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
const server = await serveStatic({ root: DIST });
await runWalk(async () => {
  const fresh = async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    rec.attach(page);
    return context;
  };

  await step('single sign-on through the identity provider page ends signed in', async () => {
    await fresh();
    const email = unique('sso');
    await page.goto(`${server.url}/#/signin`);
    await page.locator('[data-testid="sso-continue"]').click({ timeout: 20000 });
    await page.waitForURL(/\/__idp\/authorize/, { timeout: 20000 });
    await page.fill('input[name="email"]', email);
    await shot('sso-provider');
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/dashboard/, { timeout: 30000 });
    assert((await signedInAs()) === email, `signed in as ${email}`);
    assert(!page.url().includes('code='), 'the code is gone from the address bar');
    await shot('sso-signed-in');
  });

  let enrolled;
  await step('authenticator enrolment (MFA_SETUP) during sign-in', async () => {
    const context = await fresh();
    const email = unique('enrol');
    await emulator('/__admin/users', { email, password: PASSWORD, status: 'CONFIRMED' });
    await emulator('/__admin/mfa', { username: email, required: true });
    await page.goto(`${server.url}/#/signin`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('#password-form button[type="submit"]');
    const secret = (await page.locator('[data-testid="totp-secret"]').innerText({ timeout: 20000 })).replace(/\s+/g, '');
    assert((await page.locator('[data-testid="totp-uri"]').getAttribute('href')).startsWith('otpauth://totp/'), 'an otpauth link');
    await shot('totp-enrol');
    await page.fill('#code', code(secret));
    await page.click('#code-form button[type="submit"]');
    await page.waitForURL(/#\/dashboard/, { timeout: 30000 });
    assert((await signedInAs()) === email, 'signed in after enrolment');
    enrolled = { context, email };
  });

  await step('account: change password, then sign out on all devices', async () => {
    await page.goto(`${server.url}/#/account`);
    await page.locator('[data-testid="account-security"]').waitFor({ timeout: 20000 });
    await page.fill('#old-password', PASSWORD);
    await page.fill('#new-password', 'short');
    await page.click('#change-password-form button[type="submit"]');
    await page.locator('#change-password-form .refusal').waitFor({ timeout: 10000 });
    await page.fill('#old-password', PASSWORD);
    await page.fill('#new-password', 'Changed-Passw0rd!');
    await page.click('#change-password-form button[type="submit"]');
    await page.locator('[data-testid="password-changed"]').waitFor({ timeout: 20000 });
    await shot('account-security');
    const before = (await emulator('/__stats')).flows.globalSignOuts;
    await page.click('[data-testid="sign-out-everywhere"]');
    await page.waitForURL(/#\/signin/, { timeout: 20000 });
    const notice = await page.locator('[data-testid="signin-notice"]').innerText({ timeout: 10000 });
    assert(/all your devices/.test(notice), `notice: ${notice}`);
    assert((await emulator('/__stats')).flows.globalSignOuts === before + 1, 'GlobalSignOut reached Cognito');
    await shot('signed-out-everywhere');
    await enrolled.context.close();
  });

  await step('one-time code by email, when the portal config enables passwordless login', async () => {
    await fresh();
    await page.goto(`${server.url}/#/signin`);
    await page.locator('[data-testid="about-portal"] [data-testid="portal-settings"]').waitFor({ timeout: 20000 });
    const offered = await page.locator('[data-testid="signin-code"]').count();
    const enabled = /Passwordless login: on/.test(await page.locator('[data-testid="features"]').innerText());
    assert(offered === (enabled ? 1 : 0), `the code sign-in is offered exactly when passwordless login is on (offered ${offered}, on ${enabled})`);
    if (!enabled) return;
    const email = unique('otp');
    await emulator('/__admin/users', { email, password: PASSWORD, status: 'CONFIRMED' });
    await page.fill('#otp-email', email);
    await page.click('#otp-form button[type="submit"]');
    await page.locator('#code-form').waitFor({ timeout: 20000 });
    const codes = await emulator(`/__admin/codes?username=${encodeURIComponent(email)}`);
    await page.fill('#code', codes.codes.find((c) => c.purpose === 'EMAIL_OTP').code);
    await page.click('#code-form button[type="submit"]');
    await page.waitForURL(/#\/dashboard/, { timeout: 30000 });
    await shot('code-signed-in');
  });
  console.log(`\nall ${walked.steps} sign-in flow e2e steps passed`);
}, async () => {
  await server.close().catch(() => {});
  await browser.close().catch(() => {});
});
