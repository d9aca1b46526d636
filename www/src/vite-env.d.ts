/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Customer Portal API (default: the local API, http://127.0.0.1:4010). */
  readonly VITE_API_URL?: string;
  /** Organization id for the public portal config (default: the spec's example, 123). */
  readonly VITE_ORG_ID?: string;
  /** Portal id for the public portal config and SSO (default: the spec's example). */
  readonly VITE_PORTAL_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
