import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PathRows } from '@shared/engine/path-rows';
import { PATH_CAP, PathThinner } from '@shared/engine/thinning';
import { PathRecorder } from '@shared/session/path-recorder';
import { JobSpecSchema } from '@shared/spec';
import { DISPLAY_CAP } from './run-service';
import { SessionStore } from './session-store';
import { testSessionThread } from '../test/worker-harness';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-large-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } });
const megabytes = (): number => process.memoryUsage().heapUsed / 1024 ** 2;

describe('a large history', () => {
  it('thousands of runs and a ten-million-step path: memory stays bounded, the path is kept thinned', async () => {
    const store = new SessionStore({
      dataDir: path.join(dir, 'data'),
      appVersion: 'test',
      thread: testSessionThread(),
    });
    await store.load();
    for (let k = 0; k < 3000; k++) {
      await store.upsert({
        id: `run-${k}`,
        name: `Run ${k}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)).toISOString(),
        spec,
        status: 'max-steps',
        summary: { steps: 100, x: [0, 0], value: 0, gradientNorm: 0, reason: 'done' },
      });
    }
    await store.close();

    const again = new SessionStore({
      dataDir: path.join(dir, 'data'),
      appVersion: 'test',
      thread: testSessionThread(),
    });
    await again.load();
    expect(again.list()).toHaveLength(3000);
    const before = megabytes();

    // Ten million steps streamed as the run service streams them: every row to the recorder,
    // the display-thinned rows appended to the working copy as they come.
    await again.upsert({ id: 'long', name: 'Long', createdAt: new Date().toISOString(), spec, status: 'running' });
    const recorder = new PathRecorder(2);
    const display = new PathThinner(2, DISPLAY_CAP);
    const rows = 16_384;
    const batch = (from: number): PathRows => ({
      count: rows,
      dimension: 2,
      steps: Float64Array.from({ length: rows }, (_, i) => from + i),
      points: new Float64Array(rows * 2).fill(0.5),
      values: new Float64Array(rows).fill(1),
      gradientNorms: new Float64Array(rows).fill(2),
    });
    let peak = 0;
    const total = Math.ceil(10_000_000 / rows) * rows;
    for (let from = 0; from < total; from += rows) {
      const rowsNow = batch(from);
      recorder.add(rowsNow);
      display.add(rowsNow);
      const shown = display.take();
      if (shown.count > 0) again.appendPath('long', shown);
      if (from % (rows * 64) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        peak = Math.max(peak, megabytes() - before);
      }
    }
    await again.upsert({
      id: 'long',
      name: 'Long',
      createdAt: new Date().toISOString(),
      spec,
      status: 'max-steps',
      path: recorder.result(),
    });
    const stored = await again.get('long');
    expect(stored?.path?.thinned).toBe(true);
    expect(stored?.path?.steps.length).toBeLessThanOrEqual(PATH_CAP + 1);
    expect(stored?.path?.steps.at(-1)).toBe(10_000_000 - 1 + ((rows - (10_000_000 % rows)) % rows));
    // The history is on disk, not in memory: the long run costs its recorder, not its steps.
    expect(peak).toBeLessThan(200);
    await again.close();
  }, 120_000);
});
