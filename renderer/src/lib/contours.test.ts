import { describe, expect, it } from 'vitest';
import { computeContours, contourBands, contourLevels, rampColor } from './contours';

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

describe('contours for the chart', () => {
  it('come out the same contoured whole or in shares of the levels', () => {
    const n = 65;
    const input = {
      values: grid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, n, 2),
      resolution: n,
      xRange: [-2, 2] as const,
      yRange: [-2, 2] as const,
    };
    const whole = computeContours(input);
    const shares = [0, 1, 2].map((part) => computeContours(input, { part, parts: 3 }));
    const merged = shares.flatMap((share) => share.bands).sort((a, b) => a.index - b.index);
    expect(merged).toEqual(whole.bands);
    expect(shares[1]?.levels).toEqual(whole.levels);
  });

  it('come in data coordinates: the bowl’s level-c band edge is the circle of radius √c', () => {
    const n = 129;
    const { bands, levels } = computeContours({
      values: grid((x, y) => x * x + y * y, n, 5),
      resolution: n,
      xRange: [-5, 5],
      yRange: [-5, 5],
    });
    expect(bands).toHaveLength(levels.length);
    const band = bands[3];
    if (!band) throw new Error('no band');
    // The band is f ≥ c: the plot's square with a hole whose edge is the isoline f = c.
    const rings: number[][] = [];
    let p = 0;
    for (const size of band.ringSizes) {
      const radii: number[] = [];
      for (let k = 0; k < size; k++, p += 2)
        radii.push(Math.hypot(band.coordinates[p] as number, band.coordinates[p + 1] as number));
      rings.push(radii);
    }
    const expected = Math.sqrt(band.level);
    expect(rings).toHaveLength(2);
    const hole = rings.find((radii) => radii.every((r) => Math.abs(r - expected) < 0.03));
    expect(hole?.length).toBeGreaterThan(20);
    expect(band.coordinates.length).toBe(2 * band.ringSizes.reduce((a, b) => a + b, 0));
  });
});
