// Sign-in security on the account screen: change the password (checked first against the
// portal's password policy by the SDK), set up an authenticator app (TOTP), and sign out on
// every device (`signOut({ global: true })`). Shown for a Cognito session only.
import { checkPassword } from 'epilot-portal-sdk';
import { authClient, portalConfig, setNotice, signedInUser } from '../portal';
import { card, errorBox, h, loading, show } from '../ui';
import { totpSetupBox } from './password-signin';

function changePasswordForm(): HTMLElement {
  const old = h('input', { id: 'old-password', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit' }, 'Change password');
  const status = h('div', { class: 'form-status', 'data-testid': 'password-change-status' });
  const form = h('form', { id: 'change-password-form', novalidate: true },
    h('label', { for: 'old-password' }, 'Current password'), old,
    h('label', { for: 'new-password' }, 'New password'), next, submit, status);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      const policy = await portalConfig().then((c) => c.cognito_details?.password_policy ?? null, () => null);
      const check = checkPassword(next.value, policy);
      if (!check.ok) {
        show(status, h('div', { class: 'refusal', role: 'alert' }, h('ul', null, check.failures.map((f) => h('li', null, f.message))), h('p', null, 'Nothing was sent.')));
        return;
      }
      submit.disabled = true;
      show(status, loading('Changing your password'));
      try {
        await authClient().changePassword({ oldPassword: old.value, newPassword: next.value });
        show(status, h('p', { class: 'ok', role: 'status', 'data-testid': 'password-changed' }, 'Your password is changed.'));
      } catch (error) {
        show(status, errorBox(error));
      } finally {
        old.value = '';
        next.value = '';
        submit.disabled = false;
      }
    })();
  });
  return form;
}

function totpSection(): HTMLElement {
  const body = h('div');
  const start = h('button', { type: 'button', class: 'secondary', 'data-testid': 'totp-start' }, 'Set up an authenticator app');
  start.addEventListener('click', () => {
    show(body, loading('Preparing'));
    authClient().setUpTotp().then((setup) => {
      const code = h('input', { id: 'totp-code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 6 });
      const confirm = h('button', { type: 'submit' }, 'Turn on');
      const status = h('div', { class: 'form-status' });
      const form = h('form', { id: 'totp-form', novalidate: true }, totpSetupBox(setup), h('label', { for: 'totp-code' }, 'Code from the app'), code, confirm, status);
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        confirm.disabled = true;
        const client = authClient();
        client.verifyTotp({ code: code.value.trim() })
          .then(() => client.setMfaPreference({ totp: true, preferred: 'TOTP' }))
          .then(() => show(body, h('p', { class: 'ok', role: 'status', 'data-testid': 'totp-on' }, 'Sign-in now asks for a code from your authenticator app.')))
          .catch((error: unknown) => show(status, errorBox(error)))
          .finally(() => { confirm.disabled = false; });
      });
      show(body, form);
    }, (error: unknown) => show(body, errorBox(error)));
  });
  show(body, start);
  return body;
}

function signOutEverywhere(): HTMLElement {
  const button = h('button', { type: 'button', class: 'secondary', 'data-testid': 'sign-out-everywhere' }, 'Sign out on all devices');
  button.addEventListener('click', () => {
    button.disabled = true;
    authClient().signOut({ global: true }).then((r) => {
      setNotice(r.global ? 'You are signed out on all your devices.' : `You are signed out here, but not everywhere${r.error ? ` (${r.error})` : ''}.`, !r.global);
    }, () => setNotice('You are signed out on this device.', true)).finally(() => { window.location.hash = '#/signin'; });
  });
  return h('div', null, h('p', { class: 'hint' }, 'Ends every session of your account, on every device (a lost phone, a shared computer).'), button);
}

/** The security card, or null when the user did not sign in with Cognito (a pasted token). */
export function securityCard(): HTMLElement | null {
  if (!signedInUser()) return null;
  return card('Sign-in and security', { 'data-testid': 'account-security' },
    h('h3', null, 'Password'), changePasswordForm(),
    h('h3', null, 'Authenticator app'), totpSection(),
    h('h3', null, 'Sessions'), signOutEverywhere());
}
