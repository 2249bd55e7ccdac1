import { UserError, message } from '../messages';
import type { Bounds } from './bounds';
import { evaluateRows, type Column } from './compile';
import type { Expr } from './ir';

/**
 * f sampled for the contour chart: two variables as axes, the others held at `point`. f comes as
 * the engine's checked tree, parsed once by the window: the contour workers need no parser (this
 * module does not import one), so they load in a fraction of the time.
 */
export interface GridRequest {
  readonly tree: Expr;
  /** How many variables f has. */
  readonly dimension: number;
  /** Which variables are the axes (indices into f's variables). */
  readonly axes: readonly [number, number];
  /** Values of every variable; the two axes' entries are ignored. */
  readonly point: readonly number[];
  /** The rectangle sampled, its edges included. */
  readonly bounds: Bounds;
  readonly resolution: number;
}

export interface GridResult {
  /** resolution × resolution values, row by row from the lowest y. */
  readonly values: Float64Array;
  readonly resolution: number;
  readonly min: number;
  readonly max: number;
}

/**
 * f over a resolution² grid for the contour chart (x along a row, rows from the lowest y), every
 * row at once with `evaluateRows`: the contour workers run under the page's CSP, where code
 * cannot be generated. Non-finite values (log of a negative, poles) are kept as NaN for the chart
 * to leave blank.
 */
export function evaluateGrid(request: GridRequest): GridResult {
  const n = request.dimension;
  const [ax, ay] = request.axes;
  if (n === 0) throw new UserError(message('grid.noVariables'));
  if (ax >= n || ay >= n || (n > 1 && ax === ay)) throw new UserError(message('grid.sameAxes'));
  const { resolution } = request;
  const count = resolution * resolution;
  const [x0, x1] = request.bounds.x;
  const [y0, y1] = request.bounds.y;
  const xs = new Float64Array(resolution);
  const ys = new Float64Array(resolution);
  for (let k = 0; k < resolution; k++) {
    xs[k] = x0 + ((x1 - x0) * k) / (resolution - 1);
    ys[k] = y0 + ((y1 - y0) * k) / (resolution - 1);
  }
  // x varies along a row, y from row to row (with one variable every row is f(x) again); every
  // other variable is held at the slice's value.
  const columns: Column[] = Array.from({ length: n }, (_, i) => request.point[i] ?? 0);
  columns[ax] = xs;
  const values = evaluateRows(request.tree, columns, { index: n > 1 ? ay : -1, values: ys }, resolution);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    if (v - v !== 0) {
      values[i] = Number.NaN;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, resolution, min, max };
}
