// The household fixture read through the backend: a lived-in portal, every answer valid.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, monthsBack, start } from './harness.mjs';

let api;
before(async () => { api = await start('household'); });
after(() => api.close());

test('the customer is the sign-in emulator\'s demo user', async () => {
  const { body: contact } = await api.call('GET', '/v2/portal/contact', undefined, { expect: 200 });
  const { body: user } = await api.call('GET', '/v2/portal/user', undefined, { expect: 200 });
  const emulator = readFileSync(path.join(ROOT, 'scripts', 'cognito-local.mjs'), 'utf8');
  const demoEmail = /COGNITO_USER_EMAIL \?\? '([^']+)'/.exec(emulator)?.[1];
  assert.equal(contact.entity.email[0].email, demoEmail);
  assert.equal(user.data.email, demoEmail);
  assert.equal(contact.entity._title, 'Anna Becker');
});

test('several contracts: power and gas active, PV feed-in, an old one terminated', async () => {
  const { body } = await api.call('GET', '/v2/portal/contract?from=0&size=100', undefined, { expect: 200 });
  const active = body.data.filter((c) => c.status === 'active').map((c) => c.branch);
  assert.ok(active.includes('power') && active.includes('gas'), JSON.stringify(active));
  assert.equal(body.data.length, 4);
  assert.equal(body.data.filter((c) => c.status === 'terminated').length, 1);
  const page = await api.call('GET', '/v2/portal/contract?from=1&size=2', undefined, { expect: 200 });
  assert.deepEqual(page.body.data.map((c) => c._id), body.data.slice(1, 3).map((c) => c._id));
  const detail = await api.call('GET', `/v2/portal/contract/${body.data[0]._id}`, undefined, { expect: 200 });
  assert.equal(detail.body.meters.length, 1);
  assert.ok(detail.body.files.length >= 2);
});

test('the PV meter has a two-direction counter and 24 months of readings', async () => {
  const { body } = await api.call('POST', '/v2/portal/entity:search', { slug: 'meter', size: 10 }, { expect: 200 });
  assert.equal(body.hits, 3);
  const pv = api.state().meters.find((m) => m.counters.length === 2);
  assert.deepEqual(pv.counters.map((c) => c.direction).sort(), ['feed-in', 'feed-out']);
  for (const c of pv.counters) {
    const r = await api.call('POST', '/v2/portal/metering/readings', { meter_id: pv._id, counter_id: c._id, size: 100 }, { expect: 200 });
    assert.equal(r.body.hits, 25);
    assert.ok(Date.parse(r.body.results[0].timestamp) > Date.parse(r.body.results[24].timestamp), 'newest first');
  }
  const range = await api.call('GET', `/v2/portal/metering/reading/allowed-range/${pv._id}`, undefined, { expect: 200 });
  assert.equal(range.body.data.length, 2);
  for (const r of range.body.data) assert.ok(r.max_value > r.min_value, JSON.stringify(r));
});

test('24 monthly consumption values with seasons; costs and prices for the same months', async () => {
  const power = api.state().meters.find((m) => m.sector === 'power' && m.counters.length === 1);
  const gas = api.state().meters.find((m) => m.sector === 'gas');
  const { from, to } = monthsBack(24);
  const q = (m, what) => `/v2/portal/${what}?extensionId=local&meter_id=${m._id}&from=${from}&to=${to}&interval=P1M`;
  const { body } = await api.call('GET', q(power, 'consumption'), undefined, { expect: 200 });
  assert.ok(body.consumptions.length >= 24, `${body.consumptions.length} points`);
  const g = (await api.call('GET', q(gas, 'consumption'), undefined, { expect: 200 })).body.consumptions;
  const month = (p) => new Date(p.timestamp).getUTCMonth();
  const winter = g.filter((p) => [0, 1, 11].includes(month(p))).map((p) => p.value);
  const summer = g.filter((p) => [5, 6, 7].includes(month(p))).map((p) => p.value);
  assert.ok(Math.min(...winter) > 2 * Math.max(...summer), `gas winter ${winter} vs summer ${summer}`);
  const costs = (await api.call('GET', q(power, 'costs'), undefined, { expect: 200 })).body.costs;
  assert.equal(costs.length, body.consumptions.length);
  assert.ok(costs.every((c) => c.unit_amount > 0 && c.unit_amount_currency === 'EUR'));
  const prices = (await api.call('GET', q(power, 'prices'), undefined, { expect: 200 })).body.prices;
  assert.ok(prices.length >= 24 && prices.every((p) => p.unit_amount_decimal === '0.3290'));
  const pv = api.state().meters.find((m) => m.counters.length === 2);
  const pvPoints = (await api.call('GET', q(pv, 'consumption'), undefined, { expect: 200 })).body.consumptions;
  assert.ok(pvPoints.some((p) => p.type === 'feed-in' && p.value < 0), 'feed-in counts below zero');
  const daily = await api.call('GET', `/v2/portal/consumption?extensionId=x&meter_id=${power._id}&from=${monthsBack(2).from}&to=${to}&interval=P1D`, undefined, { expect: 200 });
  assert.ok(daily.body.consumptions.length >= 28);
});

