// The demo portal on the local portal backend (household fixture), as a newcomer sees it: signs in
// as the fixture's customer (the emulator's demo user), then checks and screenshots a lived-in
// portal: several contracts, a 24-month chart, an outlier refused by the pre-check (no request),
// a reading in the allowed range that then appears in the chart, the PV meter's two counters, the
// offer accepted (and still accepted after a reload). Resets the backend before and after.
//
// Usage: node tests/e2e/lived-in.e2e.mjs --dist <www build against $PORTAL_API_URL>
//   env: PORTAL_API_URL (local-api.mjs --data household), COGNITO_URL (the emulator),
//        SCREENSHOT_DIR (default artifacts/screenshots), CHROMIUM, COGNITO_USER_PASSWORD
import { chromium } from 'playwright-core';
import path from 'node:path';
import { assert, CHROMIUM, getJson, LAUNCH_ARGS, recorder, ROOT, runWalk, walk } from './harness.mjs';
import { serveStatic } from './serve.mjs';

const args = process.argv.slice(2);
const DIST = path.resolve(args[args.indexOf('--dist') + 1] ?? path.join(ROOT, 'www/dist'));
const API = (process.env.PORTAL_API_URL || '').replace(/\/+$/, '');
const COGNITO = (process.env.COGNITO_URL || '').replace(/\/+$/, '');
const PASSWORD = process.env.COGNITO_USER_PASSWORD || 'Demo-Passw0rd!';
if (!API || !COGNITO) {
  console.error('lived-in.e2e: PORTAL_API_URL (the backend) and COGNITO_URL (the emulator) must be set');
  process.exit(2);
}

let page;
const rec = recorder({ api: API });
const { pageErrors, apiRequests } = rec;
const walked = walk({ page: () => page, name: 'lived-in', diagnostics: rec.diagnostics });
const { step, shot, settled, noErrorBoxes, textOf } = walked;
const bars = () => page.locator('[data-testid=consumption-chart] svg rect.bar').count();

