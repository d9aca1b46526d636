// TOTP (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 6 digits, 30 s steps) and the Base32 (RFC 4648)
// secrets Cognito's AssociateSoftwareToken hands out. Checked against the RFC's test vectors by
// tests/cognito/totp-vectors.mjs.
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes) {
  let bits = 0, value = 0, out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text) {
  let bits = 0, value = 0;
  const out = [];
  for (const c of String(text).toUpperCase().replace(/=+$/, '')) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP of `counter` with `key` (bytes), `digits` long, HMAC with `algorithm`. */
export function hotp(key, counter, digits = 6, algorithm = 'sha1') {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP at `unixSeconds` (T0 = 0, step 30 s). */
export function totp(key, unixSeconds, digits = 6, algorithm = 'sha1', step = 30) {
  return hotp(key, Math.floor(unixSeconds / step), digits, algorithm);
}

/** A new secret: 32 random bytes as Base32 (Cognito's SecretCode is Base32 too). */
export const newSecret = () => base32Encode(randomBytes(32));

/** Whether `code` is the TOTP of the Base32 `secret` now, one step either side (clock drift). */
export function checkTotp(secret, code, nowMs = Date.now()) {
  if (!/^\d{6}$/.test(String(code))) return false;
  const key = base32Decode(secret);
  const t = Math.floor(nowMs / 1000);
  return [-30, 0, 30].some((d) => totp(key, t + d) === String(code));
}
