// Bad input gets the API's documented errors, never a crash; the validator really checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { HANDLERS } from '../../scripts/local-backend/index.mjs';
import { SPEC, fixture, seen, start, undocumented400, validator } from './harness.mjs';

let api;
before(async () => { api = await start('household'); });
after(() => api.close());

const NEIGHBOUR = JSON.parse(readFileSync(fixture('household'), 'utf8')).others;

test('the validator refuses wrong answers (also for MeterReading, whose enum Prism cannot compile as is)', async () => {
  const v = await validator();
  assert.notDeepEqual(v.response('getContact', { status: 200, headers: { 'content-type': 'application/json' }, body: { entity: { _id: 1 } } }), []);
  assert.notDeepEqual(v.response('createMeterReading', { status: 200, headers: { 'content-type': 'application/json' }, body: { data: { value: 'abc' } } }), []);
  assert.notDeepEqual(v.response('getContact', { status: 418, headers: {}, body: undefined }), []);
});

test('no token: 401 with a message', async () => {
  for (const [m, p] of [['GET', '/v2/portal/contact'], ['POST', '/v2/portal/metering/reading'], ['GET', '/v2/portal/notifications']]) {
    const r = await api.call(m, p, undefined, { token: false, expect: 401 });
    assert.match(r.body.message, /Bearer/);
  }
  await api.call('GET', '/v2/portal/contact', undefined, { token: '', expect: 401 });
});

test('another customer\'s entity: 404 where documented, and nothing about it leaks', async () => {
  const [theirs] = NEIGHBOUR.contracts;
  const r = await api.call('GET', `/v2/portal/contract/${theirs._id}`, undefined, { expect: 404 });
  assert.doesNotMatch(JSON.stringify(r.body), new RegExp(theirs.contract_number));
  await api.call('POST', '/v2/portal/entity:get', { slug: 'contract', entity_id: theirs._id }, { expect: 404 });
  const [meter] = NEIGHBOUR.meters;
  // createMeterReading documents no 404: its "not yours" is 403.
  await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: 1, source: 'ECP' }, { expect: 403 });
  await api.call('GET', `/v2/portal/metering/reading/allowed-range/${meter._id}`, undefined, { expect: 403 });
  await api.call('GET', '/v2/portal/order/00000000-0000-4000-8000-000000000000', undefined, { expect: 404 });
});

test('malformed input: 400 with a message naming the problem', async () => {
  const meter = api.state().meters[0];
  const notNumber = await api.call('POST', '/v2/portal/metering/reading', { meter_id: meter._id, value: 'abc', source: 'ECP' }, { expect: 400 });
  assert.match(notNumber.body.message, /value/);
  const noMeter = await api.call('POST', '/v2/portal/metering/reading', { value: 1, source: 'ECP' }, { expect: 400 });
  assert.match(noMeter.body.message, /meter_id/);
  const broken = await api.call('POST', '/v2/portal/metering/reading', undefined, { raw: '{"value": 1,', expect: 400 });
  assert.match(broken.body.message, /not valid JSON/);
  const decision = await api.call('POST', `/v2/portal/order/${api.state().orders[0]._id}/acceptance`, { decision: 'maybe' }, { expect: 400 });
  assert.match(decision.body.message, /decision/);
  const interval = await api.call('GET', `/v2/portal/consumption?extensionId=x&meter_id=${meter._id}&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=P2W`, undefined, { expect: 400 });
  assert.match(interval.body.message, /interval/);
  const tooMany = await api.call('GET', `/v2/portal/consumption?extensionId=x&from=2000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&interval=PT15M`, undefined, { expect: 400 });
  assert.match(tooMany.body.message, /more than/);
  await api.call('GET', '/v2/portal/contract/not-a-uuid', undefined, { expect: 404 });
  await api.call('PUT', '/v2/portal/notifications/abc/read', undefined, { expect: 400 });
});

// Hostile values for every operation the backend answers: never a 5xx, always a spec-valid answer.
const ID = '00000000-0000-4000-8000-000000000000';
const BODIES = [undefined, null, [], 'text', 12, {}, { slug: 'constructor', entity_id: ID }, { slug: ['__proto__', { slug: 'toString' }], sort: '__proto__:asc', fields: ['constructor'] }, { slug: { $ne: 1 }, meter_id: ['x'], value: 1e308, files: 'x', notifications: [{}], entity_refs: [null], decision: 'accept' }];
const PATHS = {
  '{id}': [ID, 'x', '%E0%A4%A', '..', '1e9'],
  '{meter_id}': [ID, 'x'],
  '{campaign_id}': ['c', '%00'],
};

test('a body over the size limit is refused with a message, not a dropped connection', async () => {
  const big = JSON.stringify({ filename: 'a.png', mime_type: 'image/png', contents: 'x'.repeat(9 * 1024 * 1024), meter_id: ID });
  const r = await api.call('POST', '/v2/portal/metering/reading/photo', undefined, { raw: big, expect: 400 });
  assert.match(r.body.message, /larger than/);
});

test('hostile input to every handler: never a crash', async () => {
  // The portal config, pages and widgets are the backend's only when the fixture has them.
  Object.assign(api.state().portal, { config: { name: 'Local portal', feature_settings: { billing: true } }, pages: [], widgets: { widgets: [] } });
  const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HANDLERS[op.operationId]) continue;
      const fills = Object.entries(PATHS).reduce((acc, [k, vals]) => (template.includes(k) ? acc.flatMap((p) => vals.map((v) => p.replace(k, v))) : acc), [template]);
      for (const p of fills) {
        for (const body of method === 'get' ? [undefined] : BODIES) {
          for (const q of ['', '?from=-1&size=abc&cursor=x&limit=0&interval=P1M&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z&extensionId=1&paid=maybe&timestamp=nope']) {
            let r;
            try {
              r = await api.call(method.toUpperCase(), p + q, body);
            } catch (err) {
              if (/is not an operation of the spec/.test(err.message)) continue; // e.g. "%E0%A4%A" or ".."
              throw err;
            }
            assert.ok(r.status < 500);
          }
        }
      }
    }
  }
  const missing = Object.keys(HANDLERS).filter((id) => !seen.has(id));
  assert.deepEqual(missing, [], 'every handler is exercised');
  console.log(`operations answered with a 400 they do not document: ${[...undocumented400].join(', ') || 'none'}`);
});
