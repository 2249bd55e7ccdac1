import { describe, expect, it } from 'vitest';
import { BLANK, RASTER_SIZE, computeContours, contourLevels, rampColor, type ContourInput } from './contours';

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

  it('put level k at position k, and skip non-finite values', () => {
    const values = grid((x, y) => Math.log(x * x + y * y - 1));
    const scale = contourLevels(values);
    expect(scale.levels.every(Number.isFinite)).toBe(true);
    scale.levels.forEach((level, k) => {
      if (k > 0) expect(scale.position(level)).toBeCloseTo(k, 9);
    });
  });

  it('ramp from dark purple to yellow', () => {
    expect(rampColor(0)).toBe('rgba(68, 1, 84, 1)');
    expect(rampColor(1, 0.5)).toBe('rgba(253, 231, 37, 0.5)');
  });
});

describe('contours for the chart', () => {
  const bowl = (n: number): ContourInput => ({
    values: grid((x, y) => x * x + y * y, n, 5),
    resolution: n,
    xRange: [-5, 5],
    yRange: [-5, 5],
  });

  it('come out the same computed whole or in two shares (isolines, raster)', () => {
    const n = 65;
    const input = {
      values: grid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, n, 2),
      resolution: n,
      xRange: [-2, 2] as const,
      yRange: [-2, 2] as const,
    };
    const whole = computeContours(input);
    const lines = computeContours(input, { isolines: true, raster: false });
    const raster = computeContours(input, { isolines: false, raster: true });
    expect(lines.raster).toBeUndefined();
    expect(raster.isolines).toEqual([]);
    expect(lines.isolines).toEqual(whole.isolines);
    expect(raster.raster).toEqual(whole.raster);
    expect(raster.levels).toEqual(whole.levels);
  });

  it('trace isolines in data coordinates: the bowl’s level-c line is the circle of radius √c', () => {
    const { isolines, levels } = computeContours(bowl(129));
    // Every level but the lowest (the minimum itself) has its line.
    expect(isolines.map((line) => line.index)).toEqual(levels.map((_, k) => k).slice(1));
    // The circles that fit inside the plot (radius < 5) are each one closed ring: the last point
    // repeats the first.
    const inside = isolines.filter((line) => line.level < 24);
    expect(inside).toHaveLength(11);
    for (const line of inside) {
      expect(line.lineSizes).toHaveLength(1);
      expect(line.coordinates.length).toBe(2 * (line.lineSizes[0] ?? 0));
      expect(line.coordinates.slice(-2)).toEqual(line.coordinates.slice(0, 2));
      const expected = Math.sqrt(line.level);
      for (let p = 0; p < line.coordinates.length; p += 2) {
        const radius = Math.hypot(line.coordinates[p] as number, line.coordinates[p + 1] as number);
        expect(Math.abs(radius - expected)).toBeLessThan(0.03);
      }
    }
  });

  it('rasterise the bands: each pixel holds the band of f at its centre, row 0 at the top', () => {
    const { raster, levels } = computeContours(bowl(129));
    if (!raster) throw new Error('no raster');
    expect(raster.bands).toHaveLength(RASTER_SIZE * RASTER_SIZE);
    const bandOf = (v: number): number => levels.filter((level) => level <= v).length - 1;
    let differ = 0;
    for (let row = 0; row < raster.size; row += 7) {
      for (let column = 0; column < raster.size; column += 7) {
        const x = -5 + (10 * (column + 0.5)) / raster.size;
        const y = 5 - (10 * (row + 0.5)) / raster.size;
        const band = raster.bands[row * raster.size + column] as number;
        // Interpolating between samples can put a pixel on a level's other side, never further.
        expect(Math.abs(band - bandOf(x * x + y * y))).toBeLessThanOrEqual(1);
        if (band !== bandOf(x * x + y * y)) differ++;
      }
    }
    expect(differ / Math.ceil(raster.size / 7) ** 2).toBeLessThan(0.02);
    // The top-left pixel is the corner (−5, 5), in the highest band; the centre is the lowest.
    expect(raster.bands[0]).toBe(levels.length - 1);
    expect(raster.bands[(RASTER_SIZE / 2) * RASTER_SIZE + RASTER_SIZE / 2]).toBe(0);
  });

  it('leave the raster blank and draw no line where f is undefined', () => {
    const n = 65;
    const { raster, isolines } = computeContours({
      values: grid((x, y) => (x * x + y * y < 4 ? Number.NaN : x * x + y * y), n, 5),
      resolution: n,
      xRange: [-5, 5],
      yRange: [-5, 5],
    });
    const centre = (RASTER_SIZE / 2) * RASTER_SIZE + RASTER_SIZE / 2;
    expect(raster?.bands[centre]).toBe(BLANK);
    expect(raster?.bands[0]).not.toBe(BLANK);
    for (const line of isolines) {
      for (let p = 0; p < line.coordinates.length; p += 2)
        expect(Math.hypot(line.coordinates[p] as number, line.coordinates[p + 1] as number)).toBeGreaterThan(1.9);
    }
  });
});
