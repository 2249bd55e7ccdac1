/** Nine significant digits: enough to read the article's -6.11110793e-10 back exactly. */
export function formatValue(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-4 && magnitude < 1e9 ? String(Number(value.toPrecision(9))) : value.toExponential(8);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A compact axis label: 0.25, 12, 1e-10. */
export function formatTick(value: number, step?: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // With the ticks' spacing known: as many digits as tell neighbours apart (at least three).
  const digits = step && step > 0 ? Math.min(15, Math.max(3, Math.ceil(Math.log10(magnitude / step)) + 2)) : 3;
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(digits)));
  const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
  return `${Number(mantissa)}e${exponent.replace('+', '')}`;
}

/** The step axis's end: a round number at or just above v (3000 steps end at 3000, not 5000). */
export function niceCeil(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  const m = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((k) => k * power >= v - 1e-9 * power) ?? 10;
  return Number((m * power).toPrecision(12));
}
