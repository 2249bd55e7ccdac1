import { formatMessage, message } from '@shared/messages';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '@shared/session/run-record';
import { JobSpecSchema } from '@shared/spec';
import { writeFileAtomic } from './atomic-write';
import { AUTOSAVE_FILE, SessionStore, readSessionFile } from './session-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } });

function record(id: string, status: RunRecord['status'] = 'max-steps'): RunRecord {
  return {
    id,
    name: `Run ${id}`,
    createdAt: '2026-11-28T00:00:00.000Z',
    spec,
    status,
    summary: { steps: 1, x: [Number.NaN, 1], value: Number.POSITIVE_INFINITY, gradientNorm: 2, reason: 'done' },
  };
}

describe('SessionStore', () => {
  it('autosaves runs and loads them back, NaN and Infinity included', async () => {
    const store = new SessionStore(dir, '1.2.3', 10);
    await store.load();
    store.upsert(record('a'));
    await store.flush();
    const again = new SessionStore(dir, '1.2.3');
    await again.load();
    expect(again.list()).toHaveLength(1);
    expect(again.get('a')?.summary?.x[0]).toBeNaN();
    expect(again.get('a')?.summary?.value).toBe(Number.POSITIVE_INFINITY);
    const document = JSON.parse(await readFile(path.join(dir, AUTOSAVE_FILE), 'utf8')) as Record<string, unknown>;
    expect(document).toMatchObject({ format: 'descent-lab-session', schemaVersion: 1, appVersion: '1.2.3' });
  });

  it('saves at most its delay after a change, without being asked', async () => {
    const store = new SessionStore(dir, '1', 20);
    await store.load();
    store.upsert(record('a'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await readSessionFile(path.join(dir, AUTOSAVE_FILE))).document.runs).toHaveLength(1);
  });

  it('marks runs that were running when the app stopped as interrupted', async () => {
    const store = new SessionStore(dir, '1');
    store.upsert(record('a', 'running'));
    await store.flush();
    const again = new SessionStore(dir, '1');
    await again.load();
    expect(again.get('a')?.status).toBe('interrupted');
  });

  it.each([
    ['garbage', 'not json at all {', /not valid JSON/],
    ['truncated', '{"format":"descent-lab-session","schemaVersion":1,"runs":[{"id":', /not valid JSON/],
    ['wrong format', '{"format":"something-else","schemaVersion":1}', /not a Descent Lab session/],
    [
      'bad run',
      JSON.stringify({
        format: 'descent-lab-session',
        schemaVersion: 1,
        appVersion: '1',
        savedAt: 'x',
        runs: [{ id: 3 }],
      }),
      /not a valid session/,
    ],
  ])('never overwrites or deletes an unreadable autosave (%s) and says why', async (_name, content, words) => {
    const file = path.join(dir, AUTOSAVE_FILE);
    await writeFile(file, content);
    await expect(readSessionFile(file)).rejects.toThrow(words);
    const store = new SessionStore(dir, '1');
    await store.load();
    const problem = formatMessage(store.loadProblem ?? message('field.invalid', { field: 'autosave' }));
    expect(problem).toMatch(words);
    expect(problem).toContain(AUTOSAVE_FILE);
    expect(store.list()).toEqual([]);
    const kept = (await readdir(dir)).find((name) => name.startsWith(`${AUTOSAVE_FILE}.unreadable-`));
    expect(kept).toBeDefined();
    expect(await readFile(path.join(dir, kept ?? ''), 'utf8')).toBe(content);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file and keeps the previous version as .bak', async () => {
    const file = path.join(dir, 'a.dlab');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('one');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
