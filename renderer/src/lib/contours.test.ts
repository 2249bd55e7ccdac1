import { describe, expect, it } from 'vitest';
import { contourBands, contourLevels, rampColor } from './contours';

function grid(f: (x: number, y: number) => number, n = 33, reach = 5): Float64Array {
  const values = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++)
      values[r * n + c] = f(-reach + (2 * reach * c) / (n - 1), -reach + (2 * reach * r) / (n - 1));
  }
  return values;
}

describe('contour levels', () => {
  it('are linear for a bowl and logarithmic for Rosenbrock', () => {
    const bowl = contourLevels(grid((x, y) => x * x + y * y));
    expect(bowl.logarithmic).toBe(false);
    expect(bowl.levels[0]).toBe(0);
    const rosenbrock = contourLevels(grid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2));
    expect(rosenbrock.logarithmic).toBe(true);
    const levels = rosenbrock.levels;
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    // Geometric spacing: most levels sit in the low part of the range, where the valley is.
    expect(levels.filter((v) => v < (levels[levels.length - 1] ?? 0) / 100).length).toBeGreaterThan(levels.length / 2);
  });

  it('skip non-finite values and give a filled band per level', () => {
    const values = grid((x, y) => Math.log(x * x + y * y - 1));
    const { levels } = contourLevels(values);
    expect(levels.every(Number.isFinite)).toBe(true);
    expect(contourBands(values, 33, levels)).toHaveLength(levels.length);
  });

  it('ramp from dark purple to yellow', () => {
    expect(rampColor(0)).toBe('rgba(68, 1, 84, 1)');
    expect(rampColor(1, 0.5)).toBe('rgba(253, 231, 37, 0.5)');
  });
});
