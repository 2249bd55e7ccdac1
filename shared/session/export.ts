import type { JobSpecInput } from '../spec';
import type { RunRecord } from './run-record';

/** An optimizer's parameters as a reader writes them: "lr = 0.1, betas = (0.9, 0.999)". */
export function parametersText(optimizer: JobSpecInput['optimizer']): string {
  const { name: _name, ...parameters } = optimizer;
  return Object.entries(parameters)
    .map(([key, value]) => `${key} = ${Array.isArray(value) ? `(${value.join(', ')})` : String(value)}`)
    .join(', ');
}

/** Where a CSV came from: the app's version and when it was written. */
export interface ExportOrigin {
  readonly appVersion: string;
  readonly exportedAt: string;
}

/**
 * What a run was, as `#` comment lines above its CSV (pandas reads past them with
 * `comment='#'`, spreadsheets show them as text): function, optimizer and its parameters, start,
 * gradient, schedule, stop rules, outcome, date and app version.
 */
function about(run: RunRecord, variables: readonly string[], origin: ExportOrigin): string[] {
  const { spec } = run;
  const optimizer = spec.optimizer.name;
  const listed = parametersText(spec.optimizer);
  const gradient =
    spec.gradient.method === 'exact'
      ? 'exact (symbolic)'
      : `${spec.gradient.method} difference, h = ${spec.gradient.h}`;
  const { type, ...scheduleParameters } = spec.schedule;
  const schedule = [type, ...Object.entries(scheduleParameters).map(([key, value]) => `${key} = ${String(value)}`)];
  const stop = `${spec.stop.maxSteps} steps, tolGrad = ${spec.stop.tolGrad}, tolF = ${spec.stop.tolF}`;
  return [
    `Descent Lab ${origin.appVersion}: ${run.name}`,
    `f(${variables.join(', ')}) = ${spec.expression}`,
    `optimizer: ${optimizer}, ${listed}`,
    `start: ${variables.map((name, i) => `${name} = ${String(spec.start[i])}`).join(', ')}`,
    `gradient: ${gradient}`,
    `schedule: ${schedule.join(', ')}; stop: ${stop}`,
    `status: ${run.status}${run.summary ? ` (${run.summary.reason})` : ''}; run at ${run.createdAt}; exported ${origin.exportedAt}`,
  ].map((line) => `# ${line.replace(/[\r\n]+/g, ' ')}`);
}

/** A run's stored path as CSV: what the run was (comment lines), then step, each variable, f, ‖∇f‖. */
export function runToCsv(run: RunRecord, variables: readonly string[], origin?: ExportOrigin): string {
  const path = run.path;
  const header = ['step', ...variables, 'f', 'gradNorm'].join(',');
  const top = origin ? about(run, variables, origin) : [];
  if (!path) return [...top, header].join('\n') + '\n';
  const n = path.dimension;
  const lines: string[] = [];
  for (let k = 0; k < path.count; k++) {
    const row = [path.steps[k], ...path.points.subarray(k * n, k * n + n), path.values[k], path.gradientNorms[k]];
    lines.push(row.map((v) => String(v ?? Number.NaN)).join(','));
  }
  return [...top, header, ...lines].join('\n') + '\n';
}
