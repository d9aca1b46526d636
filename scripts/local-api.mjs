#!/usr/bin/env node
// Local epilot Customer Portal API: Prism mock server + a thin gateway in front of it.
//
// Usage:
//   node scripts/local-api.mjs [--port 4010] [--payload-port <port+1>] [--large-threshold 5242880]
//                              [--enforce-limit] [--dynamic] [--quiet] [--data FILE|NAME]
//                              [--spec spec/customer-portal.openapi.json]
//   --dynamic: Prism generates random data from the schemas instead of the examples (demo).
//   --quiet:   do not copy Prism's own log lines to stderr.
//   --data:    the local portal backend (scripts/local-backend/) answers the customer's domain
//              (contact, contracts, orders, meters and readings, series, billing, files,
//              notifications, ...) from a fixture, with state: writes stick until a reset. NAME is
//              a fixture of scripts/local-backend/fixtures/ (household, new-customer,
//              plausibility-refuses). Every other operation still goes to Prism.
//
// Prints `local API ready on http://127.0.0.1:<port>` once Prism answers. Stops (and stops
// Prism) on SIGTERM / SIGINT.
//
// What the gateway (on --port) does:
//   * CORS: answers every preflight itself (any origin, any requested method and headers,
//     max-age 86400) and adds `Access-Control-Allow-Origin: *` and
//     `Access-Control-Expose-Headers: *` to every response, so browser code can read
//     `sl-violations`, `location`, ...
//   * Proxies everything else to Prism (run on a free internal port with `--errors`, plus
//     `--dynamic` when given), streaming bodies and passing status and headers through.
//     Prism checks each request against the spec: a missing `Authorization: Bearer ...`,
//     a bad path / query / body gives a 4xx with an `sl-violations` header. Prism request
//     headers `Prefer: code=404`, `Prefer: example=NAME`, `Prefer: dynamic=true` pick the answer.
//   * Emulates the API gateway's large-response middleware: when the request's `Accept` is
//     exactly `application/large-response.vnd+json`, the request goes to Prism with
//     `Accept: application/json`; a 2xx JSON answer larger than --large-threshold bytes is
//     stored and the client gets `200`, `Content-Type: application/large-response.vnd+json`,
//     body `{"$payload_ref":"http://127.0.0.1:<payload-port>/payload/<random id>"}`.
//     A smaller answer is passed through unchanged (application/json).
//     With --enforce-limit, a 2xx JSON answer over the threshold to a client that did NOT opt
//     in gets `413` `{"message":"Response too large ..."}` like the real gateway (off by default).
//     The payload is served by a SECOND server on --payload-port (a different origin, like a
//     presigned S3 URL: CORS `*`, no credentials). It records every request it gets
//     (preflights included, with method "OPTIONS").
//   * Control endpoints on the gateway port (never proxied):
//       GET    /__payload-requests  -> JSON array of {method, path, query, headers, at}
//                                      (headers lowercased) for every payload-server request
//       DELETE /__payload-requests  -> clears that list
//       GET    /__health            -> {"ok":true}
//       POST   /__reset             -> (with --data) the backend's state back to the fixture
//
// The payload URL id is random per stored body, so a test can filter
// /__payload-requests by the `path` of the `$payload_ref` it received.

import http from 'node:http';
import { freePort } from './free-port.mjs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { realpathSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createBackend } from './local-backend/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LARGE_TYPE = 'application/large-response.vnd+json';
const HOST = '127.0.0.1';
const MAX_STORED_PAYLOADS = 200;
const MAX_PAYLOAD_RECORDS = 1000;

