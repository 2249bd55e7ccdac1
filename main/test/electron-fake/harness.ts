import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { DescentApi } from '@shared/ipc/contract';
import { FakeElectron, type FakeBrowserWindow } from './main-process';
import { runPreload, type PageWorld } from './renderer';

const root = path.resolve(__dirname, '..', '..', '..');
const outMain = path.join(root, 'out', 'main');
export const builtMain = path.join(outMain, 'index.js');
const nodeRequire = createRequire(__filename);

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };
let current: FakeElectron | undefined;
let patched = false;

/** `require('electron')` from the built bundle gets the current test's fake. */
function patchLoader(): void {
  if (patched) return;
  patched = true;
  const original = moduleInternals._load;
  moduleInternals._load = function (request, parent, isMain) {
    if (request === 'electron') {
      if (!current) throw new Error('no fake Electron for this test');
      return current.module;
    }
    return original.call(this, request, parent, isMain);
  };
}

export interface LaunchOptions {
  platform?: NodeJS.Platform;
  /** Command-line arguments after the app's own (as the OS passes a file to open). */
  args?: string[];
  isPackaged?: boolean;
  /** The OS language Electron reports. */
  locale?: string;
  /** Another instance already runs. */
  secondInstance?: boolean;
  /** Extra environment for the main process (and so its utility processes). */
  env?: Record<string, string>;
  /** What happens before Electron is ready (macOS delivers open-file then). */
  beforeReady?(electron: FakeElectron): void;
}

export interface Desktop {
  readonly electron: FakeElectron;
  readonly dataDir: string;
  readonly scratch: string;
  /** The first open window. */
  window(): FakeBrowserWindow;
  /** The page world of a window: what its preload exposed. */
  world(window?: FakeBrowserWindow): PageWorld;
  api(window?: FakeBrowserWindow): DescentApi;
  /** Ends the app (answering no more dialogs) and removes its folders. */
  dispose(): Promise<void>;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts the **built** main bundle (`out/main/index.js`) under a fake Electron, as the real app
 * starts: the bundle is loaded, then Electron becomes ready. Resolves once the first window has
 * loaded its page (unless the instance quits at once, as a second instance does).
 */
export async function launchDesktop(options: LaunchOptions = {}): Promise<Desktop> {
  if (!existsSync(builtMain)) throw new Error('out/main/index.js is missing: run `npm run build` first');
  patchLoader();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-desktop-'));
  const dataDir = path.join(scratch, 'data');
  const electron = await FakeElectron.create(dataDir, scratch);
  electron.app.isPackaged = options.isPackaged ?? false;
  electron.app.locale = options.locale ?? 'en-US';
  electron.app.hasLock = !options.secondInstance;
  const worlds = new Map<FakeBrowserWindow, PageWorld>();
  electron.attachPreload = (window, preload) => worlds.set(window, runPreload(electron, window, preload));

  const saved = { argv: process.argv, platform: process.platform, env: { ...process.env } };
  const restore = (): void => {
    process.argv = saved.argv;
    Object.defineProperty(process, 'platform', { value: saved.platform });
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  };
  // What Electron's main process sees: its own argv (electron, the app's entry when not packaged, then the rest).
  process.argv = [process.execPath, ...(electron.app.isPackaged ? [] : [builtMain]), ...(options.args ?? [])];
  Object.defineProperty(process, 'platform', { value: options.platform ?? saved.platform });
  Object.assign(process.env, { DESCENT_LAB_DATA_DIR: dataDir, ...options.env });
  for (const key of Object.keys(nodeRequire.cache)) if (key.startsWith(outMain)) delete nodeRequire.cache[key];
  current = electron;
  try {
    nodeRequire(builtMain);
  } catch (error) {
    restore();
    throw error;
  }
  // The bundle read its argv and environment while loading; the platform stays faked for the test.
  process.argv = saved.argv;
  options.beforeReady?.(electron);
  electron.app.start();

  const desktop: Desktop = {
    electron,
    dataDir,
    scratch,
    window() {
      const [window] = electron.windows;
      if (!window) throw new Error('no window is open');
      return window;
    },
    world(window = desktop.window()) {
      const world = worlds.get(window);
      if (!world) throw new Error('the window has no page world (its preload did not run)');
      return world;
    },
    api(window) {
      return desktop.world(window).api as DescentApi;
    },
    async dispose() {
      if (!electron.app.hasExited) {
        // Quit as a user would (Don't Save), so the backend shuts down; exit if even that hangs.
        electron.messageBoxes.push({ response: 1 }, { response: 1 });
        electron.app.quit();
        const timer = setTimeout(() => electron.app.exit(0), 5000);
        await electron.app.exited;
        clearTimeout(timer);
      }
      // Whatever the app left running (a test that failed half-way) goes with the test.
      electron.endChildren();
      await electron.waitForChildren();
      restore();
      current = undefined;
      await rm(scratch, { recursive: true, force: true });
    },
  };
  if (options.secondInstance) return desktop;
  try {
    await until(() => electron.windows.length > 0 || electron.app.hasExited, 'the first window');
    if (electron.windows[0]) await electron.windows[0].loaded;
  } catch (error) {
    await desktop.dispose();
    throw error;
  }
  return desktop;
}
