// Meter readings (list, allowed range, submit, photo) and the consumption / costs / prices series.
import { randomUUID } from 'node:crypto';
import { bad, missing } from '../errors.mjs';
import { allowedRange, ownMeter, submitReading } from '../metering.mjs';
import { consumptionPoints, costPoints, pricePoints } from '../series.mjs';
import { readingView } from '../views.mjs';

function seriesInput(state, query) {
  const meterId = query.get('meter_id');
  const meters = meterId ? [ownMeter(state, meterId)] : state.meters;
  const from = Date.parse(query.get('from') ?? '');
  const to = Date.parse(query.get('to') ?? '');
  if (Number.isNaN(from) || Number.isNaN(to)) throw bad('"from" and "to" must be dates and times (ISO 8601).');
  return [meters, from, to, query.get('interval')];
}

export default {
  getMeterReadings: ({ state, body }) => {
    const meter = ownMeter(state, body.meter_id);
    const counter = meter.counters.find((c) => c._id === body.counter_id);
    if (!counter) throw missing(`The meter ${meter._id} has no counter ${body.counter_id}.`);
    const sorted = counter.readings.map((r) => readingView(meter, counter, r));
    if (body.sort !== 'asc') sorted.reverse(); // newest first unless asked otherwise
    const from = body.from ?? 0;
    const size = body.size ?? 25;
    return { results: sorted.slice(from, from + size), hits: sorted.length };
  },
  getAllowedMeterReadingRange: ({ state, params, query, now }) => {
    const meter = ownMeter(state, params.meter_id);
    const ts = query.get('timestamp');
    const t = ts ? Date.parse(ts) : Date.parse(now);
    if (Number.isNaN(t)) throw bad(`The timestamp "${ts}" is not a date and time (use ISO 8601).`);
    return {
      data: meter.counters.map((c) => {
        const r = allowedRange(meter, c, t);
        return { meter_counter_id: c._id, min_value: r.min, max_value: r.max };
      }),
    };
  },
  createMeterReading: ({ state, body, query, now }) => {
    const override = query.get('override_plausibility') === 'true';
    const { meter, counter, reading } = submitReading(state, body, { override, now: Date.parse(now) });
    return { data: readingView(meter, counter, reading) };
  },
  uploadMeterReadingPhoto: ({ state, body }) => {
    const meter = ownMeter(state, body.meter_id);
    const id = randomUUID();
    return {
      data: {
        filename: body.filename,
        s3ref: { bucket: 'local-portal-files', key: `meter-reading-photos/${meter._id}/${id}` },
        sector: meter.sector,
        meter_numbers: meter.meter_number ? [meter.meter_number] : [],
        file_id: id,
      },
    };
  },

  getConsumption: ({ state, query }) => ({ consumptions: consumptionPoints(...seriesInput(state, query)) }),
  getCosts: ({ state, query }) => ({ costs: costPoints(state, ...seriesInput(state, query)) }),
  getPrices: ({ state, query }) => ({ prices: pricePoints(state, ...seriesInput(state, query)) }),
};
