// The SDK clients of the app, their settings and the signed-in session.
import init, { PortalClient } from 'epilot-portal-sdk';
import type { AuthOptions, PortalConfig, Session, SignInResult, SignOutResult } from 'epilot-portal-sdk';

const env = import.meta.env;
const trimUrl = (url: string): string => url.trim().replace(/\/+$/, '');
const apiUrl = trimUrl(env.VITE_API_URL || 'http://127.0.0.1:4010');

export const settings = {
  /** Where the API is: VITE_API_URL at build time, else the local API (scripts/local-api.mjs). */
  apiUrl,
  /** Defaults are the spec's examples, which the local API accepts. */
  orgId: env.VITE_ORG_ID || '123',
  portalId: env.VITE_PORTAL_ID || '453ad7bf-86d5-46c8-8252-bcc868df5e3c',
  /**
   * Where the API calls of sign-in go (the portal config's `cognito_details` when the pool is not
   * given, `revokeToken` at sign-out). The same API as everything else on a real portal; locally
   * the Cognito emulator's mock of those routes (scripts/cognito-local.mjs), so that sign-out
   * really revokes the refresh token.
   */
  authApiUrl: env.VITE_AUTH_API_URL ? trimUrl(env.VITE_AUTH_API_URL) : null,
  /** The user pool, when given at build time; otherwise it comes from the portal config. */
  cognito: {
    endpoint: env.VITE_COGNITO_ENDPOINT?.trim() || undefined,
    userPoolId: env.VITE_COGNITO_USER_POOL_ID?.trim() || undefined,
    clientId: env.VITE_COGNITO_CLIENT_ID?.trim() || undefined,
    /** A local emulator's `/__config` (endpoint, pool, client, API), read at startup. */
    configUrl: env.VITE_COGNITO_CONFIG_URL?.trim() || undefined,
  },
};

/**
 * Debug switch for demos and tests: `?simulate=404` (any 3-digit status) makes the local API
 * (Prism) answer every call with that status, through Prism's `Prefer: code=NNN` request header.
 * A real API ignores the header.
 */
export const simulate: string | null = (() => {
  const v = new URLSearchParams(window.location.search).get('simulate');
  return v && /^[1-5]\d\d$/.test(v) ? v : null;
})();

// ---------- token sign-in (pasted token, SSO): the token lives in sessionStorage (this tab
// only) or, if that is blocked, in memory; it reaches the SDK only through client.authorize().
const TOKEN_KEY = 'epilot-portal-demo.token';
let memoryToken: string | null = null;

function readToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

function writeToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token === null) window.sessionStorage.removeItem(TOKEN_KEY);
    else window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* storage blocked: memory only */
  }
}

function newClient(baseUrl: string): PortalClient {
  return new PortalClient({
    baseUrl,
    timeout: 20000,
    // A customer waits in front of the screen: retry a little, not for long.
    retry: { maxRetries: 2, maxDelayMs: 4000 },
  });
}

let client: PortalClient | null = null;

/** Loads the WebAssembly module, creates the client and sets up password sign-in (once). */
export async function startSdk(): Promise<PortalClient> {
  if (client) return client;
  await init();
  const c = newClient(settings.apiUrl);
  if (simulate) c.headers({ Prefer: `code=${simulate}` });
  const token = readToken();
  if (token) c.authorize(token);
  client = c;
  await setUpPasswordSignIn(c);
  return c;
}

export function sdk(): PortalClient {
  if (!client) throw new Error('The SDK is not started yet.');
  return client;
}

export function isSignedIn(): boolean {
  return readToken() !== null || signedInUser() !== null;
}

export function signInWithToken(token: string): void {
  sdk().authorize(token);
  writeToken(token);
}

// ---------- email + password sign-in (Cognito, through the SDK) -------------------------------

/** Where the user pool came from: build settings, the emulator's /__config, or the portal config. */
export type PoolSource = 'settings' | 'config-url' | 'portal-config';

export type PasswordSignIn =
  | { available: true; client: PortalClient; poolSource: PoolSource; authApiUrl: string }
  | { available: false; reason: string; detail?: string };

let passwordSignIn: PasswordSignIn = { available: false, reason: 'The SDK is not started yet.' };

export function passwordSignInState(): PasswordSignIn {
  return passwordSignIn;
}

interface EmulatorConfig {
  endpoint?: string;
  apiUrl?: string;
  userPoolId?: string;
  clientId?: string;
}

async function readEmulatorConfig(url: string): Promise<EmulatorConfig> {
  // Bounded: the portal must start (with its other ways to sign in) even if the emulator hangs.
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(8000) });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const config = (await res.json()) as EmulatorConfig;
  if (!config.userPoolId || !config.clientId) throw new Error(`${url} gave no userPoolId and clientId`);
  return config;
}

/**
 * One client for the API and, when sign-in talks to another API (locally: the emulator's mock),
 * a second client for sign-in whose session authorizes the first one. On a real portal both are
 * the same client: `configureAuth` + `signIn` authorize it, refresh tokens before they expire and
 * after a 401, by themselves.
 */
