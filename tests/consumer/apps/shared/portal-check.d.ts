// Types of portal-check.js for the TypeScript apps.
export interface Outcome {
  portalName: string | null;
  contactId: string | null;
  contactTitle: string | null;
  error: { isPortalApiError: boolean; isError: boolean; code: string; status: number | null; operation: string | null } | null;
  signIn: { signedIn: string; signedOut: boolean };
}
export interface PageUrls {
  api: string;
  cognito: string;
}
export type Result = { ok: true; outcome: Outcome } | { ok: false; error: unknown };
export function urlsFromPage(): PageUrls;
export function runChecks(urls: PageUrls): Promise<Outcome>;
export function outcomeText(result: Result): string;
export function settle(start: () => Promise<Outcome>): Promise<Result>;
export function showIn(element: HTMLElement, start: () => Promise<Outcome>): void;
