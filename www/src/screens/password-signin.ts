// Email + password sign-in (Cognito, through the SDK): the portal's main way in.
//
// `client.signIn({ email, password })` answers `{ kind: 'signedIn' }` or a challenge that this
// screen asks for: a new password (NEW_PASSWORD_REQUIRED, checked with the SDK's `checkPassword`
// against the portal's password policy before anything is sent), a code (SMS, email,
// authenticator app) or the choice of an MFA method. Every refusal is said in plain words.
import { checkPassword, PortalApiError } from 'epilot-portal-sdk';
import type { PortalConfig, SignInChallenge, SignInResult } from 'epilot-portal-sdk';
import { completePasswordSignIn, passwordSignInState, portalConfig, settings, signInWithPassword } from '../portal';
import { card, explain, h, humanize, loading, show } from '../ui';

type Policy = NonNullable<NonNullable<PortalConfig['cognito_details']>['password_policy']>;

/** Cognito challenge names that are answered with a code. */
const CODE_CHALLENGES = ['SMS_MFA', 'SMS_OTP', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'MFA_SETUP'];
/** Errors after which the same challenge can be answered again (the SDK keeps it pending). */
const RETRYABLE = ['CodeMismatchException', 'InvalidPasswordException', 'InvalidParameterException'];
const MFA_LABELS: Record<string, string> = {
  SMS_MFA: 'A code by text message',
  SOFTWARE_TOKEN_MFA: 'A code from my authenticator app',
  EMAIL_OTP: 'A code by email',
};

interface SignInProblem {
  title: string;
  advice: string;
  detail?: string;
  /** Cognito's error type, when there is one. */
  type?: string;
}

function cognitoType(error: unknown): string | undefined {
  if (!(error instanceof PortalApiError)) return undefined;
  const data = error.response?.data as { __type?: unknown } | undefined;
  return typeof data?.__type === 'string' ? data.__type : undefined;
}

/** A sign-in failure in plain words (no Cognito jargon, never the password). */
export function explainSignIn(error: unknown): SignInProblem {
  const type = cognitoType(error);
  const serverMessage = error instanceof PortalApiError ? String((error.response?.data as { message?: unknown } | undefined)?.message ?? '') : '';
  const lower = serverMessage.toLowerCase();
  const p = (title: string, advice: string, detail?: string): SignInProblem => ({ title, advice, detail, type });
  if (type) {
    if (/attempts exceeded/.test(lower)) return p('Too many failed attempts.', 'Wait a few minutes, then try again.');
    if (type === 'NotAuthorizedException' && /disabled/.test(lower)) return p('This account is switched off.', 'Contact customer service.');
    if (type === 'NotAuthorizedException' && /session/.test(lower)) return p('This sign-in took too long.', 'Please sign in again.');
    switch (type) {
      case 'NotAuthorizedException':
      case 'UserNotFoundException':
        return p('The email address or the password is not correct.', 'Check both and try again. Passwords are case-sensitive.');
      case 'UserNotConfirmedException':
        return p('Your account is not confirmed yet.', 'Open the link in the confirmation email we sent you, then sign in.');
      case 'PasswordResetRequiredException':
        return p('Your password has to be reset before you can sign in.', 'Contact customer service to get a new one.');
      case 'CodeMismatchException':
        return p('That code is not right.', 'Check the code and enter it again.');
      case 'ExpiredCodeException':
        return p('That code has expired.', 'Please sign in again to get a new code.');
      case 'InvalidPasswordException':
        return p('The new password was not accepted.', 'Choose another one that follows the rules above.', serverMessage || undefined);
      case 'LimitExceededException':
      case 'TooManyRequestsException':
      case 'TooManyFailedAttemptsException':
        return p('Too many attempts in a short time.', 'Wait a while, then try again.');
      case 'ResourceNotFoundException':
        return p('The sign-in of this portal is not set up correctly.', 'Please try again later or contact customer service.', (error as Error).message);
    }
    return p('Signing in did not work.', 'Please try again. If it keeps happening, contact customer service.', (error as Error).message);
  }
  if (error instanceof PortalApiError) {
    if (error.code === 'NETWORK') return p('The sign-in service could not be reached.', 'Check your internet connection and try again.', error.message);
    if (error.code === 'TIMEOUT') return p('The sign-in service took too long to answer.', 'Try again in a moment.');
    if (error.code === 'DECODE') return p('The sign-in settings of this portal could not be read.', 'Please try again later or contact customer service.', error.message);
    if (error.code === 'INVALID_INPUT') return p('Signing in could not start.', 'Reload the page and try again.', error.message);
    // An API call of sign-in (the portal config with the user pool) failed.
    const e = explain(error, settings.apiUrl);
    return p(`The portal’s sign-in settings could not be loaded: ${e.title.charAt(0).toLowerCase()}${e.title.slice(1)}`, e.advice, e.detail);
  }
  return p('Signing in did not work.', 'Reload the page and try again.', error instanceof Error ? error.message : String(error));
}

