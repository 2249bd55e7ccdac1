import { describe, expect, it } from 'vitest';
import { computeContours } from './contour-compute';
import {
  RASTER_SIZE,
  bandPalette,
  contourLevels,
  joinRasters,
  levelPositions,
  rampColor,
  type BandRaster,
  type ContourInput,
} from './contours';

function grid(f: (x: number, y: number) => number, n = 33, reach = 5): Float64Array {
  const values = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++)
      values[r * n + c] = f(-reach + (2 * reach * c) / (n - 1), -reach + (2 * reach * r) / (n - 1));
  }
  return values;
}

/** Which band a raster pixel shows, told by its colour; undefined where it is transparent. */
function bandAt(raster: BandRaster, count: number, pixel: number): number | undefined {
  const rgba = Array.from(raster.pixels.subarray(pixel * 4, pixel * 4 + 4));
  if (rgba[3] === 0) return undefined;
  const palette = bandPalette(count);
  for (let band = 0; band < count; band++) {
    if (rgba.every((v, k) => palette[band * 4 + k] === v)) return band;
  }
  throw new Error(`pixel ${pixel} has no band's colour: ${rgba.join(', ')}`);
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
    const positions = levelPositions(Float64Array.from(scale.levels), scale);
    // The lowest level (the minimum) sits at −1 on a logarithmic scale (log 0, clamped), at 0 on a linear one.
    positions.slice(1).forEach((p, k) => expect(p).toBeCloseTo(k + 1, 9));
    const constant = contourLevels(new Float64Array([2, 2, Number.NaN]));
    expect(Array.from(levelPositions(new Float64Array([2, 2, Number.NaN]), constant))).toEqual([0, 0, Number.NaN]);
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
    bounds: { x: [-5, 5], y: [-5, 5] },
  });

  it('come out the same computed whole or in shares (levels, raster rows)', () => {
    const n = 65;
    const input = {
      values: grid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, n, 2),
      resolution: n,
      bounds: { x: [-2, 2] as const, y: [-2, 2] as const },
    };
    const whole = computeContours(input);
    const shares = [0, 1, 2].map((part) => computeContours(input, { part, parts: 3 }));
    expect(shares[1]?.isolines.every((line) => line.index % 3 === 1)).toBe(true);
    expect(shares.flatMap((share) => share.isolines).sort((a, b) => a.index - b.index)).toEqual(whole.isolines);
    const joined = joinRasters(shares.map((share) => share.raster));
    expect([joined?.size, joined?.first, joined?.pixels.length]).toEqual([RASTER_SIZE, 0, whole.raster.pixels.length]);
    // Compared in one pass: a deep equality of a million bytes is slow.
    expect(joined?.pixels.every((v, i) => v === whole.raster.pixels[i])).toBe(true);
    expect(shares[2]?.levels).toEqual(whole.levels);
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

  it('rasterise the bands: each pixel shows the band of f at its centre, row 0 at the top', () => {
    const { raster, levels } = computeContours(bowl(129));
    const count = levels.length;
    expect(raster.pixels).toHaveLength(RASTER_SIZE * RASTER_SIZE * 4);
    const bandOf = (v: number): number => levels.filter((level) => level <= v).length - 1;
    let differ = 0;
    for (let row = 0; row < raster.size; row += 7) {
      for (let column = 0; column < raster.size; column += 7) {
        const x = -5 + (10 * (column + 0.5)) / raster.size;
        const y = 5 - (10 * (row + 0.5)) / raster.size;
        const band = bandAt(raster, count, row * raster.size + column) ?? Number.NaN;
        // Interpolating between samples can put a pixel on a level's other side, never further.
        expect(Math.abs(band - bandOf(x * x + y * y))).toBeLessThanOrEqual(1);
        if (band !== bandOf(x * x + y * y)) differ++;
      }
    }
    expect(differ / Math.ceil(raster.size / 7) ** 2).toBeLessThan(0.02);
    // The top-left pixel is the corner (−5, 5), in the highest band; the centre is the lowest.
    expect(bandAt(raster, count, 0)).toBe(count - 1);
    expect(bandAt(raster, count, (RASTER_SIZE / 2) * RASTER_SIZE + RASTER_SIZE / 2)).toBe(0);
  });

  it('leave the raster blank and draw no line where f is undefined', () => {
    const n = 65;
    const { raster, isolines, levels } = computeContours({
      values: grid((x, y) => (x * x + y * y < 4 ? Number.NaN : x * x + y * y), n, 5),
      resolution: n,
      bounds: { x: [-5, 5], y: [-5, 5] },
    });
    const centre = (RASTER_SIZE / 2) * RASTER_SIZE + RASTER_SIZE / 2;
    expect(bandAt(raster, levels.length, centre)).toBeUndefined();
    expect(bandAt(raster, levels.length, 0)).toBe(levels.length - 1);
    // The blank disc is the undefined one (radius 2 of a 10 × 10 plot: 12.6% of it), its edge
    // between samples, not a cell further out.
    let blank = 0;
    for (let i = 0; i < RASTER_SIZE * RASTER_SIZE; i++) if (bandAt(raster, levels.length, i) === undefined) blank++;
    expect(Math.abs(blank / RASTER_SIZE ** 2 - (Math.PI * 4) / 100)).toBeLessThan(0.005);
    for (const line of isolines) {
      for (let p = 0; p < line.coordinates.length; p += 2)
        expect(Math.hypot(line.coordinates[p] as number, line.coordinates[p + 1] as number)).toBeGreaterThan(1.9);
    }
  });
});
