// The sign-in flows the local Cognito front implements itself, in Cognito's request and response
// shapes (cognito-local has none of them), on top of cognito-local's users and tokens:
//
//  * USER_SRP_AUTH and USER_PASSWORD_AUTH, then the MFA and device steps below;
//  * USER_AUTH (choice-based): PREFERRED_CHALLENGE or SELECT_CHALLENGE (AvailableChallenges),
//    answered with PASSWORD, PASSWORD_SRP, EMAIL_OTP or SMS_OTP (8-digit one-time codes);
//  * CUSTOM_AUTH with the define/create/verify-auth-challenge triggers emulated: with
//    CHALLENGE_NAME=SRP_A the SRP step comes first; then CUSTOM_CHALLENGE, whose public parameter
//    `challenge` is `SSO_TOKEN` (the answer is a token the mock API's ssoCallback issued for this
//    user's email, once) or, with ClientMetadata {challenge: 'EMAIL_CODE'}, `EMAIL_CODE` (a
//    6-digit code "emailed" to the user); three wrong answers fail the sign-in;
//  * MFA: SOFTWARE_TOKEN_MFA (TOTP, RFC 6238), MFA_SETUP for users that must enrol
//    (AssociateSoftwareToken / VerifySoftwareToken with the Session), AssociateSoftwareToken /
//    VerifySoftwareToken / SetUserMFAPreference with an access token, GetUser's MFA fields;
//  * devices: NewDeviceMetadata after a password sign-in, ConfirmDevice (the SRP verifier),
//    UpdateDeviceStatus, ForgetDevice, ListDevices, and DEVICE_SRP_AUTH /
//    DEVICE_PASSWORD_VERIFIER when a sign-in sends a known DEVICE_KEY (a remembered device skips MFA);
//  * GlobalSignOut: every refresh and access token the user had is refused from then on
//    (REFRESH_TOKEN_AUTH, the access-token actions, and the mock API's token validation).
//
// Test controls (on both ports): GET /__admin/codes?username=, POST /__admin/expire-codes
// {username}, POST /__admin/mfa {username, required}, POST /__admin/attributes {username,
// attributes}, GET /__admin/devices?username=; SSO ones in ./sso.mjs.
// Codes, secrets and tokens are never logged.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { SrpServer, BigInteger, randomSaltHex, verifierOf } from './srp.mjs';
import { checkTotp, newSecret } from './totp.mjs';
import { createSso } from './sso.mjs';

const SESSION_MS = 180_000;
const MAX_ATTEMPTS = 3;
const sha = (s) => createHash('sha256').update(String(s)).digest('hex');
const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');

