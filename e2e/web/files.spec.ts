import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

  // A bare name is a file in the folder, as in a dialog opened there.
  await page.getByRole('button', { name: 'Save As…' }).click();
  await input.fill('named.dlab');
  await dialog.locator('button[type="submit"]').click();
  await expect(page.getByTestId('session-title')).toHaveText('named.dlab');
  expect(existsSync(path.join(app.dataDir, 'named.dlab'))).toBe(true);
});

test('a SQLite .dlab dropped on the web preview opens as a new untitled session with its runs', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const runs = page
    .getByRole('region', { name: 'Run history' })
    .getByRole('listbox', { name: 'Runs' })
    .getByRole('option');
  await page.getByLabel('Function').fill('(x - 1)^2 + 3 y^2');
  await page.getByLabel('Steps').fill('300');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('status')).toHaveText(/Reached max steps/);
  await page.getByRole('button', { name: 'Save As…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill(path.join(app.dataDir, 'bowl.dlab'));
  await dialog.locator('button[type="submit"]').click();
  await expect(page.getByTestId('session-title')).toHaveText('bowl.dlab');
  await page.getByRole('button', { name: 'New' }).click();
  await expect(runs).toHaveCount(0);

  const bytes = [...(await readFile(path.join(app.dataDir, 'bowl.dlab')))];
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(content)], 'bowl.dlab'));
    return data;
  }, bytes);
  await page.locator('.app').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(runs).toHaveCount(1);
  await expect(page.getByLabel('Function')).toHaveValue('(x - 1)^2 + 3 y^2');
  // A copy of the file's content: Save asks where, rather than writing over a file it never had.
  await expect(page.getByTestId('session-title')).toHaveText('Untitled');
  await page.screenshot({ path: testInfo.outputPath('sqlite-dropped.png') });
  expect(readdirSync(app.dataDir).filter((name) => name.startsWith('dropped-'))).toEqual([]);
});

test('the path dialog gives the focus back to what opened it, from a button or a shortcut', async ({ app }) => {
  const { page } = app;
  const dialog = page.getByRole('dialog');
  const saveAs = page.getByRole('button', { name: 'Save As…' });
  await saveAs.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(saveAs).toBeFocused();

  const steps = page.getByLabel('Steps');
  await steps.focus();
  await page.keyboard.press('Control+S');
  await dialog.getByRole('textbox').fill('focus.dlab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('session-title')).toHaveText('focus.dlab');
  await expect(steps).toBeFocused();
});
