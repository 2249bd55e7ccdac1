import { z } from 'zod';

/**
 * The job spec: everything a run depends on, as plain JSON. A run is a deterministic function of
 * its spec, so the spec is what the history keeps, the CLI takes and a session file stores.
 * Hyper-parameters use PyTorch's names and defaults (torch.optim).
 */

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : typeof value;
}

const number = (label: string): z.ZodNumber =>
  z.number({
    error: (issue) =>
      issue.input === undefined ? `${label} is required` : `${label} must be a finite number, got ${show(issue.input)}`,
  });

const positive = (label: string): z.ZodNumber =>
  number(label).gt(0, { error: (issue) => `${label} must be > 0, got ${show(issue.input)}` });
const nonNegative = (label: string): z.ZodNumber =>
  number(label).gte(0, { error: (issue) => `${label} must be ≥ 0, got ${show(issue.input)}` });
const unitInterval = (label: string): z.ZodNumber =>
  nonNegative(label).lt(1, { error: (issue) => `${label} must be in [0, 1), got ${show(issue.input)}` });
const flag = (label: string): z.ZodBoolean =>
  z.boolean({ error: (issue) => `${label} must be true or false, got ${show(issue.input)}` });
const count = (label: string, min: number, max: number): z.ZodNumber =>
  number(label)
    .int({ error: (issue) => `${label} must be a whole number, got ${show(issue.input)}` })
    .gte(min, { error: (issue) => `${label} must be at least ${min}, got ${show(issue.input)}` })
    .lte(max, { error: (issue) => `${label} must be at most ${max.toLocaleString('en')}, got ${show(issue.input)}` });

const betas = z
  .tuple([unitInterval('beta1'), unitInterval('beta2')], {
    error: (issue) => `betas must be two numbers in [0, 1), got ${show(issue.input)}`,
  })
  .default([0.9, 0.999]);

const weightDecay = nonNegative('weight_decay').default(0);

export const SgdSchema = z
  .object({
    name: z.literal('sgd'),
    lr: positive('learning rate').default(1e-3),
    momentum: nonNegative('momentum').default(0),
    dampening: nonNegative('dampening').default(0),
    nesterov: flag('nesterov').default(false),
    weight_decay: weightDecay,
  })
  .refine((o) => !o.nesterov || (o.momentum > 0 && o.dampening === 0), {
    error: 'Nesterov momentum requires momentum > 0 and dampening = 0',
    path: ['nesterov'],
  });

export const AdagradSchema = z.object({
  name: z.literal('adagrad'),
  lr: positive('learning rate').default(1e-2),
  lr_decay: nonNegative('lr_decay').default(0),
  weight_decay: weightDecay,
  initial_accumulator_value: nonNegative('initial_accumulator_value').default(0),
  eps: positive('eps').default(1e-10),
});

export const RmspropSchema = z.object({
  name: z.literal('rmsprop'),
  lr: positive('learning rate').default(1e-2),
  alpha: unitInterval('alpha').default(0.99),
  eps: positive('eps').default(1e-8),
  weight_decay: weightDecay,
  momentum: nonNegative('momentum').default(0),
  centered: flag('centered').default(false),
});

export const AdamSchema = z.object({
  name: z.literal('adam'),
  lr: positive('learning rate').default(1e-3),
  betas,
  eps: positive('eps').default(1e-8),
  weight_decay: weightDecay,
  amsgrad: flag('amsgrad').default(false),
});

export const AdamwSchema = z.object({
  name: z.literal('adamw'),
  lr: positive('learning rate').default(1e-3),
  betas,
  eps: positive('eps').default(1e-8),
  weight_decay: nonNegative('weight_decay').default(1e-2),
  amsgrad: flag('amsgrad').default(false),
});

export const NadamSchema = z.object({
  name: z.literal('nadam'),
  lr: positive('learning rate').default(2e-3),
  betas,
  eps: positive('eps').default(1e-8),
  weight_decay: weightDecay,
  momentum_decay: nonNegative('momentum_decay').default(4e-3),
});

export const AdadeltaSchema = z.object({
  name: z.literal('adadelta'),
  lr: positive('learning rate').default(1.0),
  rho: unitInterval('rho').default(0.9),
  eps: positive('eps').default(1e-6),
  weight_decay: weightDecay,
});

