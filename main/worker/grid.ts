import { compileValue } from '@shared/engine/compile';
import { parseOrThrow } from '@shared/engine/expression';
import type { GridRequest, GridResult } from '@shared/ipc/contract';
import { UserError, message } from '@shared/messages';

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
