#!/usr/bin/env node
// Fault-injection HTTP server for the SDK's reliability tests (browser and native).
//
// Usage:
//   node scripts/fault-server.mjs [--port 4020] [--other-port 4021]
// Prints `fault server ready on http://127.0.0.1:<port>` when both ports listen.
// Stops on SIGTERM / SIGINT.
//
// Two origins, one shared state:
//   main   http://127.0.0.1:<port>        (FAULT_SERVER_URL in the tests)
//   other  http://127.0.0.1:<other-port>  (FAULT_OTHER_ORIGIN_URL; serves large-response
//                                         payloads and also answers scripted requests)
//
// PROTOCOL
// --------
// CORS: every preflight (OPTIONS + Access-Control-Request-Method) is answered with 204,
//   `Access-Control-Allow-Origin: *`, the requested method and the requested header names
//   echoed back, max-age 86400. Preflights to scripted paths are NOT recorded and do NOT
//   consume a step. Every other response carries `Access-Control-Allow-Origin: *` and
//   `Access-Control-Expose-Headers: *` (unless the step says `"cors": false`).
//
// Scripted requests: a request is scripted when it carries the header
//   `x-fault-script: <id>`, OR its path starts with `/__s/<id>/` (so a client whose base URL
//   is `http://127.0.0.1:4020/__s/<id>` needs no custom header and no preflight; the prefix is
//   removed from the recorded `path`). Any method and any path are accepted (use the spec's real
//   paths, e.g. `/v2/portal/contact`). The n-th scripted request for <id> gets step n
//   (0-based); once the steps run out, the LAST step repeats. A scripted request for an id that
//   was never programmed gets 500 `{"message":"fault-server: no script ..."}` (still recorded).
//
// Control endpoints (on either port; ids match [A-Za-z0-9._~-]+):
//   PUT    /__script/<id>          body: JSON array of steps (a single object = one step).
//                                  Answers 204 (no body). Replaces the script and resets its
//                                  step counter (the record is kept; DELETE /__script/<id>
//                                  first for a clean slate).
//                                  400 with {"message"} on bad JSON or an unknown step field.
//   GET    /__script/<id>          {"steps":[...],"served":N}
//   DELETE /__script/<id>          forgets the script, its record and its payload record
//   GET    /__record/<id>          JSON array of received scripted requests, oldest first:
//                                  {"method","path","query","headers","body","at","server","step"}
//                                  path: without the query (and without a /__s/<id> prefix);
//                                  query: raw string without "?" ("" if none);
//                                  headers: object with lowercased names;
//                                  body: request body as utf-8 text ("" if none);
//                                  at: arrival time in ms since the epoch (Date.now());
//                                  server: "main" | "other"; step: index of the step used.
//   DELETE /__record/<id>          clears it
//   GET    /__payload-record/<id>  JSON array of requests to the large-response payload URLs
//                                  issued by script <id> (same fields; preflights to payload
//                                  URLs ARE recorded, with method "OPTIONS")
//   DELETE /__payload-record/<id>  clears it
//   POST   /__reset                forgets every script, record and payload
//   GET    /__health               {"ok":true,...}
//
// Step fields (all optional; an unknown field is rejected at PUT time):
//   status       HTTP status (default 200)
//   headers      object of response headers (string, number or array of strings values)
//   json         any JSON value, served as application/json
//   text         raw string body (text/plain; charset=utf-8)
//   base64       raw bytes, base64-encoded (application/octet-stream)
//   repeat       {"chunk": "...", "bytes": N}: a body of exactly N bytes made by repeating chunk
//                (application/octet-stream unless contentType; fine for 10 MB and more)
//   contentType  overrides the Content-Type implied by json/text/base64/repeat
//   delayMs      wait this long before sending the status line and headers
//   chunked      true: no Content-Length, Transfer-Encoding: chunked
//   truncate     {"declare": N}: send Content-Length N but fewer bytes (the body, cut to at most
//                N-1 bytes), then close the connection
//   destroyAfterBytes  N: send the real Content-Length, N bytes of body, then destroy the socket
//   stallAfterBytes    N: send headers and N bytes of body, then send nothing more (until the
//                client gives up; the socket is destroyed after 120 s)
//   cors         false: omit every Access-Control-* header (the browser then fails the fetch)
//   largeRef     <json>: answer `status` (default 200) with Content-Type
//                application/large-response.vnd+json and body
//                {"$payload_ref":"http://127.0.0.1:<other-port>/payload/<id>?n=<request index>"};
//                a GET of that URL gets <json> as application/json (CORS *)
//   echo         true: answer {"method","path","query"} of this request as JSON (path without a
//                /__s/<id> prefix), so concurrent calls can check they got their own answer
//   payload      <step> or [<step>, ...]: like largeRef, but the payload URL answers with this
//                whole step (e.g. {"status":403,"text":"expired"} or {"json":...,"destroyAfterBytes":10});
//                with an array, the n-th GET of that payload URL gets step n (the last repeats)
//   Body precedence: largeRef/payload, json, text, base64, repeat; none = empty body.
//
// Example (curl):
//   curl -X PUT localhost:4020/__script/t1 -d '[{"status":503,"headers":{"retry-after":"1"}},{"json":{"ok":true}}]'
//   curl -H 'x-fault-script: t1' localhost:4020/v2/portal/contact     # 503
//   curl -H 'x-fault-script: t1' localhost:4020/v2/portal/contact     # 200 {"ok":true}
//   curl localhost:4020/__record/t1

