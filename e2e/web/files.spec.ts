import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../support/fixtures';

// Web target only (playwright.config.ts): the web preview has no native dialogs, so the page types
// paths, and main confines them to one folder (its data folder here).

test('the web preview offers its own folder and refuses paths outside it', async ({ app }, testInfo) => {
  const { page } = app;
  const dialog = page.getByRole('dialog');
  const input = dialog.getByRole('textbox');

  await page.getByRole('button', { name: 'Save As…' }).click();
  await expect(input).toHaveValue(path.join(app.dataDir, 'Untitled.dlab'));
  await dialog.locator('button[type="submit"]').click();
  await expect(page.getByTestId('session-title')).toHaveText('Untitled.dlab');
  expect(existsSync(path.join(app.dataDir, 'Untitled.dlab'))).toBe(true);

  const outside = path.join(os.tmpdir(), `descent-lab-outside-${process.pid}.dlab`);
  await page.getByRole('button', { name: 'Save As…' }).click();
  await input.fill(outside);
  await dialog.locator('button[type="submit"]').click();
  await expect(
    page.getByRole('alert').filter({ hasText: `The web preview reads and writes files only inside ${app.dataDir}` }),
  ).toBeVisible();
  expect(existsSync(outside)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath('outside-folder.png') });

  await page.getByRole('button', { name: 'Save As…' }).click();
  await input.fill('C:\\Users\\me\\x.dlab');
  await dialog.locator('button[type="submit"]').click();
  await expect(page.getByRole('alert').filter({ hasText: 'is not an absolute path on this system' })).toBeVisible();
  await expect(page.getByTestId('session-title')).toHaveText('Untitled.dlab');
});
