import type { PortalConfig } from 'epilot-portal-sdk';
import { passwordSignInState, portalConfig, sdk, settings, signInWithToken, takeNotice } from '../portal';
import { card, defs, errorBox, h, humanize, load, loading, show } from '../ui';
import { passwordSignInSection } from './password-signin';
import { codeSignInSection, ssoButton as ssoContinue } from './signin-flows';

function onOff(v: boolean | undefined): string {
  return v === undefined ? 'not set' : v ? 'on' : 'off';
}

/** The portal's public settings: name, domain, enabled features, sign-in options. */
export function portalSettings(config: PortalConfig): HTMLElement {
  const f = config.feature_settings ?? {};
  const features: Array<[string, boolean | undefined]> = [
    ['Start page', f.start_page],
    ['Billing', f.billing],
    ['Change of due date', f.change_due_date],
    ['New design', f.new_design],
    ['Passwordless login', config.auth_settings?.passwordless_login?.enabled],
    ['Multi-factor authentication', config.advanced_mfa?.enabled],
    ['Account self-management', config.user_account_self_management],
  ];
  return h('div', { 'data-testid': 'portal-settings' },
    defs([
      ['Portal', config.name ?? '–'],
      ['Status', config.enabled === false ? 'switched off' : 'open'],
      ['Domain', config.domain || '–'],
      ['Sign-in entry point', humanize(config.auth_settings?.entry_point?.toLowerCase())],
      ['Self-registration', humanize(config.self_registration_setting?.toLowerCase())],
    ]),
    h('h3', null, 'Features'),
    h('ul', { class: 'features', 'data-testid': 'features' },
      features.map(([label, v]) => h('li', { class: v ? 'on' : 'off' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), `${label}: ${onOff(v)}`))),
  );
}

export function signInScreen(view: HTMLElement): void {
  // --- token ------------------------------------------------------------------------------
  const tokenInput = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'eyJ…' });
  const tokenMsg = h('p', { class: 'form-msg', role: 'status' });
  const tokenForm = h('form', { id: 'token-form', novalidate: true },
    h('label', { for: 'token' }, 'Portal token'),
    tokenInput,
    h('p', { class: 'hint' }, 'Paste the access token of your portal session. It is kept for this browser tab only.'),
    h('button', { type: 'submit' }, 'Sign in'),
    tokenMsg,
  );
  tokenForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = tokenInput.value.trim();
    if (!token) {
      show(tokenMsg, 'Paste your portal token first.');
      tokenMsg.className = 'form-msg bad';
      return;
    }
    signInWithToken(token);
    window.location.hash = '#/dashboard';
  });

  // --- SSO --------------------------------------------------------------------------------
  const idTokenInput = h('input', { id: 'id-token', name: 'id_token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const providerInput = h('input', { id: 'provider', name: 'provider_slug', type: 'text', autocomplete: 'off', placeholder: 'optional' });
  const ssoStatus = h('div', { class: 'form-status' });
  const ssoButton = h('button', { type: 'submit' }, 'Sign in with the ID token');
  const ssoForm = h('form', { id: 'sso-form', novalidate: true },
    h('label', { for: 'id-token' }, 'ID token from your identity provider'),
    idTokenInput,
    h('label', { for: 'provider' }, 'Provider'),
    providerInput,
    ssoButton,
    ssoStatus,
  );
  ssoForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const idToken = idTokenInput.value.trim();
    if (!idToken) {
      show(ssoStatus, h('p', { class: 'form-msg bad' }, 'Paste the ID token from your identity provider first.'));
      return;
    }
    const provider = providerInput.value.trim();
    ssoButton.disabled = true;
    show(ssoStatus, loading('Signing in with single sign-on'));
    sdk()
      .ssoLoginV3(
        { portal_id: settings.portalId, org_id: settings.orgId, id_token: idToken },
        provider ? { provider_slug: provider } : {},
      )
      .then(({ data }) => {
        if (!data.token) throw new Error('The portal service answered without a session token.');
        signInWithToken(data.token);
        window.location.hash = '#/dashboard';
      })
      .catch((error: unknown) => show(ssoStatus, errorBox(error, undefined, settings.apiUrl)))
      .finally(() => { ssoButton.disabled = false; });
  });

  // --- the portal's public config: it says which other ways in are offered ------------------
  const about = h('div');
  const ssoSlot = h('div', { 'data-testid': 'sso-provider' });
  const codeSlot = h('div', { class: 'grid two' });
  void load(about, 'Loading the portal settings', portalConfig, (config) => {
    const preferred = config.auth_settings?.preferred_sso_providers?.[0];
    if (preferred && !providerInput.value) providerInput.value = preferred;
    const button = ssoContinue(config);
    if (button) show(ssoSlot, button, h('p', { class: 'hint' }, 'Or paste an ID token:'));
    if (config.auth_settings?.passwordless_login?.enabled && passwordSignInState().available) show(codeSlot, codeSignInSection());
    return portalSettings(config);
  }, settings.apiUrl);

  // Email + password first; a pasted token and single sign-on stay available below it.
  const notice = takeNotice();
  show(view,
    h('h1', null, 'Sign in'),
    notice ? h('p', { class: notice.warn ? 'notice warn' : 'notice', role: 'status', 'data-testid': 'signin-notice' }, notice.message) : null,
    h('div', { class: 'grid two' },
      passwordSignInSection(),
      card('About this portal', { 'data-testid': 'about-portal' }, about),
    ),
    codeSlot,
    h('h2', { class: 'section-title' }, 'Other ways to sign in'),
    h('div', { class: 'grid two' },
      card('With single sign-on', { 'data-testid': 'signin-sso' }, ssoSlot, ssoForm),
      card('With a portal token', { 'data-testid': 'signin-token' }, tokenForm),
    ),
  );
}
