import { describe, expect, it } from 'vitest';
import { JobSpecSchema, type JobSpec } from '../spec';
import { inspectStep, type StepInspection } from './inspect';
import { prepareJob } from './prepare';
import { Run } from './runner';

/** Replays to `step` in one go, as a worker does between its yields. */
function inspectStepNow(spec: JobSpec, step: number): StepInspection {
  const steps = inspectStep(prepareJob(spec), step);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const spec = (input: Record<string, unknown>): JobSpec =>
  JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 }, ...input });

/** Every row of a whole run, as the history would store it. */
function rows(input: Record<string, unknown>): { points: number[][]; values: number[] } {
  const run = new Run(prepareJob(spec(input)));
  const points: number[][] = [];
  const values: number[] = [];
  run.runToEnd((batch) => {
    for (let k = 0; k < batch.count; k++) {
      points.push(Array.from(batch.points.subarray(k * batch.dimension, (k + 1) * batch.dimension)));
      values.push(batch.values[k] as number);
    }
  });
  return { points, values };
}

describe('the step inspector', () => {
  it('shows the article’s first-order check at the start: predicted −η‖∇f‖² beside the actual Δf', () => {
    const step = inspectStepNow(spec({}), 0);
    expect(step.step).toBe(0);
    expect(step.point).toEqual([-3, 4]);
    expect(step.value).toBe(25);
    expect(step.gradient[0]).toBeCloseTo(-6, 8);
    expect(step.gradient[1]).toBeCloseTo(8, 8);
    expect(step.state).toEqual({});
    const eta = 0.1;
    const squaredNorm = step.gradientNorm ** 2;
    expect(step.next?.lr).toBe(eta);
    expect(step.next?.predicted).toBeCloseTo(-eta * squaredNorm, 10);
    // x₊ = 0.8·x, so f falls to 0.64·25: less than predicted, as the convex function curves up.
    expect(step.next?.actual).toBeCloseTo(0.64 * 25 - 25, 9);
    expect(step.next?.delta[0]).toBeCloseTo(0.6, 9);
  });

  it('replays a run bit for bit: the inspected point is the stored row', () => {
    const input = {
      expression: '(1 - x)^2 + 100(y - x^2)^2',
      start: [-1.5, 2],
      optimizer: { name: 'adam', lr: 0.01 },
      stop: { maxSteps: 3000 },
    };
    const stored = rows(input);
    for (const k of [1, 17, 1234, 2999]) {
      const step = inspectStepNow(spec(input), k);
      expect(step.step).toBe(k);
      expect(step.point).toEqual(stored.points[k]);
      expect(step.value).toBe(stored.values[k]);
      expect(step.next?.point).toEqual(stored.points[k + 1]);
      expect(step.next?.actual).toBe((stored.values[k + 1] as number) - (stored.values[k] as number));
    }
  });

  it('reports the optimizer’s state under PyTorch’s names', () => {
    const step = inspectStepNow(spec({ optimizer: { name: 'adam', lr: 0.01 } }), 1);
    // After one step exp_avg = (1 − β₁)·g₀ with g₀ = (−6, 8).
    const m = step.state.exp_avg as number[];
    expect(m[0]).toBeCloseTo(0.1 * -6, 6);
    expect(m[1]).toBeCloseTo(0.1 * 8, 6);
    expect(step.state.exp_avg_sq).toHaveLength(2);
  });

  it('uses the scheduled learning rate of the next step', () => {
    const step = inspectStepNow(spec({ schedule: { type: 'step', step_size: 10, gamma: 0.5 } }), 10);
    expect(step.next?.lr).toBeCloseTo(0.05, 12);
  });

  it('stops at the last step of a run that ended sooner, with no step after it', () => {
    const step = inspectStepNow(spec({ stop: { maxSteps: 5 } }), 50);
    expect(step.step).toBe(5);
    expect(step.next).toBeUndefined();
  });
});
