import mlcontour from 'maplibre-contour';
import { evaluateGrid, type GridRequest, type GridResult } from '@shared/engine/grid';

/** How many levels the chart draws: the bands' colours and the isolines between them. */
export const LEVEL_COUNT = 24;

/** Side of the band raster, in pixels: finer than the 256² grid, so its edges stay crisp on a large plot. */
export const RASTER_SIZE = 512;

/** A raster pixel where f is undefined (NaN): left blank. */
export const BLANK = 255;

interface LevelScale {
  readonly levels: number[];
  readonly logarithmic: boolean;
  /** Where a value falls among the levels: k at levels[k], fractional between them. */
  readonly position: (value: number) => number;
}

/** Threshold levels; logarithmic when a few huge values would flatten a linear scale (Rosenbrock). */
export function contourLevels(values: Float64Array, count = LEVEL_COUNT): LevelScale {
  // Plain loops: a typed array's filter() and a full sort of 65,536 values cost ~15 ms an edit.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v !== 0) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return { levels: [], logarithmic: false, position: () => Number.NaN };
  if (max === min) return { levels: [min], logarithmic: false, position: (v) => v - v };
  // Logarithmic when most of the plane sits in the bottom hundredth of the range (Rosenbrock's
  // valley): a linear scale would paint it all one colour. The 10th percentile of an even sample
  // of at most 4,096 values is plenty to tell.
  const every = Math.max(1, Math.floor(values.length / 4096));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += every) {
    const v = values[i] as number;
    if (v - v === 0) sample.push(v);
  }
  const sorted = Float64Array.from(sample).sort();
  const low = sorted[Math.floor(sorted.length / 10)] ?? min;
  const logarithmic = max - min > 100 * (low - min + Number.EPSILON);
  const range = max - min;
  // Log levels start 1e-5 of the range above the minimum, which is itself the first level (so
  // the lowest band is filled too).
  const floor = range * 1e-5;
  const decades = Math.log(range / floor);
  const position = logarithmic
    ? (v: number) => (count * Math.log((v - min) / floor)) / decades
    : (v: number) => (count * (v - min)) / range;
  const levels: number[] = [min];
  for (let k = 1; k < count; k++)
    levels.push(logarithmic ? min + floor * (range / floor) ** (k / count) : min + range * (k / count));
  return { levels, logarithmic, position };
}

/**
 * Each sample's position among the levels (see LevelScale.position), clamped to just outside
 * them so the isolines and bands below see small, finite numbers; NaN stays NaN (left blank).
 */
function levelPositions(values: Float64Array, scale: LevelScale): Float64Array {
  const top = scale.levels.length;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.min(top, Math.max(-1, scale.position(values[i] as number)));
  return out;
}

/** Fixed-point steps per grid cell in maplibre-contour's output (it rounds to whole units). */
const SUBCELL = 256;

/** One level's isolines: open lines and closed rings (a ring's last point repeats its first). */
export interface Isoline {
  readonly level: number;
  /** The level's index among the levels (1 … count − 1): the bands either side of it. */
  readonly index: number;
  /** x0, y0, x1, y1, … of every line, one after another, in data coordinates. */
  readonly coordinates: Float64Array;
  /** How many points each line has, in order. */
  readonly lineSizes: Uint32Array;
}

/**
 * The isolines between the bands, every level in one pass over the grid (maplibre-contour; one
 * pass per level, as d3-contour makes, cost four times as long at 24 levels). Positions put level
 * k at k, so its interval is 1; the lowest level (the minimum itself) has no line.
 */
function traceIsolines(
  positions: Float64Array,
  resolution: number,
  scale: LevelScale,
  xRange: readonly [number, number],
  yRange: readonly [number, number],
): Isoline[] {
  const tile = new mlcontour.HeightTile(resolution, resolution, (x, y) => positions[y * resolution + x] as number);
  const lines = mlcontour.generateIsolines(1, tile, (resolution - 1) * SUBCELL, 0);
  const sx = (xRange[1] - xRange[0]) / ((resolution - 1) * SUBCELL);
  const sy = (yRange[1] - yRange[0]) / ((resolution - 1) * SUBCELL);
  const out: Isoline[] = [];
  for (let index = 1; index < scale.levels.length; index++) {
    const found = lines[index];
    if (!found || found.length === 0) continue;
    const lineSizes = Uint32Array.from(found, (line) => line.length / 2);
    const coordinates = new Float64Array(found.reduce((sum, line) => sum + line.length, 0));
    let p = 0;
    for (const line of found) {
      for (let k = 0; k < line.length; k += 2) {
        coordinates[p++] = xRange[0] + (line[k] as number) * sx;
        coordinates[p++] = yRange[0] + (line[k + 1] as number) * sy;
      }
    }
    out.push({ level: scale.levels[index] as number, index, coordinates, lineSizes });
  }
  return out;
}

