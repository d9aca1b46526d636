// The contenders, each loaded the way an app would, behind one shape:
//   load() -> { small(): Promise<data>, large(): Promise<data>, wasmBytes?(): number }
// `small` is getContact (~1 KB), `large` is searchPortalUserEntities (1,000 entities, ~1 MB).

const TOKEN = 'bench-token';
// The request body of the large call (the same for everyone; the server drops it).
export const SEARCH = { slug: 'contract', q: '*', from: 0, size: 1000 };

export const CONTENDERS = {
  /** epilot-portal-sdk (this repo): Rust -> wasm. */
  async ours(origin) {
    const m = await import('/out/ours.js');
    const wasm = await m.default();
    const c = new m.PortalClient({ baseUrl: origin });
    c.authorize(TOKEN);
    return {
      client: c,
      small: () => c.getContact().then((r) => r.data),
      large: () => c.searchPortalUserEntities(null, SEARCH).then((r) => r.data),
      wasmBytes: () => wasm.memory.buffer.byteLength,
    };
  },
  /** @epilot/customer-portal-client 0.23.1 (openapi-client-axios + axios, XHR). */
  async official(origin) {
    const m = await import('/out/official.js');
    const c = m.getClient();
    c.defaults.baseURL = origin;
    c.defaults.headers.common.Authorization = `Bearer ${TOKEN}`;
    return {
      client: c,
      small: () => c.getContact().then((r) => r.data),
      large: () => c.searchPortalUserEntities(null, SEARCH).then((r) => r.data),
    };
  },
  /** @epilot/sdk 2.20.31, `@epilot/sdk/customer-portal` (init only: same runtime as `official`). */
  async epilotSdk(origin) {
    const m = await import('/out/epilot-sdk.js');
    const c = m.getClient();
    c.defaults.baseURL = origin;
    c.defaults.headers.common.Authorization = `Bearer ${TOKEN}`;
    return {
      client: c,
      small: () => c.getContact().then((r) => r.data),
      large: () => c.searchPortalUserEntities(null, SEARCH).then((r) => r.data),
    };
  },
  /** The floor: the browser's fetch + res.json(), same headers. */
  async raw(origin) {
    return {
      small: () => fetch(`${origin}/v2/portal/contact`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } }).then((r) => r.json()),
      large: () =>
        fetch(`${origin}/v2/portal/entity:search`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify(SEARCH),
        }).then((r) => r.json()),
    };
  },
};

/** Throws unless `data` is the body the server sends (so a broken contender cannot look fast). */
export function check(name, kind, data) {
  const ok = kind === 'small' ? data?.entity?._schema === 'contact' && data.entity.first_name === 'Jürgen' : data?.results?.length === 1000 && data.results[999]._schema === 'contract' && data.hits === 1000;
  if (!ok) throw new Error(`${name}.${kind}() did not return the expected body: ${JSON.stringify(data)?.slice(0, 200)}`);
}
