// Requests and answers checked against the API definition by Prism's own validator
// (@stoplight/prism-http, the one the spec mock runs), in process.
//
// One repair before use: an `enum` that lists a value twice (the spec's nullable ReadingStatus
// becomes [..., null, "", null] in Prism's conversion) makes ajv refuse to compile the schema, and
// Prism then treats every value as valid. Duplicates are dropped so those schemas are checked.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const { validateInput, validateOutput } = require('@stoplight/prism-http/dist/validator');

function dedupeEnums(node, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node.enum)) {
    const keys = new Set();
    node.enum = node.enum.filter((v) => { const k = JSON.stringify(v); if (keys.has(k)) return false; keys.add(k); return true; });
  }
  for (const v of Object.values(node)) dedupeEnums(v, seen);
}

/** Prism's diagnostics as one sentence, e.g. "body.value: must be number". */
export function diagnosticsText(list) {
  const parts = list.map((d) => {
    const where = Array.isArray(d.path) ? d.path.join('.') : '';
    return where ? `${where}: ${d.message}` : String(d.message);
  });
  return `Invalid request: ${parts.join('; ')}.`;
}

const problems = (either) => (either._tag === 'Left' ? either.left : []);

/** loadValidator(specFile) -> { request(opId, req), response(opId, res) }, each giving a list of problems. */
export async function loadValidator(specFile) {
  const ops = await getHttpOperationsFromSpec(specFile);
  for (const op of ops) dedupeEnums(op);
  const byId = new Map(ops.map((op) => [op.iid, op]));
  const get = (id) => {
    const op = byId.get(id);
    if (!op) throw new Error(`no operation ${id} in ${specFile}`);
    return op;
  };
  return {
    /** req: { method, path, query: URLSearchParams, headers, body } */
    request(id, req) {
      const query = {};
      for (const k of new Set(req.query.keys())) {
        const all = req.query.getAll(k);
        query[k] = all.length === 1 ? all[0] : all;
      }
      const element = { method: req.method.toLowerCase(), url: { path: req.path, query }, headers: req.headers, body: req.body };
      return problems(validateInput({ resource: get(id), element })).filter((d) => d.severity === 0);
    },
    /** res: { status, headers, body }; warnings count too (e.g. an undocumented status). */
    response(id, res) {
      return problems(validateOutput({ resource: get(id), element: { statusCode: res.status, headers: res.headers, body: res.body } }));
    },
  };
}
