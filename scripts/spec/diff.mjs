// What changed between two prepared API definitions, for users: operations, parameters and schema
// members added, removed or changed, and the semver bump that implies.
//
//   import { diffSpecs, bumpOf } from './diff.mjs';
//   const changes = diffSpecs(oldSpec, newSpec);   // [{ what, change, name, detail, breaking }]
//   bumpOf(changes)                                 // 'major' | 'minor' | 'none'
//
// Rules (from a caller's point of view, TypeScript and Rust alike):
//   removed anything (operation, parameter, schema, member, enum value)  -> breaking (major)
//   narrowed: a parameter, body or member newly required, a new required parameter on an existing
//   operation, a changed type, method or path, a public operation that now needs a token
//                                                                         -> breaking (major)
//   added (optional parameter, operation, schema, member, enum value), widened (a union that
//   gained branches, a value that may now be null), deprecated, no longer required, no longer
//   needing a token                                                       -> minor
//   nothing of the above                                                  -> none (examples,
//   formats and prose do not change the SDK's API)

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_PREFIX = '#/components/schemas/';

export function operationsOf(spec) {
  const out = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) {
      if (!METHODS.includes(method) || !op?.operationId) continue;
      const params = new Map();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(spec, p))) {
        if (p?.name && p?.in) params.set(`${p.in}:${p.name}`, p);
      }
      out.set(op.operationId, { id: op.operationId, method: method.toUpperCase(), path, op, params });
    }
  }
  return out;
}

function resolve(spec, node, depth = 0) {
  const ref = node?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 16) return node;
  const target = ref.slice(2).split('/').reduce((n, k) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  return target === undefined ? node : resolve(spec, target, depth + 1);
}

function isPublic(spec, op) {
  const security = op.security ?? spec.security ?? [];
  return security.length === 0 || security.some((req) => Object.keys(req).length === 0);
}

/** A short, comparable spelling of a schema's type. */
export function typeName(spec, schema, depth = 0) {
  if (!schema || typeof schema !== 'object') return 'any';
  if (typeof schema.$ref === 'string') return schema.$ref.startsWith(SCHEMA_PREFIX) ? schema.$ref.slice(SCHEMA_PREFIX.length) : typeName(spec, resolve(spec, schema), depth + 1);
  if (depth > 8) return '…';
  const nullable = schema.nullable ? ' | null' : '';
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return `${union.map((s) => typeName(spec, s, depth + 1)).join(' | ')}${nullable}`;
  if (schema.allOf?.length === 1) return `${typeName(spec, schema.allOf[0], depth + 1)}${nullable}`;
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => typeName(spec, s, depth + 1));
    return parts.every((p) => /^[A-Z]\w*$/.test(p)) ? `(${parts.join(' & ')})${nullable}` : `object${nullable}`;
  }
  if (schema.type === 'array') return `${typeName(spec, schema.items, depth + 1)}[]${nullable}`;
  if (schema.type === 'integer') return `number${nullable}`; // one JS type; Rust maps both to numbers too
  return `${schema.type ?? (schema.properties ? 'object' : 'any')}${nullable}`;
}

/** A member declared by two allOf parts must satisfy both (as the generator types it). */
function both(before, after) {
  if (!before || JSON.stringify(before) === JSON.stringify(after)) return after;
  if (before.type === 'array' && after.type === 'array' && before.items?.$ref && after.items?.$ref) {
    return { type: 'array', items: { allOf: [before.items, after.items] } };
  }
  if (before.$ref && after.$ref) return { allOf: [before, after] };
  return after;
}

/** Members (allOf merged) and required names of an object schema. */
function membersOf(spec, schema, depth = 0) {
  const props = new Map();
  const required = new Set();
  const walk = (s, d) => {
    s = resolve(spec, s);
    if (!s || typeof s !== 'object' || d > 12) return;
    for (const part of s.allOf ?? []) walk(part, d + 1);
    for (const [name, p] of Object.entries(s.properties ?? {})) props.set(name, both(props.get(name), p));
    for (const name of s.required ?? []) required.add(name);
  };
  walk(schema, depth);
  return { props, required };
}

/** Enum values declared right here (not through a `$ref`: a named enum is compared as a schema). */
function enumOf(schema) {
  const values = schema?.enum ?? (schema?.type === 'array' ? schema.items?.enum : undefined);
  return Array.isArray(values) ? values.map(String) : null;
}

/** A type change: `widened` when every old alternative is still accepted (a union that gained
 *  branches, a value that may now be null), else `changed` (breaking). */
