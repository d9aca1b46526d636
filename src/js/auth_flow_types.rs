//! The TypeScript of the other sign-in flows and of the signed-in user's account
//! (`signInCustom`, `signInWithSso`, TOTP, MFA preferences, attributes, password change,
//! remembered devices, `signOut({ global })`): their inputs and results, and, for the npm
//! package's core (whose sign-in methods the loader adds), the methods themselves. The code
//! is in `src/cognito/js_flows.rs`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FLOWS: &str = r#"
/** `USER_AUTH` first factors. */
export type UserAuthChallenge = 'EMAIL_OTP' | 'SMS_OTP' | 'PASSWORD' | 'PASSWORD_SRP';

/** `signIn` with Cognito's choice-based flow. Without `preferredChallenge` (or when it is not
 *  available) the result is a `SELECT_CHALLENGE` whose `availableChallenges` list the choices;
 *  answer it with `completeSignIn({ answer })` (plus `password` for the password ones, unless
 *  given here). Codes are answered with `completeSignIn({ code })`. */
export interface UserAuthSignInInput {
  authFlow: 'USER_AUTH';
  email: string;
  preferredChallenge?: UserAuthChallenge;
  /** Needed for PASSWORD / PASSWORD_SRP. */
  password?: string;
}

/** An authenticator secret to show (text, or `uri` as a QR code). */
export interface TotpSetup {
  /** Base32 secret. */
  secret: string;
  /** `otpauth://totp/<issuer>:<account>?secret=...` */
  uri: string;
  account: string;
  issuer: string;
}

export interface SignInChallenge {
  /** SELECT_CHALLENGE: the first factors to choose from. */
  availableChallenges?: string[];
  /** MFA_SETUP: the authenticator secret; answer with `completeSignIn({ code })`. */
  totpSetup?: TotpSetup;
}

export interface ChallengeAnswer {
  /** SELECT_CHALLENGE answered PASSWORD / PASSWORD_SRP (default: the one given to signIn). */
  password?: string;
  /** CUSTOM_CHALLENGE: `ClientMetadata` for this and later steps. */
  clientMetadata?: Record<string, string>;
}

/** `signInCustom`: Cognito's CUSTOM_AUTH; with `srp`, the SRP password step comes first. */
export interface CustomSignInInput {
  username: string;
  srp?: { password: string };
  clientMetadata?: Record<string, string>;
}

/** `signInWithSso`: what the identity provider sent back (`code`, `state`) and what the
 *  authorization request used. `ssoCallback` turns the code into tokens; one of them answers
 *  Cognito's custom challenge for `username`. */
export interface SsoSignInInput {
  code: string;
  /** The PKCE verifier of the authorization request. */
  codeVerifier: string;
  redirectUri: string;
  /** The provider's OAuth client id. */
  clientId: string;
  tokenEndpoint: string;
  providerSlug?: string;
  /** Default `authorization_code`. */
  grantType?: string;
  /** The portal's domain (`ssoCallback`'s `domain`). */
  domain?: string;
  /** The redirect's `state`. */
  state: string;
  /** The `state` this sign-in sent to the provider (kept by the page, e.g. in
   *  sessionStorage): it must equal `state`, else nothing is sent (a forged or stale redirect). */
  expectedState: string;
  /** The Cognito user to sign in (default: the `email` claim of the provider's id_token). */
  username?: string;
  /** Which token of ssoCallback's answer is the challenge answer (default `id_token`,
   *  falling back to `access_token`). */
  answerWith?: 'id_token' | 'access_token';
  /** Sent with both Cognito steps; `provider_slug` is added when `providerSlug` is given. */
  clientMetadata?: Record<string, string>;
}

/** `signOut(options)`. */
export interface SignOutOptions {
  /** Sign out on every device first (`GlobalSignOut`: all refresh tokens stop working). */
  global?: boolean;
}

export interface SignOutResult {
  /** `signOut({ global: true })`: whether the global sign-out happened (else only this browser
   *  was signed out, and `error` says why). */
  global?: boolean;
}

export interface MfaPreferenceInput {
  totp?: boolean;
  sms?: boolean;
  email?: boolean;
  /** Also enables it. */
  preferred?: 'TOTP' | 'SMS' | 'EMAIL';
}

export interface UserAttributesResult {
  username: string;
  attributes: Record<string, string>;
  /** SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP */
  mfaEnabled: string[];
  preferredMfa?: string;
}
"#;

/// The flow methods the package's loader adds to `PortalClient` (merged into the class's type).
#[cfg(not(feature = "sign-in"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_FLOW_METHODS: &str = r#"
export interface PortalClient {
  /** Starts Cognito's CUSTOM_AUTH; custom challenges come back as `CUSTOM_CHALLENGE` with
   *  their public `parameters`, answered with `completeSignIn({ answer, clientMetadata })`. */
  signInCustom(input: CustomSignInInput): Promise<SignInResult>;
  /** Single sign-on end to end: `ssoCallback` with the provider's code, then CUSTOM_AUTH
   *  answered with the token it returns; resolves like `signIn`. */
  signInWithSso(input: SsoSignInInput): Promise<SignInResult>;
  /** The issuer shown by authenticator apps for `otpauth://` URIs (default "Customer Portal"). */
  setTotpIssuer(issuer: string): void;
  /** A new authenticator secret for the signed-in user; confirm with `verifyTotp`. */
  setUpTotp(): Promise<TotpSetup>;
  /** Checks a code of the new authenticator; enable it with `setMfaPreference({ totp: true })`. */
  verifyTotp(input: { code: string; deviceName?: string }): Promise<void>;
  /** Enables or disables MFA methods and picks the preferred one. */
  setMfaPreference(input: MfaPreferenceInput): Promise<void>;
  /** Changes the password, checked first against the portal's password policy. */
  changePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  /** The signed-in user's attributes and MFA settings. */
  getUserAttributes(): Promise<UserAttributesResult>;
  /** Changes attributes; resolves with where confirmation codes went (a changed email). */
  updateUserAttributes(attributes: Record<string, string>): Promise<CodeDelivery[]>;
  /** Confirms a changed attribute with the code sent to it. */
  confirmUserAttribute(input: { name: string; code: string }): Promise<void>;
  /** Sends a new confirmation code for an attribute. */
  sendUserAttributeCode(input: { name: string }): Promise<CodeDelivery>;
  /** Remembers this browser after a sign-in, so the next sign-in skips the MFA code. */
  rememberDevice(input?: { name?: string }): Promise<void>;
  /** Forgets this browser's remembered device (at Cognito and here); resolves with
   *  whether there was one. */
  forgetDevice(): Promise<boolean>;
  /** Whether this browser has a remembered device for the current login. */
  hasRememberedDevice(): Promise<boolean>;
}
"#;
