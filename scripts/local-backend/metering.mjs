// Meter readings and their rules: the allowed range of a counter at a moment (from the reading
// before it, the days since then and the counter's expected yearly consumption, per the meter's
// plausibility rule), and the checks a new reading goes through before it is stored.
import { bad, missing } from './errors.mjs';
import { lastReading } from './views.mjs';

const DAY = 86_400_000;
const FUTURE_SLACK = 5 * 60_000; // a phone clock a few minutes ahead is not "the future"
const RULE_DEFAULTS = { lower_factor: 0, upper_factor: 2, slack_days: 7, on_outlier: 'review' };

const ruleOf = (meter) => ({ ...RULE_DEFAULTS, ...(meter.plausibility ?? {}) });

/** The meter with this id if it is the customer's; otherwise a "not found / not yours" error. */
export function ownMeter(state, id) {
  const meter = state.meters.find((m) => m._id === id);
  if (!meter) throw missing(`There is no meter ${id} in this customer's account.`);
  return meter;
}

function neighbours(counter, t) {
  let before;
  let after;
  for (const r of counter.readings) {
    const rt = Date.parse(r.timestamp);
    if (rt <= t) before = r;
    else if (after === undefined) after = r;
  }
  return { before, after };
}

/** Average use per day: the counter's `expected_yearly`, else the last year of its readings. */
function dailyUse(counter) {
  if (typeof counter.expected_yearly === 'number') return counter.expected_yearly / 365;
  const last = lastReading(counter);
  if (!last) return 0;
  const t = Date.parse(last.timestamp);
  const from = counter.readings.find((r) => Date.parse(r.timestamp) >= t - 365 * DAY) ?? counter.readings[0];
  const days = (t - Date.parse(from.timestamp)) / DAY;
  return days > 0 ? (last.value - from.value) / days : 0;
}

const floor1 = (x) => Math.floor(x * 10) / 10;
const ceil1 = (x) => Math.ceil(x * 10) / 10;

/** { min, max } a reading of `counter` at time `t` (ms) may have; nulls when nothing limits it. */
export function allowedRange(meter, counter, t) {
  const rule = ruleOf(meter);
  const { before, after } = neighbours(counter, t);
  if (!before) return { min: null, max: after ? after.value : null };
  const days = Math.max(0, (t - Date.parse(before.timestamp)) / DAY);
  const daily = dailyUse(counter);
  const min = floor1(before.value + daily * days * rule.lower_factor);
  let max = ceil1(before.value + daily * (days + rule.slack_days) * rule.upper_factor);
  if (after) max = Math.min(max, after.value);
  return { min: Math.min(min, max), max };
}

/** The counter a new reading is for: the one named, the one with the direction, or the only one. */
function pickCounter(meter, body) {
  if (body.counter_id !== undefined) {
    const c = meter.counters.find((x) => x._id === body.counter_id);
    if (!c) throw bad(`The meter ${meter._id} has no counter ${body.counter_id}.`, { reason: 'no_counter' });
    return c;
  }
  if (body.direction !== undefined) {
    const c = meter.counters.find((x) => x.direction === body.direction);
    if (!c) throw bad(`The meter ${meter._id} has no counter for the direction ${body.direction}.`, { reason: 'no_direction' });
    return c;
  }
  if (meter.counters.length === 1) return meter.counters[0];
  throw bad(meter.counters.length === 0
    ? `The meter ${meter._id} has no counter to read.`
    : `The meter ${meter._id} has ${meter.counters.length} counters: say which one (counter_id or direction).`, { reason: 'no_counter' });
}

function inContract(state, meter, t) {
  const c = state.contracts.find((x) => x._id === meter.contract_id);
  if (!c) return true;
  if (c.start_date && t < Date.parse(c.start_date)) return false;
  if (c.termination_date && t > Date.parse(c.termination_date) + DAY) return false;
  return true;
}

/**
 * Checks `body` (a MeterReading) and stores it. Returns the stored reading (with its status:
 * "valid", or "in-validation" when an outlier is accepted for review). Throws an ApiError with
 * the API's `reason` when the reading is refused; `override` is `override_plausibility`.
 */
export function submitReading(state, body, { override = false, now = Date.now() } = {}) {
  const meter = ownMeter(state, body.meter_id);
  if (meter.status === 'decommissioned') throw bad(`The meter ${meter.meter_number ?? meter._id} is decommissioned.`, { reason: 'meter_decommissioned' });
  const counter = pickCounter(meter, body);
  const t = body.timestamp === undefined ? now : Date.parse(body.timestamp);
  if (Number.isNaN(t)) throw bad(`The timestamp "${body.timestamp}" is not a date and time (use ISO 8601).`);
  if (t > now + FUTURE_SLACK) throw bad('The reading is dated in the future.', { reason: 'timestamp_future' });
  if (!Number.isFinite(body.value) || body.value < 0) throw bad('The reading must be a number of at least 0.');
  if (!inContract(state, meter, t)) throw bad('The reading is dated outside the period of the meter\'s contract.', { reason: 'contract_period' });

  const { before, after } = neighbours(counter, t);
  if (before && body.value < before.value) {
    throw bad(`The reading ${body.value} is lower than the previous one (${before.value} on ${before.timestamp.slice(0, 10)}).`, { reason: 'less_than_previous' });
  }
  if (after && body.value > after.value) {
    throw bad(`The reading ${body.value} is higher than the later one (${after.value} on ${after.timestamp.slice(0, 10)}).`, { reason: 'greater_than_subsequent' });
  }
  const range = allowedRange(meter, counter, t);
  const outlier = (range.min !== null && body.value < range.min) || (range.max !== null && body.value > range.max);
  if (outlier && !override && ruleOf(meter).on_outlier === 'refuse') {
    throw bad(`The reading ${body.value} is outside the plausible range ${range.min} – ${range.max} for this meter.`, {
      reason: 'plausibility_check_failed', lower_limit: range.min ?? 0, upper_limit: range.max ?? range.min ?? 0,
    });
  }
  const reading = {
    timestamp: new Date(t).toISOString(),
    value: body.value,
    source: body.source,
    reason: body.reason ?? 'regular',
    read_by: body.read_by ?? null,
    status: outlier ? 'in-validation' : 'valid',
  };
  for (const key of ['remark', 'external_id', 'metadata']) if (body[key] !== undefined) reading[key] = body[key];
  counter.readings.push(reading);
  counter.readings.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  meter._updated_at = new Date(now).toISOString();
  return { meter, counter, reading };
}
