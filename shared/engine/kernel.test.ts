import { describe, expect, it } from 'vitest';
import { JobSpecSchema, type JobSpec } from '../spec';
import { createObjective } from './objective';
import { createOptimizer } from './optimizers';
import { prepareJob } from './prepare';
import { Run } from './runner';
import { learningRateAt } from './schedules';

/**
 * The runner's general loop, as it steps where there is no kernel: the optimizer's closure
 * (optimizers.ts) over the compiled objective, every step recorded. A kernel must give these
 * rows bit for bit.
 */
function general(spec: JobSpec): { rows: number[][]; state: Record<string, number | number[]> } {
  const { expression } = prepareJob(spec);
  const n = expression.variables.length;
  const objective = createObjective(expression, spec.gradient.method, spec.gradient.h);
  const optimizer = createOptimizer(spec.optimizer, n);
  const theta = Float64Array.from(spec.start);
  const gradient = new Float64Array(n);
  const norm = (): number => Math.sqrt(gradient.reduce((sum, g) => sum + g * g, 0));
  let value = objective.valueAndGradient(theta, gradient);
  const rows = [[...theta, value, norm()]];
  for (let t = 1; t <= spec.stop.maxSteps; t++) {
    const lr = learningRateAt(spec.schedule, spec.optimizer.lr, t);
    optimizer.step({ objective, theta, gradient, value, lr, t });
    value = objective.valueAndGradient(theta, gradient);
    rows.push([...theta, value, norm()]);
  }
  return { rows, state: optimizer.state() };
}

/** The runner's rows for the spec (by its kernel, for these optimizers), in uneven batches. */
function fused(spec: JobSpec): { rows: number[][]; state: Record<string, number | number[]> } {
  const run = new Run(prepareJob(spec));
  const rows: number[][] = [];
  let batch = 1;
  while (!run.done) {
    const taken = run.advance(undefined, (batch = (batch * 7) % 1000) + 1);
    for (let k = 0; k < taken.count; k++) {
      const n = taken.dimension;
      rows.push([
        ...taken.points.subarray(k * n, k * n + n),
        taken.values[k] as number,
        taken.gradientNorms[k] as number,
      ]);
    }
  }
  return { rows, state: run.optimizerState() };
}

const ROSENBROCK = '(1 - x)^2 + 100 (y - x^2)^2';
const CASES: [string, Record<string, unknown>][] = [
  ['SGD', { optimizer: { name: 'sgd', lr: 1e-3 } }],
  ['SGD, momentum and dampening', { optimizer: { name: 'sgd', lr: 1e-3, momentum: 0.9, dampening: 0.3 } }],
  [
    'SGD, Nesterov and weight decay',
    { optimizer: { name: 'sgd', lr: 1e-3, momentum: 0.8, nesterov: true, weight_decay: 0.01 } },
  ],
  ['Adam', { optimizer: { name: 'adam', lr: 0.01 } }],
  [
    'Adam, AMSGrad, weight decay, odd betas',
    { optimizer: { name: 'adam', lr: 0.02, betas: [0.6, 0.95], amsgrad: true, weight_decay: 0.1 } },
  ],
  ['Adam, β₁ above one half (the other lerp)', { optimizer: { name: 'adam', lr: 0.01, betas: [0.3, 0.999] } }],
  ['AdamW', { optimizer: { name: 'adamw', lr: 0.01 } }],
  ['AdamW without decay', { optimizer: { name: 'adamw', lr: 0.01, weight_decay: 0 } }],
  ['Adam, central differences', { optimizer: { name: 'adam', lr: 0.01 }, gradient: { method: 'central', h: 1e-3 } }],
  ['SGD, forward differences', { optimizer: { name: 'sgd', lr: 1e-3 }, gradient: { method: 'forward', h: 1e-5 } }],
  [
    'SGD, step schedule',
    { optimizer: { name: 'sgd', lr: 1e-3 }, schedule: { type: 'step', step_size: 700, gamma: 0.5 } },
  ],
  ['AdamW, cosine schedule', { optimizer: { name: 'adamw', lr: 0.05 }, schedule: { type: 'cosine', T_max: 1500 } }],
  ['Line search', { optimizer: { name: 'linesearch', lr: 1 } }],
  [
    'Line search, central differences, other c₁ and shrink',
    { optimizer: { name: 'linesearch', lr: 2, c1: 0.3, shrink: 0.7 }, gradient: { method: 'central', h: 1e-4 } },
  ],
  ['Adagrad', { optimizer: { name: 'adagrad', lr: 0.1 } }],
  [
    'Adagrad, lr_decay, initial accumulator, weight decay',
    { optimizer: { name: 'adagrad', lr: 0.1, lr_decay: 0.01, initial_accumulator_value: 0.5, weight_decay: 0.05 } },
  ],
  ['RMSprop', { optimizer: { name: 'rmsprop', lr: 1e-3 } }],
  [
    'RMSprop, centered with momentum',
    { optimizer: { name: 'rmsprop', lr: 1e-3, centered: true, momentum: 0.9, alpha: 0.9 } },
  ],
  [
    'RMSprop, α below one half (the other lerp)',
    { optimizer: { name: 'rmsprop', lr: 1e-3, centered: true, alpha: 0.3 } },
  ],
  ['NAdam', { optimizer: { name: 'nadam', lr: 2e-3 } }],
  [
    'NAdam, weight decay, momentum decay',
    { optimizer: { name: 'nadam', lr: 2e-3, weight_decay: 0.01, momentum_decay: 0.01, betas: [0.8, 0.99] } },
  ],
  ['Adadelta', { optimizer: { name: 'adadelta', lr: 1 } }],
  ['Adadelta, weight decay', { optimizer: { name: 'adadelta', lr: 0.5, rho: 0.8, weight_decay: 0.1 } }],
  [
    'Adam, three variables',
    { expression: 'x^2 + 10 y^2 + sin(z) * exp(x / 3)', start: [1, -2, 0.5], optimizer: { name: 'adam', lr: 0.05 } },
  ],
];