test('the balance adds up: the contracts\' balances and the open events', async () => {
  const { body: bal } = await api.call('GET', '/v2/portal/billing/customers/balance', undefined, { expect: 200 });
  const { body: contracts } = await api.call('GET', '/v2/portal/contract', undefined, { expect: 200 });
  assert.equal(bal.balance, contracts.data.reduce((s, c) => s + c.balance, 0));
  const { body: open } = await api.call('GET', '/v2/portal/billing/events?paid=false&size=100', undefined, { expect: 200 });
  const expected = open.results.reduce((s, e) => s + (e.type === 'reimbursement' ? e.billing_amount : -e.billing_amount), 0);
  assert.equal(bal.balance, expected);
  assert.equal(bal.balance_decimal, bal.balance / 100);
  const all = await api.call('GET', '/v2/portal/billing/events?from=0&size=5', undefined, { expect: 200 });
  assert.equal(all.body.results.length, 5);
  assert.ok(all.body.hits >= 24);
  const installments = await api.call('GET', '/v2/portal/billing/events?event_type=installment&size=100', undefined, { expect: 200 });
  assert.ok(installments.body.results.every((e) => e.type === 'installment'));
});

test('documents, an open offer, a request, a partner, notifications', async () => {
  const files = await api.call('GET', '/v2/portal/user/files?from=0&size=50', undefined, { expect: 200 });
  assert.ok(files.body.hits >= 5);
  await api.call('GET', `/v2/portal/user/file/${files.body.results[0]._id}`, undefined, { expect: 200 });
  const counts = await api.call('GET', '/v2/portal/user/files/count-by-entity', undefined, { expect: 200 });
  assert.equal(counts.body.reduce((s, c) => s + c.file_count, 0), files.body.hits);
  const orders = await api.call('GET', '/v2/portal/order', undefined, { expect: 200 });
  const offer = orders.body.data.find((o) => o.status === 'open_for_acceptance');
  assert.ok(offer);
  await api.call('GET', `/v2/portal/order/${offer._id}`, undefined, { expect: 200 });
  const opps = await api.call('GET', '/v2/portal/opportunity', undefined, { expect: 200 });
  await api.call('GET', `/v2/portal/opportunities/${opps.body.data[0]._id}`, undefined, { expect: 200 });
  const requests = await api.call('GET', '/v2/portal/request', undefined, { expect: 200 });
  assert.equal(requests.body.hits, orders.body.data.length + opps.body.data.length);
  const partners = await api.call('GET', '/v3/portal/partner/list', undefined, { expect: 200 });
  assert.equal(partners.body.data[0].first_name, 'Jonas');
  const n = await api.call('GET', '/v2/portal/notifications?limit=2', undefined, { expect: 200 });
  assert.equal(n.body.results.length, 2);
  assert.equal(n.body.cursor, '2');
  const rest = await api.call('GET', '/v2/portal/notifications?limit=2&cursor=2', undefined, { expect: 200 });
  assert.equal(rest.body.cursor, undefined);
  const count = await api.call('GET', '/v2/portal/notifications/unread-count', undefined, { expect: 200 });
  assert.equal(count.body.count, n.body.total_unread);
  const got = await api.call('POST', '/v2/portal/entity:get', { slug: 'contract', entity_id: offer.contract_id }, { expect: 200 });
  assert.equal(got.body.result._schema, 'contract');
});
