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
  private strideNow = 1;
  private keptAtStride = 0;
  // Rows waiting to be taken, in columns that grow (doubling) and are reused batch after batch.
  private count = 0;
  private steps: Float64Array = new Float64Array(1024);
  private points: Float64Array;
  private values: Float64Array = new Float64Array(1024);
  private gradientNorms: Float64Array = new Float64Array(1024);
  /** The newest step when it was not kept (it is sent all the same, once). */
  private hasLatest = false;
  private latestStep = 0;
  private readonly latestRow: Float64Array;
  private latestValue = 0;
  private latestNorm = 0;

  constructor(
    readonly dimension: number,
    private readonly cap = PATH_CAP,
  ) {
    this.points = new Float64Array(1024 * dimension);
    this.latestRow = new Float64Array(dimension);
  }

  /** Rows waiting to be taken. */
  get pending(): number {
    return this.count;
  }

  /** Only steps that are multiples of this are kept from now on (and the newest one). */
  get stride(): number {
    return this.strideNow;
  }

  /**
   * Consecutive steps from the engine, or rows already thinned by another PathThinner with a
   * larger cap (its strides are powers of two too, so every row this one keeps is among them).
   */
  add(batch: PathRows): void {
    const n = batch.dimension;
    let k = 0;
    if (this.strideNow === 1) {
      // Every step is kept until the cap: the rows are copied as a block.
      const whole = Math.min(batch.count, this.cap - this.keptAtStride);
      this.reserve(whole + 1);
      const at = this.count;
      this.steps.set(batch.steps.subarray(0, whole), at);
      this.points.set(batch.points.subarray(0, whole * n), at * n);
      this.values.set(batch.values.subarray(0, whole), at);
      this.gradientNorms.set(batch.gradientNorms.subarray(0, whole), at);
      this.count += whole;
      this.keptAtStride += whole;
      if (whole > 0) this.hasLatest = false;
      if (this.keptAtStride >= this.cap) {
        this.strideNow = 2;
        this.keptAtStride = 0;
      }
      k = whole;
      if (whole === batch.count) return;
    }
    const last = batch.count - 1;
    if (k > last) return;
    const first = batch.steps[0] as number;
    const lastStep = batch.steps[last] as number;
    if (lastStep - first === last) {
      // Consecutive steps (the engine's): from kept step to kept step, a remainder (a division
      // of doubles) only where the stride changes. Room for every row it may keep, made once.
      this.reserve(Math.ceil((last - k + 1) / this.strideNow) + 1);
      const { steps, points, values, gradientNorms } = this;
      let at = this.count;
      let next = first + k;
      next += (this.strideNow - (next % this.strideNow)) % this.strideNow;
      let kept = false;
      while (next <= lastStep) {
        const row = next - first;
        steps[at] = next;
        for (let i = 0; i < n; i++) points[at * n + i] = batch.points[row * n + i] as number;
        values[at] = batch.values[row] as number;
        gradientNorms[at] = batch.gradientNorms[row] as number;
        at++;
        kept = next === lastStep;
        if (++this.keptAtStride >= this.cap) {
          this.strideNow *= 2;
          this.keptAtStride = 0;
          next += this.strideNow - (next % this.strideNow);
        } else {
          next += this.strideNow;
        }
      }
      if (at > this.count) this.hasLatest = false;
      this.count = at;
      if (kept) return;
    } else {
      // Rows already thinned (another thinner's, or a run recording at this one's stride).
      this.reserve(last - k + 1);
      const { steps, points, values, gradientNorms } = this;
      let at = this.count;
      let kept = false;
      for (; k <= last; k++) {
        const step = batch.steps[k] as number;
        if (step % this.strideNow !== 0) continue;
        steps[at] = step;
        for (let i = 0; i < n; i++) points[at * n + i] = batch.points[k * n + i] as number;
        values[at] = batch.values[k] as number;
        gradientNorms[at] = batch.gradientNorms[k] as number;
        at++;
        kept = k === last;
        if (++this.keptAtStride >= this.cap) {
          this.strideNow *= 2;
          this.keptAtStride = 0;
        }
      }
      if (at > this.count) this.hasLatest = false;
      this.count = at;
      if (kept) return;
    }
    // The newest step was not kept.
    this.hasLatest = true;
    this.latestStep = batch.steps[last] as number;
    this.latestRow.set(batch.points.subarray(last * n, last * n + n));
    this.latestValue = batch.values[last] as number;
    this.latestNorm = batch.gradientNorms[last] as number;
  }

  /** Room for `rows` more rows. */
  private reserve(rows: number): void {
    const needed = this.count + rows;
    if (needed <= this.steps.length) return;
    const capacity = Math.max(needed, this.steps.length * 2);
    const grow = (old: Float64Array, width: number): Float64Array => {
      const next = new Float64Array(capacity * width);
      next.set(old.subarray(0, this.count * width));
      return next;
    };
    this.steps = grow(this.steps, 1);
    this.points = grow(this.points, this.dimension);
    this.values = grow(this.values, 1);
    this.gradientNorms = grow(this.gradientNorms, 1);
  }

  /** The rows so far (plus the newest step), exactly sized, and a fresh start for the next batch. */
  take(): PathRows {
    if (this.hasLatest) {
      this.reserve(1);
      const at = this.count++;
      this.steps[at] = this.latestStep;
      this.points.set(this.latestRow, at * this.dimension);
      this.values[at] = this.latestValue;
      this.gradientNorms[at] = this.latestNorm;
      this.hasLatest = false;
    }
    const count = this.count;
    this.count = 0;
    // Copies, not views: the columns are reused, and a view would send its whole buffer.
    return {
      count,
      dimension: this.dimension,
      steps: this.steps.slice(0, count),
      points: this.points.slice(0, count * this.dimension),
      values: this.values.slice(0, count),
      gradientNorms: this.gradientNorms.slice(0, count),
    };
  }
}
