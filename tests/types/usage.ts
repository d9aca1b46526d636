// A consumer of the built package, type-checked (never run) by tests/stages/40-typescript.sh with
// `tsc --strict --noEmit` against pkg/ resolved as the npm package `epilot-portal-sdk`.
//
// * Correct calls must compile.
// * Every `// @ts-expect-error` line must really be an error: tsc reports an unused directive
//   as an error itself (TS2578), so a type that got too loose fails the stage.
// * `Expect<Equal<...>>` pins result types exactly.
import init, { PortalApiError, PortalClient } from 'epilot-portal-sdk';
import type {
  ApiResponse,
  Balance,
  CallOptions,
  ClientOptions,
  Contract,
  CreateMeterReadingResponse,
  Direction,
  EntityItem,
  EntitySearchParams,
  FileItem,
  FilePreviewResult,
  GetMeterReadingsResponseResultsItem,
  ListPortalNotificationsResponse,
  PortalNotification,
  ProviderPublicConfigV3,
  GetAllContractsResponse,
  GetConsumptionResponse,
  GetContractResponse,
  MeterReading,
  PageIterator,
  PortalApiErrorCode,
  PortalConfig,
  RequestHookInfo,
  ResponseHookInfo,
  SearchPortalUserEntitiesResponse,
  SsoLoginV3Response,
  ValidateCadenceEntityEditRulesResponse,
} from 'epilot-portal-sdk';

// ---------- type-level helpers ---------------------------------------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type DataOf<M extends keyof PortalClient> = PortalClient[M] extends (...args: never[]) => Promise<ApiResponse<infer D>> ? D : never;

// Results are typed per operation.
export type Checks = [
  Expect<Equal<DataOf<'getContract'>, GetContractResponse>>,
  Expect<Equal<DataOf<'getAllContracts'>, GetAllContractsResponse>>,
  Expect<Equal<DataOf<'getCustomerBalance'>, Balance>>,
  Expect<Equal<DataOf<'createMeterReading'>, CreateMeterReadingResponse>>,
  Expect<Equal<DataOf<'getPublicPortalConfigV3'>, PortalConfig>>,
  Expect<Equal<DataOf<'getConsumption'>, GetConsumptionResponse>>,
  Expect<Equal<DataOf<'searchPortalUserEntities'>, SearchPortalUserEntitiesResponse>>,
  Expect<Equal<DataOf<'ssoLoginV3'>, SsoLoginV3Response>>,
  Expect<Equal<DataOf<'validateCadenceEntityEditRules'>, ValidateCadenceEntityEditRulesResponse>>,
  Expect<Equal<Parameters<PortalClient['createMeterReading']>[1], MeterReading>>,
  Expect<Equal<Direction, 'feed-in' | 'feed-out'>>,
  Expect<Equal<PortalApiErrorCode, 'HTTP' | 'NETWORK' | 'TIMEOUT' | 'ABORTED' | 'DECODE' | 'INVALID_INPUT'>>,
  Expect<Equal<ApiResponse<Balance>['headers'], Record<string, string>>>,
  Expect<Equal<ReturnType<PortalClient['paginate']['searchPortalUserEntities']>, PageIterator<EntityItem>>>,
  Expect<Equal<ReturnType<PortalClient['paginate']['getAllFiles']>, PageIterator<FileItem>>>,
  // operations of the current definition
  Expect<Equal<DataOf<'getFilePreview'>, FilePreviewResult>>,
  Expect<Equal<DataOf<'listPortalNotifications'>, ListPortalNotificationsResponse>>,
  Expect<Equal<DataOf<'getPublicSSOProviderV3'>, ProviderPublicConfigV3>>,
  Expect<Equal<DataOf<'markAllPortalNotificationsRead'>, null>>,
  Expect<Equal<DataOf<'markPortalNotificationRead'>, null>>,
  Expect<Equal<ReturnType<PortalClient['paginate']['getMeterReadings']>, PageIterator<GetMeterReadingsResponseResultsItem>>>,
];

