import type { JobSpec, OptimizerSpec } from '../spec';
import { canGenerateCode, generate, inlineValueGradient, literal, valueBody } from './compile';
import { gradientOf } from './derivative';
import { NEGLIGIBLE_POWER } from './optimizers';
import type { ParsedExpression } from './expression';

/**
 * Fused kernels: one generated function per run that takes its steps — the optimizer's update,
 * f and ∇f, the norm, recording and the stop test — over locals, with the spec's constants
 * written into the code. The runner's general loop calls an optimizer's closure and a compiled
 * objective per step and keeps everything in Float64Arrays; V8 cannot see through that, and a
 * step costs several times a hand-written loop's. A kernel is what a person would write by hand
 * for this one function and optimizer, and it does the same arithmetic as the closures in
 * optimizers.ts, operation for operation, so a run is bit for bit the same either way
 * (kernel.test.ts). Code is generated only from the checked IR and from numbers (compile.ts says
 * why that is safe); where it cannot be (a page's CSP), or for an optimizer without a kernel,
 * the runner's general loop runs.
 */

/** Where a kernel left the run: its step, f and ‖∇f‖, f before the last step, and why it stopped. */
export interface KernelState {
  step: number;
  value: number;
  gradientNorm: number;
  previous: number;
  /** The last step may meet a stop rule (or went out of bounds): the runner checks which. */
  noteworthy: boolean;
  /** The next step to record a row for, and the steps between recorded rows after it. */
  nextRow: number;
  every: number;
  /** Rows the last call wrote. */
  rows: number;
}

/**
 * Takes up to `count` steps; with `points`, writes the rows of steps `state.nextRow`,
 * `+ state.every`… at `row`, `row + 1`… (the step, the point, f and ‖∇f‖). Returns how many
 * steps it took: fewer when a stop rule may apply.
 */
export type StepKernel = (
  count: number,
  points: Float64Array | null,
  values: Float64Array,
  norms: Float64Array,
  steps: Float64Array,
  row: number,
) => number;

export interface Kernel {
  readonly steps: StepKernel;
  /** f at the run's point, with ∇f written into its gradient: the start point's row. */
  readonly evaluate: () => number;
  /** The optimizer's state, under torch's names (the step inspector's). */
  state(): Record<string, number | number[]>;
}

/** Coordinates beyond this count as divergence (the runner's bound). */
export const DIVERGENCE_LIMIT = 1e12;