function problemBox(problem: SignInProblem): HTMLElement {
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'signin-error', 'data-type': problem.type ?? '' },
    h('p', { class: 'error-title' }, problem.title),
    problem.detail ? h('p', { class: 'error-detail' }, problem.detail) : null,
    h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), problem.advice),
  );
}

/** The policy in words, for the new-password form. */
function policyRules(policy: Policy | null): string[] {
  if (!policy) return [];
  const rules: string[] = [];
  if (policy.minimum_length) rules.push(`at least ${policy.minimum_length} characters`);
  if (policy.maximum_length && policy.maximum_length < 100) rules.push(`at most ${policy.maximum_length} characters`);
  if (policy.require_lowercase) rules.push('a lowercase letter');
  if (policy.require_uppercase) rules.push('an uppercase letter');
  if (policy.require_numbers) rules.push('a number');
  if (policy.require_symbols) rules.push('a symbol such as ! ? # or %');
  return rules;
}

async function passwordPolicy(): Promise<Policy | null> {
  try {
    return (await portalConfig()).cognito_details?.password_policy ?? null;
  } catch {
    return null; // Cognito still checks the password; the form says the rules are unknown.
  }
}

export function passwordSignInSection(): HTMLElement {
  const body = h('div');
  const section = card('Sign in with email and password', { id: 'password-signin', 'data-testid': 'signin-password' }, body);
  const state = passwordSignInState();
  if (!state.available) {
    show(body, h('div', { class: 'error', role: 'alert', 'data-testid': 'password-unavailable' },
      h('p', { class: 'error-title' }, state.reason),
      state.detail ? h('p', { class: 'error-detail' }, state.detail) : null,
      h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), 'Reload the page later, or use one of the other ways to sign in below.')));
    return section;
  }
  const done = () => { window.location.hash = '#/dashboard'; };
  const next = (result: SignInResult, email: string): void => {
    if (result.kind === 'signedIn') done();
    else challengeStep(body, result, email, next, () => credentialsStep(body, email, next));
  };
  credentialsStep(body, '', next);
  return section;
}

type Next = (result: SignInResult, email: string) => void;

/** Goes on with a sign-in started elsewhere (a one-time code, single sign-on) in `body`. */
export function continueSignIn(body: HTMLElement, result: SignInResult, email: string, restart: () => void): void {
  const next: Next = (r, e) => {
    if (r.kind === 'signedIn') window.location.hash = '#/dashboard';
    else challengeStep(body, r, e, next, restart);
  };
  next(result, email);
}

