// SRP-6a, the server's side, as Cognito does it for USER_SRP_AUTH / PASSWORD_VERIFIER and for
// remembered devices (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER), on amazon-cognito-identity-js's
// own AuthenticationHelper and BigInteger:
//   v = g^x, x = H(PAD(salt) | H(realm | id | ":" | password))
//   B = k·v + g^b, u = H(PAD(A) | PAD(B)), S = (A·v^u)^b, key = HKDF(PAD(S), PAD(u))
//   signature = Base64(HMAC-SHA256(key, realm | id | secretBlock | timestamp))
// For a user, realm is the pool name and id its USER_ID_FOR_SRP; for a device, realm is the
// DeviceGroupKey and id the DeviceKey (the verifier v was sent by ConfirmDevice).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;

const helper = new AuthenticationHelper('server');
const { N, g, k } = helper;
const modPow = (base, exp) => {
  let out;
  base.modPow(exp, N, (err, r) => { if (err) throw err; out = r; });
  return out;
};
const TIMESTAMP_RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;
const SESSION_MS = 180_000;

/** The verifier of a password (what a device's ConfirmDevice sends, computed server-side for users). */
export function verifierOf(realm, id, password, saltHex) {
  const x = new BigInteger(helper.hexHash(helper.padHex(new BigInteger(saltHex, 16)) + helper.hash(`${realm}${id}:${password}`)), 16);
  return modPow(g, x);
}

/** One SRP server: handshakes by session id. */
export class SrpServer {
  constructor() {
    this.sessions = new Map();
  }

  /** Starts a handshake for the client's SRP_A (hex); `null` when A is illegal. `state` rides along. */
  start({ srpA, realm, id, verifier, saltHex, state }) {
    const A = new BigInteger(String(srpA), 16);
    if (A.mod(N).equals(BigInteger.ZERO)) return null;
    const b = new BigInteger(randomBytes(128).toString('hex'), 16);
    const B = k.multiply(verifier).add(modPow(g, b)).mod(N);
    const secretBlock = randomBytes(64).toString('base64');
    const session = randomUUID();
    this.sessions.set(session, { A, B, b, v: verifier, realm, id, secretBlock, at: Date.now(), state });
    return { session, srpB: B.toString(16), salt: saltHex, secretBlock };
  }

  /** Checks the client's proof; returns the handshake's `state` when it holds, `false` when it
   *  does not, `null` when the session is unknown or expired. The session is used up either way. */
  verify(session, responses) {
    const hs = this.sessions.get(session);
    this.sessions.delete(session);
    if (!hs || Date.now() - hs.at > SESSION_MS) return null;
    const ts = String(responses.TIMESTAMP ?? '');
    const when = Date.parse(ts.replace(' UTC ', ' ') + ' UTC');
    if (!TIMESTAMP_RE.test(ts) || !(Math.abs(Date.now() - when) < 300_000)) return false;
    if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== hs.secretBlock) return false;
    const u = new BigInteger(helper.hexHash(helper.padHex(hs.A) + helper.padHex(hs.B)), 16);
    const S = modPow(hs.A.multiply(modPow(hs.v, u)), hs.b);
    const key = helper.computehkdf(Buffer.from(helper.padHex(S), 'hex'), Buffer.from(helper.padHex(u), 'hex'));
    const expected = createHmac('sha256', Buffer.from(key))
      .update(Buffer.concat([Buffer.from(hs.realm), Buffer.from(hs.id), Buffer.from(hs.secretBlock, 'base64'), Buffer.from(ts)]))
      .digest('base64');
    return expected === responses.PASSWORD_CLAIM_SIGNATURE ? (hs.state ?? true) : false;
  }
}

export const randomSaltHex = () => new BigInteger(randomBytes(16).toString('hex'), 16).toString(16);
export { BigInteger };
