import { describe, expect, it } from 'vitest';
import { PathRecorder } from '../session/path-recorder';
import type { PathRows } from './path-rows';
import { PathThinner } from './thinning';

/** Consecutive steps as the engine takes them. */
function run(fromStep: number, count: number): PathRows {
  return {
    count,
    steps: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    dimension: 1,
    points: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    values: Float64Array.from({ length: count }, (_, k) => (fromStep + k) * 2),
    gradientNorms: new Float64Array(count),
  };
}

describe('PathThinner', () => {
  it('sends every step up to its cap, then every 2nd, 4th… step, and always the newest one', () => {
    const thinner = new PathThinner(1, 100);
    thinner.add(run(0, 150));
    const first = thinner.take();
    expect(Array.from(first.steps.subarray(0, 100))).toEqual(Array.from({ length: 100 }, (_, k) => k));
    expect(Array.from(first.steps.subarray(100))).toEqual([...Array.from({ length: 25 }, (_, k) => 100 + 2 * k), 149]);
    expect(Array.from(first.points)).toEqual(Array.from(first.steps));
    thinner.add(run(150, 1000));
    const second = thinner.take();
    expect(second.steps[second.count - 1]).toBe(1149);
    expect(second.count).toBeLessThan(400);
  });

  it('thins an already thinned stream as it would the raw steps (the window’s coarser stream)', () => {
    const coarse = new PathThinner(1, 32);
    const fine = new PathThinner(1, 256);
    const again = new PathThinner(1, 32);
    const direct: number[] = [];
    const twice: number[] = [];
    for (let from = 0; from < 20_000; from += 777) {
      const chunk = run(from, Math.min(777, 20_000 - from));
      coarse.add(chunk);
      direct.push(...coarse.take().steps);
      fine.add(chunk);
      again.add(fine.take());
      twice.push(...again.take().steps);
    }
    expect(twice).toEqual(direct);
    expect(direct.length).toBeLessThan(400);
  });

  it('keeps what the history recorder needs: the recorded path is the same thinned or not', () => {
    const direct = new PathRecorder(1, 64);
    const viaThinner = new PathRecorder(1, 64);
    const thinner = new PathThinner(1, 64);
    for (let from = 0; from < 5000; from += 333) {
      const chunk = run(from, Math.min(333, 5000 - from));
      direct.add(chunk);
      thinner.add(chunk);
      viaThinner.add(thinner.take());
    }
    expect(viaThinner.result()).toEqual(direct.result());
  });
});
