import { PATH_CAP, type PathBatch } from '../engine/thinning';
import type { StoredPath } from './run-record';

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

  add(batch: PathBatch): void {
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
  result(): StoredPath {
    const steps = [...this.steps];
    const points = [...this.points];
    const values = [...this.values];
    const gradientNorms = [...this.gradientNorms];
    if (this.last && steps[steps.length - 1] !== this.last.step) {
      steps.push(this.last.step);
      points.push(...this.last.point);
      values.push(this.last.value);
      gradientNorms.push(this.last.norm);
    }
    return { dimension: this.dimension, thinned: this.stride > 1, steps, points, values, gradientNorms };
  }
}
