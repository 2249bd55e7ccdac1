import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, e2eTarget } from './e2e/support/target';

/**
 * One set of specs, two targets (see e2e/support/target.ts): the real Electron app where its
 * binary exists, else the built renderer in Chromium over the web-preview bridge.
 */
export default defineConfig({
  testDir: './e2e',
  // e2e/electron/ holds properties of Electron's window (sandbox, navigation); e2e/web/, of the
  // web preview (its file folder, its token). Everything else runs on both targets.
  testIgnore: e2eTarget() === 'web' ? ['**/electron/**'] : ['**/web/**'],
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
  },
});
