// The local portal backend: answers the operations it has handlers for from one customer's state
// (store.mjs) and leaves every other request to the spec mock. Each request it answers is
// checked first: a bearer token (else 401), then the spec with Prism's validator (validate.mjs,
// else 400 or the closest documented error), then the handler's own rules (errors.mjs).
import { ApiError, Reply, statusFor, unauthorized } from './errors.mjs';
import { loadSpec } from './spec.mjs';
import { diagnosticsText, loadValidator } from './validate.mjs';
import { createStore } from './store.mjs';
import billingFiles from './handlers/billing-files.mjs';
import customer from './handlers/customer.mjs';
import entities from './handlers/entities.mjs';
import metering from './handlers/metering.mjs';
import partners from './handlers/partners.mjs';
import portal, { OPTIONAL } from './handlers/portal.mjs';

export const HANDLERS = { ...customer, ...entities, ...metering, ...billingFiles, ...partners, ...portal };

const MAX_BODY = 8 * 1024 * 1024;
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };

function send(res, status, value) {
  if (status === 204 || value === undefined) {
    res.writeHead(status, CORS);
    return res.end();
  }
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...CORS });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      // Too large: refused, and the rest is read and dropped so the answer still reaches the client.
      if (size > MAX_BODY) return reject(new ApiError('bad', `The request body is larger than ${MAX_BODY} bytes.`));
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(buf) {
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new ApiError('bad', 'The request body is not valid JSON.');
  }
}

/**
 * createBackend({ specFile, dataFile, log }) -> Promise<{ route(req), serve(req, res, op), reset(), store }>
 * `route` says (without reading the body) whether the backend answers this request.
 */
export async function createBackend({ specFile, dataFile, log = () => {} }) {
  const spec = loadSpec(specFile);
  const store = createStore(dataFile);
  const validator = await loadValidator(specFile);

  function route(req) {
    if (req.headers.prefer) return null; // Prefer: code=… / example=… asks the mock for a canned answer
    const op = spec.match(req.method, new URL(req.url, 'http://x').pathname);
    if (!op || !HANDLERS[op.id]) return null;
    if (OPTIONAL[op.id] && store.state.portal[OPTIONAL[op.id]] === undefined) return null;
    return op;
  }

  async function serve(req, res, op) {
    const fail = (err) => {
      const status = statusFor(spec, op.id, err.kind);
      send(res, status, { message: err.message, ...err.fields });
    };
    try {
      if (spec.needsToken(op.id) && !/^Bearer\s+\S+/i.test(String(req.headers.authorization ?? ''))) {
        throw unauthorized('Sign in first: this operation needs "Authorization: Bearer <token>".');
      }
      const raw = await readBody(req);
      const url = new URL(req.url, 'http://x');
      const body = parseJson(raw);
      const headers = { ...req.headers, 'content-length': String(raw.length) };
      const invalid = validator.request(op.id, { method: req.method, path: url.pathname, query: url.searchParams, headers, body });
      if (invalid.length) throw new ApiError(invalid.every((d) => d.path?.[0] === 'path') ? 'badPath' : 'bad', diagnosticsText(invalid));
      const ctx = { state: store.state, params: op.params, query: url.searchParams, body, now: new Date().toISOString() };
      const out = HANDLERS[op.id](ctx);
      if (out instanceof Reply) send(res, out.status, out.body);
      else send(res, 200, out);
    } catch (err) {
      if (err instanceof ApiError) return fail(err);
      log(`${op.id}: ${err.stack ?? err}`);
      send(res, 500, { message: `The local backend failed on ${op.id}; its log has the details.` });
    }
  }

  return { route, serve, reset: () => store.reset(), store, spec };
}
