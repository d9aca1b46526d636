// The other ways in, as the portal's config asks for them: a one-time code by email (when
// passwordless login is on) and single sign-on through the identity provider (authorization
// code with PKCE, then the SDK's `signInWithSso`: ssoCallback + Cognito CUSTOM_AUTH).
// Locally the identity provider is the Cognito emulator's page (`/__idp/authorize`).
import type { PortalConfig } from 'epilot-portal-sdk';
import { authClient, passwordSignInState, signedInOtherwise } from '../portal';
import { card, h, loading, show } from '../ui';
import { continueSignIn, explainSignIn } from './password-signin';

const SSO_KEY = 'epilot-portal-demo.sso';
const SSO_CLIENT_ID = 'portal-demo';

function problem(error: unknown): HTMLElement {
  const p = explainSignIn(error);
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'signin-error' },
    h('p', { class: 'error-title' }, p.title),
    p.detail ? h('p', { class: 'error-detail' }, p.detail) : null,
    h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), p.advice));
}

/** "Sign in with a code": the email, then the code sent to it. */
export function codeSignInSection(): HTMLElement {
  const body = h('div');
  const start = (): void => {
    const email = h('input', { id: 'otp-email', name: 'email', type: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
    const submit = h('button', { type: 'submit' }, 'Email me a code');
    const status = h('div', { class: 'form-status' });
    const form = h('form', { id: 'otp-form', novalidate: true },
      h('label', { for: 'otp-email' }, 'Email'), email,
      h('p', { class: 'hint' }, 'No password needed: we send a one-time code to this address.'),
      submit, status);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const e = email.value.trim();
      if (!e) {
        show(status, h('p', { class: 'form-msg bad', role: 'alert' }, 'Enter your email address.'));
        return;
      }
      submit.disabled = true;
      show(status, loading('Sending the code'));
      authClient().signIn({ authFlow: 'USER_AUTH', email: e, preferredChallenge: 'EMAIL_OTP' })
        .then((result) => continueSignIn(body, signedInOtherwise(result), e, start))
        .catch((error: unknown) => show(status, problem(error)))
        .finally(() => { submit.disabled = false; });
    });
    show(body, form);
  };
  start();
  return card('Sign in with a one-time code', { 'data-testid': 'signin-code' }, body);
}

const b64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The local identity provider, when sign-in runs against the emulator; else null. */
function identityProvider(): string | null {
  const state = passwordSignInState();
  return state.available && state.poolSource === 'config-url' ? state.authApiUrl : null;
}

/** "Continue with single sign-on": to the provider, with a fresh state and PKCE verifier. */
export function ssoButton(config: PortalConfig | null): HTMLElement | null {
  const idp = identityProvider();
  if (!idp) return null;
  const provider = config?.auth_settings?.preferred_sso_providers?.[0] ?? 'local-idp';
  const button = h('button', { type: 'button', 'data-testid': 'sso-continue' }, 'Continue with single sign-on');
  button.addEventListener('click', () => {
    void (async () => {
      const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
      const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
      const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      const redirectUri = window.location.origin + window.location.pathname;
      sessionStorage.setItem(SSO_KEY, JSON.stringify({ state, verifier, redirectUri, provider, idp }));
      const url = new URL(`${idp}/__idp/authorize`);
      for (const [k, v] of Object.entries({ client_id: SSO_CLIENT_ID, redirect_uri: redirectUri, state, code_challenge: challenge, code_challenge_method: 'S256' })) {
        url.searchParams.set(k, v);
      }
      window.location.assign(url.toString());
    })();
  });
  return h('div', { class: 'sso-continue' }, button, h('p', { class: 'hint' }, `Provider: ${provider}`));
}

/**
 * Back from the provider (`?code=...&state=...`): finishes the sign-in, then clears the query.
 * Resolves with what went wrong (for the sign-in page), or null.
 */
export async function finishSsoRedirect(): Promise<string | null> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  if (!code) return null;
  const saved = sessionStorage.getItem(SSO_KEY);
  sessionStorage.removeItem(SSO_KEY);
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  try {
    if (!saved) throw new Error('This single sign-on was not started here (or was started too long ago).');
    const s = JSON.parse(saved) as { state: string; verifier: string; redirectUri: string; provider: string; idp: string };
    const result = await authClient().signInWithSso({
      code, state: query.get('state') ?? '', expectedState: s.state, codeVerifier: s.verifier, redirectUri: s.redirectUri,
      clientId: SSO_CLIENT_ID, tokenEndpoint: `${s.idp}/__idp/token`, providerSlug: s.provider,
    });
    signedInOtherwise(result);
    if (result.kind !== 'signedIn') throw new Error(`Single sign-on needs one more step (${result.name}), which this demo does not offer.`);
    window.location.hash = '#/dashboard';
    return null;
  } catch (error) {
    const p = explainSignIn(error);
    return `Single sign-on did not work: ${p.detail ?? p.title} ${p.advice}`;
  }
}
