//! The TypeScript of the sign-in API (`configureAuth`, `signIn`, ...): its inputs and results
//! (hand-written: no serde and no tsify at this boundary, to keep the wasm small). The code is in
//! `src/cognito` (feature `sign-in`), the `SignIn` class that `src/js/sign_in.js` forwards the
//! client's methods to: in the npm package the sign-in module it loads on the first use of one
//! of these methods (`sign-in/`), else the same module as `PortalClient`. The methods are
//! declared on `PortalClient` here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_AUTH: &str = r#"
/** `USER_SRP_AUTH` (default: the password never leaves the browser) or `USER_PASSWORD_AUTH`. */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/** A custom place for the session (e.g. IndexedDB, a native bridge). Methods may be async. */
export interface TokenStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** `client.configureAuth(options)`. Give `userPoolId` + `clientId`, or `orgId` + `portalId`
 *  to read them from `getPublicPortalConfigV3` (`cognito_details`). */
export interface AuthOptions {
  userPoolId?: string;
  clientId?: string;
  /** Cognito endpoint instead of https://cognito-idp.<region>.amazonaws.com/ (e.g. a local emulator). */
  endpoint?: string;
  orgId?: string;
  portalId?: string;
  /** Default `USER_SRP_AUTH`. */
  authFlow?: AuthFlow;
  /** Where the session is kept: `memory` (default), `sessionStorage`, `localStorage` (shared by the
   *  origin's tabs: a sign-in, refresh or sign-out in one tab reaches the others) or your own store.
   *  Changing it (or `storageKey`) moves the session there. Blocked storage falls back to memory. */
  storage?: 'memory' | 'sessionStorage' | 'localStorage' | TokenStore;
  /** Key in the store (default `epilot-portal-sdk.session.<userPoolId>.<clientId>`: one session per pool and app client). */
  storageKey?: string;
  /** Refresh this many seconds before the access token expires (default 60). */
  refreshMarginSeconds?: number;
  /** Which token API calls carry (default `accessToken`). */
  bearer?: 'accessToken' | 'idToken';
}

/** The signed-in user (no tokens). */
export interface Session {
  username: string;
  email?: string;
  /** Access-token expiry, ms since the epoch on this device's clock (the token's lifetime from when it arrived). */
  expiresAt: number;
  /** The ID token's claims. */
  claims: Record<string, unknown>;
}

export type ChallengeName =
  | 'NEW_PASSWORD_REQUIRED' | 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_OTP'
  | 'SELECT_MFA_TYPE' | 'MFA_SETUP' | 'CUSTOM_CHALLENGE' | (string & {});

/** A challenge Cognito wants answered with `completeSignIn`. */
export interface SignInChallenge {
  kind: 'challenge';
  name: ChallengeName;
  /** Where a code was sent (masked). */
  codeDeliveryDestination?: string;
  codeDeliveryMedium?: string;
  /** NEW_PASSWORD_REQUIRED: attributes to give with the new password. */
  requiredAttributes?: string[];
  /** NEW_PASSWORD_REQUIRED: the user's current attributes. */
  userAttributes?: Record<string, string>;
  /** SELECT_MFA_TYPE / MFA_SETUP: the methods to choose from. */
  mfaOptions?: string[];
  /** All public challenge parameters as Cognito sent them. */
  parameters: Record<string, string>;
}

export type SignInResult = { kind: 'signedIn'; session: Session } | SignInChallenge;

export interface SignInInput {
  email: string;
  password: string;
  /** Overrides the configured flow for this sign-in. */
  authFlow?: AuthFlow;
}

/** The answer to the pending challenge: `newPassword` (+ `attributes`) for NEW_PASSWORD_REQUIRED,
 *  `code` for SMS_MFA / SOFTWARE_TOKEN_MFA / EMAIL_OTP / SMS_OTP, `answer` for SELECT_MFA_TYPE
 *  (the method) and CUSTOM_CHALLENGE. */
export interface ChallengeAnswer {
  newPassword?: string;
  code?: string;
  answer?: string;
  attributes?: Record<string, string>;
}

export type SessionChangeReason = 'signedIn' | 'restored' | 'refreshed' | 'signedOut' | 'expired';
export interface SessionChange {
  reason: SessionChangeReason;
  session: Session | null;
}

