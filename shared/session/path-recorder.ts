import type { PathRows, RecordedPath } from '../engine/path-rows';
import { PATH_CAP } from '../engine/thinning';

/**
 * Keeps a run's path for the history: every step until `cap` points, then every second stored
 * point is dropped and the stride doubles, so a run of any length is kept as at most `cap`
 * evenly spaced points (plus the final one), marked as thinned.
 */
export class PathRecorder {
  private steps: number[] = [];
  private points: number[] = [];
  private values: number[] = [];
  private gradientNorms: number[] = [];
  private stride = 1;
  private last: { step: number; point: number[]; value: number; norm: number } | undefined;

  constructor(
    readonly dimension: number,
    private readonly cap = PATH_CAP,
  ) {}

  add(batch: PathRows): void {
    const n = batch.dimension;
    for (let k = 0; k < batch.count; k++) {
      const step = batch.steps[k] as number;
      const point = Array.from(batch.points.subarray(k * n, k * n + n));
      const value = batch.values[k] as number;
      const norm = batch.gradientNorms[k] as number;
      this.last = { step, point, value, norm };
      if (step % this.stride !== 0) continue;
      this.steps.push(step);
      this.points.push(...point);
      this.values.push(value);
      this.gradientNorms.push(norm);
      if (this.steps.length >= this.cap) this.halve();
    }
  }

  private halve(): void {
    const n = this.dimension;
    const keep = (_: unknown, i: number): boolean => i % 2 === 0;
    this.steps = this.steps.filter(keep);
    this.values = this.values.filter(keep);
    this.gradientNorms = this.gradientNorms.filter(keep);
    this.points = this.points.filter((_, i) => Math.floor(i / n) % 2 === 0);
    this.stride *= 2;
  }

  /** The stored path, always ending with the run's last point. */
  result(): RecordedPath {
    const last = this.last && this.steps[this.steps.length - 1] !== this.last.step ? this.last : undefined;
    const column = (kept: readonly number[], extra: number | readonly number[] | undefined): Float64Array => {
      const out = new Float64Array(
        kept.length + (extra === undefined ? 0 : typeof extra === 'number' ? 1 : extra.length),
      );
      out.set(kept);
      if (extra !== undefined) out.set(typeof extra === 'number' ? [extra] : extra, kept.length);
      return out;
    };
    return {
      count: this.steps.length + (last ? 1 : 0),
      dimension: this.dimension,
      thinned: this.stride > 1,
      steps: column(this.steps, last?.step),
      points: column(this.points, last?.point),
      values: column(this.values, last?.value),
      gradientNorms: column(this.gradientNorms, last?.norm),
    };
  }
}
