import { describe, expect, it } from 'vitest';
import type { PathRows } from '../engine/path-rows';
import { PathRecorder } from './path-recorder';

/** Consecutive steps as the engine takes them. */
function batch(fromStep: number, count: number): PathRows {
  return {
    count,
    steps: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    dimension: 1,
    points: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    values: Float64Array.from({ length: count }, (_, k) => (fromStep + k) * 2),
    gradientNorms: new Float64Array(count),
  };
}

describe('PathRecorder', () => {
  it('keeps every step up to its cap', () => {
    const recorder = new PathRecorder(1, 100);
    recorder.add(batch(0, 50));
    const path = recorder.result();
    expect(path.thinned).toBe(false);
    expect(Array.from(path.steps)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(path.count).toBe(50);
  });

  it('thins evenly beyond the cap, always keeping the last point', () => {
    const recorder = new PathRecorder(1, 100);
    for (let from = 0; from < 1001; from += 77) recorder.add(batch(from, Math.min(77, 1001 - from)));
    const path = recorder.result();
    expect(path.thinned).toBe(true);
    expect(path.steps.length).toBeLessThanOrEqual(101);
    expect(path.steps[path.steps.length - 1]).toBe(1000);
    const steps = Array.from(path.steps);
    expect(path.count).toBe(steps.length);
    const gaps = new Set(steps.slice(1, -1).map((s, i) => s - (steps[i] ?? 0)));
    expect(gaps.size).toBe(1);
    expect(path.points).toEqual(path.steps);
  });
});
