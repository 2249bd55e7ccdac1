import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH, MAX_VARIABLES } from './limits';
import { FIELDS, formatMessage, message, type Message, type MessageCode, type Result } from './messages';

/**
 * The job spec: everything a run depends on, as plain JSON. A run is a deterministic function of
 * its spec, so the spec is what the history keeps, the CLI takes and a session file stores.
 * Hyper-parameters use PyTorch's names and defaults (torch.optim).
 */

const number = (): z.ZodNumber => z.number();
const positive = (): z.ZodNumber => z.number().gt(0);
const nonNegative = (): z.ZodNumber => z.number().gte(0);
const unitInterval = (): z.ZodNumber => nonNegative().lt(1);
const flag = (): z.ZodBoolean => z.boolean();
const count = (min: number, max: number): z.ZodNumber => z.number().int().gte(min).lte(max);

const betas = z.tuple([unitInterval(), unitInterval()]).default([0.9, 0.999]);

const weightDecay = nonNegative().default(0);

const SgdSchema = z
  .object({
    name: z.literal('sgd'),
    lr: positive().default(1e-3),
    momentum: nonNegative().default(0),
    dampening: nonNegative().default(0),
    nesterov: flag().default(false),
    weight_decay: weightDecay,
  })
  .refine((o) => !o.nesterov || (o.momentum > 0 && o.dampening === 0), {
    params: message('spec.nesterov'),
    path: ['nesterov'],
  });

const AdagradSchema = z.object({
  name: z.literal('adagrad'),
  lr: positive().default(1e-2),
  lr_decay: nonNegative().default(0),
  weight_decay: weightDecay,
  initial_accumulator_value: nonNegative().default(0),
  eps: positive().default(1e-10),
});

const RmspropSchema = z.object({
  name: z.literal('rmsprop'),
  lr: positive().default(1e-2),
  alpha: unitInterval().default(0.99),
  eps: positive().default(1e-8),
  weight_decay: weightDecay,
  momentum: nonNegative().default(0),
  centered: flag().default(false),
});

const AdamSchema = z.object({
  name: z.literal('adam'),
  lr: positive().default(1e-3),
  betas,
  eps: positive().default(1e-8),
  weight_decay: weightDecay,
  amsgrad: flag().default(false),
});

const AdamwSchema = z.object({
  name: z.literal('adamw'),
  lr: positive().default(1e-3),
  betas,
  eps: positive().default(1e-8),
  weight_decay: nonNegative().default(1e-2),
  amsgrad: flag().default(false),
});

const NadamSchema = z.object({
  name: z.literal('nadam'),
  lr: positive().default(2e-3),
  betas,
  eps: positive().default(1e-8),
  weight_decay: weightDecay,
  momentum_decay: nonNegative().default(4e-3),
});

const AdadeltaSchema = z.object({
  name: z.literal('adadelta'),
  lr: positive().default(1.0),
  rho: unitInterval().default(0.9),
  eps: positive().default(1e-6),
  weight_decay: weightDecay,
});

/** Gradient descent with backtracking (Armijo) line search; lr is the first step tried. */
const LineSearchSchema = z.object({
  name: z.literal('linesearch'),
  lr: positive().default(1),
  c1: positive().lt(1).default(1e-4),
  shrink: positive().lt(1).default(0.5),
});

/** Damped Newton: x ← x − lr·H⁻¹∇f, with H shifted to be positive definite where it is not. */
const NewtonSchema = z.object({
  name: z.literal('newton'),
  lr: positive().default(1),
});

export const OptimizerSchema = z.discriminatedUnion('name', [
  SgdSchema,
  AdagradSchema,
  RmspropSchema,
  AdamSchema,
  AdamwSchema,
  NadamSchema,
  AdadeltaSchema,
  LineSearchSchema,
  NewtonSchema,
]);

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

/** How the gradient is found: the symbolic derivative, or a central or forward difference. */
export const GRADIENT_METHODS = ['exact', 'central', 'forward'] as const;
export type GradientMethod = (typeof GRADIENT_METHODS)[number];

/** The learning-rate schedules, under the names of PyTorch's schedulers they follow. */
export const SCHEDULE_TYPES = ['constant', 'step', 'exponential', 'cosine'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

const ScheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant') }),
  z.object({
    type: z.literal('step'),
    step_size: count(1, 1e9),
    gamma: positive().default(0.1),
  }),
  z.object({ type: z.literal('exponential'), gamma: positive() }),
  z.object({
    type: z.literal('cosine'),
    T_max: count(1, 1e9),
    eta_min: nonNegative().default(0),
  }),
]);

