import type { PathRows } from './path-rows';

/**
 * Rows a path keeps at full resolution before it is thinned: the one policy of the stream (here)
 * and of the history (PathRecorder), so what the history keeps is always among what was sent.
 */
export const PATH_CAP = 100_000;

/**
 * Thins a run's path as it streams, so a run of any length sends a bounded number of rows: every
 * step until `cap` rows were kept, then every 2nd step until another `cap`, then every 4th, and so
 * on (the policy of the history's PathRecorder, so nothing it keeps is missing). The newest step
 * is always included when rows are taken, so the chart's current point is current.
 */
export class PathThinner {
  private stride = 1;
  private keptAtStride = 0;
  private steps: number[] = [];
  private points: number[] = [];
  private values: number[] = [];
  private gradientNorms: number[] = [];
  private latest: { step: number; row: number[]; value: number; norm: number } | undefined;

  constructor(
    readonly dimension: number,
    private readonly cap = PATH_CAP,
  ) {}

  /** Rows waiting to be taken. */
  get pending(): number {
    return this.steps.length;
  }

  /**
   * Consecutive steps from the engine, or rows already thinned by another PathThinner with a
   * larger cap (its strides are powers of two too, so every row this one keeps is among them).
   */
  add(batch: PathRows): void {
    const n = batch.dimension;
    for (let k = 0; k < batch.count; k++) {
      const step = batch.steps[k] as number;
      if (step % this.stride === 0) {
        this.steps.push(step);
        for (let i = 0; i < n; i++) this.points.push(batch.points[k * n + i] as number);
        this.values.push(batch.values[k] as number);
        this.gradientNorms.push(batch.gradientNorms[k] as number);
        this.latest = undefined;
        if (++this.keptAtStride >= this.cap) {
          this.stride *= 2;
          this.keptAtStride = 0;
        }
      } else if (k === batch.count - 1) {
        this.latest = {
          step,
          row: Array.from(batch.points.subarray(k * n, k * n + n)),
          value: batch.values[k] as number,
          norm: batch.gradientNorms[k] as number,
        };
      }
    }
  }

  /** The rows so far (plus the newest step), and a fresh start for the next batch. */
  take(): PathRows {
    if (this.latest) {
      this.steps.push(this.latest.step);
      this.points.push(...this.latest.row);
      this.values.push(this.latest.value);
      this.gradientNorms.push(this.latest.norm);
      this.latest = undefined;
    }
    const batch: PathRows = {
      count: this.steps.length,
      dimension: this.dimension,
      steps: Float64Array.from(this.steps),
      points: Float64Array.from(this.points),
      values: Float64Array.from(this.values),
      gradientNorms: Float64Array.from(this.gradientNorms),
    };
    this.steps = [];
    this.points = [];
    this.values = [];
    this.gradientNorms = [];
    return batch;
  }
}
