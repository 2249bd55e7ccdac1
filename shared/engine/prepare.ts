import { UserError, message, type Result } from '../messages';
import { JobSpecSchema, validate, type JobSpec } from '../spec';
import { parseOrThrow, type ParsedExpression } from './expression';
import { Run, type RunJob } from './runner';

/*
 * From a spec as it came in to a run: validated, its function parsed and checked against the
 * start point. The host (main, the CLI) does this once; workers take the result (`RunJob`).
 */

/** Validates a spec as it came in (JSON, IPC, CLI) and builds its run; never throws. */
export function prepareRun(input: unknown): Result<Run> {
  const parsed = validate(JobSpecSchema, input);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: new Run(prepareJob(parsed.value)) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, error: error.detail };
    throw error;
  }
}

/**
 * The checks that need the parsed function (the start point's dimension), without compiling
 * anything: cheap enough for the main process to run before it hands a job to a worker.
 */
export function checkSpec(spec: JobSpec): ParsedExpression {
  const expression = parseOrThrow(spec.expression);
  const { variables } = expression;
  if (variables.length === 0) throw new UserError(message('run.noVariables'));
  if (spec.start.length !== variables.length) {
    throw new UserError(message('run.startMismatch', { names: variables.join(', '), count: spec.start.length }));
  }
  return expression;
}

/** A validated spec made ready for a worker; throws a UserError when it cannot run. */
export function prepareJob(spec: JobSpec): RunJob {
  return { spec, expression: checkSpec(spec) };
}