/** Gradient descent with backtracking (Armijo) line search; lr is the first step tried. */
export const LineSearchSchema = z.object({
  name: z.literal('linesearch'),
  lr: positive('initial step').default(1),
  c1: positive('c1')
    .lt(1, { error: (issue) => `c1 must be < 1, got ${show(issue.input)}` })
    .default(1e-4),
  shrink: positive('shrink')
    .lt(1, { error: (issue) => `shrink must be < 1, got ${show(issue.input)}` })
    .default(0.5),
});

/** Damped Newton: x ← x − lr·H⁻¹∇f, with H shifted to be positive definite where it is not. */
export const NewtonSchema = z.object({
  name: z.literal('newton'),
  lr: positive('damping (lr)').default(1),
});

export const OptimizerSchema = z.discriminatedUnion(
  'name',
  [
    SgdSchema,
    AdagradSchema,
    RmspropSchema,
    AdamSchema,
    AdamwSchema,
    NadamSchema,
    AdadeltaSchema,
    LineSearchSchema,
    NewtonSchema,
  ],
  {
    error: (issue) =>
      `optimizer must be one of sgd, adagrad, rmsprop, adam, adamw, nadam, adadelta, linesearch, newton, got ${show(
        (issue.input as { name?: unknown } | undefined)?.name,
      )}`,
  },
);

export const OPTIMIZER_NAMES = [
  'sgd',
  'adagrad',
  'rmsprop',
  'adam',
  'adamw',
  'nadam',
  'adadelta',
  'linesearch',
  'newton',
] as const satisfies readonly OptimizerSpec['name'][];

export const ScheduleSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('constant') }),
    z.object({
      type: z.literal('step'),
      step_size: count('step_size', 1, 1e9),
      gamma: positive('gamma').default(0.1),
    }),
    z.object({ type: z.literal('exponential'), gamma: positive('gamma') }),
    z.object({
      type: z.literal('cosine'),
      T_max: count('T_max', 1, 1e9),
      eta_min: nonNegative('eta_min').default(0),
    }),
  ],
  { error: () => 'schedule must be one of constant, step, exponential, cosine' },
);

export const MAX_STEPS = 100_000_000;

export const GradientSchema = z.object({
  method: z.enum(['exact', 'central', 'forward'], {
    error: (issue) => `gradient must be exact, central or forward, got ${show(issue.input)}`,
  }),
  h: positive('h')
    .lt(1, { error: (issue) => `h must be < 1, got ${show(issue.input)}` })
    .default(1e-4),
});

export const StopSchema = z.object({
  maxSteps: count('steps', 1, MAX_STEPS).default(100),
  tolGrad: nonNegative('gradient tolerance').default(0),
  tolF: nonNegative('f tolerance').default(0),
});

export const JobSpecSchema = z.object({
  expression: z
    .string({ error: (issue) => `function must be text, got ${show(issue.input)}` })
    .min(1, { error: 'function is empty: type one, for example x^2 + y^2' })
    .max(10_000, {
      error: (issue) => `function is ${String((issue.input as string).length)} characters; at most 10000 are allowed`,
    }),
  start: z
    .array(number('start coordinate'), {
      error: (issue) => `start must be a list of numbers, got ${show(issue.input)}`,
    })
    .min(1, { error: 'start needs at least one coordinate' })
    .max(10, { error: 'start has more than 10 coordinates' }),
  optimizer: OptimizerSchema,
  gradient: GradientSchema.default({ method: 'central', h: 1e-4 }),
  schedule: ScheduleSchema.default({ type: 'constant' }),
  stop: StopSchema.default({ maxSteps: 100, tolGrad: 0, tolF: 0 }),
});

/** A spec as sent (defaults may be left out). */
export type JobSpecInput = z.input<typeof JobSpecSchema>;
/** A spec after validation, every default filled in. */
export type JobSpec = z.output<typeof JobSpecSchema>;
export type OptimizerSpec = z.output<typeof OptimizerSchema>;
export type ScheduleSpec = z.output<typeof ScheduleSchema>;

export type RunStatus = 'running' | 'converged' | 'max-steps' | 'diverged' | 'cancelled' | 'failed' | 'interrupted';

/** Formats zod issues as one sentence a user can act on. */
export function describeIssues(error: z.ZodError): string {
  const messages = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '';
    // Our own messages name the field already; zod's generic ones need the path.
    return /^(?:Invalid|Expected|Unrecognized)/i.test(issue.message) && where
      ? `${where}: ${issue.message}`
      : issue.message;
  });
  return [...new Set(messages)].join('; ');
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}
