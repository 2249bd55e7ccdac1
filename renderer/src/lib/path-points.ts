import type { Bounds } from '@shared/engine/bounds';
import type { GridResult } from '@shared/engine/grid';
import type { PathRows } from '@shared/engine/path-rows';
import type { Point } from './path-painter';

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

/**
 * A path on the contour chart's axes: at most `max` of its rows up to `upTo` (all of them when
 * undefined), as (x, y) of the two axis variables, or (x, f) for a function of one variable.
 * Rows off the plane (NaN, ±Infinity) are left out.
 */
export function axisPoints(
  path: PathRows,
  axes: readonly [number, number],
  oneVariable: boolean,
  max: number,
  upTo?: number,
): Point[] {
  const n = path.dimension;
  const [ax, ay] = axes;
  const count = upTo === undefined ? path.count : Math.min(path.count, upTo + 1);
  return evenRows(count, max)
    .map((k) => ({
      x: path.points[k * n + Math.min(ax, n - 1)] as number,
      y: oneVariable || n < 2 ? (path.values[k] as number) : (path.points[k * n + Math.min(ay, n - 1)] as number),
    }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

/** The curve f(x) of a function of one variable, from its sampled grid's first row. */
export function curvePoints(grid: GridResult & Bounds): Point[] {
  const out: Point[] = [];
  for (let k = 0; k < grid.resolution; k++) {
    const y = grid.values[k] as number;
    if (Number.isFinite(y)) out.push({ x: grid.x[0] + ((grid.x[1] - grid.x[0]) * k) / (grid.resolution - 1), y });
  }
  return out;
}