import http from 'node:http';

const HOST = '127.0.0.1';
const LARGE_TYPE = 'application/large-response.vnd+json';
const ID_RE = /^[A-Za-z0-9._~-]+$/;
const MAX_BODY_BYTES = 1024 * 1024 * 1024;
const STEP_FIELDS = new Set([
  'status', 'headers', 'json', 'text', 'base64', 'repeat', 'contentType', 'delayMs', 'chunked',
  'truncate', 'destroyAfterBytes', 'stallAfterBytes', 'cors', 'largeRef', 'payload', 'echo',
]);

// ---------- args ----------
function die(msg) {
  console.error(`fault-server: ${msg}`);
  process.exit(2);
}

const opts = { port: 4020, otherPort: null };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const int = () => {
      const v = inline !== undefined ? inline : argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) die(`${flag} needs a port number`);
      return Number(v);
    };
    if (flag === '--port') opts.port = int();
    else if (flag === '--other-port') opts.otherPort = int();
    else if (flag === '-h' || flag === '--help') {
      console.log('usage: node scripts/fault-server.mjs [--port 4020] [--other-port 4021]');
      process.exit(0);
    } else die(`unknown argument: ${argv[i]}`);
  }
  if (opts.otherPort === null) opts.otherPort = opts.port === 0 ? 0 : opts.port + 1;
}

function log(msg) {
  console.error(`[fault-server] ${msg}`);
}

// ---------- state ----------
const scripts = new Map(); // id -> {steps, served}
const records = new Map(); // id -> [request]
const payloadRecords = new Map(); // id -> [request]
const payloads = new Map(); // `${id}#${n}` -> step ; `${id}` -> latest step
let otherOrigin = '';

function pushRecord(map, id, rec) {
  if (!map.has(id)) map.set(id, []);
  const list = map.get(id);
  list.push(rec);
  if (list.length > 10000) list.shift();
}

