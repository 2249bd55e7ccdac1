import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '@shared/messages';
import { migrate, MIGRATIONS } from '@shared/session/migrate';
import { SESSION_SCHEMA_VERSION } from '@shared/session/schema';
import { ChosenFiles } from './file-access';
import { RecentFiles } from './recent-files';
import { NO_DIALOGS, SessionService, type FileDialogs } from './session-service';
import { SessionStore } from './session-store';
import { testSessionThread } from '../test/worker-harness';

const FIXTURES = path.resolve(__dirname, '../../shared/session/fixtures');
let dir: string;
let store: SessionStore;
let recent: RecentFiles;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-sessions-'));
  store = new SessionStore({
    dataDir: path.join(dir, 'data'),
    appVersion: '9.9.9',
    delayMs: 10,
    thread: testSessionThread(),
  });
  await store.load();
  recent = new RecentFiles(path.join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const FORM = {
  expression: 'x^2',
  optimizer: 'adam',
  learningRate: '0.1',
  steps: '10',
  gradient: 'exact',
  h: '1e-4',
  start: { x: '1' },
} as const;

describe('session files', () => {
  it('opens every past version through its migrations (fixture per version)', async () => {
    for (let version = 1; version <= SESSION_SCHEMA_VERSION; version++) {
      const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
      const state = await service.open(path.join(FIXTURES, `v${version}.dlab`));
      expect(state).toMatchObject({ title: `v${version}.dlab`, dirty: false, readOnly: false });
      expect(store.list()[0]?.summary?.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
      expect(store.getForm()?.expression).toBe('x^2 + y^2');
    }
    expect(
      Object.keys(MIGRATIONS)
        .map(Number)
        .every((v) => v < SESSION_SCHEMA_VERSION),
    ).toBe(true);
  });

  it('saves, marks clean, tracks unsaved changes and reverts', async () => {
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    await store.setForm({ ...FORM });
    expect(service.state().title).toBe('Untitled •');
    const file = path.join(dir, 'mine.dlab');
    expect(await service.save({ path: file })).toMatchObject({ title: 'mine.dlab', dirty: false, filePath: file });
    await store.setForm({ ...FORM, learningRate: '0.5' });
    expect(service.state()).toMatchObject({ title: 'mine.dlab •', dirty: true });
    await service.revert();
    expect(store.getForm()?.learningRate).toBe('0.1');
    expect(service.state().dirty).toBe(false);
    expect(recent.list()).toEqual([file]);
  });

  it('opens a file from a newer version read-only, and never saves over it', async () => {
    const newer = path.join(dir, 'newer.dlab');
    const text = (await readFile(path.join(FIXTURES, 'v1.dlab'), 'utf8')).replace(
      '"schemaVersion": 1',
      '"schemaVersion": 99',
    );
    await writeFile(newer, text);
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    const state = await service.open(newer);
    expect(state).toMatchObject({ readOnly: true, title: 'newer.dlab (read-only)' });
    expect(state).toHaveProperty('notice.code', 'file.newerVersion');
    await expect(service.save({})).rejects.toThrow(/Type the path/);
    await expect(service.save({ path: newer })).rejects.toThrow(/read-only/);
    expect(await readFile(newer, 'utf8')).toBe(text);
    expect(migrate(JSON.parse(text))).toMatchObject({ ok: true, value: { readOnly: true, fromVersion: 99 } });
  });

  it('reports a bad file by name and problem, and keeps the current session', async () => {
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    await store.setForm({ ...FORM });
    const bad = path.join(dir, 'bad.dlab');
    await writeFile(bad, '{"format": "descent-lab-session", "schemaVersion": 1, "runs": [');
    await expect(service.open(bad)).rejects.toThrow(UserError);
    await expect(service.open(bad)).rejects.toThrow(/bad\.dlab is not valid JSON/);
    await expect(service.open(path.join(dir, 'missing.dlab'))).rejects.toThrow(
      /missing\.dlab could not be read \(no such file\)/,
    );
    await expect(service.open(path.join(dir, 'notes.txt'))).rejects.toThrow(/must end in \.dlab/);
    expect(store.getForm()?.expression).toBe('x^2');
  });

  it('uses the host dialogs when no path is given, and a cancelled dialog changes nothing', async () => {
    const chosen: string[] = [path.join(dir, 'picked.dlab')];
    const dialogs: FileDialogs = {
      chooseSessionToOpen: async () => undefined,
      chooseSaveLocation: async () => chosen.shift(),
    };
    const service = new SessionService(store, recent, dialogs, new ChosenFiles(() => []));
    expect(await service.open()).toEqual({ cancelled: true });
    expect(await service.save({ saveAs: true })).toMatchObject({ title: 'picked.dlab' });
    expect(await service.save({ saveAs: true })).toEqual({ cancelled: true });
  });

  it('exports a run as CSV and the session as JSON', async () => {
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    await service.open(path.join(FIXTURES, 'v1.dlab'));
    const csv = path.join(dir, 'run.csv');
    await service.exportRun('2f1e7c1a-article', csv);
    const lines = (await readFile(csv, 'utf8')).split('\n');
    // What the run was, above the data: function, optimizer, start, gradient, stop rules, versions.
    const about = lines.filter((line) => line.startsWith('# '));
    expect(about[0]).toBe('# Descent Lab 9.9.9: Run 1 · sgd');
    expect(about).toContain('# f(x, y) = x^2 + y^2');
    expect(about.find((line) => line.startsWith('# optimizer: sgd, lr = 0.1'))).toBeDefined();
    expect(about).toContain('# start: x = -3, y = 4');
    expect(about).toContain('# gradient: central difference, h = 0.0001');
    expect(about.find((line) => line.startsWith('# schedule: constant; stop: 100 steps'))).toBeDefined();
    expect(lines.slice(about.length, about.length + 3)).toEqual([
      'step,x,y,f,gradNorm',
      '0,-3,4,25,10',
      '1,-2.4,3.2,16,8',
    ]);
    const json = path.join(dir, 'all.json');
    await service.exportSession(json);
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({
      format: 'descent-lab-session',
      runs: [{ id: '2f1e7c1a-article' }],
    });
    await expect(service.exportRun('nope', csv)).rejects.toThrow(/no run with id nope/);
  });

  it('writes a chart PNG as given, and refuses what is not a PNG', async () => {
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    // A real 1×1 PNG.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const file = path.join(dir, 'chart.png');
    expect(await service.exportImage('contour', png, file)).toEqual({ path: file });
    expect(Buffer.compare(await readFile(file), Buffer.from(png, 'base64'))).toBe(0);
    await expect(service.exportImage('contour', Buffer.from('GIF89a').toString('base64'), file)).rejects.toThrow(
      'The chart image is not a PNG',
    );
    await expect(service.exportImage('contour', png, path.join(dir, 'chart.jpg'))).rejects.toThrow(
      'chart.jpg: the file name must end in .png',
    );
    expect(await service.exportImage('contour', png)).toEqual({ cancelled: true });
    // Writing it again leaves no backup beside an export.
    await service.exportImage('contour', png, file);
    await expect(readFile(`${file}.bak`)).rejects.toThrow(/ENOENT/);
  });

  it('refuses to export a run with no recorded steps instead of writing a header and calling it done', async () => {
    const service = new SessionService(store, recent, NO_DIALOGS, new ChosenFiles(() => []));
    await store.upsert({
      id: 'empty',
      name: 'Run 1 · sgd',
      createdAt: new Date().toISOString(),
      spec: (await import('@shared/spec')).JobSpecSchema.parse({
        expression: 'x^2',
        start: [1],
        optimizer: { name: 'sgd', lr: 0.1 },
      }),
      status: 'interrupted',
    });
    const file = path.join(dir, 'empty.csv');
    const refused = await service.exportRun('empty', file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).detail).toEqual({ code: 'run.nothingToExport', params: { name: 'Run 1 · sgd' } });
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });
});
