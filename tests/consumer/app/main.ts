// A fresh app that installed epilot-portal-sdk from its packed tarball. Type-checked with
// `tsc --strict --noEmit`, bundled by `vite build`, run in Chromium by tests/consumer/run.mjs.
import init, { PortalApiError, PortalClient } from 'epilot-portal-sdk';
import type { Contract, PortalConfig } from 'epilot-portal-sdk';

interface Outcome {
  portalName: string | null;
  contracts: number;
  firstContract: string | null;
  contractNumber: string | null;
  error: { isPortalApiError: boolean; isError: boolean; code: string; status: number | null; operation: string | null } | null;
}

const out = document.getElementById('result')!;

async function run(): Promise<Outcome> {
  await init();
  const client = new PortalClient({ baseUrl: import.meta.env.VITE_API_URL ?? 'http://127.0.0.1:4010', retry: { maxRetries: 0 } });
  client.authorize('consumer-token');

  const config: PortalConfig = (await client.getPublicPortalConfigV3({ org_id: '123', portal_id: '453ad7bf-86d5-46c8-8252-bcc868df5e3c' })).data;
  const list = await client.getAllContracts({ from: 0, size: 5 });
  const first = list.data.data?.[0];
  let contract: Contract | undefined;
  if (first) contract = (await client.getContract({ id: first._id })).data.entity;

  let error: Outcome['error'] = null;
  try {
    await client.getContract({ id: '5da0a718-c822-403d-9f5d-20d4584e0528' }, null, { headers: { Prefer: 'code=404' } });
  } catch (e) {
    error = {
      isPortalApiError: e instanceof PortalApiError,
      isError: e instanceof Error,
      code: e instanceof PortalApiError ? e.code : String(e),
      status: e instanceof PortalApiError ? e.status ?? null : null,
      operation: e instanceof PortalApiError ? e.operation ?? null : null,
    };
  }
  return {
    portalName: config.name ?? null,
    contracts: list.data.data?.length ?? 0,
    firstContract: first?._id ?? null,
    contractNumber: contract?.contract_number ?? null,
    error,
  };
}

run().then(
  (outcome) => {
    out.textContent = JSON.stringify(outcome, null, 2);
    document.body.dataset.done = 'ok';
  },
  (e: unknown) => {
    out.textContent = `FAILED: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    document.body.dataset.done = 'error';
  },
);
