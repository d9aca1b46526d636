#!/usr/bin/env node
// The emulator's newer flows (scripts/cognito/flows.mjs) against amazon-cognito-identity-js's
// own client, so that what the SDK's browser tests prove against the emulator is what Cognito's
// reference client does: ConfirmDevice with the library's device verifier, a remembered device
// signing in with the library's DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER (no MFA code asked),
// MFA_SETUP enrolment and SOFTWARE_TOKEN_MFA with RFC 6238 codes, CUSTOM_AUTH with the SRP step
// first, and GlobalSignOut refusing the refresh token.
//
//   node tests/cognito/flows-check.mjs <endpoint>
import { createRequire } from 'node:module';
import { base32Decode, totp } from '../../scripts/cognito/totp.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');

const endpoint = process.argv[2] ?? process.env.COGNITO_URL ?? 'http://127.0.0.1:4030';
const get = async (path) => (await fetch(`${endpoint}${path}`)).json();
const post = async (path, body) => (await fetch(`${endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const config = await get('/__config');
const PASSWORD = 'Flows-Passw0rd!';

/** A storage per "browser", so the library keeps device keys between sign-ins. */
class MemoryStorage {
  constructor() { this.m = new Map(); }
  setItem(k, v) { this.m.set(k, String(v)); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  removeItem(k) { this.m.delete(k); }
  clear() { this.m.clear(); }
}
const code = (secret) => totp(base32Decode(secret), Math.floor(Date.now() / 1000));

let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed++;
};

async function newUser(tag) {
  const email = `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await post('/__admin/users', { email, password: PASSWORD, status: 'CONFIRMED' });
  return email;
}

/** Signs in; `on` answers the library's callbacks (`totpRequired`, `mfaSetup`, `customChallenge`). */
function signIn(pool, email, { flow = 'USER_SRP_AUTH', on = {}, metadata } = {}) {
  const user = new CognitoUser({ Username: email, Pool: pool, Storage: pool.storage });
  user.setAuthenticationFlowType(flow);
  const seen = [];
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session) => resolve({ user, session, seen }),
      onFailure: (e) => reject(Object.assign(e, { seen })),
      totpRequired: (...a) => { seen.push('totpRequired'); on.totpRequired ? on.totpRequired(user, callbacks, ...a) : reject(new Error('unexpected TOTP')); },
      mfaSetup: (...a) => { seen.push('mfaSetup'); on.mfaSetup ? on.mfaSetup(user, callbacks, ...a) : reject(new Error('unexpected MFA_SETUP')); },
      customChallenge: (p) => { seen.push('customChallenge'); on.customChallenge ? on.customChallenge(user, callbacks, p) : reject(new Error('unexpected CUSTOM_CHALLENGE')); },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: PASSWORD, ClientMetadata: metadata }), callbacks);
  });
}
const cb = (fn) => new Promise((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));
const poolFor = () => {
  const storage = new MemoryStorage();
  const pool = new CognitoUserPool({ UserPoolId: config.userPoolId, ClientId: config.clientId, endpoint, Storage: storage });
  pool.storage = storage;
  return pool;
};

