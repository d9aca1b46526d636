#!/usr/bin/env node
// Local Cognito for sign-in tests and the demo: cognito-local (npm) with a user pool, an app
// client (no secret) and a confirmed user, behind a small front that
//
//  * answers USER_SRP_AUTH / PASSWORD_VERIFIER as Cognito does, verifying the client's SRP-6a
//    proof for real (server side: B = k·v + g^b, S = (A·v^u)^b; cognito-local has no SRP), then
//    gets the tokens from cognito-local; USER_ID_FOR_SRP is the user's `sub`, as on AWS; with the
//    other sign-in flows (USER_AUTH, CUSTOM_AUTH, MFA, devices, GlobalSignOut, SSO) in ./cognito/;
//  * passes every other action through (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, ForgotPassword, ...);
//  * counts what it saw (GET /__stats), e.g. refreshes per user.
//
// and a mock of the few Customer Portal API routes sign-in touches (on --api-port):
//   GET  /v3/portal/public/portal/config   cognito_details of the local pool (getPublicPortalConfigV3)
//   POST /v2/portal/token/validate         204 for a valid cognito-local access token, else 401
//   POST /v2/portal/token/revoke           records the refresh token's revocation, revokes it in Cognito
//   POST /v2/portal/public/sso/callback, /sso/redirect   see scripts/cognito/sso.mjs
//   POST /v3/portal/public/user            createUserV3: an UNCONFIRMED user (SignUp)
//   GET  /v2/portal/user/confirm           confirmUser with the token from /__admin/confirmation-token
// test controls (both ports): GET /__stats, GET /__config, POST /__admin/users {email,password,status},
//   POST /__admin/reject-seen {sub} (tokens seen so far for sub now get 401), GET /__admin/confirmation-token?email=,
//   POST /__admin/fault {match, status?, type?, message?, delayMs?, times?}: the next `times` (default 1)
//     requests matching `match` (a Cognito action as counted in /__stats, e.g. `InitiateAuth:REFRESH_TOKEN_AUTH`,
//     or an API route, e.g. `POST /v2/portal/token/revoke`) wait delayMs, then get `status` with a Cognito
//     error of `type` (no status: passed through after the wait); POST /__admin/faults/clear removes them all,
//   POST /__admin/clock {offsetMs}: the server's clock is offsetMs off (tokens issued from now on carry
//     iat/exp on that clock, re-signed; the mock API checks expiry on it too); {offsetMs: 0} resets it
//
// Usage: node scripts/cognito-local.mjs [--port 4030] [--api-port 4031] [--data-dir DIR]
//                                        [--email demo@example.com] [--password Demo-Passw0rd!]
// Prints one line `cognito-local ready {"endpoint":...,"apiUrl":...,"userPoolId":...,"clientId":...,"orgId":...,"portalId":...,"email":...}`
// (the same JSON as GET /__config). The user's password is --password / $COGNITO_USER_PASSWORD
// (default Demo-Passw0rd!); it is never printed.
// Data lives in a fresh temp dir (removed on exit) unless --data-dir is given (then pool, client and
// user are reused: idempotent). Nothing is written to the working directory.
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as signSig, verify as verifySig } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { freePort } from './free-port.mjs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFlows } from './cognito/flows.mjs';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------- options ------------------------------------------------------------------------------
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const PORT = Number(opt('port', process.env.COGNITO_PORT ?? 4030));
const API_PORT = Number(opt('api-port', process.env.COGNITO_API_PORT ?? PORT + 1));
const EMAIL = opt('email', process.env.COGNITO_USER_EMAIL ?? 'demo@example.com');
const PASSWORD = opt('password', process.env.COGNITO_USER_PASSWORD ?? 'Demo-Passw0rd!');
const POOL_NAME = 'epilot-portal-local';
const CLIENT_NAME = 'epilot-portal-web';
const ORG_ID = 'local-org';
const PORTAL_ID = 'local-portal';
const givenDataDir = opt('data-dir', null);
const dataDir = givenDataDir ? resolve(givenDataDir) : mkdtempSync(join(tmpdir(), 'cognito-local-'));
mkdirSync(dataDir, { recursive: true });