function credentialsStep(body: HTMLElement, initialEmail: string, next: Next, problem?: SignInProblem): void {
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true, value: initialEmail, spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const status = h('div', { class: 'form-status', 'data-testid': 'password-status' }, problem ? problemBox(problem) : null);
  const form = h('form', { id: 'password-form', novalidate: true },
    h('label', { for: 'email' }, 'Email'), email,
    h('label', { for: 'password' }, 'Password'), password,
    submit, status,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const e = email.value.trim();
    const pw = password.value;
    if (!e || !pw) {
      show(status, h('p', { class: 'form-msg bad', role: 'alert', 'data-testid': 'signin-error' }, !e ? 'Enter your email address.' : 'Enter your password.'));
      (!e ? email : password).focus();
      return;
    }
    submit.disabled = true;
    show(status, loading('Signing in'));
    signInWithPassword(e, pw)
      .then((result) => next(result, e))
      .catch((error: unknown) => {
        show(status, problemBox(explainSignIn(error)));
        password.value = '';
        password.focus();
      })
      .finally(() => { submit.disabled = false; });
  });
  show(body, form);
  (initialEmail ? password : email).focus({ preventScroll: true });
}

/** The authenticator secret: as a link authenticator apps open, and as text to type in. */
export function totpSetupBox(setup: { secret: string; uri: string; issuer: string; account: string }): HTMLElement {
  return h('div', { class: 'totp-setup', 'data-testid': 'totp-setup' },
    h('p', null, h('a', { href: setup.uri, 'data-testid': 'totp-uri' }, `Add “${setup.issuer}: ${setup.account}” to your authenticator app`)),
    h('p', { class: 'hint' }, 'Or type this key into the app: ', h('code', { 'data-testid': 'totp-secret' }, setup.secret.replace(/(.{4})/g, '$1 ').trim())));
}

