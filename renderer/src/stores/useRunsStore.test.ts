import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DescentApi, EventPayloads } from '@shared/ipc/contract';
import type { RunListing } from '@shared/session/run-record';
import { JobSpecSchema, type JobSpecInput } from '@shared/spec';
import { useNoticeStore } from './useNoticeStore';
import { useRunsStore } from './useRunsStore';

const SPEC: JobSpecInput = { expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } };

/** A host that keeps runs as main would and counts what it is asked. */
function fakeHost(): {
  calls: Record<string, number>;
  emit: <N extends 'runEnded'>(name: N, payload: EventPayloads[N]) => void;
  runs: RunListing[];
  answerStart: (listener: (run: RunListing) => void) => void;
} {
  const calls: Record<string, number> = {};
  const listeners: { runEnded: ((payload: EventPayloads['runEnded']) => void)[] } = { runEnded: [] };
  const runs: RunListing[] = [];
  let next = 0;
  let startAnswer: ((run: RunListing) => void) | undefined;
  const count = (name: string): void => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const api: Partial<DescentApi> = {
    onRunProgress: () => () => undefined,
    onRunEnded: (listener) => {
      listeners.runEnded.push(listener);
      return () => undefined;
    },
    onHostLost: () => () => undefined,
    listRuns: async () => {
      count('listRuns');
      return { ok: true, value: [...runs] };
    },
    getRun: async ({ runId }) => {
      const run = runs.find((r) => r.id === runId);
      return run ? { ok: true, value: run } : { ok: false, error: { code: 'run.unknown', params: { id: runId } } };
    },
    startRun: async (spec) => {
      count('startRun');
      next++;
      const run: RunListing = {
        id: `r${next}`,
        name: `Run ${next} · ${spec.optimizer.name}`,
        createdAt: new Date(0).toISOString(),
        spec: JobSpecSchema.parse(spec),
        status: 'running',
      };
      runs.unshift(run);
      if (startAnswer) {
        const answer = startAnswer;
        startAnswer = undefined;
        answer(run);
      }
      return { ok: true, value: run };
    },
    deleteRun: async ({ runId }) => {
      const index = runs.findIndex((r) => r.id === runId);
      const [gone] = runs.splice(index, 1);
      return gone ? { ok: true, value: gone } : { ok: false, error: { code: 'run.unknown' } };
    },
    restoreRun: async (record) => {
      const restored = { ...record, spec: JobSpecSchema.parse(record.spec) } as RunListing;
      runs.unshift(restored);
      return { ok: true, value: restored };
    },
  };
  Object.defineProperty(window, 'api', { value: api, configurable: true });
  return {
    calls,
    runs,
    emit: (name, payload) => {
      for (const listener of listeners[name]) listener(payload);
    },
    // Called while main handles startRun, before it answers: a fast run's end overtakes the answer.
    answerStart: (listener) => (startAnswer = listener),
  };
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => Reflect.deleteProperty(window, 'api'));

describe('the runs store', () => {
  it('shows a started run from main’s answer, without reading the whole history again', async () => {
    const host = fakeHost();
    const runs = useRunsStore();
    await runs.init();
    expect(host.calls.listRuns).toBe(1);
    expect(await runs.start(SPEC)).toBe(true);
    expect(runs.history.map((r) => [r.name, r.status])).toEqual([['Run 1 · sgd', 'running']]);
    expect(runs.selected?.spec.gradient).toEqual({ method: 'central', h: 1e-4 });
    expect(host.calls.listRuns).toBe(1);
  });

  it('keeps a run that ended before main’s answer to startRun came back', async () => {
    const host = fakeHost();
    const runs = useRunsStore();
    await runs.init();
    host.answerStart((run) => host.emit('runEnded', { run: { ...run, status: 'max-steps' } }));
    await runs.start(SPEC);
    expect(runs.history.map((r) => r.status)).toEqual(['max-steps']);
  });

  it('starts a comparison side by side: the first selected, the rest overlaid, no re-listing', async () => {
    const host = fakeHost();
    const runs = useRunsStore();
    await runs.init();
    await runs.startMany([
      SPEC,
      { ...SPEC, optimizer: { name: 'adam', lr: 0.1 } },
      { ...SPEC, optimizer: { name: 'newton', lr: 1 } },
    ]);
    expect(host.calls.startRun).toBe(3);
    expect(host.calls.listRuns).toBe(1);
    expect(runs.selected?.name).toBe('Run 1 · sgd');
    expect(runs.overlayIds).toEqual(['r1', 'r2', 'r3']);
  });

  it('offers Undo with a delete, and brings deleted runs back newest first', async () => {
    fakeHost();
    const runs = useRunsStore();
    const notices = useNoticeStore();
    await runs.init();
    await runs.start(SPEC);
    await runs.start({ ...SPEC, optimizer: { name: 'adam', lr: 0.1 } });
    await runs.remove('r1');
    await runs.remove('r2');
    expect(notices.current).toMatchObject({ kind: 'note', key: 'app.deleted', params: { name: 'Run 2 · adam' } });
    expect(runs.history).toEqual([]);
    await runs.undoDelete();
    expect(runs.history.map((r) => r.id)).toEqual(['r2']);
    expect(notices.current).toBeUndefined();
    await runs.undoDelete();
    expect(runs.history.map((r) => r.id).sort()).toEqual(['r1', 'r2']);
  });
});