function typeChange(out, what, name, before, after) {
  if (before === after) return;
  const [a, b] = [before.split(' | '), after.split(' | ')];
  const widened = a.every((t) => b.includes(t));
  out.push({ what, change: 'changed', name, detail: `type ${before} -> ${after}${widened ? ' (widened)' : ''}`, breaking: !widened });
}

function enumChanges(out, what, name, oldSchema, newSchema) {
  const before = enumOf(oldSchema);
  const after = enumOf(newSchema);
  if (!before || !after) return;
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  if (added.length) out.push({ what, change: 'changed', name, detail: `new values ${added.map((v) => `\`${v}\``).join(', ')}`, breaking: false });
  if (removed.length) out.push({ what, change: 'changed', name, detail: `values removed: ${removed.map((v) => `\`${v}\``).join(', ')}`, breaking: true });
}

/** Member changes of one object schema (label: where it lives), recursing into inline objects. */
function diffMembers(out, label, oldSpec, oldSchema, newSpec, newSchema, depth = 0) {
  if (depth > 4) return;
  const a = membersOf(oldSpec, oldSchema);
  const b = membersOf(newSpec, newSchema);
  for (const [name, schema] of b.props) {
    const member = `${label}.${name}`;
    if (!a.props.has(name)) {
      out.push({ what: 'member', change: 'added', name: member, detail: typeName(newSpec, schema) + (b.required.has(name) ? ', required' : ''), breaking: false });
      continue;
    }
    const before = a.props.get(name);
    typeChange(out, 'member', member, typeName(oldSpec, before), typeName(newSpec, schema));
    if (!a.required.has(name) && b.required.has(name)) out.push({ what: 'member', change: 'changed', name: member, detail: 'now required', breaking: true });
    if (a.required.has(name) && !b.required.has(name)) out.push({ what: 'member', change: 'changed', name: member, detail: 'no longer required', breaking: false });
    if (!resolve(oldSpec, before)?.deprecated && resolve(newSpec, schema)?.deprecated) out.push({ what: 'member', change: 'changed', name: member, detail: 'deprecated', breaking: false });
    enumChanges(out, 'member', member, before, schema);
    // inline objects are compared here; named ones under their own name
    if (!before.$ref && !schema.$ref) diffMembers(out, member, oldSpec, before, newSpec, schema, depth + 1);
  }
  for (const name of a.props.keys()) {
    if (!b.props.has(name)) out.push({ what: 'member', change: 'removed', name: `${label}.${name}`, detail: '', breaking: true });
  }
}

function jsonBodySchema(spec, holder) {
  const content = resolve(spec, holder)?.content ?? {};
  const key = Object.keys(content).find((k) => k.includes('json')) ?? Object.keys(content)[0];
  return key ? content[key]?.schema : undefined;
}

function successSchema(spec, op) {
  const code = Object.keys(op.responses ?? {}).find((c) => c.startsWith('2'));
  return code ? jsonBodySchema(spec, op.responses[code]) : undefined;
}

function diffOperation(out, oldSpec, a, newSpec, b) {
  const id = b.id;
  if (a.method !== b.method || a.path !== b.path) {
    out.push({ what: 'operation', change: 'changed', name: id, detail: `${a.method} ${a.path} -> ${b.method} ${b.path}`, breaking: true });
  }
  const [pubA, pubB] = [isPublic(oldSpec, a.op), isPublic(newSpec, b.op)];
  if (pubA !== pubB) out.push({ what: 'operation', change: 'changed', name: id, detail: pubB ? 'no longer needs a token' : 'now needs a token', breaking: !pubB });
  if (!a.op.deprecated && b.op.deprecated) out.push({ what: 'operation', change: 'changed', name: id, detail: 'deprecated', breaking: false });
  if (a.op.deprecated && !b.op.deprecated) out.push({ what: 'operation', change: 'changed', name: id, detail: 'no longer deprecated', breaking: false });
  const [bodyA, bodyB] = [resolve(oldSpec, a.op.requestBody), resolve(newSpec, b.op.requestBody)];
  if (!bodyA && bodyB) out.push({ what: 'operation', change: 'changed', name: id, detail: `takes a ${bodyB.required ? 'required' : 'optional'} body`, breaking: !!bodyB.required });
  if (bodyA && !bodyB) out.push({ what: 'operation', change: 'changed', name: id, detail: 'takes no body any more', breaking: true });
  if (bodyA && bodyB && !bodyA.required && bodyB.required) out.push({ what: 'operation', change: 'changed', name: id, detail: 'body now required', breaking: true });
  if (bodyA && bodyB && bodyA.required && !bodyB.required) out.push({ what: 'operation', change: 'changed', name: id, detail: 'body now optional', breaking: false });

  for (const [key, p] of b.params) {
    const [loc, name] = [p.in, p.name];
    const label = `${id}: \`${name}\` (${loc})`;
    const before = a.params.get(key);
    if (!before) {
      out.push({ what: 'parameter', change: 'added', name: label, detail: p.required ? 'required' : 'optional', breaking: !!p.required });
      continue;
    }
    typeChange(out, 'parameter', label, typeName(oldSpec, before.schema), typeName(newSpec, p.schema));
    if (!before.required && p.required) out.push({ what: 'parameter', change: 'changed', name: label, detail: 'now required', breaking: true });
    if (before.required && !p.required) out.push({ what: 'parameter', change: 'changed', name: label, detail: 'no longer required', breaking: false });
    if (!before.deprecated && p.deprecated) out.push({ what: 'parameter', change: 'changed', name: label, detail: 'deprecated', breaking: false });
    enumChanges(out, 'parameter', label, before.schema, p.schema);
  }
  for (const [key, p] of a.params) {
    if (!b.params.has(key)) out.push({ what: 'parameter', change: 'removed', name: `${id}: \`${p.name}\` (${p.in})`, detail: '', breaking: true });
  }
  // inline bodies (named ones are compared as schemas)
  const inline = (s) => s && !s.$ref;
  const [reqA, reqB] = [jsonBodySchema(oldSpec, bodyA), jsonBodySchema(newSpec, bodyB)];
  if (inline(reqA) && inline(reqB)) diffMembers(out, `${id} body`, oldSpec, reqA, newSpec, reqB);
  const [resA, resB] = [successSchema(oldSpec, a.op), successSchema(newSpec, b.op)];
  if (inline(resA) && inline(resB)) diffMembers(out, `${id} response`, oldSpec, resA, newSpec, resB);
}

