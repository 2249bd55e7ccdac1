import { randomUUID } from 'node:crypto';
import type { StepInspection } from '@shared/engine/inspect';
import { prepareJob } from '@shared/engine/prepare';
import type { RunJob } from '@shared/engine/runner';
import type { PathRows } from '@shared/engine/path-rows';
import { PathThinner } from '@shared/engine/thinning';
import type { EventPayloads } from '@shared/ipc/contract';
import { PathRecorder } from '@shared/session/path-recorder';
import { summaryAtLastRow, type RunListing, type RunRecord } from '@shared/session/run-record';
import type { JobSpec } from '@shared/spec';
import { UserError, message } from '@shared/messages';
import { nextRunColor } from '@shared/session/run-colors';
import { defaultRunName, parseRunName } from '@shared/session/run-names';
import { MainText } from './locale';
import type { JobSupervisor, RunOutcome } from './job-supervisor';
import type { SessionStore } from './session-store';

/** Rows per stride level of the stream to the window (every step up to this, then every 2nd…). */
export const DISPLAY_CAP = 4096;

export type EventSink = <N extends keyof EventPayloads>(name: N, payload: EventPayloads[N]) => void;

function listing(record: RunRecord): RunListing {
  const { path: _path, ...rest } = record;
  return rest;
}

/**
 * A run's life on the main side: recorded in the history when it starts, its batches forwarded
 * to the window and gathered into its stored path, its outcome recorded when it ends.
 */
export class RunService {
  private readonly active = new Map<string, { jobId: string; recorder: PathRecorder; started: number }>();
  /** The highest run number given in the open document (a deleted run's is not given again while Undo may restore it). */
  private numbering = { generation: -1, highest: 0 };
  /** The inspect job in flight, if any. */
  private inspecting: string | undefined;
  /** The run last inspected, parsed once: scrubbing asks for step after step of the same run. */
  private inspected: { runId: string; job: RunJob } | undefined;

  constructor(
    private readonly supervisor: JobSupervisor,
    private readonly store: SessionStore,
    private readonly emit: EventSink,
    private readonly clock: () => number = () => performance.now(),
    private readonly locale = new MainText(),
  ) {}

  /** A default name no other run of this session has: "Run n · adam", n counted per session. */
  private nameFor(optimizer: string): string {
    if (this.numbering.generation !== this.store.generation) {
      this.numbering = { generation: this.store.generation, highest: 0 };
    }
    const runs = this.store.list();
    const taken = new Set(runs.map((run) => run.name));
    const named = (n: number): string => defaultRunName(this.locale.language, n, optimizer);
    let n =
      runs.reduce((highest, run) => Math.max(highest, parseRunName(run.name)?.n ?? 0), this.numbering.highest) + 1;
    while (taken.has(named(n))) n++;
    this.numbering.highest = n;
    return named(n);
  }

  /**
   * Starts a run of a validated spec (its function is parsed and checked here, once: a bad one
   * throws a UserError); settles with its listing once it is recorded in the history (the job is
   * already going by then).
   */
  async start(spec: JobSpec): Promise<RunListing> {
    const job = prepareJob(spec);
    const dimension = job.expression.variables.length;
    const id = randomUUID();
    const optimizer = spec.optimizer.name;
    const record: RunRecord = {
      id,
      name: this.nameFor(optimizer),
      color: nextRunColor(this.store.list().map((run) => run.color)),
      createdAt: new Date().toISOString(),
      spec,
      status: 'running',
    };
    const recorded = this.store.upsert(record);
    const recorder = new PathRecorder(dimension);
    // The window draws a few thousand points at most: it gets a more thinly sampled stream than
    // the history keeps, so a fast run does not flood it (the stored path is there when needed).
    const display = new PathThinner(dimension, DISPLAY_CAP);
    const started = this.clock();
    const jobId = this.supervisor.startRun(job, {
      onBatch: (batch: PathRows) => {
        // Rows still in flight from a run already ended here (cancelled) are not its.
        if (!this.active.has(id)) return;
        recorder.add(batch);
        display.add(batch);
        const shown = display.take();
        if (shown.count === 0) return;
        this.emit('runProgress', { runId: id, batch: shown });
        // What the window was shown is also written as the run goes, so a crash keeps it.
        this.store.appendPath(id, shown);
      },
      onEnd: (outcome: RunOutcome) => this.finish(id, outcome),
    });
    this.active.set(id, { jobId, recorder, started });
    await recorded;
    return listing(record);
  }