// ---------- helpers ----------
function isPreflight(req) {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

function answerPreflight(req, res) {
  const reqHeaders = req.headers['access-control-request-headers'];
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': req.headers['access-control-request-method'] || '*',
    'Access-Control-Allow-Headers': reqHeaders && reqHeaders.trim() ? reqHeaders : '*',
    'Access-Control-Max-Age': '86400',
    'Access-Control-Expose-Headers': '*',
    'Content-Length': '0',
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}

function sendJson(res, status, value, extra = {}) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(body.length),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': '*',
    ...extra,
  });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) { reject(new Error('request body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function recordOf(req, u, path, body, server, step) {
  return {
    method: req.method,
    path,
    query: u.search.replace(/^\?/, ''),
    headers: { ...req.headers },
    body: body.toString('utf8'),
    at: Date.now(),
    server,
    step,
  };
}

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function nonNegInt(v) {
  return Number.isInteger(v) && v >= 0;
}

// Returns an error string, or null when the step is valid.
function validateStep(step, where) {
  if (!isObj(step)) return `${where}: a step must be a JSON object`;
  for (const k of Object.keys(step)) {
    if (!STEP_FIELDS.has(k)) return `${where}: unknown step field "${k}" (known: ${[...STEP_FIELDS].join(', ')})`;
  }
  if ('status' in step && !(Number.isInteger(step.status) && step.status >= 100 && step.status <= 999)) {
    return `${where}: status must be an integer 100..999`;
  }
  if ('headers' in step && !isObj(step.headers)) return `${where}: headers must be an object`;
  if ('text' in step && typeof step.text !== 'string') return `${where}: text must be a string`;
  if ('base64' in step && typeof step.base64 !== 'string') return `${where}: base64 must be a string`;
  if ('contentType' in step && typeof step.contentType !== 'string') return `${where}: contentType must be a string`;
  if ('repeat' in step) {
    const r = step.repeat;
    if (!isObj(r) || typeof r.chunk !== 'string' || r.chunk.length === 0 || !nonNegInt(r.bytes)) {
      return `${where}: repeat must be {"chunk": non-empty string, "bytes": integer >= 0}`;
    }
    if (r.bytes > MAX_BODY_BYTES) return `${where}: repeat.bytes over ${MAX_BODY_BYTES}`;
  }
  for (const k of ['delayMs', 'destroyAfterBytes', 'stallAfterBytes']) {
    if (k in step && !nonNegInt(step[k])) return `${where}: ${k} must be an integer >= 0`;
  }
  if ('truncate' in step && !(isObj(step.truncate) && Number.isInteger(step.truncate.declare) && step.truncate.declare >= 1)) {
    return `${where}: truncate must be {"declare": integer >= 1}`;
  }
  if ('chunked' in step && typeof step.chunked !== 'boolean') return `${where}: chunked must be a boolean`;
  if ('cors' in step && typeof step.cors !== 'boolean') return `${where}: cors must be a boolean`;
  if ('largeRef' in step && 'payload' in step) return `${where}: use either largeRef or payload, not both`;
  if ('payload' in step) {
    const list = Array.isArray(step.payload) ? step.payload : [step.payload];
    if (list.length === 0) return `${where}: payload must be a step or a non-empty array of steps`;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (isObj(p) && ('largeRef' in p || 'payload' in p)) return `${where}: a payload step cannot itself be a large response`;
      const err = validateStep(p, `${where}.payload[${i}]`);
      if (err) return err;
    }
  }
  return null;
}

function sleepUnlessClosed(ms, res) {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve(true);
    const t = setTimeout(() => { res.off('close', onClose); resolve(true); }, ms);
    const onClose = () => { clearTimeout(t); resolve(false); };
    res.once('close', onClose);
  });
}