interface Plan {
  /** Optimizer state arrays, by name. */
  readonly arrays: Record<string, Float64Array>;
  /** The arrays the step keeps in locals (`m0`, `m1`…), by array name: their locals' prefix. */
  readonly locals: Record<string, string>;
  /** Scalars kept in locals: loaded when the kernel is called, stored when it returns. */
  readonly scalars?: { readonly load: string[]; readonly store: string[] };
  /** Declarations before the loop (inside the kernel's maker). */
  readonly setup: string[];
  /** One step's update of x0…, from g0… (∇f at the old point). */
  readonly update: string[];
  readonly state: () => Record<string, number | number[]>;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The gradient with L2 weight decay as torch adds it: g + λ·θ (g itself without decay). */
function decayedGradient(i: number, weightDecay: number): string {
  return weightDecay === 0 ? `g${i}` : `(g${i} + ${literal(weightDecay)} * x${i})`;
}

function sgdPlan(spec: Extract<OptimizerSpec, { name: 'sgd' }>, n: number): Plan {
  const { momentum, dampening, nesterov, weight_decay: weightDecay } = spec;
  const buffer = new Float64Array(n);
  const update = range(n).flatMap((i) => {
    const lines = [`let d${i} = ${decayedGradient(i, weightDecay)};`];
    if (momentum !== 0) {
      // b₁ = g; bₜ = μ·bₜ₋₁ + (1 − dampening)·g (optimizers.ts: sgd)
      lines.push(
        `b${i} = step > 1 ? ${literal(momentum)} * b${i} + ${literal(1 - dampening)} * d${i} : d${i};`,
        nesterov ? `d${i} = d${i} + ${literal(momentum)} * b${i};` : `d${i} = b${i};`,
      );
    }
    lines.push(`x${i} = x${i} + -lr * d${i};`);
    return lines;
  });
  return {
    arrays: { buf: buffer },
    locals: momentum !== 0 ? { buf: 'b' } : {},
    setup: [],
    update,
    state: (): Record<string, number[]> => (momentum !== 0 ? { momentum_buffer: Array.from(buffer) } : {}),
  };
}

/** torch.lerp(start, end, weight) for a weight known now: its formula switches at 0.5. */
function lerp(start: string, end: string, weight: number): string {
  return weight < 0.5
    ? `${start} + ${literal(weight)} * (${end} - ${start})`
    : `${end} - (${end} - ${start}) * ${literal(1 - weight)}`;
}

function adamPlan(spec: Extract<OptimizerSpec, { name: 'adam' | 'adamw' }>, n: number, decoupled: boolean): Plan {
  const [beta1, beta2] = spec.betas;
  const { eps, amsgrad, weight_decay: weightDecay } = spec;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const vMax = new Float64Array(n);
  // The bias corrections, with the powers skipped once they are too small to matter (below).
  const correction = (name: string, beta: number): string[] => [
    `let ${name};`,
    `if (${name}Exact) ${name} = 1;`,
    `else { const p = ${literal(beta)} ** step; ${name} = 1 - p; if (p <= ${literal(NEGLIGIBLE_POWER)}) ${name}Exact = true; }`,
  ];
  const update = [
    ...correction('bc1', beta1),
    ...correction('bc2', beta2),
    'const stepSize = lr / bc1;',
    // √1 is 1: once the correction is exact, no root is taken.
    'const bc2Sqrt = bc2Exact ? 1 : Math.sqrt(bc2);',
    ...(decoupled && weightDecay !== 0 ? ['const keep = 1 - lr * ' + literal(weightDecay) + ';'] : []),
    ...range(n).flatMap((i) => [
      // AdamW: θ ← θ·(1 − lr·λ) before the Adam step; Adam adds λ·θ to the gradient.
      ...(decoupled && weightDecay !== 0 ? [`x${i} = x${i} * keep;`] : []),
      `const d${i} = ${decoupled ? `g${i}` : decayedGradient(i, weightDecay)};`,
      `m${i} = ${lerp(`m${i}`, `d${i}`, 1 - beta1)};`,
      `v${i} = v${i} * ${literal(beta2)} + ${literal(1 - beta2)} * d${i} * d${i};`,
      ...(amsgrad ? [`w${i} = Math.max(w${i}, v${i});`, `const s${i} = w${i};`] : [`const s${i} = v${i};`]),
      `x${i} = x${i} + (-stepSize * m${i}) / (Math.sqrt(s${i}) / bc2Sqrt + ${literal(eps)});`,
    ]),
  ];
  return {
    arrays: { m, v, vMax },
    locals: { m: 'm', v: 'v', ...(amsgrad ? { vMax: 'w' } : {}) },
    setup: ['let bc1Exact = false;', 'let bc2Exact = false;'],
    update,
    state: () => ({
      exp_avg: Array.from(m),
      exp_avg_sq: Array.from(v),
      ...(amsgrad ? { max_exp_avg_sq: Array.from(vMax) } : {}),
    }),
  };
}

function adagradPlan(spec: Extract<OptimizerSpec, { name: 'adagrad' }>, n: number): Plan {
  const { eps, lr_decay: lrDecay, weight_decay: weightDecay } = spec;
  const sum = new Float64Array(n).fill(spec.initial_accumulator_value);
  return {
    arrays: { sum },
    locals: { sum: 'a' },
    setup: [],
    update: [
      `const clr = lr / (1 + (step - 1) * ${literal(lrDecay)});`,
      ...range(n).flatMap((i) => [
        `const d${i} = ${decayedGradient(i, weightDecay)};`,
        `a${i} = a${i} + d${i} * d${i};`,
        // addcdiv: θ + (value·g) / std
        `x${i} = x${i} + (-clr * d${i}) / (Math.sqrt(a${i}) + ${literal(eps)});`,
      ]),
    ],
    state: () => ({ sum: Array.from(sum) }),
  };
}

function rmspropPlan(spec: Extract<OptimizerSpec, { name: 'rmsprop' }>, n: number): Plan {
  const { alpha, eps, momentum, centered, weight_decay: weightDecay } = spec;
  const squareAverage = new Float64Array(n);
  const gradientAverage = new Float64Array(n);
  const buffer = new Float64Array(n);
  const update = range(n).flatMap((i) => [
    `const d${i} = ${decayedGradient(i, weightDecay)};`,
    `q${i} = q${i} * ${literal(alpha)} + ${literal(1 - alpha)} * d${i} * d${i};`,
    ...(centered
      ? [
          `r${i} = ${lerp(`r${i}`, `d${i}`, 1 - alpha)};`,
          `const avg${i} = Math.sqrt(q${i} + -r${i} * r${i}) + ${literal(eps)};`,
        ]
      : [`const avg${i} = Math.sqrt(q${i}) + ${literal(eps)};`]),
    ...(momentum > 0
      ? [`b${i} = b${i} * ${literal(momentum)} + d${i} / avg${i};`, `x${i} = x${i} + -lr * b${i};`]
      : [`x${i} = x${i} + (-lr * d${i}) / avg${i};`]),
  ]);
  return {
    arrays: { squareAverage, gradientAverage, buffer },
    locals: {
      squareAverage: 'q',
      ...(centered ? { gradientAverage: 'r' } : {}),
      ...(momentum > 0 ? { buffer: 'b' } : {}),
    },
    setup: [],
    update,
    state: () => ({
      square_avg: Array.from(squareAverage),
      ...(centered ? { grad_avg: Array.from(gradientAverage) } : {}),
      ...(momentum > 0 ? { momentum_buffer: Array.from(buffer) } : {}),
    }),
  };
}

function nadamPlan(spec: Extract<OptimizerSpec, { name: 'nadam' }>, n: number): Plan {
  const [beta1, beta2] = spec.betas;
  const { eps, momentum_decay: momentumDecay, weight_decay: weightDecay } = spec;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const product = new Float64Array([1]);
  const decay = literal(momentumDecay);
  return {
    arrays: { m, v, product },
    locals: { m: 'm', v: 'v' },
    scalars: { load: ['let muProduct = product[0];'], store: ['product[0] = muProduct;'] },
    setup: [],
    update: [
      `const bc2 = 1 - ${literal(beta2)} ** step;`,
      `const mu = ${literal(beta1)} * (1 - 0.5 * 0.96 ** (step * ${decay}));`,
      `const muNext = ${literal(beta1)} * (1 - 0.5 * 0.96 ** ((step + 1) * ${decay}));`,
      'muProduct *= mu;',
      'const gradientWeight = (-lr * (1 - mu)) / (1 - muProduct);',
      'const momentumWeight = (-lr * muNext) / (1 - muProduct * muNext);',
      ...range(n).flatMap((i) => [
        `const d${i} = ${decayedGradient(i, weightDecay)};`,
        `m${i} = ${lerp(`m${i}`, `d${i}`, 1 - beta1)};`,
        `v${i} = v${i} * ${literal(beta2)} + ${literal(1 - beta2)} * d${i} * d${i};`,
        `const den${i} = Math.sqrt(v${i} / bc2) + ${literal(eps)};`,
        `x${i} = x${i} + (gradientWeight * d${i}) / den${i};`,
        `x${i} = x${i} + (momentumWeight * m${i}) / den${i};`,
      ]),
    ],
    state: () => ({ exp_avg: Array.from(m), exp_avg_sq: Array.from(v), mu_product: product[0] as number }),
  };
}

function adadeltaPlan(spec: Extract<OptimizerSpec, { name: 'adadelta' }>, n: number): Plan {
  const { rho, eps, weight_decay: weightDecay } = spec;
  const squareAverage = new Float64Array(n);
  const accumulatedDelta = new Float64Array(n);
  return {
    arrays: { squareAverage, accumulatedDelta },
    locals: { squareAverage: 'q', accumulatedDelta: 'u' },
    setup: [],
    update: range(n).flatMap((i) => [
      `const d${i} = ${decayedGradient(i, weightDecay)};`,
      `q${i} = q${i} * ${literal(rho)} + ${literal(1 - rho)} * d${i} * d${i};`,
      `const std${i} = Math.sqrt(q${i} + ${literal(eps)});`,
      `const delta${i} = (Math.sqrt(u${i} + ${literal(eps)}) / std${i}) * d${i};`,
      `u${i} = u${i} * ${literal(rho)} + ${literal(1 - rho)} * delta${i} * delta${i};`,
      `x${i} = x${i} + -lr * delta${i};`,
    ]),
    state: () => ({ square_avg: Array.from(squareAverage), acc_delta: Array.from(accumulatedDelta) }),
  };
}

function lineSearchPlan(spec: Extract<OptimizerSpec, { name: 'linesearch' }>, n: number): Plan {
  const { c1, shrink } = spec;
  const scalars = new Float64Array(2);
  const trial = range(n).map((i) => `tr${i}`);
  return {
    arrays: { scalars },
    locals: {},
    scalars: {
      load: ['let lastStep = scalars[0], backtracks = scalars[1];'],
      store: ['scalars[0] = lastStep; scalars[1] = backtracks;'],
    },
    setup: [],
    update: [
      `const normSquared = ${range(n)
        .map((i) => `g${i} * g${i}`)
        .join(' + ')};`,
      // Armijo: shrink α until f(θ − α∇f) ≤ f(θ) − c₁·α·‖∇f‖² (optimizers.ts: lineSearch).
      'let alpha = lr;',
      'backtracks = 0;',
      `let ${trial.join(', ')};`,
      'for (;;) {',
      ...range(n).map((i) => `tr${i} = x${i} - alpha * g${i};`),
      `const candidate = f(${trial.join(', ')});`,
      `if (candidate <= value - ${literal(c1)} * alpha * normSquared || backtracks >= 60) break;`,
      `alpha *= ${literal(shrink)};`,
      'backtracks++;',
      '}',
      'lastStep = alpha;',
      ...range(n).map((i) => `x${i} = tr${i};`),
    ],
    state: () => ({ step_size: scalars[0] as number, backtracks: scalars[1] as number }),
  };
}

function planFor(spec: OptimizerSpec, n: number): Plan | undefined {
  switch (spec.name) {
    case 'sgd':
      return sgdPlan(spec, n);
    case 'adagrad':
      return adagradPlan(spec, n);
    case 'rmsprop':
      return rmspropPlan(spec, n);
    case 'nadam':
      return nadamPlan(spec, n);
    case 'adadelta':
      return adadeltaPlan(spec, n);
    case 'linesearch':
      return lineSearchPlan(spec, n);
    case 'adam':
      return adamPlan(spec, n, false);
    case 'adamw':
      return adamPlan(spec, n, true);
    default:
      return undefined;
  }
}

/** f and ∇f at the locals x0…, as createObjective computes them for the spec's gradient method. */
function objectiveCode(spec: JobSpec, expression: ParsedExpression, n: number): { setup: string[]; step: string } {
  const tree = expression.tree;
  const all = range(n)
    .map((j) => `x${j}`)
    .join(', ');
  // f alone, as compileValue computes it: for differences and for a line search's trial points.
  const setup = [`function f(${all}) {\n${valueBody(tree)}\n}`];
  if (spec.gradient.method === 'exact') return { setup, step: inlineValueGradient(tree, gradientOf(tree, n)) };
  const h = spec.gradient.h;
  const args = (i: number, shift: string): string =>
    range(n)
      .map((j) => (j === i ? `x${j} ${shift}` : `x${j}`))
      .join(', ');
  if (spec.gradient.method === 'central') {
    // (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, then f(x) (objective.ts: centralDifference)
    const lines = range(n).map(
      (i) => `g${i} = (f(${args(i, `+ ${literal(h)}`)}) - f(${args(i, `- ${literal(h)}`)})) / ${literal(2 * h)};`,
    );
    return { setup, step: [...lines, `value = f(${all});`].join('\n') };
  }
  // (f(x + h·eᵢ) − f(x)) / h, with the f(x) already at hand (objective.ts: forwardDifference)
  const lines = range(n).map((i) => `g${i} = (f(${args(i, `+ ${literal(h)}`)}) - value) / ${literal(h)};`);
  return { setup, step: [`value = f(${all});`, ...lines].join('\n') };
}

/**
 * The run's kernel, or undefined where there is none: no code generation here, or an optimizer
 * without one. `theta` and `gradient` are the run's own arrays: the kernel reads them when it is
 * called and leaves the new point and ∇f in them; `learningRate` gives a scheduled rate.
 */
export function createKernel(
  spec: JobSpec,
  expression: ParsedExpression,
  theta: Float64Array,
  gradient: Float64Array,
  state: KernelState,
  learningRate: ((t: number) => number) | undefined,
): Kernel | undefined {
  const n = theta.length;
  if (n === 0 || !canGenerateCode()) return undefined;
  const plan = planFor(spec.optimizer, n);
  if (!plan) return undefined;
  const objective = objectiveCode(spec, expression, n);
  const { maxSteps, tolGrad, tolF } = spec.stop;
  const xs = range(n).map((i) => `x${i}`);
  const gs = range(n).map((i) => `g${i}`);
  const limit = literal(DIVERGENCE_LIMIT);
  const stops = [
    `!(${xs.map((x) => `${x} <= ${limit} && ${x} >= -${limit}`).join(' && ')})`,
    // ‖∇f‖ is finite exactly when its square is.
    '!(value - value === 0 && squares - squares === 0)',
    ...(tolGrad > 0 ? [`Math.sqrt(squares) < ${literal(tolGrad)}`] : []),
    ...(tolF > 0 ? [`Math.abs(value - previous) < ${literal(tolF)}`] : []),
  ];
  const body = [
    ...plan.setup,
    ...objective.setup,
    'function evaluate() {',
    `const ${xs.map((x, i) => `${x} = theta[${i}]`).join(', ')};`,
    `let ${gs.join(', ')}, value;`,
    objective.step,
    ...gs.map((g, i) => `gradient[${i}] = ${g};`),
    'return value;',
    '}',
    'return { evaluate, steps };',
    'function steps(count, points, values, norms, stepsOut, row) {',
    `let ${xs.map((x, i) => `${x} = theta[${i}]`).join(', ')};`,
    `let ${gs.map((g, i) => `${g} = gradient[${i}]`).join(', ')};`,
    ...Object.entries(plan.locals).map(
      ([array, prefix]) =>
        `let ${range(n)
          .map((i) => `${prefix}${i} = ${array}[${i}]`)
          .join(', ')};`,
    ),
    ...(plan.scalars?.load ?? []),
    'let step = state.step, value = state.value, norm = state.gradientNorm, previous = value;',
    'let squares = Number.NaN;',
    'let noteworthy = false;',
    'let next = state.nextRow, r = 0;',
    'const every = state.every;',
    'let k = 0;',
    'while (k < count) {',
    'step++;',
    'previous = value;',
    learningRate ? 'const lr = learningRate(step);' : `const lr = ${literal(spec.optimizer.lr)};`,
    ...plan.update,
    objective.step,
    `squares = ${gs.map((g) => `${g} * ${g}`).join(' + ')};`,
    // ‖∇f‖ is taken where it is wanted (a recorded row, the gradient tolerance) and at the end.
    'if (points !== null && step === next) {',
    'next += every;',
    'norm = Math.sqrt(squares);',
    `const at = (row + r) * ${n};`,
    ...xs.map((x, i) => `points[at + ${i}] = ${x};`),
    'values[row + r] = value;',
    'norms[row + r] = norm;',
    'stepsOut[row + r] = step;',
    'r++;',
    '}',
    'k++;',
    `if (${stops.join(' || ')}) { noteworthy = true; break; }`,
    `if (step >= ${maxSteps}) break;`,
    '}',
    'if (k > 0) norm = Math.sqrt(squares);',
    ...(plan.scalars?.store ?? []),
    ...xs.map((x, i) => `theta[${i}] = ${x};`),
    ...Object.entries(plan.locals).flatMap(([array, prefix]) => range(n).map((i) => `${array}[${i}] = ${prefix}${i};`)),
    ...gs.map((g, i) => `gradient[${i}] = ${g};`),
    'state.step = step; state.value = value; state.gradientNorm = norm; state.previous = previous;',
    'state.noteworthy = noteworthy;',
    'state.nextRow = next; state.rows = r;',
    'return k;',
    '}',
  ].join('\n');
  const names = Object.keys(plan.arrays);
  const make = generate<(...args: unknown[]) => Pick<Kernel, 'steps' | 'evaluate'>>(
    ['theta', 'gradient', 'state', 'learningRate', ...names].join(', '),
    body,
  );
  return {
    ...make(theta, gradient, state, learningRate, ...names.map((name) => plan.arrays[name])),
    state: plan.state,
  };
}