export const MAX_STEPS = 100_000_000;

const GradientSchema = z.object({
  method: z.enum(GRADIENT_METHODS),
  h: positive().lt(1).default(1e-4),
});

const StopSchema = z.object({
  maxSteps: count(1, MAX_STEPS).default(100),
  tolGrad: nonNegative().default(0),
  tolF: nonNegative().default(0),
});

export const JobSpecSchema = z.object({
  expression: z.string().min(1).max(MAX_EXPRESSION_LENGTH),
  start: z.array(number()).min(1).max(MAX_VARIABLES),
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

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : typeof value;
}

/** The field an issue is about, as a FIELDS key (or the path itself when there is none). */
function fieldOf(path: readonly PropertyKey[], discriminator?: string): string {
  const parts = discriminator && path.at(-1) === discriminator ? path.slice(0, -1) : path;
  const last = parts.at(-1);
  const parent = parts.at(-2);
  if (typeof last === 'number') {
    if (parent === 'betas') return last === 0 ? 'beta1' : 'beta2';
    if (parent === 'start') return `start.${last + 1}`;
  }
  if (typeof last === 'string' && Object.hasOwn(FIELDS, last)) return last;
  return parts.map(String).join('.') || 'input';
}

/** One zod issue as a message: which field, what is wrong, what was given. */
function issueMessage(issue: z.core.$ZodIssue): Message {
  const discriminator =
    issue.code === 'invalid_union' ? (issue as { discriminator?: string }).discriminator : undefined;
  const field = fieldOf(issue.path, discriminator);
  const input: unknown = issue.input;
  const got = show(input);
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return message('field.required', { field });
      const byType: Readonly<Record<string, MessageCode>> = {
        number: 'field.notNumber',
        int: 'field.notInteger',
        boolean: 'field.notBoolean',
        string: 'field.notText',
        array: 'field.notList',
        tuple: 'field.notList',
        object: 'field.notObject',
      };
      return message(byType[issue.expected] ?? 'field.invalid', { field, got });
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int')
        return message(issue.inclusive ? 'field.atLeast' : 'field.greaterThan', {
          field,
          bound: Number(issue.minimum),
          got,
        });
      if (issue.origin === 'string')
        return field === 'expression' ? message('expression.empty') : message('field.empty', { field });
      return message('field.tooFew', { field, min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int')
        return message(issue.inclusive ? 'field.atMost' : 'field.lessThan', {
          field,
          bound: Number(issue.maximum),
          got,
        });
      if (issue.origin === 'string') {
        return field === 'expression'
          ? message('expression.tooLong', {
              length: typeof input === 'string' ? input.length : '?',
              max: Number(issue.maximum),
            })
          : message('field.tooLong', { field, max: Number(issue.maximum) });
      }
      return message('field.tooMany', { field, max: Number(issue.maximum) });
    case 'invalid_value':
      return message('field.oneOf', { field, options: issue.values.map(String).join(', '), got });
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (!discriminator || !options) return message('field.invalid', { field });
      const given = input && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : undefined;
      return message('field.oneOf', { field, options: options.map(String).join(', '), got: show(given) });
    }
    case 'unrecognized_keys':
      return message('field.unknownKeys', { keys: issue.keys.join(', ') });
    case 'custom': {
      // Our refinements carry their message as the issue's params.
      const detail = issue.params as Partial<Message> | undefined;
      return detail?.code ? message(detail.code, detail.params) : message('field.invalid', { field });
    }
    default:
      return message('field.invalid', { field });
  }
}

/** Every distinct problem zod found, each as a message (the form marks each field with its own). */
export function issueMessages(error: z.ZodError): Message[] {
  const seen = new Map<string, Message>();
  for (const issue of error.issues) {
    const m = issueMessage(issue);
    seen.set(formatMessage(m), m);
  }
  return [...seen.values()];
}

/** Zod's issues as one message a user can act on: the first, and how many more there are. */
export function describeIssues(error: z.ZodError): Message {
  const problems = issueMessages(error);
  const [first = message('field.invalid', { field: 'input' })] = problems;
  return problems.length > 1 ? message('andMore', { message: first, count: problems.length - 1 }) : first;
}

/** Parses `input` with `schema`; on failure says what is wrong (the given values included). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}
