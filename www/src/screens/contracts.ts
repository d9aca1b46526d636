import type { Contract, GetAllContractsResponseDataItem, GetContractResponse } from 'epilot-portal-sdk';
import { sdk, settings } from '../portal';
import { card, defs, fmtCents, fmtDate, h, humanize, load, text } from '../ui';

export const PAGE_SIZE = 10;

function title(c: { contract_name?: string; _title: string }): string {
  return c.contract_name || c._title || 'Contract';
}

function statusBadge(status: string | undefined): HTMLElement {
  return h('span', { class: `badge status-${status ?? 'unknown'}` }, humanize(status));
}

function contractsTable(items: GetAllContractsResponseDataItem[]): HTMLElement {
  return h('table', { class: 'table', 'data-testid': 'contracts-table' },
    h('thead', null, h('tr', null,
      h('th', null, 'Contract'), h('th', null, 'Number'), h('th', null, 'Status'), h('th', null, 'Energy'), h('th', null, 'Since'))),
    h('tbody', null, items.map((c) => h('tr', null,
      h('td', null, h('a', { href: `#/contracts/${encodeURIComponent(c._id)}`, 'data-testid': 'contract-link' }, title(c))),
      h('td', null, text(c.contract_number)),
      h('td', null, statusBadge(c.status)),
      h('td', null, humanize(c.branch)),
      h('td', null, fmtDate(c.start_date)),
    ))),
  );
}

/** `#/contracts?page=N`: one page of contracts, PAGE_SIZE at a time. */
export function contractsScreen(view: HTMLElement, query: URLSearchParams): void {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const from = (page - 1) * PAGE_SIZE;
  const list = h('div');
  view.replaceChildren(h('h1', null, 'Your contracts'), card(`Page ${page}`, { 'data-testid': 'contracts' }, list));

  void load(list, 'Loading contracts', () => sdk().getAllContracts({ from, size: PAGE_SIZE }), ({ data }) => {
    const items = data.data ?? [];
    const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { class: 'button secondary', href: `#/contracts?page=${page - 1}`, rel: 'prev' }, '← Previous') : h('span', { class: 'button secondary disabled', 'aria-disabled': 'true' }, '← Previous'),
      h('span', { class: 'muted' }, items.length ? `Contracts ${from + 1}–${from + items.length}` : ''),
      // A full page may have a next one; a short page is the last.
      items.length === PAGE_SIZE ? h('a', { class: 'button secondary', href: `#/contracts?page=${page + 1}`, rel: 'next' }, 'Next →') : h('span', { class: 'button secondary disabled', 'aria-disabled': 'true' }, 'Next →'),
    );
    if (items.length === 0) {
      return [h('p', { class: 'empty' }, page === 1 ? 'You have no contracts yet.' : 'No more contracts.'), nav];
    }
    return [contractsTable(items), nav];
  }, settings.apiUrl);
}

function contractDetails(c: Contract): HTMLElement {
  return defs([
    ['Number', text(c.contract_number)],
    ['Status', statusBadge(c.status)],
    ['Energy', humanize(c.branch)],
    ['Description', text(c.description)],
    ['Start date', fmtDate(c.start_date)],
    ['Billing period', humanize(c.billing_period)],
    ['Installment', fmtCents(c.installment_amount, c.balance_currency)],
    ['Due day of month', text(c.billing_due_day)],
    ['Balance', fmtCents(c.balance, c.balance_currency)],
    ['Account number', text(c.account_number)],
    ['Billing address', text(c.billing_address)],
    ['Delivery address', text(c.delivery_address)],
    ['Notice period', c.notice_time_amount !== undefined ? `${c.notice_time_amount} ${c.notice_time_unit ?? ''}`.trim() : '–'],
    ['Terminated', c.termination_date ? `${fmtDate(c.termination_date)}${c.termination_reason ? ` (${c.termination_reason})` : ''}` : '–'],
  ], 'contract-details');
}

function related(data: GetContractResponse): HTMLElement {
  const meters = data.meters ?? [];
  return h('div', { class: 'grid three' },
    h('div', null, h('h3', null, 'Meters'), meters.length
      ? h('ul', { class: 'plain' }, meters.map((m) => h('li', null, h('a', { href: `#/meters?meter=${encodeURIComponent(m._id)}` }, m._title || m._id))))
      : h('p', { class: 'muted' }, 'No meters.')),
    h('div', null, h('h3', null, 'Orders'), h('p', { class: 'big-number small' }, String(data.orders?.length ?? 0))),
    h('div', null, h('h3', null, 'Documents'), h('p', { class: 'big-number small' }, String(data.files?.length ?? 0))),
  );
}

/** `#/contracts/<id>` */
export function contractScreen(view: HTMLElement, id: string): void {
  const body = h('div');
  const heading = h('h1', null, 'Contract');
  view.replaceChildren(h('p', null, h('a', { href: '#/contracts' }, '← All contracts')), heading, body);

  void load(body, 'Loading the contract', () => sdk().getContract({ id }), ({ data }) => {
    const c = data.entity;
    if (!c) return h('p', { class: 'empty' }, 'The portal service returned no contract for this link.');
    heading.textContent = title(c);
    return [card('Details', { 'data-testid': 'contract' }, contractDetails(c)), card('Related', null, related(data))];
  }, settings.apiUrl);
}
