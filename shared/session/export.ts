import type { RunRecord } from './run-record';

/** A run's stored path as CSV: step, one column per variable, f, ‖∇f‖. */
export function runToCsv(run: RunRecord, variables: readonly string[]): string {
  const path = run.path;
  const header = ['step', ...variables, 'f', 'gradNorm'].join(',');
  if (!path) return `${header}\n`;
  const n = path.dimension;
  const lines = path.steps.map((step, k) =>
    [step, ...path.points.slice(k * n, k * n + n), path.values[k] ?? Number.NaN, path.gradientNorms[k] ?? Number.NaN]
      .map((v) => String(v))
      .join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}