export function createFlows(ctx) {
  const { inner, storedUser, subOf, cognitoError, jwtPayload, validAccessToken, stats } = ctx;
  const srp = new SrpServer();
  const people = new Map(); // sub -> per-user state
  const sessions = new Map(); // Session -> step state
  const issued = new Map(); // sha(token) -> ms it was handed out
  const codes = []; // { sub, purpose, code, at, expiresAt }
  const sso = createSso(ctx);
  stats.flows = { clientMetadata: [], totp: { ok: 0, rejected: 0 }, deviceSrp: { verified: 0, rejected: 0 }, globalSignOuts: 0 };

  const person = (sub) => {
    if (!people.has(sub)) people.set(sub, { mfaRequired: false, totp: null, pendingSecret: null, mfa: { totp: false, sms: false, email: false, preferred: null }, devices: new Map(), signedOutAt: 0 });
    return people.get(sub);
  };
  const attr = (u, n) => (u.Attributes ?? []).find((a) => a.Name === n)?.Value;
  const ok = (json) => ({ status: 200, json });
  const wrongPassword = () => cognitoError('NotAuthorizedException', 'Incorrect username or password.');
  const expired = () => cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  const mask = (email) => { const [l, d] = String(email).split('@'); return `${l?.[0] ?? ''}***@${d?.[0] ?? ''}***`; };
  const maskPhone = (p) => `+*******${String(p).slice(-4)}`;

  function newSession(state) {
    const id = randomBytes(48).toString('base64');
    sessions.set(id, { ...state, at: Date.now() });
    return id;
  }
  /** A step's state; `undefined` when the session is not one of these flows', `null` when expired. */
  function session(id) {
    const s = sessions.get(id);
    if (s && Date.now() - s.at > SESSION_MS) { sessions.delete(id); return null; }
    return s;
  }
  function sendCode(user, purpose, length) {
    const code = digits(length);
    codes.push({ sub: subOf(user), purpose, code, at: Date.now(), expiresAt: Date.now() + SESSION_MS });
    return codes[codes.length - 1];
  }

  // ---------- tokens ----------
  async function issueTokens(user) {
    const out = await inner('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ctx.clientId(), AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password } });
    observe(out);
    return out;
  }
  /** Records when tokens were handed out (GlobalSignOut refuses older ones). */
  function observe(out) {
    const r = out?.json?.AuthenticationResult;
    if (!r) return;
    for (const t of [r.AccessToken, r.RefreshToken, r.IdToken]) if (t && !issued.has(sha(t))) issued.set(sha(t), Date.now());
  }
  /** Whether a token of `sub` is older than the user's last GlobalSignOut. */
  function revoked(token, sub) {
    const at = person(sub).signedOutAt;
    if (!at) return false;
    const when = issued.get(sha(token)) ?? (jwtPayload(token)?.iat ?? 0) * 1000;
    return when <= at;
  }
  function withDevice(out, user) {
    const r = out.json?.AuthenticationResult;
    if (!r) return out;
    const key = `${ctx.poolId().split('_')[0]}_${randomUUID()}`;
    const groupKey = `-${randomBytes(6).toString('base64url')}`;
    person(subOf(user)).devices.set(key, { groupKey, confirmed: false, remembered: false, name: null, created: Date.now() });
    return { ...out, json: { ...out.json, AuthenticationResult: { ...r, NewDeviceMetadata: { DeviceKey: key, DeviceGroupKey: groupKey } } } };
  }
  const challenge = (name, params, state) => ok({ ChallengeName: name, ChallengeParameters: params, Session: newSession(state) });

  // ---------- after the password (SRP or plain) ----------
  async function afterPassword(user, deviceKey) {
    const tokens = await issueTokens(user);
    if (!tokens.json?.AuthenticationResult) return tokens; // NEW_PASSWORD_REQUIRED etc. from cognito-local
    const sub = subOf(user);
    const device = deviceKey && person(sub).devices.get(deviceKey);
    if (device?.confirmed) return challenge('DEVICE_SRP_AUTH', { USERNAME: user.Username }, { kind: 'DEVICE_SRP_AUTH', sub, tokens });
    return mfaStep(user, tokens, true);
  }
  function mfaStep(user, tokens, newDevice) {
    const sub = subOf(user);
    const p = person(sub);
    const totpOn = p.mfa.totp && p.totp?.verified;
    if (p.mfaRequired && !totpOn) {
      return challenge('MFA_SETUP', { MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']), USER_ID_FOR_SRP: user.Username }, { kind: 'MFA_SETUP', sub, tokens, newDevice });
    }
    if (totpOn) return challenge('SOFTWARE_TOKEN_MFA', { USER_ID_FOR_SRP: user.Username }, { kind: 'SOFTWARE_TOKEN_MFA', sub, tokens, newDevice, attempts: 0 });
    return newDevice ? withDevice(tokens, user) : tokens;
  }
  function srpStart(user, srpA, state) {
    const userId = subOf(user);
    const saltHex = randomSaltHex();
    const verifier = verifierOf(ctx.poolId().split('_')[1], userId, user.Password, saltHex);
    const hs = srp.start({ srpA, realm: ctx.poolId().split('_')[1], id: userId, verifier, saltHex, state: { ...state, sub: userId } });
    if (!hs) return cognitoError('InvalidParameterException', 'Invalid SRP_A');
    return ok({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: hs.salt, SRP_B: hs.srpB, SECRET_BLOCK: hs.secretBlock, USERNAME: userId, USER_ID_FOR_SRP: userId },
      Session: hs.session,
    });
  }
  async function srpVerify(req) {
    const r = req.ChallengeResponses ?? {};
    const state = srp.verify(req.Session, r);
    if (state === null) return expired();
    if (state === false || r.USERNAME !== state.sub) {
      stats.srp.rejected++;
      return wrongPassword();
    }
    stats.srp.verified++;
    const user = storedUser(state.sub);
    if (!user) return wrongPassword();
    if (state.then === 'custom') return customChallenge(user, { meta: state.meta, attempts: 0 });
    return afterPassword(user, r.DEVICE_KEY ?? state.deviceKey);
  }

  // ---------- USER_AUTH ----------
  function available(user) {
    return ['PASSWORD', 'PASSWORD_SRP', ...(attr(user, 'email') ? ['EMAIL_OTP'] : []), ...(attr(user, 'phone_number') ? ['SMS_OTP'] : [])];
  }
  async function choose(user, choice, p) {
    if (choice === 'PASSWORD') return p.PASSWORD === user.Password ? afterPassword(user, p.DEVICE_KEY) : wrongPassword();
    if (choice === 'PASSWORD_SRP') return p.SRP_A ? srpStart(user, p.SRP_A, { then: 'mfa', deviceKey: p.DEVICE_KEY }) : cognitoError('InvalidParameterException', 'Missing required parameter SRP_A');
    const email = choice === 'EMAIL_OTP';
    const sent = sendCode(user, choice, 8);
    return challenge(choice, {
      CODE_DELIVERY_DELIVERY_MEDIUM: email ? 'EMAIL' : 'SMS',
      CODE_DELIVERY_DESTINATION: email ? mask(attr(user, 'email')) : maskPhone(attr(user, 'phone_number')),
      USERNAME: user.Username,
    }, { kind: 'OTP', name: choice, sub: subOf(user), sent, attempts: 0 });
  }
  async function userAuth(req) {
    const p = req.AuthParameters ?? {};
    const user = p.USERNAME && storedUser(p.USERNAME);
    if (!user) return wrongPassword();
    if (user.UserStatus === 'UNCONFIRMED') return cognitoError('UserNotConfirmedException', 'User is not confirmed.');
    const choices = available(user);
    if (p.PREFERRED_CHALLENGE && choices.includes(p.PREFERRED_CHALLENGE)) return choose(user, p.PREFERRED_CHALLENGE, p);
    return ok({ ChallengeName: 'SELECT_CHALLENGE', ChallengeParameters: { USERNAME: user.Username }, AvailableChallenges: choices, Session: newSession({ kind: 'SELECT', sub: subOf(user), choices }) });
  }
  /** A code answer: right, wrong (the session stays for another try, up to 3), or expired. */
  function checkCode(s, id, given) {
    if (Date.now() > s.sent.expiresAt) { sessions.delete(id); return cognitoError('ExpiredCodeException', 'Code has expired.'); }
    if (String(given ?? '') === s.sent.code) { sessions.delete(id); return null; }
    s.attempts++;
    if (s.attempts >= MAX_ATTEMPTS) { sessions.delete(id); return wrongPassword(); }
    return cognitoError('CodeMismatchException', 'Invalid code received for user');
  }

  // ---------- CUSTOM_AUTH ----------
  function customChallenge(user, { meta, attempts, sent }) {
    const kind = meta?.challenge === 'EMAIL_CODE' ? 'EMAIL_CODE' : 'SSO_TOKEN';
    const code = kind === 'EMAIL_CODE' ? sent ?? sendCode(user, 'CUSTOM_CHALLENGE', 6) : null;
    const params = { USERNAME: user.Username, challenge: kind, ...(code ? { email: mask(attr(user, 'email')) } : {}) };
    return challenge('CUSTOM_CHALLENGE', params, { kind: 'CUSTOM', sub: subOf(user), meta, attempts, sent: code, type: kind });
  }
  async function customStart(req) {
    const p = req.AuthParameters ?? {};
    const user = p.USERNAME && storedUser(p.USERNAME);
    stats.flows.clientMetadata.push({ action: 'InitiateAuth', metadata: req.ClientMetadata ?? null });
    if (!user) return wrongPassword();
    if (p.CHALLENGE_NAME === 'SRP_A' || p.SRP_A) {
      if (!p.SRP_A) return cognitoError('InvalidParameterException', 'Missing required parameter SRP_A');
      return srpStart(user, p.SRP_A, { then: 'custom', meta: req.ClientMetadata ?? {} });
    }
    return customChallenge(user, { meta: req.ClientMetadata ?? {}, attempts: 0 });
  }
  async function customAnswer(s, id, req) {
    sessions.delete(id);
    stats.flows.clientMetadata.push({ action: 'RespondToAuthChallenge', metadata: req.ClientMetadata ?? null });
    const user = storedUser(s.sub);
    const answer = String(req.ChallengeResponses?.ANSWER ?? '');
    const right = s.type === 'EMAIL_CODE'
      ? Date.now() <= s.sent.expiresAt && answer === s.sent.code
      : sso.redeem(answer, attr(user, 'email'));
    if (right) return issueTokens(user);
    if (s.attempts + 1 >= MAX_ATTEMPTS) return wrongPassword();
    return customChallenge(user, { meta: s.meta, attempts: s.attempts + 1, sent: s.sent });
  }

  // ---------- access-token actions ----------
  /** The claims of a valid, unrevoked access token, or a Cognito error. */
  function access(token) {
    const claims = validAccessToken(token);
    if (!claims) return { error: cognitoError('NotAuthorizedException', 'Invalid Access Token') };
    if (revoked(token, claims.sub)) return { error: cognitoError('NotAuthorizedException', 'Access Token has been revoked') };
    return { claims, p: person(claims.sub) };
  }
  function totpVerify(p, code) {
    const good = p.pendingSecret && checkTotp(p.pendingSecret, code);
    stats.flows.totp[good ? 'ok' : 'rejected']++;
    if (!good) return false;
    p.totp = { secret: p.pendingSecret, verified: true };
    p.pendingSecret = null;
    return true;
  }
  const mismatch = () => cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');

  async function accountAction(action, req) {
    if (action === 'AssociateSoftwareToken' && req.Session && !req.AccessToken) {
      const s = session(req.Session);
      if (s?.kind !== 'MFA_SETUP') return expired();
      sessions.delete(req.Session);
      const p = person(s.sub);
      p.pendingSecret = newSecret();
      return ok({ SecretCode: p.pendingSecret, Session: newSession(s) });
    }
    if (action === 'VerifySoftwareToken' && req.Session && !req.AccessToken) {
      const s = session(req.Session);
      if (s?.kind !== 'MFA_SETUP') return expired();
      const p = person(s.sub);
      if (!totpVerify(p, req.UserCode)) return mismatch();
      sessions.delete(req.Session);
      p.mfa.totp = true;
      p.mfa.preferred = 'SOFTWARE_TOKEN_MFA';
      return ok({ Status: 'SUCCESS', Session: newSession({ ...s, kind: 'MFA_SETUP_DONE' }) });
    }
    const a = access(req.AccessToken);
    if (a.error) return a.error;
    const { claims, p } = a;
    switch (action) {
      case 'GlobalSignOut':
        p.signedOutAt = Date.now();
        stats.flows.globalSignOuts++;
        return ok({});
      case 'AssociateSoftwareToken':
        p.pendingSecret = newSecret();
        return ok({ SecretCode: p.pendingSecret });
      case 'VerifySoftwareToken':
        return totpVerify(p, req.UserCode) ? ok({ Status: 'SUCCESS' }) : mismatch();
      case 'SetUserMFAPreference': {
        const user = storedUser(claims.sub);
        const want = (k) => req[k] ?? null;
        const t = want('SoftwareTokenMfaSettings'), sm = want('SMSMfaSettings'), em = want('EmailMfaSettings');
        if (t?.Enabled && !p.totp?.verified) return cognitoError('InvalidParameterException', 'User has not verified software token mfa');
        if (sm?.Enabled && !attr(user, 'phone_number')) return cognitoError('InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA');
        const next = { ...p.mfa };
        for (const [s, key, name] of [[t, 'totp', 'SOFTWARE_TOKEN_MFA'], [sm, 'sms', 'SMS_MFA'], [em, 'email', 'EMAIL_OTP']]) {
          if (!s) continue;
          if (s.Enabled !== undefined) next[key] = !!s.Enabled;
          if (s.PreferredMfa) next.preferred = name;
          else if (next.preferred === name && (s.PreferredMfa === false || !next[key])) next.preferred = null;
        }
        p.mfa = next;
        return ok({});
      }
      case 'GetUser': {
        const out = await inner('GetUser', req);
        if (out.status >= 300) return out;
        const list = [p.mfa.sms && 'SMS_MFA', p.mfa.totp && 'SOFTWARE_TOKEN_MFA', p.mfa.email && 'EMAIL_OTP'].filter(Boolean);
        return ok({ ...out.json, UserMFASettingList: list, ...(p.mfa.preferred ? { PreferredMfaSetting: p.mfa.preferred } : {}) });
      }
      case 'ConfirmDevice': {
        const d = p.devices.get(req.DeviceKey);
        const cfg = req.DeviceSecretVerifierConfig ?? {};
        if (!d) return cognitoError('ResourceNotFoundException', 'Device does not exist.');
        if (!cfg.PasswordVerifier || !cfg.Salt) return cognitoError('InvalidParameterException', 'DeviceSecretVerifierConfig is required');
        Object.assign(d, {
          confirmed: true,
          name: req.DeviceName ?? null,
          verifier: new BigInteger(Buffer.from(cfg.PasswordVerifier, 'base64').toString('hex'), 16),
          saltHex: new BigInteger(Buffer.from(cfg.Salt, 'base64').toString('hex'), 16).toString(16),
        });
        return ok({ UserConfirmationNecessary: true });
      }
      case 'UpdateDeviceStatus': {
        const d = p.devices.get(req.DeviceKey);
        if (!d?.confirmed) return cognitoError('ResourceNotFoundException', 'Device does not exist.');
        d.remembered = req.DeviceRememberedStatus === 'remembered';
        return ok({});
      }
      case 'ForgetDevice':
        if (!p.devices.delete(req.DeviceKey)) return cognitoError('ResourceNotFoundException', 'Device does not exist.');
        return ok({});
      case 'ListDevices':
        return ok({ Devices: [...p.devices].filter(([, d]) => d.confirmed).map(([key, d]) => ({
          DeviceKey: key,
          DeviceAttributes: [{ Name: 'device_name', Value: d.name ?? '' }, { Name: 'device_status', Value: 'valid' }],
          DeviceCreateDate: d.created / 1000,
          DeviceLastModifiedDate: d.created / 1000,
          DeviceRememberedStatus: d.remembered ? 'remembered' : 'not_remembered',
        })) });
      default:
        return null; // ChangePassword, UpdateUserAttributes, ...: cognito-local, with the token checked
    }
  }

  // ---------- the front's entry points ----------
  const ACCOUNT = new Set(['GlobalSignOut', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference', 'GetUser', 'ConfirmDevice',
    'UpdateDeviceStatus', 'ForgetDevice', 'ListDevices', 'ChangePassword', 'UpdateUserAttributes', 'VerifyUserAttribute',
    'GetUserAttributeVerificationCode', 'DeleteUser', 'DeleteUserAttributes']);

  /** Handles `action` when it is one of these flows; `null` passes it on to cognito-local. */
  async function cognito(action, req) {
    if (action === 'InitiateAuth') {
      const p = req.AuthParameters ?? {};
      switch (req.AuthFlow) {
        case 'USER_SRP_AUTH': {
          if (!p.USERNAME || !p.SRP_A) return cognitoError('InvalidParameterException', 'Missing required parameter USERNAME or SRP_A');
          const user = storedUser(p.USERNAME);
          return user ? srpStart(user, p.SRP_A, { then: 'mfa', deviceKey: p.DEVICE_KEY }) : wrongPassword();
        }
        case 'USER_PASSWORD_AUTH': {
          const out = await inner('InitiateAuth', req);
          const user = out.json?.AuthenticationResult && storedUser(p.USERNAME);
          return user ? afterPassword(user, p.DEVICE_KEY) : out;
        }
        case 'USER_AUTH': return userAuth(req);
        case 'CUSTOM_AUTH': return customStart(req);
        case 'REFRESH_TOKEN':
        case 'REFRESH_TOKEN_AUTH': {
          const claims = jwtPayload(p.REFRESH_TOKEN) ?? {};
          const owner = storedUser(String(claims.sub ?? claims['cognito:username'] ?? ''));
          const sub = owner && subOf(owner);
          if (sub && revoked(p.REFRESH_TOKEN, sub)) return cognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
          return null;
        }
        default: return null;
      }
    }
    if (action === 'RespondToAuthChallenge') {
      if (req.ChallengeName === 'PASSWORD_VERIFIER') return srpVerify(req);
      if (req.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') return deviceVerify(req);
      const s = session(req.Session);
      if (s === undefined) return null; // cognito-local's own (NEW_PASSWORD_REQUIRED, ...)
      if (s === null) return expired();
      const r = req.ChallengeResponses ?? {};
      const user = storedUser(s.sub);
      if (!user) return wrongPassword();
      if (req.ChallengeName === 'SELECT_CHALLENGE' && s.kind === 'SELECT') {
        if (!s.choices.includes(r.ANSWER)) return cognitoError('InvalidParameterException', `${r.ANSWER} is not an available challenge`);
        sessions.delete(req.Session);
        return choose(user, r.ANSWER, r);
      }
      if (s.kind === 'OTP' && req.ChallengeName === s.name) return checkCode(s, req.Session, r[`${s.name}_CODE`]) ?? issueTokens(user);
      if (s.kind === 'CUSTOM' && req.ChallengeName === 'CUSTOM_CHALLENGE') return customAnswer(s, req.Session, req);
      if (s.kind === 'SOFTWARE_TOKEN_MFA' && req.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
        const p = person(s.sub);
        if (checkTotp(p.totp.secret, r.SOFTWARE_TOKEN_MFA_CODE)) {
          stats.flows.totp.ok++;
          sessions.delete(req.Session);
          return s.newDevice ? withDevice(s.tokens, user) : s.tokens;
        }
        stats.flows.totp.rejected++;
        if (++s.attempts >= MAX_ATTEMPTS) { sessions.delete(req.Session); return wrongPassword(); }
        return cognitoError('CodeMismatchException', 'Invalid code received for user');
      }
      if (req.ChallengeName === 'MFA_SETUP' && s.kind === 'MFA_SETUP_DONE') {
        sessions.delete(req.Session);
        return s.newDevice ? withDevice(s.tokens, user) : s.tokens;
      }
      if (req.ChallengeName === 'MFA_SETUP') return cognitoError('InvalidParameterException', 'Software token MFA is not verified yet (VerifySoftwareToken)');
      if (req.ChallengeName === 'DEVICE_SRP_AUTH' && s.kind === 'DEVICE_SRP_AUTH') {
        sessions.delete(req.Session);
        const d = person(s.sub).devices.get(r.DEVICE_KEY);
        if (!d?.confirmed) return cognitoError('ResourceNotFoundException', 'Device does not exist.');
        const hs = srp.start({ srpA: r.SRP_A ?? '', realm: d.groupKey, id: r.DEVICE_KEY, verifier: d.verifier, saltHex: d.saltHex, state: { sub: s.sub, deviceKey: r.DEVICE_KEY, tokens: s.tokens } });
        if (!hs) return cognitoError('InvalidParameterException', 'Invalid SRP_A');
        return ok({ ChallengeName: 'DEVICE_PASSWORD_VERIFIER', ChallengeParameters: { SRP_B: hs.srpB, SALT: hs.salt, SECRET_BLOCK: hs.secretBlock, USERNAME: user.Username, DEVICE_KEY: r.DEVICE_KEY }, Session: hs.session });
      }
      return cognitoError('InvalidParameterException', `${req.ChallengeName} does not answer this session's challenge`);
    }
    if (ACCOUNT.has(action)) return accountAction(action, req);
    return null;
  }
  function deviceVerify(req) {
    const r = req.ChallengeResponses ?? {};
    const state = srp.verify(req.Session, r);
    if (state === null) return expired();
    if (state === false || r.DEVICE_KEY !== state.deviceKey) {
      stats.flows.deviceSrp.rejected++;
      return wrongPassword();
    }
    stats.flows.deviceSrp.verified++;
    const d = person(state.sub).devices.get(state.deviceKey);
    const user = storedUser(state.sub);
    if (!d || !user) return cognitoError('ResourceNotFoundException', 'Device does not exist.');
    return d.remembered ? state.tokens : mfaStep(user, state.tokens, false);
  }

  /** Whether a (valid) access token was revoked by GlobalSignOut. */
  const accessRevoked = (token, claims) => revoked(token, claims.sub);

  async function admin(req, res, url, send, readBody) {
    const path = url.pathname;
    const userOf = (name) => storedUser(String(name ?? ''));
    if (path === '/__admin/codes') {
      const user = userOf(url.searchParams.get('username'));
      if (!user) return send(res, 404, { message: 'no such user' }), true;
      const sub = subOf(user);
      const list = codes.filter((c) => c.sub === sub).map(({ purpose, code, at }) => ({ purpose, code, at })).reverse();
      if (user.AttributeVerificationCode) list.unshift({ purpose: 'VERIFY_ATTRIBUTE', code: user.AttributeVerificationCode, at: null });
      return send(res, 200, { codes: list }), true;
    }
    if (path === '/__admin/devices') {
      const user = userOf(url.searchParams.get('username'));
      if (!user) return send(res, 404, { message: 'no such user' }), true;
      const list = [...person(subOf(user)).devices].map(([key, d]) => ({ key, confirmed: d.confirmed, remembered: d.remembered, name: d.name }));
      return send(res, 200, { devices: list }), true;
    }
    if (req.method !== 'POST' || !['/__admin/expire-codes', '/__admin/mfa', '/__admin/attributes'].includes(path)) return sso.admin(req, res, url, send, readBody);
    const body = JSON.parse((await readBody(req)) || '{}');
    const user = userOf(body.username);
    if (!user) return send(res, 404, { message: 'no such user' }), true;
    const sub = subOf(user);
    if (path === '/__admin/expire-codes') {
      let n = 0;
      for (const c of codes) if (c.sub === sub && c.expiresAt > Date.now()) { c.expiresAt = 0; n++; }
      return send(res, 200, { expired: n }), true;
    }
    if (path === '/__admin/mfa') {
      person(sub).mfaRequired = !!body.required;
      return send(res, 200, { required: person(sub).mfaRequired }), true;
    }
    const attributes = Object.entries(body.attributes ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) }));
    const r = await inner('AdminUpdateUserAttributes', { UserPoolId: ctx.poolId(), Username: user.Username, UserAttributes: attributes });
    return send(res, r.status < 300 ? 200 : 400, r.status < 300 ? { updated: attributes.length } : r.json), true;
  }

  return { cognito, observe, accessRevoked, admin, api: sso.api };
}
