// A tiny static file server for built apps (www/dist, the consumer app), used by the e2e and
// consumer stages. Serves `.wasm` as application/wasm (needed by instantiateStreaming), can add
// a Content-Security-Policy header, and falls back to index.html for unknown paths.
//
// As a module:  const s = await serveStatic({ root, port: 0, csp }); s.url; await s.close();
// As a script:  node tests/e2e/serve.mjs <root> [--port N] [--csp "<policy>"]
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export function serveStatic({ root, port = 0, host = '127.0.0.1', csp = null }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = path.join(base, rel);
    if (!file.startsWith(base)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let st = null;
    try { st = statSync(file); } catch { /* missing */ }
    if (st && st.isDirectory()) {
      file = path.join(file, 'index.html');
      try { st = statSync(file); } catch { st = null; }
    }
    if (!st) {
      if (path.extname(rel)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${rel}`);
        return;
      }
      file = path.join(base, 'index.html'); // SPA fallback
      try { st = statSync(file); } catch { res.writeHead(404).end('no index.html'); return; }
    }
    const headers = {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-store',
    };
    if (csp) headers['content-security-policy'] = csp;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--'));
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
  if (!root) {
    console.error('usage: node tests/e2e/serve.mjs <root> [--port N] [--csp "<policy>"]');
    process.exit(2);
  }
  const s = await serveStatic({ root, port: Number(opt('--port') ?? 0), csp: opt('--csp') });
  console.log(`serving ${root} on ${s.url}`);
}