describe('fused kernels', () => {
  it.each(CASES)('take the general loop’s steps bit for bit: %s', (_name, changes) => {
    const spec = JobSpecSchema.parse({
      expression: ROSENBROCK,
      start: [-1.5, 2],
      gradient: { method: 'exact' },
      stop: { maxSteps: 5000, tolGrad: 0, tolF: 0 },
      ...changes,
    });
    const expected = general(spec);
    const actual = fused(spec);
    expect(actual.rows).toHaveLength(expected.rows.length);
    // toEqual would pass 0 for −0 and NaN for NaN: compare the bits through Object.is, row by row.
    for (let k = 0; k < expected.rows.length; k++) {
      const a = actual.rows[k] ?? [];
      const e = expected.rows[k] ?? [];
      if (!a.every((v, i) => Object.is(v, e[i]))) expect({ step: k, row: a }).toEqual({ step: k, row: e });
    }
    expect(actual.state).toEqual(expected.state);
  });

  it('keep the stop rules: tolerances, divergence and the step limit end a run where the general loop would', () => {
    const converge = JobSpecSchema.parse({
      expression: 'x^2 + y^2',
      start: [-3, 4],
      optimizer: { name: 'sgd', lr: 0.1 },
      stop: { maxSteps: 10_000, tolGrad: 1e-6, tolF: 0 },
    });
    const summary = new Run(prepareJob(converge)).runToEnd();
    expect(summary).toMatchObject({ status: 'converged', reasonMessage: { code: 'run.gradientSmall' } });
    expect(summary.gradientNorm).toBeLessThan(1e-6);
    expect(general({ ...converge, stop: { ...converge.stop, maxSteps: summary.steps } }).rows.at(-1)?.[3]).toBe(
      summary.gradientNorm,
    );
    const diverge = JobSpecSchema.parse({ ...converge, optimizer: { name: 'sgd', lr: 1.5 } });
    expect(new Run(prepareJob(diverge)).runToEnd()).toMatchObject({ status: 'diverged', divergedAt: 38 });
    const flat = JobSpecSchema.parse({ ...converge, stop: { maxSteps: 10_000, tolGrad: 0, tolF: 1e-9 } });
    expect(new Run(prepareJob(flat)).runToEnd()).toMatchObject({
      status: 'converged',
      reasonMessage: { code: 'run.changeSmall' },
    });
    const limited = JobSpecSchema.parse({ ...converge, stop: { maxSteps: 7, tolGrad: 0, tolF: 0 } });
    expect(new Run(prepareJob(limited)).runToEnd()).toMatchObject({ status: 'max-steps', steps: 7 });
  });
});
