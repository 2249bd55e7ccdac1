import { describe, expect, it } from 'vitest';
import { PerPath, axisPoints, curvePoints, evenRows } from './path-points';

describe('the rows a chart draws', () => {
  it('are every row of a short path', () => {
    expect(evenRows(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(evenRows(0, 10)).toEqual([]);
  });

  it('are evenly spaced for a long one, at most the cap and the last row', () => {
    const rows = evenRows(10_001, 100);
    expect(rows.length).toBeLessThanOrEqual(101);
    expect(rows[0]).toBe(0);
    expect(rows.at(-1)).toBe(10_000);
    const gaps = new Set(rows.slice(1, -1).map((k, i) => k - (rows[i] ?? 0)));
    expect(gaps.size).toBe(1);
  });

  it('are derived once per path and key', () => {
    const cache = new PerPath<object, number>();
    const path = {};
    let made = 0;
    const make = (): number => ++made;
    expect(cache.get(path, 'a', make)).toBe(1);
    expect(cache.get(path, 'a', make)).toBe(1);
    expect(cache.get(path, 'b', make)).toBe(2);
    expect(cache.get({}, 'b', make)).toBe(3);
  });
});

describe('a path on the contour chart’s axes', () => {
  // Three variables; rows k: (k, 10k, -k), f = k².
  const path = {
    count: 5,
    dimension: 3,
    steps: Float64Array.of(0, 1, 2, 3, 4),
    points: Float64Array.from({ length: 15 }, (_, i) => [1, 10, -1][i % 3]! * Math.floor(i / 3)),
    values: Float64Array.of(0, 1, 4, Number.NaN, 16),
    gradientNorms: new Float64Array(5),
  };

  it('takes the two axis variables, or f against x for one variable, leaving out rows off the plane', () => {
    expect(axisPoints(path, [2, 0], false, 100)).toEqual([0, 1, 2, 3, 4].map((k) => ({ x: -k, y: k })));
    expect(axisPoints(path, [0, 1], true, 100)).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 4 },
      { x: 4, y: 16 },
    ]);
  });

  it('stops at the playhead and draws at most the cap', () => {
    expect(axisPoints(path, [0, 1], false, 100, 1)).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 10 },
    ]);
    expect(axisPoints(path, [0, 1], false, 2).map((p) => p.x)).toEqual([0, 3, 4]);
  });

  it('draws the curve of one variable from its grid, gaps where f is undefined', () => {
    const grid = {
      values: Float64Array.of(4, Number.NaN, 0, 1, 4),
      resolution: 5,
      min: 0,
      max: 4,
      x: [-2, 2] as const,
      y: [0, 0] as const,
    };
    expect(curvePoints(grid)).toEqual([
      { x: -2, y: 4 },
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 4 },
    ]);
  });
});
