// Writes change the state, and a reset brings the fixture back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { monthsBack, start } from './harness.mjs';

let api;
before(async () => { api = await start('household'); });
after(() => api.close());

const power = () => api.state().meters.find((m) => m.sector === 'power' && m.counters.length === 1);
const rangeOf = async (meter) => (await api.call('GET', `/v2/portal/metering/reading/allowed-range/${meter._id}`, undefined, { expect: 200 })).body.data[0];

test('a reading in the allowed range is saved, listed, moves the range and shows in the series', async () => {
  const meter = power();
  const counter = meter.counters[0];
  const before = await rangeOf(meter);
  const { from, to } = monthsBack(24);
  const series = `/v2/portal/consumption?extensionId=local&meter_id=${meter._id}&from=${from}&to=${to}&interval=P1M`;
  const pointsBefore = (await api.call('GET', series, undefined, { expect: 200 })).body.consumptions;
  const value = Math.round(before.min_value + (before.max_value - before.min_value) / 4);
  const saved = await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value, source: 'ECP' }, { expect: 200 });
  assert.equal(saved.body.data.status, 'valid');
  assert.equal(saved.body.data.counter_id, counter._id);
  const list = await api.call('POST', '/v2/portal/metering/readings', { meter_id: meter._id, counter_id: counter._id, size: 1 }, { expect: 200 });
  assert.equal(list.body.results[0].value, value);
  assert.equal(list.body.hits, 26);
  const after = await rangeOf(meter);
  assert.equal(after.min_value, value);
  const later = new Date(Date.now() + 1000).toISOString();
  const pointsAfter = (await api.call('GET', series.replace(to, later), undefined, { expect: 200 })).body.consumptions;
  const total = (ps) => ps.reduce((s, p) => s + p.value, 0);
  assert.ok(Math.abs(total(pointsAfter) - total(pointsBefore) - (value - before.min_value)) < 0.01,
    `the series grew by ${total(pointsAfter) - total(pointsBefore)}, the reading by ${value - before.min_value}`);
});

test('the reading rules: lower than before, in the future, no counter named, outlier kept for review', async () => {
  const meter = power();
  const r = await rangeOf(meter);
  const lower = await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: r.min_value - 100, source: 'ECP' }, { expect: 400 });
  assert.equal(lower.body.reason, 'less_than_previous');
  assert.match(lower.body.message, /lower than the previous/);
  const future = new Date(Date.now() + 3 * 86400000).toISOString();
  const fut = await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: r.max_value, source: 'ECP', timestamp: future }, { expect: 400 });
  assert.equal(fut.body.reason, 'timestamp_future');
  const pv = api.state().meters.find((m) => m.counters.length === 2);
  const noCounter = await api.call('POST', '/v2/portal/metering/reading', { meter_id: pv._id, value: 1e6, source: 'ECP' }, { expect: 400 });
  assert.equal(noCounter.body.reason, 'no_counter');
  const byDirection = await api.call('POST', '/v2/portal/metering/reading', { meter_id: pv._id, value: (await rangeOf(pv)).min_value + 1, source: 'ECP', direction: 'feed-in' }, { expect: 200 });
  assert.equal(byDirection.body.data.direction, 'feed-in');
  const outlier = await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: r.max_value * 3, source: 'ECP' }, { expect: 200 });
  assert.equal(outlier.body.data.status, 'in-validation');
});

test('a strict plausibility rule refuses an outlier with its limits; override_plausibility keeps it', async () => {
  const strict = await start('plausibility-refuses');
  try {
    const meter = strict.state().meters[0];
    const { body } = await strict.call('GET', `/v2/portal/metering/reading/allowed-range/${meter._id}`, undefined, { expect: 200 });
    const { min_value: min, max_value: max } = body.data[0];
    assert.ok(max > min);
    const refused = await strict.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: max + 500, source: 'ECP' }, { expect: 400 });
    assert.equal(refused.body.reason, 'plausibility_check_failed');
    assert.equal(refused.body.upper_limit, max);
    assert.equal(refused.body.lower_limit, min);
    await strict.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: min + 1e-9 + 0.5, source: 'ECP' }, { expect: 200 });
    const kept = await strict.call('POST', '/v2/portal/metering/reading?override_plausibility=true', { meter_id: meter._id, value: max + 5000, source: 'ECP' }, { expect: 200 });
    assert.equal(kept.body.data.status, 'in-validation');
  } finally {
    await strict.close();
  }
});

