import type { BillingEvent, Contact } from 'epilot-portal-sdk';
import { portalConfig, sdk, settings } from '../portal';
import { card, fmtCents, fmtDate, fmtMoney, h, humanize, load, text } from '../ui';

/** A contact's display name: first + last name when present, else its title. */
export function contactName(c: Contact | undefined): string {
  if (!c) return '–';
  const first = typeof c.first_name === 'string' ? c.first_name : '';
  const last = typeof c.last_name === 'string' ? c.last_name : '';
  return `${first} ${last}`.trim() || c._title || '–';
}

/** epilot stores emails as `[{ email: '...' }]`; tolerate a plain string too. */
export function contactEmail(c: Contact | undefined): string {
  const e = c?.email;
  if (typeof e === 'string') return e;
  if (Array.isArray(e)) {
    const first = e.find((x) => x && typeof x === 'object' && typeof (x as { email?: unknown }).email === 'string') as { email: string } | undefined;
    if (first) return first.email;
  }
  return '–';
}

const PAGE = 100;

function count(n: number): HTMLElement {
  return h('p', { class: 'big-number' }, n >= PAGE ? `${PAGE}+` : String(n));
}

function billingTable(events: BillingEvent[]): HTMLElement {
  if (events.length === 0) return h('p', { class: 'empty' }, 'No billing events yet.');
  return h('table', { class: 'table', 'data-testid': 'billing-events' },
    h('thead', null, h('tr', null, h('th', null, 'Type'), h('th', null, 'Due'), h('th', { class: 'num' }, 'Amount'), h('th', null, 'Paid'))),
    h('tbody', null, events.map((e) => h('tr', null,
      h('td', null, humanize(e.type)),
      h('td', null, fmtDate(e.due_date)),
      h('td', { class: 'num' }, e.billing_amount_decimal !== undefined
        ? fmtMoney(Number(e.billing_amount_decimal), e.billing_currency)
        : fmtCents(e.billing_amount, e.billing_currency)),
      h('td', null, e.paid_date ? fmtDate(e.paid_date) : 'open'),
    ))),
  );
}

export function dashboardScreen(view: HTMLElement): void {
  const api = sdk();
  const contact = h('div');
  const contracts = h('div');
  const orders = h('div');
  const balance = h('div');
  const billing = h('div');
  const url = settings.apiUrl;

  view.replaceChildren(
    h('h1', null, 'Overview'),
    h('div', { class: 'grid four' },
      card('You', { 'data-testid': 'card-contact' }, contact),
      card('Contracts', { 'data-testid': 'card-contracts' }, contracts),
      card('Orders', { 'data-testid': 'card-orders' }, orders),
      card('Balance', { 'data-testid': 'card-balance' }, balance),
    ),
    card('Billing events', { 'data-testid': 'card-billing' }, billing),
  );

  void load(contact, 'Loading your details', () => api.getContact(), ({ data }) => [
    h('p', { class: 'name', 'data-testid': 'contact-name' }, contactName(data.entity)),
    contactEmail(data.entity) !== '–' ? h('p', { class: 'muted' }, contactEmail(data.entity)) : null,
    h('a', { href: '#/account' }, 'Edit your details'),
  ], url);

  void load(contracts, 'Counting contracts', () => api.getAllContracts({ from: 0, size: PAGE }), ({ data }) => [
    h('div', { 'data-testid': 'contracts-count' }, count(data.data?.length ?? 0)),
    h('a', { href: '#/contracts' }, 'See contracts'),
  ], url);

  void load(orders, 'Counting orders', () => api.getAllOrders({ from: 0, size: PAGE }), ({ data }) => [
    h('div', { 'data-testid': 'orders-count' }, count(data.data?.length ?? 0)),
    h('a', { href: '#/orders' }, 'See orders and offers'),
  ], url);

  // Billing cards only when the portal has billing switched on (its public config says so).
  void portalConfig().then(
    (config) => config.feature_settings?.billing !== false,
    () => true, // config unavailable: show billing anyway, its own errors speak for themselves
  ).then((billingOn) => {
    if (!billingOn) {
      balance.replaceChildren(h('p', { class: 'muted' }, 'Billing is not enabled for this portal.'));
      billing.replaceChildren(h('p', { class: 'muted' }, 'Billing is not enabled for this portal.'));
      return;
    }
    void load(balance, 'Loading your balance', () => api.getCustomerBalance(), ({ data }) => [
      h('p', { class: 'big-number', 'data-testid': 'balance' },
        data.balance_decimal !== undefined ? fmtMoney(data.balance_decimal, data.balance_currency) : fmtCents(data.balance, data.balance_currency)),
      h('p', { class: 'muted' }, 'current balance of your account'),
    ], url);
    void load(billing, 'Loading billing events', () => api.getBillingEvents({ from: 0, size: 10 }), ({ data }) => [
      billingTable(data.results ?? []),
      data.hits !== undefined ? h('p', { class: 'muted' }, `${data.results?.length ?? 0} of ${text(data.hits)} events shown.`) : null,
    ], url);
  });
}

