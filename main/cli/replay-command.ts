import { formatMessage, message, systemReason } from '@shared/messages';
import path from 'node:path';
import { prepareRun } from '@shared/engine/prepare';
import { UserError } from '@shared/messages';
import { readSessionDocument } from '../services/session-files';
import { APP_VERSION } from '../version';
import { UsageError } from './run-command';

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const show = (x: readonly number[]): string => `(${x.map((v) => String(v)).join(', ')})`;

/**
 * `descent-lab replay <file.dlab>`: re-runs every run of a session and reports, run by run,
 * whether the recomputed result matches the stored one bit for bit. Exit code 0 when all match,
 * 1 when any differs, 2 for a bad file.
 */
export async function replayCommand(args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new UsageError('usage: descent-lab replay <file.dlab>');
  let document;
  try {
    // Either format: a SQLite .dlab, or a JSON one of schema version 1.
    ({ document } = await readSessionDocument(path.resolve(file), APP_VERSION));
  } catch (error) {
    if (error instanceof UserError) throw new UsageError(formatMessage(error.detail));
    const code = (error as NodeJS.ErrnoException).code;
    if (code)
      throw new UsageError(
        formatMessage(message('file.unreadable', { name: path.basename(file), code: systemReason(code) })),
      );
    throw error;
  }
  const lines: string[] = [];
  let differing = 0;
  for (const run of [...document.runs].reverse()) {
    const label = `${run.name} [${run.spec.expression}]`;
    if (
      !run.summary ||
      run.status === 'running' ||
      run.status === 'interrupted' ||
      run.status === 'cancelled' ||
      run.status === 'failed'
    ) {
      lines.push(`- ${label}: skipped (${run.status}, no final result to compare)`);
      continue;
    }
    const prepared = prepareRun(run.spec);
    if (!prepared.ok) {
      differing++;
      lines.push(`✗ ${label}: cannot be re-run: ${formatMessage(prepared.error)}`);
      continue;
    }
    const summary = prepared.value.runToEnd();
    if (summary.status === run.status && summary.steps === run.summary.steps && same(summary.x, run.summary.x)) {
      lines.push(`✓ ${label}: matches (${summary.status}, ${summary.steps} steps, x = ${show(summary.x)})`);
    } else {
      differing++;
      lines.push(
        `✗ ${label}: differs — stored ${run.status} after ${run.summary.steps} steps at ${show(run.summary.x)}, recomputed ${summary.status} after ${summary.steps} steps at ${show(summary.x)}`,
      );
    }
  }
  const compared = lines.filter((l) => !l.startsWith('-')).length;
  lines.push(`${compared - differing} of ${compared} runs match`);
  return { stdout: `${lines.join('\n')}\n`, exitCode: differing > 0 ? 1 : 0 };
}
