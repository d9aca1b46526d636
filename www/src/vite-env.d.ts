/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Customer Portal API (default: the local API, http://127.0.0.1:4010). */
  readonly VITE_API_URL?: string;
  /** Organization id for the public portal config (default: the spec's example, 123). */
  readonly VITE_ORG_ID?: string;
  /** Portal id for the public portal config and SSO (default: the spec's example). */
  readonly VITE_PORTAL_ID?: string;
  /** Cognito endpoint instead of AWS's (a local emulator, e.g. http://127.0.0.1:4030). */
  readonly VITE_COGNITO_ENDPOINT?: string;
  /** The user pool (`<region>_<name>`); with VITE_COGNITO_CLIENT_ID, no portal config is read for it. */
  readonly VITE_COGNITO_USER_POOL_ID?: string;
  /** The pool's app client (public, no secret). */
  readonly VITE_COGNITO_CLIENT_ID?: string;
  /** A local emulator's config (`GET /__config`), read at startup when the pool is not given. */
  readonly VITE_COGNITO_CONFIG_URL?: string;
  /** The API for sign-in's calls (portal config, revokeToken); default VITE_API_URL. */
  readonly VITE_AUTH_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
