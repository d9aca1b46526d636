// In-page side of bench/download.mjs. Each function is what a portal page does with the package
// as published (imported from /pkg/index.js, no bundler); the recorder counts what the browser
// fetches meanwhile. `cfg` is the local Cognito emulator's config (scripts/cognito-local.mjs).

const sdk = () => import('/pkg/index.js');

async function client(m, token) {
  await m.default();
  const c = new m.PortalClient({ baseUrl: location.origin });
  if (token) c.authorize(token);
  return c;
}

function checkContact(r) {
  if (!r || r.status !== 200 || !r.data || typeof r.data !== 'object') throw new Error(`getContact answered ${JSON.stringify(r).slice(0, 200)}`);
}

const authOptions = (cfg) => ({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint, storage: 'localStorage' });

/** Data page: import, init(), new PortalClient, one call. */
export async function dataPage() {
  const c = await client(await sdk(), 'bench-token');
  checkContact(await c.getContact());
  return {};
}

/** Sign-in page: the data page, then configureAuth + signIn (SRP), then one call as the user. */
export async function signInPage(cfg, password) {
  const c = await client(await sdk(), null);
  checkContact(await c.getContact());
  await c.configureAuth(authOptions(cfg));
  const r = await c.signIn({ email: cfg.email, password });
  if (r.kind !== 'signedIn') throw new Error(`signIn: ${JSON.stringify(r)}`);
  checkContact(await c.getContact());
  const key = Object.keys(localStorage).find((k) => k.startsWith('epilot-portal-sdk.session'));
  return { key, stored: key && localStorage.getItem(key) };
}

/** Signed-in page: a new page load that restores the session from localStorage (configureAuth),
 *  whose access token has expired (so it is refreshed: REFRESH_TOKEN_AUTH), then one call. */
export async function signedInPage(cfg) {
  const c = await client(await sdk(), null);
  const configured = await c.configureAuth(authOptions(cfg));
  // configureAuth resolves with the session (older builds) or { session, source, storage }.
  const session = configured && 'source' in configured ? configured.session : configured;
  if (!session) throw new Error(`configureAuth restored no session: ${JSON.stringify(configured)}`);
  checkContact(await c.getContact());
  const expiresAt = c.getSession()?.expiresAt ?? 0;
  if (expiresAt <= Date.now()) throw new Error('the expired session was not refreshed before the call');
  return { expiresAt };
}

// ---------- SRP sign-in latency: ours vs amazon-cognito-identity-js, same emulator, same page ----
let ours = null;
let theirs = null;

export async function srpLoad(cfg) {
  const m = await sdk();
  ours = await client(m, null);
  await ours.configureAuth({ userPoolId: cfg.userPoolId, clientId: cfg.clientId, endpoint: cfg.endpoint });
  const aci = await import('/out/cognito-identity.js');
  const pool = new aci.CognitoUserPool({ UserPoolId: cfg.userPoolId, ClientId: cfg.clientId, endpoint: cfg.endpoint });
  const memory = new Map();
  const storage = { setItem: (k, v) => memory.set(k, v), getItem: (k) => memory.get(k) ?? null, removeItem: (k) => memory.delete(k), clear: () => memory.clear() };
  theirs = { aci, pool, storage };
}

const signInOurs = async (cfg, password) => {
  const r = await ours.signIn({ email: cfg.email, password });
  if (r.kind !== 'signedIn') throw new Error(`ours: ${JSON.stringify(r)}`);
};

const signInTheirs = (cfg, password) => new Promise((resolve, reject) => {
  const { aci, pool, storage } = theirs;
  const user = new aci.CognitoUser({ Username: cfg.email, Pool: pool, Storage: storage });
  user.authenticateUser(new aci.AuthenticationDetails({ Username: cfg.email, Password: password }), {
    onSuccess: (s) => (s.getAccessToken().getJwtToken() ? resolve() : reject(new Error('theirs: no token'))),
    onFailure: (e) => reject(new Error(`theirs: ${e && (e.message || e.code)}`)),
    newPasswordRequired: () => reject(new Error('theirs: new password required')),
  });
});

/** `rounds` interleaved SRP sign-ins each (order alternating), after one warm-up each. ms. */
export async function srpLatency(cfg, password, rounds) {
  const run = { ours: () => signInOurs(cfg, password), theirs: () => signInTheirs(cfg, password) };
  const samples = { ours: [], theirs: [] };
  await run.ours();
  await run.theirs();
  for (let i = 0; i < rounds; i++) {
    for (const name of i % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']) {
      const t0 = performance.now();
      await run[name]();
      samples[name].push(performance.now() - t0);
    }
  }
  return samples;
}