test('contact and portal user edits persist; system fields do not change', async () => {
  const { body: before } = await api.call('GET', '/v2/portal/contact', undefined, { expect: 200 });
  await api.call('PATCH', '/v2/portal/contact', { last_name: 'Becker-Hoffmann', _id: 'not-mine', _org: 'other' }, { expect: 200 });
  const { body: after } = await api.call('GET', '/v2/portal/contact', undefined, { expect: 200 });
  assert.equal(after.entity.last_name, 'Becker-Hoffmann');
  assert.equal(after.entity._title, 'Anna Becker-Hoffmann');
  assert.equal(after.entity._id, before.entity._id);
  assert.equal(after.entity._org, before.entity._org);
  await api.call('PATCH', '/v2/portal/user', { preferred_language: 'en' }, { expect: 200 });
  assert.equal((await api.call('GET', '/v2/portal/user', undefined, { expect: 200 })).body.data.preferred_language, 'en');
  const email = await api.call('PATCH', '/v2/portal/user', { email: 'someone@else.example' }, { expect: 200 });
  assert.equal(email.body.data.email, 'demo@example.com', 'the sign-in email changes only through updatePortalUserEmail');
});

test('accepting the offer places the order once; an update cannot set the status', async () => {
  const offer = api.state().orders.find((o) => o.status === 'open_for_acceptance');
  const sneaky = await api.call('PATCH', `/v2/portal/order/${offer._id}`, { status: 'placed', note: 'call before 10' }, { expect: 200 });
  assert.equal(sneaky.body.data.status, 'open_for_acceptance');
  const ok = await api.call('POST', `/v2/portal/order/${offer._id}/acceptance`, { decision: 'accept' }, { expect: 200 });
  assert.equal(ok.body.data.status, 'placed');
  assert.equal(ok.body.data.acceptance.decision, 'accept');
  assert.equal((await api.call('GET', `/v2/portal/order/${offer._id}`, undefined, { expect: 200 })).body.entity.status, 'placed');
  const again = await api.call('POST', `/v2/portal/order/${offer._id}/acceptance`, { decision: 'decline' }, { expect: 409 });
  assert.match(again.body.message, /not open for acceptance/);
});

test('a saved file shows in the files and counts; deleting removes it; a download clears "new"', async () => {
  const contract = api.state().contracts[0];
  const before = (await api.call('GET', '/v2/portal/user/files?from=0&size=100', undefined, { expect: 200 })).body.hits;
  const saved = await api.call('POST', '/v2/portal/entity/file', {
    entity_id: contract._id, entity_type: 'contract',
    files: [{ filename: 'SEPA-Mandat.pdf', s3ref: { bucket: 'b', key: 'k/SEPA-Mandat.pdf' } }],
  }, { expect: 201 });
  const id = saved.body.createdFiles[0]._id;
  const list = await api.call('GET', `/v2/portal/user/files?from=0&size=100&entity_ids=${contract._id}`, undefined, { expect: 200 });
  assert.ok(list.body.results.some((f) => f._id === id && f.filename === 'SEPA-Mandat.pdf' && f.is_new));
  assert.equal((await api.call('GET', '/v2/portal/user/files?from=0&size=100', undefined, { expect: 200 })).body.hits, before + 1);
  const seen = await api.call('POST', `/v2/portal/user/file/${id}/downloaded`, undefined, { expect: 200 });
  assert.equal(seen.body.file.is_new, false);
  await api.call('DELETE', '/v2/portal/entity/file', { entity_id: contract._id, entity_type: 'contract', file_entity_ids: [id] }, { expect: 202 });
  await api.call('GET', `/v2/portal/user/file/${id}`, undefined, { expect: 404 });
});

