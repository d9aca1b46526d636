// The readings of a meter (getMeterReadings), newest first, ten at a time through the SDK's
// page iterator (client.paginate.getMeterReadings): "Show more" fetches the next page only
// when it is needed.
import type { GetAllowedMeterReadingRangeResponse, GetMeterReadingsResponseResultsItem, PageIterator } from 'epilot-portal-sdk';
import { sdk, settings } from '../portal';
import { errorBox, fmtDateTime, fmtNumber, h, humanize, load, loading, show } from '../ui';

type Reading = GetMeterReadingsResponseResultsItem;
const PAGE = 10;

const field = (r: Reading, key: string): unknown => r[key];

function valueText(r: Reading): string {
  const v = field(r, 'value');
  const unit = typeof field(r, 'unit') === 'string' ? ` ${field(r, 'unit') as string}` : '';
  if (typeof v === 'number' && Number.isFinite(v)) return `${fmtNumber(v)}${unit}`;
  if (typeof v === 'string' && v.trim()) return `${v}${unit}`;
  return '–';
}

function row(r: Reading): HTMLElement {
  const when = field(r, 'timestamp') ?? field(r, 'read_at') ?? field(r, '_created_at');
  const source = field(r, 'source');
  const status = field(r, 'status');
  // what the portal's templates made of the reading (templates_ref / templates in the request)
  const details = Object.entries(r.templates_output ?? {}).map(([k, v]) => `${humanize(k)}: ${v}`).join(' · ');
  return h('tr', { 'data-testid': 'meter-reading' },
    h('td', null, fmtDateTime(when)),
    h('td', { class: 'num' }, valueText(r)),
    h('td', null, typeof source === 'string' ? humanize(source) : '–'),
    h('td', null, typeof status === 'string' ? humanize(status) : '–'),
    h('td', null, details || '–'));
}

/** The counters a reading list can be asked for: those of the allowed-range answer. */
function counterIds(range: GetAllowedMeterReadingRangeResponse): string[] {
  const ids = (range.data ?? []).map((r) => r.meter_counter_id).filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)];
}

function readingsTable(slot: HTMLElement, meterId: string, counterId: string): void {
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', 'data-testid': 'readings-more', hidden: true }, 'Show more');
  const status = h('div', { 'data-testid': 'readings-status' });
  const table = h('table', { class: 'table', 'data-testid': 'meter-readings' },
    h('thead', null, h('tr', null, h('th', null, 'Read on'), h('th', { class: 'num' }, 'Value'), h('th', null, 'Source'), h('th', null, 'Status'), h('th', null, 'Details'))),
    body);
  show(slot, table, status, more);

  // one iterator per list: it asks for the next page only when the items of the last one are used
  const pages: PageIterator<Reading> = sdk().paginate.getMeterReadings(null, { meter_id: meterId, counter_id: counterId, sort: 'desc', size: PAGE });
  let shown = 0;
  const next = async (): Promise<void> => {
    more.disabled = true;
    show(status, loading('Loading readings'));
    try {
      let added = 0;
      while (added < PAGE) {
        const item = await pages.next();
        if (item.done) {
          more.hidden = true;
          break;
        }
        body.appendChild(row(item.value));
        added += 1;
      }
      shown += added;
      if (added === PAGE) more.hidden = false;
      show(status, shown === 0 ? h('p', { class: 'empty' }, 'No readings yet for this meter.') : h('p', { class: 'muted' }, `${shown} reading${shown === 1 ? '' : 's'} shown.`));
    } catch (error) {
      show(status, errorBox(error, () => void next(), settings.apiUrl));
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void next());
  void next();
}

/** The readings card's content for one meter: a counter picker when it has several. */
export function meterReadingsPanel(slot: HTMLElement, meterId: string): void {
  void load(slot, 'Loading the meter’s counters', () => sdk().getAllowedMeterReadingRange({ meter_id: meterId }), ({ data }) => {
    const ids = counterIds(data);
    if (ids.length === 0) return h('p', { class: 'muted' }, 'This meter has no counter to show readings for.');
    const list = h('div');
    const picker = h('select', { id: 'readings-counter', 'aria-label': 'Counter' },
      ids.map((id, i) => h('option', { value: id }, `Counter ${i + 1}`)));
    picker.addEventListener('change', () => readingsTable(list, meterId, picker.value));
    readingsTable(list, meterId, ids[0]!);
    return [ids.length > 1 ? [h('label', { for: 'readings-counter' }, 'Counter'), picker] : null, list];
  }, settings.apiUrl);
}
