#!/usr/bin/env node
// Remembered-device SRP from amazon-cognito-identity-js on fixed inputs, so the SDK's Rust
// (src/cognito/devices.rs with src/cognito/srp.rs) can be checked byte for byte:
//  * the ConfirmDevice verifier: the library's generateHashDevice steps (H(groupKey | deviceKey |
//    ":" | randomPassword), PAD(salt), g^x) on a fixed salt and password, and a check that
//    generateHashDevice itself computes the same from the salt it drew;
//  * the DEVICE_PASSWORD_VERIFIER key and signature: getPasswordAuthenticationKey on a helper for
//    the DeviceGroupKey with the DeviceKey as user (what CognitoUser.getDeviceResponse does).
//
//   node tests/cognito/device-vectors.mjs           check tests/cognito/device-vectors.json (exit 1 on mismatch)
//   node tests/cognito/device-vectors.mjs --write   (re)write it
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compute, det } from './srp-vectors.mjs';

const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const FILE = join(dirname(fileURLToPath(import.meta.url)), 'device-vectors.json');

/** The verifier generateHashDevice computes, on a fixed salt (its own steps, one by one). */
function verifier(helper, groupKey, deviceKey, password, saltHex) {
  const hashed = helper.hash(`${groupKey}${deviceKey}:${password}`);
  const salt = helper.padHex(new BigInteger(saltHex, 16));
  let v;
  helper.g.modPow(new BigInteger(helper.hexHash(salt + hashed), 16), helper.N, (err, r) => { if (err) throw err; v = r; });
  return { salt, verifier: helper.padHex(v) };
}

function computeDevice(input) {
  const helper = new AuthenticationHelper(input.deviceGroupKey);
  // generateHashDevice draws its own salt: run it with the fixed password, then check that the
  // step-by-step computation gives its verifier for the salt it drew.
  helper.generateRandomString = () => input.randomPassword;
  helper.generateHashDevice(input.deviceGroupKey, input.deviceKey, (err) => { if (err) throw err; });
  const own = verifier(helper, input.deviceGroupKey, input.deviceKey, input.randomPassword, helper.getSaltDevices());
  if (own.verifier !== helper.getVerifierDevices() || own.salt !== helper.getSaltDevices()) throw new Error('generateHashDevice differs from its steps');
  const fixed = verifier(helper, input.deviceGroupKey, input.deviceKey, input.randomPassword, input.salt);
  const srp = compute({ ...input, poolName: input.deviceGroupKey, userIdForSrp: input.deviceKey, password: input.randomPassword });
  return {
    passwordVerifier: Buffer.from(fixed.verifier, 'hex').toString('base64'),
    salt: Buffer.from(fixed.salt, 'hex').toString('base64'),
    srpA: srp.srpA,
    hkdf: srp.hkdf,
    timestamp: srp.timestamp,
    signature: srp.signature,
  };
}

function inputs() {
  return [0, 1, 2, 3].map((i) => ({
    name: `device ${i}`,
    deviceGroupKey: `-${det(`group${i}`, 6)}`,
    deviceKey: `eu-central-1_${det(`dev${i}`, 4)}-${det(`dev${i}b`, 2)}-4${det(`dev${i}c`, 2).slice(1)}-8${det(`dev${i}d`, 2).slice(1)}-${det(`dev${i}e`, 6)}`,
    randomPassword: Buffer.from(det(`pw${i}`, 40), 'hex').toString('base64'),
    salt: i === 1 ? '8' + det(`salt${i}`, 16).slice(1) : i === 2 ? '00' + det(`salt${i}`, 16).slice(2) : det(`salt${i}`, 16),
    smallA: det(`devA${i}`, 128),
    srpB: new BigInteger(det(`devB${i}`, 384), 16).mod(new AuthenticationHelper('x').N).toString(16),
    secretBlock: Buffer.from(det(`devSecret${i}`, 80), 'hex').toString('base64'),
    unixMs: Date.UTC(2026, i, 1 + i * 7, 3 * i, 7, 9),
  }));
}

if (process.argv.includes('--write')) {
  const vectors = inputs().map((input) => ({ ...input, expected: computeDevice(input) }));
  writeFileSync(FILE, JSON.stringify({ generatedBy: 'amazon-cognito-identity-js ' + require('amazon-cognito-identity-js/package.json').version, vectors }, null, 2) + '\n');
  console.log(`wrote ${vectors.length} device SRP vectors to ${FILE}`);
} else {
  const { vectors } = JSON.parse(readFileSync(FILE, 'utf8'));
  let bad = 0;
  for (const v of vectors) {
    const got = computeDevice(v);
    for (const [key, value] of Object.entries(v.expected)) {
      if (got[key] !== value) { bad++; console.error(`${v.name}: ${key} differs: file ${value}, library ${got[key]}`); }
    }
  }
  if (bad) { console.error(`${bad} device SRP value(s) differ from amazon-cognito-identity-js`); process.exit(1); }
  console.log(`${vectors.length} device SRP vectors match amazon-cognito-identity-js`);
}
