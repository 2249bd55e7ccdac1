import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_NAMES, INVOKE_NAMES, invokeChannel, listenerName } from '@shared/ipc/channels';
import type { DescentApi, DroppedFile, Result } from '@shared/ipc/contract';
import type { RunListing } from '@shared/session/run-record';
import type { SessionState } from '@shared/session/state';
import { builtMain, launchDesktop, until, type Desktop, type LaunchOptions } from './electron-fake/harness';
import { FakeFile } from './electron-fake/renderer';
import { readSessionDocument } from '../services/session-files';
import { WORKING_COPY_FILE } from '../services/session-store';
import { WORKER_FAULTS, faultMessage } from './worker-harness';

/**
 * The desktop app's glue, tested without Electron's binary: the built main bundle and preload
 * under a fake of Electron's API (main/test/electron-fake), with real worker processes and files.
 */

const ARTICLE = {
  expression: 'x^2 + y^2',
  start: [-3, 4],
  optimizer: { name: 'sgd' as const, lr: 0.1 },
  gradient: { method: 'central' as const, h: 1e-4 },
  stop: { maxSteps: 100 },
};

let desktops: Desktop[] = [];
afterEach(async () => {
  await Promise.all(desktops.map((desktop) => desktop.dispose()));
  desktops = [];
});

async function launch(options?: LaunchOptions): Promise<Desktop> {
  const desktop = await launchDesktop(options);
  desktops.push(desktop);
  return desktop;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Starts a run from the page and resolves with its listing when it ends. */
async function runToEnd(api: DescentApi, spec: Parameters<DescentApi['startRun']>[0] = ARTICLE): Promise<RunListing> {
  const ended = new Promise<RunListing>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the run did not end')), 15_000);
    let runId = '';
    const queued: RunListing[] = [];
    const off = api.onRunEnded(({ run }) => {
      if (!runId) queued.push(run);
      else if (run.id === runId) done(run);
    });
    function done(run: RunListing): void {
      clearTimeout(timer);
      off();
      resolve(run);
    }
    void api
      .startRun(spec)
      .then((result) => {
        runId = value(result).id;
        const early = queued.find((run) => run.id === runId);
        if (early) done(early);
      })
      .catch(reject);
  });
  return ended;
}

async function dirtyTheSession(api: DescentApi): Promise<void> {
  await runToEnd(api);
  const { state } = value(await api.getSession({}));
  expect(state.dirty).toBe(true);
}

describe('the window', () => {
  it('is sandboxed and context-isolated, and its page loads from app://descent-lab/', async () => {
    const { electron, window } = await launch().then((d) => ({ electron: d.electron, window: d.window() }));
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(window.webContents.getURL()).toBe('app://descent-lab/index.html');
    expect(window.isVisible()).toBe(true);
    expect(electron.schemes.map(({ scheme }) => scheme)).toEqual(['app']);
    expect(electron.schemes[0]?.privileges).toMatchObject({ standard: true, secure: true });
  });

  it('the preload exposes exactly the contract, nothing of Node or Electron', async () => {
    const desktop = await launch();
    const world = desktop.world();
    expect(Object.keys(world)).toEqual(['api']);
    expect(Object.keys(desktop.api()).sort()).toEqual(
      [...INVOKE_NAMES, ...EVENT_NAMES.map((name) => listenerName(name))].sort(),
    );
    for (const member of Object.values(desktop.api())) expect(typeof member).toBe('function');
  });

  it("answers the app's own page, and refuses an iframe and a page of another origin", async () => {
    const desktop = await launch();
    const window = desktop.window();
    const session = value(await desktop.api().getSession({}));
    expect(session.state.title).toBe('Untitled');

    const channel = invokeChannel('getSession');
    const fromIframe = (await desktop.electron.invoke(
      window,
      window.webContents.childFrame('app://descent-lab/index.html'),
      channel,
      {},
    )) as Result<unknown>;
    expect(fromIframe).toEqual({ ok: false, error: { code: 'ipc.untrusted' } });

    window.webContents.mainFrame.url = 'https://example.com/';
    const fromElsewhere = (await desktop.electron.invoke(
      window,
      window.webContents.mainFrame,
      channel,
      {},
    )) as Result<unknown>;
    expect(fromElsewhere).toEqual({ ok: false, error: { code: 'ipc.untrusted' } });
  });

  it("allows the page's own navigation (a reload) and denies navigation away, new windows, webviews and permissions", async () => {
    const desktop = await launch();
    const contents = desktop.window().webContents;
    expect(contents.navigate('app://descent-lab/index.html')).toBe(true);
    expect(contents.navigate('https://example.com/')).toBe(false);
    expect(contents.navigate('app://elsewhere/index.html')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.openWindow('https://example.com/')).toBe(false);
    expect(contents.attachWebview()).toBe(false);
    const granted = await new Promise<boolean>((resolve) =>
      desktop.electron.permissionRequestHandler?.(contents as never, 'media', resolve, {} as never),
    );
    expect(granted).toBe(false);
  });

  it('serves the built renderer under app://, with its CSP, and answers 404 for anything else', async () => {
    const { electron } = await launch();
    const page = await electron.request('app://descent-lab/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="app">');
    for (const missing of [
      'app://descent-lab/no-such-file.js',
      'app://descent-lab/assets/',
      'app://descent-lab/..%2f..%2fpackage.json',
      'app://other-host/index.html',
    ]) {
      const response = await electron.request(missing);
      expect(response.status, missing).toBe(404);
    }
  });
});