function parseArgs(argv) {
  const opts = {
    port: 4010,
    payloadPort: null,
    largeThreshold: 5242880,
    dynamic: false,
    enforceLimit: false,
    quiet: false,
    data: null,
    spec: path.join(ROOT, 'spec', 'customer-portal.openapi.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) die(`missing value for ${flag}`);
      return argv[++i];
    };
    const int = () => {
      const v = value();
      if (!/^\d+$/.test(v)) die(`${flag} needs a non-negative integer, got "${v}"`);
      return Number(v);
    };
    switch (flag) {
      case '--port': opts.port = int(); break;
      case '--payload-port': opts.payloadPort = int(); break;
      case '--large-threshold': opts.largeThreshold = int(); break;
      case '--spec': opts.spec = path.resolve(value()); break;
      case '--data': opts.data = fixturePath(value()); break;
      case '--dynamic': opts.dynamic = true; break;
      case '--enforce-limit': opts.enforceLimit = true; break;
      case '--quiet': opts.quiet = true; break;
      case '-h': case '--help':
        console.log('usage: node scripts/local-api.mjs [--port 4010] [--payload-port N] ' +
          '[--large-threshold BYTES] [--enforce-limit] [--dynamic] [--quiet] [--data FILE|NAME] [--spec FILE]');
        process.exit(0);
        break;
      default: die(`unknown argument: ${a}`);
    }
  }
  if (opts.payloadPort === null) opts.payloadPort = opts.port === 0 ? 0 : opts.port + 1;
  return opts;
}

// A fixture name (household) or a path to a fixture file.
function fixturePath(v) {
  if (/^[a-z0-9-]+$/i.test(v) && !existsSync(v)) return path.join(ROOT, 'scripts', 'local-backend', 'fixtures', `${v}.json`);
  return path.resolve(v);
}

function die(msg) {
  console.error(`local-api: ${msg}`);
  process.exit(2);
}

function log(msg) {
  console.error(`[local-api] ${msg}`);
}

const opts = parseArgs(process.argv.slice(2));

// The local portal backend (with --data): built before anything listens, so a bad fixture fails fast.
let backend = null;
if (opts.data) {
  try {
    backend = await createBackend({ specFile: opts.spec, dataFile: opts.data, log });
  } catch (err) {
    die(err.message);
  }
}

// ---------- CORS helpers ----------
function isPreflight(req) {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

function answerPreflight(req, res) {
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods':
      req.headers['access-control-request-method'] || 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
    'Access-Control-Max-Age': '86400',
    'Access-Control-Expose-Headers': '*',
    'Content-Length': '0',
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  // `*` does not cover `Authorization`, so echo the requested header names.
  const reqHeaders = req.headers['access-control-request-headers'];
  headers['Access-Control-Allow-Headers'] = reqHeaders && reqHeaders.trim() ? reqHeaders : '*';
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade',
]);