function challengeStep(body: HTMLElement, challenge: SignInChallenge, email: string, next: Next, restart: () => void): void {
  const status = h('div', { class: 'form-status', 'data-testid': 'challenge-status' });
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'challenge-cancel' }, 'Cancel');
  cancel.addEventListener('click', restart);

  /** Sends the answer; a wrong code or a refused password can be tried again, anything else starts over. */
  const answer = (submit: HTMLButtonElement, value: Parameters<typeof completePasswordSignIn>[0], label: string) => {
    submit.disabled = true;
    show(status, loading(label));
    completePasswordSignIn(value)
      .then((result) => next(result, email))
      .catch((error: unknown) => {
        const problem = explainSignIn(error);
        if (problem.type && RETRYABLE.includes(problem.type)) {
          show(status, problemBox(problem));
          return;
        }
        // The SDK dropped the challenge: back to the start.
        const advice = /sign in again/i.test(problem.advice) ? problem.advice : `${problem.advice} Please sign in again.`;
        credentialsStep(body, email, next, { ...problem, advice });
      })
      .finally(() => { submit.disabled = false; });
  };

  if (challenge.name === 'NEW_PASSWORD_REQUIRED') {
    const pw = h('input', { id: 'new-password', name: 'new-password', type: 'password', autocomplete: 'new-password', required: true });
    const repeat = h('input', { id: 'new-password-repeat', name: 'new-password-repeat', type: 'password', autocomplete: 'new-password', required: true });
    const attrs = (challenge.requiredAttributes ?? []).map((name) => ({
      name,
      input: h('input', { id: `attr-${name}`, name, type: 'text', required: true, value: challenge.userAttributes?.[name] ?? '' }),
    }));
    const rules = h('p', { class: 'hint', 'data-testid': 'password-rules' }, 'Loading the password rules…');
    const submit = h('button', { type: 'submit' }, 'Set password and sign in');
    const form = h('form', { id: 'new-password-form', novalidate: true },
      h('p', null, h('strong', null, 'Choose a new password. '), `The account ${email} needs a new password before you can continue.`),
      h('label', { for: 'new-password' }, 'New password'), pw, rules,
      h('label', { for: 'new-password-repeat' }, 'New password again'), repeat,
      attrs.map(({ name, input }) => [h('label', { for: input.id }, humanize(name)), input]),
      h('div', { class: 'actions' }, submit, cancel), status,
    );
    let policy: Policy | null = null;
    void passwordPolicy().then((p) => {
      policy = p;
      const list = policyRules(p);
      rules.textContent = p === null
        ? 'The password rules of this portal could not be loaded; the portal will check your new password.'
        : list.length ? `Use ${list.join(', ')}.` : 'Any password is accepted.';
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const refuse = (lines: string[]) => show(status, h('div', { class: 'refusal', role: 'alert', 'data-testid': 'new-password-refused' },
        h('p', null, h('strong', null, 'This password cannot be used yet:')),
        h('ul', null, lines.map((l) => h('li', null, l))),
        h('p', null, 'Nothing was sent.')));
      const check = checkPassword(pw.value, policy);
      if (!check.ok) return refuse(check.failures.map((f) => f.message));
      if (pw.value !== repeat.value) return refuse(['The two passwords are not the same.']);
      const missing = attrs.filter((a) => !a.input.value.trim());
      if (missing.length) return refuse(missing.map((a) => `Fill in ${humanize(a.name).toLowerCase()}.`));
      const attributes = Object.fromEntries(attrs.map((a) => [a.name, a.input.value.trim()]));
      answer(submit, attrs.length ? { newPassword: pw.value, attributes } : { newPassword: pw.value }, 'Setting your new password');
    });
    show(body, form);
    pw.focus({ preventScroll: true });
    return;
  }

  if (CODE_CHALLENGES.includes(challenge.name)) {
    const where = challenge.codeDeliveryDestination;
    const setup = challenge.name === 'MFA_SETUP' ? challenge.totpSetup : undefined;
    const text = setup
      ? 'This portal protects accounts with an authenticator app. Add this account to yours, then enter the 6-digit code it shows.'
      : challenge.name === 'SOFTWARE_TOKEN_MFA'
      ? 'Enter the 6-digit code from your authenticator app.'
      : challenge.name === 'EMAIL_OTP'
        ? `We sent a code by email${where ? ` to ${where}` : ''}. Enter it here.`
        : `We sent a code by text message${where ? ` to ${where}` : ''}. Enter it here.`;
    const code = h('input', { id: 'code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 10 });
    const submit = h('button', { type: 'submit' }, 'Confirm');
    const form = h('form', { id: 'code-form', novalidate: true, 'data-challenge': challenge.name },
      h('p', null, h('strong', null, 'One more step. '), text),
      setup ? totpSetupBox(setup) : null,
      h('label', { for: 'code' }, 'Code'), code,
      h('div', { class: 'actions' }, submit, cancel), status,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const value = code.value.replace(/\s+/g, '');
      if (!/^\d{4,10}$/.test(value)) {
        show(status, h('p', { class: 'form-msg bad', role: 'alert', 'data-testid': 'signin-error' }, 'Enter the code as it was given to you: digits only. Nothing was sent.'));
        return;
      }
      answer(submit, { code: value }, 'Checking the code');
      code.value = '';
    });
    show(body, form);
    code.focus({ preventScroll: true });
    return;
  }

  if (challenge.name === 'SELECT_MFA_TYPE' && challenge.mfaOptions?.length) {
    const buttons = challenge.mfaOptions.map((option) => {
      const b = h('button', { type: 'button', class: 'secondary', 'data-mfa': option }, MFA_LABELS[option] ?? humanize(option.toLowerCase()));
      b.addEventListener('click', () => answer(b, { answer: option }, 'One moment'));
      return b;
    });
    show(body, h('div', { id: 'mfa-choice' },
      h('p', null, h('strong', null, 'One more step. '), 'How would you like to confirm that it is you?'),
      h('div', { class: 'actions' }, buttons, cancel), status));
    return;
  }

  show(body, h('div', { class: 'error', role: 'alert', 'data-testid': 'signin-error' },
    h('p', { class: 'error-title' }, 'This portal asks for a sign-in step this demo does not support yet.'),
    h('p', { class: 'error-detail' }, `Step: ${challenge.name}.`),
    h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), 'Use one of the other ways to sign in below, or contact customer service.'),
    cancel));
}