/** Every change from `oldSpec` to `newSpec`, in the new spec's order. */
export function diffSpecs(oldSpec, newSpec) {
  const out = [];
  const [opsA, opsB] = [operationsOf(oldSpec), operationsOf(newSpec)];
  for (const [id, b] of opsB) {
    const a = opsA.get(id);
    if (!a) out.push({ what: 'operation', change: 'added', name: id, detail: `${b.method} ${b.path}`, breaking: false });
    else diffOperation(out, oldSpec, a, newSpec, b);
  }
  for (const [id, a] of opsA) {
    if (!opsB.has(id)) out.push({ what: 'operation', change: 'removed', name: id, detail: `${a.method} ${a.path}`, breaking: true });
  }
  const [sa, sb] = [oldSpec.components?.schemas ?? {}, newSpec.components?.schemas ?? {}];
  for (const [name, schema] of Object.entries(sb)) {
    if (!(name in sa)) {
      out.push({ what: 'schema', change: 'added', name, detail: '', breaking: false });
      continue;
    }
    const [ta, tb] = [typeName(oldSpec, sa[name]), typeName(newSpec, schema)];
    if (!(ta.startsWith('object') && tb.startsWith('object'))) typeChange(out, 'schema', name, ta, tb);
    enumChanges(out, 'schema', name, sa[name], schema);
    diffMembers(out, name, oldSpec, sa[name], newSpec, schema);
  }
  for (const name of Object.keys(sa)) {
    if (!(name in sb)) out.push({ what: 'schema', change: 'removed', name, detail: '', breaking: true });
  }
  return out;
}

/** The semver bump the changes imply. */
export function bumpOf(changes) {
  if (changes.some((c) => c.breaking)) return 'major';
  if (changes.length) return 'minor';
  return 'none';
}

/** `version` bumped. Before 1.0.0 every position moves one to the right, as Cargo and npm's
 *  caret ranges read 0.x versions (`^0.1.0` takes 0.1.x, not 0.2.0): breaking 0.1.0 -> 0.2.0,
 *  additions 0.1.0 -> 0.1.1. From 1.0.0 on: plain semver. */
export function bumpVersion(version, bump) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a semver version: ${version}`);
  const [major, minor, patch] = m.slice(1).map(Number);
  if (bump === 'none') return version;
  if (major === 0) return bump === 'major' ? `0.${minor + 1}.0` : `0.${minor}.${patch + 1}`;
  return bump === 'major' ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
}
