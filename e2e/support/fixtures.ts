import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, _electron, expect, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { chromiumLaunchOptions, e2eTarget, electronBinary, repoRoot, type Target } from './target';

/** The app under test, on either target, with its own data folder. */
export interface DescentLab {
  readonly target: Target;
  readonly page: Page;
  readonly dataDir: string;
  /** Quits and starts the app again on the same data folder. */
  restart(): Promise<void>;
  /**
   * Performs `action` (a click that opens a file dialog) and answers the dialog with `file`:
   * the page's path dialog on the web target, Electron's native dialog (stubbed in main) on the
   * desktop target.
   */
  withFileDialog(file: string, action: () => Promise<void>): Promise<void>;
  /** Kills main's side as a crash would (the web target: its server; the page stays open). */
  killBackend(): Promise<void>;
}

interface Launched {
  page: Page;
  electron?: ElectronApplication;
  /** The web preview's server process. */
  server?: ChildProcess;
  close(): Promise<void>;
}

async function launchWeb(browser: Browser, dataDir: string): Promise<Launched> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'out/main/web-preview.js'), '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web preview did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Descent Lab web preview: (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`web preview exited (${code}): ${stderr}`)));
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return {
    page,
    server: child,
    close: async () => {
      await context.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

async function launchElectron(dataDir: string): Promise<Launched> {
  // DESCENT_LAB_E2E_APP: a packaged app built with electron-builder.e2e.yml (release fuses, but
  // inspect on for Playwright); otherwise the built sources under the installed Electron.
  const packaged = process.env.DESCENT_LAB_E2E_APP;
  const app: ElectronApplication = await _electron.launch({
    executablePath: packaged ?? electronBinary(),
    args: packaged ? [] : [path.join(repoRoot, 'out/main/index.js')],
    env: { ...process.env, DESCENT_LAB_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  return { page, electron: app, close: () => quitElectron(app) };
}

/**
 * Quits the app as a user would, answering "Don't Save" should it ask (the autosave keeps the
 * session for the restore offer), and kills it if it has not gone within 15 s, so teardown can
 * never hang on a dialog.
 */
async function quitElectron(app: ElectronApplication): Promise<void> {
  const child = app.process();
  const gone = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  await app
    .evaluate(({ dialog }) => {
      dialog.showMessageBox = () => Promise.resolve({ response: 1, checkboxChecked: false });
    })
    .catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 15_000)));
  const closed = app
    .close()
    .then(() => gone)
    .catch(() => gone);
  if ((await Promise.race([closed, deadline])) === 'late') child.kill('SIGKILL');
  clearTimeout(timer);
  await gone;
}

/** Chromium for the web target, launched on first use: the electron target never needs one. */
interface LazyBrowser {
  get(): Promise<Browser>;
}

export const test = base.extend<{ app: DescentLab }, { webBrowser: LazyBrowser }>({
  webBrowser: [
    async ({ playwright }, use) => {
      let browser: Promise<Browser> | undefined;
      await use({ get: () => (browser ??= playwright.chromium.launch(chromiumLaunchOptions)) });
      if (browser) await (await browser).close();
    },
    { scope: 'worker' },
  ],
  app: async ({ webBrowser }, use) => {
    const target = e2eTarget();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-e2e-'));
    const launch = async (): Promise<Launched> =>
      target === 'web' ? launchWeb(await webBrowser.get(), dataDir) : launchElectron(dataDir);
    let current = await launch();
    const errors: string[] = [];
    const watch = (page: Page): void => {
      page.on('pageerror', (error) => errors.push(error.message));
    };
    watch(current.page);
    const handle: DescentLab = {
      target,
      dataDir,
      withFileDialog: async () => undefined,
      killBackend: async () => {
        const server = current.server;
        if (!server) throw new Error('killBackend: only the web target has a backend apart from its window');
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGKILL');
        await exited;
      },
      get page() {
        return current.page;
      },
      restart: async () => {
        await current.close();
        current = await launch();
        watch(current.page);
        await expect(current.page.locator('[data-ready="true"]')).toBeVisible();
      },
    };
    await expect(current.page.locator('[data-ready="true"]')).toBeVisible();
    handle.withFileDialog = async (file, action) => {
      const electron = current.electron;
      if (electron) {
        await electron.evaluate(({ dialog }, chosen) => {
          const answer = { canceled: false, filePath: chosen, filePaths: [chosen] };
          dialog.showOpenDialog = () => Promise.resolve(answer);
          dialog.showSaveDialog = () => Promise.resolve(answer);
        }, file);
        await action();
        return;
      }
      await action();
      // By role and structure, not by label: the window may be speaking Japanese.
      const dialog = current.page.getByRole('dialog');
      await dialog.getByRole('textbox').fill(file);
      await dialog.locator('button[type="submit"]').click();
    };
    await use(handle);
    await current.close();
    await rm(dataDir, { recursive: true, force: true });
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
