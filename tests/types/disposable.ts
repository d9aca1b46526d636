// An app whose TypeScript lib has esnext.disposable (tests/stages/40-typescript.sh compiles this
// one with it): `using` frees the client at the end of the scope, and `[Symbol.dispose]` is there.
import { PortalClient } from 'epilot-portal-sdk';

export function scoped(): void {
  using client = new PortalClient();
  client.authorize('t');
}

export function explicit(client: PortalClient): void {
  client[Symbol.dispose]();
}
