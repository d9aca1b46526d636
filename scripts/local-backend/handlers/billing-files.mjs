// Billing events and balance; the customer's files (list, one, counts, save, delete, downloaded).
import { randomUUID } from 'node:crypto';
import { bad, reply } from '../errors.mjs';
import { entitiesBySlug } from '../store.mjs';
import { balanceCents } from '../views.mjs';
import { find, list, num, page } from './util.mjs';

const contractOf = (e) => e.contract?.$relation?.[0]?.entity_id;

function billingEvents(state, query) {
  let events = state.billingEvents;
  const ids = list(query, 'entity_id');
  if (ids.length) events = events.filter((e) => ids.includes(contractOf(e)) || ids.includes(e._id));
  const type = query.get('event_type');
  if (type) events = events.filter((e) => e.type === type);
  const paid = query.get('paid');
  if (paid !== null) events = events.filter((e) => Boolean(e.paid_date) === (paid === 'true'));
  const after = query.get('date_after');
  if (after) events = events.filter((e) => Date.parse(e.due_date) > Date.parse(after));
  const before = query.get('date_before');
  if (before) events = events.filter((e) => Date.parse(e.due_date) < Date.parse(before));
  const asc = /:asc$|^asc$/i.test(query.get('sort') ?? '');
  return [...events].sort((a, b) => (asc ? 1 : -1) * String(a.due_date).localeCompare(String(b.due_date)));
}

/** The customer's entity `id` of any kind (what a file can be attached to). */
function ownEntity(state, id, type) {
  const all = Object.entries(entitiesBySlug(state)).filter(([slug]) => slug !== 'meter_counter').flatMap(([, items]) => items);
  return find(all, id, type || 'entity');
}

function fileType(filename) {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  if (['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic'].includes(ext)) return ['image', `image/${ext === 'jpg' ? 'jpeg' : ext}`];
  if (ext === 'pdf') return ['document', 'application/pdf'];
  return ['unknown', 'application/octet-stream'];
}

export default {
  getBillingEvents: ({ state, query }) => {
    const events = billingEvents(state, query);
    return { results: page(events, num(query, 'from', 0), num(query, 'size', 25)), hits: events.length };
  },
  getCustomerBalance: ({ state }) => {
    const cents = balanceCents(state.billingEvents);
    return { balance: cents, balance_decimal: cents / 100, balance_currency: 'EUR' };
  },

  getAllFiles: ({ state, query }) => {
    let files = [...state.files].sort((a, b) => String(b.file_date).localeCompare(String(a.file_date)));
    const ids = list(query, 'entity_ids');
    if (ids.length) files = files.filter((f) => (f._relations ?? []).some((r) => ids.includes(r.entity_id)));
    const types = list(query, 'file_types');
    if (types.length) files = files.filter((f) => types.includes(f.type));
    return { results: page(files, num(query, 'from', 0), num(query, 'size', 25)), hits: files.length };
  },
  getFileById: ({ state, params }) => ({ file: find(state.files, params.id, 'file') }),
  trackFileDownloaded: ({ state, params, now }) => {
    const f = find(state.files, params.id, 'file');
    f.is_new = false;
    f._updated_at = now;
    return { file: f };
  },
  getFilesCountByEntity: ({ state }) => {
    const counts = new Map();
    for (const f of state.files) {
      for (const r of f._relations ?? []) {
        const c = counts.get(r.entity_id) ?? { entity_id: r.entity_id, _schema: r._schema, _title: r._title, file_count: 0 };
        c.file_count += 1;
        counts.set(r.entity_id, c);
      }
    }
    return [...counts.values()];
  },
  saveEntityFile: ({ state, body, now }) => {
    const target = ownEntity(state, body.entity_id, body.entity_type);
    const created = body.files.map((f) => {
      if (!f.filename.trim()) throw bad('Every file needs a filename.');
      const [type, mime] = fileType(f.filename);
      return {
        _id: randomUUID(), _schema: 'file', _title: f.filename, _org: state.org, _tags: [], _created_at: now, _updated_at: now,
        filename: f.filename, access_control: f.access_control ?? 'private', type, mime_type: mime, file_date: now,
        is_new: true, s3ref: f.s3ref, custom_download_url_auth: 'token',
        _relations: [{ entity_id: target._id, _schema: target._schema, _title: target._title }],
      };
    });
    state.files.push(...created);
    return reply(201, { createdFiles: created });
  },
  deleteEntityFile: ({ state, body }) => {
    const target = ownEntity(state, body.entity_id, body.entity_type);
    const gone = body.file_entity_ids.map((id) => find(state.files, id, 'file'));
    for (const f of gone) {
      f._relations = (f._relations ?? []).filter((r) => r.entity_id !== target._id);
      if (f._relations.length === 0) state.files.splice(state.files.indexOf(f), 1);
    }
    return reply(202, { deletedFiles: gone.map((f) => f._id) });
  },
};
