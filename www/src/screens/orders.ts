// Orders and offers: the customer's orders (getAllOrders); an offer that waits for the customer's
// decision can be accepted or declined here (postOrderAcceptance), and shows its new status.
import type { GetAllOrdersResponseDataItem, Order } from 'epilot-portal-sdk';
import { sdk, settings } from '../portal';
import { card, errorBox, fmtDate, fmtMoney, h, humanize, load, loading, show, text } from '../ui';

const OPEN = 'open_for_acceptance';

type AnyOrder = GetAllOrdersResponseDataItem | Order;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function amount(o: AnyOrder): string {
  const decimal = str(o.amount_total_decimal);
  return decimal !== undefined ? fmtMoney(Number(decimal), str(o.currency) ?? 'EUR') : '–';
}

function statusBadge(status: unknown): HTMLElement {
  return h('span', { class: `badge status-${String(status ?? 'unknown')}`, 'data-testid': 'order-status' }, humanize(status));
}

/** Accept / decline buttons for an open offer; the row's status updates with the answer. */
function decision(o: AnyOrder, statusCell: HTMLElement, onDecided: () => void): HTMLElement {
  const slot = h('div', { class: 'decision' });
  const accept = h('button', { type: 'button', 'data-testid': 'accept-offer' }, 'Accept offer');
  const decline = h('button', { type: 'button', class: 'secondary', 'data-testid': 'decline-offer' }, 'Decline');
  const decide = (choice: 'accept' | 'decline') => {
    accept.disabled = true;
    decline.disabled = true;
    show(slot, loading(choice === 'accept' ? 'Accepting the offer' : 'Declining the offer'));
    void sdk().postOrderAcceptance({ id: o._id }, { decision: choice }).then(({ data }) => {
      show(statusCell, statusBadge(data.data?.status));
      onDecided();
      show(slot, h('p', { class: 'ok', role: 'status', 'data-testid': 'offer-decided' },
        choice === 'accept' ? 'Thank you: the offer is accepted. We will confirm it by email.' : 'The offer is declined.'));
    }, (error: unknown) => {
      show(slot, errorBox(error, () => show(slot, decision(o, statusCell, onDecided)), settings.apiUrl));
    });
  };
  accept.addEventListener('click', () => decide('accept'));
  decline.addEventListener('click', () => decide('decline'));
  show(slot, accept, ' ', decline);
  return slot;
}

function ordersTable(items: AnyOrder[], onDecided: () => void): HTMLElement {
  return h('table', { class: 'table', 'data-testid': 'orders-table' },
    h('thead', null, h('tr', null,
      h('th', null, 'Order'), h('th', null, 'Number'), h('th', null, 'Date'), h('th', { class: 'num' }, 'Amount'), h('th', null, 'Status'), h('th', null, ''))),
    h('tbody', null, items.map((o) => {
      const statusCell = h('td', null, statusBadge(o.status));
      return h('tr', { 'data-testid': 'order-row', 'data-order-id': o._id },
        h('td', null, h('strong', null, o._title), str(o.description) ? h('div', { class: 'muted' }, text(o.description)) : null),
        h('td', null, text(o.order_number)),
        h('td', null, fmtDate(o._created_at)),
        h('td', { class: 'num' }, amount(o)),
        statusCell,
        h('td', null, o.status === OPEN ? decision(o, statusCell, onDecided) : null),
      );
    })),
  );
}

/** `#/orders` */
export function ordersScreen(view: HTMLElement): void {
  const list = h('div');
  view.replaceChildren(h('h1', null, 'Orders and offers'), card('Your orders', { 'data-testid': 'orders' }, list));
  void load(list, 'Loading your orders', () => sdk().getAllOrders({ from: 0, size: 50 }), ({ data }) => {
    const items = data.data ?? [];
    if (items.length === 0) return h('p', { class: 'empty' }, 'You have no orders yet.');
    let open = items.filter((o) => o.status === OPEN).length;
    const waiting = h('p', { 'data-testid': 'open-offers' });
    const say = () => { waiting.textContent = open ? `${open} offer${open === 1 ? '' : 's'} waiting for your decision.` : 'No offer is waiting for your decision.'; };
    say();
    return [waiting, ordersTable(items, () => { open = Math.max(0, open - 1); say(); })];
  }, settings.apiUrl);
}