async function setUpPasswordSignIn(main: PortalClient): Promise<void> {
  const pool = { ...settings.cognito };
  let authApiUrl = settings.authApiUrl ?? settings.apiUrl;
  let poolSource: PoolSource = pool.userPoolId && pool.clientId ? 'settings' : 'portal-config';
  if (poolSource === 'portal-config' && pool.configUrl) {
    try {
      const local = await readEmulatorConfig(pool.configUrl);
      pool.userPoolId = local.userPoolId;
      pool.clientId = local.clientId;
      pool.endpoint = pool.endpoint ?? local.endpoint;
      if (!settings.authApiUrl && local.apiUrl) authApiUrl = trimUrl(local.apiUrl);
      poolSource = 'config-url';
    } catch (error) {
      passwordSignIn = {
        available: false,
        reason: 'The sign-in settings could not be loaded, so email and password sign-in is not available right now.',
        detail: `${error instanceof Error ? error.message : String(error)} (VITE_COGNITO_CONFIG_URL: ${pool.configUrl})`,
      };
      return;
    }
  }
  const auth = authApiUrl === settings.apiUrl ? main : newClient(authApiUrl);
  const options: AuthOptions = {
    storage: 'sessionStorage', // survives a reload of this tab, not the browser being closed
    ...(pool.userPoolId && pool.clientId
      ? { userPoolId: pool.userPoolId, clientId: pool.clientId }
      : { orgId: settings.orgId, portalId: settings.portalId }), // cognito_details of getPublicPortalConfigV3
    ...(pool.endpoint ? { endpoint: pool.endpoint } : {}),
  };
  auth.onSessionChange(({ reason, session }) => {
    if (reason === 'signedIn' || reason === 'restored') connect(main, auth);
    if (reason === 'signedOut' || reason === 'expired') disconnect(main, auth);
    if (reason === 'expired') {
      setNotice('Your session has expired. Please sign in again.', true);
      if (!isSignedIn()) window.location.hash = '#/signin';
    }
    for (const l of sessionListeners) l(session);
  });
  try {
    passwordSignIn = { available: true, client: auth, poolSource, authApiUrl };
    await auth.configureAuth(options); // resolves with the session kept in sessionStorage, if any
  } catch (error) {
    passwordSignIn = {
      available: false,
      reason: 'Email and password sign-in is not set up correctly in this portal.',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Split setup only: API calls carry the sign-in client's access token (refreshed when due). */
function connect(main: PortalClient, auth: PortalClient): void {
  if (main === auth) return;
  writeToken(null);
  main.authorize(() => auth.getAccessToken());
  main.onUnauthorized(() => auth.refreshSession());
}

function disconnect(main: PortalClient, auth: PortalClient): void {
  if (main === auth) return;
  main.authorize(readToken());
  main.onUnauthorized(null);
}

/** The client that signs in (and holds the session); throws when sign-in is not available. */
export function authClient(): PortalClient {
  const state = passwordSignIn;
  if (!state.available) throw new Error(state.reason + (state.detail ? ` ${state.detail}` : ''));
  return state.client;
}

/** Email + password: `{ kind: 'signedIn' }` or a challenge for `completePasswordSignIn`. */
export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const result = await authClient().signIn({ email, password });
  if (result.kind === 'signedIn') writeToken(null);
  return result;
}

/** A sign-in by another way (one-time code, single sign-on) that ended in a session. */
export function signedInOtherwise(result: SignInResult): SignInResult {
  if (result.kind === 'signedIn') writeToken(null);
  return result;
}

/** Answers the pending challenge (new password, code, MFA method). */
export async function completePasswordSignIn(answer: { newPassword?: string; code?: string; answer?: string; attributes?: Record<string, string> }): Promise<SignInResult> {
  const result = await authClient().completeSignIn(answer);
  if (result.kind === 'signedIn') writeToken(null);
  return result;
}

/** The user signed in with email and password, or null. */
export function signedInUser(): Session | null {
  return passwordSignIn.available ? passwordSignIn.client.getSession() : null;
}

const sessionListeners: Array<(session: Session | null) => void> = [];

/** Called with the password session whenever it changes (sign-in, restore, refresh, sign-out, expiry). */
export function onSession(listener: (session: Session | null) => void): void {
  sessionListeners.push(listener);
}

/**
 * Signs out whichever way the user signed in. A password session is ended with
 * `client.signOut()`: it revokes the refresh token through the API and clears the session
 * (memory and sessionStorage) whether or not the revocation worked.
 */
export async function signOut(): Promise<SignOutResult | null> {
  writeToken(null);
  let result: SignOutResult | null = null;
  if (signedInUser() && passwordSignIn.available) result = await passwordSignIn.client.signOut();
  client?.authorize(null);
  client?.onUnauthorized(null);
  return result;
}

// ---------- one-off messages for the sign-in page (signed out, session expired) ---------------
export interface Notice {
  message: string;
  /** Something went partly wrong (e.g. the sign-out was not confirmed by the server). */
  warn: boolean;
}
let notice: Notice | null = null;

export function setNotice(message: string, warn = false): void {
  notice = { message, warn };
}

export function takeNotice(): Notice | null {
  const n = notice;
  notice = null;
  return n;
}

// ---------- the public portal config (branding, features), fetched once ------------------------
let configPromise: Promise<PortalConfig> | null = null;
const configListeners: Array<(config: PortalConfig) => void> = [];

/** Calls `listener` whenever the config arrives (also after a retry that follows a failure). */
export function onPortalConfig(listener: (config: PortalConfig) => void): void {
  configListeners.push(listener);
}

export function portalConfig(): Promise<PortalConfig> {
  if (!configPromise) {
    configPromise = sdk()
      .getPublicPortalConfigV3({ org_id: settings.orgId, portal_id: settings.portalId })
      .then((r) => {
        for (const l of configListeners) l(r.data);
        return r.data;
      });
    // A failure is not cached: the next caller asks again.
    configPromise.catch(() => { configPromise = null; });
  }
  return configPromise;
}
