import { z } from 'zod';
import { GRADIENT_METHODS, SCHEDULE_TYPES } from '../spec';
import { RunRecordJsonSchema } from './run-record';

export const SESSION_FORMAT = 'descent-lab-session';
/** The schema version this build writes. Older files are migrated (migrate.ts); newer ones open read-only. */
export const SESSION_SCHEMA_VERSION = 1;

/**
 * The experiment form as the user left it: text, exactly as typed, so a half-typed value is
 * restored as it was rather than rejected.
 */
export const FormStateSchema = z.object({
  expression: z.string().max(10_000),
  optimizer: z.string().max(40),
  learningRate: z.string().max(100),
  steps: z.string().max(100),
  gradient: z.enum(GRADIENT_METHODS),
  h: z.string().max(100),
  start: z.record(z.string().max(100), z.string().max(100)),
  /** Hyper-parameters under PyTorch's names, as typed (flags as booleans). */
  parameters: z.record(z.string().max(40), z.union([z.string().max(100), z.boolean()])).optional(),
  schedule: z
    .object({
      type: z.enum(SCHEDULE_TYPES),
      step_size: z.string().max(100),
      gamma: z.string().max(100),
      T_max: z.string().max(100),
      eta_min: z.string().max(100),
    })
    .optional(),
  tolGrad: z.string().max(100).optional(),
  tolF: z.string().max(100).optional(),
  /** The preset the function came from, for its domain and known minima. */
  preset: z.string().max(40).optional(),
});

export type FormState = z.output<typeof FormStateSchema>;

/** A session document (`.dlab`): JSON with its format, schema version, the form and its runs. */
export const SessionSchema = z.object({
  format: z.literal(SESSION_FORMAT, {
    error: 'this is not a Descent Lab session (format is not "descent-lab-session")',
  }),
  schemaVersion: z.number().int().min(1),
  appVersion: z.string(),
  savedAt: z.string(),
  form: FormStateSchema.optional(),
  runs: z.array(RunRecordJsonSchema),
});

export type SessionDocument = z.output<typeof SessionSchema>;
