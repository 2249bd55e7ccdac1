import { UserError, message } from '../messages';
import { compileValue } from './compile';
import { parseOrThrow } from './expression';

/** f sampled for the contour chart: two variables as axes, the others held at `point`. */
export interface GridRequest {
  readonly expression: string;
  /** Which variables are the axes (indices into the expression's variables). */
  readonly axes: readonly [number, number];
  /** Values of every variable; the two axes' entries are ignored. */
  readonly point: readonly number[];
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
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
 * f over a resolution² grid for the contour chart, a row at a time so the caller can yield.
 * Non-finite values (log of a negative, poles) are kept as NaN for the chart to leave blank.
 */
export function* evaluateGridRows(request: GridRequest): Generator<void, GridResult> {
  const expression = parseOrThrow(request.expression);
  const n = expression.variables.length;
  const [ax, ay] = request.axes;
  if (n === 0) throw new UserError(message('grid.noVariables'));
  if (ax >= n || ay >= n || (n > 1 && ax === ay)) throw new UserError(message('grid.sameAxes'));
  const f = compileValue(expression.tree, n);
  const { resolution } = request;
  const point = Float64Array.from({ length: n }, (_, i) => request.point[i] ?? 0);
  const values = new Float64Array(resolution * resolution);
  const [x0, x1] = request.xRange;
  const [y0, y1] = request.yRange;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < resolution; row++) {
    if (n > 1) point[ay] = y0 + ((y1 - y0) * row) / (resolution - 1);
    for (let col = 0; col < resolution; col++) {
      point[ax] = x0 + ((x1 - x0) * col) / (resolution - 1);
      const v = f(point);
      const value = Number.isFinite(v) ? v : Number.NaN;
      values[row * resolution + col] = value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    yield;
  }
  return { values, resolution, min, max };
}

/** The whole grid at once (a Web Worker has nothing to yield to). */
export function evaluateGrid(request: GridRequest): GridResult {
  const rows = evaluateGridRows(request);
  for (;;) {
    const next = rows.next();
    if (next.done) return next.value;
  }
}