test('notifications: one read, then all; status updates and campaign status stick', async () => {
  const count = async () => (await api.call('GET', '/v2/portal/notifications/unread-count', undefined, { expect: 200 })).body.count;
  const start = await count();
  const unread = api.state().notifications.find((n) => !n.read);
  await api.call('PUT', `/v2/portal/notifications/${unread.notification_id}/read`, undefined, { expect: 204 });
  assert.equal(await count(), start - 1);
  const other = api.state().notifications.find((n) => !n.read);
  await api.call('PUT', '/v2/portal/notifications/entity:status', { notifications: [{ id: other.id, status: 'important' }] }, { expect: 200 });
  assert.equal(api.state().notifications.find((n) => n.id === other.id).important, true);
  await api.call('PUT', '/v2/portal/notifications/read-all', undefined, { expect: 204 });
  assert.equal(await count(), 0);
  const contract = api.state().contracts[0];
  const campaign = await api.call('PUT', '/v2/portal/campaign/winter-2026/entity:status', {
    status: 'dismissed', entity_refs: [{ entity_id: contract._id, entity_schema: 'contract' }, { entity_id: '00000000-0000-4000-8000-000000000000', entity_schema: 'contract' }],
  }, { expect: 200 });
  assert.deepEqual([campaign.body.updated, campaign.body.failed, campaign.body.success], [1, 1, false]);
  const got = await api.call('POST', '/v2/portal/entity:get', { slug: 'contract', entity_id: contract._id }, { expect: 200 });
  assert.equal(got.body.result.campaign_status['winter-2026'].status, 'dismissed');
});

test('partners: invite, disable and enable, revoke', async () => {
  await api.call('POST', '/v3/portal/partner/invite', { email: 'Mara.Becker@example.com', contact_data: { first_name: 'Mara', last_name: 'Becker' } }, { expect: 200 });
  const again = await api.call('POST', '/v3/portal/partner/invite', { email: 'mara.becker@example.com' });
  assert.ok(again.status >= 400 && again.status < 500, `a second invitation answered ${again.status}`);
  const list = (await api.call('GET', '/v3/portal/partner/list', undefined, { expect: 200 })).body.data;
  const mara = list.find((p) => p.email === 'mara.becker@example.com');
  assert.equal(mara._title, 'Mara Becker');
  await api.call('POST', `/v3/portal/partner/${mara._id}/resend-invitation`, undefined, { expect: 200 });
  await api.call('POST', `/v3/portal/partner/${mara._id}/disable`, undefined, { expect: 200 });
  assert.equal(api.state().partners.find((p) => p._id === mara._id).access_status, false);
  await api.call('POST', `/v3/portal/partner/${mara._id}/enable`, undefined, { expect: 200 });
  assert.equal(api.state().partners.find((p) => p._id === mara._id).access_status, true);
  await api.call('DELETE', `/v3/portal/partner/${mara._id}/revoke`, undefined, { expect: 200 });
  await api.call('DELETE', `/v3/portal/partner/${mara._id}/revoke`, undefined, { expect: 404 });
  assert.equal((await api.call('GET', '/v3/portal/partner/list', undefined, { expect: 200 })).body.data.length, 1);
});

test('reset brings the fixture back', async () => {
  await api.call('PATCH', '/v2/portal/contact', { first_name: 'Changed' }, { expect: 200 });
  api.backend.reset();
  const { body } = await api.call('GET', '/v2/portal/contact', undefined, { expect: 200 });
  assert.equal(body.entity._title, 'Anna Becker');
  assert.ok(api.state().orders.some((o) => o.status === 'open_for_acceptance'));
  assert.equal(api.state().meters[0].counters[0].readings.length, 25);
  assert.equal((await api.call('GET', '/v2/portal/notifications/unread-count', undefined, { expect: 200 })).body.count, 3);
});
