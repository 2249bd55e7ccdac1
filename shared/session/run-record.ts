import { z } from 'zod';
import { formatMessage, type Message } from '../messages';
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

export const RUN_STATUSES = [
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
export const RunSummarySchema = z.object({
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
 * A stored path: every step up to a cap, beyond which every `stride`-th step (and the last) is
 * kept and `thinned` is set. The full path can always be recomputed from the spec.
 */
export const StoredPathSchema = z.object({
  dimension: z.number().int().min(1).max(10),
  thinned: z.boolean(),
  steps: z.array(z.number().int().nonnegative()),
  points: z.array(JsonNumberSchema),
  values: z.array(JsonNumberSchema),
  gradientNorms: z.array(JsonNumberSchema),
});

export const RunRecordSchema = z.object({
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
  path: StoredPathSchema.optional(),
});

export type StoredPath = z.output<typeof StoredPathSchema>;
export type RunRecord = z.output<typeof RunRecordSchema>;
/** What lists show: a record without its path. */
export type RunListing = Omit<RunRecord, 'path'>;

/** A stored path as columns of doubles: how it travels to the window (cheap to clone and to send). */
export interface PathColumns {
  readonly dimension: number;
  readonly thinned: boolean;
  readonly steps: Float64Array;
  readonly points: Float64Array;
  readonly values: Float64Array;
  readonly gradientNorms: Float64Array;
}

export type RunWithColumns = Omit<RunRecord, 'path'> & { path?: PathColumns };

/** A path's columns, as arrays or doubles: enough to read its last recorded row. */
interface PathRows {
  readonly dimension: number;
  readonly steps: ArrayLike<number>;
  readonly points: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly gradientNorms: ArrayLike<number>;
}

/**
 * The summary of a run that ended without the engine's (cancelled, failed, interrupted by a
 * crash): where its recorded path got to, and why it stopped.
 */
export function summaryAtLastRow(path: PathRows, reason: Message): Omit<RunSummary, 'status'> {
  const last = path.steps.length - 1;
  const n = path.dimension;
  const x: number[] = [];
  for (let i = 0; last >= 0 && i < n; i++) x.push(path.points[last * n + i] ?? Number.NaN);
  return {
    steps: Math.max(0, last >= 0 ? (path.steps[last] ?? 0) : 0),
    x,
    value: last >= 0 ? (path.values[last] ?? Number.NaN) : Number.NaN,
    gradientNorm: last >= 0 ? (path.gradientNorms[last] ?? Number.NaN) : Number.NaN,
    reason: formatMessage(reason),
    reasonMessage: reason,
  };
}
