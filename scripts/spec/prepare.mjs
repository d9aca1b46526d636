// Prepares an upstream Customer Portal API definition the way spec/ holds it (ERRATA.md of the
// shared spec copy): prose removed, and the mechanical repairs that make a spec-validating mock
// accept its own answers. Nothing is added to or removed from the API itself.
//
//   import { prepare } from './prepare.mjs';
//   const { spec, repairs } = prepare(upstreamJson);   // a new object; repairs: counts per kind
//
// Repairs (each applies only where the defect is present, so a prepared file comes out unchanged):
//   prose      description / summary / externalDocs keys, x-displayName, x-tagGroups (documentation
//              only; `description` stays where it is a property *name* or part of example data)
//   response   every response object gets `description: "Response <code or name>"` (OpenAPI
//              requires one; without it Prism drops a `204: {}` response)
//   example    an `example` whose JSON type contradicts the declared type is converted when that is
//              lossless (number <-> numeric string, boolean <-> "true"/"false", scalar -> string)
//   required   a `required` name that a plain object schema (properties, no allOf/oneOf/anyOf, not a
//              part of an allOf) never defines is dropped
//   anyOf      a `oneOf` whose branches are all open object schemas without required members (so
//              every object matches more than one branch) becomes `anyOf`
//   format     `format: url` (not a JSON Schema format) becomes `format: uri`

const PROSE_KEYS = new Set(['description', 'summary', 'externalDocs', 'x-displayName']);
// keys whose value is data or a name map, never schema keywords
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);
const NAME_MAPS = new Set(['properties', 'patternProperties', 'schemas', 'responses', 'parameters', 'requestBodies',
  'securitySchemes', 'headers', 'paths', 'content', 'links', 'callbacks', 'mapping']);

function count(repairs, kind) {
  repairs[kind] = (repairs[kind] ?? 0) + 1;
}

/** Removes prose keys everywhere except inside data and as names in name maps (a response's
 *  `description` is left to `describeResponses`). */
function stripProse(node, repairs, parentKey = null, isResponse = false) {
  if (Array.isArray(node)) {
    node.forEach((n) => stripProse(n, repairs));
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const key of Object.keys(node)) {
    if (NAME_MAPS.has(parentKey)) {
      // a name (e.g. a property called `description`), not a keyword
      stripProse(node[key], repairs, null, parentKey === 'responses');
      continue;
    }
    if (key === 'description' && isResponse) continue;
    if (PROSE_KEYS.has(key) && (typeof node[key] === 'string' || key === 'externalDocs' || key === 'x-displayName')) {
      delete node[key];
      count(repairs, 'prose');
      continue;
    }
    if (DATA_KEYS.has(key)) continue;
    stripProse(node[key], repairs, key);
  }
}

/** `description: "Response <code>"` on every response object (operations and components). */
function describeResponses(spec, repairs) {
  const set = (responses) => {
    for (const [code, response] of Object.entries(responses ?? {})) {
      if (!response || typeof response !== 'object' || '$ref' in response) continue;
      const wanted = `Response ${code}`;
      if (response.description !== wanted) {
        // keep the key order a prepared file has: content first, then description
        delete response.description;
        response.description = wanted;
        count(repairs, 'response');
      }
    }
  };
  for (const item of Object.values(spec.paths ?? {})) {
    for (const op of Object.values(item ?? {})) if (op && typeof op === 'object' && op.responses) set(op.responses);
  }
  set(spec.components?.responses);
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

/** The example converted to the declared scalar type, or undefined when that is not lossless. */
function convertExample(type, example) {
  const actual = jsonType(example);
  if (type === actual || (type === 'number' && actual === 'integer')) return undefined;
  if (type === 'string' && ['integer', 'number', 'boolean'].includes(actual)) return String(example);
  if ((type === 'number' || type === 'integer') && actual === 'string' && example.trim() !== '' && Number.isFinite(Number(example))) {
    const n = Number(example);
    return type === 'integer' && !Number.isInteger(n) ? undefined : n;
  }
  if (type === 'boolean' && (example === 'true' || example === 'false')) return example === 'true';
  return undefined;
}

/** Walks every schema-like object (skipping data) with its parent key. */
function walkSchemas(node, visit, parentKey = null) {
  if (Array.isArray(node)) {
    node.forEach((n) => walkSchemas(n, visit, parentKey));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const nameMap = NAME_MAPS.has(parentKey);
  if (!nameMap) visit(node, parentKey);
  for (const [key, child] of Object.entries(node)) {
    if (DATA_KEYS.has(key) && !nameMap) continue;
    walkSchemas(child, visit, nameMap ? `${parentKey}/*` : key);
  }
}

function repairSchemas(spec, repairs) {
  const resolve = (s) => {
    const ref = s?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return s;
    return spec.components?.schemas?.[ref.slice('#/components/schemas/'.length)] ?? s;
  };
  walkSchemas(spec, (node, parentKey) => {
    // mistyped examples: on a schema, and on a parameter (against its schema's type)
    const type = typeof node.type === 'string' ? node.type : typeof node.schema?.type === 'string' ? node.schema.type : null;
    if (type && 'example' in node) {
      const fixed = convertExample(type, node.example);
      if (fixed !== undefined) {
        node.example = fixed;
        count(repairs, 'example');
      }
    }
    if (node.format === 'url' && node.type === 'string') {
      node.format = 'uri';
      count(repairs, 'format');
    }
    const plainObject = node.properties && typeof node.properties === 'object' && !node.allOf && !node.oneOf && !node.anyOf;
    if (plainObject && Array.isArray(node.required) && parentKey !== 'allOf') {  // an allOf part may require a sibling's member
      const kept = node.required.filter((name) => name in node.properties);
      if (kept.length !== node.required.length) {
        count(repairs, 'required');
        if (kept.length) node.required = kept;
        else delete node.required;
      }
    }
    if (Array.isArray(node.oneOf) && node.oneOf.length > 1) {
      const open = node.oneOf.map(resolve).every((b) => b && b.type === 'object' && !(b.required?.length) && b.additionalProperties !== false && !b.allOf && !b.oneOf && !b.anyOf);
      if (open) {
        const entries = Object.entries(node).map(([k, v]) => (k === 'oneOf' ? ['anyOf', v] : [k, v]));
        for (const k of Object.keys(node)) delete node[k];
        for (const [k, v] of entries) node[k] = v;
        count(repairs, 'anyOf');
      }
    }
  });
}

/** A prepared copy of `upstream` and how many repairs of each kind were made. */
export function prepare(upstream) {
  const spec = structuredClone(upstream);
  const repairs = {};
  if ('x-tagGroups' in spec) {
    delete spec['x-tagGroups'];
    count(repairs, 'prose');
  }
  stripProse(spec, repairs);
  describeResponses(spec, repairs);
  repairSchemas(spec, repairs);
  return { spec, repairs };
}

/** The file text spec/ holds: two-space JSON and a final newline. */
export function specText(spec) {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
