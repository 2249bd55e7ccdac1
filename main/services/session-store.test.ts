import { formatMessage, message } from '@shared/messages';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordToJson, type RunRecord } from '@shared/session/run-record';
import { JobSpecSchema } from '@shared/spec';
import { writeFileAtomic } from './atomic-write';
import { APPLICATION_ID, USER_VERSION, checkSessionDatabase } from './session-db';
import { serializeSession } from '@shared/session/json-form';
import { readJsonSessionFile, readSessionDocument } from './session-files';
import { LEGACY_AUTOSAVE_FILE, SessionStore, WORKING_COPY_FILE } from './session-store';
import { testSessionThread } from '../test/worker-harness';

let dir: string;
const stores: SessionStore[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-store-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

async function open(dataDir = dir): Promise<SessionStore> {
  const store = new SessionStore({ dataDir, appVersion: '1.2.3', delayMs: 10, thread: testSessionThread() });
  stores.push(store);
  await store.load();
  return store;
}

const spec = JobSpecSchema.parse({ expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } });

function record(id: string, status: RunRecord['status'] = 'max-steps', rows = 0): RunRecord {
  return {
    id,
    name: `Run ${id}`,
    createdAt: `2026-11-28T00:00:${String(id.length).padStart(2, '0')}.000Z`,
    spec,
    status,
    summary: { steps: 1, x: [Number.NaN, 1], value: Number.POSITIVE_INFINITY, gradientNorm: 2, reason: 'done' },
    ...(rows > 0
      ? {
          path: {
            dimension: 2,
            thinned: true,
            count: rows,
            steps: Float64Array.from({ length: rows }, (_, i) => i * 2),
            points: Float64Array.from({ length: rows * 2 }, (_, i) => i / 3),
            values: Float64Array.from({ length: rows }, (_, i) => (i === 1 ? Number.NaN : i)),
            gradientNorms: Float64Array.from({ length: rows }, (_, i) => -i),
          },
        }
      : {}),
  };
}

const form = {
  expression: 'x^2 + y^2',
  optimizer: 'sgd',
  learningRate: '0.1',
  steps: '100',
  gradient: 'central' as const,
  h: '1e-4',
  start: { x: '-3', y: '4' },
};

const sha = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('SessionStore: the working copy', () => {
  it('writes every change at once; a second process sees it without a flush, NaN and Infinity included', async () => {
    const store = await open();
    await store.upsert(record('a', 'max-steps', 40_000));
    const { document } = await readSessionDocument(path.join(dir, WORKING_COPY_FILE), '1');
    expect(document.runs.map((run) => run.id)).toEqual(['a']);
    const run = document.runs[0];
    expect(run?.summary?.x[0]).toBeNaN();
    expect(run?.summary?.value).toBe(Number.POSITIVE_INFINITY);
    expect(run).toEqual(recordToJson(record('a', 'max-steps', 40_000)));
  });

  it('comes back after a restart with its file, its unsaved changes and its runs', async () => {
    const store = await open();
    await store.upsert(record('a'));
    const file = path.join(dir, 'kept.dlab');
    await store.saveTo(file);
    await store.upsert(record('bb'));
    await store.close();
    const again = await open();
    expect(again.state()).toMatchObject({ filePath: file, dirty: true, title: 'kept.dlab •', restorable: 2 });
    expect(again.list().map((run) => run.id)).toEqual(['bb', 'a']);
  });

  it('keeps the path of a run that was running when the app stopped, marked interrupted', async () => {
    const store = await open();
    const { summary: _none, ...running } = record('a', 'running');
    await store.upsert(running);
    const batch = {
      count: 3,
      dimension: 2,
      steps: Float64Array.of(0, 1, 2),
      points: Float64Array.of(-3, 4, -2.4, 3.2, -1.92, 2.56),
      values: Float64Array.of(25, 16, 10.24),
      gradientNorms: Float64Array.of(10, 8, 6.4),
    };
    store.appendPath('a', batch);
    store.appendPath('a', { ...batch, steps: Float64Array.of(3, 4, 5) });
    await store.flush();
    const again = await open();
    const run = await again.get('a');
    expect(run?.status).toBe('interrupted');
    expect(Array.from(run?.path?.steps ?? [])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(run?.path?.points.subarray(0, 2) ?? [])).toEqual([-3, 4]);
    // Its summary says where the recorded path got to, not only "Interrupted".
    expect(run?.summary).toMatchObject({
      steps: 5,
      x: [-1.92, 2.56],
      value: 10.24,
      reasonMessage: { code: 'run.interruptedAt', params: { step: 5 } },
    });
  });

  it('imports the JSON autosave of an older version once, and sets it aside', async () => {
    const legacy = path.join(dir, LEGACY_AUTOSAVE_FILE);
    const document = {
      format: 'descent-lab-session' as const,
      schemaVersion: 1,
      appVersion: '0.1.0',
      savedAt: 'x',
      runs: [recordToJson(record('a'))],
    };
    await writeFile(legacy, serializeSession(document));
    const store = await open();
    expect(store.list().map((run) => run.id)).toEqual(['a']);
    expect(store.state().restorable).toBe(1);
    const names = await readdir(dir);
    expect(names).not.toContain(LEGACY_AUTOSAVE_FILE);
    expect(names.some((name) => name.startsWith(`${LEGACY_AUTOSAVE_FILE}.imported-`))).toBe(true);
  });

  it('sets an unreadable working copy aside, never overwriting it, and says why', async () => {
    const file = path.join(dir, WORKING_COPY_FILE);
    await writeFile(file, 'not a database at all');
    const store = await open();
    expect(formatMessage(store.loadProblem ?? message('field.invalid', { field: 'x' }))).toMatch(
      /working-copy\.dlab is not a Descent Lab session/,
    );
    expect(store.state().notice?.code).toBe('file.notRestored');
    expect(store.list()).toEqual([]);
    const kept = (await readdir(dir)).find((name) => name.startsWith(`${WORKING_COPY_FILE}.unreadable-`));
    expect(await readFile(path.join(dir, kept ?? ''), 'utf8')).toBe('not a database at all');
  });
});

