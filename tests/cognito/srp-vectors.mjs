#!/usr/bin/env node
// Reference SRP values from amazon-cognito-identity-js itself (AuthenticationHelper,
// BigInteger, DateHelper and the signature code of CognitoUser.authenticateUserDefaultAuth),
// on fixed inputs, so the SDK's Rust SRP (src/cognito/srp.rs) can be checked byte for byte.
//
//   node tests/cognito/srp-vectors.mjs           check tests/cognito/srp-vectors.json against the library (exit 1 on mismatch)
//   node tests/cognito/srp-vectors.mjs --write   (re)write that file
//
// The Rust side reads the same file: tests/srp_vectors.rs (native) and tests/cognito.rs (browser).
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper.js').default;

const here = dirname(fileURLToPath(import.meta.url));
const FILE = join(here, 'srp-vectors.json');

// Deterministic "random" hex of n bytes for case i (only to pick inputs; not a secret).
export function det(label, bytes) {
  let out = '';
  for (let c = 0; out.length < bytes * 2; c++) out += createHash('sha256').update(`${label}/${c}`).digest('hex');
  return out.slice(0, bytes * 2);
}

// DateHelper reads `new Date()`: run it with the clock fixed at `ms`.
export function nowStringAt(ms) {
  const RealDate = globalThis.Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(ms);
      else super(...args);
    }
  }
  globalThis.Date = FixedDate;
  try {
    return new DateHelper().getNowString();
  } finally {
    globalThis.Date = RealDate;
  }
}

export function compute(input) {
  const helper = new AuthenticationHelper(input.poolName);
  // Replace the helper's random a with the fixed one, then let it compute A.
  helper.smallAValue = new BigInteger(input.smallA, 16);
  helper.largeAValue = undefined;
  let largeA;
  helper.getLargeAValue((err, a) => { if (err) throw err; largeA = a; });
  const B = new BigInteger(input.srpB, 16);
  const salt = new BigInteger(input.salt, 16);
  let hkdf;
  helper.getPasswordAuthenticationKey(input.userIdForSrp, input.password, B, salt, (err, key) => {
    if (err) throw err;
    hkdf = Buffer.from(key);
  });
  const timestamp = nowStringAt(input.unixMs);
  // Exactly CognitoUser.authenticateUserDefaultAuth's signature (HMAC via @aws-crypto Sha256(key)).
  const message = Buffer.concat([
    Buffer.from(input.poolName, 'utf8'),
    Buffer.from(input.userIdForSrp, 'utf8'),
    Buffer.from(input.secretBlock, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  const { Sha256 } = require('@aws-crypto/sha256-js');
  const mac = new Sha256(hkdf);
  mac.update(message);
  const signature = Buffer.from(mac.digestSync()).toString('base64');
  // Independent sanity check of the HMAC with node:crypto.
  const nodeSig = createHmac('sha256', hkdf).update(message).digest('base64');
  if (nodeSig !== signature) throw new Error('HMAC mismatch between @aws-crypto and node:crypto');
  return {
    k: helper.k.toString(16),
    srpA: largeA.toString(16),
    u: helper.UValue.toString(16),
    hkdf: hkdf.toString('hex'),
    timestamp,
    signature,
  };
}

function inputs() {
  // Fixed moments: single-digit day and hour, month and year ends, a leap day.
  const moments = [
    Date.UTC(2018, 8, 25, 19, 38, 36), Date.UTC(2024, 2, 3, 7, 5, 9, 999), Date.UTC(2000, 1, 29, 0, 0, 0),
    Date.UTC(2023, 11, 31, 23, 59, 59), Date.UTC(2025, 0, 1, 0, 0, 1), Date.UTC(2026, 5, 9, 9, 9, 9),
  ];
  const N = new AuthenticationHelper('x').N;
  const cases = [];
  for (let i = 0; i < 6; i++) {
    // B: a value below N (the client only needs B mod N != 0).
    let srpB = new BigInteger(det(`B${i}`, 384), 16).mod(N).toString(16);
    let salt = det(`salt${i}`, 16);
    if (i === 1) salt = '0' + salt.slice(1); // leading zero nibble: parsed as a smaller integer
    if (i === 2) salt = '8' + salt.slice(1); // high bit set: PAD adds 00
    if (i === 3) salt = '00' + salt.slice(2); // leading zero byte
    cases.push({
      name: `case ${i}`,
      poolName: i === 4 ? 'CUEQRNbUb' : `Pool${i}xYz`,
      userIdForSrp: i % 2 ? `user-${i}@example.com` : `6b1f${i}e2c-1111-4222-8333-44445555${6660 + i}`,
      password: i === 5 ? 'pässwörd-✓-Ω' : `Correct-Horse-${i}!`,
      smallA: det(`a${i}`, 128),
      srpB,
      salt,
      secretBlock: Buffer.from(det(`secret${i}`, 64 + i * 37), 'hex').toString('base64'),
      unixMs: moments[i],
    });
  }
  return cases;
}

const main = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
const mode = process.argv.includes('--write') ? 'write' : 'check';
if (!main) {
  // imported (tests/cognito/device-vectors.mjs): nothing to run
} else if (mode === 'write') {
  const vectors = inputs().map((input) => ({ ...input, expected: compute(input) }));
  writeFileSync(FILE, JSON.stringify({ generatedBy: 'amazon-cognito-identity-js ' + require('amazon-cognito-identity-js/package.json').version, vectors }, null, 2) + '\n');
  console.log(`wrote ${vectors.length} SRP vectors to ${FILE}`);
} else {
  const { vectors } = JSON.parse(readFileSync(FILE, 'utf8'));
  let bad = 0;
  for (const v of vectors) {
    const got = compute(v);
    for (const [key, value] of Object.entries(v.expected)) {
      if (got[key] !== value) {
        bad++;
        console.error(`${v.name}: ${key} differs: file ${value}, library ${got[key]}`);
      }
    }
  }
  if (bad) {
    console.error(`${bad} SRP vector value(s) differ from amazon-cognito-identity-js`);
    process.exit(1);
  }
  console.log(`${vectors.length} SRP vectors match amazon-cognito-identity-js`);
}
