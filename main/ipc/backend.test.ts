import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INVOKE_NAMES } from '@shared/ipc/channels';
import type { EventPayloads } from '@shared/ipc/contract';
import { dispatch } from '@shared/ipc/dispatch';
import { formatMessage, message } from '@shared/messages';
import { testSessionThread, testWorkerFactory, type TestWorkerFactory } from '../test/worker-harness';
import { createBackend, type Backend } from './backend';
import { readSessionDocument } from '../services/session-files';
import { WORKING_COPY_FILE } from '../services/session-store';
import type { RunListing } from '@shared/session/run-record';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function backend(): Promise<{
  backend: Backend;
  dir: string;
  events: { name: string; payload: unknown }[];
  workers: TestWorkerFactory;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-backend-'));
  const events: { name: string; payload: unknown }[] = [];
  const workers = testWorkerFactory({ faults: true });
  const created = await createBackend({
    dataDir: dir,
    appVersion: 'test',
    createWorker: workers,
    sessionThread: testSessionThread(),
    emit: <N extends keyof EventPayloads>(name: N, payload: EventPayloads[N]) => events.push({ name, payload }),
    poolSize: 1,
    log: () => undefined,
  });
  cleanups.push(async () => {
    await created.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return { backend: created, dir, events, workers };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
};

/** A short run started after whatever the test did ends normally: nothing was left stuck. */
async function expectNextRunWorks(app: Backend): Promise<void> {
  const next = await dispatch(app.handlers, 'startRun', {
    expression: 'x^2',
    start: [1],
    optimizer: { name: 'sgd', lr: 0.1 },
  });
  if (!next.ok) throw new Error(formatMessage(next.error));
  await until(() => app.store.listing(next.value.id)?.status !== 'running');
  expect(app.store.listing(next.value.id)?.status).toBe('max-steps');
}

describe('backend', () => {
  it('records a run as running when it starts, and a crashed worker as failed with the reason; the next run works', async () => {
    const { backend: app, dir, workers } = await backend();
    const started = await dispatch(app.handlers, 'startRun', {
      expression: 'x^2 + y^2',
      start: [-3, 4],
      optimizer: { name: 'sgd', lr: 1e-9 },
      stop: { maxSteps: 100_000_000 },
    });
    if (!started.ok) throw new Error(formatMessage(started.error));
    const { id: runId } = started.value;
    expect(app.store.listing(runId)?.status).toBe('running');
    // Recorded in the working copy at once, not at the next autosave.
    expect((await readSessionDocument(path.join(dir, WORKING_COPY_FILE), '1')).document.runs[0]?.status).toBe(
      'running',
    );

    await until(() => app.supervisor.busyWorkers === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    workers.injectFault('crash');
    await until(() => app.store.listing(runId)?.status !== 'running');
    expect(app.store.listing(runId)).toMatchObject({
      status: 'failed',
      summary: { reason: expect.stringMatching(/SIGKILL/) as unknown },
    });

    await expectNextRunWorks(app);
  }, 60_000);

  it('replays a step for the inspector in a worker; a newer request supersedes an older one', async () => {
    const { backend: app } = await backend();
    const spec = { expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } };
    // The inspector names a run; main replays it from the spec it holds.
    const started = async (input: object): Promise<string> => {
      const run = await dispatch(app.handlers, 'startRun', input);
      if (!run.ok) throw new Error(formatMessage(run.error));
      await dispatch(app.handlers, 'cancelRun', { runId: run.value.id });
      return run.value.id;
    };
    const long = await started({ ...spec, stop: { maxSteps: 50_000_000 } });
    const article = await started(spec);
    const slow = dispatch(app.handlers, 'inspectStep', { runId: long, step: 40_000_000 });
    const quick = await dispatch(app.handlers, 'inspectStep', { runId: article, step: 0 });
    expect(await slow).toEqual({ ok: false, error: { code: 'run.cancelled' } });
    expect(quick.ok && quick.value.next?.actual).toBeCloseTo(-9, 9);
    expect(await dispatch(app.handlers, 'inspectStep', { runId: 'gone', step: 3 })).toEqual({
      ok: false,
      error: { code: 'run.unknown', params: { id: 'gone' } },
    });
  }, 30_000);

  it("words its title and run names in the window's language, and tells the window when it changes", async () => {
    const { backend: app, events } = await backend();
    const changed = await dispatch(app.handlers, 'setLanguage', { language: 'ja' });
    expect(changed).toMatchObject({ ok: true, value: { title: '無題' } });
    expect(events.at(-1)).toMatchObject({ name: 'sessionChanged', payload: { title: '無題' } });
    const started = await dispatch(app.handlers, 'startRun', {
      expression: 'x^2',
      start: [1],
      optimizer: { name: 'adam', lr: 0.1 },
    });
    if (!started.ok) throw new Error(formatMessage(started.error));
    expect(started.value.name).toBe('実行 1 · adam');
    expect(app.store.listing(started.value.id)?.name).toBe('実行 1 · adam');
    await until(() => app.store.listing(started.value.id)?.status !== 'running');
    const reason = app.store.listing(started.value.id)?.summary?.reasonMessage;
    expect(reason).toEqual({ code: 'run.maxSteps', params: { steps: 100 } });
    expect(app.locale.describe(message('run.maxSteps', { steps: 100 }))).toBe('ステップ数の上限（100）に達しました');
    expect(await dispatch(app.handlers, 'setLanguage', { language: 'fr' })).toMatchObject({
      ok: false,
      error: { code: 'field.oneOf', params: { field: 'language', options: 'en, ja', got: '"fr"' } },
    });
  }, 30_000);

  it('refuses malformed payloads on every channel with a message, never an exception', async () => {
    const { backend: app } = await backend();
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      'text',
      [],
      { __proto__: { polluted: true } },
      { runId: 7 },
      { path: 'relative.dlab' },
    ];
    for (const name of INVOKE_NAMES) {
      for (const payload of garbage) {
        if (name === 'listRuns' || name === 'getSession' || name === 'newSession' || name === 'revertSession') {
          if (
            typeof payload === 'object' &&
            payload !== null &&
            !Array.isArray(payload) &&
            Object.keys(payload).length === 0
          )
            continue;
        }
        const result = await dispatch(app.handlers, name, payload);
        if (result.ok) continue;
        const text = formatMessage(result.error);
        expect(text.length, `${name} ${JSON.stringify(payload)}`).toBeGreaterThan(5);
        expect(text).not.toMatch(/\n\s+at /);
      }
    }
    const relative = await dispatch(app.handlers, 'saveSession', { path: 'relative.dlab' });
    expect(relative).toEqual({ ok: false, error: { code: 'spec.pathNotAbsolute' } });
    const wrongKind = await dispatch(app.handlers, 'exportSession', { path: '/tmp/evil.sh' });
    expect(wrongKind).toEqual({
      ok: false,
      error: { code: 'file.extension', params: { name: 'evil.sh', extension: '.json' } },
    });
  }, 60_000);

  it('names runs uniquely, numbered per session, whatever was deleted, renamed or written in another language', async () => {
    const { backend: app } = await backend();
    const start = async (name: string): Promise<RunListing> => {
      const started = await dispatch(app.handlers, 'startRun', {
        expression: 'x^2',
        start: [1],
        optimizer: { name, lr: 0.1 },
      });
      if (!started.ok) throw new Error(formatMessage(started.error));
      return started.value;
    };
    expect((await start('sgd')).name).toBe('Run 1 · sgd');
    const second = await start('adam');
    expect(second.name).toBe('Run 2 · adam');
    // A deleted run's number is not given again (Undo may bring it back).
    const removed = await dispatch(app.handlers, 'deleteRun', { runId: second.id });
    expect(removed.ok).toBe(true);
    expect((await start('adagrad')).name).toBe('Run 3 · adagrad');
    // Numbers are read back from names in either language.
    app.locale.language = 'ja';
    expect((await start('sgd')).name).toBe('実行 4 · sgd');
    app.locale.language = 'en';
    expect((await start('sgd')).name).toBe('Run 5 · sgd');
    // A name another run has is refused, in words.
    const first = app.store.list().at(-1)?.id ?? '';
    expect(await dispatch(app.handlers, 'updateRun', { runId: first, name: 'Run 5 · sgd' })).toEqual({
      ok: false,
      error: message('run.nameTaken', { name: 'Run 5 · sgd' }),
    });
    // A new session counts from 1 again.
    await dispatch(app.handlers, 'newSession', {});
    expect((await start('sgd')).name).toBe('Run 1 · sgd');
  }, 60_000);

  it('cancels a run at any moment at once: it is recorded cancelled, with its path so far, before the reply', async () => {
    const { backend: app, events } = await backend();
    for (const wait of [0, 5, 50, 400]) {
      const started = await dispatch(app.handlers, 'startRun', {
        expression: 'x^2 + y^2',
        start: [-3, 4],
        optimizer: { name: 'sgd', lr: 1e-9 },
        stop: { maxSteps: 100_000_000 },
      });
      if (!started.ok) throw new Error(formatMessage(started.error));
      const { id: runId } = started.value;
      await new Promise((resolve) => setTimeout(resolve, wait));
      expect(await dispatch(app.handlers, 'cancelRun', { runId })).toEqual({ ok: true, value: { cancelled: true } });
      expect(app.store.listing(runId)?.status).toBe('cancelled');
      expect(events.filter((event) => event.name === 'runEnded').at(-1)?.payload).toMatchObject({
        run: { id: runId, status: 'cancelled' },
      });
      const seen = events.length;
      // Nothing the worker still sends is drawn or stored as this run's.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events.slice(seen).filter((event) => (event.payload as { runId?: string }).runId === runId)).toEqual([]);
    }
    // The next run is not held up behind the cancelled ones.
    await expectNextRunWorks(app);
  }, 60_000);

  it('gives each run a colour of its own that stays: distinct across a 10-way compare, kept through deletes and a restart', async () => {
    const { backend: app, dir } = await backend();
    const ids: string[] = [];
    for (let k = 0; k < 10; k++) {
      const started = await dispatch(app.handlers, 'startRun', {
        expression: 'x^2',
        start: [1],
        optimizer: { name: 'sgd', lr: 0.1 },
      });
      if (!started.ok) throw new Error(formatMessage(started.error));
      ids.push(started.value.id);
    }
    const colour = (id: string): string | undefined => app.store.listing(id)?.color;
    expect(new Set(ids.map(colour)).size).toBe(10);
    const before = new Map(ids.map((id) => [id, colour(id)]));
    await dispatch(app.handlers, 'deleteRun', { runId: ids[3] ?? '' });
    for (const id of ids.filter((_, i) => i !== 3)) expect(colour(id)).toBe(before.get(id));
    // A new run takes the colour no run has now.
    const next = await dispatch(app.handlers, 'startRun', {
      expression: 'x^2',
      start: [1],
      optimizer: { name: 'sgd', lr: 0.1 },
    });
    if (!next.ok) throw new Error(formatMessage(next.error));
    expect(colour(next.value.id)).toBe(before.get(ids[3] ?? ''));
    await until(() => app.store.list().every((run) => run.status !== 'running'));
    await app.dispose();
    const again = await createBackend({
      dataDir: dir,
      appVersion: 'test',
      createWorker: testWorkerFactory(),
      sessionThread: testSessionThread(),
      emit: () => undefined,
      log: () => undefined,
    });
    try {
      for (const id of ids.filter((_, i) => i !== 3)) expect(again.store.listing(id)?.color).toBe(before.get(id));
    } finally {
      await again.dispose();
    }
  }, 60_000);
});