// ---------- correct use ----------------------------------------------------------------------------
export async function correctUse(): Promise<void> {
  await init();
  await init({ module_or_path: new URL('https://cdn.example.com/epilot_portal_sdk_bg.wasm') });

  const client = new PortalClient({
    baseUrl: 'http://127.0.0.1:4010',
    timeout: 10_000,
    retry: { maxRetries: 2, defaultDelayMs: 500, maxDelayMs: 5000 },
    largeResponse: { enabled: true },
  });
  const none = new PortalClient();
  none.free();
  // `headers` is a plain object, in the options as in `client.headers(...)`.
  new PortalClient({ headers: { 'x-correlation-id': 'abc' } }).free();
  const optionHeaders: Record<string, string> | undefined = ({} as ClientOptions).headers;
  void optionHeaders;

  client.authorize('token');
  client.authorize(async () => 'fresh token');
  client.authorize(() => null);
  client.authorize(null);
  client.headers({ 'x-correlation-id': 'abc' });
  client.retry({ maxRetries: 0 });
  client.largeResponse({ enabled: false });
  client.timeout(5000);
  client.timeout(null);
  client.onRequest((req: RequestHookInfo) => ({ ...req, headers: { ...req.headers, 'x-trace': req.operation } }));
  client.onRequest(() => undefined);
  client.onResponse((res: ResponseHookInfo) => { const ms: number = res.durationMs; void ms; });
  client.onUnauthorized(async () => { client.authorize('refreshed'); });

  // Public config: required query params.
  const config = await client.getPublicPortalConfigV3({ org_id: '123', portal_id: '453ad7bf-86d5-46c8-8252-bcc868df5e3c' });
  const portalName: string | undefined = config.data.name;
  const billingOn: boolean | undefined = config.data.feature_settings?.billing;

  // SSO: the id token is a parameter; the answer has the session token.
  const sso = await client.ssoLoginV3({ portal_id: 'p', org_id: '123', id_token: 'id' }, { provider_slug: 'office-365-login' });
  const token: string | undefined = sso.data.token;

  // Operations without parameters: nothing, null or undefined.
  const contact = await client.getContact();
  await client.getContact(null, null, { timeout: 1000 });
  const balance = await client.getCustomerBalance(undefined, undefined, { headers: { 'x-a': 'b' } });
  const cents: number | undefined = balance.data.balance;

  // Paging params are optional.
  const all = await client.getAllContracts({ from: 0, size: 10 });
  await client.getAllContracts();
  const first = all.data.data?.[0];
  const status: Contract['status'] = first?.status;

  // Path parameter.
  const controller = new AbortController();
  const one = await client.getContract({ id: '5da0a718-c822-403d-9f5d-20d4584e0528' }, undefined, { signal: controller.signal });
  const c: Contract | undefined = one.data.entity;
  const contractName: string | undefined = c?.contract_name;
  const extra: unknown = c?.['custom_attribute'];
  const http: number = one.status;
  const header: string | undefined = one.headers['content-type'];

  await client.getBillingEvents({ from: 0, size: 10, event_type: 'installment', entity_id: ['e1'] });
  await client.getAllOrders({ from: 0, size: 100 });

  // Search body.
  const search: EntitySearchParams = { slug: 'meter', size: 20 };
  const meters = await client.searchPortalUserEntities(null, search);
  if ('results' in meters.data) {
    const ids: string[] = (meters.data.results ?? []).map((m) => m._id);
    void ids;
  }

  // The README's first example (a page of contracts through the generic entity search).
  const readmePage = await client.searchPortalUserEntities(null, { slug: 'contract', from: 0, size: 25 });
  const readmeContracts: EntityItem[] = 'results' in readmePage.data ? readmePage.data.results ?? [] : [];
  void readmeContracts;

  // Paging: every item of a list, pages fetched lazily; from/size optional.
  for await (const entity of client.paginate.searchPortalUserEntities(null, { slug: 'contract', size: 50 }, { signal: controller.signal })) {
    const id: string = entity._id;
    void id;
  }
  for await (const file of client.paginate.getAllFiles()) {
    void file;
  }
  const contracts = client.paginate.getAllContracts({ size: 25 });
  const step = await contracts.next();
  if (!step.done) {
    const item: NonNullable<typeof all.data.data>[number] = step.value;
    void item;
  }
  await contracts.return();

  // Meter readings.
  const range = await client.getAllowedMeterReadingRange({ meter_id: 'm1', timestamp: new Date().toISOString() });
  const max: number | null | undefined = range.data.data?.[0]?.max_value;
  const reading: MeterReading = { value: 1234.5, meter_id: 'm1', source: 'ECP', direction: 'feed-in', timestamp: new Date().toISOString() };
  const created = await client.createMeterReading(null, reading);
  await client.createMeterReading({ override_plausibility: true }, reading);
  const savedValue: number | undefined = created.data.data?.value;
  await client.uploadMeterReadingPhoto(undefined, { filename: 'm.jpg', mime_type: 'image/jpeg', contents: 'data:image/jpeg;base64,AA==', meter_id: 'm1' });
  const consumption = await client.getConsumption({ extensionId: 'e', hookId: 'h', from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z', interval: 'P1D' });
  const points: Array<{ timestamp: string; value: number }> = consumption.data.consumptions ?? [];

  // Operations of the current definition, one of each kind.
  // path parameter
  const preview = await client.getFilePreview({ id: 'f-1' });
  const kind: 'pdf' | 'image' | 'unsupported' = preview.data.kind;
  await client.markPortalNotificationRead({ id: 1234567890 });
  // query parameters (required and optional; the new `domain` on v3 operations)
  const provider = await client.getPublicSSOProviderV3({ provider_slug: 'office-365-login', org_id: '123', portal_id: '453ad7bf-86d5-46c8-8252-bcc868df5e3c' });
  const issuer: string | undefined = provider.data.oidc_config?.oidc_issuer;
  const inbox = await client.listPortalNotifications({ limit: 10 });
  await client.listPortalNotifications({ cursor: inbox.data.cursor, limit: 10 });
  await client.listPortalNotifications();
  const firstNote: PortalNotification | undefined = inbox.data.results?.[0];
  const unreadCount: number | undefined = (await client.getPortalNotificationsUnreadCount()).data.count;
  await client.markAllPortalNotificationsRead();
  await client.userExistsV3({ email: 'a@example.com', domain: 'portal.example.com' });
  await client.putPortalConfig({ portal_id: 'p', page_upsert_mode: 'slug' }, {});
  // body
  const changed = await client.changePortalUserPassword(null, { new_password: 'N3w-Passw0rd!' });
  const message: string | undefined = changed.data.message;
  const readings = await client.getMeterReadings(null, { meter_id: 'm1', counter_id: 'c1', sort: 'asc', size: 5 });
  const hits: number | undefined = readings.data.hits;
  // paged (body): from/size set by the iterator
  for await (const r of client.paginate.getMeterReadings(null, { meter_id: 'm1', counter_id: 'c1' })) {
    const templated: Record<string, string> | undefined = r.templates_output;
    const anyField: unknown = r['value'];
    void [templated, anyField];
  }
  void [kind, issuer, firstNote, unreadCount, message, hits];

  // Account.
  const rules = await client.validateCadenceEntityEditRules({ slug: 'contact', id: 'c1', attribute: 'first_name' });
  const blocked: boolean | undefined = rules.data.isBlockedByRules;
  await client.updateContact(null, { first_name: 'Erika' });

  // Errors.
  try {
    await client.getContract({ id: 'x' });
  } catch (e) {
    if (e instanceof PortalApiError) {
      const code: PortalApiErrorCode = e.code;
      const st: number | undefined = e.status;
      const op: string | undefined = e.operation;
      const data: unknown = e.response?.data;
      const msg: string = e.message;
      const asError: Error = e;
      if (e.code === 'HTTP' && e.response) {
        const rs: number = e.response.status;
        void rs;
      }
      void [code, st, op, data, msg, asError];
    }
  }

  void [portalName, billingOn, token, contact, cents, status, contractName, extra, http, header, max, savedValue, points, blocked];
}

// ---------- wrong use: each line below must be a type error -----------------------------------------
export async function wrongUse(client: PortalClient): Promise<void> {
  const base = { meter_id: 'm1', source: 'ECP' } as const;

  // @ts-expect-error value must be a number, not a string
  await client.createMeterReading(null, { ...base, value: '1234' });

  // @ts-expect-error direction is 'feed-in' | 'feed-out'
  await client.createMeterReading(null, { ...base, value: 1, direction: 'sideways' });

  // @ts-expect-error source is required
  await client.createMeterReading(null, { value: 1, meter_id: 'm1' });

  // @ts-expect-error the path parameter `id` is required
  await client.getContract({});

  // @ts-expect-error getContract needs its params at all
  await client.getContract();

  // @ts-expect-error a number where the path parameter is a string
  await client.getContract({ id: 42 });

  // @ts-expect-error call option timeout is a number of ms, not a string
  await client.getContact(null, null, { timeout: '5s' });

  // @ts-expect-error call option signal must be an AbortSignal
  await client.getContact(null, null, { signal: true });

  // @ts-expect-error an unknown call option
  await client.getContact(null, null, { retries: 3 });

  // @ts-expect-error client option retry.maxRetries is a number
  new PortalClient({ retry: { maxRetries: 'three' } });

  // @ts-expect-error an unknown client option
  new PortalClient({ baseURL: 'http://x' });

  // @ts-expect-error authorize takes a string, a token function or null
  client.authorize(42);

  // @ts-expect-error interval is one of 'PT15M' | 'PT1H' | 'P1D' | 'P1M' | 'P1Y' | 'custom'
  await client.getConsumption({ extensionId: 'e', hookId: 'h', from: 'a', to: 'b', interval: 'weekly' });

  // @ts-expect-error getPublicPortalConfigV3 needs org_id and portal_id
  await client.getPublicPortalConfigV3({ org_id: '123' });

  // @ts-expect-error the search body needs a slug
  await client.searchPortalUserEntities(null, { size: 10 });

  // @ts-expect-error no such operation
  await client.getContracts();

  // @ts-expect-error getMeterReadings needs counter_id
  await client.getMeterReadings(null, { meter_id: 'm1' });

  // @ts-expect-error getMeterReadings needs its body
  await client.getMeterReadings();

  // @ts-expect-error a notification is marked read by its numeric notification_id
  await client.markPortalNotificationRead({ id: '1234567890' });

  // @ts-expect-error getPublicSSOProviderV3 needs org_id and portal_id
  await client.getPublicSSOProviderV3({ provider_slug: 'office-365-login' });

  // @ts-expect-error page_upsert_mode is 'id' | 'slug'
  await client.putPortalConfig({ portal_id: 'p', page_upsert_mode: 'name' }, {});

  // @ts-expect-error sort is 'asc' | 'desc'
  client.paginate.getMeterReadings(null, { meter_id: 'm1', counter_id: 'c1', sort: 'newest' });

  // @ts-expect-error the cursor lists have no paginate helper
  client.paginate.listPortalNotifications();

  // @ts-expect-error paginate: size is a number
  client.paginate.getAllContracts({ size: '25' });

  // @ts-expect-error only paged operations have a paginate helper
  client.paginate.getContact();

  const one = await client.getContract({ id: 'x' });
  // @ts-expect-error entity may be undefined: not assignable to Contract
  const c: Contract = one.data.entity;
  // @ts-expect-error contract_number is a string, not a number
  const n: number | undefined = one.data.entity?.contract_number;
  // @ts-expect-error status is a closed set of values
  const s: NonNullable<Contract['status']> = 'on_fire';

  try {
    await client.getContact();
  } catch (e) {
    if (e instanceof PortalApiError) {
      // @ts-expect-error 'FOO' is not a PortalApiErrorCode: the comparison can never be true
      if (e.code === 'FOO') return;
      // @ts-expect-error status is number | undefined
      const st: number = e.status;
      void st;
    }
  }
  const opts: CallOptions = {};
  void [c, n, s, opts];
}

// Sign-in flows beyond email + password: typed inputs and results.
export async function signInFlows(client: PortalClient): Promise<void> {
  let r = await client.signIn({ authFlow: 'USER_AUTH', email: 'a@b.c', preferredChallenge: 'EMAIL_OTP' });
  if (r.kind === 'challenge') {
    const choices: string[] | undefined = r.availableChallenges;
    const uri: string | undefined = r.totpSetup?.uri;
    void [choices, uri];
    r = await client.completeSignIn({ answer: 'PASSWORD_SRP', password: 'pw', clientMetadata: { a: 'b' } });
  }
  // @ts-expect-error not a USER_AUTH first factor
  await client.signIn({ authFlow: 'USER_AUTH', email: 'a@b.c', preferredChallenge: 'MAGIC' });
  await client.signInCustom({ username: 'a@b.c', srp: { password: 'pw' }, clientMetadata: { k: 'v' } });
  await client.signInWithSso({ code: 'c', codeVerifier: 'v', redirectUri: 'https://p/cb', clientId: 'id', tokenEndpoint: 'https://idp/token', state: 's', expectedState: 's', answerWith: 'id_token' });
  // @ts-expect-error the state the sign-in sent is required (it refuses forged redirects)
  await client.signInWithSso({ code: 'c', codeVerifier: 'v', redirectUri: 'https://p/cb', clientId: 'id', tokenEndpoint: 'https://idp/token', state: 's' });
  const out = await client.signOut({ global: true });
  const global: boolean | undefined = out.global;
  await client.signOut();
  const setup = await client.setUpTotp();
  await client.verifyTotp({ code: '123456' });
  await client.setMfaPreference({ totp: true, preferred: 'TOTP' });
  // @ts-expect-error preferred is TOTP, SMS or EMAIL
  await client.setMfaPreference({ preferred: 'PIGEON' });
  const attrs = await client.getUserAttributes();
  const email: string | undefined = attrs.attributes.email;
  await client.rememberDevice();
  const forgot: boolean = await client.forgetDevice();
  await client.changePassword({ oldPassword: 'a', newPassword: 'b' });
  void [global, setup.secret, email, forgot];
}
