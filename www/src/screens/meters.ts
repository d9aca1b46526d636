import { checkMeterReading } from 'epilot-portal-sdk';
import type { EntityItem, SearchPortalUserEntitiesResponse, GetAllowedMeterReadingRangeResponse, GetAllowedMeterReadingRangeResponseDataItem, GetConsumptionParamsInterval, MeterReading } from 'epilot-portal-sdk';
import { consumptionChart } from '../chart';
import { sdk, settings } from '../portal';
import { meterReadingsPanel } from './meter-readings';
import { card, errorBox, fmtDate, fmtDateTime, fmtNumber, h, humanize, load, loading, show } from '../ui';

type Range = GetAllowedMeterReadingRangeResponseDataItem;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
// Monthly values over two years when the data source offers them, else daily over 30 days.
const INTERVALS: GetConsumptionParamsInterval[] = ['P1M', 'P1D', 'PT1H', 'PT15M'];
const MONTHS = 24;

/** "12 345,6" / "12345.6" → 12345.6; NaN when it is not a number. */
export function parseReading(input: string): number {
  const s = input.trim().replace(/\s+/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return Number.NaN;
  return Number(s.replace(',', '.'));
}

function bound(v: number | null | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function rangeText(r: Range | undefined): string {
  const min = bound(r?.min_value);
  const max = bound(r?.max_value);
  if (min === undefined && max === undefined) return 'any value';
  if (min === undefined) return `at most ${fmtNumber(max!)}`;
  if (max === undefined) return `at least ${fmtNumber(min)}`;
  return `${fmtNumber(min)} – ${fmtNumber(max)}`;
}

/**
 * Why `value` may not be sent, or null when it may: the SDK's `checkMeterReading` against the
 * answer of `getAllowedMeterReadingRange` (the range of the chosen counter).
 */
export function rangeProblem(value: number, allowed: GetAllowedMeterReadingRangeResponse, range: Range | undefined): string | null {
  const counterId = range?.meter_counter_id || undefined;
  const check = checkMeterReading(allowed, counterId ? { value, counterId } : { value });
  if (check.ok) return null;
  const reasons = check.failures.map((f) => f.message).join(' ');
  const outside = check.failures.some((f) => f.rule === 'below_minimum' || f.rule === 'above_maximum');
  return outside
    ? `The reading ${fmtNumber(value)} is outside the range this meter accepts right now (${rangeText(range)}). ${reasons} ` +
      'Please check the number on the meter and enter it again. Nothing was sent.'
    : `${reasons} Nothing was sent.`;
}

/** The entities of a search answer, plain or grouped. */
function entities(data: SearchPortalUserEntitiesResponse): EntityItem[] {
  if ('groups' in data && data.groups) return data.groups.flatMap((g) => g.results ?? []);
  if ('results' in data && data.results) return data.results;
  return [];
}

function meterLabel(m: EntityItem): string {
  const number = typeof m.meter_number === 'string' ? ` (${m.meter_number})` : '';
  return `${m._title || 'Meter'}${number}`;
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`The photo “${file.name}” could not be read.`));
    reader.readAsDataURL(file);
  });
}

let consumptionSource: Promise<{ extensionId: string; hookId: string; interval: GetConsumptionParamsInterval } | null> | null = null;

/** The extension + hook that serves consumption data for this portal (its public extension details). */
function findConsumptionSource() {
  if (!consumptionSource) {
    consumptionSource = sdk()
      .getPublicPortalExtensionDetailsV3({ org_id: settings.orgId, portal_id: settings.portalId })
      .then(({ data }) => {
        const item = data.consumptionDataRetrieval?.find((i) => i.extension?.id && i.hook?.id);
        if (!item) return null;
        const offered = item.hook?.intervals ?? [];
        const interval = INTERVALS.find((i) => offered.includes(i)) ?? 'P1D';
        return { extensionId: item.extension!.id!, hookId: item.hook!.id!, interval };
      });
    consumptionSource.catch(() => { consumptionSource = null; });
  }
  return consumptionSource;
}

/** The unit of a series point ("kWh", "m3"), when the data source gives one. */
function unitOf(point: object | undefined): string {
  const unit = (point as { unit?: unknown } | undefined)?.unit;
  return typeof unit === 'string' ? unit : '';
}

