#!/usr/bin/env node
// The emulator's TOTP (scripts/cognito/totp.mjs) against RFC 6238 Appendix B's test vectors
// (8 digits; SHA-1, SHA-256 and SHA-512 with the RFC's seeds), and its Base32 against RFC 4648's.
import { base32Decode, base32Encode, checkTotp, totp } from '../../scripts/cognito/totp.mjs';

const seeds = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
// RFC 6238, Appendix B: time (s) -> [SHA1, SHA256, SHA512]
const vectors = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
let failed = 0;
for (const [t, ...codes] of vectors) {
  ['sha1', 'sha256', 'sha512'].forEach((alg, i) => {
    const got = totp(seeds[alg], t, 8, alg);
    if (got !== codes[i]) { failed++; console.error(`TOTP ${alg} at ${t}: ${got} != ${codes[i]}`); }
  });
}
// RFC 4648 section 10.
for (const [plain, enc] of [['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']]) {
  if (base32Encode(Buffer.from(plain)) !== enc || base32Decode(enc).toString() !== plain) { failed++; console.error(`base32 ${plain}`); }
}
// 6-digit checking with a drift window of one step, and nothing else.
const secret = base32Encode(seeds.sha1);
const now = 1234567890_000;
const code = totp(seeds.sha1, 1234567890);
if (!checkTotp(secret, code, now) || !checkTotp(secret, code, now + 30_000) || checkTotp(secret, code, now + 90_000) || checkTotp(secret, 'abcdef', now)) {
  failed++;
  console.error('checkTotp window');
}
if (failed) { console.error(`${failed} TOTP vector(s) failed`); process.exit(1); }
console.log(`TOTP: ${vectors.length * 3} RFC 6238 vectors, 6 RFC 4648 vectors and the drift window hold`);
