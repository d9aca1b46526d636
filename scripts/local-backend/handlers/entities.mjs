// Contracts, orders (with the acceptance of an offer), opportunities, requests, and the generic
// entity:search / entity:get over every entity of the customer.
import { bad, conflict, missing } from '../errors.mjs';
import { entitiesBySlug } from '../store.mjs';
import { contractView, entityView, meterView } from '../views.mjs';
import { find, merge, num, page } from './util.mjs';

const CONTRACT_LOCKED = ['status', 'contract_number', 'branch', 'balance', 'tariff', 'start_date', 'termination_date'];
const ORDER_LOCKED = ['status', 'acceptance', 'order_number', 'line_items', 'amount_total', 'amount_total_decimal', 'total_details'];
const relatedTo = (id) => (f) => (f._relations ?? []).some((r) => r.entity_id === id);

/** The entities of `slug` (a name the client chose: only the index's own keys count). */
const of = (index, slug) => (typeof slug === 'string' && Object.hasOwn(index, slug) ? index[slug] : []);

function slugsOf(slug) {
  if (typeof slug === 'string') return [slug];
  return slug.map((s) => (typeof s === 'string' ? s : s.slug));
}

/** "field" or "field:asc|desc"; without one, the fixture's order stays (what a developer wrote). */
function sorter(sort) {
  if (!sort) return () => 0;
  const [field, dir] = sort.split(':');
  const k = dir === 'asc' ? 1 : -1;
  return (a, b) => k * String(a[field] ?? '').localeCompare(String(b[field] ?? ''), 'en', { numeric: true });
}

function project(e, fields) {
  if (!fields?.length) return e;
  const keep = new Set(['_id', '_schema', '_title', '_org', '_created_at', '_updated_at', ...fields]);
  return Object.fromEntries(Object.entries(e).filter(([k]) => keep.has(k)));
}

function search(state, body) {
  const index = entitiesBySlug(state);
  const q = typeof body.q === 'string' ? body.q.trim().toLowerCase() : '';
  let hits = slugsOf(body.slug).flatMap((slug) => of(index, slug).map((e) => entityView(state, slug, e)));
  if (q) hits = hits.filter((e) => JSON.stringify(e).toLowerCase().includes(q));
  hits.sort(sorter(body.sort));
  const from = body.from ?? 0;
  const size = body.size ?? 25;
  const results = page(hits, from, size).map((e) => project(e, body.fields));
  return { results, hits: hits.length, pagination: { from, size, total: hits.length, has_more: from + results.length < hits.length } };
}

export default {
  getAllContracts: ({ state, query }) => ({
    data: page(state.contracts, num(query, 'from', 0), num(query, 'size', 25)).map((c) => contractView(state, c)),
  }),
  getContract: ({ state, params }) => {
    const c = find(state.contracts, params.id, 'contract');
    return {
      entity: contractView(state, c),
      orders: state.orders.filter((o) => o.contract_id === c._id),
      meters: state.meters.filter((m) => m.contract_id === c._id).map((m) => meterView(state, m)),
      files: state.files.filter(relatedTo(c._id)),
      relations: [],
    };
  },
  updateContract: ({ state, params, body, now }) => ({ data: contractView(state, merge(find(state.contracts, params.id, 'contract'), body, now, CONTRACT_LOCKED)) }),

  getAllOrders: ({ state, query }) => ({ data: page(state.orders, num(query, 'from', 0), num(query, 'size', 25)) }),
  getOrder: ({ state, params }) => {
    const o = find(state.orders, params.id, 'order');
    return { entity: o, files: state.files.filter(relatedTo(o._id)), relations: [], products: [] };
  },
  updateOrder: ({ state, params, body, now }) => ({ data: merge(find(state.orders, params.id, 'order'), body, now, ORDER_LOCKED) }),
  postOrderAcceptance: ({ state, params, body, now }) => {
    const o = find(state.orders, params.id, 'order');
    if (o.status !== 'open_for_acceptance') {
      throw conflict(`The order ${o.order_number ?? o._id} is not open for acceptance (its status is "${o.status}").`);
    }
    o.status = body.decision === 'accept' ? 'placed' : 'cancelled';
    o.acceptance = { decision: body.decision, decided_at: now };
    o._updated_at = now;
    return { data: o };
  },

  getAllOpportunities: ({ state, query }) => ({ data: page(state.opportunities, num(query, 'from', 0), num(query, 'size', 25)) }),
  getOpportunity: ({ state, params }) => {
    const o = find(state.opportunities, params.id, 'opportunity');
    return { entity: o, orders: [], files: state.files.filter(relatedTo(o._id)), relations: [] };
  },
  updateOpportunity: ({ state, params, body, now }) => ({ data: merge(find(state.opportunities, params.id, 'opportunity'), body, now) }),
  getAllRequests: ({ state, query }) => {
    const all = [...state.opportunities, ...state.orders].sort(sorter('_created_at:desc'));
    return { hits: all.length, results: page(all, num(query, 'from', 0), num(query, 'size', 25)) };
  },

  searchPortalUserEntities: ({ state, body }) => {
    if (!body?.slug) throw bad('Say which entities to search: "slug" is required.');
    return search(state, body);
  },
  getPortalUserEntity: ({ state, body }) => {
    if (!body?.slug) throw bad('Say which entity to get: "slug" is required.');
    const items = of(entitiesBySlug(state), body.slug);
    const e = body.entity_id === undefined ? items[0] : items.find((x) => x._id === body.entity_id);
    if (!e) throw missing(`There is no ${body.slug} ${body.entity_id ?? ''} in this customer's account.`.replace('  ', ' '));
    return { result: project(entityView(state, body.slug, e), body.fields) };
  },
};
