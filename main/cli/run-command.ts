import { parseArgs } from 'node:util';
import { prepareRun } from '@shared/engine/prepare';
import type { PathRows } from '@shared/engine/path-rows';
import { OPTIMIZER_NAMES } from '@shared/spec';
import { formatMessage } from '@shared/messages';

/** A CLI failure the user caused: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  f: { type: 'string' },
  start: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  dampening: { type: 'string' },
  nesterov: { type: 'boolean' },
  'weight-decay': { type: 'string' },
  betas: { type: 'string' },
  eps: { type: 'string' },
  alpha: { type: 'string' },
  centered: { type: 'boolean' },
  amsgrad: { type: 'boolean' },
  'lr-decay': { type: 'string' },
  rho: { type: 'string' },
  'momentum-decay': { type: 'string' },
  'initial-accumulator-value': { type: 'string' },
  c1: { type: 'string' },
  shrink: { type: 'string' },
  gradient: { type: 'string' },
  h: { type: 'string' },
  steps: { type: 'string' },
  'tol-grad': { type: 'string' },
  'tol-f': { type: 'string' },
  trace: { type: 'boolean' },
  format: { type: 'string' },
} as const;

/** A number as people write one: 12, -0.5, .5, 1e-8 (JavaScript's Number() also takes 0x10, 0b11, ''). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function toNumber(flag: string, text: string): number {
  if (!DECIMAL.test(text.trim())) throw new UsageError(`--${flag} must be a number, got "${text}"`);
  return Number(text.trim());
}

function toList(flag: string, text: string): number[] {
  return text.split(',').map((part) => toNumber(flag, part));
}

/** Maps CLI flags (kebab-case) to the spec's PyTorch hyper-parameter names. */
const NUMERIC_PARAMETERS: readonly (readonly [flag: keyof typeof OPTIONS, key: string])[] = [
  ['lr', 'lr'],
  ['momentum', 'momentum'],
  ['dampening', 'dampening'],
  ['weight-decay', 'weight_decay'],
  ['eps', 'eps'],
  ['alpha', 'alpha'],
  ['lr-decay', 'lr_decay'],
  ['rho', 'rho'],
  ['momentum-decay', 'momentum_decay'],
  ['initial-accumulator-value', 'initial_accumulator_value'],
  ['c1', 'c1'],
  ['shrink', 'shrink'],
];
const BOOLEAN_PARAMETERS = ['nesterov', 'centered', 'amsgrad'] as const;

export interface CliOutput {
  stdout: string;
}

/**
 * `--start -3,4` and `--lr -1`: a value that looks like a negative number belongs to the flag
 * before it (node's parseArgs would read it as another flag).
 */
function attachNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const takesValue = (OPTIONS as Record<string, { type: string }>)[name]?.type === 'string';
    if (takesValue && next !== undefined && /^-(?:\d|\.\d|inf|nan)/i.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `descent-lab run …`: returns what to print; throws UsageError for bad input. */
/**
 * `descent-lab run`. Output goes to `write` as it is produced (the CLI passes a blocking write
 * to stdout); without one it is gathered and returned.
 */
export function runCommand(args: string[], write?: (text: string) => void): CliOutput {
  const now = (): number => performance.now();
  let collected = '';
  const out = write ?? ((text: string) => void (collected += text));
  let values: Record<string, string | boolean | undefined>;
  let tokens: readonly { kind: string; name?: string }[];
  try {
    ({ values, tokens } = parseArgs({
      args: attachNegativeValues(args),
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
      allowNegative: false,
      tokens: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments');
  }
  // parseArgs keeps the last of a repeated flag: a typo'd run would silently use the other value.
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !token.name) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once: give it once`);
    seen.add(token.name);
  }
  const text = (key: keyof typeof OPTIONS): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  const expression = text('f');
  if (expression === undefined) throw new UsageError('--f is required, for example --f "x^2 + y^2"');
  const start = text('start');
  if (start === undefined) throw new UsageError('--start is required, for example --start -3,4');
  const optimizerName = text('optimizer') ?? 'sgd';
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(optimizerName)) {
    throw new UsageError(`--optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got "${optimizerName}"`);
  }
  const optimizer: Record<string, unknown> = { name: optimizerName };
  for (const [flag, key] of NUMERIC_PARAMETERS) {
    const value = text(flag);
    if (value !== undefined) optimizer[key] = toNumber(flag, value);
  }
  for (const flag of BOOLEAN_PARAMETERS) if (values[flag] === true) optimizer[flag] = true;
  const betas = text('betas');
  if (betas !== undefined) optimizer.betas = toList('betas', betas);

  const format = text('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}"`);
  const steps = text('steps');
  const spec = {
    expression,
    start: toList('start', start),
    optimizer,
    gradient: { method: text('gradient') ?? 'exact', h: toNumber('h', text('h') ?? '1e-4') },
    stop: {
      maxSteps: steps === undefined ? 100 : toNumber('steps', steps),
      tolGrad: toNumber('tol-grad', text('tol-grad') ?? '0'),
      tolF: toNumber('tol-f', text('tol-f') ?? '0'),
    },
  };
  const prepared = prepareRun(spec);
  if (!prepared.ok) throw new UsageError(formatMessage(prepared.error));
  const run = prepared.value;
  const n = run.expression.variables.length;
  // The path is written as it is computed, never held: a 100M-step trace needs no more memory
  // than a 100-step one (the writer blocks while the reader catches up).
  const sink = new Chunked(out);
  const number = (v: number | undefined): string =>
    v === undefined || Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  let onBatch: ((batch: PathRows) => void) | undefined;
  if (format === 'csv') {
    sink.push(`${['step', ...run.expression.variables, 'f', 'gradNorm'].join(',')}\n`);
    onBatch = (batch) => {
      for (let k = 0; k < batch.count; k++) {
        const point = Array.from(batch.points.subarray(k * n, k * n + n));
        sink.push(`${[batch.steps[k], ...point, batch.values[k], batch.gradientNorms[k]].join(',')}\n`);
      }
    };
  } else if (values.trace === true) {
    sink.push('{"path":[');
    let first = true;
    onBatch = (batch) => {
      for (let k = 0; k < batch.count; k++) {
        const point = Array.from(batch.points.subarray(k * n, k * n + n), number);
        sink.push(`${first ? '' : ','}[${point.join(',')}]`);
        first = false;
      }
    };
  }
  const started = now();
  const summary = run.runToEnd(onBatch);
  const elapsedMs = now() - started;
  if (format === 'csv') {
    sink.flush();
    return { stdout: collected };
  }
  const result: Record<string, unknown> = {
    status: summary.status,
    steps: summary.steps,
    x: summary.x,
    f: summary.value,
    gradNorm: summary.gradientNorm,
    elapsedMs: Math.round(elapsedMs * 1000) / 1000,
    reason: summary.reason,
  };
  // JSON has no NaN or Infinity: a diverged run reports them as strings.
  const body = JSON.stringify(result, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  sink.push(values.trace === true ? `],${body.slice(1)}\n` : `${body}\n`);
  sink.flush();
  return { stdout: collected };
}

/** Gathers small pieces of output into writes of about 64 kB. */
class Chunked {
  private buffer = '';

  constructor(private readonly write: (text: string) => void) {}

  push(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 65_536) this.flush();
  }

  flush(): void {
    if (this.buffer) this.write(this.buffer);
    this.buffer = '';
  }
}
