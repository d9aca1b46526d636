// Email + password sign-in (Cognito): the place reserved for it.
//
// Not wired yet: a later piece adds `client.signIn({ email, password })` to the SDK. Until
// then PASSWORD_SIGN_IN_ENABLED is false and this section is rendered `hidden`, with its
// controls disabled, so nothing here can be used by accident. To wire it: set the flag, call
// `sdk().signIn({ email, password })` in the submit handler below, then go to '#/dashboard'.
import { PASSWORD_SIGN_IN_ENABLED } from '../portal';
import { card, h, show } from '../ui';

export function passwordSignInSection(): HTMLElement {
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', disabled: !PASSWORD_SIGN_IN_ENABLED });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', disabled: !PASSWORD_SIGN_IN_ENABLED });
  const msg = h('p', { class: 'form-msg', role: 'status' });
  const form = h('form', { id: 'password-form', novalidate: true },
    h('label', { for: 'email' }, 'Email'), email,
    h('label', { for: 'password' }, 'Password'), password,
    h('button', { type: 'submit', disabled: !PASSWORD_SIGN_IN_ENABLED }, 'Sign in'),
    msg,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    show(msg, 'Email and password sign-in is not available yet.');
  });
  const section = card('With email and password', { id: 'password-signin', 'data-testid': 'signin-password' }, form);
  section.hidden = !PASSWORD_SIGN_IN_ENABLED;
  return section;
}
