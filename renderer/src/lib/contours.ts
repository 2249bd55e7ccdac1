/**
 * The contour chart's levels, band raster, colours and result types. What uses maplibre-contour
 * (the isolines) is in contour-compute.ts, which only the contour workers load.
 */

import type { Bounds } from '@shared/engine/bounds';

/** How many levels the chart draws: the bands' colours and the isolines between them. */
const LEVEL_COUNT = 24;

/** Side of the band raster, in pixels: finer than the 256² grid, so its edges stay crisp on a large plot. */
export const RASTER_SIZE = 512;

/** A logarithmic scale's second level sits this share of the range above the minimum. */
const LOG_FLOOR = 1e-5;

/** The bands' opacity (of 255): the chart's background shows through a little. */
const BAND_ALPHA = 217;

export interface LevelScale {
  readonly levels: number[];
  readonly logarithmic: boolean;
  /** The highest value less the lowest (the first level). */
  readonly range: number;
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
  if (finite === 0) return { levels: [], logarithmic: false, range: 0 };
  if (max === min) return { levels: [min], logarithmic: false, range: 0 };
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
  const floor = range * LOG_FLOOR;
  const levels: number[] = [min];
  for (let k = 1; k < count; k++)
    levels.push(logarithmic ? min + floor * (range / floor) ** (k / count) : min + range * (k / count));
  return { levels, logarithmic, range };
}

/**
 * Where each sample falls among the levels — k at levels[k], fractional between them, on the
 * scale's own (linear or logarithmic) spacing — clamped to just outside them so the isolines and
 * bands see small, finite numbers. NaN stays NaN (left blank); with one level every finite value
 * is at 0.
 */
export function levelPositions(values: Float64Array, scale: LevelScale): Float64Array {
  const top = scale.levels.length;
  const out = new Float64Array(values.length);
  if (top < 2) {
    out.fill(Number.NaN);
    if (top === 1) for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[i] = 0;
    return out;
  }
  const min = scale.levels[0] as number;
  const { logarithmic, range } = scale;
  const floor = range * LOG_FLOOR;
  const decades = Math.log(range / floor);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const p = logarithmic ? (top * Math.log((v - min) / floor)) / decades : (top * (v - min)) / range;
    // Comparisons are false for NaN, which passes through.
    out[i] = p < -1 ? -1 : p > top ? top : p;
  }
  return out;
}

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
 * The filled bands as RGBA pixels, row 0 at the top; transparent where f is undefined. A share of
 * the work holds rows `first` to `first + pixels.length / (4 * size)`.
 */
export interface BandRaster {
  readonly size: number;
  readonly first: number;
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
}

/** Each of `count` bands' RGBA colour, the ramp from the lowest to the highest. */
export function bandPalette(count: number): Uint8ClampedArray {
  const palette = new Uint8ClampedArray(count * 4);
  const last = Math.max(1, count - 1);
  for (let band = 0; band < count; band++) palette.set([...rampRgb(band / last), BAND_ALPHA], band * 4);
  return palette;
}

/**
 * The colour of the band each pixel of a size² raster over the grid falls in, from the bilinear
 * interpolation of the four samples around it: the filled contours, painted under the isolines.
 * Coloured here, off the UI thread, so the chart only copies the pixels. This share paints its
 * part of the rows.
 */
export function rasterBands(
  positions: Float64Array,
  resolution: number,
  count: number,
  share: ContourShare,
): BandRaster {
  const size = RASTER_SIZE;
  const first = Math.floor((size * share.part) / share.parts);
  const end = Math.floor((size * (share.part + 1)) / share.parts);
  const pixels = new Uint8ClampedArray((end - first) * size * 4);
  // Whole pixels at a time: a 32-bit view copies a palette entry's four bytes as they are, in
  // whatever byte order the machine has.
  const out = new Uint32Array(pixels.buffer);
  const palette = new Uint32Array(bandPalette(count).buffer);
  const last = resolution - 1;
  // Each column's sample to the left and how far past it the pixel's centre is: the same for every row.
  const x0s = new Int32Array(size);
  const fxs = new Float64Array(size);
  for (let column = 0; column < size; column++) {
    const gx = ((column + 0.5) / size) * last;
    x0s[column] = Math.min(last - 1, Math.floor(gx));
    fxs[column] = gx - (x0s[column] as number);
  }
  let pixel = 0;
  for (let row = first; row < end; row++) {
    // Row 0 is the top of the image, the grid's last row (the highest y).
    const gy = (1 - (row + 0.5) / size) * last;
    const y0 = Math.min(last - 1, Math.floor(gy));
    const fy = gy - y0;
    const below = y0 * resolution;
    const above = below + resolution;
    for (let column = 0; column < size; column++, pixel++) {
      const x0 = x0s[column] as number;
      const fx = fxs[column] as number;
      const a = positions[below + x0] as number;
      const b = positions[below + x0 + 1] as number;
      const c = positions[above + x0] as number;
      const d = positions[above + x0 + 1] as number;
      let p = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
      // At the edge of f's domain (log, sqrt) a corner is NaN: the pixel is blank if its nearest
      // sample is, else it takes the finite corners' weighted mean, so the edge runs between
      // samples rather than a whole cell inside them.
      if (p !== p) p = edgeValue(a, b, c, d, fx, fy);
      // Still NaN: f undefined, left transparent. p ≥ −1, so truncating is flooring where it matters.
      if (p === p) {
        const band = p | 0;
        out[pixel] = palette[band < 0 ? 0 : band >= count ? count - 1 : band] as number;
      }
    }
  }
  return { size, first, pixels };
}

/**
 * A pixel's value where some of the four samples around it are NaN (a, b below; c, d above; fx,
 * fy its place between them): NaN if the nearest sample is, else the mean of the finite ones
 * weighted as bilinear interpolation weighs them.
 */
function edgeValue(a: number, b: number, c: number, d: number, fx: number, fy: number): number {
  const nearest = fy < 0.5 ? (fx < 0.5 ? a : b) : fx < 0.5 ? c : d;
  if (nearest !== nearest) return Number.NaN;
  let sum = 0;
  let weight = 0;
  const corners: readonly [number, number][] = [
    [a, (1 - fx) * (1 - fy)],
    [b, fx * (1 - fy)],
    [c, (1 - fx) * fy],
    [d, fx * fy],
  ];
  for (const [value, w] of corners) {
    if (value !== value) continue;
    sum += value * w;
    weight += w;
  }
  return sum / weight;
}

/** The shares' rasters as one, rows in order. */
export function joinRasters(strips: readonly BandRaster[]): BandRaster | undefined {
  const [only, ...more] = strips;
  if (!only || more.length === 0) return only;
  const size = only.size;
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (const strip of strips) pixels.set(strip.pixels, strip.first * size * 4);
  return { size, first: 0, pixels };
}

const RAMP: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** A viridis-like colour for t in [0, 1]: perceptually even and readable by the colour-blind. */
function rampRgb(t: number): [number, number, number] {
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
  readonly bounds: Bounds;
}

export interface ContourResult {
  readonly levels: number[];
  readonly logarithmic: boolean;
  /** The data rectangle the raster covers (the grid's). */
  readonly bounds: Bounds;
  readonly isolines: Isoline[];
  readonly raster: BandRaster;
}

/**
 * Which share of the contours a worker computes: every parts-th level's isolines (from level
 * `part`) and the part-th strip of the raster's rows. Shares are even, so two workers on two
 * cores finish together.
 */
export interface ContourShare {
  readonly part: number;
  readonly parts: number;
}
