/**
 * The rows of a path a chart draws: at most `max` of its first `count`, evenly spaced, the last
 * always included. Both charts thin this way (the worker and main thin what they send and keep by
 * the engine's own policy, `shared/engine/thinning.ts`); a chart only caps what it strokes.
 */
export function evenRows(count: number, max: number): number[] {
  if (count <= 0) return [];
  const stride = Math.max(1, Math.ceil(count / max));
  const rows: number[] = [];
  for (let k = 0; k < count; k += stride) rows.push(k);
  if ((count - 1) % stride !== 0) rows.push(count - 1);
  return rows;
}

/**
 * A per-path cache of what a chart derived from it, kept until the path grows or the chart's
 * settings change (`key`): the overlay repaints on every pointer move and playback frame, and
 * re-thinning thousands of rows each time is waste.
 */
export class PerPath<P extends object, T> {
  private readonly cache = new WeakMap<P, { key: string; value: T }>();

  get(path: P, key: string, make: () => T): T {
    const cached = this.cache.get(path);
    if (cached?.key === key) return cached.value;
    const value = make();
    this.cache.set(path, { key, value });
    return value;
  }
}
