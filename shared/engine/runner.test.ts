import { describe, expect, it } from 'vitest';
import { JobSpecSchema, validate } from '../spec';
import { formatMessage } from '../messages';
import { prepareRun } from './prepare';
import type { PathRows } from './path-rows';
import type { Run } from './runner';

function prepare(input: Record<string, unknown>): ReturnType<typeof prepareRun> {
  return prepareRun({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 }, ...input });
}

function ok(input: Record<string, unknown>): Run {
  const prepared = prepare(input);
  if (!prepared.ok) throw new Error(formatMessage(prepared.error));
  return prepared.value;
}

/** Every batch, copied: a batch's columns are the run's, reused by its next advance. */
function collect(run: ReturnType<typeof ok>, shouldYield: () => boolean): PathRows[] {
  const batches: PathRows[] = [];
  while (!run.done) {
    const batch = run.advance(shouldYield);
    batches.push({
      ...batch,
      steps: batch.steps.slice(),
      points: batch.points.slice(),
      values: batch.values.slice(),
      gradientNorms: batch.gradientNorms.slice(),
    });
  }
  return batches;
}

describe('runs', () => {
  it('are bit-identical however they are batched', () => {
    const spec = {
      expression: '(1 - x)^2 + 100(y - x^2)^2',
      start: [-1.5, 2],
      optimizer: { name: 'adam', lr: 0.01 },
      stop: { maxSteps: 5000 },
    };
    let calls = 0;
    const one = collect(ok(spec), () => false);
    const many = collect(ok(spec), () => ++calls % 3 === 0);
    expect(one).toHaveLength(1);
    expect(many.length).toBeGreaterThan(10);
    const flatten = (batches: PathRows[]): number[] => batches.flatMap((b) => Array.from(b.points));
    expect(flatten(many)).toEqual(flatten(one));
    expect(many.map((b) => b.steps[0]).slice(0, 2)).toEqual([0, many[0]?.count]);
    expect(many.flatMap((b) => Array.from(b.steps))).toEqual(Array.from({ length: one[0]?.count ?? 0 }, (_, k) => k));
  });

  it('record only every k-th step when asked, and the newest, with the same rows', () => {
    const spec = {
      expression: '(1 - x)^2 + 100(y - x^2)^2',
      start: [-1.5, 2],
      optimizer: { name: 'adam', lr: 0.01 },
      stop: { maxSteps: 1000 },
    };
    const all = collect(ok(spec), () => false);
    const rows = new Map<number, number[]>();
    for (const b of all) {
      for (let k = 0; k < b.count; k++)
        rows.set(b.steps[k] as number, [...b.points.subarray(2 * k, 2 * k + 2), b.values[k] as number]);
    }
    const run = ok(spec);
    const kept: number[] = [];
    let calls = 0;
    while (!run.done) {
      // Uneven batches of up to 37 rows, every 8th step: the newest step closes each batch.
      const batch = run.advance(() => ++calls % 2 === 0, 37, true, 8);
      for (let k = 0; k < batch.count; k++) {
        const step = batch.steps[k] as number;
        kept.push(step);
        expect([...batch.points.subarray(2 * k, 2 * k + 2), batch.values[k]]).toEqual(rows.get(step));
      }
      const last = batch.steps[batch.count - 1] as number;
      expect(last).toBe(run.current().step);
    }
    expect(kept.filter((step) => step % 8 === 0)).toEqual(Array.from({ length: 126 }, (_, i) => i * 8));
    expect(kept.at(-1)).toBe(1000);
  });

  it('start with step 0 at the start point and report f and ‖∇f‖ per step', () => {
    const [batch] = collect(ok({ stop: { maxSteps: 2 } }), () => false);
    expect(batch?.count).toBe(3);
    expect(Array.from(batch?.points.subarray(0, 2) ?? [])).toEqual([-3, 4]);
    expect(batch?.values[0]).toBe(25);
    expect(batch?.gradientNorms[0]).toBeCloseTo(10, 6);
  });

  it('stop as converged when ‖∇f‖ or |Δf| falls below its tolerance', () => {
    const byGradient = ok({ gradient: { method: 'exact' }, stop: { maxSteps: 1000, tolGrad: 1e-6 } }).runToEnd();
    expect(byGradient.status).toBe('converged');
    expect(byGradient.gradientNorm).toBeLessThan(1e-6);
    expect(byGradient.reason).toMatch(/‖∇f‖/);
    const byValue = ok({ stop: { maxSteps: 1000, tolF: 1e-9 } }).runToEnd();
    expect(byValue.status).toBe('converged');
    expect(byValue.steps).toBeLessThan(1000);
  });

  it('stop as diverged at the step where a coordinate passes 1e12 or a value is not finite', () => {
    const blowUp = ok({
      optimizer: { name: 'sgd', lr: 1.5 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 1000 },
    }).runToEnd();
    expect(blowUp.status).toBe('diverged');
    expect(blowUp.divergedAt).toBe(blowUp.steps);
    expect(blowUp.reason).toMatch(/exceeded 1e12 at step \d+/);
    // lr 1.5 doubles |θ| every step: y = 4·2^k first exceeds 1e12 at k = 38.
    expect(blowUp.steps).toBe(38);
    expect(blowUp.reason).toMatch(/\|y\| exceeded/);
    const nan = ok({ expression: 'sqrt(x) + y^2', start: [1, 1], optimizer: { name: 'sgd', lr: 10 } }).runToEnd();
    expect(nan.status).toBe('diverged');
    expect(nan.reason).toMatch(/NaN/);
  });

  it('can be cancelled between batches', () => {
    const run = ok({ stop: { maxSteps: 1_000_000 } });
    run.advance(() => true);
    run.cancel();
    expect(run.summary?.status).toBe('cancelled');
    expect(run.summary?.steps).toBeLessThan(1_000_000);
    expect(run.summary?.reasonMessage).toEqual({ code: 'run.stoppedAt', params: { step: run.summary?.steps } });
  });

  it('keep memory flat over ten million steps (only the current batch is held)', () => {
    const run = ok({
      expression: 'x^2',
      start: [1],
      optimizer: { name: 'sgd', lr: 1e-9 },
      stop: { maxSteps: 10_000_000 },
    });
    const before = process.memoryUsage().heapUsed;
    let largest = 0;
    let steps = 0;
    while (!run.done) {
      const batch = run.advance(() => false, 200_000);
      largest = Math.max(largest, batch.count);
      steps += batch.count;
    }
    expect(steps).toBe(10_000_001);
    expect(largest).toBeLessThanOrEqual(200_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('bad specs get specific messages', () => {
  it.each([
    [{ optimizer: { name: 'sgd', lr: -1 } }, 'learning rate must be > 0, got -1'],
    [{ optimizer: { name: 'sgd', lr: Number.NaN } }, 'learning rate must be a number, got NaN'],
    [{ optimizer: { name: 'adam', lr: 0.1, betas: [0.9, 1] } }, 'beta2 must be < 1, got 1'],
    [
      { optimizer: { name: 'sgd', lr: 0.1, nesterov: true } },
      'Nesterov momentum requires momentum > 0 and dampening = 0',
    ],
    [
      { optimizer: { name: 'lbfgs' } },
      'optimizer must be one of sgd, adagrad, rmsprop, adam, adamw, nadam, adadelta, linesearch, newton, got "lbfgs"',
    ],
    [{ start: [1, 2, 3] }, 'The start point needs one coordinate per variable (x, y); it has 3'],
    [{ start: 'here' }, 'start point must be a list, got "here"'],
    [{ stop: { maxSteps: 1e12 } }, 'steps must be ≤ 100000000, got 1000000000000'],
    [{ stop: { maxSteps: 2.5 } }, 'steps must be a whole number, got 2.5'],
    [{ gradient: { method: 'magic' } }, 'gradient method must be one of exact, central, forward, got "magic"'],
    [{ gradient: { method: 'central', h: 0 } }, 'h must be > 0, got 0'],
    [{ expression: 'x^2 + foo(y)' }, 'The function foo(…) is not available'],
    [{ expression: 3 }, 'function must be text, got 3'],
    [{ expression: '4 + 5' }, 'The function has no variables'],
  ])('%j', (input, message) => {
    const prepared = prepare(input);
    expect(prepared.ok).toBe(false);
    if (!prepared.ok) expect(formatMessage(prepared.error)).toContain(message);
  });

  it('fill in PyTorch defaults', () => {
    const result = validate(JobSpecSchema, { expression: 'x^2', start: [1], optimizer: { name: 'adam' } });
    expect(result.ok && result.value.optimizer).toEqual({
      name: 'adam',
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
    });
    expect(result.ok && result.value.gradient).toEqual({ method: 'central', h: 1e-4 });
  });
});
