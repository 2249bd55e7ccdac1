import { describe, expect, it } from 'vitest';
import { PerPath, evenRows } from './path-points';

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
