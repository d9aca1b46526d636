// bench/server.mjs: the benchmark's local server. One origin serves the pages, the bundles and
// the API, answering from bodies computed once at start (bench/data.mjs), so the server's own
// work per call is a header write and one buffer write, the same for every contender.
//
//   GET  /v2/portal/contact          -> getContact body (~1 KB)
//   POST /v2/portal/entity:search    -> searchPortalUserEntities body (1,000 entities, ~1 MB)
//   GET  /pages/*                    -> bench/pages/*
//   GET  /out/*                      -> the bundles (target/bench/out/*)
//   GET  /pkg/*                      -> the package as published (startServer's pkgDir), no bundler
//
// Every answer carries COOP/COEP so the pages are cross-origin isolated: performance.now()
// then has 5 µs resolution instead of 100 µs (small calls take well under a millisecond).
// Standalone: node bench/server.mjs [--port 4510]   (prints `bench server on http://...`)

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contactBody, searchBody } from './data.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
export const OUT_DIR = path.join(ROOT, 'target', 'bench', 'out');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };

export function startServer({ port = 0, host = '127.0.0.1', pkgDir = null } = {}) {
  const bodies = {
    contact: Buffer.from(contactBody()),
    search: Buffer.from(searchBody(1000)),
  };
  const counts = { contact: 0, search: 0 };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const api = (name) => {
      counts[name]++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bodies[name].length, 'cache-control': 'no-store', ...ISOLATION });
      res.end(bodies[name]);
    };
    try {
      if (req.method === 'GET' && url.pathname === '/v2/portal/contact') return api('contact');
      if (req.method === 'POST' && url.pathname === '/v2/portal/entity:search') {
        req.resume(); // the request body is read and dropped
        return req.on('end', () => api('search'));
      }
      if (req.method === 'GET' && url.pathname === '/__counts') {
        res.writeHead(200, { 'content-type': 'application/json', ...ISOLATION });
        return res.end(JSON.stringify(counts));
      }
      let file = null;
      if (url.pathname.startsWith('/pages/')) file = path.join(HERE, 'pages', url.pathname.slice(7));
      else if (url.pathname.startsWith('/out/')) file = path.join(OUT_DIR, url.pathname.slice(5));
      else if (pkgDir && url.pathname.startsWith('/pkg/')) file = path.join(pkgDir, decodeURIComponent(url.pathname.slice(5)));
      const under = (dir) => dir && file.startsWith(path.resolve(dir) + path.sep);
      if (file && (under(path.join(HERE, 'pages')) || under(OUT_DIR) || under(pkgDir))) {
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...ISOLATION });
        return res.end(data);
      }
      res.writeHead(404, { 'content-type': 'text/plain', ...ISOLATION });
      res.end('not found');
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain', ...ISOLATION });
      res.end(String(e.message));
    }
  });
  server.keepAliveTimeout = 60000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}`, bodies, counts, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 4510;
  const s = await startServer({ port });
  console.log(`bench server on ${s.url} (contact ${s.bodies.contact.length} B, search ${s.bodies.search.length} B)`);
}
