// How the state looks in API answers: entities without the backend's own rule fields, computed
// balances, counters and readings with their meter.

const INTERNAL = new Set(['tariff', 'plausibility', 'counters', 'readings']);

const strip = (e) => Object.fromEntries(Object.entries(e).filter(([k]) => !INTERNAL.has(k)));

/** Open balance in cents: unpaid reimbursements (owed to the customer) minus unpaid installments. */
export function balanceCents(events, today = new Date()) {
  let cents = 0;
  for (const e of events) {
    if (e.paid_date || Date.parse(e.due_date) > today.getTime()) continue;
    const amount = Number(e.billing_amount) || 0;
    cents += e.type === 'reimbursement' ? amount : -amount;
  }
  return cents;
}

const contractOf = (e) => e.contract?.$relation?.[0]?.entity_id;

export function contractView(state, c) {
  return { ...strip(c), balance: balanceCents(state.billingEvents.filter((e) => contractOf(e) === c._id)), balance_currency: c.balance_currency ?? 'EUR' };
}

export function lastReading(counter) {
  return counter.readings[counter.readings.length - 1];
}

export function counterView(state, meter, counter) {
  const last = lastReading(counter);
  return {
    _id: counter._id,
    _schema: 'meter_counter',
    _title: `${meter.meter_number ?? meter._title} ${counter.obis_number ?? ''}`.trim(),
    _org: state.org,
    _tags: [],
    _created_at: meter._created_at,
    _updated_at: last?.timestamp ?? meter._updated_at,
    meter_id: meter._id,
    obis_number: counter.obis_number,
    direction: counter.direction,
    unit: counter.unit,
    tariff_type: counter.tariff_type,
    current_consumption: last?.value,
    last_reading: last?.timestamp,
  };
}

export function meterView(state, m) {
  return { ...strip(m), counters: m.counters.map((c) => ({ entity_id: c._id, obis_number: c.obis_number, direction: c.direction, unit: c.unit })) };
}

export function readingView(meter, counter, r) {
  const out = { ...r, meter_id: meter._id, counter_id: counter._id };
  if (counter.direction) out.direction = counter.direction;
  if (counter.unit) out.unit = counter.unit;
  return out;
}

/** Any of the customer's entities as entity:search / entity:get return it. */
export function entityView(state, slug, e) {
  switch (slug) {
    case 'contract': return contractView(state, e);
    case 'meter': return meterView(state, e);
    case 'meter_counter': return counterView(state, e.meter, e.counter);
    default: return strip(e);
  }
}