function consumptionPanel(slot: HTMLElement, meterId: string): void {
  const to = new Date();
  void load(slot, 'Loading your consumption', async () => {
    const source = await findConsumptionSource();
    if (!source) return null;
    const monthly = source.interval === 'P1M';
    const from = monthly
      ? new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - MONTHS, 1))
      : new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    const { data } = await sdk().getConsumption({
      extensionId: source.extensionId,
      hookId: source.hookId,
      meter_id: meterId,
      from: from.toISOString(),
      to: to.toISOString(),
      interval: source.interval,
    });
    return { points: data.consumptions ?? [], period: monthly ? `Monthly, last ${MONTHS} months` : 'Daily, last 30 days' };
  }, (result) => result === null
    ? h('p', { class: 'muted' }, 'This portal has no consumption data source set up.')
    : [h('p', { class: 'muted', 'data-testid': 'consumption-period' }, result.period), consumptionChart(result.points, unitOf(result.points[0]))], settings.apiUrl);
}

function readingForm(meter: EntityItem, rangeSlot: HTMLElement, onSaved: () => void): HTMLElement {
  let allowed: GetAllowedMeterReadingRangeResponse | null = null;
  let ranges: Range[] | null = null;
  const counter = h('select', { id: 'counter', name: 'counter' });
  const counterRow = h('div', { class: 'row', hidden: true }, h('label', { for: 'counter' }, 'Counter'), counter);
  const value = h('input', { id: 'reading-value', name: 'value', type: 'text', inputmode: 'decimal', autocomplete: 'off', required: true, placeholder: 'e.g. 12345.6' });
  const today = new Date();
  const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const date = h('input', { id: 'reading-date', name: 'date', type: 'date', value: isoDay(today), max: isoDay(today) });
  const photo = h('input', { id: 'reading-photo', name: 'photo', type: 'file', accept: 'image/*' });
  const submit = h('button', { type: 'submit' }, 'Send reading');
  const status = h('div', { class: 'form-status', 'data-testid': 'reading-status' });

  const currentRange = (): Range | undefined => {
    if (!ranges || ranges.length === 0) return undefined;
    return ranges.find((r) => (r.meter_counter_id ?? '') === counter.value) ?? ranges[0];
  };
  const rangeHint = h('p', { class: 'hint', 'data-testid': 'reading-range' });
  const updateHint = () => {
    const r = currentRange();
    rangeHint.textContent = ranges ? `Allowed right now: ${rangeText(r)}.` : '';
    rangeHint.dataset.min = String(bound(r?.min_value) ?? '');
    rangeHint.dataset.max = String(bound(r?.max_value) ?? '');
  };
  counter.addEventListener('change', updateHint);

  // The allowed range moves with every saved reading: loaded now and again after each one.
  const loadRange = () => void load(rangeSlot, 'Checking the allowed range', () => sdk().getAllowedMeterReadingRange({ meter_id: meter._id }), ({ data }) => {
    allowed = data;
    ranges = data.data ?? [];
    counter.replaceChildren(...ranges.map((r, i) => h('option', { value: r.meter_counter_id ?? '' }, r.meter_counter_id ? `Counter ${i + 1}` : 'Main counter')));
    counterRow.hidden = ranges.length < 2;
    updateHint();
    return null;
  }, settings.apiUrl);
  loadRange();

  const form = h('form', { id: 'reading-form', novalidate: true },
    counterRow,
    h('label', { for: 'reading-value' }, 'Reading'), value, rangeHint,
    h('label', { for: 'reading-date' }, 'Read on'), date,
    h('label', { for: 'reading-photo' }, 'Photo of the meter (optional)'), photo,
    submit, status,
  );

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const bad = (msg: string) => show(status, h('p', { class: 'form-msg bad', role: 'alert', 'data-testid': 'reading-refused' }, msg));
    const v = parseReading(value.value);
    if (Number.isNaN(v)) return bad('Enter the reading as a number, for example 12345.6. Nothing was sent.');
    if (allowed === null) return bad('The allowed range for this meter is not loaded yet, so the reading cannot be checked. Wait a moment or use “Try again” above. Nothing was sent.');
    const problem = rangeProblem(v, allowed, currentRange());
    if (problem) return bad(problem);
    const file = photo.files?.[0];
    if (file && !file.type.startsWith('image/')) return bad(`“${file.name}” is not a picture. Choose a photo (JPEG or PNG). Nothing was sent.`);
    if (file && file.size > MAX_PHOTO_BYTES) return bad(`The photo is larger than 5 MB. Choose a smaller one. Nothing was sent.`);

    const day = date.value || isoDay(today);
    const timestamp = day === isoDay(new Date()) ? new Date().toISOString() : new Date(`${day}T12:00:00`).toISOString();
    const counterId = currentRange()?.meter_counter_id;
    const reading: MeterReading = { value: v, meter_id: meter._id, source: 'ECP', timestamp };
    if (counterId && UUID.test(counterId)) reading.counter_id = counterId;

    submit.disabled = true;
    show(status, loading('Sending your reading'));
    void (async () => {
      try {
        const { data } = await sdk().createMeterReading(null, reading);
        const saved = data.data;
        const done = h('div', { class: 'ok', role: 'status', 'data-testid': 'reading-saved' },
          h('p', null, h('strong', null, 'Thank you, your reading was saved.')),
          h('p', null, `${fmtNumber(v)} on ${fmtDateTime(timestamp)}${saved?.status ? ` (status: ${humanize(saved.status)})` : ''}.`));
        show(status, done);
        loadRange();
        onSaved();
        if (file) {
          const photoStatus = h('div');
          status.appendChild(photoStatus);
          show(photoStatus, loading('Uploading the photo'));
          try {
            const contents = await readAsDataUrl(file);
            await sdk().uploadMeterReadingPhoto(null, { filename: file.name, mime_type: file.type, contents, meter_id: meter._id });
            show(photoStatus, h('p', { class: 'ok', 'data-testid': 'photo-saved' }, `Photo “${file.name}” uploaded.`));
          } catch (error) {
            show(photoStatus, h('p', null, 'Your reading is saved, but the photo was not uploaded:'), errorBox(error, undefined, settings.apiUrl));
          }
        }
        value.value = '';
        photo.value = '';
      } catch (error) {
        show(status, errorBox(error, undefined, settings.apiUrl));
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return form;
}

/** `#/meters?meter=<id>` */
export function metersScreen(view: HTMLElement, query: URLSearchParams): void {
  const list = h('div');
  const detail = h('div');
  view.replaceChildren(h('h1', null, 'Meter readings'), card('Your meters', { 'data-testid': 'meters' }, list), detail);

  const select = (meter: EntityItem) => {
    const rangeSlot = h('div');
    const chart = h('div');
    const readings = h('div');
    detail.replaceChildren(
      h('div', { class: 'grid two' },
        card(`Submit a reading: ${meterLabel(meter)}`, { 'data-testid': 'reading' }, rangeSlot, readingForm(meter, rangeSlot, () => { consumptionPanel(chart, meter._id); meterReadingsPanel(readings, meter._id); })),
        card('Consumption', { 'data-testid': 'consumption' }, chart),
      ),
      card('Readings', { 'data-testid': 'readings' }, readings),
    );
    consumptionPanel(chart, meter._id);
    meterReadingsPanel(readings, meter._id);
  };

  void load(list, 'Loading your meters', () => sdk().searchPortalUserEntities(null, { slug: 'meter' }), ({ data }) => {
    const meters = entities(data);
    if (meters.length === 0) return h('p', { class: 'empty' }, 'No meters are linked to your account.');
    const wanted = query.get('meter');
    const initial = meters.find((m) => m._id === wanted) ?? meters[0]!;
    const picker = h('select', { id: 'meter', name: 'meter', 'aria-label': 'Meter' },
      meters.map((m) => h('option', { value: m._id, selected: m._id === initial._id }, meterLabel(m))));
    picker.addEventListener('change', () => {
      const m = meters.find((x) => x._id === picker.value);
      if (m) select(m);
    });
    select(initial);
    return [
      h('label', { for: 'meter' }, 'Meter'), picker,
      h('p', { class: 'muted' }, `${meters.length} meter${meters.length === 1 ? '' : 's'}. Last change: ${fmtDate(initial._updated_at)}.`),
    ];
  }, settings.apiUrl);
}
