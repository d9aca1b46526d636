// Reads a fixture file (one customer's data, see fixtures/*.json and the README) and moves every
// date in it by whole months so that the fixture's `as_of` month becomes the current month: the
// household always looks current (its last reading this month, the open installment last month).
import { readFileSync } from 'node:fs';

const LISTS = ['contracts', 'meters', 'orders', 'opportunities', 'billing_events', 'files', 'notifications', 'partners'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)?$/;

/** Whole months from `asOf` to `today`, never moving `asOf` past `today`. */
export function monthsBetween(asOf, today) {
  let months = (today.getUTCFullYear() - asOf.getUTCFullYear()) * 12 + (today.getUTCMonth() - asOf.getUTCMonth());
  if (today.getUTCDate() < asOf.getUTCDate()) months -= 1;
  return months;
}

function shiftDate(s, months) {
  const m = DATE.exec(s);
  if (!m) return s;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1 + months;
  const target = new Date(Date.UTC(y, mo, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  const date = `${String(target.getUTCFullYear()).padStart(4, '0')}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return m[4] ? `${date}${m[4]}` : date;
}

/** A deep copy of `value` with every ISO date / date-time string moved by `months`. */
export function shiftDates(value, months) {
  if (months === 0) return structuredClone(value);
  if (typeof value === 'string') return shiftDate(value, months);
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, months));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, months)]));
  }
  return value;
}

/** Throws an Error naming the file and the problem when the fixture is not usable. */
function check(data, file) {
  const fail = (msg) => { throw new Error(`fixture ${file}: ${msg}`); };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('the top level must be a JSON object');
  if (typeof data.as_of !== 'string' || !DATE.test(data.as_of)) fail('"as_of" must be a date (YYYY-MM-DD)');
  if (typeof data.org_id !== 'string' || !data.org_id) fail('"org_id" must be a non-empty string');
  for (const key of ['contact', 'portal_user']) {
    if (!data[key] || typeof data[key]._id !== 'string') fail(`"${key}" must be an entity with an "_id"`);
  }
  for (const key of LISTS) {
    if (data[key] === undefined) continue;
    if (!Array.isArray(data[key])) fail(`"${key}" must be an array`);
  }
  for (const meter of data.meters ?? []) {
    if (!Array.isArray(meter.counters)) fail(`meter ${meter._id}: "counters" must be an array`);
    for (const c of meter.counters) {
      if (typeof c._id !== 'string') fail(`meter ${meter._id}: every counter needs an "_id"`);
      for (const r of c.readings ?? []) {
        if (typeof r.value !== 'number' || typeof r.timestamp !== 'string' || Number.isNaN(Date.parse(r.timestamp))) {
          fail(`counter ${c._id}: every reading needs a numeric "value" and a "timestamp"`);
        }
      }
    }
  }
  const ids = new Set();
  const all = [data.contact, data.portal_user, ...LISTS.flatMap((k) => data[k] ?? []), ...(data.meters ?? []).flatMap((m) => m.counters)];
  for (const e of all) {
    const id = e._id ?? e.id;
    if (id === undefined) continue;
    if (ids.has(id)) fail(`the id ${id} is used twice`);
    ids.add(id);
  }
}

/** Loads `file`, checks it and returns its data with the dates moved to `today`. */
export function loadFixture(file, today = new Date()) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`fixture ${file}: ${err.code === 'ENOENT' ? 'file not found' : err.message}`);
  }
  check(data, file);
  for (const key of LISTS) data[key] ??= [];
  return shiftDates(data, monthsBetween(new Date(`${data.as_of}T00:00:00Z`), today));
}
