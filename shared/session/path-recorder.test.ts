import { describe, expect, it } from 'vitest';
import type { RunBatch } from '../engine/runner';
import { toPathBatch } from '../engine/thinning';
import { PathRecorder } from './path-recorder';

function run(fromStep: number, count: number): RunBatch {
  return {
    fromStep,
    count,
    dimension: 1,
    points: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    values: Float64Array.from({ length: count }, (_, k) => (fromStep + k) * 2),
    gradientNorms: new Float64Array(count),
  };
}

function batch(fromStep: number, count: number): Parameters<PathRecorder['add']>[0] {
  return toPathBatch(run(fromStep, count));
}

describe('PathRecorder', () => {
  it('keeps every step up to its cap', () => {
    const recorder = new PathRecorder(1, 100);
    recorder.add(batch(0, 50));
    const path = recorder.result();
    expect(path.thinned).toBe(false);
    expect(path.steps).toEqual(Array.from({ length: 50 }, (_, k) => k));
  });

  it('thins evenly beyond the cap, always keeping the last point', () => {
    const recorder = new PathRecorder(1, 100);
    for (let from = 0; from < 1001; from += 77) recorder.add(batch(from, Math.min(77, 1001 - from)));
    const path = recorder.result();
    expect(path.thinned).toBe(true);
    expect(path.steps.length).toBeLessThanOrEqual(101);
    expect(path.steps[path.steps.length - 1]).toBe(1000);
    const gaps = new Set(path.steps.slice(1, -1).map((s, i) => s - (path.steps[i] ?? 0)));
    expect(gaps.size).toBe(1);
    expect(path.points).toEqual(path.steps);
  });
});
