import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@shared/session/run-record';
import { JobSpecSchema } from '@shared/spec';
import { SessionStore } from './session-store';
import { testSessionThread } from '../test/worker-harness';

// A real full disk: a 4 MiB tmpfs, where this machine lets us mount one (root on Linux).
let dir = '';
let mounted = false;
let why = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
});

afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', dir]);
  await rm(dir, { recursive: true, force: true });
});

const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } });
const rows = 20_000;
const run = (id: string): RunRecord => ({
  id,
  name: id,
  createdAt: new Date().toISOString(),
  spec,
  status: 'max-steps',
  path: {
    dimension: 2,
    thinned: false,
    count: rows,
    steps: Float64Array.from({ length: rows }, (_, i) => i),
    points: Float64Array.from({ length: rows * 2 }, () => Math.random()),
    values: Float64Array.from({ length: rows }, () => Math.random()),
    gradientNorms: Float64Array.from({ length: rows }, () => Math.random()),
  },
});

describe('a full disk', () => {
  it('is told to the user, keeps what the working copy held, and leaves no temporary file', async () => {
    if (!mounted) {
      console.log(`disk-full test not run: cannot mount a tmpfs here (${why})`);
      expect(why).not.toBe('');
      return;
    }
    const store = new SessionStore({
      dataDir: path.join(dir, 'data'),
      appVersion: 'test',
      thread: testSessionThread(),
    });
    await store.load();
    const written: string[] = [];
    for (let k = 0; k < 40 && store.state().notice?.code !== 'file.autosaveFailed'; k++) {
      await store.upsert(run(`run-${k}`));
      // The final path is written chunk by chunk after upsert returns.
      await store.flush();
      if (store.state().notice?.code !== 'file.autosaveFailed') written.push(`run-${k}`);
    }
    expect(store.state().notice?.code).toBe('file.autosaveFailed');
    expect(written.length).toBeGreaterThan(0);
    await expect(store.saveTo(path.join(dir, 'saved.dlab'))).rejects.toThrow();
    await store.close();

    const again = new SessionStore({
      dataDir: path.join(dir, 'data'),
      appVersion: 'test',
      thread: testSessionThread(),
    });
    await again.load();
    const ids = new Set(again.list().map((listed) => listed.id));
    expect(written.filter((id) => !ids.has(id))).toEqual([]);
    expect((await again.get(written[0] ?? ''))?.path?.steps).toHaveLength(rows);
    await again.close();
    const leftovers = [...(await readdir(dir)), ...(await readdir(path.join(dir, 'data')))];
    expect(leftovers.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
