// What every consumer app does once the package's wasm is loaded (each app loads it the way
// its bundler needs, then calls runChecks): a public call, a token call (the contact), a 404
// that must reject with the package's own PortalApiError, and a sign-in and
// sign-out of the local Cognito emulator's demo user (the sign-in code is loaded on first use,
// in two modules, so this proves the bundler ships them too). The outcome is rendered as JSON in #result,
// which then gets `data-done` (tests/consumer/run.mjs reads both).
import { PortalApiError, PortalClient } from 'epilot-portal-sdk';

/** The emulator's demo user's password (scripts/cognito-local.mjs; demo data, not a secret). */
const DEMO_PASSWORD = 'Demo-Passw0rd!';

/** Where the test runner points the page (`?api=` the local API, `?cognito=` the emulator). */
export function urlsFromPage() {
  const q = new URLSearchParams(window.location.search);
  return { api: q.get('api') ?? 'http://127.0.0.1:4010', cognito: q.get('cognito') ?? 'http://127.0.0.1:4030' };
}

async function signInAndOut(cognitoUrl) {
  const emulator = await (await fetch(`${cognitoUrl}/__config`)).json();
  const client = new PortalClient({ baseUrl: emulator.apiUrl, retry: { maxRetries: 0 } });
  // sessionStorage: signIn is the password module's and signOut the sign-in module's, so both
  // must be shipped by the bundler.
  await client.configureAuth({ userPoolId: emulator.userPoolId, clientId: emulator.clientId, endpoint: emulator.endpoint, storage: 'sessionStorage' });
  const result = await client.signIn({ email: emulator.email, password: DEMO_PASSWORD });
  const signedIn = result.kind === 'signedIn' ? result.session.email ?? result.session.username : `challenge ${result.name}`;
  await client.signOut();
  const after = await client.getSession();
  client.free();
  return { signedIn, signedOut: after === null || after === undefined };
}

function describeError(e) {
  return {
    isPortalApiError: e instanceof PortalApiError,
    isError: e instanceof Error,
    code: e instanceof PortalApiError ? e.code : String(e),
    status: e instanceof PortalApiError ? e.status ?? null : null,
    operation: e instanceof PortalApiError ? e.operation ?? null : null,
  };
}

export async function runChecks({ api: apiUrl, cognito }) {
  const client = new PortalClient({ baseUrl: apiUrl, retry: { maxRetries: 0 } });
  client.authorize('consumer-token');
  const config = (await client.getPublicPortalConfigV3({ org_id: '123', portal_id: '453ad7bf-86d5-46c8-8252-bcc868df5e3c' })).data;
  const contact = (await client.getContact()).data.entity;
  let error = null;
  try {
    await client.getBillingAccount({ id: '5da0a718-c822-403d-9f5d-20d4584e0528' }, null, { headers: { Prefer: 'code=404' } });
  } catch (e) {
    error = describeError(e);
  }
  client.free();
  return {
    portalName: config.name ?? null,
    contactId: contact?._id ?? null,
    contactTitle: contact?._title ?? null,
    error,
    signIn: await signInAndOut(cognito),
  };
}

/** The text an app shows: the outcome as JSON, or why it failed. */
export function outcomeText(result) {
  if (result.ok) return JSON.stringify(result.outcome, null, 2);
  const e = result.error;
  return `FAILED: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/** Settles `start` (load the wasm, then runChecks) into a Result; never rejects. */
export function settle(start) {
  return start().then(
    (outcome) => ({ ok: true, outcome }),
    (error) => ({ ok: false, error }),
  );
}

/** Runs `start` and renders the result into `element` (#result). */
export function showIn(element, start) {
  settle(start).then((result) => {
    element.textContent = outcomeText(result);
    element.dataset.done = result.ok ? 'ok' : 'error';
  });
}
