// The empty new customer: every list is empty and every answer still valid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { monthsBack, start } from './harness.mjs';

let api;
before(async () => { api = await start('new-customer'); });
after(() => api.close());

test('a new customer has a contact and nothing else, in valid answers', async () => {
  const { body: contact } = await api.call('GET', '/v2/portal/contact', undefined, { expect: 200 });
  assert.equal(contact.entity.first_name, 'Lena');
  for (const [p, key] of [['/v2/portal/contract', 'data'], ['/v2/portal/order', 'data'], ['/v2/portal/opportunity', 'data'],
    ['/v2/portal/request', 'results'], ['/v2/portal/user/files?from=0&size=10', 'results'], ['/v2/portal/billing/events', 'results'],
    ['/v2/portal/notifications', 'results'], ['/v3/portal/partner/list', 'data']]) {
    const { body } = await api.call('GET', p, undefined, { expect: 200 });
    assert.deepEqual(body[key], [], p);
  }
  assert.equal((await api.call('GET', '/v2/portal/billing/customers/balance', undefined, { expect: 200 })).body.balance, 0);
  assert.deepEqual((await api.call('GET', '/v2/portal/user/files/count-by-entity', undefined, { expect: 200 })).body, []);
  assert.equal((await api.call('GET', '/v2/portal/notifications/unread-count', undefined, { expect: 200 })).body.count, 0);
  const { from, to } = monthsBack(24);
  const c = await api.call('GET', `/v2/portal/consumption?extensionId=x&from=${from}&to=${to}&interval=P1M`, undefined, { expect: 200 });
  assert.deepEqual(c.body.consumptions, []);
  const s = await api.call('POST', '/v2/portal/entity:search', { slug: ['contract', 'meter'] }, { expect: 200 });
  assert.equal(s.body.hits, 0);
  await api.call('PUT', '/v2/portal/notifications/read-all', undefined, { expect: 204 });
});