// --- a remembered device skips the TOTP step ---------------------------------------------
{
  const pool = poolFor();
  const email = await newUser('device');
  const first = await signIn(pool, email); // the library confirms the NewDeviceMetadata device
  let devices = (await get(`/__admin/devices?username=${encodeURIComponent(email)}`)).devices;
  check(devices.length === 1 && devices[0].confirmed, 'ConfirmDevice took the library\'s device verifier');
  await cb((f) => first.user.setDeviceStatusRemembered({ onSuccess: (r) => f(null, r), onFailure: f }));
  const secret = await new Promise((resolve, reject) => first.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
  await new Promise((resolve, reject) => first.user.verifySoftwareToken(code(secret), 'phone', { onSuccess: resolve, onFailure: reject }));
  await cb((f) => first.user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, f));
  const before = await get('/__stats');
  const again = await signIn(pool, email);
  const after = await get('/__stats');
  check(again.session.isValid() && !again.seen.includes('totpRequired') && after.flows.deviceSrp.verified === before.flows.deviceSrp.verified + 1,
    'a remembered device signs in with the library\'s device SRP, without a TOTP code');
  await cb((f) => again.user.forgetDevice({ onSuccess: (r) => f(null, r), onFailure: f }));
  const fresh = poolFor();
  const withCode = await signIn(fresh, email, { on: { totpRequired: (u, c) => u.sendMFACode(code(secret), c, 'SOFTWARE_TOKEN_MFA') } });
  check(withCode.seen.includes('totpRequired') && withCode.session.isValid(), 'after ForgetDevice the TOTP code is asked again (and accepted)');
  const wrong = await signIn(poolFor(), email, { on: { totpRequired: (u, c) => u.sendMFACode('000000' === code(secret) ? '111111' : '000000', c, 'SOFTWARE_TOKEN_MFA') } }).then(() => null, (e) => e);
  check(wrong?.code === 'CodeMismatchException', `a wrong TOTP code is refused (${wrong?.code})`);
  // GlobalSignOut: the refresh token is refused afterwards.
  await cb((f) => withCode.user.globalSignOut({ onSuccess: (r) => f(null, r), onFailure: f }));
  const refused = await cb((f) => withCode.user.refreshSession(withCode.session.getRefreshToken(), f)).then(() => null, (e) => e);
  check(refused?.code === 'NotAuthorizedException', `after GlobalSignOut the refresh token is refused (${refused?.code})`);
}

// --- MFA_SETUP enrolment ------------------------------------------------------------------
{
  const email = await newUser('enrol');
  await post('/__admin/mfa', { username: email, required: true });
  const enrolled = await signIn(poolFor(), email, {
    on: {
      mfaSetup: (u, c) => u.associateSoftwareToken({
        associateSecretCode: (secret) => u.verifySoftwareToken(code(secret), 'phone', c),
        onFailure: c.onFailure,
      }),
    },
  });
  check(enrolled.seen.includes('mfaSetup') && enrolled.session.isValid(), 'MFA_SETUP: AssociateSoftwareToken + VerifySoftwareToken with the Session, then signed in');
}

// --- CUSTOM_AUTH with the SRP step first --------------------------------------------------
{
  const email = await newUser('custom');
  const answered = await signIn(poolFor(), email, {
    flow: 'CUSTOM_AUTH',
    metadata: { challenge: 'EMAIL_CODE' },
    on: {
      customChallenge: async (u, c, params) => {
        const codes = (await get(`/__admin/codes?username=${encodeURIComponent(email)}`)).codes;
        if (params.challenge !== 'EMAIL_CODE') return c.onFailure(new Error(`challenge ${params.challenge}`));
        u.sendCustomChallengeAnswer(codes.find((x) => x.purpose === 'CUSTOM_CHALLENGE').code, c, { challenge: 'EMAIL_CODE' });
      },
    },
  });
  check(answered.session.isValid(), 'CUSTOM_AUTH: SRP step (the library\'s), then CUSTOM_CHALLENGE answered');
  let tries = 0;
  const failedAuth = await signIn(poolFor(), email, {
    flow: 'CUSTOM_AUTH',
    metadata: { challenge: 'EMAIL_CODE' },
    on: { customChallenge: (u, c) => { tries++; u.sendCustomChallengeAnswer('nope', c); } },
  }).then(() => null, (e) => e);
  check(failedAuth?.code === 'NotAuthorizedException' && tries === 3, `three wrong custom answers fail the sign-in (${failedAuth?.code} after ${tries})`);
}

if (failed) {
  console.error(`${failed} flow check(s) failed`);
  process.exit(1);
}
console.log('the emulator\'s flows agree with amazon-cognito-identity-js');