/** The bands as a raster: each pixel's band index (BLANK where f is undefined), row 0 at the top. */
export interface BandRaster {
  readonly size: number;
  readonly bands: Uint8Array;
}

/**
 * Which band each pixel of a size² raster over the grid falls in, from the bilinear interpolation
 * of the four samples around it: the filled contours, painted under the isolines.
 */
function rasterBands(positions: Float64Array, resolution: number, count: number, size: number): BandRaster {
  const bands = new Uint8Array(size * size);
  const last = resolution - 1;
  for (let row = 0; row < size; row++) {
    // Row 0 is the top of the image, the grid's last row (the highest y).
    const gy = (1 - (row + 0.5) / size) * last;
    const y0 = Math.min(last - 1, Math.floor(gy));
    const fy = gy - y0;
    for (let column = 0; column < size; column++) {
      const gx = ((column + 0.5) / size) * last;
      const x0 = Math.min(last - 1, Math.floor(gx));
      const fx = gx - x0;
      const i = y0 * resolution + x0;
      const a = positions[i] as number;
      const b = positions[i + 1] as number;
      const c = positions[i + resolution] as number;
      const d = positions[i + resolution + 1] as number;
      const p = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
      bands[row * size + column] = p === p ? Math.min(count - 1, Math.max(0, Math.floor(p))) : BLANK;
    }
  }
  return { size, bands };
}

const RAMP: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** A viridis-like colour for t in [0, 1]: perceptually even and readable by the colour-blind. */
export function rampRgb(t: number): [number, number, number] {
  const clamped = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(clamped));
  const f = clamped - i;
  const a = RAMP[i] as readonly [number, number, number];
  const b = RAMP[i + 1] as readonly [number, number, number];
  const mix = (k: 0 | 1 | 2): number => Math.round(a[k] + (b[k] - a[k]) * f);
  return [mix(0), mix(1), mix(2)];
}

/** rampRgb as a CSS colour. */
export function rampColor(t: number, alpha = 1): string {
  const [r, g, b] = rampRgb(t);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export interface ContourInput {
  readonly values: Float64Array;
  readonly resolution: number;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
}

export interface ContourResult {
  readonly levels: number[];
  readonly logarithmic: boolean;
  /** The data rectangle the raster covers (the grid's ranges). */
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly isolines: Isoline[];
  /** Undefined in a share of the work that did not paint it. */
  readonly raster: BandRaster | undefined;
}

/** Which parts of the contours a worker computes: two workers can take one each. */
export interface ContourTasks {
  readonly isolines: boolean;
  readonly raster: boolean;
}

const ALL: ContourTasks = { isolines: true, raster: true };

/**
 * Levels, isolines and the band raster of a sampled function, in the data coordinates of its
 * axes: what the contour workers compute so the chart only strokes lines and copies pixels.
 */
export function computeContours(input: ContourInput, tasks: ContourTasks = ALL): ContourResult {
  const { values, resolution, xRange, yRange } = input;
  const scale = contourLevels(values);
  const positions = levelPositions(values, scale);
  const count = Math.max(1, scale.levels.length);
  return {
    levels: scale.levels,
    logarithmic: scale.logarithmic,
    xRange,
    yRange,
    isolines: tasks.isolines ? traceIsolines(positions, resolution, scale, xRange, yRange) : [],
    raster: tasks.raster ? rasterBands(positions, resolution, count, RASTER_SIZE) : undefined,
  };
}

/**
 * What a contour worker does for one request: f sampled on the grid, then (for two or more
 * variables) its share of the contours. Throws the grid's UserError for bad axes.
 */
export function sampleAndContour(
  request: GridRequest,
  contour: boolean,
  tasks: ContourTasks = ALL,
): { grid: GridResult; contours: ContourResult | undefined } {
  const grid = evaluateGrid(request);
  return { grid, contours: contour ? computeContours({ ...request, values: grid.values }, tasks) : undefined };
}
