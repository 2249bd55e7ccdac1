import { describe, expect, it } from 'vitest';
import { parseOrThrow } from './expression';
import { evaluateGrid, type GridRequest } from './grid';

/** f's tree and variable count, as the window sends them. */
function parsed(text: string): Pick<GridRequest, 'tree' | 'dimension'> {
  const expression = parseOrThrow(text);
  return { tree: expression.tree, dimension: expression.variables.length };
}

describe('evaluateGrid', () => {
  const request = {
    ...parsed('x^2 + y^2'),
    axes: [0, 1] as const,
    point: [0, 0],
    bounds: { x: [-1, 1] as const, y: [-2, 2] as const },
    resolution: 9,
  };

  it('samples f row by row from the lowest y, with its range', () => {
    const grid = evaluateGrid(request);
    expect(grid.values).toHaveLength(81);
    expect(grid.values[0]).toBe(5);
    expect(grid.values[4 * 9 + 4]).toBe(0);
    expect(grid.values[8 * 9 + 8]).toBe(5);
    expect([grid.min, grid.max]).toEqual([0, 5]);
  });

  it('holds the other variables at the point (a slice) and leaves poles blank', () => {
    const grid = evaluateGrid({ ...request, ...parsed('x + 10 z + log(y)'), axes: [0, 1], point: [0, 0, 2] });
    expect(grid.values[0]).toBeNaN();
    expect(grid.values[8 * 9 + 8]).toBeCloseTo(1 + 20 + Math.log(2), 12);
  });

  it('says in words when the axes are not two different variables', () => {
    expect(() => evaluateGrid({ ...request, axes: [1, 1] })).toThrow(/two different variables/);
    expect(() => evaluateGrid({ ...request, ...parsed('3') })).toThrow('The function has no variables to plot');
  });
});
