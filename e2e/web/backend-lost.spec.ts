import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../support/fixtures';

// Web target only: the desktop window does not outlive its main process.

test('a backend that dies mid-run is noticed at once; after a restart the run keeps what it recorded', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const status = page.getByRole('region', { name: 'Result' }).getByRole('status');
  await page.getByLabel('Steps').fill('100000000');
  await page.getByLabel('Learning rate', { exact: true }).fill('1e-9');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status).toHaveText(/Running\s+— step [1-9]/);
  // The history holds what was shown (written every 300 ms): let some of it land.
  await page.waitForTimeout(1000);

  await app.killBackend();
  await expect(page.getByRole('alert').filter({ hasText: 'The lab stopped' })).toBeVisible();
  await expect(status).toHaveText(/^Interrupted/);
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('backend-lost.png') });

  await app.restart();
  const again = app.page;
  const restored = again.getByRole('region', { name: 'Result' });
  await expect(restored.getByRole('status')).toHaveText(
    /^Interrupted\s+— the app stopped; the steps recorded up to \d+ are kept/,
  );
  await expect(restored).toContainText(/steps\s*[1-9]/);
  const csv = path.join(app.dataDir, 'interrupted.csv');
  await app.withFileDialog(csv, () => restored.getByRole('button', { name: 'Export CSV…' }).click());
  await expect(again.getByRole('status').filter({ hasText: 'Exported to' })).toBeVisible();
  expect((await readFile(csv, 'utf8')).trim().split('\n').length).toBeGreaterThan(10);
  await again.screenshot({ path: testInfo.outputPath('interrupted-restored.png') });
});
