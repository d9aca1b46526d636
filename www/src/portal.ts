// The one SDK client of the app, its settings and the signed-in session.
import init, { PortalClient } from 'epilot-portal-sdk';
import type { PortalConfig } from 'epilot-portal-sdk';

export const settings = {
  /** Where the API is: VITE_API_URL at build time, else the local API (scripts/local-api.mjs). */
  apiUrl: (import.meta.env.VITE_API_URL || 'http://127.0.0.1:4010').replace(/\/+$/, ''),
  /** Defaults are the spec's examples, which the local API accepts. */
  orgId: import.meta.env.VITE_ORG_ID || '123',
  portalId: import.meta.env.VITE_PORTAL_ID || '453ad7bf-86d5-46c8-8252-bcc868df5e3c',
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

// ---------- session: the token lives in sessionStorage (this tab only) or, if that is blocked,
// in memory; it reaches the SDK only through client.authorize().
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

let client: PortalClient | null = null;

/** Loads the WebAssembly module and creates the client (once). */
export async function startSdk(): Promise<PortalClient> {
  if (client) return client;
  await init();
  const c = new PortalClient({
    baseUrl: settings.apiUrl,
    timeout: 20000,
    // A customer waits in front of the screen: retry a little, not for long.
    retry: { maxRetries: 2, maxDelayMs: 4000 },
  });
  if (simulate) c.headers({ Prefer: `code=${simulate}` });
  const token = readToken();
  if (token) c.authorize(token);
  client = c;
  return c;
}

export function sdk(): PortalClient {
  if (!client) throw new Error('The SDK is not started yet.');
  return client;
}

export function isSignedIn(): boolean {
  return readToken() !== null;
}

export function signInWithToken(token: string): void {
  sdk().authorize(token);
  writeToken(token);
}

export function signOut(): void {
  client?.authorize(null);
  writeToken(null);
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

/**
 * Email + password sign-in (Cognito) is not wired yet: a later piece adds
 * `client.signIn({ email, password })` to the SDK. Until then the form stays hidden.
 * Flip this (and fill in `screens/password-signin.ts`) when it lands.
 */
export const PASSWORD_SIGN_IN_ENABLED = false;
