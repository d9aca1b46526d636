// Single sign-on for the local portal API: a small OpenID-style identity provider and the
// portal API's ssoRedirect / ssoCallback, so that SSO can be driven end to end locally:
//
//   GET  /__idp/authorize?client_id&redirect_uri&state&code_challenge[&code_challenge_method=S256][&login_hint]
//        a page where the user picks the email to sign in as; its form posts back here and is
//        redirected to redirect_uri?code=...&state=... (the provider's authorization code)
//   POST /v2/portal/public/sso/redirect?web_uri=   (multipart or urlencoded code, state) -> 301 web_uri?code&state
//   POST /v2/portal/public/sso/callback            SSOCallbackRequest: the code is checked (once, 5 min,
//        same client_id and redirect_uri, PKCE S256/plain code_verifier), the portal user is created
//        in the pool when missing (as the portal provisions SSO users), and the answer is an
//        SSOCallbackResponse whose id_token and access_token are the external provider tokens the
//        CUSTOM_AUTH challenge accepts (each once, for that email, within expires_in)
//   POST /__admin/sso-code {email, client_id, redirect_uri, code_challenge?, code_challenge_method?}
//        -> {code}: what the provider page would send back (for tests)
import { createHash, createHmac, randomBytes } from 'node:crypto';

const CODE_MS = 300_000;
const TOKEN_S = 3600;
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createSso(ctx) {
  const codes = new Map(); // code -> { email, clientId, redirectUri, challenge, method, at }
  const tokens = new Map(); // token -> { email, exp, used }
  const key = randomBytes(32);

  function issueCode({ email, client_id, redirect_uri, code_challenge, code_challenge_method }) {
    const code = b64url(randomBytes(24));
    codes.set(code, { email: String(email), clientId: String(client_id ?? ''), redirectUri: String(redirect_uri ?? ''), challenge: code_challenge ?? null, method: code_challenge_method ?? 'S256', at: Date.now() });
    return code;
  }

  function jwt(claims) {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${b64url(createHmac('sha256', key).update(`${head}.${body}`).digest())}`;
  }

  /** Uses up a provider token issued for `email`; whether it was good. */
  function redeem(token, email) {
    const t = tokens.get(token);
    if (!t || t.used || t.exp < Date.now() || !email || t.email.toLowerCase() !== String(email).toLowerCase()) return false;
    t.used = true;
    return true;
  }

  async function callback(body) {
    const c = codes.get(body.code);
    codes.delete(body.code);
    if (body.grant_type !== 'authorization_code') return [400, { message: 'grant_type must be authorization_code' }];
    if (!c || Date.now() - c.at > CODE_MS) return [400, { message: 'invalid or expired authorization code' }];
    if (c.clientId !== body.client_id || c.redirectUri !== body.redirect_uri) return [400, { message: 'client_id or redirect_uri does not match the authorization request' }];
    if (c.challenge) {
      const verifier = String(body.code_verifier ?? '');
      const derived = c.method === 'plain' ? verifier : b64url(createHash('sha256').update(verifier).digest());
      if (derived !== c.challenge) return [400, { message: 'code_verifier does not match the code challenge' }];
    }
    await ctx.createUser(c.email, `Sso-${b64url(randomBytes(18))}1!`, 'CONFIRMED');
    const now = Math.floor(Date.now() / 1000);
    const idToken = jwt({ iss: 'local-idp', aud: body.client_id, sub: createHash('sha256').update(c.email).digest('hex').slice(0, 32), email: c.email, iat: now, exp: now + TOKEN_S, provider_slug: body.provider_slug ?? null });
    const accessToken = b64url(randomBytes(32));
    for (const t of [idToken, accessToken]) tokens.set(t, { email: c.email, exp: Date.now() + TOKEN_S * 1000, used: false });
    return [200, { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_S, refresh_token: b64url(randomBytes(32)), id_token: idToken, scope: 'openid email' }];
  }

  function formField(text, name) {
    const multipart = new RegExp(`name="${name}"\\r?\\n\\r?\\n([^\\r\\n]*)`).exec(text);
    if (multipart) return multipart[1];
    return new URLSearchParams(text).get(name);
  }

  async function api(req, res, url, send, readBody) {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v2/portal/public/sso/callback') {
      let body;
      try { body = JSON.parse((await readBody(req)) || '{}'); } catch { return send(res, 400, { message: 'bad JSON' }), true; }
      const missing = ['token_endpoint', 'grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier'].filter((k) => typeof body[k] !== 'string');
      if (missing.length) return send(res, 400, { message: `missing ${missing.join(', ')}` }), true;
      const [status, answer] = await callback(body);
      return send(res, status, answer), true;
    }
    if (req.method === 'POST' && path === '/v2/portal/public/sso/redirect') {
      const text = await readBody(req);
      const webUri = url.searchParams.get('web_uri');
      if (!webUri) return send(res, 400, { message: 'web_uri is required' }), true;
      const target = new URL(webUri);
      target.searchParams.set('code', formField(text, 'code') ?? '');
      target.searchParams.set('state', formField(text, 'state') ?? '');
      res.writeHead(301, { location: target.toString(), 'access-control-allow-origin': '*' });
      return res.end(), true;
    }
    if (path === '/__idp/authorize' && req.method === 'GET') {
      const q = Object.fromEntries(url.searchParams);
      const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method']
        .map((k) => `<input type="hidden" name="${k}" value="${html(q[k] ?? '')}">`).join('');
      const page = `<!doctype html><meta charset="utf-8"><title>Local identity provider</title>
<style>body{font-family:system-ui;max-width:24rem;margin:4rem auto}input,button{font-size:1rem;padding:.4rem;width:100%;margin:.3rem 0}</style>
<h1>Local identity provider</h1><p>Sign in to continue to the portal.</p>
<form method="post" action="/__idp/authorize">${hidden}<label>Email <input name="email" type="email" required value="${html(q.login_hint ?? '')}"></label><button type="submit">Continue</button></form>`;
      return send(res, 200, page, 'text/html; charset=utf-8'), true;
    }
    if (path === '/__idp/authorize' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const redirect = form.get('redirect_uri');
      if (!redirect || !form.get('email')) return send(res, 400, { message: 'email and redirect_uri are required' }), true;
      const code = issueCode(Object.fromEntries(form));
      const target = new URL(redirect);
      target.searchParams.set('code', code);
      target.searchParams.set('state', form.get('state') ?? '');
      res.writeHead(302, { location: target.toString() });
      return res.end(), true;
    }
    return false;
  }

  async function admin(req, res, url, send, readBody) {
    if (req.method === 'POST' && url.pathname === '/__admin/sso-code') {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (!body.email) return send(res, 400, { message: 'email is required' }), true;
      return send(res, 200, { code: issueCode(body) }), true;
    }
    return false;
  }

  return { api, admin, redeem };
}
