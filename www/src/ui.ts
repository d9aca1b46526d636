// Small DOM helpers: elements are built with textContent / attributes only (never innerHTML),
// so nothing an API returns can inject markup or script.
import { PortalApiError } from 'epilot-portal-sdk';

type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;
export type Child = Node | string | number | null | undefined | false | Child[];

function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') {
      el.addEventListener(k.replace(/^on/, ''), v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

/** `h('p', { class: 'x' }, 'text', child)`: an HTML element. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `svg('rect', { x: 1 })`: an SVG element. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replaces every child of `el`. */
export function show(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function loading(label: string): HTMLElement {
  return h('div', { class: 'loading', role: 'status', 'aria-busy': 'true' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `${label}…`);
}

// ---------- errors in plain words ---------------------------------------------------------------

export interface Explained {
  /** What happened, one sentence. */
  title: string;
  /** Details: the server's message, the HTTP status. */
  detail?: string;
  /** What the user can do. */
  advice: string;
  status?: number;
  code?: string;
}

function serverMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim().slice(0, 300) || undefined;
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    for (const k of ['message', 'detail', 'title', 'error']) {
      if (typeof d[k] === 'string' && d[k]) return (d[k] as string).slice(0, 300);
    }
  }
  return undefined;
}

/** Turns anything a call can throw into a readable explanation. */
export function explain(error: unknown, apiUrl?: string): Explained {
  if (error instanceof PortalApiError) {
    const status = error.status;
    const msg = serverMessage(error.response?.data);
    const violations = error.response?.headers?.['sl-violations'];
    const op = error.operation ? ` (${error.operation})` : '';
    switch (error.code) {
      case 'HTTP': {
        const detail = [`The API answered with HTTP ${status}${op}.`, msg && `Its message: “${msg}”.`, violations && `Request problems reported: ${violations.slice(0, 300)}`]
          .filter(Boolean).join(' ');
        if (status === 401) return { title: 'You are not signed in, or your session has expired.', detail, advice: 'Sign in again.', status, code: error.code };
        if (status === 403) return { title: 'Your account is not allowed to see or change this.', detail, advice: 'If you think this is wrong, contact customer service.', status, code: error.code };
        if (status === 404) return { title: 'This could not be found.', detail, advice: 'It may have been removed, or the link is wrong. Go back and try another entry.', status, code: error.code };
        if (status === 429) return { title: 'Too many requests in a short time.', detail, advice: 'Wait a minute, then try again.', status, code: error.code };
        if (status !== undefined && status >= 500) return { title: 'The portal service has a problem right now.', detail, advice: 'This is not your fault. Try again in a few minutes.', status, code: error.code };
        if (status === 400 || status === 422) return { title: 'The request was refused as invalid.', detail, advice: 'Check what you entered and try again.', status, code: error.code };
        return { title: `The request failed (HTTP ${status}).`, detail, advice: 'Try again; if it keeps failing, contact customer service.', status, code: error.code };
      }
      case 'NETWORK':
        return { title: 'The portal service could not be reached.', detail: `${error.message}${apiUrl ? ` (API: ${apiUrl})` : ''}`, advice: 'Check your internet connection and try again.', code: error.code };
      case 'TIMEOUT':
        return { title: 'The portal service took too long to answer.', detail: error.message, advice: 'Try again in a moment.', code: error.code };
      case 'ABORTED':
        return { title: 'The request was cancelled.', detail: error.message, advice: 'Try again if you still need it.', code: error.code };
      case 'DECODE':
        return { title: 'The portal service sent an answer this page could not read.', detail: `${error.message}${status ? ` (HTTP ${status})` : ''}`, advice: 'Try again later; if it keeps happening, contact customer service.', status, code: error.code };
      case 'INVALID_INPUT':
        return { title: 'This page sent an invalid request.', detail: error.message, advice: 'Reload the page. If it keeps happening, please report it.', code: error.code };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong.', detail: message, advice: 'Reload the page and try again.' };
}

/** A readable error panel, with a "Try again" button when `retry` is given. */
export function errorBox(error: unknown, retry?: () => void, apiUrl?: string): HTMLElement {
  const e = explain(error, apiUrl);
  return h('div', { class: 'error', role: 'alert', 'data-status': e.status ?? '', 'data-code': e.code ?? '' },
    h('p', { class: 'error-title' }, e.title),
    e.detail ? h('p', { class: 'error-detail' }, e.detail) : null,
    h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), e.advice),
    e.status === 401 ? h('p', null, h('a', { href: '#/signin' }, 'Go to sign-in')) : null,
    retry ? h('button', { type: 'button', class: 'secondary', onclick: () => retry() }, 'Try again') : null,
  );
}

/**
 * Runs `fn` with a loading state in `slot`, then shows `render(result)`, or a readable error
 * with a "Try again" button. Resolves to the result, or undefined when it failed.
 */
export async function load<T>(slot: HTMLElement, label: string, fn: () => Promise<T>, render: (value: T) => Child, apiUrl?: string): Promise<T | undefined> {
  show(slot, loading(label));
  slot.setAttribute('aria-busy', 'true');
  try {
    const value = await fn();
    show(slot, render(value));
    return value;
  } catch (error) {
    show(slot, errorBox(error, () => { void load(slot, label, fn, render, apiUrl); }, apiUrl));
    return undefined;
  } finally {
    slot.removeAttribute('aria-busy');
  }
}

// ---------- formatting ------------------------------------------------------------------------

const LOCALE = 'en-GB';

export function fmtDate(value: unknown): string {
  if (typeof value !== 'string' || !value) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleDateString(LOCALE, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function fmtDateTime(value: unknown): string {
  if (typeof value !== 'string' || !value) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(LOCALE, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function fmtMoney(amount: number | undefined | null, currency: string | undefined | null): string {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return '–';
  const cur = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  try {
    return cur
      ? new Intl.NumberFormat(LOCALE, { style: 'currency', currency: cur }).format(amount)
      : new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

/** Amounts the API gives in cents (integers such as `installment_amount: 10050`). */
export function fmtCents(cents: unknown, currency: string | undefined | null): string {
  return typeof cents === 'number' ? fmtMoney(cents / 100, currency) : '–';
}

export function fmtNumber(n: number): string {
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 }).format(n);
}

/** "power" → "Power", "every_6_months" → "Every 6 months". */
export function humanize(value: unknown): string {
  if (value === undefined || value === null || value === '') return '–';
  const s = String(value).replace(/[_-]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '–';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A `<dl>` of label/value pairs (values shown as text). */
export function defs(pairs: Array<[string, Child]>, testid?: string): HTMLElement {
  return h('dl', { class: 'defs', 'data-testid': testid },
    pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function card(title: string, attrs: Attrs | null, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', ...attrs }, h('h2', null, title), ...children);
}
