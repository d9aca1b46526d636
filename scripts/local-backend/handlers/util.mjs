// Small helpers the handlers share: paging, query values, finding an entity of the customer.
import { missing } from '../errors.mjs';

/** A non-negative integer query value, or `dflt` when absent. */
export function num(query, name, dflt) {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : dflt;
}

/** Every value of a repeated query parameter (also `a,b` in one value). */
export function list(query, name) {
  return query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function page(items, from, size) {
  return items.slice(from, from + size);
}

/** The entity with `id` in `items`, or the API's "not found" (also for another customer's id). */
export function find(items, id, what) {
  const e = items.find((x) => x._id === id);
  if (!e) throw missing(`There is no ${what} ${id} in this customer's account.`);
  return e;
}

/**
 * Applies a PATCH body to an entity. Fields starting with "_" are the system's (except _tags), and
 * `locked` fields change only through their own operation (an order's status through acceptance).
 */
export function merge(entity, body, now, locked = []) {
  for (const [k, v] of Object.entries(body ?? {})) {
    if ((k.startsWith('_') && k !== '_tags') || locked.includes(k)) continue;
    entity[k] = v;
  }
  entity._updated_at = now;
  return entity;
}
