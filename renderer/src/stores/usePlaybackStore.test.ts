import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inspectStep, type StepInspection } from '@shared/engine/inspect';
import { prepareJob } from '@shared/engine/prepare';
import { Run } from '@shared/engine/runner';
import type { DescentApi } from '@shared/ipc/contract';
import type { Message } from '@shared/messages';
import { PathRecorder } from '@shared/session/path-recorder';
import type { RunRecord } from '@shared/session/run-record';
import { JobSpecSchema, type JobSpec } from '@shared/spec';
import { usePlaybackStore } from './usePlaybackStore';
import { useRunsStore } from './useRunsStore';

const SPEC: JobSpec = JobSpecSchema.parse({
  expression: 'x^2 + y^2',
  start: [-3, 4],
  optimizer: { name: 'sgd', lr: 0.01 },
  stop: { maxSteps: 1000, tolGrad: 0, tolF: 0 },
});

/** A finished run as the history holds it, its path thinned (a recorder with a small cap). */
function finishedRun(id: string, cap = 64): RunRecord {
  const recorder = new PathRecorder(2, cap);
  new Run(prepareJob(SPEC)).runToEnd((batch) => recorder.add(batch));
  return {
    id,
    name: id,
    createdAt: new Date(0).toISOString(),
    spec: SPEC,
    status: 'max-steps',
    path: recorder.result(),
  };
}

function engineAnswer(spec: JobSpec, step: number): StepInspection {
  const steps = inspectStep(prepareJob(spec), step);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

type Failure = { ok: false; error: Message };

/** A host holding `records`, answering each inspection when released: the engine's own answer, or a failure. */
function host(records: RunRecord[]): { asked: number[]; release: (failure?: Failure) => void } {
  const asked: number[] = [];
  const pending: ((failure?: Failure) => void)[] = [];
  const api: Partial<DescentApi> = {
    getRun: async ({ runId }) => {
      const run = records.find((record) => record.id === runId);
      return run ? { ok: true, value: run } : { ok: false, error: { code: 'run.unknown' } };
    },
    inspectStep: ({ step }) => {
      asked.push(step);
      return new Promise((resolve) =>
        pending.push((failure) => resolve(failure ?? { ok: true, value: engineAnswer(SPEC, step) })),
      );
    },
  };
  Object.defineProperty(window, 'api', { value: api, configurable: true });
  return {
    asked,
    release: (failure) => {
      const next = pending.shift();
      if (!next) throw new Error('nothing is waiting');
      next(failure);
    },
  };
}

async function show(records: RunRecord[], id: string): Promise<ReturnType<typeof useRunsStore>> {
  const runs = useRunsStore();
  runs.history = records.map(({ path: _path, ...listing }) => listing);
  await runs.select(id);
  return runs;
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  Reflect.deleteProperty(window, 'api');
});

describe('usePlaybackStore', () => {
  it('reads a row’s step from a thinned path, and keeps the playhead on the path', async () => {
    const record = finishedRun('a');
    host([record]);
    await show([record], 'a');
    const playback = usePlaybackStore();
    const steps = Array.from(record.path?.steps ?? []);
    expect(record.path?.thinned).toBe(true);
    expect(playback.available).toBe(true);
    expect(playback.rows).toBe(steps.length);
    // The whole path is shown: the playhead rests on its last row, the run's last step.
    expect(playback.index).toBeUndefined();
    expect(playback.step).toBe(1000);
    expect(playback.lastStep).toBe(1000);
    playback.seek(10);
    expect(playback.step).toBe(steps[10]);
    expect(playback.step).not.toBe(10);
    playback.seek(-5);
    expect(playback.current).toBe(0);
    playback.seek(1e9);
    expect(playback.current).toBe(steps.length - 1);
    playback.stepBy(-1);
    expect(playback.step).toBe(steps.at(-2));
  });

  it('is not offered for a running run', async () => {
    const record = finishedRun('a');
    host([record]);
    const runs = await show([{ ...record, status: 'running' }], 'a');
    const playback = usePlaybackStore();
    expect(runs.selectedPath?.count).toBeGreaterThan(1);
    expect(playback.available).toBe(false);
    playback.seek(3);
    playback.play();
    expect(playback.index).toBeUndefined();
    expect(playback.playing).toBe(false);
  });

  it('asks for the step under a resting playhead only, and shows only the newest answer', async () => {
    const record = finishedRun('a', 100_000);
    const fake = host([record]);
    // As in the window: the store is there before a run is chosen.
    const playback = usePlaybackStore();
    await show([record], 'a');
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.asked).toEqual([1000]);
    // Scrubbing: three rows within the debounce make one request, for the last of them.
    playback.seek(5);
    playback.seek(6);
    playback.seek(7);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.asked).toEqual([1000, 7]);
    // The first answer arrives after the second was asked for: it is not shown.
    fake.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(playback.inspection).toBeUndefined();
    expect(playback.inspecting).toBe(true);
    fake.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(playback.inspection?.step).toBe(7);
    expect(playback.inspection?.point).toEqual(engineAnswer(SPEC, 7).point);
    expect(playback.inspecting).toBe(false);
    // While playing, nothing is asked.
    playback.speed = 5;
    playback.play();
    await vi.advanceTimersByTimeAsync(500);
    expect(playback.playing).toBe(true);
    expect(fake.asked).toHaveLength(2);
    playback.stop();
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.asked).toHaveLength(3);
    // A failed inspection says why and keeps nothing stale.
    fake.release({ ok: false, error: { code: 'worker.crashed', params: { code: 1 } } });
    await vi.advanceTimersByTimeAsync(0);
    expect(playback.error).toEqual({ code: 'worker.crashed', params: { code: 1 } });
  });

  it('starts over from the first row when played at the end, and resets when another run is chosen', async () => {
    const records = [finishedRun('a', 100_000), finishedRun('b', 100_000)];
    host(records);
    const runs = await show(records, 'a');
    const playback = usePlaybackStore();
    playback.play();
    expect(playback.current).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(playback.current).toBeGreaterThan(0);
    expect(playback.current).toBeLessThan(30);
    await runs.select('b');
    expect(playback.playing).toBe(false);
    expect(playback.index).toBeUndefined();
    expect(playback.inspection).toBeUndefined();
  });
});
