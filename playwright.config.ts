import { defineConfig } from '@playwright/test';
import { chromiumExecutable, e2eTarget } from './e2e/support/target';

/**
 * One set of specs, two targets (see e2e/support/target.ts): the real Electron app where its
 * binary exists, else the built renderer in Chromium over the web-preview bridge.
 */
export default defineConfig({
  testDir: './e2e',
  // e2e/electron/ holds properties of Electron's window (sandbox, navigation): electron target only.
  testIgnore: e2eTarget() === 'web' ? ['**/electron/**'] : [],
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
    launchOptions: {
      executablePath: chromiumExecutable(),
      // Debian's Chromium in a closed network: no background traffic, no first-run UI.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
