// Fixtures: dates move by whole months to the current one; a broken fixture is refused clearly.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadFixture, monthsBetween, shiftDates } from '../../scripts/local-backend/fixture.mjs';
import { fixture } from './harness.mjs';

const d = (s) => new Date(`${s}T00:00:00Z`);

test('months between as_of and today, never moving as_of past today', () => {
  assert.equal(monthsBetween(d('2026-11-02'), d('2026-11-30')), 0);
  assert.equal(monthsBetween(d('2026-11-02'), d('2026-12-01')), 0);
  assert.equal(monthsBetween(d('2026-11-02'), d('2026-12-02')), 1);
  assert.equal(monthsBetween(d('2026-11-02'), d('2028-03-15')), 16);
});

test('every ISO date moves, the day clamped to the month; other strings stay', () => {
  const out = shiftDates({ a: '2026-01-31', b: ['2026-01-15T10:00:00.000Z'], c: 'Lindenstraße 12', n: 5, x: '2026-1-1' }, 1);
  assert.deepEqual(out, { a: '2026-02-28', b: ['2026-02-15T10:00:00.000Z'], c: 'Lindenstraße 12', n: 5, x: '2026-1-1' });
});

test('the fixtures load: the household\'s last reading is this month or last, nothing in the future', () => {
  for (const name of ['household', 'new-customer', 'plausibility-refuses']) {
    const data = loadFixture(fixture(name));
    const now = Date.now();
    const dates = JSON.stringify(data).match(/"\d{4}-\d{2}-\d{2}T[^"]+"/g) ?? [];
    assert.ok(dates.every((s) => Date.parse(JSON.parse(s)) <= now), `${name} has a date in the future`);
  }
  const house = loadFixture(fixture('household'));
  const last = Date.parse(house.meters[0].counters[0].readings.at(-1).timestamp);
  assert.ok(Date.now() - last < 62 * 86400000);
});

test('a broken fixture is refused with the file and the problem named', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fixture-'));
  const write = (name, v) => { const f = path.join(dir, name); writeFileSync(f, typeof v === 'string' ? v : JSON.stringify(v)); return f; };
  assert.throws(() => loadFixture(write('a.json', '{')), /a\.json: .*JSON/);
  assert.throws(() => loadFixture(path.join(dir, 'none.json')), /file not found/);
  const base = { as_of: '2026-01-01', org_id: 'o', contact: { _id: 'c' }, portal_user: { _id: 'u' } };
  assert.doesNotThrow(() => loadFixture(write('ok.json', base)));
  assert.throws(() => loadFixture(write('b.json', { ...base, as_of: 'soon' })), /"as_of"/);
  assert.throws(() => loadFixture(write('c.json', { ...base, contracts: {} })), /"contracts" must be an array/);
  assert.throws(() => loadFixture(write('d.json', { ...base, meters: [{ _id: 'm', counters: [{ _id: 'k', readings: [{ value: '1' }] }] }] })), /numeric "value"/);
  assert.throws(() => loadFixture(write('e.json', { ...base, contracts: [{ _id: 'c' }] })), /used twice/);
});

test('portal config, pages and widgets: from the fixture when it has them, else the mock answers', async () => {
  const { start: startBackend } = await import('./harness.mjs');
  const api = await startBackend('household');
  try {
    const req = (url) => ({ method: 'GET', url, headers: {} });
    assert.equal(api.backend.route(req('/v2/portal/pages?domain=x')), null);
    assert.equal(api.backend.route(req('/v2/portal/widgets')), null);
    assert.equal(api.backend.route(req('/v2/portal/schemas')), null);
    api.state().portal.pages = [{ slug: 'home', order: 1, id: '7f0c4f55-6ab4-4f55-8d5c-2a8f3f0f6f10', blocks: {} }];
    api.state().portal.widgets = { widgets: [] };
    assert.ok(api.backend.route(req('/v2/portal/pages?domain=x')));
    const pages = await api.call('GET', '/v2/portal/pages?domain=portal.example.com', undefined, { expect: 200 });
    assert.equal(pages.body[0].slug, 'home');
    const widgets = await api.call('GET', '/v2/portal/widgets', undefined, { expect: 200 });
    assert.deepEqual(widgets.body.widgets, []);
    const ext = await api.call('GET', '/v3/portal/public/extensions?org_id=1', undefined, { token: false, expect: 200 });
    assert.ok(ext.body.consumptionDataRetrieval[0].hook.intervals.includes('P1M'));
  } finally {
    await api.close();
  }
});