// Sends one step as the answer.
async function answer(step, req, res, { scriptId, n }) {
  if (step.delayMs && !(await sleepUnlessClosed(step.delayMs, res))) return;

  const headers = {};
  let body = Buffer.alloc(0);
  let ctype = null;
  if ('largeRef' in step || 'payload' in step) {
    const steps = 'payload' in step ? [step.payload].flat() : [{ json: step.largeRef }];
    const payload = { steps, served: 0 };
    payloads.set(`${scriptId}#${n}`, payload);
    payloads.set(scriptId, payload);
    const ref = `${otherOrigin}/payload/${encodeURIComponent(scriptId)}?n=${n}`;
    body = Buffer.from(JSON.stringify({ $payload_ref: ref }));
    ctype = LARGE_TYPE;
  } else if (step.echo) {
    const u = new URL(req.url, 'http://fault.invalid');
    const path = u.pathname.replace(/^\/__s\/[^/]+/, '');
    body = Buffer.from(JSON.stringify({ method: req.method, path, query: u.search.replace(/^\?/, '') }));
    ctype = 'application/json';
  } else if ('json' in step) {
    body = Buffer.from(JSON.stringify(step.json));
    ctype = 'application/json';
  } else if ('text' in step) {
    body = Buffer.from(step.text, 'utf8');
    ctype = 'text/plain; charset=utf-8';
  } else if ('base64' in step) {
    body = Buffer.from(step.base64, 'base64');
    ctype = 'application/octet-stream';
  } else if ('repeat' in step) {
    body = step.repeat.bytes === 0 ? Buffer.alloc(0) : Buffer.alloc(step.repeat.bytes, step.repeat.chunk, 'utf8');
    ctype = 'application/octet-stream';
  }
  if (step.contentType) ctype = step.contentType;
  if (ctype) headers['content-type'] = ctype;
  if (step.cors !== false) {
    headers['access-control-allow-origin'] = '*';
    headers['access-control-expose-headers'] = '*';
  }
  for (const [k, v] of Object.entries(step.headers || {})) {
    headers[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  }

  const status = step.status ?? 200;
  const noBody = req.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
  if (step.truncate) {
    headers['content-length'] = String(step.truncate.declare);
  } else if (step.chunked) {
    delete headers['content-length'];
  } else if (!('content-length' in headers)) {
    headers['content-length'] = String(noBody && req.method !== 'HEAD' ? 0 : body.length);
  }
  res.writeHead(status, headers);
  if (noBody) { res.end(); return; }

  const socket = res.socket;
  if (step.truncate) {
    const part = body.subarray(0, Math.min(body.length, step.truncate.declare - 1));
    res.write(part, () => socket && socket.end());
    return;
  }
  if ('destroyAfterBytes' in step) {
    const part = body.subarray(0, Math.min(body.length, step.destroyAfterBytes));
    res.flushHeaders();
    res.write(part, () => setTimeout(() => socket && socket.destroy(), 20));
    return;
  }
  if ('stallAfterBytes' in step) {
    const part = body.subarray(0, Math.min(body.length, step.stallAfterBytes));
    res.write(part);
    const t = setTimeout(() => socket && socket.destroy(), 120_000);
    res.once('close', () => clearTimeout(t));
    return;
  }
  res.end(body);
}

// ---------- request handler ----------
async function handle(req, res, server) {
  const u = new URL(req.url, 'http://x');
  let pathname = u.pathname;

  // Scripted request?
  let scriptId = req.headers['x-fault-script'];
  const prefixed = /^\/__s\/([^/]+)(\/.*)?$/.exec(pathname);
  if (prefixed) {
    scriptId = decodeURIComponent(prefixed[1]);
    pathname = prefixed[2] || '/';
  }

  // Payload URLs (recorded, preflights included).
  const payloadMatch = /^\/payload\/([^/]+)$/.exec(pathname);
  if (!scriptId && payloadMatch) {
    const id = decodeURIComponent(payloadMatch[1]);
    const body = await readBody(req);
    pushRecord(payloadRecords, id, recordOf(req, u, pathname, body, server, null));
    if (isPreflight(req)) return answerPreflight(req, res);
    const n = u.searchParams.get('n');
    const payload = (n !== null && payloads.get(`${id}#${n}`)) || payloads.get(id);
    if (!payload) return sendJson(res, 404, { message: `fault-server: no payload for script ${id}` });
    const step = payload.steps[Math.min(payload.served++, payload.steps.length - 1)];
    return answer(step, req, res, { scriptId: id, n: n ?? 'x' });
  }

  if (isPreflight(req)) return answerPreflight(req, res);

  if (scriptId) {
    const body = await readBody(req);
    const script = scripts.get(scriptId);
    const n = script ? script.served++ : 0;
    const stepIndex = script ? Math.min(n, script.steps.length - 1) : null;
    pushRecord(records, scriptId, recordOf(req, u, pathname, body, server, stepIndex));
    if (!script) {
      return sendJson(res, 500, { message: `fault-server: no script programmed for id "${scriptId}" (PUT /__script/${scriptId} first)` },
        { 'x-fault-error': 'no-script' });
    }
    return answer(script.steps[stepIndex], req, res, { scriptId, n });
  }

  // Control endpoints.
  const ctl = /^\/(__script|__record|__payload-record)\/([^/]+)$/.exec(pathname);
  if (ctl) {
    const [, kind, rawId] = ctl;
    const id = decodeURIComponent(rawId);
    if (!ID_RE.test(id)) return sendJson(res, 400, { message: `bad id "${id}"` });
    if (kind === '__script') {
      if (req.method === 'PUT' || req.method === 'POST') {
        let steps;
        try {
          steps = JSON.parse((await readBody(req)).toString('utf8'));
        } catch (err) {
          return sendJson(res, 400, { message: `bad JSON: ${err.message}` });
        }
        if (isObj(steps)) steps = [steps];
        if (!Array.isArray(steps) || steps.length === 0) {
          return sendJson(res, 400, { message: 'body must be a non-empty JSON array of steps' });
        }
        for (let i = 0; i < steps.length; i++) {
          const err = validateStep(steps[i], `step ${i}`);
          if (err) return sendJson(res, 400, { message: err });
        }
        scripts.set(id, { steps, served: 0 });
        res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' });
        return res.end();
      }
      if (req.method === 'GET') {
        const s = scripts.get(id);
        return s ? sendJson(res, 200, s) : sendJson(res, 404, { message: `no script "${id}"` });
      }
      if (req.method === 'DELETE') {
        scripts.delete(id);
        records.delete(id);
        payloadRecords.delete(id);
        for (const k of [...payloads.keys()]) if (k === id || k.startsWith(`${id}#`)) payloads.delete(k);
        return sendJson(res, 200, { id, deleted: true });
      }
    } else {
      const map = kind === '__record' ? records : payloadRecords;
      if (req.method === 'GET') return sendJson(res, 200, map.get(id) || []);
      if (req.method === 'DELETE') { map.delete(id); return sendJson(res, 200, []); }
    }
    return sendJson(res, 405, { message: `method ${req.method} not allowed on ${pathname}` });
  }
  if (pathname === '/__reset' && (req.method === 'POST' || req.method === 'DELETE')) {
    scripts.clear(); records.clear(); payloadRecords.clear(); payloads.clear();
    return sendJson(res, 200, { reset: true });
  }
  if (pathname === '/__health') {
    return sendJson(res, 200, { ok: true, server, otherOrigin, scripts: scripts.size });
  }
  return sendJson(res, 404, {
    message: `fault-server: ${req.method} ${pathname} is not scripted: send header x-fault-script: <id> or use /__s/<id>/...`,
  });
}

function makeServer(name) {
  const s = http.createServer((req, res) => {
    handle(req, res, name).catch((err) => {
      log(`error on ${req.method} ${req.url}: ${err.message}`);
      if (!res.headersSent) sendJson(res, 500, { message: `fault-server: ${err.message}` });
      else res.destroy();
    });
  });
  s.on('clientError', (_err, socket) => socket.destroy());
  s.keepAliveTimeout = 5000;
  return s;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(err.code === 'EADDRINUSE'
      ? new Error(`port ${port} on ${HOST} is already in use (another fault server still running?)`)
      : err));
    server.listen(port, HOST, () => resolve(server.address().port));
  });
}

const main = makeServer('main');
const other = makeServer('other');

function shutdown(code) {
  main.close();
  other.close();
  main.closeAllConnections?.();
  other.closeAllConnections?.();
  process.exit(code);
}
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

try {
  const port = await listen(main, opts.port);
  const oport = await listen(other, opts.otherPort);
  otherOrigin = `http://${HOST}:${oport}`;
  log(`other origin on ${otherOrigin}`);
  console.log(`fault server ready on http://${HOST}:${port}`);
} catch (err) {
  console.error(`fault-server: ${err.message}`);
  process.exit(1);
}
