import { EVENT_NAMES, INVOKE_NAMES, listenerName } from '@shared/ipc/channels';
import { expect, test } from '../support/fixtures';

// Runs on the electron target only (playwright.config.ts leaves this folder out on the web target):
// these are properties of Electron's window, not of the page.

test('the page has no Node: no require, no process, no ipcRenderer', async ({ app }) => {
  const globals = await app.page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    ipc: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipc: 'undefined' });
});

test('window.api is exactly one function per message of the contract', async ({ app }) => {
  const keys = await app.page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort());
  expect(keys).toEqual([...INVOKE_NAMES, ...EVENT_NAMES.map((name) => listenerName(name))].sort());
  // Nothing else: the dropped-file path is resolved inside the preload (openDroppedSession).
  expect(await app.page.evaluate(() => 'hostFiles' in window)).toBe(false);
});

test('window.open and navigation away from the app are blocked', async ({ app }) => {
  const { page } = app;
  const url = page.url();
  expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(url);
  expect(new URL(url).protocol).toBe('app:');
});

test('the content security policy forbids eval', async ({ app }) => {
  const blocked = await app.page.evaluate(() => {
    try {
      return (0, eval)('1 + 1') !== 2;
    } catch {
      return true;
    }
  });
  expect(blocked).toBe(true);
});
