import type { Message } from '@shared/messages';
import type { StepInspection } from '@shared/engine/inspect';
import type { RunJob, RunSummary } from '@shared/engine/runner';
import type { PathRows } from '@shared/engine/path-rows';

/** Short jobs that answer once: one step of a run replayed for the inspector. */
export type WorkerTask = { type: 'inspect'; job: RunJob; step: number };

export interface TaskResults {
  inspect: StepInspection;
}

/** Messages between the job supervisor and a worker process (utilityProcess or fork). */
export type ToWorker =
  | { type: 'run'; jobId: string; job: RunJob }
  | { type: 'task'; jobId: string; task: WorkerTask }
  | { type: 'cancel'; jobId: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'heartbeat' }
  /** The worker took a job (so a worker that freezes before this can be replaced, its job moved). */
  | { type: 'started'; jobId: string }
  | { type: 'batch'; jobId: string; batch: PathRows }
  | { type: 'run-end'; jobId: string; summary: RunSummary }
  | { type: 'task-end'; jobId: string; result: TaskResults[WorkerTask['type']] }
  | { type: 'job-error'; jobId: string; message: Message };

export const HEARTBEAT_INTERVAL_MS = 500;
/** The worker yields (posts a batch, reads messages) at least this often: ≤ ~60 batches a second. */
export const BATCH_INTERVAL_MS = 16;