// Copies upstream headers, dropping hop-by-hop and upstream CORS headers, then adds ours.
function responseHeaders(upstreamHeaders) {
  const out = {};
  for (const [k, v] of Object.entries(upstreamHeaders)) {
    const lk = k.toLowerCase();
    if (HOP_BY_HOP.has(lk) || lk.startsWith('access-control-')) continue;
    out[lk] = v;
  }
  out['access-control-allow-origin'] = '*';
  out['access-control-expose-headers'] = '*';
  return out;
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

// ---------- payload server (second origin) ----------
const payloads = new Map(); // id -> Buffer
const payloadRequests = [];

function storePayload(body) {
  const id = randomUUID();
  payloads.set(id, body);
  while (payloads.size > MAX_STORED_PAYLOADS) payloads.delete(payloads.keys().next().value);
  return id;
}

function recordPayloadRequest(req) {
  const u = new URL(req.url, 'http://x');
  payloadRequests.push({
    method: req.method,
    path: u.pathname,
    query: u.search.replace(/^\?/, ''),
    headers: { ...req.headers },
    at: Date.now(),
  });
  if (payloadRequests.length > MAX_PAYLOAD_RECORDS) payloadRequests.shift();
}

const payloadServer = http.createServer((req, res) => {
  recordPayloadRequest(req);
  if (isPreflight(req)) return answerPreflight(req, res);
  const m = /^\/payload\/([A-Za-z0-9-]+)$/.exec(new URL(req.url, 'http://x').pathname);
  if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) {
    return sendJson(res, 404, { message: 'no such payload route' });
  }
  const body = payloads.get(m[1]);
  if (!body) return sendJson(res, 404, { message: 'payload expired or unknown' });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(body.length),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': '*',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

// ---------- gateway ----------
let prismPort = 0;
let payloadOrigin = '';

function proxy(req, res) {
  const accept = req.headers['accept'];
  const optIn = typeof accept === 'string' && accept.trim() === LARGE_TYPE;
  const headers = { ...req.headers, host: `${HOST}:${prismPort}` };
  for (const h of HOP_BY_HOP) if (h !== 'transfer-encoding') delete headers[h];
  if (optIn) headers['accept'] = 'application/json';

  const upstream = http.request(
    { host: HOST, port: prismPort, method: req.method, path: req.url, headers },
    (up) => {
      const status = up.statusCode || 502;
      const ctype = String(up.headers['content-type'] || '');
      const isJson2xx = status >= 200 && status < 300 && /json/i.test(ctype);
      if (!isJson2xx || (!optIn && !opts.enforceLimit)) {
        res.writeHead(status, responseHeaders(up.headers));
        up.pipe(res);
        up.on('error', () => res.destroy());
        return;
      }
      // Opted in (or enforcing the limit): buffer until we know whether the body is over the threshold.
      const chunks = [];
      let size = 0;
      up.on('data', (c) => { chunks.push(c); size += c.length; });
      up.on('error', () => res.destroy());
      up.on('end', () => {
        const body = Buffer.concat(chunks, size);
        if (!optIn && body.length > opts.largeThreshold) {
          log(`413 for ${req.method} ${req.url}: ${body.length} bytes and the client did not opt in`);
          return sendJson(res, 413, {
            message: `Response too large (${body.length} bytes); send Accept: ${LARGE_TYPE}`,
          });
        }
        if (body.length <= opts.largeThreshold) {
          const h = responseHeaders(up.headers);
          h['content-length'] = String(body.length);
          res.writeHead(status, h);
          res.end(body);
          return;
        }
        const id = storePayload(body);
        const ref = `${payloadOrigin}/payload/${id}`;
        log(`large response (${body.length} bytes > ${opts.largeThreshold}) for ${req.method} ${req.url} -> ${ref}`);
        const out = Buffer.from(JSON.stringify({ $payload_ref: ref }));
        res.writeHead(200, {
          'content-type': LARGE_TYPE,
          'content-length': String(out.length),
          'access-control-allow-origin': '*',
          'access-control-expose-headers': '*',
        });
        res.end(out);
      });
    },
  );
  upstream.on('error', (err) => {
    if (res.headersSent) return res.destroy();
    sendJson(res, 502, { message: `local-api: Prism unreachable: ${err.message}` });
  });
  res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
  req.pipe(upstream);
}

// The control endpoints (/__*) change or reveal the local state: a page from another host (any
// site the developer has open) must not reach them. Requests without an Origin (curl, tests)
// and pages served from this machine may.
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;
const controlAllowed = (req) => req.headers.origin === undefined || LOOPBACK_ORIGIN.test(req.headers.origin);

const gateway = http.createServer((req, res) => {
  if (isPreflight(req)) return answerPreflight(req, res);
  const pathname = new URL(req.url, 'http://x').pathname;
  if (pathname.startsWith('/__') && !controlAllowed(req)) {
    return sendJson(res, 403, { message: 'local-api: control endpoints answer only pages served from this machine' });
  }
  if (pathname === '/__payload-requests') {
    if (req.method === 'GET') return sendJson(res, 200, payloadRequests);
    if (req.method === 'DELETE') { payloadRequests.length = 0; return sendJson(res, 200, []); }
    return sendJson(res, 405, { message: 'GET or DELETE' });
  }
  if (pathname === '/__health') return sendJson(res, 200, { ok: true, prismPort, payloadOrigin, backend: backend ? path.relative(ROOT, opts.data) : null });
  if (pathname === '/__reset') {
    if (!backend) return sendJson(res, 404, { message: 'no backend: start with --data FILE' });
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'POST' });
    try {
      backend.reset();
    } catch (err) {
      return sendJson(res, 500, { message: err.message });
    }
    log(`state reset to ${path.relative(ROOT, opts.data)}`);
    return sendJson(res, 200, { ok: true, fixture: path.relative(ROOT, opts.data) });
  }
  const op = backend?.route(req);
  if (op) return void backend.serve(req, res, op);
  proxy(req, res);
});
gateway.keepAliveTimeout = 5000;

