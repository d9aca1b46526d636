#!/usr/bin/env node
// The local emulator (scripts/cognito-local.mjs) against amazon-cognito-identity-js's own client:
// the reference library signs in with USER_SRP_AUTH, so the emulator's SRP verification is the
// real thing (a wrong password and a tampered proof are refused), and refreshes.
//
//   node tests/cognito/emulator-check.mjs <endpoint>     (endpoint: the emulator's Cognito URL)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');

const endpoint = process.argv[2] ?? process.env.COGNITO_URL ?? 'http://127.0.0.1:4030';
const config = await (await fetch(`${endpoint}/__config`)).json();
const password = process.env.COGNITO_USER_PASSWORD ?? 'Demo-Passw0rd!';
const pool = new CognitoUserPool({ UserPoolId: config.userPoolId, ClientId: config.clientId, endpoint });

function signIn(password, flow = 'USER_SRP_AUTH') {
  const user = new CognitoUser({ Username: config.email, Pool: pool });
  user.setAuthenticationFlowType(flow);
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: config.email, Password: password }), {
      onSuccess: (session) => resolve({ user, session }),
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
    });
  });
}

let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed++;
};

const before = await (await fetch(`${endpoint}/__stats`)).json();
const { user, session } = await signIn(password);
check(session.isValid() && session.getAccessToken().getJwtToken().split('.').length === 3, 'amazon-cognito-identity-js signs in with USER_SRP_AUTH');
const wrong = await signIn('not-the-password').then(() => null, (e) => e);
check(wrong?.code === 'NotAuthorizedException', `a wrong password is refused (${wrong?.code})`);
const after = await (await fetch(`${endpoint}/__stats`)).json();
check(after.srp.verified === before.srp.verified + 1 && after.srp.rejected === before.srp.rejected + 1, 'the emulator verified one proof and rejected one');
const refreshed = await new Promise((resolve, reject) =>
  user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
);
check(refreshed.getAccessToken().getJwtToken() !== session.getAccessToken().getJwtToken(), 'REFRESH_TOKEN_AUTH gives a new access token');
const plain = await signIn(password, 'USER_PASSWORD_AUTH');
check(plain.session.isValid(), 'USER_PASSWORD_AUTH signs in');

if (failed) {
  console.error(`${failed} emulator check(s) failed`);
  process.exit(1);
}
console.log('the local Cognito emulator agrees with amazon-cognito-identity-js');