describe('SessionStore: .dlab documents', () => {
  it('saves a SQLite document identified by its application id and schema version, without the working state', async () => {
    const store = await open();
    await store.upsert(record('a', 'max-steps', 1000));
    const file = path.join(dir, 'experiment.dlab');
    await store.saveTo(file);
    expect(store.state()).toMatchObject({ filePath: file, dirty: false });
    const db = new DatabaseSync(file, { readOnly: true });
    expect(db.prepare('PRAGMA application_id').get()?.application_id).toBe(APPLICATION_ID);
    expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(USER_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM working').get()?.n).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()?.n).toBe(1);
    db.close();
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('opens a saved document by copying it, and never changes the file', async () => {
    const first = await open(path.join(dir, 'one'));
    await first.upsert(record('a', 'max-steps', 100));
    const file = path.join(dir, 'experiment.dlab');
    await first.saveTo(file);
    const before = await sha(file);
    const second = await open(path.join(dir, 'two'));
    await second.openDatabase(file);
    expect(second.state()).toMatchObject({ filePath: file, dirty: false, title: 'experiment.dlab' });
    await second.upsert(record('bbb'));
    expect((await second.get('a'))?.path?.steps).toHaveLength(100);
    expect(await sha(file)).toBe(before);
  });

  it('opens a JSON file of schema version 1 and converts it on Save', async () => {
    const fixture = path.join(__dirname, '../../shared/session/fixtures/v1.dlab');
    const file = path.join(dir, 'old.dlab');
    await copyFile(fixture, file);
    const store = await open();
    await store.openJsonFile(file);
    const runs = store.list().length;
    expect(runs).toBeGreaterThan(0);
    // Runs from before colours get one, and the file does not count as changed for it.
    expect(store.list().every((run) => /^#[0-9a-f]{6}$/i.test(run.color ?? ''))).toBe(true);
    expect(store.state().dirty).toBe(false);
    await store.saveTo(file);
    await expect(checkSessionDatabase(file)).resolves.toBeUndefined();
    expect((await readSessionDocument(file, '1')).document.runs).toHaveLength(runs);
  });

  it('Export JSON writes the readable form a run at a time: the text of the whole document, read back to the same runs', async () => {
    const store = await open();
    await store.upsert(record('a', 'max-steps', 10));
    await store.upsert(record('bb', 'max-steps', 3));
    await store.setForm(form);
    const file = path.join(dir, 'export.json');
    await store.exportJson(file);
    const text = await readFile(file, 'utf8');
    const { document } = await readJsonSessionFile(file);
    expect(document.runs.map((run) => run.id)).toEqual(['bb', 'a']);
    const stored = recordToJson(record('a', 'max-steps', 10)).path;
    // JSON has no −0: it reads back as 0.
    expect(document.runs[1]?.path).toEqual(
      stored && { ...stored, gradientNorms: stored.gradientNorms.map((v) => v + 0) },
    );
    expect(document.form).toEqual(form);
    // The streamed text is exactly what serialising the document whole gives.
    expect(text).toBe(serializeSession(document));
  });

  it('Export JSON of an empty session is a valid document', async () => {
    const store = await open();
    const file = path.join(dir, 'empty.json');
    await store.exportJson(file);
    expect((await readJsonSessionFile(file)).document.runs).toEqual([]);
  });
});

describe('damaged and hostile session files', () => {
  async function savedDocument(): Promise<string> {
    const store = await open(path.join(dir, 'maker'));
    await store.upsert(record('a', 'max-steps', 5000));
    const file = path.join(dir, 'good.dlab');
    await store.saveTo(file);
    return file;
  }

  const damaged: [string, (good: string, file: string) => Promise<void>, RegExp][] = [
    [
      'random bytes',
      (_good, file) => writeFile(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))),
      /is not a Descent Lab session/,
    ],
    [
      'a truncated database',
      async (good, file) => {
        await copyFile(good, file);
        await truncate(file, Math.floor((await stat(good)).size / 2));
      },
      /is damaged and cannot be opened/,
    ],
    [
      'a corrupted page',
      async (good, file) => {
        const bytes = await readFile(good);
        for (let i = 4096 * 2; i < 4096 * 3; i++) bytes[i] = 0xa5;
        await writeFile(file, bytes);
      },
      /is damaged and cannot be opened/,
    ],
    [
      'another application’s database',
      async (_good, file) => {
        const db = new DatabaseSync(file);
        db.exec('CREATE TABLE t (x); PRAGMA application_id = 42;');
        db.close();
      },
      /is not a Descent Lab session/,
    ],
    [
      'a newer schema',
      async (good, file) => {
        await copyFile(good, file);
        const db = new DatabaseSync(file);
        db.exec(`PRAGMA user_version = ${USER_VERSION + 1}`);
        db.close();
      },
      /newer version of Descent Lab \(schema 3\)/,
    ],
    ['a folder', (_good, file) => mkdir(file), /is not a regular file/],
  ];

  it.each(damaged)('%s is refused with one clear message, and left as it was', async (_name, make, words) => {
    const good = await savedDocument();
    const file = path.join(dir, 'bad.dlab');
    await make(good, file);
    const before = (await stat(file)).isFile() ? await sha(file) : 'folder';
    const store = await open();
    await store.upsert(record('kept'));
    const error = await store.openDatabase(file).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeDefined();
    expect(formatMessage((error as { detail: Parameters<typeof formatMessage>[0] }).detail)).toMatch(words);
    expect(formatMessage((error as { detail: Parameters<typeof formatMessage>[0] }).detail)).toContain('bad.dlab');
    expect((await stat(file)).isFile() ? await sha(file) : 'folder').toBe(before);
    // The open session is untouched.
    expect(store.list().map((run) => run.id)).toEqual(['kept']);
  });

  it.runIf(process.platform !== 'win32')('a FIFO is refused at once instead of hanging main', async () => {
    const fifo = path.join(dir, 'pipe.dlab');
    execFileSync('mkfifo', [fifo]);
    await expect(checkSessionDatabase(fifo)).rejects.toThrow(/not a regular file/);
    await expect(readJsonSessionFile(fifo)).rejects.toThrow(/not a regular file/);
  });

  it('JSON nested thousands deep, and repeated run ids, are refused', async () => {
    const deep = path.join(dir, 'deep.dlab');
    await writeFile(deep, `${'['.repeat(5000)}${']'.repeat(5000)}`);
    await expect(readJsonSessionFile(deep)).rejects.toThrow(/nested too deeply/);
    const twice = path.join(dir, 'twice.dlab');
    const document = {
      format: 'descent-lab-session' as const,
      schemaVersion: 1,
      appVersion: '1',
      savedAt: 'x',
      runs: [recordToJson(record('a')), recordToJson(record('a'))],
    };
    await writeFile(twice, serializeSession(document));
    await expect(readJsonSessionFile(twice)).rejects.toThrow(/two runs with the id a/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file and keeps the previous version as .bak', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('one');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
