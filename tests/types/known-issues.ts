// Type checks that fail today because of a known, reported bug in the generated .d.ts.
// tests/stages/40-typescript.sh compiles this file on its own and prints a loud warning while it
// fails (it does not fail the stage); once it compiles, move these lines into usage.ts.
//
// 1. `new PortalClient({ headers })`: ClientOptions.headers is declared `Map<string, string>`
//    (tsify's rendering of the Rust BTreeMap), but the client reads a plain object, like
//    `client.headers(...)`, which is declared `Record<string, string>`.
//    Fix (src/js/options.rs): `#[tsify(optional, type = "Record<string, string>")]` on `headers`.
import { PortalClient } from 'epilot-portal-sdk';
import type { ClientOptions } from 'epilot-portal-sdk';

export const client = new PortalClient({ headers: { 'x-correlation-id': 'abc' } });
export const headers: Record<string, string> | undefined = ({} as ClientOptions).headers;
