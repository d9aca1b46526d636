// Request validation by the spec mock: the backend sends each request it answers to Prism first
// (same method, path, query, token and body) and refuses it when Prism does, so its input rules
// are exactly those of the mock that checks every other request.
import http from 'node:http';

const FORWARD = ['authorization', 'content-type'];

/** Prism's `sl-violations` header as a sentence for the API's `message`. */
export function violationText(header) {
  let list = [];
  try {
    list = JSON.parse(header ?? '[]');
  } catch {
    return 'The request does not match the API definition.';
  }
  const parts = list
    .filter((v) => v && v.severity !== 'Warning')
    .map((v) => {
      const where = Array.isArray(v.location) ? v.location.slice(1).join('.') : '';
      return where ? `${where}: ${v.message}` : String(v.message);
    });
  return parts.length ? `Invalid request: ${parts.join('; ')}.` : 'The request does not match the API definition.';
}

/** A precheck against the Prism on `host`:`port()`: resolves { status, message } or null when valid. */
export function prismPrecheck(host, port) {
  return (req, body) => new Promise((resolve) => {
    const headers = { accept: 'application/json' };
    for (const h of FORWARD) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    if (body.length) headers['content-length'] = String(body.length);
    const up = http.request({ host, port: port(), method: req.method, path: req.url, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 500;
        if (status < 400) return resolve(null);
        resolve({ status, message: violationText(res.headers['sl-violations']) });
      });
      res.on('error', () => resolve({ status: 502, message: 'The request could not be checked (the spec mock broke off).' }));
    });
    up.on('error', (err) => resolve({ status: 502, message: `The request could not be checked (spec mock unreachable: ${err.code ?? err.message}).` }));
    up.end(body);
  });
}