/** The session is always cleared in memory, synchronously at the call; `revoked` tells whether the
 *  API confirmed the revocation (`error` why not), `cleared` whether every store it was written to
 *  removed it (`storageError` which did not). */
export interface SignOutResult {
  revoked: boolean;
  error?: string;
  cleared: boolean;
  storageError?: string;
}

/** What `configureAuth` resolves with. */
export interface AuthConfigured {
  /** The session in use: the current one or one read back from the store; `null` when signed out. */
  session: Session | null;
  /** `current`: already signed in; `restored`: read back from the store; `expired`: a stored session
   *  could not be used any more (its refresh was refused, or it had no refresh token and its access
   *  token expired) and was removed; `none`: no session for this pool, app client and portal. */
  source: 'current' | 'restored' | 'expired' | 'none';
  /** Where the session is kept. */
  storage: 'memory' | 'sessionStorage' | 'localStorage' | 'custom';
  /** Set when the storage asked for cannot be used here (e.g. `localStorage` blocked): why, and that
   *  the session is kept in memory instead. */
  storageFallback?: string;
}

export interface CodeDelivery {
  destination?: string;
  medium?: string;
  attribute?: string;
}

/** `createUserV3`'s body in camelCase; `orgId` / `portalId` default to `configureAuth`'s. */
export interface RegisterInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  contactId?: string;
  accountId?: string;
  registrationIdentifiers?: Record<string, Record<string, string>>;
  orgId?: string;
  portalId?: string;
}

/** `{ token }` from the confirmation link (`confirmUser`), or `{ email, code }` (Cognito `ConfirmSignUp`). */
export type ConfirmRegistrationInput = { token: string } | { email: string; code: string };
"#;

/// The methods the package's loader adds to `PortalClient` (merged into the class's type).
#[cfg(not(feature = "sign-in"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_AUTH_METHODS: &str = r#"
export interface PortalClient {
  /** Sets where the user pool is, the flow and where the session is kept. Every
   *  option is checked before any is applied; the settings apply at the call. A
   *  session of another pool, app client or portal ends; a session is moved to a
   *  changed store or key. Resolves with the session in use (read back from the store
   *  after a reload) and where it is kept. */
  configureAuth(options: AuthOptions): Promise<AuthConfigured>;
  /** Signs in with email and password; resolves with `{ kind: 'signedIn', session }` or
   *  a challenge to answer with `completeSignIn`. Rejects with a readable error
   *  (`wrong email or password`, ...). */
  signIn(input: SignInInput | UserAuthSignInInput): Promise<SignInResult>;
  /** Answers the pending sign-in challenge. */
  completeSignIn(answer: ChallengeAnswer): Promise<SignInResult>;
  /** Clears the session everywhere at the call (memory, every store it was written
   *  to, the client's authorization; a pending sign-in is cancelled), then revokes the
   *  refresh token (`revokeToken`, bounded timeout); with `{ global: true }` it signs
   *  the user out on every device instead (`GlobalSignOut`). Invalid options reject
   *  and sign nothing out. */
  signOut(options?: SignOutOptions): Promise<SignOutResult>;
  /** Called with `{ reason, session }` whenever the session changes; `null` removes it. */
  onSessionChange(listener: ((change: SessionChange) => void) | null): void;
  /** The current session, or `null`. */
  getSession(): Session | null;
  /** The access token (refreshed first when about to expire), or `null`. */
  getAccessToken(): Promise<string | null>;
  /** Refreshes the tokens now (shared with any refresh already running). */
  refreshSession(): Promise<Session>;
  /** Sends a password-reset code. */
  forgotPassword(input: { email: string }): Promise<CodeDelivery>;
  /** Sets a new password with the emailed code. */
  confirmForgotPassword(input: { email: string; code: string; newPassword: string }): Promise<void>;
  /** Registers a portal user (`createUserV3`); the user then confirms (`confirmRegistration`). */
  register(input: RegisterInput): Promise<void>;
  /** Confirms a registration: `{ token }` from the confirmation link, or `{ email, code }`. */
  confirmRegistration(input: ConfirmRegistrationInput): Promise<{ confirmed: boolean; alreadyConfirmed: boolean }>;
}
"#;
