// Consumption as an SVG bar chart (no library). Styling is in style.css (classes only).
import { fmtDate, fmtNumber, h, svg } from './ui';

export interface Point {
  timestamp: string;
  value: number;
}

const W = 640;
const H = 240;
const PAD = { top: 16, right: 12, bottom: 34, left: 52 };

/** A "nice" axis maximum: 1, 2 or 5 × 10^n at or above `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

export function consumptionChart(points: Point[], unit = ''): Element {
  const u = (n: number) => `${fmtNumber(n)}${unit ? ` ${unit}` : ''}`;
  const valid = points
    .filter((p) => Number.isFinite(p.value) && !Number.isNaN(new Date(p.timestamp).getTime()))
    .sort((a, b) => new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime());
  if (valid.length === 0) return h('p', { class: 'empty' }, 'No consumption data for this period.');

  // The value axis always includes 0; negative values (e.g. feed-in) go below it.
  const top = niceMax(Math.max(0, ...valid.map((p) => p.value)));
  const lowest = Math.min(0, ...valid.map((p) => p.value));
  const bottom = lowest < 0 ? -niceMax(-lowest) : 0;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / valid.length;
  const barW = Math.max(1, Math.min(48, slot * 0.7));
  const y = (v: number) => PAD.top + ((top - v) / (top - bottom)) * innerH;
  const total = valid.reduce((s, p) => s + p.value, 0);

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => bottom + f * (top - bottom));
  const grid = ticks.map((t) => [
    svg('line', { class: 'grid-line', x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t) }),
    svg('text', { class: 'axis-label', x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, fmtNumber(t)),
  ]);
  const bars = valid.map((p, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const y0 = y(0);
    const yv = y(p.value);
    return svg('rect', { class: p.value < 0 ? 'bar negative' : 'bar', x: x.toFixed(1), y: Math.min(y0, yv).toFixed(1), width: barW.toFixed(1), height: Math.max(0.5, Math.abs(y0 - yv)).toFixed(1), 'data-value': p.value },
      svg('title', null, `${fmtDate(p.timestamp)}: ${u(p.value)}`));
  });
  const first = valid[0]!;
  const last = valid[valid.length - 1]!;
  const labels = [
    svg('text', { class: 'axis-label', x: PAD.left, y: H - 10, 'text-anchor': 'start' }, fmtDate(first.timestamp)),
    valid.length > 1 ? svg('text', { class: 'axis-label', x: W - PAD.right, y: H - 10, 'text-anchor': 'end' }, fmtDate(last.timestamp)) : null,
  ];

  return h('figure', { class: 'chart', 'data-testid': 'consumption-chart' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Consumption: ${valid.length} values, total ${u(total)}` },
      grid, svg('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }), bars, labels),
    h('figcaption', { class: 'muted' }, `${valid.length} value${valid.length === 1 ? '' : 's'}, total ${u(total)}, ${fmtDate(first.timestamp)} – ${fmtDate(last.timestamp)}.`),
  );
}