// ---------- startup ----------
function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onErr = (err) => {
      server.off('listening', onOk);
      reject(err.code === 'EADDRINUSE'
        ? new Error(`port ${port} on ${HOST} is already in use (another local API still running?)`)
        : err);
    };
    const onOk = () => { server.off('error', onErr); resolve(server.address().port); };
    server.once('error', onErr);
    server.once('listening', onOk);
    server.listen(port, HOST);
  });
}


function prismAnswers() {
  return new Promise((resolve) => {
    const r = http.get({ host: HOST, port: prismPort, path: '/__ready-probe', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    r.on('error', () => resolve(false));
    r.on('timeout', () => { r.destroy(); resolve(false); });
  });
}

let prism = null;
let stopping = false;

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (prism && prism.exitCode === null && prism.signalCode === null) {
    prism.kill('SIGTERM');
    const t = setTimeout(() => { try { prism.kill('SIGKILL'); } catch {} }, 3000);
    t.unref();
    prism.once('exit', () => process.exit(code));
  } else {
    process.exit(code);
  }
  gateway.close();
  payloadServer.close();
  gateway.closeAllConnections?.();
  payloadServer.closeAllConnections?.();
}

process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
process.on('exit', () => { if (prism && prism.exitCode === null) { try { prism.kill('SIGKILL'); } catch {} } });

async function main() {
  const prismBin = path.join(ROOT, 'node_modules', '.bin', 'prism');
  if (!existsSync(prismBin)) die(`${prismBin} not found: run scripts/setup.sh (npm ci) first`);
  if (!existsSync(opts.spec)) die(`spec not found: ${opts.spec}`);

  // Bind our ports first, so a busy port fails fast and clearly.
  let port;
  try {
    port = await listen(gateway, opts.port);
    const pport = await listen(payloadServer, opts.payloadPort);
    payloadOrigin = `http://${HOST}:${pport}`;
  } catch (err) {
    console.error(`local-api: ${err.message}`);
    process.exit(1);
  }

  prismPort = await freePort();
  const args = [realpathSync(prismBin), 'mock', '--errors', '-h', HOST, '-p', String(prismPort)];
  if (opts.dynamic) args.push('--dynamic');
  args.push(opts.spec);
  prism = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (stream) => stream.on('data', (c) => { if (!opts.quiet) process.stderr.write(c); });
  forward(prism.stdout);
  forward(prism.stderr);
  prism.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`local-api: Prism exited unexpectedly (code ${code}, signal ${signal})`);
    shutdown(1);
  });

  const deadline = Date.now() + 90_000;
  while (!(await prismAnswers())) {
    if (stopping) return;
    if (Date.now() > deadline) {
      console.error('local-api: Prism did not answer within 90 s');
      shutdown(1);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`prism on http://${HOST}:${prismPort}${opts.dynamic ? ' (dynamic)' : ''}, payloads on ${payloadOrigin}, ` +
    `large-response threshold ${opts.largeThreshold} bytes`);
  if (backend) {
    const email = backend.store.state.portalUser.email;
    log(`local backend: ${path.relative(ROOT, opts.data)} (customer ${email}); POST /__reset restores it`);
  }
  console.log(`local API ready on http://${HOST}:${port}`);
}

main().catch((err) => {
  console.error(`local-api: ${err.stack || err}`);
  shutdown(1);
});