  /** Cancels every running job (before the session is replaced). */
  cancelAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }

  /**
   * Cancels a run at once, whatever its job is doing: it ends here, as cancelled, with the path
   * it had, and the window is told before this returns. The worker stops on its own (or is
   * stopped) meanwhile; whatever it still sends is not the run's.
   */
  cancel(runId: string): boolean {
    const active = this.active.get(runId);
    if (!active) return false;
    this.supervisor.cancel(active.jobId);
    this.finish(runId, { status: 'cancelled' });
    return true;
  }

  list(): RunListing[] {
    return [...this.store.list()];
  }

  /** A run with its recorded path, for the window. */
  async get(runId: string): Promise<RunRecord> {
    const run = await this.store.get(runId);
    if (!run) throw new UserError(message('run.unknown', { id: runId }));
    return run;
  }

  async update(runId: string, changes: { name?: string; notes?: string }): Promise<RunListing> {
    const record = this.store.listing(runId);
    if (!record) throw new UserError(message('run.unknown', { id: runId }));
    const name = changes.name?.trim();
    if (name && this.store.list().some((run) => run.id !== runId && run.name === name))
      throw new UserError(message('run.nameTaken', { name }));
    const updated = {
      ...record,
      ...(name ? { name } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    };
    await this.store.upsert(updated);
    return listing(updated);
  }

  /** Deletes a run (cancelling it if it is still going) and returns it for Undo. */
  async remove(runId: string): Promise<RunRecord> {
    this.cancel(runId);
    this.active.delete(runId);
    const removed = await this.store.remove(runId);
    if (!removed) throw new UserError(message('run.unknown', { id: runId }));
    return removed;
  }

  async restore(record: RunRecord): Promise<RunListing> {
    // A run deleted while it was running comes back as interrupted: its job is gone.
    const restored: RunRecord = record.status === 'running' ? { ...record, status: 'interrupted' } : record;
    await this.store.restore(restored);
    return listing(restored);
  }

  /**
   * One step of a run replayed in a worker. Only the newest request matters (the user is
   * scrubbing), so it cancels the one before it instead of queueing behind it.
   */
  inspectStep(runId: string, step: number): Promise<StepInspection> {
    const record = this.store.listing(runId);
    if (!record) return Promise.reject(new UserError(message('run.unknown', { id: runId })));
    // A run's spec never changes, so its parsed job can be kept for the next step asked for.
    if (this.inspected?.runId !== runId) this.inspected = { runId, job: prepareJob(record.spec) };
    const { job } = this.inspected;
    if (this.inspecting) this.supervisor.cancel(this.inspecting);
    const { jobId, result } = this.supervisor.runTask({ type: 'inspect', job, step });
    this.inspecting = jobId;
    const done = (): void => {
      if (this.inspecting === jobId) this.inspecting = undefined;
    };
    result.then(done, done);
    return result;
  }

  private finish(runId: string, outcome: RunOutcome): void {
    const active = this.active.get(runId);
    const record = this.store.listing(runId);
    this.active.delete(runId);
    // A run of a session that has since been closed is not written into the new one.
    if (!active || !record) return;
    const durationMs = Math.round(this.clock() - active.started);
    const path = active.recorder.result();
    let updated: RunRecord;
    if (outcome.status === 'failed') {
      updated = { ...record, status: 'failed', durationMs, path, summary: summaryAtLastRow(path, outcome.reason) };
    } else if (outcome.summary) {
      // The engine's own summary (finished, or cancelled by the worker): where it stopped, and why.
      const { status, ...summary } = outcome.summary;
      updated = { ...record, status, durationMs, summary, path };
    } else {
      // Killed, or cancelled before it started: the summary is where the recorded path got to.
      const step = Math.max(0, path.steps[path.count - 1] ?? 0);
      updated = {
        ...record,
        status: 'cancelled',
        durationMs,
        path,
        summary: summaryAtLastRow(path, message('run.stoppedAt', { step })),
      };
    }
    // The window is told at once; a read of the run waits for its final path to be written.
    void this.store.upsert(updated);
    this.emit('runEnded', { run: listing(updated) });
  }
}