const log = (...m) => console.error('[cognito-local]', ...m);

// ---------- cognito-local child ------------------------------------------------------------------

const innerPort = await freePort();
const INNER = `http://127.0.0.1:${innerPort}`;
const child = spawn(process.execPath, [join(root, 'node_modules/cognito-local/lib/bin/start.js')], {
  cwd: dataDir,
  env: { ...process.env, PORT: String(innerPort), HOST: '127.0.0.1', DEBUG: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let childOut = '';
const onChildData = (d) => {
  // cognito-local logs request details (codes, attributes): keep them out of our output.
  childOut = (childOut + d.toString()).slice(-4000);
};
child.stdout.on('data', onChildData);
child.stderr.on('data', onChildData);
let stopping = false;
child.on('exit', (code) => {
  if (!stopping) {
    log(`cognito-local exited (code ${code}); its last output:\n${childOut}`);
    process.exit(1);
  }
});

function cleanup() {
  stopping = true;
  try { child.kill('SIGTERM'); } catch { /* gone */ }
  if (!givenDataDir) rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGTERM', () => { cleanup(); process.exit(0); });
process.on('SIGINT', () => { cleanup(); process.exit(0); });
process.on('exit', () => { if (!stopping) cleanup(); });

async function inner(action, body) {
  const r = await fetch(INNER, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try { json = text ? JSON.parse(text) : {}; } catch { json = { message: text }; }
  return { status: r.status, json };
}

async function must(action, body) {
  const r = await inner(action, body);
  if (r.status >= 300) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

const deadline = Date.now() + 60_000;
for (;;) {
  try {
    await inner('ListUserPools', { MaxResults: 1 });
    break;
  } catch {
    if (Date.now() > deadline) throw new Error(`cognito-local did not start; output:\n${childOut}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

// ---------- pool, client, user (idempotent) ------------------------------------------------------
const pools = (await must('ListUserPools', { MaxResults: 60 })).UserPools ?? [];
let poolId = pools.find((p) => p.Name === POOL_NAME)?.Id;
if (!poolId) {
  poolId = (await must('CreateUserPool', { PoolName: POOL_NAME, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })).UserPool.Id;
}
const clients = (await must('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 })).UserPoolClients ?? [];
let clientId = clients.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
if (!clientId) {
  clientId = (await must('CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: CLIENT_NAME,
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_CUSTOM_AUTH'],
  })).UserPoolClient.ClientId;
}

async function createUser(email, password, status = 'CONFIRMED') {
  const existing = await inner('AdminGetUser', { UserPoolId: poolId, Username: email });
  if (existing.status < 300) return existing.json;
  if (status === 'UNCONFIRMED') {
    await must('SignUp', { ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
  } else {
    await must('AdminCreateUser', {
      UserPoolId: poolId,
      Username: email,
      TemporaryPassword: password,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    });
    if (status === 'CONFIRMED') {
      await must('AdminSetUserPassword', { UserPoolId: poolId, Username: email, Password: password, Permanent: true });
    }
  }
  return (await inner('AdminGetUser', { UserPoolId: poolId, Username: email })).json;
}
await createUser(EMAIL, PASSWORD);

// The stored user (with its password: cognito-local keeps it in clear; only this emulator reads it).
function storedUser(name) {
  const file = join(dataDir, '.cognito', 'db', `${poolId}.json`);
  if (!existsSync(file)) return null;
  const users = Object.values(JSON.parse(readFileSync(file, 'utf8')).Users ?? {});
  const attr = (u, n) => (u.Attributes ?? []).find((a) => a.Name === n)?.Value;
  return users.find((u) => u.Username === name || attr(u, 'sub') === name || attr(u, 'email') === name) ?? null;
}
const subOf = (u) => (u.Attributes ?? []).find((a) => a.Name === 'sub')?.Value ?? u.Username;

// ---------- stats ----------------------------------------------------------------------------------
const stats = {
  actions: {},
  srp: { verified: 0, rejected: 0 },
  refreshBySub: {},
  validate: { ok: 0, unauthorized: 0 },
  revoked: [],
  api: {}, // `${method} ${path}` -> requests to the mock API
};
let faults = [];

// A fault for `key`, if one is set (consumed).
async function fault(key) {
  const f = faults.find((x) => x.match === key && x.times > 0);
  if (!f) return null;
  f.times -= 1;
  if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
  return f.status ? cognitoError(f.type ?? 'InternalErrorException', f.message ?? 'injected fault', f.status) : null;
}
const count = (key) => { stats.actions[key] = (stats.actions[key] ?? 0) + 1; };
const sha = (s) => createHash('sha256').update(s).digest('hex');

function jwtPayload(token) {
  try {
    return JSON.parse(Buffer.from(String(token).split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

// cognito-local signs with this key: the mock API checks signatures with it.
const publicJwk = require('cognito-local/lib/keys/cognitoLocal.public.json').jwk;
const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
function validAccessToken(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  const ok = verifySig('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2], 'base64url'));
  const claims = jwtPayload(token);
  if (!ok || !claims || claims.token_use !== 'access' || !(claims.exp * 1000 > Date.now() + clockOffsetMs)) return null;
  return claims;
}

// A server clock that is off (POST /__admin/clock): tokens are re-signed with iat/exp/auth_time on it.
let clockOffsetMs = 0;
const privateKey = createPrivateKey({ key: require('cognito-local/lib/keys/cognitoLocal.private.json').jwk, format: 'jwk' });
function shiftToken(token) {
  const [header, payload] = String(token).split('.');
  const claims = jwtPayload(token);
  if (!claims) return token;
  const s = Math.round(clockOffsetMs / 1000);
  for (const k of ['iat', 'exp', 'auth_time']) if (typeof claims[k] === 'number') claims[k] += s;
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${signSig('RSA-SHA256', Buffer.from(body), privateKey).toString('base64url')}`;
}
function shiftResult(out) {
  const r = out?.json?.AuthenticationResult;
  if (clockOffsetMs && r) for (const k of ['AccessToken', 'IdToken']) if (r[k]) r[k] = shiftToken(r[k]);
  return out;
}

// ---------- sign-in flows (SRP, USER_AUTH, CUSTOM_AUTH, MFA, devices, GlobalSignOut, SSO) ----------
function cognitoError(type, message, status = 400) {
  return { status, json: { __type: type, message } };
}
const flows = createFlows({
  inner, storedUser, subOf, cognitoError, jwtPayload, validAccessToken, stats, createUser,
  poolId: () => poolId, clientId: () => clientId,
});

// ---------- HTTP plumbing -------------------------------------------------------------------------
// Cognito's endpoint answers browsers' preflights for what its own JS clients send:
// amazon-cognito-identity-js adds `Cache-Control: no-store`, Amplify `x-amz-user-agent`.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, accept, x-epilot-org-id',
  'access-control-expose-headers': 'x-amzn-errortype, x-amzn-requestid',
  'access-control-max-age': '600',
};

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { ...CORS, 'content-type': type });
  res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req) {
  return new Promise((res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => res(Buffer.concat(chunks).toString('utf8')));
  });
}

const config = () => ({
  endpoint: `http://127.0.0.1:${PORT}`,
  apiUrl: `http://127.0.0.1:${API_PORT}`,
  userPoolId: poolId,
  clientId,
  orgId: ORG_ID,
  portalId: PORTAL_ID,
  email: EMAIL,
});

const seenJtis = new Map(); // sub -> Set(jti)
const rejectedJtis = new Set();
const confirmationTokens = new Map(); // token -> email
const tokenForEmail = new Map();

async function admin(req, res, url) {
  if (url.pathname === '/__stats') return send(res, 200, stats), true;
  if (url.pathname === '/__config') return send(res, 200, config()), true;
  if (url.pathname.startsWith('/__admin/') && await flows.admin(req, res, url, send, readBody)) return true;
  if (url.pathname === '/__admin/users' && req.method === 'POST') {
    const { email, password, status } = JSON.parse((await readBody(req)) || '{}');
    try {
      const user = await createUser(email, password, status ?? 'CONFIRMED');
      const sub = (user.UserAttributes ?? []).find((a) => a.Name === 'sub')?.Value;
      send(res, 200, { username: user.Username, sub, status: user.UserStatus });
    } catch (e) {
      send(res, 400, { message: String(e.message) });
    }
    return true;
  }
  if (url.pathname === '/__admin/reject-seen' && req.method === 'POST') {
    const { sub } = JSON.parse((await readBody(req)) || '{}');
    for (const jti of seenJtis.get(sub) ?? []) rejectedJtis.add(jti);
    send(res, 200, { rejected: [...(seenJtis.get(sub) ?? [])].length });
    return true;
  }
  if (url.pathname === '/__admin/fault' && req.method === 'POST') {
    const f = JSON.parse((await readBody(req)) || '{}');
    faults.push({ match: String(f.match), status: f.status, type: f.type, message: f.message, delayMs: Number(f.delayMs ?? 0), times: Number(f.times ?? 1) });
    send(res, 200, { faults: faults.length });
    return true;
  }
  if (url.pathname === '/__admin/clock' && req.method === 'POST') {
    clockOffsetMs = Number(JSON.parse((await readBody(req)) || '{}').offsetMs ?? 0) || 0;
    send(res, 200, { offsetMs: clockOffsetMs });
    return true;
  }
  if (url.pathname === '/__admin/faults/clear' && req.method === 'POST') {
    faults = [];
    send(res, 200, { faults: 0 });
    return true;
  }
  if (url.pathname === '/__admin/confirmation-token') {
    const token = tokenForEmail.get(url.searchParams.get('email'));
    send(res, token ? 200 : 404, token ? { token } : { message: 'no registration for this email' });
    return true;
  }
  return false;
}

// ---------- the Cognito front ---------------------------------------------------------------------
const cognitoServer = http.createServer(async (req, res) => {
  try {
    if (req.method === 'OPTIONS') return send(res, 204);
    const url = new URL(req.url, 'http://x');
    if (await admin(req, res, url)) return;
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.split('.').pop();
    const text = await readBody(req);
    let body;
    try { body = JSON.parse(text || '{}'); } catch { return send(res, 400, { __type: 'SerializationException', message: 'bad JSON' }); }
    const key = action === 'InitiateAuth' ? `InitiateAuth:${body.AuthFlow}` : action === 'RespondToAuthChallenge' ? `RespondToAuthChallenge:${body.ChallengeName}` : action;
    count(key);
    let out = await fault(key);
    if (!out && ['InitiateAuth', 'RespondToAuthChallenge'].includes(action) && body.ClientId !== clientId) {
      out = cognitoError('ResourceNotFoundException', 'User pool client does not exist.');
    }
    out ??= (await flows.cognito(action, body)) ?? (await inner(action, body));
    out = shiftResult(out);
    flows.observe(out);
    // AWS answers a wrong password with NotAuthorizedException; cognito-local with InvalidPasswordException.
    if (action === 'InitiateAuth' && out.json?.__type === 'InvalidPasswordException') out = cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    if (action === 'InitiateAuth' && /^REFRESH_TOKEN/.test(body.AuthFlow ?? '') && out.status < 300) {
      const sub = jwtPayload(out.json?.AuthenticationResult?.AccessToken)?.sub ?? 'unknown';
      stats.refreshBySub[sub] = (stats.refreshBySub[sub] ?? 0) + 1;
    }
    res.writeHead(out.status, { ...CORS, 'content-type': 'application/x-amz-json-1.1', ...(out.status >= 300 && out.json?.__type ? { 'x-amzn-errortype': String(out.json.__type) } : {}) });
    res.end(JSON.stringify(out.json));
  } catch (e) {
    log('front error', e?.message);
    send(res, 500, { __type: 'InternalErrorException', message: 'emulator error' });
  }
});

// ---------- the mock Customer Portal API ----------------------------------------------------------
function bearer(req) {
  const h = String(req.headers.authorization ?? '');
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}
const unauthorized = (res) => send(res, 401, { message: 'Unauthorized' });

const apiServer = http.createServer(async (req, res) => {
  try {
    if (req.method === 'OPTIONS') return send(res, 204);
    const url = new URL(req.url, 'http://x');
    if (await admin(req, res, url)) return;
    const path = url.pathname;
    const route = `${req.method} ${path}`;
    stats.api[route] = (stats.api[route] ?? 0) + 1;
    const injected = await fault(route);
    if (injected) {
      await readBody(req);
      return send(res, injected.status, injected.json);
    }
    if (await flows.api(req, res, url, send, readBody)) return;
    if (req.method === 'GET' && path === '/v3/portal/public/portal/config') {
      if (url.searchParams.get('org_id') !== ORG_ID || url.searchParams.get('portal_id') !== PORTAL_ID) return send(res, 404, { message: 'portal not found' });
      return send(res, 200, {
        name: 'Local portal',
        org_id: ORG_ID,
        portal_id: PORTAL_ID,
        cognito_details: { cognito_user_pool_id: poolId, cognito_user_pool_client_id: clientId, password_policy: { minimum_length: 8 } },
        auth_settings: { entry_point: 'PASSWORD' },
      });
    }
    if (req.method === 'POST' && (path === '/v2/portal/token/validate' || path === '/v2/portal/token/revoke')) {
      const token = bearer(req);
      const claims = token && validAccessToken(token);
      if (claims) {
        if (!seenJtis.has(claims.sub)) seenJtis.set(claims.sub, new Set());
        seenJtis.get(claims.sub).add(claims.jti);
      }
      if (!claims || rejectedJtis.has(claims.jti) || flows.accessRevoked(token, claims)) {
        stats.validate.unauthorized++;
        await readBody(req);
        return unauthorized(res);
      }
      if (path.endsWith('/validate')) {
        stats.validate.ok++;
        await readBody(req);
        return send(res, 204);
      }
      const body = JSON.parse((await readBody(req)) || '{}');
      if (!body.refresh_token) return send(res, 400, { message: 'refresh_token is required' });
      stats.revoked.push({ sub: claims.sub, refreshTokenSha256: sha(body.refresh_token) });
      await inner('RevokeToken', { ClientId: clientId, Token: body.refresh_token });
      return send(res, 200, { message: 'Token revoked successfully' });
    }
    if (req.method === 'POST' && path === '/v3/portal/public/user') {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (url.searchParams.get('portal_id') !== PORTAL_ID || body.orgId !== ORG_ID) return send(res, 400, { message: 'unknown portal' });
      if (!body.email || !body.password) return send(res, 400, { message: 'email and password are required' });
      const exists = await inner('AdminGetUser', { UserPoolId: poolId, Username: body.email });
      if (exists.status < 300) return send(res, 400, { message: 'User already exists' });
      const r = await inner('SignUp', { ClientId: clientId, Username: body.email, Password: body.password, UserAttributes: [{ Name: 'email', Value: body.email }] });
      if (r.status >= 300) return send(res, 400, { message: r.json?.message ?? 'could not create the user' });
      const token = randomBytes(16).toString('hex');
      confirmationTokens.set(token, body.email);
      tokenForEmail.set(body.email, token);
      return send(res, 201, { message: 'User created successfully' });
    }
    if (req.method === 'GET' && path === '/v2/portal/user/confirm') {
      const email = confirmationTokens.get(url.searchParams.get('confirmation_link_token'));
      if (!email) return send(res, 400, { message: 'Invalid confirmation link' });
      const user = storedUser(email);
      if (user?.UserStatus === 'CONFIRMED') return send(res, 200, { confirmed: true, user_already_confirmed: true });
      await must('AdminConfirmSignUp', { UserPoolId: poolId, Username: email });
      return send(res, 200, { confirmed: true, user_already_confirmed: false });
    }
    send(res, 404, { message: `no mock for ${req.method} ${path}` });
  } catch (e) {
    log('api error', e?.message);
    send(res, 500, { message: 'mock API error' });
  }
});

const listen = (server, port) => new Promise((res, rej) => {
  server.once('error', rej);
  server.listen(port, '127.0.0.1', res);
});
try {
  await listen(cognitoServer, PORT);
  await listen(apiServer, API_PORT);
} catch (e) {
  log(`could not listen: ${e.message}`);
  cleanup();
  process.exit(1);
}
console.log(`cognito-local ready ${JSON.stringify(config())}`);