await getJson(API, '/__reset', { method: 'POST' });
const config = await getJson(COGNITO, '/__config');
const contact = await getJson(API, '/v2/portal/contact', { headers: { authorization: 'Bearer e2e' } });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
const server = await serveStatic({ root: DIST, port: 0 });
await runWalk(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  rec.attach(page);

  await step('the sign-in user is the backend\'s customer; password sign-in opens a lived-in overview', async () => {
    assert(contact.entity.email?.[0]?.email === config.email, `the emulator signs in ${config.email}, the backend's contact is ${JSON.stringify(contact.entity.email)}`);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/#\/signin$/, { timeout: 15000 });
    await page.fill('#email', config.email);
    await page.fill('#password', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(/#\/dashboard$/, { timeout: 20000 });
    await settled();
    await noErrorBoxes();
    assert((await textOf('[data-testid=contact-name]')) === contact.entity._title, 'the overview does not greet the customer');
    const contracts = Number(await textOf('[data-testid=contracts-count]'));
    assert(contracts >= 3, `${contracts} contracts on the overview`);
    const events = await page.locator('[data-testid=billing-events] tbody tr').count();
    assert(events >= 5, `${events} billing events`);
    await shot('lived-in-01-overview');
  });

  await step('several contracts: power, gas, the PV feed-in, an old one', async () => {
    await page.click('nav.nav >> text=Contracts');
    await page.waitForURL(/#\/contracts/);
    await settled();
    const rows = await page.locator('[data-testid=contracts-table] tbody tr').allInnerTexts();
    assert(rows.length >= 4, `${rows.length} contract rows`);
    for (const name of ['Ökostrom Zuhause', 'Erdgas Komfort']) assert(rows.some((r) => r.includes(name)), `no ${name}: ${rows.join(' | ')}`);
    await shot('lived-in-02-contracts');
  });

  let range;
  let before;
  await step('meter readings: 24 monthly values in the chart', async () => {
    await page.click('nav.nav >> text=Meter readings');
    await page.waitForURL(/#\/meters/);
    await settled();
    await noErrorBoxes();
    assert(/24 months/.test(await textOf('[data-testid=consumption-period]')), 'the chart is not the 24-month one');
    before = await bars();
    assert(before >= 24, `${before} bars in the chart`);
    const hint = page.locator('[data-testid=reading-range]');
    range = { min: Number(await hint.getAttribute('data-min')), max: Number(await hint.getAttribute('data-max')) };
    assert(range.max > range.min, `allowed range ${JSON.stringify(range)}`);
    await shot('lived-in-03-chart-24-months');
  });

  await step('an outlier is refused by the pre-check, nothing is sent', async () => {
    const sent = apiRequests.length;
    await page.fill('#reading-value', String(Math.ceil(range.max) + 5000));
    await page.click('#reading-form button[type=submit]');
    await page.waitForSelector('[data-testid=reading-refused]', { timeout: 5000 });
    await page.waitForTimeout(500);
    assert(/outside the range/.test(await textOf('[data-testid=reading-refused]')), 'no plain-words refusal');
    assert(apiRequests.length === sent, `requests after the refusal: ${rec.opsSince(sent).join(', ')}`);
    await shot('lived-in-04-outlier-refused');
  });

  await step('a reading in the allowed range is saved and appears in the chart', async () => {
    const value = Math.ceil(range.min + (range.max - range.min) / 5);
    await page.fill('#reading-value', String(value));
    await page.click('#reading-form button[type=submit]');
    await page.waitForSelector('[data-testid=reading-saved]', { timeout: 15000 });
    await page.waitForFunction((n0) => document.querySelectorAll('[data-testid=consumption-chart] svg rect.bar').length === n0 + 1, before, { timeout: 15000 });
    const last = Number(await page.locator('[data-testid=consumption-chart] svg rect.bar').last().getAttribute('data-value'));
    assert(Math.abs(last - (value - range.min)) < 1, `the new month's bar is ${last}, the reading added ${value - range.min}`);
    const hint = page.locator('[data-testid=reading-range]');
    await page.waitForFunction((v) => Number(document.querySelector('[data-testid=reading-range]')?.getAttribute('data-min')) === v, value, { timeout: 10000 });
    assert(Number(await hint.getAttribute('data-min')) === value, 'the allowed range did not move to the new reading');
    // The readings list (getMeterReadings) is loaded again and starts with the new reading.
    const shown = value.toLocaleString('en-US');
    await page.waitForFunction((t) => document.querySelector('[data-testid=readings] tbody tr')?.textContent?.includes(t), shown, { timeout: 10000 });
    await noErrorBoxes();
    await shot('lived-in-05-reading-in-chart');
  });

  await step('the PV meter: two counters, feed-in below zero in the chart', async () => {
    const pv = await page.locator('#meter option', { hasText: 'PV' }).getAttribute('value');
    await page.selectOption('#meter', pv);
    await settled();
    await noErrorBoxes();
    assert(await page.locator('#counter').isVisible(), 'no counter choice for a two-way meter');
    assert((await page.locator('#counter option').count()) === 2, 'the PV meter should offer two counters');
    assert((await page.locator('[data-testid=consumption-chart] svg rect.bar.negative').count()) >= 24, 'no feed-in bars below zero');
    await shot('lived-in-06-pv-meter');
  });

  await step('the open offer is accepted, and stays accepted after a reload', async () => {
    await page.click('nav.nav >> text=Orders');
    await page.waitForURL(/#\/orders/);
    await settled();
    await page.click('[data-testid=accept-offer]');
    await page.waitForSelector('[data-testid=offer-decided]', { timeout: 15000 });
    assert(rec.opsSince(0).some((r) => /^POST \/v2\/portal\/order\/[^/]+\/acceptance$/.test(r)), 'no postOrderAcceptance request');
    assert(/No offer is waiting/.test(await textOf('[data-testid=open-offers]')), 'the screen still says an offer is waiting');
    await shot('lived-in-07-offer-accepted');
    await page.reload();
    await settled();
    const statuses = await page.locator('[data-testid=order-status]').allInnerTexts();
    assert(statuses.every((s) => s === 'Placed'), `order statuses after the reload: ${statuses.join(', ')}`);
    assert((await page.locator('[data-testid=accept-offer]').count()) === 0, 'the offer can still be accepted');
  });

  await step('no uncaught page errors', async () => {
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
  });
  console.log(`\nall ${walked.steps} lived-in e2e steps passed`);
}, async () => {
  await browser.close().catch(() => {});
  await server.close().catch(() => {});
  await fetch(`${API}/__reset`, { method: 'POST' }).catch(() => {});
});
