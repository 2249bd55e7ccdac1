import { z } from 'zod';
import { RunRecordSchema } from './run-record';

export const SESSION_FORMAT = 'descent-lab-session';
export const SESSION_SCHEMA_VERSION = 1;

/** A session document (`.dlab`): JSON with its format, schema version and the runs it keeps. */
export const SessionSchema = z.object({
  format: z.literal(SESSION_FORMAT, {
    error: 'this is not a Descent Lab session (format is not "descent-lab-session")',
  }),
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  appVersion: z.string(),
  savedAt: z.string(),
  runs: z.array(RunRecordSchema),
});

export type SessionDocument = z.output<typeof SessionSchema>;
