import { z } from 'zod';
import { formatMessage, type Message } from '../messages';
import type { PathRows, RecordedPath } from '../engine/path-rows';
import type { RunSummary } from '../engine/runner';
import { JobSpecSchema, type RunStatus } from '../spec';

/** A number that may be NaN or ±Infinity, which JSON cannot hold, written as a string then. */
export const JsonNumberSchema = z
  // A number itself may be non-finite too: a record sent back over IPC (Undo of a delete) is a
  // structured clone, which keeps NaN and ±Infinity as they are.
  .union([z.number(), z.nan(), z.literal([Infinity, -Infinity]), z.enum(['NaN', 'Infinity', '-Infinity']), z.null()])
  .transform((v) => (v === null ? Number.NaN : typeof v === 'string' ? Number(v) : v));

export function jsonNumber(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * How a run's reason (a message) sits in a session file. The code is any string: a file written by
 * a newer version may carry codes this one lacks (the run's English `reason` is kept beside it).
 */
const MessageSchema: z.ZodType<{ code: string; params?: Record<string, unknown> }> = z.lazy(() =>
  z.object({
    code: z.string().max(100),
    params: z.record(z.string().max(100), z.union([z.string().max(10_000), z.number(), MessageSchema])).optional(),
  }),
);

const RUN_STATUSES = [
  'running',
  'converged',
  'max-steps',
  'diverged',
  'cancelled',
  'failed',
  'interrupted',
] as const satisfies readonly RunStatus[];

/**
 * A run's summary as a session keeps it: the engine's `RunSummary`, whose status is the record's.
 * The English `reason` is kept beside its message so a reader without the code can still say it.
 */
const RunSummarySchema = z.object({
  steps: z.number().int().nonnegative(),
  x: z.array(JsonNumberSchema),
  value: JsonNumberSchema,
  gradientNorm: JsonNumberSchema,
  reason: z.string(),
  /** Absent in files from before messages had codes: the English reason is shown then. */
  reasonMessage: MessageSchema.optional(),
  divergedAt: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<Omit<RunSummary, 'status' | 'reasonMessage'>>;

/**
 * A path in a session's JSON form: every step up to a cap, beyond which every `stride`-th step
 * (and the last) is kept and `thinned` is set. The full path can always be recomputed from the spec.
 */
const PathJsonSchema = z.object({
  dimension: z.number().int().min(1).max(10),
  thinned: z.boolean(),
  steps: z.array(z.number().int().nonnegative()),
  points: z.array(JsonNumberSchema),
  values: z.array(JsonNumberSchema),
  gradientNorms: z.array(JsonNumberSchema),
});

/** A run without its path: what lists show and what a session's table of runs holds. */
export const RunListingSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  notes: z.string().max(10_000).optional(),
  /** The run's colour on every chart, given when it starts and kept (a delete does not shift it). */
  color: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i)
    .optional(),
  createdAt: z.string(),
  spec: JobSpecSchema,
  status: z.enum(RUN_STATUSES),
  durationMs: z.number().nonnegative().optional(),
  summary: RunSummarySchema.optional(),
});

/** A run as a session's JSON form (a file, an export) writes it. */
export const RunRecordJsonSchema = RunListingSchema.extend({ path: PathJsonSchema.optional() });

const column = z.custom<Float64Array>((value) => value instanceof Float64Array, { message: 'not a column of doubles' });

/** A recorded path as it crosses IPC (Undo of a delete): columns of doubles that fit each other. */
const RecordedPathSchema = z
  .object({
    count: z.number().int().nonnegative(),
    dimension: z.number().int().min(1).max(10),
    thinned: z.boolean(),
    steps: column,
    points: column,
    values: column,
    gradientNorms: column,
  })
  .refine(
    (path) =>
      path.steps.length === path.count &&
      path.values.length === path.count &&
      path.gradientNorms.length === path.count &&
      path.points.length === path.count * path.dimension,
    { message: 'the columns of the path do not fit together' },
  ) satisfies z.ZodType<RecordedPath>;

/** A run with its path: in main, on the wire, in the window. */
export const RunRecordSchema = RunListingSchema.extend({ path: RecordedPathSchema.optional() });

export type PathJson = z.output<typeof PathJsonSchema>;
export type RunListing = z.output<typeof RunListingSchema>;
export type RunRecordJson = z.output<typeof RunRecordJsonSchema>;
export type RunRecord = RunListing & { path?: RecordedPath };

/** A path read from the JSON form. */
function pathFromJson(path: PathJson): RecordedPath {
  return {
    count: path.values.length,
    dimension: path.dimension,
    thinned: path.thinned,
    steps: Float64Array.from(path.steps),
    points: Float64Array.from(path.points),
    values: Float64Array.from(path.values),
    gradientNorms: Float64Array.from(path.gradientNorms),
  };
}

/** A path for the JSON form. */
function pathToJson(path: RecordedPath): PathJson {
  return {
    dimension: path.dimension,
    thinned: path.thinned,
    steps: Array.from(path.steps.subarray(0, path.count)),
    points: Array.from(path.points.subarray(0, path.count * path.dimension)),
    values: Array.from(path.values.subarray(0, path.count)),
    gradientNorms: Array.from(path.gradientNorms.subarray(0, path.count)),
  };
}

export function recordFromJson({ path, ...listing }: RunRecordJson): RunRecord {
  return path ? { ...listing, path: pathFromJson(path) } : listing;
}

export function recordToJson({ path, ...listing }: RunRecord): RunRecordJson {
  return path ? { ...listing, path: pathToJson(path) } : listing;
}

/**
 * The summary of a run that ended without the engine's (cancelled, failed, interrupted by a
 * crash): where its recorded path got to (if it has one), and why it stopped.
 */
export function summaryAtLastRow(path: PathRows | undefined, reason: Message): Omit<RunSummary, 'status'> {
  const last = (path?.count ?? 0) - 1;
  const x: number[] = [];
  if (!path || last < 0) {
    return {
      steps: 0,
      x,
      value: Number.NaN,
      gradientNorm: Number.NaN,
      reason: formatMessage(reason),
      reasonMessage: reason,
    };
  }
  const n = path.dimension;
  for (let i = 0; i < n; i++) x.push(path.points[last * n + i] ?? Number.NaN);
  return {
    steps: Math.max(0, path.steps[last] ?? 0),
    x,
    value: path.values[last] ?? Number.NaN,
    gradientNorm: path.gradientNorms[last] ?? Number.NaN,
    reason: formatMessage(reason),
    reasonMessage: reason,
  };
}
