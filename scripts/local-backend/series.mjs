// Consumption, costs and prices series from the readings: a counter's value between two readings
// grows linearly, so the use in any period is the difference of the interpolated values at its
// ends. Periods after the last reading have no data (they appear once a reading is sent).
import { bad } from './errors.mjs';

const MAX_POINTS = 20_000;
const STEP_MS = { PT15M: 15 * 60_000, PT1H: 3_600_000, P1D: 86_400_000 };

/** The counter's value at time t (ms), or null outside its first..last reading. */
function valueAt(readings, t) {
  if (readings.length === 0) return null;
  const first = Date.parse(readings[0].timestamp);
  const last = Date.parse(readings[readings.length - 1].timestamp);
  if (t < first || t > last) return null;
  for (let i = 1; i < readings.length; i++) {
    const t1 = Date.parse(readings[i].timestamp);
    if (t <= t1) {
      const t0 = Date.parse(readings[i - 1].timestamp);
      const v0 = readings[i - 1].value;
      return t1 === t0 ? readings[i].value : v0 + ((readings[i].value - v0) * (t - t0)) / (t1 - t0);
    }
  }
  return readings[readings.length - 1].value;
}

/** The periods [from, to) of `interval` that cover from..to, UTC calendar months and years. */
function periods(fromMs, toMs, interval) {
  if (interval === 'custom') return [[fromMs, toMs]];
  const out = [];
  const d = new Date(fromMs);
  let start;
  let next;
  if (interval === 'P1M' || interval === 'P1Y') {
    start = interval === 'P1M' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) : Date.UTC(d.getUTCFullYear(), 0, 1);
    next = (t) => { const x = new Date(t); return interval === 'P1M' ? Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1) : Date.UTC(x.getUTCFullYear() + 1, 0, 1); };
  } else {
    const step = STEP_MS[interval];
    start = interval === 'P1D' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Math.floor(fromMs / step) * step;
    next = (t) => t + step;
  }
  for (let t = start; t < toMs; t = next(t)) {
    out.push([t, next(t)]);
    if (out.length > MAX_POINTS) throw bad(`That is more than ${MAX_POINTS} values: choose a longer interval or a shorter period.`);
  }
  return out;
}

/** [{ from, to, amount }] of one counter, for the periods that have data (clipped to the readings). */
function usage(counter, fromMs, toMs, interval) {
  const r = counter.readings;
  if (r.length < 2) return [];
  const first = Date.parse(r[0].timestamp);
  const last = Date.parse(r[r.length - 1].timestamp);
  const out = [];
  for (const [a, b] of periods(Math.max(fromMs, first), Math.min(toMs, last), interval)) {
    const s = Math.max(a, first, fromMs);
    const e = Math.min(b, last, toMs);
    if (e <= s) continue;
    const v0 = valueAt(r, s);
    const v1 = valueAt(r, e);
    if (v0 === null || v1 === null) continue;
    out.push({ from: a, to: b, amount: Math.round((v1 - v0) * 1000) / 1000 });
  }
  return out;
}

const iso = (t) => new Date(t).toISOString();
const sign = (counter) => (counter.direction === 'feed-in' ? -1 : 1);

/** getConsumption's points: one per period and counter; feed-in counts below zero. */
export function consumptionPoints(meters, fromMs, toMs, interval) {
  const points = [];
  for (const meter of meters) {
    for (const counter of meter.counters) {
      for (const u of usage(counter, fromMs, toMs, interval)) {
        points.push({
          timestamp: iso(u.from),
          value: sign(counter) * u.amount,
          type: counter.direction ?? 'consumption',
          unit: counter.unit ?? 'kWh',
          period: { from: iso(u.from), to: iso(u.to) },
        });
      }
    }
  }
  return points.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

function tariffOf(state, meter) {
  return state.contracts.find((c) => c._id === meter.contract_id)?.tariff ?? null;
}

const money = (cents) => ({ unit_amount: Math.round(cents), unit_amount_currency: 'EUR', unit_amount_decimal: (cents / 100).toFixed(2) });

/** getCosts' points: per period, the energy of every counter times its contract's unit price. */
export function costPoints(state, meters, fromMs, toMs, interval) {
  const byPeriod = new Map();
  for (const meter of meters) {
    const tariff = tariffOf(state, meter);
    if (!tariff) continue;
    for (const counter of meter.counters) {
      for (const u of usage(counter, fromMs, toMs, interval)) {
        const energy = u.amount * (tariff.kwh_per_unit ?? 1);
        const cents = sign(counter) * energy * tariff.unit_price_cents;
        const p = byPeriod.get(u.from) ?? { cents: 0, tax: tariff.tax_rate ?? 19 };
        p.cents += cents;
        byPeriod.set(u.from, p);
      }
    }
  }
  return [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([t, p]) => ({
    timestamp: iso(t), ...money(p.cents), tax_behavior: 'inclusive', tax_rate: p.tax,
  }));
}

/** getPrices' points: the unit price (per kWh) of the meters' contracts for each period. */
export function pricePoints(state, meters, fromMs, toMs, interval) {
  const tariff = meters.map((m) => tariffOf(state, m)).find(Boolean);
  if (!tariff) return [];
  const perKwh = tariff.unit_price_cents;
  return periods(fromMs, toMs, interval).map(([t]) => ({
    timestamp: iso(t),
    unit_amount: Math.round(perKwh),
    unit_amount_currency: 'EUR',
    unit_amount_decimal: (perKwh / 100).toFixed(4),
    tax_behavior: 'inclusive',
    tax_rate: tariff.tax_rate ?? 19,
  }));
}
