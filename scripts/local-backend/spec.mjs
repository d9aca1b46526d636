// The API definition as the local backend needs it: which operation a method + path is, and
// which error statuses an operation documents (an answer must never use an undocumented one).
import { readFileSync } from 'node:fs';

/** Reads the OpenAPI file and returns { match(method, pathname), documents(opId, status) }. */
export function loadSpec(file) {
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const routes = [];
  const statuses = new Map();
  const open = new Set(); // operations that need no token
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    const names = [];
    const source = template.split(/(\{[^}]+\})/).map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    }).join('');
    const literal = template.replace(/\{[^}]+\}/g, '').length; // more literal characters win
    for (const [method, op] of Object.entries(item)) {
      if (!op?.operationId) continue;
      routes.push({ method: method.toUpperCase(), re: new RegExp(`^${source}$`), names, literal, id: op.operationId });
      statuses.set(op.operationId, new Set(Object.keys(op.responses ?? {}).map(Number)));
      const security = op.security ?? spec.security ?? [];
      if (security.length === 0 || security.some((r) => Object.keys(r).length === 0)) open.add(op.operationId);
    }
  }
  routes.sort((a, b) => b.literal - a.literal);

  return {
    /** { id, params } of the operation at METHOD /path, or null. */
    match(method, pathname) {
      for (const r of routes) {
        if (r.method !== method) continue;
        const m = r.re.exec(pathname);
        if (!m) continue;
        const params = {};
        try {
          r.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
        } catch {
          return null; // a malformed %-escape: no operation has that path
        }
        return { id: r.id, params };
      }
      return null;
    },
    /** Does operation `id` need a token (its security lists no empty requirement)? */
    needsToken(id) {
      return !open.has(id);
    },
    /** Does operation `id` document HTTP status `status`? */
    documents(id, status) {
      return statuses.get(id)?.has(status) ?? false;
    },
  };
}