describe('runs in utility processes', () => {
  it("runs the article's experiment in a utility process and streams it to the page", async () => {
    const desktop = await launch();
    const api = desktop.api();
    const batches: number[] = [];
    api.onRunProgress(({ batch }) => batches.push(batch.count));
    const run = await runToEnd(api);
    expect(run.status).toBe('max-steps');
    expect(run.summary?.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(101);
    const [worker] = desktop.electron.processes;
    expect(worker?.options.serviceName).toMatch(/^descent-lab-worker-/);
    expect(worker?.postedAfterExit).toEqual([]);
  });

  it('says why a utility process failed: out of memory, or the error it threw', async () => {
    // The fault hook preloaded into the built worker: the bundle itself has none.
    const desktop = await launch({ env: { NODE_OPTIONS: `--import ${pathToFileURL(WORKER_FAULTS).href}` } });
    const api = desktop.api();
    for (const [fault, code] of [
      ['oom', 'worker.outOfMemory'],
      ['throw', 'worker.threw'],
    ] as const) {
      const ended = new Promise<RunListing>((resolve) => api.onRunEnded(({ run }) => resolve(run)));
      value(await api.startRun({ ...ARTICLE, stop: { maxSteps: 100_000_000 } }));
      const busy = (): (typeof desktop.electron.processes)[number] | undefined =>
        desktop.electron.processes.find((child) => child.alive && child.child.connected);
      await until(() => busy() !== undefined, 'a busy worker');
      busy()?.child.send(faultMessage(fault));
      const run = await ended;
      expect(run.status).toBe('failed');
      expect(run.summary?.reasonMessage?.code).toBe(code);
      if (fault === 'throw') expect(run.summary?.reasonMessage?.params).toEqual({ detail: 'injected failure' });
    }
  }, 60_000);
});

describe('quitting', () => {
  it('with unsaved changes, Cancel leaves a working app; Don’t Save quits and ends every worker', async () => {
    const desktop = await launch();
    const { electron } = desktop;
    const api = desktop.api();
    await dirtyTheSession(api);

    electron.messageBoxes.push({ response: 2 });
    electron.app.quit();
    await until(() => electron.messageBoxes.pending === 0, 'the save-changes question');
    expect(electron.messageBoxes.asked).toEqual([
      expect.stringMatching(/^Do you want to save the changes to Untitled\?/),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(electron.app.hasExited).toBe(false);
    expect(desktop.window().isDestroyed()).toBe(false);
    // The backend is still there: a run starts and ends.
    const after = await runToEnd(api);
    expect(after.status).toBe('max-steps');

    electron.messageBoxes.push({ response: 1 });
    electron.app.quit();
    await electron.app.exited;
    expect(electron.processes.length).toBeGreaterThan(0);
    // The app ended its workers itself before it quit.
    expect(electron.processes.filter((child) => child.alive)).toEqual([]);
    expect(electron.windows).toEqual([]);
  });

  it('on macOS, Cmd+Q then Don’t Save really quits (the app does not stay in the Dock)', async () => {
    const desktop = await launch({ platform: 'darwin' });
    const { electron } = desktop;
    await dirtyTheSession(desktop.api());
    electron.messageBoxes.push({ response: 1 });
    electron.app.quit();
    await expect(electron.app.exited).resolves.toBe(0);
  });

  it('Save in the question saves to a chosen file, then quits; the working copy stays for the next start', async () => {
    const desktop = await launch();
    const { electron } = desktop;
    await dirtyTheSession(desktop.api());
    const file = path.join(desktop.scratch, 'kept.dlab');
    electron.messageBoxes.push({ response: 0 });
    electron.saveDialogs.push({ canceled: false, filePath: file });
    electron.app.quit();
    await electron.app.exited;
    expect((await readSessionDocument(file, '1')).document.runs).toHaveLength(1);
    expect(existsSync(path.join(desktop.dataDir, WORKING_COPY_FILE))).toBe(true);
  });

  it('closing the last window on Linux and Windows quits; on macOS the app stays until asked', async () => {
    const linux = await launch({ platform: 'linux' });
    linux.window().close();
    await expect(linux.electron.app.exited).resolves.toBe(0);

    const mac = await launch({ platform: 'darwin' });
    mac.window().close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mac.electron.app.hasExited).toBe(false);
    mac.electron.app.emit('activate', {}, false);
    await until(() => mac.electron.windows.length === 1, 'a new window on activate');
    await mac.electron.windows[0]?.loaded;
    expect(value(await mac.api().getSession({})).state.title).toBe('Untitled');
  });
});

describe('files from the OS', () => {
  /** A session saved by the app itself (through its Save As dialog), in a folder that outlives the app. */
  async function sessionFile(desktop: Desktop, name: string): Promise<string> {
    const file = path.join(keep, name);
    desktop.electron.saveDialogs.push({ canceled: false, filePath: file });
    value(await desktop.api().saveSession({ saveAs: true }));
    return file;
  }

  let keep = '';
  beforeEach(async () => {
    keep = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-os-files-'));
  });
  afterEach(async () => {
    await rm(keep, { recursive: true, force: true });
  });

  const title = async (desktop: Desktop): Promise<string> => value(await desktop.api().getSession({})).state.title;

  it('Windows and Linux: a file on the command line opens at launch', async () => {
    const first = await launch();
    const file = await sessionFile(first, 'from-argv.dlab');
    await first.dispose();
    const desktop = await launch({ platform: 'win32', args: [file] });
    await until(() => desktop.window().getTitle().startsWith('from-argv.dlab'), 'the file from argv');
    expect((await desktop.api().getSession({})).ok).toBe(true);
  });

  it('a second instance hands its file over, resolved against its own working directory', async () => {
    const desktop = await launch({ platform: 'linux' });
    const file = await sessionFile(desktop, 'relative.dlab');
    value(await desktop.api().newSession({}));
    desktop.electron.app.emit(
      'second-instance',
      { preventDefault: () => undefined },
      [process.execPath, builtMain, '--some-chromium-switch', 'relative.dlab'],
      path.dirname(file),
      {},
    );
    await until(() => desktop.window().getTitle().startsWith('relative.dlab'), 'the second instance’s file');
    expect(await title(desktop)).toBe('relative.dlab');
  });

  it('a second instance quits at once', async () => {
    const desktop = await launch({ secondInstance: true });
    await expect(desktop.electron.app.exited).resolves.toBe(0);
    expect(desktop.electron.windows).toEqual([]);
  });

  it('macOS: a file opened before the app is ready is opened once it is', async () => {
    const first = await launch();
    const file = await sessionFile(first, 'early.dlab');
    await first.dispose();
    const desktop = await launch({
      platform: 'darwin',
      beforeReady: (electron) => electron.app.emit('open-file', { preventDefault: () => undefined }, file),
    });
    await until(() => desktop.window().getTitle().startsWith('early.dlab'), 'the file from open-file');
    expect(await title(desktop)).toBe('early.dlab');
  });

  it('macOS: a file opened with no window open shows a window with it', async () => {
    const desktop = await launch({ platform: 'darwin' });
    const file = await sessionFile(desktop, 'windowless.dlab');
    value(await desktop.api().newSession({}));
    desktop.window().close();
    expect(desktop.electron.windows).toEqual([]);
    desktop.electron.app.emit('open-file', { preventDefault: () => undefined }, file);
    await until(() => desktop.electron.windows.length === 1, 'a window for the file');
    await until(() => desktop.window().getTitle().startsWith('windowless.dlab'), 'the file in it');
    await desktop.window().loaded;
    expect(desktop.window().isVisible()).toBe(true);
  });

  it('macOS: several files dropped on the Dock: the first opens, the others are kept in Open Recent and named', async () => {
    const desktop = await launch({ platform: 'darwin' });
    const files = [
      await sessionFile(desktop, 'one.dlab'),
      await sessionFile(desktop, 'two.dlab'),
      await sessionFile(desktop, 'three.dlab'),
    ];
    value(await desktop.api().newSession({}));
    desktop.electron.messageBoxes.push({ response: 0 });
    for (const file of files) desktop.electron.app.emit('open-file', { preventDefault: () => undefined }, file);
    await until(() => desktop.window().getTitle().startsWith('one.dlab'), 'the first file');
    await until(() => desktop.electron.messageBoxes.pending === 0, 'the note about the others');
    expect(desktop.electron.messageBoxes.asked[0]).toMatch(/two\.dlab.*three\.dlab/);
    expect(value(await desktop.api().listRecent({}))).toEqual(expect.arrayContaining(files));
  });
});

describe('who chooses the paths main writes', () => {
  it('refuses a path the page names, and writes where the user chose in a dialog', async () => {
    const desktop = await launch();
    const api = desktop.api();
    const run = await runToEnd(api);
    const chosen = path.join(desktop.scratch, 'chosen.dlab');
    const named = path.join(desktop.scratch, 'named-by-page.dlab');

    const refused = await api.saveSession({ path: named });
    expect(refused).toMatchObject({ ok: false, error: { code: 'file.notChosen' } });
    expect(existsSync(named)).toBe(false);
    const exportRefused = await api.exportRun({ runId: run.id, path: path.join(desktop.scratch, 'x.csv') });
    expect(exportRefused).toMatchObject({ ok: false, error: { code: 'file.notChosen' } });

    desktop.electron.saveDialogs.push({ canceled: false, filePath: chosen });
    const saved = value(await api.saveSession({ saveAs: true })) as SessionState;
    expect(saved.filePath).toBe(chosen);
    // A path the user chose (or opened, or has in Open Recent) can be named again.
    expect((await api.saveSession({ path: chosen })).ok).toBe(true);
    value(await api.newSession({}));
    expect((await api.openSession({ path: chosen })).ok).toBe(true);
  });

  it('opens a dropped file as that file, with the path the preload resolved', async () => {
    const desktop = await launch();
    const api = desktop.api();
    await runToEnd(api);
    const file = path.join(desktop.scratch, 'dropped.dlab');
    desktop.electron.saveDialogs.push({ canceled: false, filePath: file });
    value(await api.saveSession({ saveAs: true }));
    value(await api.newSession({}));

    const opened = value(await api.openDroppedSession(new FakeFile('dropped.dlab', file) as unknown as DroppedFile));
    expect(opened).toMatchObject({ filePath: file });
    // A file with no path on disk (made up by the page, or dragged from a browser) is not opened
    // as a file: the window then opens its content as an untitled session.
    const madeUp = await api.openDroppedSession({ name: 'x.dlab' } as unknown as DroppedFile);
    expect(madeUp).toEqual({ ok: false, error: { code: 'file.notOnDisk', params: { name: 'x.dlab' } } });
  });

  it('refuses directories, FIFOs and devices before opening them', async () => {
    const desktop = await launch({ platform: 'linux' });
    const folder = path.join(desktop.scratch, 'folder.dlab');
    await mkdir(folder);
    const fifo = path.join(desktop.scratch, 'pipe.dlab');
    execFileSync('mkfifo', [fifo]);
    const device = path.join(desktop.scratch, 'device.dlab');
    await symlink('/dev/null', device);
    for (const file of [folder, fifo, device]) {
      desktop.electron.openDialogs.push({ canceled: false, filePaths: [file] });
      const result = await desktop.api().openSession({});
      expect(result, file).toMatchObject({ ok: false, error: { code: 'file.notRegular' } });
    }
  });
});

describe('menus', () => {
  it('speak the window’s language, role menus included', async () => {
    const desktop = await launch({ platform: 'linux' });
    value(await desktop.api().setLanguage({ language: 'ja' }));
    const menu = desktop.electron.applicationMenu;
    const labels = menu?.items.map((item) => item.label);
    expect(labels).toEqual(['ファイル(&F)', '編集(&E)', '表示(&V)', 'ウィンドウ(&W)', 'ヘルプ(&H)']);
    const edit = menu?.find('編集(&E)');
    const editItems = Array.isArray(edit?.submenu) ? edit.submenu : [];
    expect(editItems.filter((item) => item.role).every((item) => typeof item.label === 'string')).toBe(true);
    expect(editItems.find((item) => item.role === 'undo')?.label).toBe('元に戻す');
  });

  it('ship no Reload or DevTools in a release build', async () => {
    const dev = await launch({ platform: 'linux' });
    const devView = dev.electron.applicationMenu?.find('&View');
    const devRoles = (Array.isArray(devView?.submenu) ? devView.submenu : []).map((item) => item.role);
    expect(devRoles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    await dev.dispose();

    const release = await launch({ platform: 'linux', isPackaged: true });
    const view = release.electron.applicationMenu?.find('&View');
    const roles = (Array.isArray(view?.submenu) ? view.submenu : []).map((item) => item.role);
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).toContain('togglefullscreen');
  });
});
